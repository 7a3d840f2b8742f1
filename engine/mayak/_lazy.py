"""Public names imported on first use (PEP 562), so that importing a package of Mayak does not
import Polars or jsonschema before a name that needs them is used."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from importlib import import_module
from typing import Any

Home = str | tuple[str, str]  # a module, or a module and the name the value has there


def lazy_exports(package: str, public: Iterable[str], homes: Mapping[str, Home]
                 ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``, whose public names live in
    ``homes``."""

    def getattr_(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, attribute = (home, name) if isinstance(home, str) else home
        return getattr(import_module(module), attribute)

    exported = tuple(public)

    def dir_() -> list[str]:
        return sorted({*exported, *vars(sys.modules[package])})

    return getattr_, dir_
