"""What the benchmarks share: seeded random columns, alternating, median timing of
functions and of whole processes, and the comparison of Mayak's tables with the
hand-written ones."""

from __future__ import annotations

import argparse
import compileall
import gc
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

TARGET_RATIO = 1.5  # Mayak may cost at most this many times the hand-written code
_RESOLUTION = 1 << 24  # uniform floats are drawn from this many steps


def half_up(value: pl.Expr, digits: int) -> pl.Expr:
    """``value`` rounded half away from zero as people round the decimal it is: 23 / 80 *
    100 is 28.749999999999996 in binary, 28,75 as a decimal, so 28,8 (as Mayak rounds)."""
    # The noise of binary arithmetic settled (to 9 decimals and 15 significant digits)
    scaled = (value * 10**digits).round(9).round_sig_figs(15)
    return (scaled.round(0, mode="half_away_from_zero") / 10**digits).round(digits)


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


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (``process_time``: every thread) of one run."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def measure_both(runs: Mapping[str, Callable[[], object]], repeat: int
                 ) -> dict[str, tuple[float, float]]:
    """Median wall-clock and CPU seconds per run, after one warm-up each, runs alternating."""
    for run in runs.values():
        run()
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            times[name].append(timed(run))
    return {name: (statistics.median(w for w, _ in values),
                   statistics.median(c for _, c in values)) for name, values in times.items()}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_process(arguments: list[str], cwd: Path, lang: str = "ru") -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system, all threads) of one process; a failure
    ends the benchmark with the process's own message."""
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(arguments, cwd=cwd, env={**os.environ, "MAYAK_LANG": lang},
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        print(f"FAILED ({done.returncode}): {' '.join(arguments)}\n"
              f"{done.stderr.decode(errors='replace')[-3000:]}", file=sys.stderr)
        raise SystemExit(1)
    return seconds, _children_cpu() - cpu


def compile_sources(root: Path) -> None:
    """Write the bytecode of the project's own modules, as installing a package does: with
    PYTHONDONTWRITEBYTECODE set (as on some machines) every process would otherwise compile
    them again, some 0.1 s that no installed copy pays."""
    for folder in ("engine", "cli", "benchmarks"):
        compileall.compile_dir(root / folder, quiet=1)


@dataclass(frozen=True)
class Timing:
    """Median wall-clock and CPU seconds of one command."""

    wall: float
    cpu: float


def measure_processes(runs: Mapping[str, list[str]], repeat: int, cwd: Path,
                      lang: str = "ru") -> dict[str, Timing]:
    """Median timings per command, after one warm-up each (file cache). Commands
    alternate so that drift hits all alike."""
    compile_sources(cwd)
    for arguments in runs.values():
        run_process(arguments, cwd, lang)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, arguments in runs.items():
            times[name].append(run_process(arguments, cwd, lang))
    return {name: Timing(statistics.median(w for w, _ in values),
                         statistics.median(c for _, c in values))
            for name, values in times.items()}


def scale_and_repeat(description: str, argv: list[str] | None) -> argparse.Namespace:
    """The ``--scale`` and ``--repeat`` options of the benchmarks on generated data."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="share of the full-scale row counts (e.g. 0.01 for a quick run)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="timed runs per side after one warm-up (median is reported)")
    args = parser.parse_args(argv)
    if args.scale <= 0 or args.repeat < 1:
        parser.error("--scale must be > 0 and --repeat >= 1")
    return args


def print_times(hand: tuple[float, float], ours: tuple[float, float], target: float | None,
                *, milliseconds: bool = False) -> None:
    """The medians (wall, CPU) of both sides and their ratios against ``target`` (None: the
    ratios alone)."""
    def shown(seconds: float) -> str:
        return f"{seconds * 1000:.1f} ms" if milliseconds else f"{seconds:.3f} s"

    ratio = ours[0] / hand[0]
    print(f"  hand-written median   {shown(hand[0])}  (CPU {shown(hand[1])})")
    print(f"  mayak median          {shown(ours[0])}  (CPU {shown(ours[1])})")
    against = "" if target is None else (
        f"  ({'within' if ratio <= target else 'ABOVE'} target <= {target}x)")
    print(f"  ratio mayak/hand      {ratio:.2f}x wall, {ours[1] / hand[1]:.2f}x CPU{against}")



def differs(column: str, *, exact: bool = False) -> pl.Expr:
    """True where Mayak's ``column`` and the hand-written one (``<column>.hand``, after
    ``exit_unless_same``' join) differ: numbers by more than 1e-9, ``exact`` ones at all
    (two nulls agree)."""
    ours, theirs = pl.col(column), pl.col(f"{column}.hand")
    if exact:
        return ~ours.eq_missing(theirs)
    close = (ours - theirs).abs().le(1e-9) | (ours.is_null() & theirs.is_null())
    return ~close.fill_null(False)


def exit_unless_same(what: str, mayak: pl.DataFrame, hand: pl.DataFrame, keys: list[str],
                     columns: Sequence[str], *, exact: Collection[str] = ()) -> int:
    """Exit 1 listing the rows (by ``keys``) where Mayak's table and the hand-written one
    differ in ``columns`` (see ``differs``; ``exact``: the columns compared exactly), or
    that one of them lacks; return the number of rows compared."""
    both = mayak.join(hand, on=keys, how="full", coalesce=True, nulls_equal=True,
                      suffix=".hand")
    differ = both.filter(pl.any_horizontal(differs(c, exact=c in exact) for c in columns))
    if differ.height or mayak.height != hand.height:
        print(f"MISMATCH in {what}: Mayak {mayak.height} rows, hand-written {hand.height} "
              f"rows, {differ.height} differ", file=sys.stderr)
        with pl.Config(tbl_rows=20, tbl_cols=30, fmt_str_lengths=40):
            print(differ.sort(keys, nulls_last=True), file=sys.stderr)
        raise SystemExit(1)
    return hand.height
