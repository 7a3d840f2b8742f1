"""Expert reviews and classifications with bad data or specs: a copy of the municipal
example's review (its specs and data only) with one thing broken. Each case must end in a
located message, the affected unit «нет данных» (or percentages unknown), the rest
computed."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from tests.adversarial._case import REPO, Builder, Case, replace_in

EXAMPLE = REPO / "examples" / "kaliningrad-municipal-2022-2023"
SPECS = ("mms.yaml", "expertise.yaml", "settlement.yaml", "provision.yaml",
         "mms_expertise.yaml")
DATA = ("mms.csv", "expertise.csv")
ARGS = ("report", "--rules", "rules", "--data", "data", "--period", "2023", "--compare-to",
        "2022", "--format", "json")


@dataclass(frozen=True)
class Broken:
    """One case: what is broken (``make`` edits the copy), which unit and period it hits,
    and what the message must say (its code's text fragment, its file, its row)."""

    slug: str
    description: str
    make: Callable[[Path], None]
    unit: str | None  # the unit whose result becomes unknown (None: no unit)
    period: str
    file: str  # where the message points (a data file or a spec)
    row: int | None  # the data row named, if any
    fragment: str  # a piece of the Russian message


def _line(path: Path, unit: str, year: int) -> str:
    """The CSV line of ``unit`` in ``year``."""
    prefix = f"{unit},{year},"
    [line] = [x for x in path.read_text("utf-8").splitlines() if x.startswith(prefix)]
    return line


def _cell(unit: str, year: int, index: int, value: str) -> Callable[[Path], None]:
    """Replace the ``index``-th score of ``unit``'s row in ``year`` (0: the first section)."""
    def make(folder: Path) -> None:
        path = folder / "data" / "expertise.csv"
        line = _line(path, unit, year)
        cells = line.split(",")
        cells[2 + index] = value
        replace_in(path, line + "\n", ",".join(cells) + "\n")
    return make


def _second_class(folder: Path) -> None:
    """A second 2023 row of Гусевский ГО in the units table, of another territory type."""
    path = folder / "data" / "mms.csv"
    line = _line(path, "Гусевский ГО", 2023)
    other = line.replace(",городской,", ",сельский,")
    replace_in(path, line + "\n", f"{line}\n{other}\n")


def _misspelt(folder: Path) -> None:
    """Гусевский ГО's 2023 scores under a name the units table does not list."""
    path = folder / "data" / "expertise.csv"
    line = _line(path, "Гусевский ГО", 2023)
    replace_in(path, line + "\n", line.replace("Гусевский ГО,", "Гусевскй ГО,", 1) + "\n")


def _no_max_2022(folder: Path) -> None:
    replace_in(folder / "rules" / "mms_expertise.yaml", "      - {to: 2022, max: 10}\n", "")


def _empty_class(folder: Path) -> None:
    path = folder / "rules" / "settlement.yaml"
    with path.open("a", encoding="utf-8") as out:
        out.write("  - {id: курортные, title: Курортные округа, values: [курортный]}\n")


def _row(unit: str, year: int) -> int:
    """The file row (header = 1) of ``unit`` in ``year`` in the example's scores."""
    lines = (EXAMPLE / "data" / "expertise.csv").read_text("utf-8").splitlines()
    return 1 + next(n for n, x in enumerate(lines) if x.startswith(f"{unit},{year},"))


CASES = (
    Broken("score-not-a-number", "a score written as a word", _cell(
        "Гусевский ГО", 2023, 1, "много"), "Гусевский ГО", "2023", "data/expertise.csv",
        _row("Гусевский ГО", 2023), "много"),
    Broken("section-missing", "a unit's section score left empty", _cell(
        "Гусевский ГО", 2023, 3, ""), "Гусевский ГО", "2023", "data/expertise.csv",
        _row("Гусевский ГО", 2023), "единиц без балла"),
    Broken("score-above-max", "a score above its section's maximum", _cell(
        "Гусевский ГО", 2023, 0, "11"), "Гусевский ГО", "2023", "data/expertise.csv",
        _row("Гусевский ГО", 2023), "вне пределов 0–10"),
    Broken("unit-misspelt", "a unit's scores under a misspelt name", _misspelt,
           "Гусевский ГО", "2023", "data/expertise.csv", _row("Гусевский ГО", 2023),
           "→ «Гусевский ГО»"),
    Broken("max-missing", "no maximum of a section for the compared year", _no_max_2022,
           None, "2022", "rules/mms_expertise.yaml", None, "не задан максимальный балл"),
    Broken("unit-two-classes", "a unit in two territory types in one year", _second_class,
           "Гусевский ГО", "2023", "data/mms.csv", None, "в двух классах"),
    Broken("class-empty", "a territory type no unit has", _empty_class, None, "2023",
           "rules/settlement.yaml", None, "нет ни одной единицы"),
)


def case_folder(builder: Builder, broken: Broken) -> Path:
    """The case's folder: the review's specs and data copied, then broken."""
    folder = builder.folder(f"expertise-{broken.slug}")
    (folder / "rules").mkdir()
    (folder / "data").mkdir()
    for name in SPECS:
        shutil.copyfile(EXAMPLE / "rules" / name, folder / "rules" / name)
    for name in DATA:
        shutil.copyfile(EXAMPLE / "data" / name, folder / "data" / name)
    broken.make(folder)
    return folder


REMOTE = """kind: classification
id: remote
title: Удалённость
dataset: mms
unit: municipality
attribute: settlement
classes:
  - {id: удалённые, values: [УДАЛЁННЫЕ]}
  - {id: прочие, values: [городские, сельские]}
"""


def _classes_of_classes(folder: Path) -> None:
    """A classification by another one's class column (valid: made after it)."""
    (folder / "rules" / "remote.yaml").write_text(REMOTE, encoding="utf-8")


def _classes_in_a_circle(folder: Path) -> None:
    """The same, and the territory types then taken from that classification: a circle."""
    _classes_of_classes(folder)
    replace_in(folder / "rules" / "settlement.yaml", "attribute: settlement_type\n",
               "attribute: remote\n")


DISTRICTS = """kind: dataset
id: districts
title: Округа
key: municipality
period: year
columns:
  municipality: {type: string, title: Муниципальное образование, required: true}
  year: {type: integer, title: Год}
  district: {type: string, title: Округ}
"""


def _units_looked_up(folder: Path) -> None:
    """A table only looked up (no variable names it), in Parquet with its year typed: its
    period column must still be read."""
    (folder / "rules" / "districts.yaml").write_text(DISTRICTS, encoding="utf-8")
    replace_in(folder / "rules" / "mms.yaml", "period: year\n",
               "period: year\nlookup:\n  - {dataset: districts, take: [district]}\n")
    mms = pl.read_csv(folder / "data" / "mms.csv")
    pl.DataFrame({"Муниципальное образование": mms[:, 0], "Год": mms[:, 1],
                  "Округ": ["запад" if n % 2 else "восток" for n in range(mms.height)]}
                 ).write_parquet(folder / "data" / "districts.parquet")


# Classifications by each other's classes: run (classes of classes) and validated (a
# circle); a table only looked up, its period typed.
SPEC_CASES = (("classes-of-classes", "a classification by another one's class column",
               _classes_of_classes, ARGS),
              ("classes-in-a-circle", "two classifications by each other's class columns",
               _classes_in_a_circle, ("validate", "rules")),
              ("units-looked-up", "a units table only looked up, its year typed in Parquet",
               _units_looked_up, ARGS))


def expertise_cases(builder: Builder) -> None:
    for broken in CASES:
        folder = case_folder(builder, broken)
        builder.add(folder, Case(name=folder.name, description=broken.description,
                                 args=ARGS, tags=("data", "expertise")))
    for slug, about, make, args in SPEC_CASES:
        folder = case_folder(builder, Broken(slug, about, make, None, "2023", "", None, ""))
        builder.add(folder, Case(name=folder.name, description=about, args=args,
                                 tags=("spec", "expertise")))
