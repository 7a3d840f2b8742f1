"""Reading data files (CSV, XLSX, Parquet) into typed Polars frames.

The public names are imported on first use (PEP 562), so that importing the package does
not import Polars.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mayak.io._read import SUFFIXES, has_file

__all__ = ["SUFFIXES", "has_file"]
_HOMES = {"SUFFIXES": "mayak.io._read", "has_file": "mayak.io._read"}


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
