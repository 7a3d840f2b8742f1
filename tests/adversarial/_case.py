"""A corpus case: a folder of inputs plus ``case.json`` saying how to run it."""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RULES = REPO / "rules" / "kaliningrad"
INDICATORS = REPO / "indicators"
DATA = REPO / "examples" / "kaliningrad-2023" / "data"

SHARED = "_shared"  # rules and data that many cases read but never change
SHARED_RULES = f"../{SHARED}/rules/kaliningrad"
SHARED_DATA = f"../{SHARED}/data"
SHARED_INPUT = f"../{SHARED}"


@dataclass(frozen=True)
class Case:
    """How to run one case. ``rows``: data rows of ``data_file`` (numbered from
    ``first_row`` as Mayak numbers them) that must each be accounted for."""

    name: str
    description: str
    args: tuple[str, ...]
    rows: int | None = None
    first_row: int = 2
    data_file: str | None = None
    inputs: tuple[str, ...] = ()  # inputs outside the case folder (relative to it)
    isolated: bool = False  # may hang or eat memory: its own killable process
    rerun: bool = True  # False only where the run is cut short on purpose (a signal)
    interrupt_after: float | None = None  # Ctrl-C (SIGINT) this long after data_file opens
    csv_outputs: tuple[str, ...] = ()  # CSV written by the run: no cell may start a formula
    stdout_csv: bool = False  # stdout is CSV: likewise
    tags: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=True, indent=1) + "\n"

    @staticmethod
    def from_json(raw: str) -> Case:
        data = json.loads(raw)
        for key in ("args", "inputs", "csv_outputs", "tags"):
            data[key] = tuple(data[key])
        return Case(**data)


class Builder:
    """Collects cases under ``out``; each case is written as soon as it is added."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.cases: list[Case] = []

    def folder(self, name: str) -> Path:
        path = self.out / name
        if path.exists():
            raise ValueError(f"case {name} is generated twice")
        path.mkdir(parents=True)
        return path

    def add(self, folder: Path, case: Case) -> Case:
        (folder / "case.json").write_text(case.to_json(), encoding="utf-8")
        self.cases.append(case)
        return case


def copy_rules(folder: Path) -> Path:
    """A private copy of the Kaliningrad rules, the base rule set they extend and the
    catalogue; returns the rules folder."""
    rules = folder / "rules" / "kaliningrad"
    shutil.copytree(RULES, rules)
    shutil.copytree(RULES.parent / "order-908-1", folder / "rules" / "order-908-1")  # extended
    shutil.copytree(INDICATORS, folder / "indicators")
    return rules


def replace_in(path: Path, old: str, new: str) -> None:
    """Replace exactly one occurrence, so a case never silently stops attacking."""
    body = path.read_text(encoding="utf-8")
    if body.count(old) != 1:
        raise ValueError(f"{old!r} occurs {body.count(old)} times in {path}")
    path.write_text(body.replace(old, new), encoding="utf-8", newline="")


def yaml_quote(text: str) -> str:
    """A double-quoted YAML scalar; lone surrogates (which no file can hold) are written as
    \\uXXXX escapes, every other character as itself."""
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(f"\\u{ord(ch):04x}" if "\ud800" <= ch <= "\udfff" else ch for ch in quoted)
