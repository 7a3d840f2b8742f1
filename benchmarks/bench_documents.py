"""Time writing the report as XLSX, HTML and DOCX against the evaluation it shows, at
national scale.

Generates ``bench_indicators``' synthetic national data (1.7 M teachers, 2 700 municipalities
at full scale), then, in one process, ``--repeat`` times in turn:

- evaluation: ``rules.evaluate(frames, levels=["municipality"])`` with ``rules/kaliningrad``;
- each format: ``compose(result, specs, None, "ru")`` — the default report: the indicator
  form and the table of 2 700 municipalities × 5 indicators (with a bar chart per indicator
  in HTML, the 50 highest and lowest municipalities drawn, see ``docs/reports.md``) — then
  the workbook written to a file, the HTML page or the Word справка made in memory.

It prints the medians and each format's ratio to the evaluation; the target is a ratio of 1
or less (the issue asks that writing the XLSX and the HTML take at most as long as the
evaluation). The first chart drawn in a process also starts vl-convert's JavaScript engine;
that one-off cost is printed apart.

Then, as whole processes on the same data written to Parquet (``--repeat`` runs each, in
turn), ``mayak report --level municipality`` writing Markdown, HTML and XLSX. A run's time
less the Markdown run's is what writing that document costs the command, the chart
engine's start included (``mayak report -o *.html`` starts it in a process of its own while
the data are read, see ``mayak.render.chart_engine``); the Markdown run's own writing,
timed in process, is added back, so nothing is left out. That sum is compared with the
evaluation as the command does it: ``rules.evaluate_folder`` on the Parquet files (reading
and checking them, then computing), timed in process; the ratio to the evaluation of the
frames already in memory is printed too.

This is a measurement, not a test: it exits 0 whatever the ratio.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import mayak
import polars as pl
from _common import measure, measure_processes, scale_and_repeat
from bench_indicators import RULES, make_frames
from bench_report import MAYAK, ROOT, write_data
from mayak.render import REPORT_RENDERERS, compose, render_docx, render_html
from mayak.render._chart_draw import chart_svg
from mayak.render._xlsx_report import render_xlsx

TARGET_RATIO = 1.0


def main(argv: list[str] | None = None) -> int:
    args = scale_and_repeat("Time the report's documents against the evaluation.", argv)
    frames = make_frames(args.scale)
    rules = mayak.load([RULES])
    start = time.perf_counter()
    chart_svg({"data": {"values": [{"x": 1}]}, "mark": "bar",
               "encoding": {"x": {"field": "x", "type": "quantitative"}}}, "ru")
    cold = time.perf_counter() - start
    result = rules.evaluate(frames, levels=["municipality"])
    with tempfile.TemporaryDirectory() as folder:
        workbook = Path(folder) / "report.xlsx"
        data = Path(folder) / "parquet"
        write_data(data, frames)

        def xlsx() -> None:
            render_xlsx(compose(result, rules.specs, None, "ru"), workbook)

        xlsx()
        sizes = {"xlsx": workbook.stat().st_size,
                 "html": len(render_html(compose(result, rules.specs, None, "ru"))),
                 "docx": len(render_docx(compose(result, rules.specs, None, "ru")))}
        medians = measure({
            "evaluation": lambda: rules.evaluate(frames, levels=["municipality"]),
            "from files": lambda: rules.evaluate_folder(data, levels=["municipality"]),
            "xlsx": xlsx,
            "html": lambda: render_html(compose(result, rules.specs, None, "ru")),
            "docx": lambda: render_docx(compose(result, rules.specs, None, "ru")),
            "md": lambda: REPORT_RENDERERS["md"](result, "ru"),
        }, args.repeat)
        processes = _whole_processes(Path(folder), data, args.repeat)
    units = result.indicators.filter(pl.col("level") == "municipality").height
    print(f"Report documents vs evaluation (scale {args.scale:g}, median of {args.repeat})")
    print(f"  indicator rows at the municipality level  {units:,}")
    print(f"  vl-convert start (once per process)       {cold:.3f} s")
    print(f"  evaluation median                         {medians['evaluation']:.3f} s")
    print(f"  the same from the Parquet files (read too) {medians['from files']:.3f} s")
    for name in ("xlsx", "html", "docx"):
        ratio = medians[name] / medians["evaluation"]
        verdict = "within" if ratio <= TARGET_RATIO else "ABOVE"
        print(f"  compose + {name:<5} median {medians[name]:7.3f} s  ({sizes[name] / 1e6:.2f} MB)"
              f"  ratio {ratio:.2f}x  ({verdict} target <= {TARGET_RATIO}x)")
    print(f"Whole processes, mayak report --level municipality -o (median of {args.repeat})")
    print(f"  md    run median {processes['md']:7.3f} s  (its writing, in process: "
          f"{medians['md']:.3f} s)")
    for name in ("html", "xlsx"):
        writing = processes[name] - processes["md"] + medians["md"]
        ratio = writing / medians["from files"]
        verdict = "within" if ratio <= TARGET_RATIO else "ABOVE"
        print(f"  {name:<5} run median {processes[name]:7.3f} s  writing it {writing:.3f} s"
              f"  ratio to the command's evaluation (from the files) {ratio:.2f}x  "
              f"({verdict} target <= {TARGET_RATIO}x); to the evaluation of frames in memory "
              f"{writing / medians['evaluation']:.2f}x")
    return 0


def _whole_processes(folder: Path, data: Path, repeat: int) -> dict[str, float]:
    """Median wall-clock seconds of ``mayak report`` writing each format, as processes."""
    runs = {name: [str(MAYAK), "report", "--rules", str(RULES), "--data", str(data),
                   "--level", "municipality", "-o", str(folder / f"report.{name}")]
            for name in ("md", "html", "xlsx")}
    return {name: timing.wall
            for name, timing in measure_processes(runs, repeat, ROOT).items()}


if __name__ == "__main__":
    sys.exit(main())
