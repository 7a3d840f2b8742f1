"""Time the whole ``mayak report`` command against a hand-written Polars script.

Writes ``bench_indicators``' synthetic national data (1.7 M teachers, 2 700 municipalities at
full scale) to Parquet files, one per dataset, then runs as subprocesses, in turn,
``--repeat`` times:

- ``mayak report --rules rules/kaliningrad --data DATA --level municipality --format md -o
  OUT``: start-up, loading and checking the rules, reading and checking the data, evaluating,
  rendering and writing the Markdown report;
- ``benchmarks/_handwritten_report.py DATA OUT``: the same table, by hand in Polars, the
  computation only (it checks nothing);
- ``benchmarks/_same_work_report.py DATA OUT``: the same document, by hand in Polars, doing
  the same work: the files read as Mayak reads them, checked and tidied as Mayak does, and
  the notes on what was found written.

It prints the median wall-clock time of each side, the ratios of Mayak to both hand-written
scripts, and the CPU time (user + system, every thread) as well: on a busy machine it
varies less than the wall clock.

The tables are checked to hold the same rows (every indicator, level, key, value, planned
value, status and count), and the same-work document to be Mayak's (but for the version
and the time of the computation), before the times are trusted; that document also on
data with one slip of each kind (``bench_indicators.with_slips``). Run
``python benchmarks/bench_report.py --help`` for options.

This is a measurement, not a test: it exits 0 whatever the ratio, and 1 only when the two
reports disagree (then the timing would mean nothing).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import polars as pl
from _common import measure_processes, scale_and_repeat
from bench_indicators import make_frames, with_slips

ROOT = Path(__file__).resolve().parent.parent
MAYAK = Path(sys.executable).with_name("mayak")  # the CLI of the same virtualenv
HANDWRITTEN = Path(__file__).resolve().parent / "_handwritten_report.py"
SAME_WORK = Path(__file__).resolve().parent / "_same_work_report.py"
OWN_LINES = ("- Версия", "- Дата и время расчёта")  # each side's own: not compared
TARGET_RATIO = 1.2


def write_data(folder: Path, frames: dict[str, pl.DataFrame]) -> list[str]:
    """The data sets as ``<folder>/<dataset>.parquet``; a line describing each."""
    folder.mkdir()
    lines = []
    for name, frame in frames.items():
        path = folder / f"{name}.parquet"
        frame.write_parquet(path)
        lines.append(f"  {name:<24} {frame.height:>10,} rows  {path.stat().st_size / 1e6:7.1f} MB")
    return lines


def commands(data: Path, output: Path) -> dict[str, list[str]]:
    return {
        "hand-written": [sys.executable, str(HANDWRITTEN), str(data), str(output / "hand.md")],
        "same work": [sys.executable, str(SAME_WORK), str(data), str(output / "same.md")],
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


def check_same_document(mayak: Path, hand: Path) -> int:
    """Exit 1 unless the same-work document is Mayak's but for the lines each writes of
    itself; return the number of lines compared."""
    ours, theirs = ([line for line in path.read_text(encoding="utf-8").split("\n")
                     if not line.startswith(OWN_LINES)] for path in (mayak, hand))
    if ours == theirs:
        return len(ours)
    differ = [(n, a, b) for n, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b]
    print(f"MISMATCH in the document: Mayak {len(ours)} lines, same-work {len(theirs)} lines",
          file=sys.stderr)
    for n, a, b in differ[:10]:
        print(f"  line {n}:\n    mayak: {a}\n    hand:  {b}", file=sys.stderr)
    raise SystemExit(1)


def check_slipped(folder: Path, frames: dict[str, pl.DataFrame]) -> int:
    """On data with one slip of each kind, the same-work document (with its notes) and exit
    code against Mayak's; return the number of lines compared."""
    data = folder / "slipped"
    write_data(data, with_slips(frames))
    runs = commands(data, folder)
    codes = [subprocess.run(runs[name], cwd=ROOT, env={**os.environ, "MAYAK_LANG": "ru"},
                            capture_output=True, check=False).returncode
             for name in ("mayak", "same work")]
    if codes[0] != codes[1] or codes[0] not in (0, 2):
        print(f"MISMATCH in exit codes on the data with slips: {codes}", file=sys.stderr)
        raise SystemExit(1)
    return check_same_document(folder / "mayak.md", folder / "same.md")


def main(argv: list[str] | None = None) -> int:
    args = scale_and_repeat(
        "Time mayak report against a hand-written Polars script (subprocesses).", argv)

    with tempfile.TemporaryDirectory(prefix="mayak-bench-") as folder:
        data, output = Path(folder) / "data", Path(folder)
        frames = make_frames(args.scale)
        described = write_data(data, frames)
        slipped = check_slipped(output, frames)
        runs = commands(data, output)
        timings = measure_processes(runs, args.repeat, ROOT)
        compared = check_same(output / "mayak.md", output / "hand.md")
        lines = check_same_document(output / "mayak.md", output / "same.md")
    print(f"mayak report vs hand-written Polars, whole processes (scale {args.scale:g}, "
          f"median of {args.repeat})")
    print(*described, sep="\n")
    print(f"  {compared:,} table rows agree (values, planned values, statuses, counts); the "
          f"same-work document agrees line for line ({lines:,} lines; with one slip of each "
          f"kind, {slipped:,} lines)")
    for name in runs:
        print(f"  {name + ' median':<21} {timings[name].wall:.3f} s   "
              f"(CPU {timings[name].cpu:.3f} s)")
    for name, label, target in (("hand-written", "computation only", None),
                                ("same work", "same work", TARGET_RATIO)):
        ratio = timings["mayak"].wall / timings[name].wall
        against = "" if target is None else (
            f"  ({'within' if ratio <= target else 'ABOVE'} target <= {target}x)")
        print(f"  ratio mayak/hand, {label + ':':<17} {ratio:.2f}x wall, "
              f"{timings['mayak'].cpu / timings[name].cpu:.2f}x CPU{against}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
