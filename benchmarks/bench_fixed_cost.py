"""Time the fixed cost of Mayak's ``Ruleset.evaluate`` on the small Kaliningrad example.

The data of ``examples/kaliningrad-2023/data`` is read once (``rules.read``); then
``rules.evaluate(data, levels=["municipality"])`` is timed in process, against the
hand-written Polars of ``bench_indicators.py`` doing the same work on the same frames. With
10 000 teachers the data work is small, so what is measured is mostly what every call costs
whatever the data: building the queries, planning and running them, the result tables and
the recommendations. Run ``python benchmarks/bench_fixed_cost.py --help`` for options.

With ``--before REV`` (a commit, such as ``1943faf``, the code before the compiled plan) it
instead times that commit's ``evaluate`` on its own rules and example data, in child processes
taking turns with the working tree's, and prints how many times cheaper the call is now.

This is a measurement, not a test: it exits 0 whatever the numbers, and non-zero only when
the two sides disagree.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import mayak
import polars as pl
from _common import measure
from bench_indicators import check_same, handwritten

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules" / "kaliningrad"
DATA = ROOT / "examples" / "kaliningrad-2023" / "data"
TARGET_MS = 17.0  # a third of the 50 ms measured before the compiled plan
TARGET_CUT = 3.0  # ... and, measured beside that code, a third of its time
CHILD = Path(__file__).resolve().parent / "_evaluate_timing.py"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time the fixed cost of evaluate on the Kaliningrad example.")
    parser.add_argument("--repeat", type=int, default=51,
                        help="timed runs per side after one warm-up (median is reported)")
    parser.add_argument("--before", metavar="REV",
                        help="instead, time this commit's evaluate against this tree's, in turns")
    parser.add_argument("--rounds", type=int, default=5,
                        help="turns of each tree's child process with --before")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.rounds < 1:
        parser.error("--repeat and --rounds must be >= 1")
    if args.before:
        return _against(args.before, args.rounds, args.repeat)

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


def _against(revision: str, rounds: int, repeat: int) -> int:
    """Time ``revision``'s evaluate and this tree's in child processes taking turns."""
    with tempfile.TemporaryDirectory(prefix="mayak-before-") as folder:
        tree = Path(folder) / "tree"
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision],
                                 capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tree, filter="data")
        # Older trees kept the package in engine/ itself (setuptools' package-dir).
        package_root = tree / "engine"
        if not (package_root / "mayak").is_dir():
            package_root = Path(folder) / "package"
            package_root.mkdir()
            (package_root / "mayak").symlink_to(tree / "engine", target_is_directory=True)
        sides = {revision: (tree, str(package_root)), "now": (ROOT, str(ROOT / "engine"))}
        medians: dict[str, list[float]] = {name: [] for name in sides}
        for _ in range(rounds):
            for name, (root, path) in sides.items():
                shown = subprocess.run(
                    [sys.executable, str(CHILD), str(root), str(repeat)], check=True,
                    capture_output=True, text=True, env={**os.environ, "PYTHONPATH": path},
                ).stdout.split()
                if not Path(shown[1]).is_relative_to(path):
                    sys.exit(f"{name}: mayak was imported from {shown[1]}, not {path}")
                medians[name].append(float(shown[0]))
    before, now = (statistics.median(medians[name]) for name in sides)
    cut = before / now
    print(f"Mayak evaluate fixed cost, {revision} against now, each tree on its own Kaliningrad"
          f" example (median of {rounds} turns of {repeat} calls)")
    for name in sides:
        print(f"  {name:<10} {statistics.median(medians[name]):6.1f} ms   turns: "
              + ", ".join(f"{m:.1f}" for m in medians[name]))
    verdict = "within" if cut >= TARGET_CUT else "SHORT of"
    print(f"  cut        {cut:.2f}x  ({verdict} target >= {TARGET_CUT:g}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
