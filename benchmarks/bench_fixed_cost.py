"""Time the fixed cost of Mayak's ``Ruleset.evaluate`` on the small Kaliningrad example.

The data of ``examples/kaliningrad-2023/data`` is read once (``rules.read``); then
``rules.evaluate(data, levels=["municipality"])`` is timed in process, against the
hand-written Polars of ``bench_indicators.py`` doing the same work on the same frames. With
10 000 teachers the data work is small, so what is measured is mostly what every call costs
whatever the data: building the queries, planning and running them, the result tables and
the recommendations. Run ``python benchmarks/bench_fixed_cost.py --help`` for options.

This is a measurement, not a test: it exits 0 whatever the numbers, and non-zero only when
the two sides disagree.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import mayak
import polars as pl
from _common import measure
from bench_indicators import check_same, handwritten

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules" / "kaliningrad"
DATA = ROOT / "examples" / "kaliningrad-2023" / "data"
TARGET_MS = 17.0  # a third of the 50 ms measured before the compiled plan


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time the fixed cost of evaluate on the Kaliningrad example.")
    parser.add_argument("--repeat", type=int, default=51,
                        help="timed runs per side after one warm-up (median is reported)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be >= 1")

    rules = mayak.load([RULES])
    data = rules.read(DATA)  # read once: only evaluate is timed
    frames = {name: frame.collect() for name, frame in data.frames.items()}

    def with_mayak() -> mayak.Result:
        return rules.evaluate(data, levels=["municipality"])

    compared = check_same(with_mayak(), handwritten(frames))
    medians = measure({"hand-written": lambda: handwritten(frames), "mayak": with_mayak},
                      args.repeat)
    mayak_ms, hand_ms = medians["mayak"] * 1000, medians["hand-written"] * 1000
    verdict = "within" if mayak_ms <= TARGET_MS else "ABOVE"
    print(f"Mayak evaluate fixed cost, Kaliningrad example, Polars {pl.__version__} "
          f"(median of {args.repeat}, {pl.thread_pool_size()} threads)")
    print(f"  {', '.join(f'{n} {f.height:,}' for n, f in frames.items())} rows; "
          f"{compared} values and statuses agree")
    print(f"  hand-written median   {hand_ms:.1f} ms")
    print(f"  mayak median          {mayak_ms:.1f} ms  ({verdict} target <= {TARGET_MS:g} ms)")
    print(f"  ratio mayak/hand      {mayak_ms / hand_ms:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
