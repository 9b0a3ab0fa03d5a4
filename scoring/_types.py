"""The array type aliases used across the package (one home, so they cannot drift)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["BoolArray", "FloatArray", "IntArray", "SignArray"]

#: Scores, weights, levels and values.
FloatArray = npt.NDArray[np.float64]
#: Ranks, counts and indices.
IntArray = npt.NDArray[np.int64]
#: Masks (dominance, vetoes, which cells vary).
BoolArray = npt.NDArray[np.bool_]
#: Criterion directions: +1 benefit (higher is better), -1 cost.
SignArray = npt.NDArray[np.int8]
