"""Show results to people: terminal table, Markdown, JSON.

Tables are drawn by Polars' own formatter (``pl.Config``). A Markdown table of plain text is
drawn directly, exactly as Polars would draw it, at a fraction of the cost.
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from mayak.evaluate._result import Result
from mayak.expr._format import format_number
from mayak.messages._catalogue import CATALOGUE, Lang, text
from mayak.messages._problems import Problem
from mayak.render._expertise import expertise_tables
from mayak.spec._model import TOTAL_LEVEL

TITLE_WIDTH = 70
# Characters Polars' formatter draws one column wide and as they are (no line breaks, no
# zero-width or wide characters). tests/test_render_markdown.py checks each against Polars.
ONE_COLUMN = ((0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF), (0x370, 0x482), (0x48A, 0x52F),
              (0x2010, 0x2027), (0x202F, 0x205E), (0x20A0, 0x20BF), (0x2100, 0x214F),
              (0x2190, 0x22FF), (0x2460, 0x24FF), (0x2500, 0x257F))
_PLAIN = "^[" + "".join(f"\\x{{{low:X}}}-\\x{{{high:X}}}" for low, high in ONE_COLUMN) + "]*$"
CELL_CHARS = 1000  # polars_text's fmt_str_lengths: Polars cuts longer cells
TABLE_CHARS = 10_000  # polars_text's tbl_width_chars: Polars wraps wider tables


def _translated(column: str, prefix: str, lang: Lang) -> pl.Expr:
    keys = [k.removeprefix(prefix) for k in CATALOGUE if k.startswith(prefix)]
    mapping = {k: CATALOGUE[prefix + k][lang] for k in keys}
    translated: pl.Expr = pl.col(column).cast(pl.String).replace_strict(
        mapping, default=pl.col(column).cast(pl.String))
    return translated


def display_frame(result: Result, lang: Lang, *, full_titles: bool = False) -> pl.DataFrame:
    """The report as a small frame of strings, columns named in ``lang``."""
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
    computed = (result.variables
                .with_columns((pl.col("variable") + " = "
                               + format_number(pl.col("value"), lang) + unknown).alias("part"))
                .group_by("indicator", "level", "key", maintain_order=True)
                # Joined after grouping: str.join inside agg runs group by group (3x slower).
                .agg(pl.col("part").alias("computed"))
                .with_columns(pl.col("computed").list.join("; ")))
    title = pl.col("title")
    if not full_titles:
        title = (pl.when(title.str.len_chars() > TITLE_WIDTH)
                 .then(title.str.slice(0, TITLE_WIDTH - 1) + "…").otherwise(title))
    titles = {lv: t for lv, t in result.level_titles.items() if lv != TOTAL_LEVEL}
    level_title = pl.col("level").replace_strict(titles, default=pl.col("level"))
    level = (pl.when(pl.col("level") == TOTAL_LEVEL).then(pl.lit(text("level.total", lang)))
             .otherwise(level_title + ": " + pl.col("key").fill_null("—")))
    joined = table.join(computed, on=["indicator", "level", "key"], how="left",
                        nulls_equal=True, maintain_order="left")
    digits = joined["digits"].unique()
    value_header = text("col.value", lang)
    if result.compared_with is not None and result.period is not None:
        value_header = text("col.value_in", lang, period=result.period.label(lang))
    return joined.select(
        title.alias(text("col.indicator", lang)),
        level.alias(text("col.level", lang)),
        _with_unit(format_number(pl.col("value"), lang, digits), "value", lang
                   ).alias(value_header),
        *_comparison(result, lang, digits),
        _planned(joined).alias(text("col.planned", lang)),
        _translated("status", "status.", lang).alias(text("col.status", lang)),
        pl.col("computed").fill_null("").alias(text("col.variables", lang)),
    )


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


def polars_text(frame: pl.DataFrame, formatting: str) -> str:
    """The frame as Polars prints it, whole, in the given table style."""
    with pl.Config(tbl_rows=-1, tbl_cols=-1, tbl_hide_dataframe_shape=True,
                   tbl_hide_column_data_types=True, fmt_str_lengths=1000,
                   tbl_width_chars=10_000, tbl_formatting=formatting,  # type: ignore[arg-type]
                   tbl_cell_alignment="LEFT"):
        return str(frame)


def _widths(frame: pl.DataFrame) -> list[int] | None:
    """Each column's width when every header and cell is plain text that Polars draws as it
    is, else None."""
    names = frame.columns
    if frame.height == 0 or not names or any(d != pl.String for d in frame.dtypes):
        return None
    headers = pl.Series(names, dtype=pl.String)
    if not (headers.str.contains(_PLAIN).all() and headers.str.len_chars().is_between(
            1, CELL_CHARS).all()):
        return None
    plain = frame.select(pl.all_horizontal(
        pl.col(n).str.contains(_PLAIN).fill_null(False) for n in names).all()).item()
    if not plain:
        return None
    lengths = frame.select(pl.col(n).str.len_chars().max() for n in names).row(0)
    widths = [max(len(n), length) for n, length in zip(names, lengths, strict=True)]
    if max(lengths) > CELL_CHARS or sum(widths) + 3 * len(widths) + 1 > TABLE_CHARS:
        return None
    return widths


def markdown_table(frame: pl.DataFrame) -> str:
    """``frame`` as Polars draws it in Markdown: drawn directly, one Polars expression for
    the rows, when its text is plain; else by Polars."""
    widths = _widths(frame)
    if widths is None:
        return polars_text(frame, "MARKDOWN")
    pairs = list(zip(frame.columns, widths, strict=True))
    header = "| " + " | ".join(name.ljust(width) for name, width in pairs) + " |"
    rule = "|" + "|".join("-" * (width + 2) for width in widths) + "|"
    rows = frame.select(pl.concat_str(
        [pl.lit("| "), pl.concat_str([pl.col(n).str.pad_end(w) for n, w in pairs],
                                     separator=" | "), pl.lit(" |")]).str.join("\n")).item()
    return f"{header}\n{rule}\n{rows}"


def recommendation_lines(result: Result, lang: Lang, *, bullet: str) -> list[str]:
    """Recommendations grouped by audience, numbered within each."""
    table = result.recommendations
    if table.is_empty():
        return []
    lines = [text("report.recommendations", lang)]
    # By audience, then by class (``by``) where a spec groups them so, as regions' reports do.
    grouped = table.group_by("audience", maintain_order=True).agg(pl.col("text"),
                                                                  pl.col("class"))
    for audience, texts, classes in grouped.iter_rows():  # a few groups, not data rows
        lines.append(f"{bullet}{audience}:")
        if all(c is None for c in classes):
            lines.extend(f"   {n}. {item}" for n, item in enumerate(texts, start=1))
            continue
        by_class: dict[str, list[str]] = {}
        for item, group in zip(texts, classes, strict=True):
            by_class.setdefault(group or text("value.unknown", lang), []).append(item)
        order = {r.id: n for c in result.classifications.values()
                 for n, r in enumerate(c.classes)}
        for group, items in sorted(by_class.items(), key=lambda g: order.get(g[0], len(order))):
            lines.append(f"   {group}:")
            lines.extend(f"      {n}. {item}" for n, item in enumerate(items, start=1))
    return lines


def render_table(result: Result, lang: Lang) -> str:
    """The report for a terminal: the indicator table, the reviews and classes, then the
    recommendations."""
    parts = []
    if not result.indicators.is_empty() or not result.reviews:
        parts.append(polars_text(display_frame(result, lang), "UTF8_FULL_CONDENSED"))
    parts += [f"{table.title}\n{polars_text(table.frame, 'UTF8_FULL_CONDENSED')}"
              + (f"\n{table.note}" if table.note else "")
              for table in expertise_tables(result, result.reviews, result.classifications,
                                            lang)]
    advice = recommendation_lines(result, lang, bullet="")
    return "\n\n".join([*parts, *(["\n".join(advice)] if advice else [])]) + "\n"


def render_markdown(result: Result, lang: Lang) -> str:
    """The report as Markdown: heading, indicator table, recommendations, problems."""
    heading = f"# {text('report.title', lang)}"
    if result.targets or result.period:
        heading += " — " + ", ".join(part for part in (
            result.targets, result.period.label(lang) if result.period else None) if part)
    if result.compared_with is not None:
        heading += " " + text("report.compared_with", lang,
                              period=result.compared_with.label(lang))
    body = ""
    if not result.indicators.is_empty() or not result.reviews:
        body = markdown_table(display_frame(result, lang, full_titles=True))
    for table in expertise_tables(result, result.reviews, result.classifications, lang):
        body += ("\n\n" if body else "") + f"## {table.title}\n\n{markdown_table(table.frame)}"
        body += f"\n\n{table.note}" if table.note else ""
    advice = recommendation_lines(result, lang, bullet="- ")
    if advice:
        body += f"\n\n## {advice[0]}\n\n" + "\n".join(advice[1:])
    notes = "\n".join(f"- {p.render(lang)}" for p in result.problems)
    return f"{heading}\n\n{body}\n" + (f"\n{notes}\n" if notes else "")


def problem_record(problem: Problem, lang: Lang) -> dict[str, Any]:
    """A problem as a JSON object: severity, code, message and each part of its location."""
    where = problem.location
    return {"severity": problem.severity, "code": problem.code,
            "message": problem.message(lang),
            "file": where.file if where else None, "line": where.line if where else None,
            "col": where.col if where else None, "path": where.path if where else None,
            "row": where.row if where else None, "column": where.column if where else None}


def render_json(result: Result, lang: Lang) -> str:
    """The report as JSON: indicators, variables, recommendations and problems."""
    document = {
        "targets": result.targets,
        "period": result.period.code if result.period else None,
        **({"compared_with": result.compared_with.code} if result.compared_with else {}),
        "indicators": json.loads(result.indicators.write_json()),
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
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


RENDERERS = {"table": render_table, "md": render_markdown, "json": render_json}
