"""Time writing the HTML report against the evaluation it shows, at national scale.

Generates ``bench_indicators``' synthetic national data (1.7 M teachers, 2 700 municipalities
at full scale), then, in one process, ``--repeat`` times in turn:

- evaluation: ``rules.evaluate(frames, levels=["municipality"])`` with ``rules/kaliningrad``;
- HTML: ``render_html(compose(result, specs, None, "ru"))`` — the default report: the
  indicator form, the table of 2 700 municipalities × 5 indicators and a bar chart per
  indicator (the 50 highest and lowest municipalities drawn, see ``docs/reports.md``).

It prints both medians and their ratio; the target is a ratio of 1 or less (the issue asks
that writing the HTML take at most as long as the evaluation). The first chart drawn in a
process also starts vl-convert's JavaScript engine; that one-off cost is printed apart.

This is a measurement, not a test: it exits 0 whatever the ratio.
"""

from __future__ import annotations

import sys
import time

import mayak
import polars as pl
from _common import measure, scale_and_repeat
from bench_indicators import RULES, make_frames
from mayak.render import compose
from mayak.render._html import render_html
from mayak.render._html_charts import chart_svg

TARGET_RATIO = 1.0


def main(argv: list[str] | None = None) -> int:
    args = scale_and_repeat("Time the HTML report against the evaluation.", argv)
    frames = make_frames(args.scale)
    rules = mayak.load([RULES])
    start = time.perf_counter()
    chart_svg({"data": {"values": [{"x": 1}]}, "mark": "bar",
               "encoding": {"x": {"field": "x", "type": "quantitative"}}}, "ru")
    cold = time.perf_counter() - start
    result = rules.evaluate(frames, levels=["municipality"])
    document = compose(result, rules.specs, None, "ru")
    size = len(render_html(document))
    medians = measure({
        "evaluation": lambda: rules.evaluate(frames, levels=["municipality"]),
        "html": lambda: render_html(compose(result, rules.specs, None, "ru")),
    }, args.repeat)
    ratio = medians["html"] / medians["evaluation"]
    verdict = "within" if ratio <= TARGET_RATIO else "ABOVE"
    units = result.indicators.filter(pl.col("level") == "municipality").height
    print(f"HTML report vs evaluation (scale {args.scale:g}, median of {args.repeat})")
    print(f"  indicator rows per municipality level  {units:,}")
    print(f"  HTML file                              {size / 1e6:.2f} MB")
    print(f"  vl-convert start (once per process)    {cold:.3f} s")
    print(f"  evaluation median                      {medians['evaluation']:.3f} s")
    print(f"  compose + render_html median           {medians['html']:.3f} s")
    print(f"  ratio html/evaluation                  {ratio:.2f}x  ({verdict} target <= "
          f"{TARGET_RATIO}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
