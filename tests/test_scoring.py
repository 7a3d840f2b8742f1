"""Expert reviews (scoring): a property test against a row-by-row reference (totals,
percentages, competition ranks, averages over all units and per class, paired changes and
differences of averages, with non-submitters excluded or counted as zero), and plain tests
of the long form, a missing maximum, an unreadable score and the md report."""

from __future__ import annotations

import math
import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mayak
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mayak.render._report import render_markdown
from polars.testing import assert_frame_equal

Write = Callable[[str, str], Path]
NOW, THEN = 2023, 2022
NAMES = ["Альфа", "Бета", "Гамма", "Дельта", "Эпсилон", "Дзета", "Эта", "Тета"]
CLASSES = ("А", "Б")


@dataclass(frozen=True)
class Review:
    """A generated review: maxima per period, each unit's class and scores (None: the unit
    did not submit that period; a None score: not given)."""

    maxima: dict[int, list[int]]
    policy: str
    kinds: dict[str, str]
    scores: dict[int, dict[str, list[int | None] | None]]


@st.composite
def reviews(draw: st.DrawFn) -> Review:
    sections = draw(st.integers(2, 6))
    then = draw(st.lists(st.integers(1, 20), min_size=sections, max_size=sections))
    changed = draw(st.integers(1, 20).filter(lambda m: m != then[0]))
    maxima = {THEN: then, NOW: [changed, *then[1:]]}
    units = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=len(NAMES),
                          unique=True))
    kinds = {u: draw(st.sampled_from(CLASSES)) for u in units}
    scores: dict[int, dict[str, list[int | None] | None]] = {}
    for year in (THEN, NOW):
        scores[year] = {}
        for unit in units:
            if draw(st.integers(0, 5)) == 0:  # did not submit
                scores[year][unit] = None
                continue
            # Mostly valid scores; sometimes missing, sometimes above the maximum.
            scores[year][unit] = [draw(st.one_of(
                st.integers(0, top), st.integers(0, top), st.integers(0, top), st.none(),
                st.integers(top + 1, top + 3))) for top in maxima[year]]
    return Review(maxima, draw(st.sampled_from(["exclude", "zero"])), kinds, scores)


def _specs(review: Review) -> dict[str, str]:
    sections = len(review.maxima[NOW])
    columns = "\n".join(f"  s{n}: {{type: integer}}" for n in range(sections))
    first = (f"    max:\n      - {{to: {THEN}, max: {review.maxima[THEN][0]}}}\n"
             f"      - {{from: {NOW}, max: {review.maxima[NOW][0]}}}")
    listed = "\n".join([f"  - id: s0\n    title: Раздел 0\n{first}", *[
        f"  - {{id: s{n}, title: Раздел {n}, max: {review.maxima[NOW][n]}}}"
        for n in range(1, sections)]])
    return {
        "expertise.yaml": ("kind: dataset\nid: expertise\ntitle: Баллы\nkey: unit\n"
                           "period: year\ncolumns:\n  unit: {type: string, required: true}\n"
                           f"  year: {{type: integer}}\n{columns}\n"),
        "units.yaml": ("kind: dataset\nid: units\ntitle: Единицы\nkey: unit\ncolumns:\n"
                       "  unit: {type: string, required: true}\n  kind: {type: string}\n"),
        "kind_class.yaml": ("kind: classification\nid: kind_class\ntitle: Тип\n"
                            "dataset: units\nattribute: kind\nclasses:\n"
                            + "".join(f"  - {{id: {c}, values: [{c}]}}\n" for c in CLASSES)),
        "review.yaml": ("kind: scoring\nid: review\ntitle: Экспертиза\ndataset: expertise\n"
                        f"units: units\nclasses: [kind_class]\nmissing: {review.policy}\n"
                        f"sections:\n{listed}\n"),
    }


def _rules(review: Review) -> mayak.Ruleset:
    """The review's specs loaded (written to a folder that is removed after)."""
    with tempfile.TemporaryDirectory() as folder:
        for name, body in _specs(review).items():
            (Path(folder) / name).write_text(body, encoding="utf-8")
        return mayak.load(folder)


def _frames(review: Review) -> dict[str, pl.DataFrame]:
    sections = len(review.maxima[NOW])
    rows = [{"unit": unit, "year": year, **{f"s{n}": s for n, s in enumerate(scores)}}
            for year in (THEN, NOW) for unit, scores in review.scores[year].items()
            if scores is not None]
    schema = {"unit": pl.String, "year": pl.Int64, **{f"s{n}": pl.Int64
                                                      for n in range(sections)}}
    units = pl.DataFrame({"unit": list(review.kinds), "kind": list(review.kinds.values())})
    return {"expertise": pl.DataFrame(rows, schema=schema), "units": units}


# --- the reference: plain Python, unit by unit ------------------------------------------

def _unit(review: Review, year: int, unit: str) -> dict[str, Any]:
    scores, maxima = review.scores[year][unit], review.maxima[year]
    if scores is None:
        return {"status": "not_submitted", "total": None, "percent": None}
    if any(s is None or s > top for s, top in zip(scores, maxima, strict=True)):
        return {"status": "no_data", "total": None, "percent": None}
    total = float(sum(s for s in scores if s is not None))
    return {"status": "scored", "total": total, "percent": total / sum(maxima) * 100,
            "sections": [float(s) for s in scores if s is not None],
            "section_percents": [s / top * 100 for s, top in zip(
                scores, maxima, strict=True) if s is not None]}


def _reference(review: Review) -> dict[int, dict[str, dict[str, Any]]]:
    table = {year: {u: _unit(review, year, u) for u in review.kinds} for year in (THEN, NOW)}
    for rows in table.values():
        known = [r["total"] for r in rows.values() if r["total"] is not None]
        for row in rows.values():
            row["rank"] = (None if row["total"] is None
                           else 1 + sum(t > row["total"] for t in known))
    for unit, row in table[NOW].items():
        before = table[THEN][unit]["total"]
        row["change"] = (row["total"] - before if row["total"] is not None
                         and before is not None else None)
    return table


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _average(review: Review, rows: dict[str, dict[str, Any]], units: list[str]
             ) -> dict[str, Any]:
    counted = [u for u in units if rows[u]["status"] == "scored"
               or (review.policy == "zero" and rows[u]["status"] == "not_submitted")]

    def value(unit: str, key: str) -> float:
        return 0.0 if rows[unit]["status"] == "not_submitted" else float(rows[unit][key])

    return {"units": len(units), "averaged": len(counted),
            "submitted": sum(rows[u]["status"] != "not_submitted" for u in units),
            "total": _mean([value(u, "total") for u in counted]),
            "percent": _mean([value(u, "percent") for u in counted]),
            "paired_change": _mean([rows[u]["change"] for u in counted
                                    if rows[u].get("change") is not None])}


def _close(actual: object, expected: float | None) -> bool:
    if expected is None:
        return actual is None
    return isinstance(actual, float) and math.isclose(actual, expected, rel_tol=1e-9,
                                                      abs_tol=1e-9)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(reviews())
def test_scores_and_averages_match_a_row_by_row_reference(review: Review) -> None:
    result = _rules(review).evaluate(_frames(review), period=NOW, compare=THEN)
    expected = _reference(review)
    scores = result.scores["review"]
    for year in (THEN, NOW):
        got = {r["unit"]: r for r in scores.filter(pl.col("period") == str(year))
               .iter_rows(named=True)}
        assert set(got) == set(review.kinds)
        for unit, want in expected[year].items():
            row = got[unit]
            assert row["status"] == want["status"], (year, unit)
            assert row["kind_class"] == review.kinds[unit]
            assert _close(row["total"], want["total"]), (year, unit, row, want)
            assert _close(row["percent"], want["percent"]), (year, unit)
            assert row["rank"] == want["rank"], (year, unit)
            assert row["max_total"] == sum(review.maxima[year])
            if want["status"] == "scored":
                for n, (score, share) in enumerate(zip(want["sections"],
                                                       want["section_percents"], strict=True)):
                    assert _close(row[f"s{n}"], score) and _close(row[f"s{n}_percent"], share)
            if year == NOW:
                assert _close(row["change"], want["change"]), unit
    averages = result.score_averages["review"]
    groups: dict[tuple[str | None, str | None], list[str]] = {(None, None): list(review.kinds)}
    for kind in set(review.kinds.values()):
        groups[("kind_class", kind)] = [u for u, k in review.kinds.items() if k == kind]
    for (classification, kind), units in groups.items():
        mine = averages.filter(pl.col("classification").eq_missing(classification)
                               & pl.col("class").eq_missing(kind))
        want = {y: _average(review, expected[y], units) for y in (THEN, NOW)}
        for year in (THEN, NOW):
            [row] = mine.filter(pl.col("period") == str(year)).iter_rows(named=True)
            for key in ("units", "averaged", "submitted"):
                assert row[key] == want[year][key], (year, kind, key)
            assert _close(row["total"], want[year]["total"]), (year, kind, row, want)
            assert _close(row["percent"], want[year]["percent"]), (year, kind)
        [now] = mine.filter(pl.col("period") == str(NOW)).iter_rows(named=True)
        assert _close(now["paired_change"], want[NOW]["paired_change"]), kind
        difference = (None if want[NOW]["total"] is None or want[THEN]["total"] is None
                      else want[NOW]["total"] - want[THEN]["total"])
        assert _close(now["change_of_averages"], difference), kind


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(reviews())
def test_frames_given_lazily_are_reviewed_as_frames_in_memory(review: Review) -> None:
    # Lazy frames run on Polars' own engine with every optimisation (shared subplans among
    # them), frames in memory on the in-memory engine with few: the same review either way
    # (a float's last digit aside: Polars' engines may divide in different ways).
    rules, frames = _rules(review), _frames(review)
    eager = rules.evaluate(frames, period=NOW, compare=THEN)
    lazy = rules.evaluate({k: v.lazy() for k, v in frames.items()}, period=NOW, compare=THEN)
    for table in ("scores", "score_averages"):
        assert_frame_equal(getattr(eager, table)["review"], getattr(lazy, table)["review"],
                           abs_tol=1e-9)
    assert_frame_equal(eager.classes, lazy.classes)
    assert [p.code for p in eager.problems] == [p.code for p in lazy.problems]


UNITS_SPEC = """
    kind: dataset
    id: units
    title: Единицы
    key: unit
    columns:
      unit: {type: string, required: true}
"""

# --- plain tests --------------------------------------------------------------------------

WIDE = """
    kind: dataset
    id: expertise
    title: Баллы
    key: unit
    period: year
    columns:
      unit: {type: string, title: Единица, required: true}
      year: {type: integer, title: Год}
      a: {type: integer, title: Раздел А}
      b: {type: integer, title: Раздел Б}
"""
LONG = """
    kind: dataset
    id: expertise
    title: Баллы
    period: year
    columns:
      unit: {type: string, title: Единица, required: true}
      year: {type: integer, title: Год}
      part: {type: string, title: Раздел}
      points: {type: integer, title: Балл}
"""
SCORING = """
    kind: scoring
    id: review
    title: Экспертиза
    dataset: expertise
    unit: unit
    {extra}
    sections:
      - {{id: a, title: Раздел А, max: 10}}
      - id: b
        title: Раздел Б
        max:
{b_maxima}
"""
ONLY_2023 = "          - {from: 2023, max: 10}"  # none for 2022
BOTH = "          - {to: 2022, max: 5}\n          - {from: 2023, max: 10}"
WIDE_ROWS = pl.DataFrame({"unit": ["Альфа", "Бета", "Гамма", "Альфа", "Бета"],
                          "year": [2023, 2023, 2023, 2022, 2022],
                          "a": [7, 3, 9, 5, 5], "b": [4, 8, 1, 2, 6]})


def _by_unit(result: mayak.Result, year: int = 2023) -> dict[str, dict[str, Any]]:
    rows = result.scores["review"].filter(pl.col("period") == str(year))
    return {r["unit"]: r for r in rows.iter_rows(named=True)}


def test_long_form_gives_the_same_as_wide_form(write: Write, tmp_path: Path) -> None:
    write("expertise.yaml", WIDE)
    write("review.yaml", SCORING.format(extra="", b_maxima=BOTH))
    wide = mayak.load(tmp_path).evaluate({"expertise": WIDE_ROWS}, period=2023, compare=2022)
    long_folder = tmp_path / "long"
    long_folder.mkdir()
    (long_folder / "expertise.yaml").write_text(textwrap.dedent(LONG), encoding="utf-8")
    (long_folder / "review.yaml").write_text(
        (tmp_path / "review.yaml").read_text("utf-8").replace(
            "unit: unit", "unit: unit\nsection: part\nscore: points"), encoding="utf-8")
    long_rows = WIDE_ROWS.unpivot(["a", "b"], index=["unit", "year"], variable_name="part",
                                  value_name="points").with_columns(
        pl.col("part").replace({"b": " B "}))  # names are the ids; case and spaces aside
    long = mayak.load(long_folder).evaluate({"expertise": long_rows}, period=2023,
                                            compare=2022)
    columns = [c for c in wide.scores["review"].columns if c != "row"]
    assert wide.scores["review"].select(columns).sort("period", "unit").equals(
        long.scores["review"].select(columns).sort("period", "unit"))
    assert wide.score_averages["review"].equals(long.score_averages["review"])
    # Бета's 6 of 5 in 2022 is out of range and Гамма did not submit in 2022, in both forms.
    assert ([p.code for p in long.problems if p.code.startswith("scoring.")]
            == [p.code for p in wide.problems if p.code.startswith("scoring.")]
            == ["scoring.out_of_range", "scoring.not_submitted"])


def test_a_long_form_section_name_of_no_section_is_named(write: Write, tmp_path: Path) -> None:
    (tmp_path / "expertise.yaml").write_text(textwrap.dedent(LONG), encoding="utf-8")
    review = write("review.yaml", SCORING.format(extra="", b_maxima=BOTH))
    review.write_text(review.read_text("utf-8").replace(
        "unit: unit", "unit: unit\nsection: part\nscore: points"), encoding="utf-8")
    rows = WIDE_ROWS.unpivot(["a", "b"], index=["unit", "year"], variable_name="part",
                             value_name="points").with_columns(
        pl.col("part").replace({"b": "bb"}))  # a slip: no section is called «bb»
    result = mayak.load(tmp_path).evaluate({"expertise": rows}, period=2023, compare=2022)
    [problem] = [p for p in result.problems if p.code == "scoring.unknown_section"]
    said = problem.render("ru")
    assert "«bb»" in said and "→ «b»" in said
    first = rows.with_row_index("i").filter(pl.col("part") == "bb")["i"].min()
    # A frame given in memory has no header row: its rows are numbered from 1.
    assert problem.location is not None and problem.location.row == first + 1
    # Without section b, every unit lacks a score: each is «нет данных», none is dropped.
    assert set(result.scores["review"]["status"]) <= {"no_data", "not_submitted"}


def test_a_missing_maximum_leaves_percentages_unknown(write: Write, tmp_path: Path) -> None:
    write("expertise.yaml", WIDE)
    write("review.yaml", SCORING.format(extra="", b_maxima=ONLY_2023))
    result = mayak.load(tmp_path).evaluate({"expertise": WIDE_ROWS}, period=2023,
                                           compare=2022)
    [problem] = [p for p in result.problems if p.code == "scoring.no_max"]
    assert "«Раздел Б»" in problem.render("ru") and "2022" in problem.render("ru")
    assert problem.location is not None and problem.location.file.endswith("review.yaml")
    before = _by_unit(result, 2022)
    for row in WIDE_ROWS.filter(pl.col("year") == 2022).iter_rows(named=True):
        got = before[row["unit"]]
        assert got["status"] == "scored" and got["total"] == row["a"] + row["b"]
        assert got["percent"] is None and got["b_percent"] is None
        assert got["a_percent"] == pytest.approx(row["a"] / 10 * 100)
    now = _by_unit(result, 2023)
    assert all(r["percent"] is not None for r in now.values())


def test_a_score_that_is_not_a_number_in_a_csv(write: Write, tmp_path: Path) -> None:
    write("expertise.yaml", WIDE)
    write("review.yaml", SCORING.format(extra="", b_maxima=BOTH))
    data = tmp_path / "data"
    data.mkdir()
    (data / "expertise.csv").write_text(
        "unit,year,a,b\nАльфа,2023,7,4\nБета,2023,три,8\nГамма,2023,9,1\n", encoding="utf-8")
    rules = mayak.load([tmp_path / "expertise.yaml", tmp_path / "review.yaml"])
    result = rules.evaluate_folder(data, period=2023)
    read = [p for p in result.problems if p.location is not None and p.location.row == 3
            and p.location.file.endswith("expertise.csv")]
    assert read and any("три" in p.render("ru") for p in read), [
        p.render("ru") for p in result.problems]
    units = _by_unit(result)
    assert units["Бета"]["status"] == "no_data" and units["Бета"]["total"] is None
    assert units["Альфа"]["total"] == 11 and units["Гамма"]["total"] == 10
    assert units["Альфа"]["rank"] == 1 and units["Гамма"]["rank"] == 2


def test_the_md_report_shows_non_submitters_and_the_maxima(write: Write,
                                                           tmp_path: Path) -> None:
    write("expertise.yaml", WIDE)
    write("units.yaml", UNITS_SPEC)
    write("review.yaml", SCORING.format(extra="units: units", b_maxima=BOTH))
    units = pl.DataFrame({"unit": ["Альфа", "Бета", "Гамма", "Дельта"]})
    result = mayak.load(tmp_path).evaluate({"expertise": WIDE_ROWS, "units": units},
                                           period=2023)
    assert _by_unit(result)["Дельта"]["status"] == "not_submitted"
    md = render_markdown(result, "ru")
    table = md[md.index("Экспертиза, 2023"):]
    rows = [line for line in table.splitlines() if line.startswith("|")]
    assert "Максимальный балл" in rows[2]  # header, separator, then the maxima
    assert "| 10 " in rows[2] and "| 20 " in rows[2]
    [delta] = [r for r in rows if "Дельта" in r]
    assert "не представлено" in delta


def test_without_a_compared_period_only_the_reporting_one_is_scored(write: Write,
                                                                    tmp_path: Path) -> None:
    # Альфа and Бета have a row in 2022 too: no «several rows» when 2022 is not compared.
    write("expertise.yaml", WIDE)
    write("review.yaml", SCORING.format(extra="", b_maxima=BOTH))
    result = mayak.load(tmp_path).evaluate({"expertise": WIDE_ROWS}, period=2023)
    assert set(result.scores["review"]["period"].to_list()) == {"2023"}
    assert set(result.score_averages["review"]["period"].to_list()) == {"2023"}
    assert not [p.code for p in result.problems if p.code.startswith("scoring.")]


def test_a_unit_spelt_in_another_case_in_the_units_table_is_the_same_unit(
        write: Write, tmp_path: Path) -> None:
    write("expertise.yaml", WIDE)
    write("units.yaml", UNITS_SPEC)
    write("review.yaml", SCORING.format(extra="units: units", b_maxima=BOTH))
    units = pl.DataFrame({"unit": ["альфа", "Бета", "Гамма"]})
    result = mayak.load(tmp_path).evaluate({"expertise": WIDE_ROWS, "units": units},
                                           period=2023)
    statuses = [r["status"] for r in _by_unit(result).values()]
    assert statuses == ["scored"] * 3
