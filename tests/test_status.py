"""The status of an indicator value read from a target's interval columns agrees with
``Planned.met`` for every kind of planned value."""

from __future__ import annotations

import polars as pl
import pytest
from mayak.evaluate._rows import _BOUNDS, _bounds, _status
from mayak.spec._planned import Planned

VALUES = [None, -1e15, -2.0, -0.0, 0.0, 0.5, 0.9999999, 1.0, 1.0000001, 1.5, 2.0, 2.5, 1e15]


@pytest.mark.parametrize("planned", [
    Planned(">=", 1), Planned("<=", 1), Planned(">", 1), Planned("<", 1), Planned("==", 1),
    Planned("between", 1, 2), Planned("between", 0, 0), Planned(">=", -2),
])
def test_status_agrees_with_planned(planned: Planned) -> None:
    bounds = dict(zip(_BOUNDS, _bounds(planned), strict=True))
    frame = pl.DataFrame({"value": VALUES}, schema={"value": pl.Float64}).with_columns(
        pl.lit(True).alias("_targeted"), *(pl.lit(v).alias(n) for n, v in bounds.items()))
    value = pl.col("value")
    expected = (pl.when(value.is_null()).then(pl.lit("no_data"))
                .when(planned.met(value)).then(pl.lit("met")).otherwise(pl.lit("not_met")))
    got = frame.select(_status(value).cast(pl.String).alias("got"), expected.alias("expected"))
    assert got["got"].to_list() == got["expected"].to_list()


def test_no_target_whatever_the_value() -> None:
    frame = pl.DataFrame({"value": VALUES}, schema={"value": pl.Float64}).with_columns(
        pl.lit(False).alias("_targeted"), pl.lit(None, dtype=pl.Float64).alias("_above"),
        pl.lit(None, dtype=pl.Boolean).alias("_from"),
        pl.lit(None, dtype=pl.Float64).alias("_below"),
        pl.lit(None, dtype=pl.Boolean).alias("_to"))
    assert set(frame.select(_status(pl.col("value")).cast(pl.String))
               .to_series().to_list()) == {"no_target"}
