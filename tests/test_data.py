"""Reading data files: formats, encodings, header aliases, coercion, reported problems."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import mayak
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mayak.io._coerce import _PLAIN, conform, normalise_text, normalise_words
from mayak.io._read import read_dataset, read_frame

Write = Callable[[str, str], Path]

DATASET = """
kind: dataset
id: people
title: Люди
key: person_id
columns:
  person_id: {type: string, title: Идентификатор, required: true}
  municipality: {type: string, aliases: [Муниципалитет]}
  experience: {type: number, title: Стаж, min: 0}
  lessons: {type: integer, title: Уроки}
  member: {type: boolean, title: Член РМА}
  hired: {type: date, title: Дата приёма}
  category:
    type: category
    title: Категория
    values: [без категории, первая, высшая]
    ordered: true
    synonyms: {"высш.": высшая, нет: без категории}
"""


@pytest.fixture
def people(write: Write, tmp_path: Path) -> mayak.Ruleset:
    write("specs/people.yaml", DATASET)
    write("specs/count.yaml", """
        kind: indicator
        id: member_share
        title: Доля
        unit: percent
        variables:
          A: {count: people, where: member}
          Z: {count: people}
        formula: A / Z * 100
        rounding: 1
    """)
    return mayak.load(tmp_path / "specs")


def read(rules: mayak.Ruleset, path: Path) -> tuple[pl.DataFrame, tuple[mayak.Problem, ...]]:
    result = read_dataset(path, rules.datasets["people"], path.name)
    return result.frame.collect(), result.problems


CSV = ("Идентификатор;Муниципалитет;Стаж;Уроки;Член РМА;Дата приёма;Категория\n"
       "P1;Калининград;5,5;10;да;01.09.2015;Высшая \n"
       "P2;Гусев;abc;1 200;Нет;2020-02-29;высш.\n"
       "P3;;-2;2,5;может быть;31.02.2020;вторая\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
def test_csv_in_any_usual_encoding(people: mayak.Ruleset, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(CSV.encode(encoding))
    frame, problems = read(people, path)
    assert frame["person_id"].to_list() == ["P1", "P2", "P3"]
    assert frame["experience"].to_list() == [5.5, None, None]
    assert frame["lessons"].to_list() == [10, 1200, None]
    assert frame["member"].to_list() == [True, False, None]
    assert frame["category"].cast(pl.String).to_list() == ["высшая", "высшая", None]
    assert frame["municipality"].to_list() == ["Калининград", "Гусев", None]
    assert frame["_row"].to_list() == [2, 3, 4]
    cells = {(p.location.row, p.location.column): p for p in problems if p.location}
    assert set(cells) == {(3, "Стаж"), (4, "Стаж"), (4, "Уроки"), (4, "Член РМА"),
                          (4, "Дата приёма"), (4, "Категория")}
    assert cells[(4, "Стаж")].code == "data.out_of_range"
    assert "«abc» не читается как число" in cells[(3, "Стаж")].render()
    assert "people.csv: строка 4, столбец «Категория»" in cells[(4, "Категория")].render()


def test_xlsx_with_empty_row_and_unknown_header(people: mayak.Ruleset, tmp_path: Path) -> None:
    path = tmp_path / "people.xlsx"
    pl.DataFrame({
        "Идентификатор": ["P1", None, "P3"], "Стаж": [5.0, None, 7.0],
        "Член РМА": ["да", None, "нет"], "Любимый цвет": ["синий", None, "зелёный"],
    }).write_excel(path)
    frame, problems = read(people, path)
    assert frame["person_id"].to_list() == ["P1", "P3"]
    assert frame["_row"].to_list() == [2, 4]
    assert frame["experience"].to_list() == [5.0, 7.0]
    codes = {p.code for p in problems}
    assert {"data.empty_row", "data.unknown_header", "data.missing_optional"} <= codes
    empty = next(p for p in problems if p.code == "data.empty_row")
    assert empty.location is not None and empty.location.row == 3


def test_missing_required_column_names_the_aliases(people: mayak.Ruleset, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Муниципалитет,Стаж\nГусев,5\n", encoding="utf-8")
    with pytest.raises(mayak.DataError) as caught:
        read(people, path)
    assert "«person_id»" in str(caught.value) and "«Идентификатор»" in str(caught.value)


@pytest.mark.parametrize(("name", "content", "code"), [
    ("people.csv", b"", "data.empty"),
    ("people.csv", "Идентификатор,Стаж\n".encode(), "data.empty"),
    ("people.xlsx", b"this is not a spreadsheet", "data.unreadable"),
    ("people.parquet", b"nor is this", "data.unreadable"),
    ("people.txt", b"x", "data.format"),
])
def test_unusable_files(people: mayak.Ruleset, tmp_path: Path, name: str, content: bytes,
                        code: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(mayak.DataError) as caught:
        read(people, path)
    assert caught.value.problems[0].code == code


def test_read_folder_reports_missing_files_and_stray_files(people: mayak.Ruleset,
                                                           tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    with pytest.raises(mayak.DataError, match=r"people\.csv, people\.xlsx, people\.parquet"):
        people.read(data)
    (data / "people.csv").write_text("Идентификатор,Член РМА\nP1,да\n", encoding="utf-8")
    (data / "extra.csv").write_text("a\n1\n", encoding="utf-8")
    read_data = people.read(data)
    assert [p.code for p in read_data.problems if p.code == "data.unused_file"] == [
        "data.unused_file"]


def test_typed_frames_pass_through_without_a_data_pass(people: mayak.Ruleset) -> None:
    frame = pl.LazyFrame({"person_id": ["a"], "member": [True]})
    conformed = conform(frame, people.datasets["people"], "<people>")
    assert isinstance(conformed.frame, pl.LazyFrame)
    assert conformed.frame.collect_schema()["experience"] == pl.Float64
    assert {p.code for p in conformed.problems} == {"data.missing_optional"}


def test_parquet_keeps_types(people: mayak.Ruleset, tmp_path: Path) -> None:
    path = tmp_path / "people.parquet"
    pl.DataFrame({"person_id": ["a", "b"], "member": [True, None],
                  "lessons": [3, -1]}).write_parquet(path)
    frame, _ = read(people, path)
    assert frame["member"].to_list() == [True, None]
    assert frame["lessons"].to_list() == [3, -1]
    assert frame["_row"].to_list() == [1, 2]


def test_dates_two_digit_years_and_excel_serials(people: mayak.Ruleset, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Идентификатор,Дата приёма\nP1,01.09.23\nP2,44805\nP3,2022-09-01 00:00:00\n",
                    encoding="utf-8")
    frame, problems = read(people, path)
    assert [str(d) for d in frame["hired"].to_list()] == ["2023-09-01", "2022-09-01",
                                                         "2022-09-01"]
    assert not [p for p in problems if p.code == "data.bad_value"]


def test_a_bare_year_in_a_date_column_is_unreadable(people: mayak.Ruleset,
                                                    tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Идентификатор,Дата приёма\nP1,2023\n", encoding="utf-8")
    frame, problems = read(people, path)
    assert frame["hired"].to_list() == [None]  # not 15.07.1905, Excel's day 2023
    bad = next(p for p in problems if p.code == "data.bad_value")
    assert bad.location is not None and (bad.location.row, bad.location.column) == (
        2, "Дата приёма")


def test_boolean_words_with_yo_and_fractional_integer(write: Write, tmp_path: Path) -> None:
    write("spec/d.yaml", """
        kind: dataset
        id: d
        title: D
        columns:
          id: {type: string, required: true}
          done: {type: boolean, true_values: [зачтён], false_values: [не зачтён]}
          lessons: {type: integer, min: 0, max: 100}
    """)
    rules = mayak.load(tmp_path / "spec")
    path = tmp_path / "d.csv"
    path.write_text("id,done,lessons\na,Зачтен,2.5\nb,не зачтён,3\n", encoding="utf-8")
    result = read_dataset(path, rules.datasets["d"], "d.csv")
    frame = result.frame.collect()
    assert frame["done"].to_list() == [True, False]
    assert frame["lessons"].to_list() == [None, 3]
    codes = [p.code for p in result.problems]
    assert codes == ["data.bad_value"]  # not "out of range": 2.5 is not a whole number


def test_duplicate_keys_and_several_files_are_reported(people: mayak.Ruleset,
                                                       tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "people.csv").write_text("Идентификатор\nP1\nP2\nP1\n", encoding="utf-8")
    pl.DataFrame({"person_id": ["x"]}).write_parquet(data / "people.parquet")
    problems = people.read(data).problems
    duplicate = next(p for p in problems if p.code == "data.duplicate_key")
    assert "«P1»" in duplicate.render() and "2, 4" in duplicate.render()
    several = next(p for p in problems if p.code == "data.several_files")
    assert "people.csv" in several.render()


def test_a_file_pasted_twice_names_fifty_repeated_keys_then_counts(people: mayak.Ruleset,
                                                                   tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    ids = [f"P{n}" for n in range(60)]
    path.write_text("Идентификатор\n" + "\n".join(ids + ids) + "\n", encoding="utf-8")
    frame, problems = read(people, path)
    assert frame.height == 120  # repeated rows are kept; screening sends them to review
    named = [p for p in problems if p.code == "data.duplicate_key"]
    assert len(named) == 50 and named[0].params["rows"] == "2, 62"
    more = next(p for p in problems if p.code == "data.more_duplicate_keys")
    assert more.message("ru") == "и ещё 10 повторяющихся значений ключа «Идентификатор»"


def test_many_empty_rows_are_named_then_counted(people: mayak.Ruleset, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Идентификатор;Стаж\nP1;5\n" + ";\n" * 30 + "P2;6\n", encoding="utf-8")
    frame, problems = read(people, path)
    assert frame["person_id"].to_list() == ["P1", "P2"]
    empty = [p.location.row for p in problems if p.code == "data.empty_row" and p.location]
    assert empty == list(range(3, 23))
    more = next(p for p in problems if p.code == "data.more_empty_rows")
    assert more.message("ru") == "и ещё 10 пустых строк пропущено (последняя — 32)"


def test_empty_row_location_names_only_the_row() -> None:
    problem = mayak.Problem("data.empty_row", {}, mayak.Location("f.csv", row=7))
    assert problem.render() == "f.csv: строка 7: пустая строка пропущена"


def test_a_title_line_above_the_headers_is_explained(people: mayak.Ruleset,
                                                     tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Список педагогов;;\nИдентификатор;Стаж;\nP1;5;\n", encoding="utf-8")
    with pytest.raises(mayak.DataError) as raised:
        read(people, path)
    message = raised.value.problems[0].render()
    assert "ни один заголовок не узнан (первые: «Список педагогов»)" in message
    assert "в первой строке" in message


def test_non_finite_and_huge_numbers_are_unreadable_not_a_crash(people: mayak.Ruleset,
                                                                 tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Идентификатор;Стаж;Уроки\nP1;nan;1e30\nP2;inf;12\nP3;1e400;2,0\n",
                    encoding="utf-8")
    frame, problems = read(people, path)
    assert frame["experience"].to_list() == [None, None, None]
    assert frame["lessons"].to_list() == [None, 12, 2]
    bad = {(p.location.row, p.location.column) for p in problems
           if p.location is not None and p.location.row is not None}
    assert bad == {(2, "Стаж"), (3, "Стаж"), (4, "Стаж"), (2, "Уроки")}


def test_typed_columns_are_not_changed_silently(people: mayak.Ruleset) -> None:
    frame = pl.DataFrame({
        "person_id": ["P1", "P2", "P3"],
        "experience": [float("nan"), 3.5, float("inf")],
        "lessons": [2.5, 3.0, None],   # floats in an integer column
        "member": [1, 0, 5],           # numbers in a yes/no column
        # Whole numbers in a date column: Excel day numbers belong to spreadsheet cells only,
        # a typed column must hold dates (none of these is read, the column is named once).
        "hired": [45170, 2023, None],
    })
    conformed = conform(frame, people.datasets["people"], "<people>")
    typed = conformed.frame.collect()
    assert typed["experience"].to_list() == [None, 3.5, None]
    assert typed["lessons"].to_list() == [None, 3, None]
    assert typed["member"].to_list() == [True, False, None]
    assert typed["hired"].to_list() == [None, None, None]
    columns = sorted((p.location.row, p.location.column) for p in conformed.problems
                     if p.location is not None and p.location.row is not None)
    assert columns == [(1, "experience"), (1, "lessons"), (3, "experience"), (3, "member")]
    wrong = [p for p in conformed.problems if p.code == "data.wrong_type"]
    assert [(p.location.row, p.location.column) for p in wrong if p.location] == [(None, "hired")]
    assert sorted(conformed.unreadable.filter(pl.col("column") == "hired")["_row"]) == [1, 2]


# Frames that are small and held in memory are typed, checked and scanned in one batch;
# others lazily, the typed values computed by the queries that read them. The results agree.
SAME_EITHER_WAY = {
    "text": pl.DataFrame({
        "person_id": [" P1", "P2 ", "нет данных", "P4"],
        "municipality": ["Калининград", "\u00a0Гусев", "", "-"],
        "experience": ["5,5", "abc", "-2", " 7 "], "lessons": ["10", "1 200", "2,5", "н/д"],
        "member": ["да", "Нет", "может быть", ""], "hired": ["01.09.2015", "2020-02-29",
                                                           "31.02.2020", "45170"],
        "category": ["Высшая ", "высш.", "вторая", None]}),
    "typed": pl.DataFrame({
        "person_id": ["P1", " P2", "P3", None], "municipality": ["A", "B", None, "C"],
        "experience": [float("nan"), 3.5, -1.0, 2.0], "lessons": [2.5, 3.0, None, -4.0],
        "member": [1, 0, 5, None]}),
    "tidy": pl.DataFrame({"person_id": ["P1", "P2"], "experience": [1.0, 2.0]}),
}


@pytest.mark.parametrize("name", list(SAME_EITHER_WAY))
def test_a_small_frame_is_typed_and_checked_alike_in_memory_or_lazily(
        people: mayak.Ruleset, name: str) -> None:
    frame, dataset = SAME_EITHER_WAY[name], people.datasets["people"]
    at_once = conform(frame, dataset, "<people>", engine="in-memory")
    lazily = conform(frame.lazy(), dataset, "<people>", engine="auto")
    assert at_once.frame.collect().equals(lazily.frame.collect())
    assert at_once.problems == lazily.problems
    assert at_once.unreadable.equals(lazily.unreadable)
    assert at_once.problems  # each frame has something to report


def test_a_repeated_key_of_a_frame_is_named_as_a_files_is(people: mayak.Ruleset,
                                                          tmp_path: Path) -> None:
    frame = pl.DataFrame({"person_id": ["P1", "P2", "P1", "P3"], "member": [True] * 4})
    result = people.evaluate({"people": frame})
    repeated = [p for p in result.problems if p.code == "data.duplicate_key"]
    assert [(p.params["value"], p.params["rows"]) for p in repeated] == [("P1", "1, 3")]
    path = tmp_path / "people.csv"
    frame.write_csv(path, separator=";")
    from_file = [p for p in read_dataset(path, people.datasets["people"], "people.csv").problems
                 if p.code == "data.duplicate_key"]
    assert [(p.params["value"], p.params["rows"]) for p in from_file] == [("P1", "2, 4")]


@pytest.mark.parametrize("keys", [["P1", "P2", "P1", "P3"], ["P1", "P1 ", "P2", "P3"]],
                         ids=["as given", "tidied"])
def test_a_repeated_key_is_named_when_the_frame_has_cells_to_check(
        people: mayak.Ruleset, tmp_path: Path, keys: list[str]) -> None:
    # A column with a range: the frame is typed and checked in one batch, which also finds
    # the repeated keys, unless the key had to be tidied first.
    frame = pl.DataFrame({"person_id": keys, "experience": [1.0, -2.0, 3.0, 4.0]})
    problems = people.evaluate({"people": frame}).problems
    repeated = [(p.params["value"], p.params["rows"]) for p in problems
                if p.code == "data.duplicate_key"]
    path = tmp_path / "people.csv"
    frame.write_csv(path, separator=";")
    from_file = [(p.params["value"], p.params["rows"]) for p in read_dataset(
        path, people.datasets["people"], "people.csv").problems if p.code == "data.duplicate_key"]
    assert [p.code for p in problems if p.code == "data.out_of_range"] == ["data.out_of_range"]
    assert from_file and repeated == [
        (value, ", ".join(str(int(row) - 1) for row in rows.split(", ")))
        for value, rows in from_file]


def test_a_frames_key_repeated_but_for_edge_spaces_or_blank_is_named_as_a_files_is(
        people: mayak.Ruleset, tmp_path: Path) -> None:
    # The key is read tidied, as a file's is: «P1 » repeats «P1»; blank and «нет данных»
    # are unknown keys, which repeat nothing.
    frame = pl.DataFrame({"person_id": ["P1", "P1 ", "", "", "нет данных", "нет данных", "P2"],
                          "member": [True] * 7})
    repeated = [(p.params["value"], p.params["rows"])
                for p in people.evaluate({"people": frame}).problems
                if p.code == "data.duplicate_key"]
    path = tmp_path / "people.csv"
    frame.write_csv(path, separator=";")
    from_file = [(p.params["value"], p.params["rows"]) for p in read_dataset(
        path, people.datasets["people"], "people.csv").problems if p.code == "data.duplicate_key"]
    # A file's rows are numbered from 2 (its header is row 1), a frame's from 1.
    assert from_file and repeated == [
        (value, ", ".join(str(int(row) - 1) for row in rows.split(", ")))
        for value, rows in from_file]


def test_a_repeated_key_names_its_rows_in_order_whatever_the_frames_own_order(
        people: mayak.Ruleset) -> None:
    frame = pl.DataFrame({"_row": [8, 3, 5, 2], "person_id": ["P1", "P2", "P1", "P2"],
                          "member": [True] * 4})
    repeated = [p for p in people.evaluate({"people": frame}).problems
                if p.code == "data.duplicate_key"]
    assert [(p.params["value"], p.params["rows"], p.location.row if p.location else None)
            for p in repeated] == [("P2", "2, 3", 2), ("P1", "5, 8", 5)]


# Every plain character, and more of the few that matter most: spaces, «ё», capitals.
_PLAIN_TEXT = st.text(alphabet=st.one_of(st.sampled_from(sorted(_PLAIN)),
                                        st.sampled_from("  ЁёЙA")), max_size=12)


@settings(max_examples=200, deadline=None)
@given(words=st.lists(_PLAIN_TEXT, min_size=1, max_size=5))
def test_plain_words_are_folded_in_python_as_polars_folds_cells(words: list[str]) -> None:
    by_polars = pl.DataFrame({"w": words}, schema={"w": pl.String}).select(
        normalise_text(pl.col("w"))).to_series().to_list()
    assert list(normalise_words(tuple(words))) == by_polars


def test_words_with_other_characters_are_folded_by_polars() -> None:
    # A non-breaking space, a decomposed «й», a Turkish dotted capital and an em space:
    # Python's own folding could differ from the cells'.
    words = ("Высшая\u00a0 категория", "и\u0306од", "İstanbul", "\u2003ПЕРВАЯ")
    folded = pl.DataFrame({"w": list(words)}).select(normalise_text(pl.col("w")))
    assert normalise_words(words) == tuple(folded.to_series().to_list())
    assert normalise_words(words)[:2] == ("высшая категория", "йод")


def test_a_frames_bad_typed_cells_are_reported_as_the_same_cells_of_a_file(
        write: Write, tmp_path: Path) -> None:
    # Whole numbers given as such are listed without a query; the messages must be those
    # of the same cells read from a file: out of range (with the range), or no category.
    write("specs/scores.yaml", """
        kind: dataset
        id: scores
        title: Баллы
        key: unit
        columns:
          unit: {type: string, required: true}
          score: {type: integer, title: Балл, min: 0, max: 10}
          share: {type: number, title: Доля, min: 0, max: 1}
          level: {type: category, title: Уровень, values: [высокий, низкий]}
    """)
    rules = mayak.load(tmp_path / "specs")
    frame = pl.DataFrame({"unit": ["a", "b", "c", "d"], "score": [5, -5, 11, 3],
                          "share": [0.5, 1.5, 0.2, -0.1],
                          "level": ["высокий", "средний", "низкий", "низкий"]})
    path = tmp_path / "scores.csv"
    frame.write_csv(path, separator=";")

    def cells(problems: tuple[mayak.Problem, ...], shift: int = 0) -> list[tuple[object, ...]]:
        return sorted((p.code, p.location.row - shift if p.location and p.location.row else None,
                       p.location.column if p.location else None,
                       sorted((k, str(v)) for k, v in p.params.items()))
                      for p in problems if p.code.startswith("data."))

    from_frame = read_frame(frame, rules.datasets["scores"], "<scores>").problems
    from_file = read_dataset(path, rules.datasets["scores"], "scores.csv").problems
    # A file's rows are numbered from its header, a frame's from 1.
    expected = cells(from_file, shift=1)
    assert cells(from_frame) == expected
    assert [c[0] for c in expected].count("data.out_of_range") == 4
