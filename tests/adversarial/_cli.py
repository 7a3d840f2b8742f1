"""Command-line misuse, output paths, interruption and large outputs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polars as pl

from tests.adversarial._case import (
    DATA,
    SHARED_DATA,
    SHARED_INPUT,
    SHARED_RULES,
    Builder,
    Case,
)
from tests.adversarial._data import HEADER, ROWS
from tests.adversarial._files import csv_bytes, write

APPS = f"{SHARED_DATA}/applications.xlsx"
R = ("--rules", SHARED_RULES)

MISUSE: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("no-command", (), "mayak without a command"),
    ("unknown-command", ("scren",), "a misspelt command"),
    ("unknown-option", ("screen", *R, APPS, "--bogus", "x"), "an unknown option"),
    ("missing-argument", ("screen", *R), "a missing argument"),
    ("missing-rules", ("report", "--data", SHARED_DATA), "a missing required option"),
    ("bad-choice", ("report", *R, "--data", SHARED_DATA, "--format", "xls"),
     "a format that does not exist"),
    ("bad-lang", ("--lang", "de", "validate", SHARED_RULES), "an unknown language"),
    ("data-is-file", ("report", *R, "--data", APPS), "--data given a file"),
    ("period-unknown", ("report", *R, "--data", SHARED_DATA, "--period", "Q5 2024"),
     "a --period that names no period"),
    ("period-compare-later", ("report", *R, "--data", SHARED_DATA, "--period", "2023",
                              "--compare-to", "2024"), "a comparison with a later period"),
    ("period-quarter-compare", ("report", *R, "--data", SHARED_DATA, "--period",
                                "IV квартал 2023", "--compare", "--format", "json"),
     "a quarter of yearly data, compared with the quarter before"),
    ("period-empty-label", ("report", *R, "--data", SHARED_DATA, "--period", " ",
                            "--compare-to", ""), "blank period labels"),
    ("data-missing", ("report", *R, "--data", "no-such-folder"), "--data that does not exist"),
    ("data-empty-folder", ("report", *R, "--data", "."), "--data of a folder with no data"),
    ("option-no-value", ("screen", *R, APPS, "-o"), "-o without a value"),
    ("empty-output", ("screen", *R, APPS, "--format", "json", "-o", ""), "an empty -o"),
    ("output-is-folder", ("screen", *R, APPS, "--format", "csv", "-o", "out"),
     "-o naming an existing folder"),
    ("output-under-file", ("screen", *R, APPS, "--format", "csv", "-o", "note.txt/x.csv"),
     "-o inside a file"),
    ("output-same-spelled", ("screen", *R, "applications.xlsx", "--format", "xlsx", "-o",
                             "./sub/../applications.xlsx"),
     "-o naming the input through another spelling"),
    ("output-symlink-input", ("screen", *R, "applications.xlsx", "--format", "xlsx", "-o",
                              "link.xlsx"), "-o naming a symlink to the input"),
    ("output-hardlink-input", ("screen", *R, "applications.xlsx", "--format", "xlsx", "-o",
                               "hard.xlsx"), "-o naming a hard link to the input"),
    ("output-fifo", ("screen", *R, APPS, "--format", "csv", "-o", "pipe.csv"),
     "-o naming a FIFO: refused, the FIFO left in place"),
    ("output-fifo-report", ("report", *R, "--data", SHARED_DATA, "-o", "pipe.csv"),
     "report -o naming a FIFO"),
    ("output-xlsx-stdout", ("screen", *R, APPS, "--format", "xlsx"), "xlsx without -o"),
    ("level-empty", ("report", *R, "--data", SHARED_DATA, "--level", ""), "an empty level"),
    ("level-total", ("report", *R, "--data", SHARED_DATA, "--level", "total"),
     "the level total asked for"),
    ("level-row", ("report", *R, "--data", SHARED_DATA, "--level", "_row"),
     "the internal row column as a level"),
    ("level-key", ("report", *R, "--data", SHARED_DATA, "--level", "teacher_id", "--format",
                   "json"), "10 000 groups: a level on the key column"),
    ("level-twice", ("report", *R, "--data", SHARED_DATA, "--level", "municipality",
                     "--level", "municipality", "--level", "Municipality"),
     "the same level twice and in capitals"),
    ("targets-unknown", ("report", *R, "--data", SHARED_DATA, "--targets", "2024"),
     "unknown targets"),
    ("admission-unknown", ("screen", *R, APPS, "--admission", "rmaa"), "unknown admission"),
    ("rules-twice", ("report", *R, "--rules", SHARED_RULES, "--rules",
                     f"{SHARED_RULES}/../../indicators", "--data", SHARED_DATA),
     "the same rules given several times"),
    ("rules-file", ("report", "--rules", f"{SHARED_RULES}/rma-admission.yaml", "--data",
                    SHARED_DATA), "rules given as one file"),
    ("dash-file", ("screen", *R, "--", "-x.csv", "--format", "json"),
     "a file name starting with a dash"),
    ("newline-name", ("validate", "a\nb.yaml"), "a spec file with a line break in its name"),
    ("many-paths", ("validate", *[SHARED_RULES] * 2000), "the same path 2000 times"),
    ("published-folder", ("check-table", *R, APPS, "--published", "out"),
     "--published naming a folder"),
    ("table-format", ("screen", *R, APPS), "the terminal table"),
    ("report-md-out", ("report", *R, "--data", SHARED_DATA, "--format", "md", "-o",
                       "out/deep/er/report.md", "--level", "municipality"),
     "a report written into new folders"),
)


def misuse_cases(builder: Builder) -> None:
    for slug, args, about in MISUSE:
        name = f"cli-{slug}"
        folder = builder.folder(name)
        (folder / "out").mkdir()
        (folder / "note.txt").write_text("заметка\n", encoding="utf-8")
        (folder / "sub").mkdir()
        (folder / "a\nb.yaml").write_text("kind: dataset\nid: x\n", encoding="utf-8")
        (folder / "-x.csv").write_bytes(csv_bytes(HEADER, [list(r) for r in ROWS[:3]]))
        if "fifo" in slug:
            os.mkfifo(folder / "pipe.csv")
        if "input" in slug or "spelled" in slug:
            shutil.copy(DATA / "applications.xlsx", folder / "applications.xlsx")
            os.symlink("applications.xlsx", folder / "link.xlsx")
            os.link(folder / "applications.xlsx", folder / "hard.xlsx")
        builder.add(folder, Case(name=name, description=about, args=args,
                                 inputs=(SHARED_INPUT,), tags=("cli",)))


def large_cases(builder: Builder) -> None:
    """Large inputs: an XLSX output of thousands of rows, and Ctrl-C in the middle."""
    many = [[f"N-{i}", *ROWS[i % len(ROWS)][1:]] for i in range(5000)]
    for row in many[::7]:
        row[1] = "Очень длинное имя кандидата " * 20
    name = "large-xlsx-output"
    folder = builder.folder(name)
    write(folder / "applications.csv", csv_bytes(HEADER, many))
    builder.add(folder, Case(
        name=name, description="5000 applications written as an XLSX workbook",
        args=("screen", *R, "applications.csv", "--format", "xlsx", "-o", "out.xlsx"),
        inputs=(SHARED_INPUT,), tags=("cli", "large")))
    big = pl.DataFrame([[f"N-{i}", *ROWS[i % len(ROWS)][1:]] for i in range(300_000)],
                       schema=dict.fromkeys(HEADER, pl.String), orient="row")
    first: Path | None = None
    for delay in (0.0, 0.5):
        name = f"interrupt-{delay:.1f}s"
        folder = builder.folder(name)
        if first is None:
            first = folder / "applications.csv"
            big.write_csv(first, separator=";")
        else:
            os.link(first, folder / "applications.csv")  # the same 40 MB, written once
        builder.add(folder, Case(
            name=name, description=f"Ctrl-C {delay} s after the file of 300 000 applications "
            "is opened", args=("screen", *R, "applications.csv", "--format", "csv", "-o",
                               "out.csv"),
            data_file="applications.csv", inputs=(SHARED_INPUT,), isolated=True, rerun=False,
            interrupt_after=delay, tags=("cli", "signal")))


def cli_cases(builder: Builder) -> None:
    misuse_cases(builder)
    large_cases(builder)
