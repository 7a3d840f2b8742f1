"""Show results to people: terminal table, Markdown, JSON.

Tables are drawn by Polars' own formatter (``pl.Config``); Markdown ones by ``_markdown``.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

import polars as pl

from mayak.evaluate._result import Result
from mayak.expr._format import format_number
from mayak.files._provenance import Provenance
from mayak.messages._catalogue import CATALOGUE, Lang, text
from mayak.messages._problems import Problem
from mayak.render._about import (
    bases_frame,
    grouped_bases,
    provenance_files,
    provenance_lines,
    provenance_record,
    provenance_short,
)
from mayak.render._basis import basis_record, basis_text
from mayak.render._csv import csv_text
from mayak.render._expertise import expertise_tables
from mayak.render._markdown import markdown_table, markdown_text, table_pieces
from mayak.render._parts_text import recommendation_groups
from mayak.render._terminal import GREEN, RED, YELLOW, Terminal, draw, terminal_for, wrapped
from mayak.spec._model import TOTAL_LEVEL


def _translated(column: str, prefix: str, lang: Lang) -> pl.Expr:
    keys = [k.removeprefix(prefix) for k in CATALOGUE if k.startswith(prefix)]
    mapping = {k: CATALOGUE[prefix + k][lang] for k in keys}
    translated: pl.Expr = pl.col(column).cast(pl.String).replace_strict(
        mapping, default=pl.col(column).cast(pl.String))
    return translated


def display_frame(result: Result, lang: Lang, *, full_titles: bool = True) -> pl.DataFrame:
    """The report as a small frame of strings, columns named in ``lang``. Titles are whole
    (``full_titles`` is kept for callers; terminals wrap them)."""
    del full_titles
    shown = _display(result, lang)
    return shown.drop("indicator") if "indicator" in shown.columns else shown


def _display(result: Result, lang: Lang) -> pl.DataFrame:
    """``display_frame`` with the indicator's id first (column ``indicator``)."""
    table = result.indicators
    if table.is_empty():
        return table
    # Rows a variable with ``unknown: skip`` left out are said to be skipped.
    skipped = pl.lit(False)
    for indicator, variable in sorted(result.skipping):  # a few variables, not data rows
        skipped = skipped | ((pl.col("indicator") == indicator)
                             & (pl.col("variable") == variable))
    said = pl.lit(text("report.unknown_rows", lang))
    if result.skipping:
        said = pl.when(skipped).then(pl.lit(text("report.skipped_rows", lang))).otherwise(said)
    unknown = (pl.when(pl.col("unknown") > 0)
               .then(said + pl.col("unknown").cast(pl.String) + pl.lit(")"))
               .otherwise(pl.lit("")))
    computed = (result.variables.lazy()
                .with_columns((pl.col("variable") + " = "
                               + format_number(pl.col("value"), lang) + unknown).alias("part"))
                .group_by("indicator", "level", "key", maintain_order=True)
                # Joined after grouping: str.join inside agg runs group by group (3x slower).
                .agg(pl.col("part").alias("computed"))
                .with_columns(pl.col("computed").list.join("; ")))
    titles = {lv: t for lv, t in result.level_titles.items() if lv != TOTAL_LEVEL}
    level_title = pl.col("level").replace_strict(titles, default=pl.col("level"))
    level = (pl.when(pl.col("level") == TOTAL_LEVEL).then(pl.lit(text("level.total", lang)))
             .otherwise(level_title + ": " + pl.col("key").fill_null("—")))
    # One lazy query: the variables are written out while the values are formatted.
    joined = table.lazy().join(computed, on=["indicator", "level", "key"], how="left",
                               nulls_equal=True, maintain_order="left")
    digits = table["digits"].unique()
    value_header = text("col.value", lang)
    if result.compared_with is not None and result.period is not None:
        value_header = text("col.value_in", lang, period=result.period.label(lang))
    return joined.select(
        "indicator",
        pl.col("title").alias(text("col.indicator", lang)),
        level.alias(text("col.level", lang)),
        _with_unit(format_number(pl.col("value"), lang, digits), "value", lang
                   ).alias(value_header),
        *_comparison(result, lang, digits),
        _planned(table).alias(text("col.planned", lang)),
        _translated("status", "status.", lang).alias(text("col.status", lang)),
        pl.col("computed").fill_null("").alias(text("col.variables", lang)),
    ).collect()


def _planned(rows: pl.DataFrame) -> pl.Expr:
    """The planned value, with its norm's name when the indicator has several norms."""
    planned = pl.col("planned").fill_null("—")
    if "norm" not in rows.columns:
        return planned
    return pl.when(pl.col("norm").is_not_null()).then(
        planned + " (" + pl.col("norm") + ")").otherwise(planned)


def _with_unit(shown: pl.Expr, column: str, lang: Lang) -> pl.Expr:
    return shown + pl.when(pl.col(column).is_not_null()).then(
        _translated("unit", "unit.", lang)).otherwise(pl.lit(""))


def _comparison(result: Result, lang: Lang, digits: pl.Series) -> list[pl.Expr]:
    """The earlier period's value, the change (signed) and the ratio, and a note where the
    method changed; none without a comparison."""
    then = result.compared_with
    if then is None:
        return []
    change = pl.col("change")
    signed = pl.when(change > 0).then(pl.lit("+")).otherwise(pl.lit(""))
    shown = [
        _with_unit(format_number(pl.col("previous"), lang, digits), "previous", lang)
        .alias(text("col.value_in", lang, period=then.label(lang))),
        (signed + format_number(change, lang, digits)).alias(text("col.change", lang)),
        # From the values, not from ``ratio`` (kept to 3 decimals): rounding twice would
        # show 80 / 42 = 1.9048 as 1.905 -> 1,91.
        format_number(pl.when(pl.col("previous") != 0).then(pl.col("value") / pl.col("previous")),
                      lang).alias(text("col.ratio", lang)),
    ]
    if result.indicators["method"].is_not_null().any():
        shown.append(pl.col("method").fill_null("").alias(text("col.method", lang)))
    return shown


def recommendation_lines(result: Result, lang: Lang, *, bullet: str) -> list[str]:
    """Recommendations grouped by audience (then by class), numbered within each."""
    groups = recommendation_groups(result.recommendations, result.classifications, lang)
    if not groups:
        return []
    lines = [text("report.recommendations", lang)]
    for group in groups:  # audiences and classes, not data rows
        indent = "   " * group.depth
        lines.append(f"{indent}{bullet if not group.depth else ''}{group.heading}:")
        lines.extend(f"{indent}   {n}. {item}" for n, item in enumerate(group.items, start=1))
    return lines


def heading_lines(result: Result, lang: Lang) -> list[str]:
    """The report's title (with the targets' title and the period), then the targets'
    basis."""
    title = text("report.title", lang)
    spec = result.targets_spec
    named = spec.title if spec is not None else result.targets
    if spec is not None and spec.period is not None and spec.period != result.period:
        named = f"{named} ({spec.period.label(lang)})"  # the targets' own period, when other
    if named or result.period:
        title += " — " + ", ".join(part for part in (
            named, result.period.label(lang) if result.period else None) if part)
    if result.compared_with is not None:
        title += " " + text("report.compared_with", lang,
                            period=result.compared_with.label(lang))
    lines = [title]
    if spec is not None and spec.basis is not None:
        lines.append(text("report.targets_basis", lang, basis=basis_text(spec.basis, lang)))
    return lines


def _shown_indicators(result: Result) -> list[str]:
    indicators: list[str] = result.indicators["indicator"].unique(maintain_order=True).to_list()
    return indicators


def _notes(result: Result) -> pl.DataFrame:
    """The targets' notes: indicator, title, norm and note, once each."""
    table = result.indicators
    if table.is_empty() or "note" not in table.columns:
        return pl.DataFrame(schema={"indicator": pl.String, "title": pl.String,
                                    "norm": pl.String, "note": pl.String})
    norm = pl.col("norm") if "norm" in table.columns else pl.lit(None, pl.String)
    return (table.filter(pl.col("note").is_not_null())
            .select("indicator", "title", norm.alias("norm"), "note")
            .unique(maintain_order=True))


def _status_colours(lang: Lang) -> dict[str, dict[str, str]]:
    return {text("col.status", lang): {text("status.met", lang): GREEN,
                                       text("status.not_met", lang): RED,
                                       text("status.no_data", lang): YELLOW}}


def render_table(result: Result, lang: Lang, terminal: Terminal | None = None) -> str:
    """The report for a terminal: the title, the indicator table (each indicator's title,
    basis and notes once, above its rows), the reviews and classes, the recommendations,
    then where the report came from. ``terminal``: its width and whether to use colour
    (by default ``COLUMNS`` or 100 characters, no colour)."""
    screen = terminal or terminal_for(False)
    parts = ["\n".join(_wrapped_block(head, screen) for head in heading_lines(result, lang))]
    if not result.indicators.is_empty() or not result.reviews:
        parts.append(_indicator_table(result, lang, screen))
    parts += [_wrapped_block(table.title, screen) + "\n" + draw(table.frame, screen)
              + (f"\n{_wrapped_block(table.note, screen)}" if table.note else "")
              for table in expertise_tables(result, result.reviews, result.classifications,
                                            lang)]
    advice = recommendation_lines(result, lang, bullet="")
    if advice:
        parts.append("\n".join(_hanging(line, screen.width) for line in advice))
    about = provenance_short(result.provenance, lang)
    if about:
        parts.append("\n".join(_wrapped_block(line, screen) for line in about))
    return "\n\n".join(parts) + "\n"


def _hanging(line: str, width: int) -> str:
    """A numbered line wrapped under its own text: «   1. …» continues four columns in."""
    body = line.lstrip(" ")
    indent = len(line) - len(body)
    number = body.split(" ", 1)[0] if body[:1].isdigit() else ""
    return textwrap.fill(line, max(width, 20), subsequent_indent=" " * (
        indent + (len(number) + 1 if number else 0)), break_on_hyphens=False)


def _wrapped_block(said: str, screen: Terminal) -> str:
    return "\n".join(wrapped(said, screen.width))


def _indicator_table(result: Result, lang: Lang, screen: Terminal) -> str:
    """The indicator rows grouped by indicator (in the order of first appearance), each
    group under its title, basis and notes."""
    shown = _display(result, lang)
    if shown.is_empty():
        return draw(shown, screen)
    order = {name: n for n, name in enumerate(_shown_indicators(result))}
    title = text("col.indicator", lang)
    shown = (shown.with_columns(pl.col("indicator").replace_strict(order, return_dtype=pl.Int64)
                                .alias("_order"))
             .sort("_order", maintain_order=True))
    bases = grouped_bases(result.bases, list(order))
    one_basis = len(bases) == 1 and len(bases[0][1]) == len(order)
    extra: dict[str, list[str]] = {}
    titles = dict(shown.select("indicator", title).unique("indicator").iter_rows())
    if not one_basis:
        for basis, indicators in bases:  # a few bases
            for indicator in indicators:
                extra.setdefault(titles[indicator], []).append(
                    text("report.basis", lang, basis=basis_text(basis, lang)))
    for indicator, _, norm, note in _notes(result).iter_rows():  # a note per target
        extra.setdefault(titles.get(indicator, indicator), []).append(
            f"{text('col.note', lang)}{f' ({norm})' if norm else ''}: {note}")
    if (result.indicators["level"] == TOTAL_LEVEL).all():  # one row each: no level to say
        shown = shown.drop(text("col.level", lang))
    # The plan and the method note, when the same on every row of each indicator, are said
    # once above its rows: the table keeps its width for what differs.
    for column in (text("col.method", lang), text("col.planned", lang)):  # plan first
        if column not in shown.columns:
            continue
        same = shown.group_by("indicator").agg(pl.col(column).n_unique() == 1)[column].all()
        if not same:
            continue
        for indicator, value in shown.select("indicator", column).unique(
                "indicator", maintain_order=True).iter_rows():  # one row per indicator
            if value:
                extra.setdefault(titles[indicator], []).insert(0, f"{column}: {value}")
        shown = shown.drop(column)
    table = draw(shown.drop("indicator", "_order"), screen, group=title,
                 heading={k: "\n".join(v) for k, v in extra.items()},
                 colours=_status_colours(lang))
    if one_basis:
        return _wrapped_block(text("report.basis", lang, basis=basis_text(bases[0][0], lang)),
                              screen) + "\n\n" + table
    return table


def render_markdown(result: Result, lang: Lang) -> str:
    """The report as Markdown: heading, indicator table with the bases and the targets'
    notes, reviews and classes, recommendations, remarks, and where it came from."""
    head = [markdown_text(line) for line in heading_lines(result, lang)]
    heading = f"# {head[0]}" + "".join(f"\n\n{line}" for line in head[1:])
    blocks: list[list[str]] = []  # each in pieces, so that the document is joined once
    if not result.indicators.is_empty() or not result.reviews:
        blocks += _indicator_markdown(result, lang)
    for table in expertise_tables(result, result.reviews, result.classifications, lang):
        blocks.append([f"## {markdown_text(table.title)}\n\n", *table_pieces(table.frame)])
        if table.note:
            blocks.append([markdown_text(table.note)])
    advice = [markdown_text(line) for line in recommendation_lines(result, lang, bullet="- ")]
    if advice:
        blocks.append([f"## {advice[0]}\n\n" + "\n".join(advice[1:])])
    if result.problems:
        blocks.append([f"## {text('report.remarks', lang)}\n\n"
                       + "\n".join(f"- {markdown_text(p.render(lang))}" for p in result.problems)])
    about = provenance_markdown(result.provenance, lang)
    pieces = [heading, "\n\n"]
    for n, block in enumerate(blocks):  # a few sections
        pieces += ["\n\n", *block] if n else block
    pieces += ["\n", f"\n{about}"] if about else ["\n"]
    return "".join(pieces)


def _indicator_markdown(result: Result, lang: Lang) -> list[list[str]]:
    """The indicator table; the indicators' bases under it (one line when they share one,
    else numbered, each title marked with its number), then the targets' notes: blocks of
    pieces."""
    shown = _display(result, lang)
    if shown.is_empty():
        return [table_pieces(shown)]
    bases = grouped_bases(result.bases, _shown_indicators(result))
    one_basis = len(bases) == 1 and len(bases[0][1]) == shown["indicator"].n_unique()
    title = text("col.indicator", lang)
    after = []
    if one_basis:
        after.append(markdown_text(text("report.basis", lang,
                                        basis=basis_text(bases[0][0], lang))))
    elif bases:
        marks = {i: n for n, (_, indicators) in enumerate(bases, start=1) for i in indicators}
        shown = shown.with_columns(pl.when(pl.col("indicator").is_in(list(marks))).then(
            pl.col(title) + " [" + pl.col("indicator").replace_strict(
                marks, default=None, return_dtype=pl.Int64).cast(pl.String) + "]")
            .otherwise(pl.col(title)).alias(title))
        after.append(f"{text('report.bases', lang)}:\n\n" + "\n".join(
            f"{n}. {markdown_text(basis_text(basis, lang))}"
            for n, (basis, _) in enumerate(bases, start=1)))
    notes = _notes(result)
    if not notes.is_empty():
        after.append(f"{text('report.target_notes', lang)}:\n\n" + "\n".join(
            markdown_text(f"- {name}{f' ({norm})' if norm else ''}: {note}")
            for _, name, norm, note in notes.iter_rows()))
    return [table_pieces(shown.drop("indicator")), *([block] for block in after)]


def provenance_markdown(about: Provenance | None, lang: Lang) -> str:
    """The section «Сведения о расчёте»: version, time, period, then the files' table."""
    if about is None:
        return ""
    lines = "\n".join(f"- {markdown_text(line)}" for line in provenance_lines(about, lang))
    files = markdown_table(provenance_files(about, lang)) if about.files else ""
    return f"## {text('report.about', lang)}\n\n{lines}\n" + (f"\n{files}\n" if files else "")


def problem_record(problem: Problem, lang: Lang) -> dict[str, Any]:
    """A problem as a JSON object: severity, code, message and each part of its location."""
    where = problem.location
    return {"severity": problem.severity, "code": problem.code,
            "message": problem.message(lang),
            "file": where.file if where else None, "line": where.line if where else None,
            "col": where.col if where else None, "path": where.path if where else None,
            "row": where.row if where else None, "column": where.column if where else None}


def indicator_records(result: Result) -> list[dict[str, Any]]:
    """The indicator rows as JSON objects: each planned value as ``planned`` {text, op,
    value, low, high} (``value`` for one bound, ``low`` and ``high`` for ``between``; null
    without a target), the indicator's ``basis`` {document, date, clause, url} and the
    target's ``note``."""
    table = result.indicators
    if table.is_empty() or "planned_op" not in table.columns:
        rows: list[dict[str, Any]] = json.loads(table.write_json())
        return rows
    between = pl.col("planned_op") == "between"
    planned = pl.when(pl.col("planned_op").is_not_null()).then(pl.struct(
        pl.col("planned").alias("text"), pl.col("planned_op").alias("op"),
        pl.when(~between).then(pl.col("planned_low")).alias("value"),
        pl.when(between).then(pl.col("planned_low")).alias("low"),
        pl.when(between).then(pl.col("planned_high")).alias("high"))).alias("planned")
    columns = [planned if c == "planned" else pl.col(c) for c in table.columns
               if c not in ("planned_op", "planned_low", "planned_high")]
    shaped = (table.select(columns)
              .join(bases_frame(result.bases), on="indicator", how="left",
                    maintain_order="left"))
    records: list[dict[str, Any]] = json.loads(shaped.write_json())
    return records


def render_json(result: Result, lang: Lang) -> str:
    """The report as JSON: the targets, the indicators (with their planned values as
    bounds, bases and notes), variables, recommendations, problems and provenance."""
    spec = result.targets_spec
    document = {
        "targets": result.targets,
        **({"targets_title": spec.title,
            "targets_period": spec.period.code if spec.period else None,
            "targets_basis": basis_record(spec.basis)} if spec is not None else {}),
        "period": result.period.code if result.period else None,
        **({"compared_with": result.compared_with.code} if result.compared_with else {}),
        "indicators": indicator_records(result),
        "variables": json.loads(result.variables.write_json()),
        "recommendations": json.loads(result.recommendations.write_json()),
        **({"classes": json.loads(result.classes.write_json())}
           if result.classifications else {}),
        **({"audits": json.loads(result.audits.write_json())}
           if not result.audits.is_empty() else {}),
        **({"scores": {k: json.loads(v.write_json()) for k, v in result.scores.items()},
            "score_averages": {k: json.loads(v.write_json())
                               for k, v in result.score_averages.items()}}
           if result.reviews else {}),
        "problems": [problem_record(p, lang) for p in result.problems],
        **({"provenance": provenance_record(result.provenance)}
           if result.provenance is not None else {}),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render_csv(result: Result, lang: Lang) -> str:
    """The indicator rows as one CSV table, for other tools: machine-readable column names,
    the planned value as written and as a bound (planned_op, planned_low, planned_high),
    the indicator's legal basis in one line; the provenance in ``#`` lines above (see
    ``mayak.render._csv``). Text that a spreadsheet would run as a formula (a unit named
    «=HYPERLINK(…)») is kept text."""
    bases = {name: basis_text(basis, lang) for name, basis in result.bases.items()}
    table = result.indicators
    if not table.is_empty():
        table = table.with_columns(pl.col("indicator").replace_strict(
            bases, default=pl.lit(""), return_dtype=pl.String).alias("basis"))
    return csv_text(table.lazy(), result.provenance)


RENDERERS = {"table": render_table, "md": render_markdown, "json": render_json,
             "csv": render_csv}
