"""The HTML report: every part and heading of a composed report, numbers in the reader's
notation, statuses by tone, «нет данных» for an empty part, escaped text, capped charts,
and nothing that could be fetched."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import mayak
import polars as pl
import pytest
from mayak.messages._catalogue import text
from mayak.render import Chart, Column, Document, Lines, Part, Table, compose
from mayak.render._chart_draw import ENGINE_SPACE
from mayak.render._document import TONES
from mayak.render._html import render_html
from mayak.render._html_charts import CAP

from tests.conftest import NOT_FINITE, not_finite_table

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "kaliningrad-municipal-2022-2023"
EVIL = "<script>alert('x')</script> & «кавычки»"
STATUSES = {"met": "достигнуто", "not_met": "не достигнуто", "no_data": "нет данных",
            "no_target": "—"}
# Anything a browser would fetch: a source, a link, a stylesheet import or a CSS url().
FETCHED = re.compile(r"""(?:\bsrc|\bhref|@import|url)\s*[=(]?\s*["']?\s*(?:[a-z]+:)?//""",
                     re.IGNORECASE)


class _Page(HTMLParser):
    """The page's visible text, its headings and its table cells with their classes."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.headings: list[str] = []
        self.cells: list[tuple[str, str]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._open: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("th", "td", "h1", "h2", "h3", "h4"):
            self._open.append((tag, dict(attrs).get("class") or ""))
            self.texts.append("\x00")

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][0] == tag:
            opened, kind = self._open.pop()
            start = len(self.texts) - 1 - self.texts[::-1].index("\x00")
            content = "".join(self.texts[start + 1:])
            del self.texts[start]
            (self.cells if opened in ("td", "th") else self.headings).append(
                (content, kind) if opened in ("td", "th") else content)  # type: ignore[arg-type]

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


def parsed(page: bytes) -> _Page:
    found = _Page()
    found.feed(page.decode("utf-8"))
    return found


@cache
def example(lang: str) -> tuple[Document, bytes]:
    rules = mayak.load([EXAMPLE / "rules"])
    report = rules.report_for()
    result = rules.evaluate_folder(EXAMPLE / "data", levels=list(report.levels))
    document = compose(result, rules.specs, report, lang)  # type: ignore[arg-type]
    return document, render_html(document)


def small(parts: tuple[Part, ...], lang: str = "ru", **fields: object) -> Document:
    return Document(title=fields.pop("title", "Отчёт"), lang=lang,  # type: ignore[arg-type]
                    parts=parts, statuses=STATUSES, **fields)  # type: ignore[arg-type]


def test_the_example_shows_every_part_title_and_table_heading() -> None:
    document, page = example("ru")
    found = parsed(page)
    headings = set(found.headings)
    cells = {content for content, _ in found.cells}
    for part in document.parts:
        assert part.title in headings
        for table in part.tables:
            for column in table.columns:
                assert column.title in cells
                if column.group is not None:
                    assert column.group in cells
            if table.title:
                assert table.title in headings
    assert document.title in headings


def test_a_grouped_heading_spans_its_columns() -> None:
    document, page = example("ru")
    table = next(t for p in document.parts for t in p.tables
                 if any(c.group for c in t.columns))
    groups = [c.group for c in table.columns if c.group]
    first = groups[0]
    span = sum(1 for g in groups if g == first)
    assert f'<th colspan="{span}" class="group">{html.escape(first)}</th>'.encode() in page


def test_the_example_fetches_nothing() -> None:
    _, page = example("ru")
    assert not FETCHED.findall(page.decode("utf-8"))
    assert b"<script" not in page
    assert b"@font-face" not in page
    # The only addresses are the SVG namespaces, which no browser fetches.
    assert set(re.findall(rb"""([\w:-]+)\s*=\s*["']?https?://""", page)) <= {
        b"xmlns", b"xmlns:xlink"}
    assert b"http" in page  # the namespaces are there: the pattern above can match
    # The check itself finds what it is for.
    assert FETCHED.findall('<img src="https://example.org/a.png">')
    assert FETCHED.findall("a { background: url(//example.org/a.png) }")


def test_numbers_in_russian_and_english_notation() -> None:
    values = [1234567.891, -0.054, 12.5, None, 0.0, 999.996]
    frame = pl.DataFrame({"name": ["a", "b", "c", "d", "e", "f"], "value": values,
                          "share": values, "count": [1234567, -5, 0, None, 42, 1000],
                          "free": [1234.5, 3.0, 0.125, None, -2.5, 7.0]})
    table = Table(frame, (Column("name", "Имя"), Column("value", "Значение", "number", 2),
                          Column("share", "Доля", "percent", 1),
                          Column("count", "Число", "integer"),
                          Column("free", "Как есть", "number")))
    for lang, group, decimal in (("ru", "\u202f", ","), ("en", ",", ".")):
        found = parsed(render_html(small((Part("t", "Т", tables=(table,)),), lang)))
        numbers = [content for content, kind in found.cells if kind == "num"]

        def shown(value: float | None, pattern: str, group: str = group,
                  decimal: str = decimal) -> str:
            if value is None:
                return "—"
            return (format(value, pattern).replace(",", "G").replace(".", decimal)
                    .replace("G", group))

        expected = []
        for n in range(frame.height):
            value, count, free = values[n], frame["count"][n], frame["free"][n]
            expected += [shown(value, ",.2f"),
                         shown(value, ",.1f") + ("" if value is None else "\u00a0%"),
                         shown(count, ","),
                         shown(free, ",.6f").rstrip("0").rstrip(decimal)
                         if free is not None else "—"]
        assert numbers == expected, lang


def test_status_cells_carry_their_tone_and_text() -> None:
    codes = ["met", "not_met", "no_data", "no_target", None]
    table = Table(pl.DataFrame({"status": codes}), (Column("status", "Статус", "status"),))
    found = parsed(render_html(small((Part("t", "Т", tables=(table,)),))))
    cells = [(content, kind) for content, kind in found.cells if kind.startswith("st ")]
    assert cells == [(STATUSES[c] if c else "", f"st st-{TONES[c] if c else 'neutral'}")
                     for c in codes]


def test_bold_rows_and_notes() -> None:
    frame = pl.DataFrame({"name": ["a", "Итого", "b"], "total": [False, True, False]})
    table = Table(frame, (Column("name", "Имя"),), notes=("Примечание <1>",), bold="total")
    page = render_html(small((Part("t", "Т", tables=(table,)),)))
    assert page.count(b'<tr class="bold">') == frame.get_column("total").sum()
    assert '<tr class="bold"><td>Итого</td>'.encode() in page
    assert '<p class="note">Примечание &lt;1&gt;</p>'.encode() in page


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_an_empty_part_says_no_data(lang: str) -> None:
    parts = (Part("table", "Пустой раздел", empty=True), Part("t", "Полный", text="Текст"))
    found = parsed(render_html(small(parts, lang)))
    visible = "".join(found.texts)
    assert visible.count(text("report.no_data", lang)) == 1  # type: ignore[arg-type]
    assert "Пустой раздел" in found.headings


def test_user_text_stays_text() -> None:
    frame = pl.DataFrame({"name": [EVIL], "value": [1.0]})
    chart = Chart("bars", EVIL, pl.DataFrame({"label": [EVIL, "b"], "value": [1.0, 2.0],
                                              "target": [1.5, 1.5],
                                              "status": ["met", None]}), "%")
    part = Part("t", EVIL, text=EVIL, tables=(Table(frame, (Column("name", EVIL),
                                                           Column("value", "x", "number")),
                                                    title=EVIL, notes=(EVIL,)),),
                charts=(chart,), lines=(Lines(EVIL, (EVIL,)), Lines(EVIL, (EVIL,), depth=1)))
    document = small((part,), title=EVIL, region=EVIL, author=EVIL, period=EVIL, made=EVIL,
                     basis=(EVIL,), provenance=((EVIL, EVIL),))
    page = render_html(document).decode("utf-8")
    assert "<script" not in page
    found = parsed(page.encode("utf-8"))
    visible = "".join(found.texts)
    assert visible.count(EVIL) >= 12
    assert "&lt;script&gt;" in page


def test_english_page() -> None:
    document, page = example("en")
    found = parsed(page)
    assert found.tags[0] == ("html", {"lang": "en"})
    assert text("html.contents", "en") in found.headings
    assert document.statuses["met"] in {content for content, _ in found.cells}


def test_recommendations_as_headings_and_numbered_items() -> None:
    document, page = example("ru")
    part = next(p for p in document.parts if p.type == "recommendations")
    found = parsed(page)
    for lines in part.lines:
        assert lines.heading in found.headings
        for item in lines.items:
            assert f"<li>{html.escape(item)}</li>".encode() in page


def test_many_bars_are_capped_to_the_highest_and_lowest() -> None:
    total = 3 * CAP
    frame = pl.DataFrame({"label": [f"ед-{n:04d}" for n in range(total)],
                          "value": [float((n * 37) % total) for n in range(total)],
                          "target": [None] * total, "status": ["met"] * total},
                         schema_overrides={"target": pl.Float64})
    page = render_html(small((Part("t", "Т", charts=(Chart("bars", "Г", frame),)),)))
    ranked = frame.sort("value", descending=True).get_column("label").to_list()
    drawn = [label for label in ranked if f">{label}</text>".encode() in page]
    assert drawn == ranked[:CAP // 2] + ranked[-(CAP // 2):]
    note = text("html.chart_capped", "ru", shown=CAP, total=total, half=CAP // 2)
    assert html.escape(note).encode() in page


def test_charts_of_each_kind_are_inline_svg() -> None:
    document, page = example("ru")
    charts = [c for p in document.parts for c in p.charts]
    assert {c.kind for c in charts} == {"bars", "dynamics", "classes"}
    assert page.count(b"<svg") == len(charts)
    ids = re.findall(rb'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_provenance_rows_at_the_end() -> None:
    rows = (("Версия Mayak", "0.1.0"), ("Период", "2023 г."))
    page = render_html(small((Part("t", "Т"),), provenance=rows))
    found = parsed(page)
    assert found.headings[-1] == text("html.provenance", "ru")
    assert found.cells[-4:] == [(label, kind) for pair in rows
                                for label, kind in ((pair[0], ""), (pair[1], ""))]


def test_a_chart_without_values_says_no_data() -> None:
    frame = pl.DataFrame({"label": ["a", "b"], "value": [None, None], "target": [None, None],
                          "status": ["no_data", "no_data"]},
                         schema_overrides={"value": pl.Float64, "target": pl.Float64})
    page = render_html(small((Part("t", "Т", charts=(Chart("bars", "Г", frame),)),)))
    assert b"<svg" not in page
    assert f'<p class="empty">{text("report.no_data", "ru")}</p>'.encode() in page


def test_many_units_over_two_periods_are_capped_by_the_reporting_one() -> None:
    total = 2 * CAP + 7
    labels = [f"ед-{n:04d}" for n in range(total)]
    now = [float((n * 53) % total) if n % 10 else None for n in range(total)]
    frame = pl.DataFrame({"label": labels * 2, "period": ["2022 г."] * total + ["2023 г."] * total,
                          "value": [float(n) for n in range(total)] + now})
    page = render_html(small((Part("t", "Т", charts=(Chart("dynamics", "Г", frame),)),)))
    ranked = (frame.filter(pl.col("period") == "2023 г.").drop_nulls("value")
              .sort("value", descending=True).get_column("label").to_list())
    drawn = [label for label in labels if f">{label}</text>".encode() in page]
    assert sorted(drawn) == sorted(ranked[:CAP // 2] + ranked[-(CAP // 2):])
    note = text("html.chart_capped", "ru", shown=CAP, total=len(ranked), half=CAP // 2)
    assert html.escape(note).encode() in page



_ODD_NAMES = {
    # thousands of characters, differing only at their end: minutes to draw uncut
    "long": [("Муниципальное образование " * 200) + tail for tail in ("А", "Б", "В")],
    # control characters abort the chart engine (and the whole process) uncut
    "control": ["ед\x01А", "ед\x07Б\x1b", "ед\x7fВ\x9f"],
    # line and paragraph separators end a JavaScript string in the chart engine
    "separators": ["ед\u2028А", "ед\u2029Б", "ед\u2028\u2029В"]}


def _odd_chart(kind: str, names: list[str]) -> Chart:
    if kind == "bars":
        frame = pl.DataFrame({"label": names, "value": [1.0, 2.0, 3.0],
                              "target": [None] * 3, "status": ["met"] * 3},
                             schema_overrides={"target": pl.Float64})
    elif kind == "dynamics":
        frame = pl.DataFrame({"label": names * 2, "period": ["2022 г."] * 3 + ["2023 г."] * 3,
                              "value": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]})
    else:
        frame = pl.DataFrame({"class": names * 2, "period": ["2023 г."] * 3 + ["2022 г."] * 3,
                              "units": [1, 2, 3, 3, 2, 1]})
    return Chart(kind, "Г", frame)  # type: ignore[arg-type]


@pytest.mark.parametrize("names", list(_ODD_NAMES))
@pytest.mark.parametrize("kind", ["bars", "dynamics", "classes"])
def test_odd_unit_names_are_drawn_short_clean_and_distinct(kind: str, names: str) -> None:
    units = _ODD_NAMES[names]
    page = render_html(small((Part("t", "Т", charts=(_odd_chart(kind, units),)),)))
    field = "class" if kind == "classes" else "label"
    drawn = {html.unescape(found) for found in
             re.findall(rf'aria-label="[^"]*\b{field}: ([^;"]*)', page.decode("utf-8"))}
    assert len(drawn) == len(units)  # a bar each, none merged by the cut
    assert all(len(name) < 250 and name.isprintable() for name in drawn)


def test_under_an_address_space_limit_the_charts_are_left_out_not_the_process() -> None:
    # Under ulimit -v the chart engine, started, would kill the process (SIGTRAP).
    script = (
        "import resource, sys, polars as pl\n"
        "resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))\n"
        "from mayak.render import Chart, Document, Part\n"
        "from mayak.render._html import render_html\n"
        "frame = pl.DataFrame({'label': ['а', 'б'], 'value': [1.0, 2.0],\n"
        "                      'target': [None, None], 'status': ['met', 'met']},\n"
        "                     schema_overrides={'target': pl.Float64})\n"
        "part = Part('t', 'Т', charts=(Chart('bars', 'Г', frame),))\n"
        "page = render_html(Document(title='О', lang='ru', parts=(part,), statuses={}))\n"
        "sys.stdout.buffer.write(page)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, check=False,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    note = text("html.chart_no_memory", "ru", needed=ENGINE_SPACE >> 30)
    assert html.escape(note).encode() in done.stdout
    assert b"<svg" not in done.stdout


@pytest.mark.parametrize("kind", ["number", "percent"])
@pytest.mark.parametrize("value", NOT_FINITE)
def test_a_value_that_is_not_finite_shows_as_a_missing_one(kind: str, value: float) -> None:
    table = not_finite_table(kind, value)
    cells = parsed(render_html(small((Part("t", "Т", tables=(table,)),)))).cells
    missing, odd = cells[3][0], cells[5][0]  # after the header: «нет», its value, ...
    assert cells[2][0] == "нет" and cells[4][0] == "не число"
    assert odd == missing


def test_charts_drawn_in_the_engines_own_process_are_the_same() -> None:
    # The command line starts the chart engine in a process of its own ahead of the charts
    # (``chart_engine``); the page is the same bytes as with the charts drawn here.
    from mayak.render import chart_engine  # noqa: PLC0415

    document, page = example("ru")
    assert any(part.charts for part in document.parts)
    engine = chart_engine()
    assert engine is not None
    with engine:
        apart = render_html(document, engine)
    assert apart == page
    assert apart.count(b"<svg") == sum(len(part.charts) for part in document.parts)


def test_charts_are_drawn_here_when_the_engines_process_has_died() -> None:
    from mayak.render import chart_engine  # noqa: PLC0415

    document, page = example("ru")
    engine = chart_engine()
    assert engine is not None
    with engine:
        engine.draw({"mark": "point"}, "ru").result()  # started
        engine._process.kill()
        engine._process.wait()
        assert render_html(document, engine) == page
