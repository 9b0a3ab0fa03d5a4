"""Provenance: what produced a number, so that anyone can reproduce it."""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import platform
from collections.abc import Mapping, Sequence
from importlib import metadata
from typing import Any

import numpy as np

from scoring._json import plain

__all__ = ["package_version", "provenance", "sha256_bytes"]

PACKAGE = "guarantee-scoring"


@functools.lru_cache(maxsize=1)
def package_version() -> str:
    """Installed version of the distribution (``0+unknown`` when run from a bare tree); read once."""
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        return "0+unknown"


def sha256_bytes(data: bytes) -> str:
    """Hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def provenance(
    *,
    input_name: str,
    input_sha256: str,
    method: str,
    method_options: Mapping[str, Any] | None = None,
    lens: str | None = None,
    criteria: Sequence[str] = (),
    weights: Sequence[float] | np.ndarray | None = None,
    timestamp: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """Build the provenance record carried by every export.

    Parameters
    ----------
    timestamp : str, optional
        ISO-8601 time to record; default now (UTC, seconds). Pass a fixed value for
        byte-identical outputs.
    **extra
        Further fields such as ``seed`` and ``samples``.
    """
    record: dict[str, Any] = {
        "package": PACKAGE,
        "version": package_version(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "input": input_name,
        "input_sha256": input_sha256,
        "method": method,
        "method_options": plain(dict(method_options or {})),
        "lens": lens,
    }
    if weights is not None:
        values = [float(w) for w in np.asarray(weights).reshape(-1)]
        record["weights"] = dict(zip(criteria, values, strict=True)) if criteria else values
    record.update({key: plain(value) for key, value in extra.items()})
    record["timestamp"] = timestamp or _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()
    return record
