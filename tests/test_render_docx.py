"""The Word справка: read back with python-docx — the title block, headings, tables with
their values in Russian or English notation, merged group headings repeated on each page,
landscape pages for wide tables, «нет данных» for empty parts, odd characters, the
provenance table, and the same bytes on a rerun."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import mayak
import polars as pl
import pytest
from docx.oxml.ns import qn
from docx.table import Table as WordTable
from mayak.messages import text
from mayak.render import Column, Document, Lines, Part, Table, compose, render_docx
from msgspec.structs import replace

from tests.conftest import NOT_FINITE, not_finite_table

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "kaliningrad-municipal-2022-2023"
NBSP = "\u00a0"


def _read(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _headings(word: docx.document.Document) -> list[str]:
    return [p.text for p in word.paragraphs if p.style is not None
            and p.style.name == "Heading 1"]


def _rows(table: WordTable) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def _table_sections(word: docx.document.Document) -> list[bool]:
    """For each table in order, whether the section it lies in is landscape."""
    body = word.element.body
    found: list[bool] = []
    waiting = 0
    for child in body.iterchildren():
        if child.tag == qn("w:tbl"):
            waiting += 1
        sect = (child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") if child.tag == qn("w:p")
                else child if child.tag == qn("w:sectPr") else None)
        if sect is not None:
            size = sect.find(qn("w:pgSz"))
            wide = int(size.get(qn("w:w"))) > int(size.get(qn("w:h")))
            found += [wide] * waiting
            waiting = 0
    return found


def _grid(table: WordTable) -> list[int]:
    return [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iterchildren(qn("w:gridCol"))]


# --- the Kaliningrad municipal example, composed as the report spec asks ------------------

@pytest.fixture(scope="module")
def example() -> tuple[mayak.Result, Document]:
    rules = mayak.load([EXAMPLE / "rules"])
    report = rules.report_for()
    result = rules.evaluate_folder(EXAMPLE / "data", levels=list(report.levels))
    document = compose(result, rules.specs, report, "ru")
    document = replace(document, made="2024-03-15", provenance=(
        ("Версия Mayak", mayak.__version__), ("targets.yaml", "sha256 " + "ab" * 32)))
    return result, document


@pytest.fixture(scope="module")
def word(example: tuple[mayak.Result, Document]) -> docx.document.Document:
    return _read(render_docx(example[1]))


def test_the_title_block_opens_the_document(example: tuple[mayak.Result, Document],
                                            word: docx.document.Document) -> None:
    document = example[1]
    opening = [p.text for p in word.paragraphs[:8]]
    assert document.author in opening
    assert document.title in opening
    assert document.region in opening
    assert text("docx.period", "ru", period=document.period) in opening
    assert text("docx.made", "ru", date=document.made) in opening


def test_every_part_has_its_heading_in_order(example: tuple[mayak.Result, Document],
                                             word: docx.document.Document) -> None:
    assert _headings(word) == [p.title for p in example[1].parts] + [
        text("docx.provenance", "ru")]


def test_the_indicator_form_shows_the_values_in_russian_notation(
        example: tuple[mayak.Result, Document], word: docx.document.Document) -> None:
    result, _ = example
    rows = result.indicators.filter(pl.col("level") == "total")
    table = _rows(word.tables[0])
    header = table[0]
    assert header[:2] == ["№", text("col.indicator", "ru")]
    body = table[1:]
    assert [r[0] for r in body] == [str(n) for n in range(1, rows.height + 1)]
    achieved = header.index(text("col.achieved", "ru"))
    status = header.index(text("col.status", "ru"))
    for row, (value, code, title) in zip(body, rows.select(
            "value", pl.col("status").cast(pl.String), "title").iter_rows(), strict=True):
        assert row[1] == title
        # A second route to the notation: Python's own rounding, then a decimal comma.
        shown = "—" if value is None else (
            f"{round(value, 2):.2f}".rstrip("0").rstrip(".").replace(".", ","))
        assert row[achieved] == shown
        assert row[status] == text(f"status.{code}", "ru")


def test_status_cells_are_shaded_by_tone(word: docx.document.Document) -> None:
    table = word.tables[0]
    status = [c.text for c in table.rows[0].cells].index(text("col.status", "ru"))
    fills = {}
    for row in table.rows[1:]:
        cell = row.cells[status]
        shading = cell._tc.tcPr.find(qn("w:shd"))
        fills[cell.text] = None if shading is None else shading.get(qn("w:fill"))
    assert fills[text("status.met", "ru")] is not None
    assert fills[text("status.met", "ru")] != fills.get(text("status.not_met", "ru"), "")
    assert fills.get(text("status.no_target", "ru")) is None


def test_grouped_headings_merge_over_their_columns_and_repeat_on_each_page(
        example: tuple[mayak.Result, Document], word: docx.document.Document) -> None:
    part = next(p for p in example[1].parts if p.type == "table")
    columns = part.tables[0].columns
    table = word.tables[1]
    top, second = table.rows[0].cells, table.rows[1].cells
    for n, column in enumerate(columns):
        if column.group is None:  # merged down both heading rows
            assert top[n]._tc is second[n]._tc
            assert top[n].text == column.title
        else:
            first = next(m for m, c in enumerate(columns) if c.group == column.group)
            assert top[n]._tc is top[first]._tc
            assert top[n].text == column.group
            assert second[n].text == column.title
    for row in table.rows[:2]:
        assert row._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[2]._tr.trPr.find(qn("w:tblHeader")) is None


def test_wide_tables_go_on_landscape_pages_and_fit_them(
        example: tuple[mayak.Result, Document], word: docx.document.Document) -> None:
    widths = [len(t.columns) for p in example[1].parts for t in p.tables]
    landscape = _table_sections(word)
    assert len(landscape) == len(word.tables) == len(widths) + 1  # and the provenance
    assert all(wide for count, wide in zip(widths, landscape, strict=False) if count > 9)
    assert any(not wide for wide in landscape)
    for table, wide in zip(word.tables, landscape, strict=True):
        # A4 (11906 x 16838 twips) less the margins of that orientation.
        assert sum(_grid(table)) == (16838 - 2 * 1134 if wide else 11906 - 1701 - 850)


def test_recommendations_are_numbered_under_their_audience(
        example: tuple[mayak.Result, Document], word: docx.document.Document) -> None:
    part = next(p for p in example[1].parts if p.type == "recommendations")
    paragraphs = [p.text for p in word.paragraphs]
    for lines in part.lines:
        at = paragraphs.index(lines.heading + ":")
        assert paragraphs[at + 1:at + 1 + len(lines.items)] == [
            f"{n}. {item}" for n, item in enumerate(lines.items, start=1)]


def test_the_provenance_is_a_table_at_the_end(example: tuple[mayak.Result, Document],
                                              word: docx.document.Document) -> None:
    assert _rows(word.tables[-1]) == [list(row) for row in example[1].provenance]


def test_a_rerun_gives_the_same_bytes_stamped_with_the_date_made(
        example: tuple[mayak.Result, Document]) -> None:
    first, second = render_docx(example[1]), render_docx(example[1])
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {i.date_time for i in package.infolist()} == {(2024, 3, 15, 0, 0, 0)}
        assert "docProps/thumbnail.jpeg" not in package.namelist()
    core = _read(first).core_properties
    assert core.created == core.modified == dt.datetime(2024, 3, 15, tzinfo=dt.UTC)
    assert core.title == example[1].title


# --- small documents made by hand ---------------------------------------------------------

def _document(lang: str = "ru", **changes: object) -> Document:
    frame = pl.DataFrame({
        "name": ["Город <A> & «Б»", "Село\tВ\nстрока\x01", "Итого"],
        "count": [1234, None, 7],
        "share": [93.3333, 0.05, None],
        "ratio": [1234.5, -0.125, 2.0],
        "when": [dt.date(2023, 2, 1), None, dt.date(2024, 12, 31)],
        "status": ["met", "not_met", "no_data"],
        "total": [False, False, True]})
    table = Table(frame, (Column("name", "Единица"), Column("count", "Число", "integer"),
                          Column("share", "Доля", "percent", 1),
                          Column("ratio", "Значение", "number"),
                          Column("when", "Дата", "date"),
                          Column("status", "Статус", "status")),
                  title="Таблица <проверки>", notes=("Примечание & пояснение",), bold="total")
    fields: dict[str, object] = {
        "title": "Справка", "lang": lang, "made": "15.03.2024",
        "basis": ("Приказ № 1 <от> 01.01.2024 & пункт 2\x02",), "region": "Область",
        "parts": (Part("table", "Значения <1> & «2»\x07", "Текст раздела.\n\nВторой абзац.",
                       tables=(table,)),
                  Part("ranking", "Рейтинг", empty=True),
                  Part("recommendations", "Рекомендации", lines=(
                      Lines("Органам управления", ()),
                      Lines("городские", ("Сделать <это>.", "Сделать то."), depth=1)))),
        "statuses": {s: text(f"status.{s}", lang) for s in ("met", "not_met", "no_data")}}
    fields.update(changes)
    return Document(**fields)  # type: ignore[arg-type]


def test_values_in_russian_notation_and_odd_characters_survive() -> None:
    word = _read(render_docx(_document()))
    rows = _rows(word.tables[0])
    assert rows[0] == ["Единица", "Число", "Доля", "Значение", "Дата", "Статус"]
    assert rows[1] == ["Город <A> & «Б»", "1234", f"93,3{NBSP}%", "1234,5", "01.02.2023",
                       text("status.met", "ru")]
    assert rows[2] == ["Село\tВ\nстрока", "—", f"0,1{NBSP}%", "-0,13", "—",
                       text("status.not_met", "ru")]
    assert rows[3][1:5] == ["7", "—", "2", "31.12.2024"]
    paragraphs = [p.text for p in word.paragraphs]
    assert {"Таблица 1", "Таблица <проверки>", "Примечание & пояснение", "Текст раздела.",
            "Второй абзац."} <= set(paragraphs)


def test_the_title_block_and_headings_keep_odd_characters() -> None:
    word = _read(render_docx(_document()))
    paragraphs = [p.text for p in word.paragraphs]
    assert paragraphs[:4] == ["Справка", "Область", text("docx.made", "ru", date="15.03.2024"),
                              text("docx.basis", "ru",
                                   basis="Приказ № 1 <от> 01.01.2024 & пункт 2")]
    assert _headings(word) == ["Значения <1> & «2»", "Рейтинг", "Рекомендации"]


def test_bold_rows_are_bold_and_others_not() -> None:
    table = _read(render_docx(_document())).tables[0]
    weights = [{bool(r.bold) for c in row.cells for p in c.paragraphs for r in p.runs}
               for row in table.rows[1:]]
    assert weights == [{False}, {False}, {True}]


def test_an_empty_part_says_no_data_under_its_heading() -> None:
    paragraphs = [p.text for p in _read(render_docx(_document())).paragraphs]
    at = paragraphs.index("Рейтинг")
    assert paragraphs[at + 1] == text("report.no_data", "ru")


def test_class_subheadings_and_numbered_items() -> None:
    paragraphs = [p.text for p in _read(render_docx(_document())).paragraphs]
    at = paragraphs.index("Органам управления:")
    assert paragraphs[at + 1:at + 4] == ["городские:", "1. Сделать <это>.", "2. Сделать то."]


def test_english_notation_and_words() -> None:
    word = _read(render_docx(_document("en")))
    rows = _rows(word.tables[0])
    assert rows[1][1:6] == ["1234", f"93.3{NBSP}%", "1234.5", "2023-02-01",
                            text("status.met", "en")]
    paragraphs = [p.text for p in word.paragraphs]
    assert "Table 1" in paragraphs
    assert text("report.no_data", "en") in paragraphs
    assert word.core_properties.language == "en-US"


def test_a_very_wide_table_is_cut_into_parts_that_repeat_the_row_labels() -> None:
    indicators = [f"i{n}" for n in range(12)]
    frame = pl.DataFrame({"key": ["А", "Б"],
                          **{f"{i}.{c}": [float(n), float(n) + 0.5]
                             for n, i in enumerate(indicators) for c in ("v", "p", "c")}})
    columns = (Column("key", "Единица"), *(
        Column(f"{i}.{c}", c, "number", group=f"Показатель {i}")
        for i in indicators for c in ("v", "p", "c")))
    part = Part("table", "Широкая", tables=(Table(frame, columns, notes=("Итог.",)),))
    word = _read(render_docx(_document(parts=(part,))))
    assert len(word.tables) > 1
    seen: list[str] = []
    for table in word.tables:
        rows = _rows(table)
        assert rows[0][0] == "Единица"
        assert [r[0] for r in rows[2:]] == ["А", "Б"]
        assert len(rows[0]) <= 25
        seen += [g for g in dict.fromkeys(rows[0][1:])]
    assert seen == [f"Показатель {i}" for i in indicators]  # each group once, whole
    sizes = [len(t.columns) for t in word.tables]
    assert max(sizes) - min(sizes) <= 3  # even parts, not a full one and a remnant
    paragraphs = [p.text for p in word.paragraphs]
    assert "Таблица 1" in paragraphs
    assert "Продолжение таблицы 1" in paragraphs
    assert paragraphs.count("Итог.") == 1
    assert all(_table_sections(word))


def test_the_same_document_from_another_date_differs_only_in_its_stamp() -> None:
    one, other = (render_docx(_document(made=m)) for m in ("15.03.2024", "16.03.2024"))
    assert one != other
    assert _rows(_read(one).tables[0]) == _rows(_read(other).tables[0])


def test_a_table_without_columns_or_rows_still_gives_a_document() -> None:
    empty = Table(pl.DataFrame({"a": []}, schema={"a": pl.Float64}),
                  (Column("a", "Значение", "number"),))
    nothing = Table(pl.DataFrame(), ())
    word = _read(render_docx(_document(parts=(
        Part("table", "Пусто", tables=(nothing, empty, nothing, empty)),))))
    assert [_rows(t) for t in word.tables] == [[["Значение"]]] * 2
    assert [p.text for p in word.paragraphs if p.text.startswith("Таблица")] == [
        "Таблица 1", "Таблица 2"]
    assert _headings(word) == ["Пусто"]


@pytest.mark.parametrize("field", ["title", "author"])
def test_a_title_or_author_too_long_for_the_core_properties_is_cut_there_only(
        field: str) -> None:
    long = "Справка " * 1250  # 10 000 characters; the core properties hold 255
    word = _read(render_docx(_document(**{field: long})))
    core = word.core_properties
    stored = core.title if field == "title" else core.author
    assert len(stored) <= 255 and long.startswith(stored[:-1])
    if field == "title":
        assert word.paragraphs[0].text == long


@pytest.mark.parametrize("kind", ["number", "percent"])
@pytest.mark.parametrize("value", NOT_FINITE)
def test_a_value_that_is_not_finite_shows_as_a_missing_one(kind: str, value: float) -> None:
    table = not_finite_table(kind, value)
    word = _read(render_docx(_document(parts=(Part("table", "Т", tables=(table,)),))))
    rows = _rows(word.tables[0])
    assert [r[0] for r in rows[1:]] == ["нет", "не число"]
    assert rows[2][1] == rows[1][1]
