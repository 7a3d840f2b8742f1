"""The median time of ``evaluate`` on the Kaliningrad example of one source tree.

The child process of ``bench_fixed_cost.py --before``: it imports only ``mayak`` (the one
first on ``PYTHONPATH``) and Polars, so that the package of an older tree can be timed on
that tree's own rules and example data. Usage: ``_evaluate_timing.py ROOT REPEAT``; prints
the median in milliseconds and the file ``mayak`` was imported from.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    root, repeat = Path(argv[0]), int(argv[1])
    import mayak  # noqa: PLC0415 -- after the arguments: the tree's package is on the path

    rules = mayak.load([root / "rules" / "kaliningrad"])
    data = rules.read(root / "examples" / "kaliningrad-2023" / "data")
    rules.evaluate(data, levels=["municipality"])  # warm-up
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        rules.evaluate(data, levels=["municipality"])
        times.append(time.perf_counter() - start)
    print(f"{statistics.median(times) * 1000:.3f} {mayak.__file__}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
