"""The indicator parts of a report: the form «plan — achieved» (№, indicator, unit, planned
value as written, achieved, printed, status, comment, basis) and the wide table of units ×
indicators, with their charts."""

from __future__ import annotations

import polars as pl

from mayak.render._context import Context
from mayak.render._document import Chart, Column, Part, Table
from mayak.spec._model import TOTAL_LEVEL, ReportSection, TableColumn

# The planned value as a line on a chart: only a one-sided bound draws one.
DIGITS = "__digits"  # the frame column of each row's decimals (no spec name starts with _)
_ONE_SIDED = (">=", "<=", ">", "<", "==")


def _chosen(ctx: Context, section: ReportSection, level: str) -> pl.DataFrame:
    rows = ctx.result.indicators
    if rows.is_empty():
        return rows
    rows = rows.filter(pl.col("level") == level)
    if section.indicators is not None:
        order = {name: n for n, name in enumerate(section.indicators)}
        rows = (rows.filter(pl.col("indicator").is_in(list(order)))
                .sort(pl.col("indicator").replace_strict(order), maintain_order=True))
    return rows


def _by_indicator(ctx: Context, names: list[str], what: str) -> pl.Expr:
    """The note or basis of each row's indicator (a few specs, mapped at once)."""
    found = {}
    for name in names:  # indicators, not data rows
        if what == "note":
            target = ctx.target(name)
            found[name] = target.note if target and target.note else ""
        else:
            found[name] = ctx.basis(name)
    return pl.col("indicator").replace_strict(found, default=pl.lit(""), return_dtype=pl.String)


def indicator_form(ctx: Context, section: ReportSection) -> Part:
    """Each indicator's planned value against the achieved one, as the regions' forms have
    it; at a level other than the total, one row per indicator and key."""
    level = section.level or TOTAL_LEVEL
    title = section.title or ctx.t("report.part.indicators")
    rows = _chosen(ctx, section, level)
    if rows.is_empty():
        return Part("indicators", title, section.text, empty=True)
    names = rows.get_column("indicator").unique(maintain_order=True).to_list()
    frame = rows.with_row_index("number", offset=1).select(
        pl.col("number").cast(pl.Int64), "title", "key", ctx.unit_shown().alias("unit"),
        pl.col("planned").fill_null("—"), "value", "published",
        pl.col("status").cast(pl.String),
        *(["previous", "change"] if ctx.compared else []),
        _digits(rows).alias(DIGITS),
        _by_indicator(ctx, names, "note").alias("note"),
        _by_indicator(ctx, names, "basis").alias("basis"))
    columns = [Column("number", "№", "integer"),
               Column("title", ctx.t("col.indicator"))]
    if level != TOTAL_LEVEL:
        columns.append(Column("key", ctx.result.level_titles.get(level, level)))
    columns += [Column("unit", ctx.t("col.unit")),
                Column("planned", ctx.t("col.planned")),
                Column("value", ctx.t("col.achieved"), "number", digits_column=DIGITS),
                Column("published", ctx.t("col.published_value"), "number"),
                Column("status", ctx.t("col.status"), "status")]
    if ctx.compared:
        columns += [Column("previous", ctx.t("col.previous_in", period=ctx.label(
                        ctx.result.compared_with)), "number", digits_column=DIGITS),
                    Column("change", ctx.t("col.change"), "number", signed=True,
                           digits_column=DIGITS)]
    columns += [Column("note", ctx.t("col.comment")), Column("basis", ctx.t("col.basis"))]
    columns = [c for c in columns if c.name not in _blank(frame, ("published", "note", "basis"))]
    frame, notes = _basis_references(ctx, frame)
    return Part("indicators", title, section.text,
                tables=(Table(frame, tuple(columns), notes=notes),))


def _digits(rows: pl.DataFrame) -> pl.Expr:
    """Each row's decimals, as its indicator rounds (None: as computed)."""
    if "digits" not in rows.columns:
        return pl.lit(None, pl.Int64)
    return pl.col("digits").cast(pl.Int64)


def _basis_references(ctx: Context, frame: pl.DataFrame) -> tuple[pl.DataFrame, tuple[str, ...]]:
    """Each row's basis as a reference, «[1]», and the bases written out once under the
    table: a long document title on every row would crowd the form out."""
    found = [b for b in frame.get_column("basis").unique(maintain_order=True).to_list() if b]
    if not found:
        return frame, ()
    numbers = {b: f"[{n}]" for n, b in enumerate(found, start=1)}
    referred = frame.with_columns(pl.col("basis").replace_strict(numbers, default=pl.lit("")))
    return referred, tuple(f"{numbers[b]} {b}" for b in found)


def _blank(frame: pl.DataFrame, names: tuple[str, ...]) -> set[str]:
    """The optional columns with nothing to show."""
    empty = frame.select(
        *((pl.col(n).is_null() | (pl.col(n).cast(pl.String) == "")).all().alias(n)
          for n in names))
    return {n for n in names if empty.item(0, n)}


_PER_INDICATOR: dict[TableColumn, tuple[str, str]] = {
    "value": ("col.value", "number"), "planned": ("col.planned", "text"),
    "status": ("col.status", "status"), "published": ("col.published_value", "number"),
    "previous": ("col.previous", "number"), "change": ("col.change", "number"),
    "ratio": ("col.ratio", "number")}


def unit_table(ctx: Context, section: ReportSection) -> Part:
    """A row per unit of the level, the chosen columns of each indicator side by side, and
    a chart per indicator."""
    level = section.level or TOTAL_LEVEL
    key_title = ctx.result.level_titles.get(level, level)
    title = section.title or ctx.t("report.part.table", level=key_title)
    rows = _chosen(ctx, section, level)
    if rows.is_empty():
        return Part("table", title, section.text, empty=True)
    shown = section.columns or (("value", "status", "previous", "change") if ctx.compared
                                else ("value", "status"))
    if not ctx.compared:
        shown = tuple(c for c in shown if c not in ("previous", "change", "ratio"))
    frame = rows.select("key").unique(maintain_order=True).sort("key", nulls_last=True)
    columns = [Column("key", key_title)]
    charts = []
    for (name, indicator_title), mine in rows.group_by("indicator", "title",
                                                       maintain_order=True):
        picked = mine.select("key", *(_typed(c).alias(f"{name}.{c}") for c in shown))
        frame = frame.join(picked, on="key", how="left", nulls_equal=True,
                           maintain_order="left")
        columns += [_per_indicator(c, name, str(indicator_title), mine, ctx) for c in shown]
        if section.chart:
            charts += _charts(ctx, str(name), str(indicator_title), mine)
    return Part("table", title, section.text, tables=(Table(frame, tuple(columns)),),
                charts=tuple(charts))


def _per_indicator(column: TableColumn, name: str, title: str, rows: pl.DataFrame,
                   ctx: Context) -> Column:
    """An indicator's column of the wide table: its values shown as the indicator rounds
    them, a percentage with « %» (its change in points is a plain number)."""
    key, kind = _PER_INDICATOR[column]
    digits = rows.get_column("digits").max() if "digits" in rows.columns else None
    places = int(digits) if isinstance(digits, int) else None
    if kind == "number" and column in ("value", "previous", "published"):
        unit = rows.get_column("unit").first() if rows.height else None
        return Column(f"{name}.{column}", ctx.t(key), "percent" if unit == "percent" else "number",
                      places, group=title)
    if kind == "number":
        return Column(f"{name}.{column}", ctx.t(key), "number",
                      None if column == "ratio" else places, group=title,
                      signed=column == "change")
    return Column(f"{name}.{column}", ctx.t(key), kind, group=title)  # type: ignore[arg-type]


def _typed(column: str) -> pl.Expr:
    if column == "status":
        return pl.col(column).cast(pl.String)
    return pl.col(column).fill_null("—") if column == "planned" else pl.col(column)


def _charts(ctx: Context, name: str, title: str, rows: pl.DataFrame) -> list[Chart]:
    """Bars per unit with the planned value's line; the two periods side by side."""
    target = ctx.target(name)
    line = (target.planned.low if target is not None and target.planned.op in _ONE_SIDED
            else None)
    unit = rows.select(ctx.unit_shown()).item(0, 0) if rows.height else ""
    bars = rows.select(pl.col("key").alias("label"), "value",
                       pl.lit(line, pl.Float64).alias("target"),
                       pl.col("status").cast(pl.String))
    charts = [Chart("bars", title, bars, unit)]
    if ctx.compared:
        now, then = ctx.label(ctx.result.period), ctx.label(ctx.result.compared_with)
        dynamics = pl.concat([
            rows.select(pl.col("key").alias("label"), pl.lit(then).alias("period"),
                        pl.col("previous").alias("value")),
            rows.select(pl.col("key").alias("label"), pl.lit(now).alias("period"), "value")])
        charts.append(Chart("dynamics", title, dynamics, unit))
    return charts
