"""Reading data files (CSV, XLSX, Parquet) into typed Polars frames.

The public names are imported on first use (PEP 562), so that importing the package does
not import Polars.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mayak._lazy import lazy_exports

if TYPE_CHECKING:
    from mayak.io._read import SUFFIXES, has_file

__all__ = ["SUFFIXES", "has_file"]
_HOMES = {"SUFFIXES": "mayak.io._read", "has_file": "mayak.io._read"}


__getattr__, __dir__ = lazy_exports(__name__, __all__, _HOMES)
