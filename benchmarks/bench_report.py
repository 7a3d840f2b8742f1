"""Time the whole ``mayak report`` command against a hand-written Polars script.

Writes ``bench_indicators``' synthetic national data (1.7 M teachers, 2 700 municipalities at
full scale) to Parquet files, one per dataset, then runs as subprocesses, in turn,
``--repeat`` times:

- ``mayak report --rules rules/kaliningrad --data DATA --level municipality --format md -o
  OUT``: start-up, loading and checking the rules, reading and checking the data, evaluating,
  rendering and writing the Markdown report;
- ``benchmarks/_handwritten_report.py DATA OUT``: the same table, by hand in Polars.

It prints the median wall-clock time of each side, the ratio, and the CPU time (user +
system, every thread) as well: on a busy machine it varies less than the wall clock.

The two tables are checked to hold the same rows (every indicator, level, key, value,
planned value, status and count) before the times are trusted. Run
``python benchmarks/bench_report.py --help`` for options.

This is a measurement, not a test: it exits 0 whatever the ratio, and 1 only when the two
reports disagree (then the timing would mean nothing).
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

from _common import measure_processes, scale_and_repeat
from bench_indicators import make_frames

ROOT = Path(__file__).resolve().parent.parent
MAYAK = Path(sys.executable).with_name("mayak")  # the CLI of the same virtualenv
HANDWRITTEN = Path(__file__).resolve().parent / "_handwritten_report.py"
TARGET_RATIO = 1.2


def write_data(folder: Path, scale: float) -> list[str]:
    """The synthetic data sets as ``<folder>/<dataset>.parquet``; a line describing each."""
    folder.mkdir()
    lines = []
    for name, frame in make_frames(scale).items():
        path = folder / f"{name}.parquet"
        frame.write_parquet(path)
        lines.append(f"  {name:<24} {frame.height:>10,} rows  {path.stat().st_size / 1e6:7.1f} MB")
    return lines


def commands(data: Path, output: Path) -> dict[str, list[str]]:
    return {
        "hand-written": [sys.executable, str(HANDWRITTEN), str(data), str(output / "hand.md")],
        "mayak": [str(MAYAK), "report", "--rules", "rules/kaliningrad", "--data", str(data),
                  "--level", "municipality", "--format", "md", "-o", str(output / "mayak.md")],
    }


def table_rows(path: Path) -> list[tuple[str, ...]]:
    """The cells of a Markdown report's table (header and rule line left out)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next(n for n, line in enumerate(lines) if line.startswith("| "))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("| "):
            break
        rows.append(tuple(cell.strip() for cell in line[2:-2].split(" | ")))
    return rows


def check_same(mayak: Path, hand: Path) -> int:
    """Raise SystemExit listing differences; return the number of rows compared."""
    ours, theirs = table_rows(hand), table_rows(mayak)
    if ours == theirs:
        return len(ours)
    missing, extra = Counter(theirs) - Counter(ours), Counter(ours) - Counter(theirs)
    print(f"MISMATCH: Mayak {len(theirs)} rows, hand-written {len(ours)} rows; "
          f"{sum(missing.values())} only in Mayak's, {sum(extra.values())} only in the "
          f"hand-written (or in another order)", file=sys.stderr)
    for label, rows in (("mayak", missing), ("hand", extra)):
        for row in list(rows)[:10]:
            print(f"  {label}: {' | '.join(row)}", file=sys.stderr)
    raise SystemExit(1)


def main(argv: list[str] | None = None) -> int:
    args = scale_and_repeat(
        "Time mayak report against a hand-written Polars script (subprocesses).", argv)

    with tempfile.TemporaryDirectory(prefix="mayak-bench-") as folder:
        data, output = Path(folder) / "data", Path(folder)
        described = write_data(data, args.scale)
        runs = commands(data, output)
        timings = measure_processes(runs, args.repeat, ROOT)
        compared = check_same(output / "mayak.md", output / "hand.md")
    medians = {name: timing.wall for name, timing in timings.items()}
    cpu_medians = {name: timing.cpu for name, timing in timings.items()}
    ratio = medians["mayak"] / medians["hand-written"]
    verdict = "within" if ratio <= TARGET_RATIO else "ABOVE"
    print(f"mayak report vs hand-written Polars, whole processes (scale {args.scale:g}, "
          f"median of {args.repeat})")
    print(*described, sep="\n")
    print(f"  {compared:,} table rows agree (values, planned values, statuses, counts)")
    for name in runs:
        print(f"  {name + ' median':<21} {medians[name]:.3f} s   (CPU {cpu_medians[name]:.3f} s)")
    print(f"  ratio mayak/hand      {ratio:.2f}x  ({verdict} target <= {TARGET_RATIO}x); "
          f"CPU time {cpu_medians['mayak'] / cpu_medians['hand-written']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
