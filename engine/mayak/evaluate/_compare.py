"""Two periods side by side: each indicator row of the reporting period with its value in
the earlier period, the change (difference and ratio), and a note where the method differs
between the two (the planned value in force changed)."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from mayak.evaluate._evaluate import Tables
from mayak.evaluate._periods import label
from mayak.expr._rounding import rounded
from mayak.messages._catalogue import Lang, Localised, text
from mayak.messages._problems import Location, Problem
from mayak.spec._model import Target, Targets
from mayak.spec._period import Period

_ON = ["indicator", "level", "key"]
RATIO_DIGITS = 3
KEYS_LISTED = 20  # keys named per level and period that the other period lacks


def _rounded(value: pl.Expr, digits: pl.Expr) -> pl.Expr:
    """``value`` rounded half away from zero to each row's ``digits`` (none: as it is):
    a difference of rounded values must not show 0.30000000000000004."""
    return pl.when(digits.is_null()).then(value).otherwise(rounded(value, digits))


def compared(current: Tables, earlier: Tables, *, periods: tuple[Period, Period],
             planned: tuple[Mapping[str, Target], Mapping[str, Target]],
             targets: Targets | None, lang: Lang,
             titles: Mapping[str, str] | None = None,
             formulas: Mapping[str, tuple[str, str, Location | None]] | None = None
             ) -> tuple[pl.DataFrame, list[Problem]]:
    """``current``'s indicator rows with ``previous`` (the earlier value),
    ``previous_status``, ``change`` (current - previous), ``ratio`` (current / previous) and
    ``method`` (a note where the method changed: the planned value, or the formula in
    ``formulas``);
    the problems: units with rows in one period only (``titles`` name their levels), and
    indicators whose planned value changed."""
    problems = _one_period_only(current.present, earlier.present, periods, titles or {})
    now_rows, then_rows = current.indicators, earlier.indicators
    if now_rows.is_empty():
        return now_rows, problems
    # An indicator with several norms has a row per norm: matched by norm when both periods
    # name them, else each norm's row takes the earlier value of the first.
    on = [*_ON, "norm"] if "norm" in now_rows.columns and "norm" in then_rows.columns else _ON
    before = then_rows.select(*on, pl.col("value").alias("previous"),
                              pl.col("status").alias("previous_status")
                              ).unique(on, keep="first", maintain_order=True)
    changed = _method_changes(planned, periods, targets, formulas or {})
    value, previous = pl.col("value"), pl.col("previous")
    note = text("compare.method_note", lang)
    rows = (now_rows.join(before, on=on, how="left", nulls_equal=True, maintain_order="left")
            .with_columns(_without_earlier_row(planned[1], now_rows))
            .with_columns(
                _rounded(value - previous, pl.col("digits")).alias("change"),
                rounded(pl.when(previous != 0).then(value / previous), RATIO_DIGITS)
                .alias("ratio"),
                pl.when(pl.col("indicator").is_in(list(changed)))
                .then(pl.lit(note)).otherwise(pl.lit(None, dtype=pl.String)).alias("method")))
    return rows, [*problems, *changed.values()]


def _without_earlier_row(targets: Mapping[str, Target], rows: pl.DataFrame) -> pl.Expr:
    """The earlier status of a group without rows in the earlier period (the comparison
    leaves such rows out up front): «нет данных» where the earlier targets apply at its
    level, else «—»."""
    indicator, level = pl.col("indicator"), pl.col("level")
    # One test per target (a loop over specs): at every level, or at those it names.
    targeted = pl.lit(False)
    for name, target in targets.items():
        at = pl.lit(True) if target.levels is None else level.is_in(list(target.levels))
        targeted = targeted | ((indicator == name) & at)
    missing = pl.when(targeted).then(pl.lit("no_data")).otherwise(
        pl.lit("no_target")).cast(rows.schema["status"])
    return pl.col("previous_status").fill_null(missing)


def _method_changes(planned: tuple[Mapping[str, Target], Mapping[str, Target]],
                    periods: tuple[Period, Period], targets: Targets | None,
                    formulas: Mapping[str, tuple[str, str, Location | None]]
                    ) -> dict[str, Problem]:
    """Per indicator whose planned value or formula differs between the two periods, the
    warning. ``formulas``: the indicators whose formula in force differs, with the earlier
    and the later one and where they are written."""
    now, then = planned
    changes: dict[str, list[Localised]] = {}
    places: dict[str, Location | None] = {}
    for name in dict.fromkeys([*now, *then]):
        after, before = now.get(name), then.get(name)
        if (after.planned if after else None) == (before.planned if before else None):
            continue
        changes.setdefault(name, []).append(Localised(*(text(
            "compare.what.planned", lang, before=before.planned.shown(lang) if before else "—",
            after=after.planned.shown(lang) if after else "—") for lang in ("ru", "en"))))
        places[name] = targets.source.at("targets", name) if targets is not None else None
    for name, (before_text, after_text, at) in formulas.items():
        changes.setdefault(name, []).append(Localised(*(text(
            "compare.what.formula", lang, before=before_text, after=after_text)
            for lang in ("ru", "en"))))
        places.setdefault(name, at)
    return {name: Problem("compare.method_changed",
                          {"indicator": name, "previous": label(periods[1]),
                           "current": label(periods[0]),
                           "what": Localised(*("; ".join(w.ru for w in what),
                                               "; ".join(w.en for w in what)))},
                          places[name], "warning")
            for name, what in changes.items()}


def _one_period_only(now: pl.DataFrame, then: pl.DataFrame, periods: tuple[Period, Period],
                     titles: Mapping[str, str]) -> list[Problem]:
    """A warning per unit (a key of a level) with rows in one period only (none when one
    period has no rows at all: that is said once per dataset)."""
    if now.is_empty() or then.is_empty():
        return []
    problems: list[Problem] = []
    for present, absent, only in ((periods[0], periods[1], now.join(then, on=["level", "key"],
                                                                     how="anti",
                                                                     nulls_equal=True)),
                                  (periods[1], periods[0], then.join(now, on=["level", "key"],
                                                                     how="anti",
                                                                     nulls_equal=True))):
        # A loop over findings (units missing from one period), not over data.
        for level, key in only.head(KEYS_LISTED).iter_rows():
            problems.append(Problem("compare.one_period_only",
                                    {"level": titles.get(level, level),
                                     "key": key if key is not None else "—",
                                     "present": label(present), "absent": label(absent)},
                                    None, "warning"))
    return problems
