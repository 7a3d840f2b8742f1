"""Time ``mayak --help`` against ``python -c "import polars"``, both as whole processes.

Help must not wait for the libraries the commands use: ``mayak --help`` should cost less
than importing Polars alone. Both commands run in the same run, alternating, ``--repeat``
times each after a warm-up; the script prints the median wall time of each and the ratio.
It is a measurement, not a test: it exits 0 whatever the numbers, and non-zero only when a
command fails.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from _common import measure_processes

ROOT = Path(__file__).resolve().parent.parent
MAYAK = Path(sys.executable).parent / "mayak"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time mayak --help against import polars.")
    parser.add_argument("--repeat", type=int, default=15, help="timed runs of each (median)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be >= 1")
    runs = {
        "mayak --help": [str(MAYAK), "--help"],
        "mayak validate --help": [str(MAYAK), "validate", "--help"],
        'python -c "import polars"': [sys.executable, "-c", "import polars"],
        'python -c "pass"': [sys.executable, "-c", "pass"],
    }
    medians = {name: timing.wall for name, timing in
               measure_processes(runs, args.repeat, ROOT).items()}
    print(f"median of {args.repeat} runs")
    for name, seconds in medians.items():
        print(f"  {name:<28} {seconds:6.3f} s")
    ratio = medians["mayak --help"] / medians['python -c "import polars"']
    print(f"  ratio mayak --help / import polars: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
