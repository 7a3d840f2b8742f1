"""The Markdown table drawn directly is byte for byte the one Polars' formatter draws, of the
text made safe for Markdown."""

from __future__ import annotations

import polars as pl
import pytest
from mayak.render._markdown import (
    CELL_CHARS,
    ONE_COLUMN,
    markdown_table,
    markdown_text,
    polars_text,
)


def _polars(frame: pl.DataFrame) -> str:
    """Polars' drawing of the frame, its texts and headers escaped one by one."""
    safe = {markdown_text(name): [None if v is None else markdown_text(v) if isinstance(v, str)
                                  else v for v in frame[name].to_list()]
            for name in frame.columns}
    return polars_text(pl.DataFrame(safe, schema={markdown_text(n): d for n, d in
                                                  frame.schema.items()}), "MARKDOWN")


@pytest.mark.parametrize(("written", "safe"), [
    ("Гурьевский|МО", "Гурьевский\\|МО"),  # would end the table cell
    ("строка\nперенос\r\nещё", "строка перенос ещё"),  # would start a row
    ("<b>жирный</b>", "&lt;b>жирный&lt;/b>"),  # would be HTML
    ("[ссылка](http://x)", "[ссылка]\\(http://x)"),  # would be a link
    ("C:\\данные\\*", "C:\\\\данные\\\\*"),  # a backslash would escape what follows
    ("[1] и 50 % «как есть»", "[1] и 50 % «как есть»"),
])
def test_text_from_data_cannot_change_the_layout(written: str, safe: str) -> None:
    assert markdown_text(written) == safe
    table = markdown_table(pl.DataFrame({"МО": [written, "x"]}))
    assert table.count("\n") == 3 and f"| {safe}" in table


def test_every_plain_character_is_drawn_as_polars_draws_it() -> None:
    characters = [chr(code) for low, high in ONE_COLUMN for code in range(low, high + 1)]
    frame = pl.DataFrame({"Показатель": [f"x{c}y" for c in characters],
                          "B": [c * 3 for c in characters]})
    assert markdown_table(frame) == _polars(frame)


def test_texts_of_one_or_two_characters_are_as_wide_as_polars_draws_them() -> None:
    characters = [chr(code) for low, high in ONE_COLUMN for code in range(low, high + 1)]
    for header in ("Б", "Бв", "a", "ab"):
        for cells in (characters, [f"a{c}" for c in characters], ["1", "2"]):
            frame = pl.DataFrame({header: cells})
            assert markdown_table(frame) == _polars(frame), (header, cells[:2])


@pytest.mark.parametrize("cells", [
    ["", "  с пробелами  "],  # empty and edge spaces are kept, padded
    ["a|b", "`код` \\ «кавычки» — 0,5 % ≥ ≤ №"],
    ["короче заголовка", "x"],
])
def test_plain_tables(cells: list[str]) -> None:
    frame = pl.DataFrame({"Очень длинный заголовок столбца": cells, "Б": ["1", "22"]})
    assert markdown_table(frame) == _polars(frame)


@pytest.mark.parametrize("cells", [
    ["строка\nперенос", "x"],  # Polars splits the cell over lines
    ["漢字", "x"],  # two columns wide
    ["е\u0301", "x"],  # a combining accent takes no column
    ["a\u200bb", "x"],  # zero width
    ["a\tb", "x"],
    [None, "x"],  # Polars writes null
    ["x" * (CELL_CHARS + 5), "y"],  # Polars cuts it
])
def test_other_text_is_left_to_polars(cells: list[str | None]) -> None:
    frame = pl.DataFrame({"Столбец": cells, "Б": ["1", "2"]})
    assert markdown_table(frame) == _polars(frame)


def test_frames_that_are_not_plain_strings_are_left_to_polars() -> None:
    for frame in (pl.DataFrame({"a": [1, 2]}), pl.DataFrame({"a": []}, schema={"a": pl.String}),
                  pl.DataFrame({"漢": ["x"]}), pl.DataFrame({"": ["x"]})):
        assert markdown_table(frame) == _polars(frame)


@pytest.mark.parametrize(("columns", "chars"), [(2, CELL_CHARS), (11, 900), (11, CELL_CHARS)])
def test_long_cells_and_wide_tables(columns: int, chars: int) -> None:
    frame = pl.DataFrame({f"c{n}": ["x" * chars, "y"] for n in range(columns)})
    assert markdown_table(frame) == _polars(frame)
