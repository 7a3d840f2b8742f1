"""Time and peak memory of ``mayak screen --format xlsx`` against ``--format csv``.

The applications of ``bench_screening.py`` (seeded, category as text) are written to a
Parquet file, and the whole command ``mayak screen --rules rules/kaliningrad FILE --format F
-o OUT`` is run as a subprocess for each format, the runs alternating. For each it prints
the median wall-clock time, the peak resident memory of the process (from ``wait4``) and the
size of the file written.

Run ``python benchmarks/bench_screening_xlsx.py --help`` for options. This is a measurement,
not a test: it exits 0 whatever the numbers, and non-zero only when a command fails.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_screening import APPLICATIONS, MAYAK, ROOT, make_applications

FORMATS = ("csv", "xlsx")
MEMORY_LIMIT_MB = 2048  # the workbook's target at a million applications


def run_once(applications: Path, fmt: str, output: Path) -> tuple[float, float]:
    """Wall-clock seconds and peak resident memory (MB) of one ``mayak screen``."""
    arguments = [str(MAYAK), "screen", "--rules", "rules/kaliningrad", str(applications),
                 "--format", fmt, "-o", str(output)]
    start = time.perf_counter()
    process = subprocess.Popen(arguments, cwd=ROOT, env={**os.environ, "MAYAK_LANG": "ru"},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        print(f"mayak screen --format {fmt} exited {process.returncode}:\n"
              f"{err.decode()[-2000:]}", file=sys.stderr)
        raise SystemExit(1)
    peak = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 2**20
    return seconds, peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time and peak memory of mayak screen: XLSX against CSV.")
    parser.add_argument("--scale", type=float, default=1.0,
                        help=f"share of the {APPLICATIONS:,} applications (e.g. 0.05)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="timed runs of each format (median)")
    args = parser.parse_args(argv)
    if args.scale <= 0 or args.repeat < 1:
        parser.error("--scale must be > 0 and --repeat >= 1")

    applications = make_applications(args.scale)["text"]
    with tempfile.TemporaryDirectory(prefix="mayak-bench-") as folder:
        source = Path(folder) / "applications.parquet"
        applications.write_parquet(source)
        print(f"mayak screen on {applications.height:,} applications ({source.name}, "
              f"{source.stat().st_size / 1e6:.0f} MB), median of {args.repeat}:")
        times: dict[str, list[float]] = {f: [] for f in FORMATS}
        peaks: dict[str, list[float]] = {f: [] for f in FORMATS}
        sizes: dict[str, float] = {}
        for _ in range(args.repeat):
            for fmt in FORMATS:  # alternating, so that drift hits both alike
                output = Path(folder) / f"screening.{fmt}"
                seconds, peak = run_once(source, fmt, output)
                times[fmt].append(seconds)
                peaks[fmt].append(peak)
                sizes[fmt] = output.stat().st_size / 1e6
                output.unlink()
    for fmt in FORMATS:
        print(f"  --format {fmt:<5} {statistics.median(times[fmt]):7.1f} s   peak "
              f"{max(peaks[fmt]):6.0f} MB   file {sizes[fmt]:6.0f} MB")
    ratio = statistics.median(times["xlsx"]) / statistics.median(times["csv"])
    verdict = "within" if max(peaks["xlsx"]) <= MEMORY_LIMIT_MB else "ABOVE"
    print(f"  xlsx / csv time {ratio:.2f}x; xlsx peak memory {verdict} {MEMORY_LIMIT_MB} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
