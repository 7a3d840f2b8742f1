"""The expert-review parts of a report: the ranking, the scores by section, the averages,
the classes, and the audits of published tables."""

from __future__ import annotations

import polars as pl

from mayak.render._context import Context
from mayak.render._document import Chart, Column, Part, Table
from mayak.render._expertise import AUDIT_CHECKS, audit_detail, average_group, average_order
from mayak.spec._model import ReportSection, Scoring
from mayak.spec._period import parse_period


def _review(ctx: Context, section: ReportSection) -> tuple[Scoring | None, pl.DataFrame]:
    review = ctx.specs.scorings.get(section.scoring or "")
    if review is None or review.id not in ctx.result.scores:
        return review, pl.DataFrame()
    return review, ctx.result.scores[review.id]


def _class_columns(ctx: Context, review: Scoring) -> list[Column]:
    return [Column(name, ctx.specs.classifications[name].title)
            for name in review.classes if name in ctx.specs.classifications]


def ranking(ctx: Context, section: ReportSection) -> Part:
    """The units scored in the reporting period by rank (ties share a place: 1, 2, 2, 4)."""
    review, units = _review(ctx, section)
    title = section.title or ctx.t("report.part.ranking",
                                   title=review.title if review else section.scoring)
    if review is None or units.is_empty():
        return Part("ranking", title, section.text, empty=True)
    rows = units.filter((pl.col("period") == ctx.code if ctx.code else pl.col("period")
                         .is_null()) & pl.col("rank").is_not_null()).sort("rank", "unit")
    if section.top is not None:
        rows = rows.filter(pl.col("rank") <= section.top)
    if rows.is_empty():
        return Part("ranking", title, section.text, empty=True)
    columns = [Column("rank", ctx.t("col.rank"), "integer"),
               Column("unit", ctx.t("col.unit_name")), *_class_columns(ctx, review),
               Column("total", ctx.t("col.total"), "number"),
               Column("percent", ctx.t("col.percent_of_max"), "percent", 1)]
    if ctx.compared:
        columns.append(Column("change", ctx.t("col.paired_change"), "number", signed=True))
    frame = rows.select(c.name for c in columns)
    charts: tuple[Chart, ...] = ()
    if section.chart:
        bars = rows.select(pl.col("unit").alias("label"), pl.col("percent").alias("value"),
                           pl.lit(None, pl.Float64).alias("target"),
                           pl.lit(None, pl.String).alias("status"))
        charts = (Chart("bars", title, bars, "%"),)
    return Part("ranking", title, section.text,
                tables=(Table(frame, tuple(columns), notes=(ctx.t("score.rank_note"),)),),
                charts=charts)


def _codes(ctx: Context, present: pl.Series) -> list[str | None]:
    """The periods to show, the reporting one first."""
    codes = [p.code for p in (ctx.result.period, ctx.result.compared_with) if p is not None]
    found = set(present.to_list())
    return [c for c in codes if c in found] or ([None] if None in found else [])


def scores(ctx: Context, section: ReportSection) -> Part:
    """A row per unit and a column per section, for each period: the scores, the total,
    the percentage of the maximum and the rank; who did not submit says so."""
    review, units = _review(ctx, section)
    title = section.title or (review.title if review else str(section.scoring))
    if review is None or units.is_empty():
        return Part("scores", title, section.text, empty=True)
    status = pl.col("status")
    said = (pl.when(status == "not_submitted").then(pl.lit(ctx.t("score.not_submitted")))
            .when(status == "no_data").then(pl.lit(ctx.t("value.unknown")))
            .otherwise(pl.lit("")))
    tables = []
    for code in _codes(ctx, units.get_column("period")):
        rows = units.filter(pl.col("period") == code if code else pl.col("period").is_null())
        columns = [Column("unit", ctx.t("col.unit_name")), *_class_columns(ctx, review),
                   Column("said", ctx.t("col.status")),
                   *(Column(s.id, s.title, "number", group=ctx.t("report.scores_group"))
                     for s in review.sections),
                   Column("total", ctx.t("col.total"), "number"),
                   Column("percent", ctx.t("col.percent_of_max"), "percent", 1),
                   Column("rank", ctx.t("col.rank"), "integer")]
        if ctx.compared and code == ctx.code:
            columns.append(Column("change", ctx.t("col.paired_change"), "number", signed=True))
        frame = rows.sort("unit").with_columns(said.alias("said")).select(
            c.name for c in columns)
        period = parse_period(code) if code else None
        maxima = "; ".join(f"{s.title} — {ctx.number(s.max_in(period))}"
                           for s in review.sections)
        tables.append(Table(frame, tuple(columns), title=ctx.t(
            "score.title", title=review.title, period=ctx.period_label(code)),
            notes=(ctx.t("report.maxima", maxima=maxima), ctx.t("score.rank_note")),
            key=(ctx.t("col.period"), ctx.period_label(code))))
    return Part("scores", title, section.text, tables=tuple(tables))


def averages(ctx: Context, section: ReportSection) -> Part:
    """The averages over all units and per class, for each period, with both kinds of
    change in the reporting one."""
    review = ctx.specs.scorings.get(section.scoring or "")
    title = section.title or ctx.t("report.part.averages",
                                   title=review.title if review else section.scoring)
    found = ctx.result.score_averages.get(review.id) if review else None
    if review is None or found is None or found.is_empty():
        return Part("averages", title, section.text, empty=True)
    order = average_order(review, ctx.specs.classifications)
    group = average_group(review, ctx.specs.classifications, ctx.lang)
    tables = []
    charts = []
    for code in _codes(ctx, found.get_column("period")):
        rows = found.filter(pl.col("period") == code if code else pl.col("period").is_null())
        rows = rows.sort(order, maintain_order=True).with_columns(group.alias("group"))
        columns = [Column("group", ctx.t("col.group")),
                   Column("units", ctx.t("col.units"), "integer"),
                   Column("averaged", ctx.t("col.averaged"), "integer"),
                   *(Column(s.id, s.title, "number", 2, group=ctx.t("report.scores_group"))
                     for s in review.sections),
                   Column("total", ctx.t("col.total"), "number", 2),
                   Column("percent", ctx.t("col.percent_of_max"), "percent", 1)]
        notes = [ctx.t(f"score.averages_note.{review.missing}")]
        if ctx.compared and code == ctx.code:
            columns += [Column("change_of_averages", ctx.t("col.change_of_averages"),
                               "number", 2, signed=True),
                        Column("paired_change", ctx.t("col.mean_paired"), "number", 2,
                               signed=True),
                        Column("percent_change_of_averages",
                               ctx.t("col.percent_change_of_averages"), "number", 1,
                               signed=True)]
            notes.append(ctx.t("score.change_note"))
        frame = rows.select(c.name for c in columns)
        tables.append(Table(frame, tuple(columns), title=ctx.t(
            "score.averages", title=review.title, period=ctx.period_label(code)),
            notes=tuple(notes), key=(ctx.t("col.period"), ctx.period_label(code))))
        if section.chart and code == ctx.code:
            charts.append(Chart("bars", ctx.t("score.averages", title=review.title,
                                              period=ctx.period_label(code)),
                                rows.select(pl.col("group").alias("label"),
                                            pl.col("percent").alias("value"),
                                            pl.lit(None, pl.Float64).alias("target"),
                                            pl.lit(None, pl.String).alias("status")), "%"))
    return Part("averages", title, section.text, tables=tuple(tables), charts=tuple(charts))


def classes(ctx: Context, section: ReportSection) -> Part:
    """How many units each class has in each period, and which they are."""
    spec = ctx.specs.classifications.get(section.classification or "")
    title = section.title or ctx.t("report.part.classes",
                                   title=spec.title if spec else section.classification)
    mine = (ctx.result.classes.filter(pl.col("classification") == spec.id)
            if spec is not None else pl.DataFrame())
    if spec is None or mine.is_empty():
        return Part("classes", title, section.text, empty=True)
    codes = _codes(ctx, mine.get_column("period"))
    order = {rule.id: n for n, rule in enumerate(spec.classes)}
    shown = {rule.id: rule.shown for rule in spec.classes}
    unknown = ctx.t("value.unknown")
    counted = (mine.with_columns(pl.col("class").fill_null(unknown))
               .group_by("period", "class")
               .agg(pl.len().alias("units"), pl.col("unit").sort().str.join(", ")
                    .alias("names")))
    frame = pl.DataFrame({"class": [*order, unknown]}, schema={"class": pl.String})
    columns = [Column("class", ctx.t("col.class"))]
    for n, code in enumerate(codes):
        period = ctx.period_label(code)
        here = counted.filter(pl.col("period") == code if code else pl.col("period").is_null())
        frame = frame.join(here.select("class", pl.col("units").cast(pl.Int64).alias(f"units{n}"),
                                       pl.col("names").alias(f"names{n}")),
                           on="class", how="left", maintain_order="left")
        columns.append(Column(f"units{n}", ctx.t("col.units_in", period=period), "integer"))
    columns.append(Column("names0", ctx.t("col.unit_names")))
    frame = (frame.filter((pl.col("class") != unknown) | pl.col("units0").is_not_null())
             .with_columns(pl.col(c.name).fill_null(0) for c in columns if c.kind == "integer")
             .with_columns(pl.col("class").replace_strict(shown, default=pl.col("class"))))
    charts: tuple[Chart, ...] = ()
    if section.chart:
        long = pl.concat([frame.select("class", pl.lit(ctx.period_label(code)).alias("period"),
                                       pl.col(f"units{n}").alias("units"))
                          for n, code in enumerate(codes)])
        charts = (Chart("classes", title, long),)
    return Part("classes", title, section.text,
                tables=(Table(frame.select(c.name for c in columns), tuple(columns)),),
                charts=charts)


def audits(ctx: Context, section: ReportSection) -> Part:
    """The findings of the audits of published tables, one row each, in table order."""
    title = section.title or ctx.t("report.part.audits")
    findings = ctx.result.audits
    if findings.is_empty():
        return Part("audits", title, section.text, lines=(), empty=True)
    named = {c: ctx.t(f"audit.check.{c}") for c in AUDIT_CHECKS}
    tables = []
    for (table_title, code), rows in findings.group_by("title", "period", maintain_order=True):
        frame = rows.sort("row", nulls_last=True).select(
            "row", "unit", pl.col("header").fill_null("—"),
            pl.col("check").replace_strict(named, default=pl.col("check")),
            "printed", "recomputed", audit_detail(ctx.lang).alias("detail"))
        columns = [Column("row", ctx.t("col.row"), "integer"),
                   Column("unit", ctx.t("col.unit_name")),
                   Column("header", ctx.t("col.printed_column")),
                   Column("check", ctx.t("col.check")),
                   Column("printed", ctx.t("col.printed"), "number"),
                   Column("recomputed", ctx.t("col.recomputed"), "number"),
                   Column("detail", ctx.t("col.explained"))]
        period = ctx.period_label(str(code) if code else None)
        tables.append(Table(frame, tuple(columns), title=ctx.t(
            "audit.title", title=str(table_title), period=period),
            key=(ctx.t("col.published_table"), f"{table_title}, {period}")))
    return Part("audits", title, section.text, tables=tuple(tables))
