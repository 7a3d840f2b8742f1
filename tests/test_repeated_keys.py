"""Repeated keys found through 64-bit hashes are exactly the rows a plain comparison finds."""

from __future__ import annotations

import polars as pl
import pytest
from mayak.io._read import repeated_keys


def _compared(frame: pl.DataFrame, key: str) -> pl.DataFrame:
    return frame.select("_row", key).filter(pl.col(key).is_duplicated()
                                            & pl.col(key).is_not_null())


@pytest.mark.parametrize("values", [
    ["A1", "A2", "A3"],
    ["A1", "A2", "A1", None, None, "A3", "A2", "A1"],
    [None, None],
    [1.5, 0.0, -0.0, float("nan"), float("nan"), 2.0],
    [3, 1, 3, 2],
    ["A1", "A1", "A2", "A3"],  # sorted, yet repeated
    [1, 2, 3, None, 4],
    [True, False, True],
])
def test_same_rows_as_comparing_values(values: list[object]) -> None:
    frame = pl.DataFrame({"_row": range(1, len(values) + 1), "k": values},
                         schema_overrides={"_row": pl.Int64}, strict=False)
    found = repeated_keys(frame, "k")
    assert found.equals(_compared(frame, "k"))
    assert repeated_keys(frame.lazy(), "k").equals(found)


def test_categories() -> None:
    frame = pl.DataFrame({"_row": [1, 2, 3, 4], "k": ["b", "a", "b", "c"]},
                         schema={"_row": pl.Int64, "k": pl.Enum(["c", "b", "a"])})
    assert repeated_keys(frame, "k").get_column("_row").to_list() == [1, 3]
    assert repeated_keys(frame.filter(pl.col("_row") != 3), "k").is_empty()


def test_a_million_distinct_keys_and_one_repeat() -> None:
    keys = pl.format("T{}", pl.int_range(1_000_000)).alias("k")
    frame = pl.select(pl.int_range(1, 1_000_001, dtype=pl.Int64).alias("_row"), keys)
    assert repeated_keys(frame, "k").is_empty()
    frame = frame.with_columns(pl.when(pl.col("_row") == 777).then(pl.lit("T5"))
                               .otherwise(pl.col("k")).alias("k"))
    assert repeated_keys(frame, "k").get_column("_row").to_list() == [6, 777]
