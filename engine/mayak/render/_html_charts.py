"""A document's chart as inline SVG: a Vega-Lite spec drawn by vl-convert (no browser, no
network: data are inlined and no base URL is allowed).

Bars run horizontally, one band per unit, sorted, the chart as tall as its units need.
Past ``CAP`` units only the highest and the lowest half of ``CAP`` are drawn (a note says
so): thousands of bars would be unreadable and slow to draw.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

import polars as pl
from msgspec import Struct

from mayak.messages._catalogue import Lang, text
from mayak.render._chart_draw import ENGINE_SPACE, engine_fits
from mayak.render._document import TONES, Chart

CAP = 50
LABEL_CHARS = 40  # an axis label's characters at most (about the 280 pixels allowed)
_WIDTH = 560
_BAND = 16  # pixels per bar
_COLOURS = {"good": "#2e7d32", "bad": "#c62828", "unknown": "#9e9e9e", "neutral": "#4f6fad"}
_COLOURS_OF = {status: _COLOURS[tone] for status, tone in TONES.items()}
_PERIODS = ("#a9bcd9", "#1f4f8f", "#6b8e23", "#b8860b")  # compared period, reporting one, …
_LONGEST = 200  # characters of a label kept whole because cut it would read as another's
_CONTROL = r"[\x00-\x1f\x7f-\x9f\u2028\u2029]"  # some abort the chart engine (the process)
_SVG_ID = re.compile(r'\bid="([^"]+)"')
_Spec = dict[str, Any]
_Drawn = tuple[_Spec, str | None, int]  # the spec, a note under it, the values drawn


def _capped(frame: pl.DataFrame, by: str, lang: Lang) -> tuple[pl.DataFrame, str | None]:
    """The rows sorted by ``by`` (highest first), the middle left out past CAP units."""
    frame = frame.sort(by, descending=True, nulls_last=True, maintain_order=True)
    if frame.height <= CAP:
        return frame, None
    half = CAP // 2
    note = text("html.chart_capped", lang, shown=2 * half, total=frame.height, half=half)
    return pl.concat([frame.head(half), frame.tail(half)]), note


def _axis_label() -> _Spec:
    # No pixel limit: measuring each label to cut it costs Vega more than the bars do.
    # Labels are cut to LABEL_CHARS characters beforehand instead (``_short``).
    return {"labelLimit": 0, "title": None}


def _cut(label: pl.Expr, length: int) -> pl.Expr:
    return (pl.when(label.str.len_chars() > length)
            .then(label.str.slice(0, length - 1) + "…").otherwise(label))


def _short(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """Labels longer than LABEL_CHARS cut with «…», unless two would then read alike (those
    cut at _LONGEST: names thousands of characters long took the chart engine minutes);
    control characters as spaces; labels still alike told apart by « (2)», « (3)»."""
    full = pl.col(column).cast(pl.String).str.replace_all(_CONTROL, " ")
    cut = _cut(full, LABEL_CHARS)
    shown = pl.when(cut.is_duplicated()).then(_cut(full, _LONGEST)).otherwise(cut)
    frame = frame.with_columns(shown.alias(column))
    label = pl.col(column)
    number = label.cum_count().over(column)
    return frame.with_columns(
        pl.when(label.is_duplicated() & (number > 1))
        .then(label + " (" + number.cast(pl.String) + ")").otherwise(label).alias(column))


def _bars(chart: Chart, statuses: Mapping[str, str], lang: Lang) -> _Drawn:
    """A bar per unit coloured by status, and the planned value as a dashed line."""
    drawn = chart.frame.filter(pl.col("value").is_not_null())
    drawn, note = _capped(drawn, "value", lang)
    drawn = _short(drawn, "label")
    code = pl.col("status").cast(pl.String).fill_null("")
    drawn = drawn.with_columns(
        code.replace_strict(dict(statuses), default=code).alias("shown"),
        code.replace_strict(_COLOURS_OF, default=pl.lit(_COLOURS["neutral"])).alias("colour"))
    legend = drawn.select("shown", "colour").unique(maintain_order=True)
    present = legend.get_column("shown").to_list()
    # No legend where no bar has a verdict (a ranking; an indicator without a target).
    neutral = legend.get_column("colour").eq(_COLOURS["neutral"]).all()
    colour: _Spec = (
        {"value": _COLOURS["neutral"]} if neutral else
        {"field": "shown", "type": "nominal", "title": None,
         "scale": {"domain": present, "range": legend.get_column("colour").to_list()},
         "legend": {"orient": "bottom"}})
    labels = drawn.get_column("label").cast(pl.String).to_list()
    layers: list[_Spec] = [{
        "data": {"values": drawn.select("label", "value", "shown").to_dicts()},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "sort": labels, "axis": _axis_label()},
            "x": {"field": "value", "type": "quantitative", "title": chart.unit or None},
            "color": colour}}]
    targets = chart.frame.get_column("target").drop_nulls()
    if targets.len():
        target = float(targets.item(0))
        shown = f"{target:g}".replace(".", "," if lang == "ru" else ".")
        layers.append({
            "data": {"values": [{"target": target}]},
            "layer": [
                {"mark": {"type": "rule", "color": "#000", "strokeDash": [5, 3],
                          "strokeWidth": 1.5},
                 "encoding": {"x": {"field": "target", "type": "quantitative"}}},
                {"mark": {"type": "text", "align": "left", "dx": 3, "dy": -4, "y": 0,
                          "baseline": "bottom"},
                 "encoding": {"x": {"field": "target", "type": "quantitative"},
                              "text": {"value": text("html.chart_target", lang, value=shown)}}}]})
    return {"width": _WIDTH, "height": _BAND * max(len(labels), 1), "layer": layers}, note, \
        drawn.height


def _paired(frame: pl.DataFrame, band: str, value: str, *, periods: list[str],
            order: list[str], unit: str) -> _Spec:
    """Bars of each period side by side within a band (a unit, a class)."""
    height = max(len(order), 1) * (len(periods) * (_BAND - 6) + 6)
    return {
        "width": _WIDTH, "height": height,
        "data": {"values": frame.select(band, "period", value).to_dicts()},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": band, "type": "nominal", "sort": order, "axis": _axis_label()},
            "yOffset": {"field": "period", "type": "nominal", "sort": periods},
            "x": {"field": value, "type": "quantitative", "title": unit or None},
            "color": {"field": "period", "type": "nominal", "title": None,
                      "scale": {"domain": periods, "range": list(_PERIODS[:len(periods)])},
                      "legend": {"orient": "bottom"}}}}


def _dynamics(chart: Chart, lang: Lang) -> _Drawn:
    """Each unit's values in the compared periods, units sorted by the reporting one."""
    periods = chart.frame.get_column("period").unique(maintain_order=True).to_list()
    latest = (chart.frame.filter(pl.col("period") == periods[-1])
              .select("label", "value") if periods else pl.DataFrame())
    if latest.height > CAP:  # the lowest drawn are values, not units without one
        latest = latest.filter(pl.col("value").is_not_null())
    ranked, note = _capped(latest, "value", lang) if periods else (latest, None)
    order = ranked.get_column("label").to_list() if periods else []
    drawn = chart.frame.filter(pl.col("label").is_in(order))
    # The labels drawn (at most CAP), each cut as the bars' are.
    short = _short(pl.DataFrame({"label": order}, schema={"label": pl.String}),
                   "label").get_column("label").to_list()
    drawn = drawn.with_columns(pl.col("label").replace_strict(order, short))
    order = short
    return (_paired(drawn, "label", "value", periods=periods, order=order, unit=chart.unit),
            note, drawn.get_column("value").drop_nulls().len())


def _classes(chart: Chart) -> _Drawn:
    """How many units each class has, the periods side by side (the reporting one, listed
    first, drawn last)."""
    periods = chart.frame.get_column("period").unique(maintain_order=True).to_list()[::-1]
    names = chart.frame.get_column("class").cast(pl.String).unique(maintain_order=True)
    order = _short(names.to_frame("class"), "class").get_column("class").to_list()
    cut = {name: short for name, short in zip(names.to_list(), order, strict=True)
           if name is not None}
    frame = chart.frame.with_columns(pl.col("class").cast(pl.String).replace_strict(
        cut, default=pl.col("class").cast(pl.String)))
    return (_paired(frame, "class", "units", periods=periods, order=order, unit=""),
            None, chart.frame.height)


def _unique_ids(svg: str, prefix: str) -> str:
    """Ids made unique in the page (several SVGs inline may each define ``clip1``)."""
    for found in set(_SVG_ID.findall(svg)):
        svg = (svg.replace(f'id="{found}"', f'id="{prefix}{found}"')
               .replace(f"url(#{found})", f"url(#{prefix}{found})")
               .replace(f'href="#{found}"', f'href="#{prefix}{found}"'))
    return svg


class Figure(Struct, frozen=True):
    """A chart made ready to draw: its caption (HTML), and the spec to draw, or instead
    the reason it is not drawn (HTML)."""

    caption: str
    spec: _Spec | None
    instead: str = ""


def figure(chart: Chart, statuses: Mapping[str, str], lang: Lang) -> Figure:
    """The chart's spec and caption: its title, and a note when units were left out."""
    if chart.kind == "bars":
        spec, note, drawn = _bars(chart, statuses, lang)
    elif chart.kind == "dynamics":
        spec, note, drawn = _dynamics(chart, lang)
    else:
        spec, note, drawn = _classes(chart)
    title = text(f"html.chart.{chart.kind}", lang, title=chart.title)
    caption = html.escape(title) + (
        f'<br><span class="note">{html.escape(note)}</span>' if note else "")
    if not drawn:
        return Figure(caption, None, html.escape(text("report.no_data", lang)))
    if not engine_fits():
        return Figure(caption, None, html.escape(
            text("html.chart_no_memory", lang, needed=ENGINE_SPACE >> 30)))
    return Figure(caption, spec)


def figure_html(shown: Figure, svg: str | None, number: int) -> str:
    """The figure with its SVG (drawn from ``shown.spec``), ids unique in the page."""
    body = (_unique_ids(svg, f"c{number}-") if svg is not None
            else f'<p class="empty">{shown.instead}</p>')
    return (f'<figure class="chart">\n<figcaption>{shown.caption}</figcaption>\n{body}\n'
            "</figure>\n")
