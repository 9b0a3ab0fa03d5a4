"""Column reductions of a tall designs x criteria matrix, folded into wide rows.

``ufunc.reduce(matrix, axis=0)`` on a C-ordered (n, m) matrix with few criteria runs an
inner loop of only ``m`` elements per row, which costs about four times a streaming pass
(30 ms against 6 ms for 1,000,000 x 12 with numpy 2.4). Viewing the rows as wide rows of
``block * m`` elements (no copy) and reducing those first gives the same result for
``minimum`` and ``maximum`` (order does not matter) and a sum in a different order for
``add``.
"""

from __future__ import annotations

import numpy as np

from scoring._types import FloatArray

__all__ = ["column_reduce"]


#: Elements per folded row: long enough for the inner loop, small enough to stay in cache.
_FOLD_WIDTH = 1024


def column_reduce(ufunc: np.ufunc, matrix: FloatArray) -> FloatArray:
    """``ufunc.reduce(matrix, axis=0)`` for a 2-D matrix, fast when it is tall and C-ordered.

    Examples
    --------
    >>> column_reduce(np.maximum, np.arange(12.0).reshape(4, 3)).tolist()
    [9.0, 10.0, 11.0]
    """
    rows, columns = matrix.shape
    block = max(1, _FOLD_WIDTH // max(columns, 1))
    whole = rows - rows % block
    if whole < 2 * block or not matrix.flags.c_contiguous:
        reduced: FloatArray = ufunc.reduce(matrix, axis=0)
        return reduced
    wide = matrix[:whole].reshape(whole // block, block * columns)
    result: FloatArray = ufunc.reduce(ufunc.reduce(wide, axis=0).reshape(block, columns), axis=0)
    if whole < rows:
        result = ufunc(result, ufunc.reduce(matrix[whole:], axis=0))
    return result
