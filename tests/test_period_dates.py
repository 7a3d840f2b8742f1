"""Rows of a dataset whose period column is a date: in a period exactly when the date's
month lies in it (the test compares dates with the period's bounds, not months)."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from mayak.evaluate._periods import within
from mayak.spec._model import Column
from mayak.spec._period import Period

KINDS = {"year": 1, "half": 2, "quarter": 4, "month": 12}


@st.composite
def periods(draw: st.DrawFn) -> Period:
    kind = draw(st.sampled_from(list(KINDS)))
    return Period.of(kind, draw(st.integers(2019, 2026)),  # type: ignore[arg-type]
                     draw(st.integers(1, KINDS[kind])))


@settings(max_examples=200, deadline=None)
@given(days=st.lists(st.one_of(st.none(), st.dates(dt.date(2018, 1, 1),
                                                    dt.date(2027, 12, 31))), max_size=40),
       period=periods())
def test_a_date_is_in_the_period_of_its_month(days: list[dt.date | None],
                                              period: Period) -> None:
    column = Column(name="on", type="date")
    found = pl.DataFrame({"on": days}, schema={"on": pl.Date}).select(
        within(column, period).alias("in"))["in"].to_list()
    expected = [d is not None and period.first <= d.year * 12 + d.month - 1 <= period.last
                for d in days]
    assert found == expected
