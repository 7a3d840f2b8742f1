"""The data of the expert review of the municipal methodical services in
examples/kaliningrad-municipal-2022-2023, read with plain Polars (no engine): the printed
2023 table differs from a recomputation over the experts' scores exactly where
expertise_slips.json says, the maxima, the non-submitters, the «н/д» score and the classes
are as the example's README describes, and the generator reproduces the files."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml

from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "kaliningrad-municipal-2022-2023"
DATA, SPECS = EXAMPLE / "data", EXAMPLE / "rules"
SLIPS = EXAMPLE / "expertise_slips.json"
PRINTED = DATA / "printed_expertise_2023.csv"
UNIT, YEAR, KIND = "Муниципальное образование", "Год", "Тип территории"
TOTAL, PERCENT, RANK = "Итого", "% от максимума", "Место"
YEARS = (2022, 2023)
NEW_FILES = ("mms.csv", "expertise.csv", "printed_expertise_2023.csv")


def _spec(name: str) -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load((SPECS / f"{name}.yaml").read_text(encoding="utf-8"))
    return spec


def _csv(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, infer_schema=False)


def _slips() -> dict[str, Any]:
    record: dict[str, Any] = json.loads(SLIPS.read_text(encoding="utf-8"))
    return record


def _maximum(section: dict[str, Any], year: int) -> int:
    """A section's maximum in ``year``: a number, or the dated value in force."""
    top = section["max"]
    if isinstance(top, int):
        return top
    in_force = [v["max"] for v in top if v.get("from", year) <= year <= v.get("to", year)]
    assert len(in_force) == 1, (section["id"], year)
    return int(in_force[0])


def _maxima(year: int) -> dict[str, int]:
    """Each section's header in the files -> its maximum in ``year`` (from the specs)."""
    columns = _spec("expertise")["columns"]
    return {columns[s["column"]]["title"]: _maximum(s, year)
            for s in _spec("mms_expertise")["sections"]}


def _scores(year: int) -> pl.DataFrame:
    return _csv(DATA / "expertise.csv").filter(pl.col(YEAR) == str(year))


def _units(year: int) -> pl.DataFrame:
    return _csv(DATA / "mms.csv").filter(pl.col(YEAR) == str(year))


def _recomputed(year: int) -> pl.DataFrame:
    """The summary table of ``year`` recomputed over the scores, unrounded: sections, total,
    % of the total maximum, competition rank; then the averages the audit spec names."""
    headers = list(_maxima(year))
    top = sum(_maxima(year).values())
    units = (_scores(year).select(UNIT, *[pl.col(h).cast(pl.Float64) for h in headers])
             .with_columns(pl.sum_horizontal(headers).alias(TOTAL))
             .with_columns((pl.col(TOTAL) / top * 100).alias(PERCENT),
                           pl.col(TOTAL).rank("min", descending=True).cast(pl.Float64)
                           .alias(RANK)))
    kinds = units.join(_units(year).select(UNIT, KIND), on=UNIT, how="left")
    classes = {c["id"]: c["values"] for c in _spec("settlement")["classes"]}
    averages = []
    for label, over in _spec("expertise_summary_2023")["averages"].items():
        members = kinds if over == "all" else kinds.filter(
            pl.col(KIND).is_in(classes[over["settlement"]]))
        averages.append(members.select(pl.lit(label).alias(UNIT),
                                       *[pl.col(c).mean() for c in (*headers, TOTAL, PERCENT)],
                                       pl.lit(None, pl.Float64).alias(RANK)))
    return pl.concat([units, *averages])


def _printed() -> pl.DataFrame:
    """The printed table, numbers read as Russian print writes them («41,7»)."""
    frame = _csv(PRINTED)
    return frame.with_columns(pl.col(c).str.replace(",", ".", literal=True).cast(pl.Float64)
                              for c in frame.columns if c != UNIT)


def _long(frame: pl.DataFrame, name: str) -> pl.DataFrame:
    return frame.unpivot(index=UNIT, variable_name="column", value_name=name)


def _compared() -> pl.DataFrame:
    """Every printed cell beside its recomputed value and its tolerance (half a unit of the
    last printed digit: whole numbers for the units' scores, totals and places)."""
    averages = list(_spec("expertise_summary_2023")["averages"])
    digits = pl.when(pl.col(UNIT).is_in(averages) | (pl.col("column") == PERCENT)).then(1)
    return (_long(_printed(), "printed")
            .join(_long(_recomputed(YEARS[1]), "exact"), on=[UNIT, "column"], how="full",
                  coalesce=True)
            .with_columns((0.5 * 10.0 ** -digits.otherwise(0) + 1e-9).alias("tolerance"))
            .with_columns(((pl.col("printed") - pl.col("exact")).abs() > pl.col("tolerance"))
                          .fill_null(pl.col("printed").is_null() != pl.col("exact").is_null())
                          .alias("differs")))


def test_the_printed_table_differs_exactly_where_the_slips_say() -> None:
    compared = _compared()
    differing = compared.filter("differs").select(UNIT, "column").rows()
    slips = _slips()["slips"]
    assert sorted(differing) == sorted((s["unit"], s["column"]) for s in slips)
    assert {s["kind"] for s in slips} == {"total_not_sum", "percent_of_wrong_max", "above_max",
                                          "average_non_submitters_as_zero", "rank"}
    for slip in slips:
        cell = compared.filter(pl.col(UNIT) == slip["unit"], pl.col("column") == slip["column"])
        printed, exact, tolerance = cell.select("printed", "exact", "tolerance").row(0)
        assert printed == pytest.approx(slip["printed"])
        assert abs(slip["correct"] - exact) <= tolerance


def test_the_slips_name_their_rows_in_the_file() -> None:
    rows = {unit: line for line, unit in enumerate(_csv(PRINTED)[UNIT], start=2)}
    for slip in _slips()["slips"]:
        assert slip["row"] == rows[slip["unit"]]


def test_the_young_teachers_maximum_is_raised_in_2023() -> None:
    young = "Сопровождение молодых педагогов"
    before, after = _maxima(YEARS[0]), _maxima(YEARS[1])
    assert (before[young], after[young]) == (10, 15)
    assert {v for h, v in after.items() if h != young} == {10}
    for year, maxima in zip(YEARS, (before, after), strict=True):
        scores = _scores(year).select(pl.col(h).cast(pl.Int64, strict=False) for h in maxima)
        assert all(scores[h].max() <= top for h, top in maxima.items())  # type: ignore[operator]
    assert _scores(YEARS[1])[young].cast(pl.Int64).max() > before[young]  # type: ignore[operator]
    above = [s for s in _slips()["slips"] if s["kind"] == "above_max"]
    assert [(s["column"], s["maximum"]) for s in above] == [(young, after[young])]
    assert above[0]["printed"] > after[young]


def test_two_municipalities_did_not_submit_in_2023() -> None:
    expected = {year: set(_units(year)[UNIT]) for year in YEARS}
    submitted = {year: set(_scores(year)[UNIT]) for year in YEARS}
    assert len(expected[YEARS[0]]) == len(expected[YEARS[1]]) == 22
    assert submitted[YEARS[0]] == expected[YEARS[0]]
    assert submitted[YEARS[1]] < expected[YEARS[1]]
    assert len(expected[YEARS[1]] - submitted[YEARS[1]]) == 2
    averages = set(_spec("expertise_summary_2023")["averages"])
    assert set(_csv(PRINTED)[UNIT]) - averages == submitted[YEARS[1]]


def test_the_regional_average_counts_non_submitters_as_zero() -> None:
    (slip,) = [s for s in _slips()["slips"] if s["kind"] == "average_non_submitters_as_zero"]
    totals = _recomputed(YEARS[1]).filter(pl.col(RANK).is_not_null())[TOTAL]
    units = _units(YEARS[1]).height
    assert (slip["divisor"], slip["correct_divisor"]) == (units, totals.len())
    assert slip["printed"] == pytest.approx(totals.sum() / units, abs=0.05 + 1e-9)


def test_one_score_is_not_given_in_2022() -> None:
    scores = _csv(DATA / "expertise.csv")
    given = scores.unpivot(index=[UNIT, YEAR]).filter(pl.col("value") == "н/д")
    assert given.height == 1
    assert given[YEAR].item() == str(YEARS[0])
    numbers = scores.unpivot(index=[UNIT, YEAR]).filter(pl.col("value") != "н/д")
    assert numbers["value"].cast(pl.Int64, strict=False).null_count() == 0


def test_printed_totals_that_are_not_the_sums_of_their_sections() -> None:
    printed = _printed().filter(pl.col(RANK).is_not_null())
    sums = printed.filter(pl.sum_horizontal(list(_maxima(YEARS[1]))) != pl.col(TOTAL))
    assert sorted(sums[UNIT]) == sorted(_slips()["not_sums"])


def test_the_classes_of_territory_and_provision() -> None:
    mms = _csv(DATA / "mms.csv").with_columns(pl.col("Число педагогов", "Число методистов")
                                              .cast(pl.Int64))
    values = {v for c in _spec("settlement")["classes"] for v in c["values"]}
    assert set(mms[KIND]) == values
    remote = set(mms.filter(pl.col(KIND) == "удалённый")[UNIT])
    assert {"Краснознаменский МО", "Нестеровский МО", "Озёрский МО", "Славский МО"} <= remote
    ratio = (pl.col("Число педагогов") / pl.col("Число методистов")).floor()
    bins = _spec("provision")["classes"]
    band = pl.lit(None, pl.String)
    for c in bins:
        band = pl.when((ratio >= c.get("from", 0)) & (ratio <= c.get("to", 10**9))).then(
            pl.lit(c["id"])).otherwise(band)
    banded = mms.with_columns(band.alias("band"))
    assert banded["band"].null_count() == 0
    for year in YEARS:
        assert set(banded.filter(pl.col(YEAR) == str(year))["band"]) == {c["id"] for c in bins}
    per_unit = banded.group_by(UNIT).agg(pl.col("band").n_unique().alias("bands"))
    assert 2 <= per_unit.filter(pl.col("bands") > 1).height <= 3


def test_the_generator_reproduces_the_expertise_files(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("municipal_generate",
                                                  EXAMPLE / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for run in ("first", "second"):
        module.main(tmp_path / run / "data", tmp_path / run / "slips.json")
        for name in NEW_FILES:
            assert (tmp_path / run / "data" / name).read_bytes() == (DATA / name).read_bytes()
        assert (tmp_path / run / "slips.json").read_bytes() == SLIPS.read_bytes()


def test_the_readme_lists_the_slips_as_recorded() -> None:
    readme = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Ошибки в опубликованной таблице"):]
    section = section[:section.index("\n## ")]  # up to the next section
    rows = re.findall(r"^\| ([^|]+?) \| ([^|]+?) \| +([\d,]+) \| +([\d,]+) \|", section, re.M)

    def number(text: str) -> float:
        return float(text.replace(",", "."))

    assert [(u, c, number(p), number(k)) for u, c, p, k in rows] == [
        (s["unit"], s["column"], s["printed"], s["correct"]) for s in _slips()["slips"]]
