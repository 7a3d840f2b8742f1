from __future__ import annotations

import importlib.util
import textwrap
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import polars as pl
import pytest
from hypothesis import settings
from mayak.render import Column, Table

# Property tests have no deadline: speed is measured by the benchmarks, not by tests (a
# loaded machine would fail a timed example).
settings.register_profile("mayak", deadline=None)
settings.load_profile("mayak")

ROOT = Path(__file__).resolve().parent.parent
KALININGRAD_RULES = ROOT / "rules" / "kaliningrad"
KALININGRAD_DATA = ROOT / "examples" / "kaliningrad-2023" / "data"
MALFORMED = Path(__file__).resolve().parent / "fixtures" / "malformed"


@pytest.fixture(autouse=True)
def _russian_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests read messages in the default language, whatever the machine says."""
    monkeypatch.delenv("MAYAK_LANG", raising=False)


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a dedented text file under a temporary folder and return its path."""

    def _write(name: str, body: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
        return path

    return _write


def write_period_indicator(write: Callable[[str, str], Path]) -> None:
    """A dataset with a year and an indicator counting the rows of the reporting ``period``."""
    write("d.yaml", "kind: dataset\nid: d\ntitle: D\ncolumns: {year: {type: integer}}\n")
    write("i.yaml", """
        kind: indicator
        id: i
        title: I
        unit: number
        variables: {N: {count: d, where: year == period}}
        formula: N
    """)


def generator(example: Path) -> ModuleType:
    """The ``generate.py`` of an example, imported under a name of its own."""
    spec = importlib.util.spec_from_file_location(f"generate_{example.name.replace('-', '_')}",
                                                  example / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module



NOT_FINITE = (float("inf"), float("-inf"), float("nan"))


def not_finite_table(kind: str, value: float) -> Table:
    """A document table of two units: one value unknown, the other ``value`` (not finite),
    shown as ``kind`` (number or percent): both must read as missing."""
    frame = pl.DataFrame({"unit": ["нет", "не число"], "v": [None, value]},
                         schema={"unit": pl.String, "v": pl.Float64})
    return Table(frame, (Column("unit", "Ед."), Column("v", "Значение", kind, 1)))  # type: ignore[arg-type]
