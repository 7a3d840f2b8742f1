"""What both benchmarks share: seeded random columns and alternating, median timing."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Mapping

import polars as pl

TARGET_RATIO = 1.5  # Mayak may cost at most this many times the hand-written code
_RESOLUTION = 1 << 24  # uniform floats are drawn from this many steps


def integers(n: int, high: int, seed: int) -> pl.Expr:
    """n uniform integers in [0, high), seeded (Polars' own sampler: no numpy needed)."""
    return pl.int_range(high).sample(n, with_replacement=True, seed=seed)


def uniform(n: int, seed: int) -> pl.Expr:
    return integers(n, _RESOLUTION, seed) / _RESOLUTION


def _seconds(run: Callable[[], object]) -> float:
    gc.collect()  # keep a collection of the previous run's garbage out of this timing
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def measure(runs: Mapping[str, Callable[[], object]], repeat: int,
            warm_up: bool = True) -> dict[str, float]:
    """Median seconds per run, after one warm-up each. Runs alternate so that drift (heat,
    other load) hits both sides alike."""
    if warm_up:
        for run in runs.values():
            run()
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            times[name].append(_seconds(run))
    return {name: statistics.median(values) for name, values in times.items()}
