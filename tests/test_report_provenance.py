"""What every report says about itself and its plans: provenance (version, time, period,
the SHA-256 of each file read), the plan as written, the bounds in JSON, the legal basis
and the targets' notes, «Замечания» in Markdown, and terminal tables that fit."""

from __future__ import annotations

import hashlib
import io
import json
import os
import pty
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import mayak
import polars as pl
import pytest
import yaml
from click.testing import CliRunner
from mayak.render import REPORT_RENDERERS, Terminal, render_report_table, terminal_for
from mayak.spec._planned import parse_planned
from mayak_cli import main

from tests.conftest import KALININGRAD_DATA, KALININGRAD_RULES, ROOT

MUNICIPAL = ROOT / "examples" / "kaliningrad-municipal-2022-2023"
EPOCH = 1_700_000_000
REPORT = ["report", "--rules", str(KALININGRAD_RULES), "--data", str(KALININGRAD_DATA)]


def _run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    outcome = CliRunner().invoke(main, list(args), env=env)
    return outcome.exit_code, outcome.stdout, outcome.stderr


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rule_files() -> set[Path]:
    """The spec files the Kaliningrad rules read: theirs, the catalogue's, the base set's."""
    return {p.resolve() for p in (*KALININGRAD_RULES.rglob("*.yaml"),
                                  *(ROOT / "indicators").rglob("*.yaml"),
                                  *(ROOT / "rules" / "order-908-1").rglob("*.yaml"))}


@pytest.fixture(scope="module")
def result() -> mayak.Result:
    return mayak.load(KALININGRAD_RULES).evaluate_folder(KALININGRAD_DATA,
                                                         levels=["municipality"])


@pytest.fixture(scope="module")
def targets_yaml() -> dict[str, object]:
    loaded: dict[str, object] = yaml.safe_load(
        (KALININGRAD_RULES / "targets-2023.yaml").read_text("utf-8"))
    return loaded


# -- provenance ----------------------------------------------------------------------------

def test_source_date_epoch_makes_reruns_byte_identical() -> None:
    env = {"SOURCE_DATE_EPOCH": str(EPOCH)}
    for fmt in ("md", "json", "table"):
        first = _run(*REPORT, "--format", fmt, env=env)
        second = _run(*REPORT, "--format", fmt, env=env)
        assert first[0] == 0 and first[1] == second[1], fmt
    document = json.loads(_run(*REPORT, "--format", "json", env=env)[1])
    stamp = datetime.fromtimestamp(EPOCH, UTC).isoformat().replace("+00:00", "Z")
    assert document["provenance"]["generated"] == stamp


def test_without_source_date_epoch_the_time_is_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = datetime.now(UTC).replace(microsecond=0)
    about = mayak.load(KALININGRAD_RULES).evaluate_folder(KALININGRAD_DATA).provenance
    assert about is not None and before <= about.generated <= datetime.now(UTC)
    assert about.generated.tzinfo is not None


def test_every_rule_and_data_file_read_is_hashed(result: mayak.Result) -> None:
    about = result.provenance
    assert about is not None
    assert about.version == _run("--version")[1].split()[-1]
    assert about.period == "2023" and about.compared_with is None
    rules = {Path(f.path).resolve(): f.sha256 for f in about.files if f.role == "rules"}
    assert set(rules) == _rule_files()
    data = {Path(f.path).resolve(): f.sha256 for f in about.files if f.role == "data"}
    # Data files are files of the folder named as the rules' datasets (the applications are
    # read for the screening some indicators count).
    names = {d.file for d in mayak.load(KALININGRAD_RULES).datasets.values()}
    in_folder = {p.resolve() for p in KALININGRAD_DATA.iterdir() if p.stem in names}
    assert set(data) <= in_folder and len(data) >= 4
    for path, digest in [*rules.items(), *data.items()]:
        assert digest == _sha256(path), path


def _counted(write: Callable[[str, str], Path]) -> None:
    """A dataset ``d`` and an indicator ``i`` counting its rows."""
    write("d.yaml", "kind: dataset\nid: d\ntitle: D\ncolumns: {x: {type: integer}}\n")
    write("i.yaml", """
        kind: indicator
        id: i
        title: I
        unit: number
        variables: {N: {count: d}}
        formula: N
    """)


def test_frames_given_in_memory_are_named_without_a_hash(write, tmp_path: Path) -> None:
    _counted(write)
    rules = mayak.load(tmp_path)
    about = rules.evaluate({"d": pl.DataFrame({"x": [1, 2]})}).provenance
    assert about is not None
    assert [(f.role, f.path, f.sha256) for f in about.files if f.role == "data"] == [
        ("data", "d", None)]
    assert {f.sha256 for f in about.files if f.role == "rules"} == {
        _sha256(tmp_path / "d.yaml"), _sha256(tmp_path / "i.yaml")}


def test_the_hashes_are_of_the_files_as_they_were_read(write, tmp_path: Path) -> None:
    """A rule or data file changed after it was read: the provenance still names the bytes
    the result was computed from, not the file as it is now."""
    _counted(write)
    (tmp_path / "data").mkdir()
    data_file = tmp_path / "data" / "d.csv"
    data_file.write_text("x\n1\n2\n", encoding="utf-8")
    read_then = {"rules": {_sha256(tmp_path / "d.yaml"), _sha256(tmp_path / "i.yaml")},
                 "data": {_sha256(data_file)}}
    rules = mayak.load([tmp_path / "d.yaml", tmp_path / "i.yaml"])
    data = rules.read(tmp_path / "data")
    assert data.hashes == {str(data_file): _sha256(data_file)}
    with (tmp_path / "i.yaml").open("a", encoding="utf-8") as spec:
        spec.write("# changed after loading\n")
    data_file.write_text("x\n1\n2\n3\n", encoding="utf-8")
    about = rules.evaluate(data).provenance
    assert about is not None
    assert {f.sha256 for f in about.files if f.role == "rules"} == read_then["rules"]
    assert {f.sha256 for f in about.files if f.role == "data"} == read_then["data"]
    assert _sha256(data_file) not in read_then["data"]  # the file did change


def test_data_files_keep_their_place_when_the_working_folder_changes(
        write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Read through a relative path, then evaluated from another folder: the provenance
    still names the file that was read (relative to the folder the caller is in now)."""
    _counted(write)
    (tmp_path / "data").mkdir()
    data_file = tmp_path / "data" / "d.csv"
    data_file.write_text("x\n1\n", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path)
    rules = mayak.load([Path("d.yaml"), Path("i.yaml")])
    data = rules.read("data")
    monkeypatch.chdir(tmp_path / "elsewhere")
    about = rules.evaluate(data).provenance
    assert about is not None
    [named] = [f.path for f in about.files if f.role == "data"]
    assert Path(named).resolve() == data_file.resolve()


def test_a_screening_names_its_applications_file() -> None:
    applications = KALININGRAD_DATA / "applications.xlsx"
    screening = mayak.load(KALININGRAD_RULES).screen(applications)
    about = screening.provenance
    assert about is not None
    data = [f for f in about.files if f.role == "data"]
    assert Path(data[0].path).resolve() == applications.resolve()
    assert data[0].sha256 == _sha256(applications)


def test_the_json_and_markdown_show_the_provenance(monkeypatch: pytest.MonkeyPatch) -> None:
    env = {"SOURCE_DATE_EPOCH": str(EPOCH)}
    document = json.loads(_run(*REPORT, "--format", "json", env=env)[1])
    about = document["provenance"]
    assert set(about) == {"version", "generated", "period", "compared_with", "files"}
    markdown = _run(*REPORT, "--format", "md", env=env)[1]
    section = markdown.split("## Сведения о расчёте", 1)[1]
    for entry in about["files"]:
        assert entry["path"] in section and entry["sha256"] in section
    table = _run(*REPORT, env=env)[1]
    assert f"Прочитано файлов: {len(about['files'])}" in table
    assert about["files"][0]["sha256"] not in table  # full hashes are for md and json


def test_the_audit_outputs_end_with_the_provenance() -> None:
    audit = ["audit", "--rules", str(MUNICIPAL / "rules"), "--data", str(MUNICIPAL / "data")]
    env = {"SOURCE_DATE_EPOCH": str(EPOCH)}
    document = json.loads(_run(*audit, "--format", "json", env=env)[1])
    assert document["provenance"]["period"] == document["period"]
    markdown = _run(*audit, "--format", "md", env=env)[1]
    assert markdown.count("## Сведения о расчёте") == 1
    assert all(f["sha256"] in markdown for f in document["provenance"]["files"])
    assert _run(*audit, "--format", "md", env=env)[1] == markdown


# -- the plan as written, bounds, basis, notes ------------------------------------------------

def test_a_plan_keeps_its_wording() -> None:
    planned = parse_planned("не менее 5 %")
    assert planned is not None and planned.written == "не менее 5 %"
    assert planned.shown("ru") == "не менее 5 %" and planned.shown("en") == planned.describe("en")
    assert planned == parse_planned(">= 5")  # the wording is not part of the comparison


WORDS = {"не менее": ">=", "не более": "<="}


def test_json_gives_each_plan_as_bounds_with_its_text(result: mayak.Result,
                                                      targets_yaml: dict[str, object]) -> None:
    document = json.loads(_run(*REPORT, "--level", "municipality", "--format", "json")[1])
    targets = targets_yaml["targets"]
    assert isinstance(targets, dict)
    for row in document["indicators"]:
        written = targets[row["indicator"]]["planned"]
        words, number = written.rsplit(" ", 1)
        assert row["planned"] == {"text": written, "op": WORDS[words],
                                  "value": float(number.replace(",", ".")),
                                  "low": None, "high": None}
    assert len(document["indicators"]) == result.indicators.height


def test_json_gives_each_rows_basis_and_note(targets_yaml: dict[str, object]) -> None:
    document = json.loads(_run(*REPORT, "--format", "json")[1])
    targets = targets_yaml["targets"]
    assert isinstance(targets, dict)
    for row in document["indicators"]:
        spec = next(yaml.safe_load(p.read_text("utf-8"))
                    for p in (ROOT / "indicators").glob("*.yaml")
                    if yaml.safe_load(p.read_text("utf-8"))["id"] == row["indicator"])
        expected = {"document": None, "date": None, "clause": None, "url": None,
                    **spec["basis"]}
        assert row["basis"] == expected
        assert row["note"] == targets[row["indicator"]].get("note")
    assert document["targets_title"] == targets_yaml["title"]
    assert document["targets_period"] == str(targets_yaml["period"])
    basis = targets_yaml["basis"]
    assert isinstance(basis, dict) and document["targets_basis"]["document"] == basis["document"]


def test_a_between_plan_gives_low_and_high(write, tmp_path: Path) -> None:
    _counted(write)
    write("t.yaml", """
        kind: targets
        id: t
        title: План на год
        targets:
          i: {planned: между 1 и 3, note: по письму}
    """)
    rules = mayak.load(tmp_path)
    result = rules.evaluate({"d": pl.DataFrame({"x": [1, 2]})})

    row = json.loads(REPORT_RENDERERS["json"](result, "ru"))["indicators"][0]
    assert row["planned"] == {"text": "между 1 и 3", "op": "between", "value": None,
                              "low": 1.0, "high": 3.0}
    assert row["note"] == "по письму" and row["basis"] is None
    markdown = REPORT_RENDERERS["md"](result, "ru")
    assert "План на год" in markdown.splitlines()[0] and "- I: по письму" in markdown
    assert "| между 1 и 3 " in markdown
    # In English, the short form (the plan's text follows the evaluation's language).
    english = rules.evaluate({"d": pl.DataFrame({"x": [1, 2]})}, lang="en")
    assert "| 1 – 3 " in REPORT_RENDERERS["md"](english, "en")


def test_markdown_shows_the_plan_as_written_and_the_bases(
        result: mayak.Result, targets_yaml: dict[str, object]) -> None:
    markdown = _run(*REPORT, "--format", "md")[1]
    targets = targets_yaml["targets"]
    assert isinstance(targets, dict)
    for target in targets.values():
        assert f"| {target['planned']} " in markdown
    basis = result.bases["rma_curator_share"]
    assert f"Основание: {basis.document}" in markdown  # one basis for all: said once
    assert markdown.count(basis.document) == 1
    assert targets_yaml["title"] in markdown.splitlines()[0]


# -- «Замечания» ---------------------------------------------------------------------------

def test_markdown_warnings_have_their_own_section(result: mayak.Result) -> None:
    markdown = _run(*REPORT, "--level", "municipality", "--format", "md")[1]
    advice, rest = markdown.split("## Адресные рекомендации", 1)[1].split("## Замечания", 1)
    remarks = rest.split("## Сведения о расчёте", 1)[0]
    assert result.problems
    for problem in result.problems:
        assert f"- {problem.render('ru')}" in remarks
        assert problem.render("ru") not in advice
    english = _run("--lang", "en", *REPORT, "--format", "md")[1]
    assert "## Remarks" in english and "## Замечания" not in english


# -- terminal --------------------------------------------------------------------------------

def test_the_terminal_table_fits_columns_and_wraps_titles(result: mayak.Result) -> None:
    for width in (60, 100, 140):
        code, out, _ = _run(*REPORT, "--level", "municipality", env={"COLUMNS": str(width)})
        assert code == 0
        lines = out.splitlines()
        assert max(len(line) for line in lines) <= width
        assert "\x1b[" not in out  # not a terminal: no colour
        words = " ".join(out.split())
        for title in result.indicators["title"].unique():
            assert " ".join(title.split()) in words  # whole, never cut
    # Each indicator's title once: above its rows, not on each row.
    out = _run(*REPORT, "--level", "municipality", env={"COLUMNS": "250"})[1]
    for title in result.indicators["title"].unique():
        assert out.count(title) == 1, title


def test_colour_only_on_a_terminal_that_wants_it(result: mayak.Result,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    coloured = render_report_table(result, "ru", Terminal(width=120, colour=True))
    statuses = result.indicators["status"].to_list()
    assert ("\x1b[32m" in coloured) == ("met" in statuses)
    assert ("\x1b[31m" in coloured) == ("not_met" in statuses)
    plain = re.sub(r"\x1b\[\d+m", "", coloured)
    assert plain == render_report_table(result, "ru", Terminal(width=120, colour=False))
    assert "\x1b[" not in render_report_table(result, "ru")  # a library caller's default
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert terminal_for(True).colour and not terminal_for(False).colour
    assert terminal_for(False).width == 100
    monkeypatch.setenv("NO_COLOR", "1")
    assert not terminal_for(True).colour
    monkeypatch.setenv("COLUMNS", "77")
    assert terminal_for(False).width == 77


def _on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """What ``mayak`` prints when its standard output is a terminal (a pseudo-terminal)."""
    master, slave = pty.openpty()
    process = subprocess.Popen([str(Path(sys.executable).with_name("mayak")), *args],
                               stdout=slave, stderr=subprocess.DEVNULL, cwd=ROOT,
                               env={**os.environ, **env})
    os.close(slave)
    chunks = []
    while True:  # read as it comes: a full terminal buffer would block the writer
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(master)
    return b"".join(chunks).decode("utf-8")


def test_the_command_colours_a_terminal_only(monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    env = {"COLUMNS": "120", "TERM": "xterm"}
    shown = _on_a_terminal(REPORT, env)
    assert "\x1b[32m" in shown and "\x1b[31m" in shown  # met and not met, in colour
    assert "\x1b[" not in _on_a_terminal(REPORT, {**env, "NO_COLOR": "1"})
    written = tmp_path / "report.txt"
    _on_a_terminal([*REPORT, "-o", str(written)], env)
    assert written.read_text("utf-8") and "\x1b[" not in written.read_text("utf-8")


@pytest.mark.parametrize("epoch", ["253402300800", "99999999999999", "9" * 5000, "²", "abc",
                                   "-5", ""])
def test_any_source_date_epoch_gives_a_time_and_documents_that_open(
        epoch: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Past the year 9999 (or 2107, the last a zip entry holds) the writers crashed.
    import docx  # noqa: PLC0415
    import openpyxl  # noqa: PLC0415
    from mayak.files._provenance import generated_at  # noqa: PLC0415
    from mayak.io._xlsx_write import Sheet, write_workbook  # noqa: PLC0415
    from mayak.render import Document, Part  # noqa: PLC0415
    from mayak.render._docx import render_docx  # noqa: PLC0415

    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    when = generated_at()
    assert when.tzinfo is not None
    write_workbook(tmp_path / "t.xlsx", [Sheet("Лист", pl.DataFrame({"a": [1]}))])
    assert openpyxl.load_workbook(tmp_path / "t.xlsx").sheetnames == ["Лист"]
    made = when.strftime("%d.%m.%Y")
    word = docx.Document(io.BytesIO(render_docx(Document(
        title="Справка", lang="ru", made=made, parts=(Part("remarks", "Замечания"),),
        statuses={}))))
    assert word.paragraphs[0].text == "Справка"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="file names of any bytes")
def test_a_rules_file_named_in_another_encoding_is_hashed(tmp_path: Path) -> None:
    # A name from a Windows archive (cp1251 bytes, not UTF-8) is shown with \xNN; its
    # SHA-256 is still the file's.
    import shutil  # noqa: PLC0415

    for name in ("rules", "indicators"):
        shutil.copytree(ROOT / name, tmp_path / name)
    kaliningrad = tmp_path / "rules" / "kaliningrad"
    odd = os.fsdecode(bytes(kaliningrad) + b"/\xf0\xe5\xea.yaml")  # «рек» in cp1251
    os.rename(kaliningrad / "recommendations-rma.yaml", odd)
    rules = mayak.load([kaliningrad])
    result = rules.evaluate_folder(KALININGRAD_DATA)
    assert result.provenance is not None
    shown = [f for f in result.provenance.files if f.path.endswith("\\xf0\\xe5\\xea.yaml")]
    assert len(shown) == 1
    assert shown[0].sha256 == hashlib.sha256(Path(odd).read_bytes()).hexdigest()
