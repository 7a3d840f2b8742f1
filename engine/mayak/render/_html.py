"""A report document as one self-contained HTML file: styles inline, charts as inline SVG,
nothing fetched (a Content-Security-Policy forbids it), every text escaped."""

from __future__ import annotations

import html
from collections.abc import Iterator
from concurrent.futures import Future

from mayak.messages._catalogue import Lang, text
from mayak.render._chart_draw import chart_svg
from mayak.render._chart_engine import ChartEngine, ChartNotDrawnError
from mayak.render._document import Document, Lines, Part
from mayak.render._html_charts import Figure, figure, figure_html
from mayak.render._html_tables import table_html

_STYLE = """
:root { --ink: #1d232b; --muted: #5b6470; --rule: #d5dae1; --head: #eef1f5;
  --good: #e3f3e4; --good-ink: #1b5e20; --bad: #fbe4e4; --bad-ink: #b71c1c;
  --unknown: #eeeeee; --unknown-ink: #555; --neutral: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.45 "PT Sans", "Segoe UI", "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; }
header.title { border-bottom: 3px solid #1f4f8f; padding-bottom: 12px; margin-bottom: 20px; }
h1 { font-size: 26px; line-height: 1.25; margin: 0 0 10px; }
h2 { font-size: 21px; margin: 36px 0 10px; padding-top: 8px; border-top: 1px solid var(--rule); }
h3 { font-size: 17px; margin: 20px 0 8px; }
h4 { font-size: 15px; margin: 14px 0 6px; color: var(--muted); }
.meta { margin: 2px 0; color: var(--muted); }
.meta b { color: var(--ink); font-weight: 600; }
nav.toc h2 { border-top: none; margin-top: 0; }
nav.toc ul { margin: 6px 0 0; padding-left: 0; list-style: none; columns: 2; column-gap: 32px; }
nav.toc li { margin: 0; padding: 2px 0; break-inside: avoid; }
nav.toc a { color: #1f4f8f; text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
.scroll { overflow-x: auto; margin: 8px 0; }
table { border-collapse: collapse; font-size: 13.5px; }
th, td { border: 1px solid var(--rule); padding: 4px 8px; vertical-align: top; }
th { background: var(--head); font-weight: 600; text-align: center; vertical-align: bottom; }
th.group { vertical-align: middle; }
td:first-child:not(.num) { min-width: 11em; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.st { white-space: nowrap; }
td.st-good { background: var(--good); color: var(--good-ink); }
td.st-bad { background: var(--bad); color: var(--bad-ink); }
td.st-unknown { background: var(--unknown); color: var(--unknown-ink); }
td.st-neutral { color: var(--muted); }
tbody tr:nth-child(even) td:not(.st) { background: #fafbfc; }
tr.bold td { font-weight: 700; }
p.note, .note { color: var(--muted); font-size: 13px; margin: 4px 0; }
p.empty { color: var(--muted); font-style: italic; }
figure.chart { margin: 18px 0; }
figure.chart figcaption { font-weight: 600; margin-bottom: 6px; }
figure.chart svg { max-width: 100%; height: auto; }
ol.items li { margin: 3px 0; }
@media print { main { max-width: none; padding: 0; } figure, table { break-inside: avoid; }
  nav.toc { break-after: page; } }
"""

# Nothing may be fetched: no scripts, no fonts or images from anywhere.
_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _title_block(document: Document) -> str:
    e = html.escape
    lang = document.lang
    rows = [f"<h1>{e(document.title)}</h1>"]
    for key, value in (("html.region", document.region), ("html.author", document.author),
                       ("html.period", document.period), ("html.made", document.made)):
        if value:
            rows.append(f'<p class="meta">{e(text(key, lang))}: <b>{e(value)}</b></p>')
    rows += [f'<p class="meta">{e(text("html.basis", lang))}: {e(line)}</p>'
             for line in document.basis]
    return '<header class="title">\n' + "\n".join(rows) + "\n</header>\n"


def _contents(document: Document) -> str:
    items = "".join(f'<li><a href="#part-{n}">{html.escape(part.title)}</a></li>\n'
                    for n, part in enumerate(document.parts, 1))
    if document.provenance:
        items += (f'<li><a href="#provenance">'
                  f'{html.escape(text("html.provenance", document.lang))}</a></li>\n')
    return (f'<nav class="toc"><h2>{html.escape(text("html.contents", document.lang))}</h2>'
            f'\n<ul>\n{items}</ul></nav>\n')


def _lines(lines: Lines) -> str:
    heading = ""
    if lines.heading:
        tag = "h4" if lines.depth else "h3"
        heading = f"<{tag}>{html.escape(lines.heading)}</{tag}>\n"
    items = "".join(f"<li>{html.escape(item)}</li>\n" for item in lines.items)
    return heading + (f'<ol class="items">\n{items}</ol>\n' if items else "")


def _part(document: Document, part: Part, number: int, charts: Iterator[str]) -> str:
    lang = document.lang
    found = [f'<section id="part-{number}" class="part part-{html.escape(part.type)}">',
             f"<h2>{html.escape(part.title)}</h2>"]
    if part.text:
        found += [f"<p>{html.escape(paragraph)}</p>"
                  for paragraph in part.text.split("\n\n") if paragraph.strip()]
    if part.empty:
        found.append(f'<p class="empty">{html.escape(text("report.no_data", lang))}</p>')
    found += [table_html(t, document.statuses, lang) for t in part.tables]
    found += [next(charts) for _ in part.charts]
    found += [_lines(lines) for lines in part.lines]
    return "\n".join(found) + "\n</section>\n"


def _charts(document: Document, engine: ChartEngine | None) -> Iterator[str]:
    """The document's charts as figures, in order. With an ``engine``, all are handed to it
    now and drawn in its process while the tables are written; else each is drawn here
    when its turn comes."""
    lang = document.lang
    figures = [figure(chart, document.statuses, lang)
               for part in document.parts for chart in part.charts]
    coming = [engine.draw(f.spec, lang) if engine is not None and f.spec is not None
              else None for f in figures]
    return (figure_html(shown, _svg(shown, drawn, lang), number)
            for number, (shown, drawn) in enumerate(zip(figures, coming, strict=True), 1))


def _svg(shown: Figure, drawn: Future[str] | None, lang: Lang) -> str | None:
    if shown.spec is None:
        return None
    if drawn is not None:
        try:
            return drawn.result()
        except ChartNotDrawnError:  # drawn here instead: the same SVG, or the same error
            pass
    return chart_svg(shown.spec, lang)


def _provenance(document: Document) -> str:
    if not document.provenance:
        return ""
    e = html.escape
    rows = "".join(f"<tr><th>{e(label)}</th><td>{e(value)}</td></tr>\n"
                   for label, value in document.provenance)
    return (f'<section id="provenance" class="provenance">\n'
            f"<h2>{e(text('html.provenance', document.lang))}</h2>\n"
            f'<div class="scroll"><table class="provenance">\n<tbody>\n{rows}</tbody>\n'
            f"</table></div>\n</section>\n")


def render_html(document: Document, engine: ChartEngine | None = None) -> bytes:
    """The document as one HTML file that opens offline and fetches nothing (UTF-8); its
    charts drawn by ``engine`` if given (``mayak.render.chart_engine``), else here."""
    charts = _charts(document, engine)
    parts = "".join(_part(document, part, n, charts)
                    for n, part in enumerate(document.parts, 1))
    page = (
        f'<!DOCTYPE html>\n<html lang="{document.lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(document.title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n{_title_block(document)}{_contents(document)}{parts}"
        f"{_provenance(document)}</main>\n</body>\n</html>\n")
    return page.encode("utf-8")
