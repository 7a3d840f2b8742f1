"""The page «Новый регион за полчаса» (docs/new-region.md) is true: each command it shows
runs on examples/new-region-pskov and prints the lines the page shows, and the figures it
quotes are those hand-written Polars computes from the example's CSV files."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from mayak_cli._main import main

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "new-region.md"
EXAMPLE = Path("examples") / "new-region-pskov"
DATA = ROOT / EXAMPLE / "data"
ELIDED = "…"


def _console_blocks() -> list[tuple[str, list[str]]]:
    """Each ```console block of the page: its command (without `$ `) and the lines shown."""
    blocks = re.findall(r"```console\n\$ (.*?)\n(.*?)```", PAGE.read_text("utf-8"), re.S)
    return [(command, [line for line in shown.splitlines() if line and line != ELIDED])
            for command, shown in blocks]


def _run(command: str, cwd: Path, monkeypatch: pytest.MonkeyPatch, *,
         messages: bool = False, columns: int = 100) -> tuple[int, list[str]]:
    """The exit code and the lines printed (``messages``: only those on standard error),
    as a terminal of ``columns`` shows them (100: the page's)."""
    words = shlex.split(command)
    assert words[0] == "mayak"
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(main, words[1:], env={"COLUMNS": str(columns)})
    return result.exit_code, (result.stderr if messages
                              else result.stdout + result.stderr).splitlines()


def _percent(part: int, whole: int) -> str:
    return f"{part / whole * 100:.1f}".replace(".", ",") + " %"


def _yes(column: str) -> pl.Expr:
    return pl.col(column) == "да"


def test_the_page_shows_the_commands_of_the_walkthrough() -> None:
    commands = [command for command, _ in _console_blocks()]
    assert len(commands) == 8
    assert any("--period 2025 --compare" in c for c in commands)
    assert any("--level municipality" in c for c in commands)
    assert any("-o report.md" in c for c in commands)


@pytest.mark.parametrize(("command", "shown"),
                         [b for b in _console_blocks() if "iom_shre" not in "".join(b[1])],
                         ids=lambda v: v if isinstance(v, str) else "")
def test_each_command_prints_what_the_page_shows(command: str, shown: list[str],
                                                 tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # The report file goes to a scratch folder; everything else runs from the root, so
    # the paths in the messages are those of the page.
    command = command.replace("-o report.md", f"-o {tmp_path / 'report.md'}")
    code, printed = _run(command, ROOT, monkeypatch)
    shown = [line.replace("Записано: report.md", f"Записано: {tmp_path / 'report.md'}")
             for line in shown]
    assert [line for line in shown if line not in printed] == []
    assert code == (2 if "не указан отчётный период" in "".join(shown) else 0)


def test_the_mistakes_shown_are_those_validate_reports(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    (command, shown), = [b for b in _console_blocks() if "iom_shre" in "".join(b[1])]
    rules = _copy(tmp_path).parent / "rules"
    for name, before, after in (("ruleset.yaml", "  - iom_share\n", "  - iom_shre\n"),
                                ("targets.yaml", "- from: 2025\n", "- from: 2024\n")):
        text = (rules / name).read_text("utf-8")
        assert before in text  # the page's mistake is made in the example as committed
        (rules / name).write_text(text.replace(before, after), "utf-8")
    code, printed = _run(command, tmp_path, monkeypatch)
    assert code == 2
    assert printed == shown


def _copy(tmp_path: Path) -> Path:
    """The example and its base under ``tmp_path`` as in the repository; its data folder."""
    shutil.copytree(ROOT / EXAMPLE, tmp_path / EXAMPLE)
    shutil.copytree(ROOT / "rules" / "order-908-1", tmp_path / "rules" / "order-908-1")
    return tmp_path / EXAMPLE / "data"


def test_the_data_messages_shown_are_those_of_the_spoilt_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = PAGE.read_text("utf-8")
    shown = page[page.index("на испорченной копии"):].split("```text\n")[1].split("```")[0]
    data = _copy(tmp_path)
    original = (data / "workforce.csv").read_text("utf-8")
    header, third = original.splitlines()[0], original.splitlines()[3]
    spoilt = [original.replace(header, header.replace("Диагностика пройдена", "Диагностика")),
              original.replace(third, third.replace(",нет,нет,", ",нет,в работе,", 1))]
    printed = []
    for text in spoilt:
        assert text != original
        (data / "workforce.csv").write_text(text, "utf-8")
        _, lines = _run(f"mayak report --rules {EXAMPLE / 'rules'} --data {EXAMPLE / 'data'} "
                        "--period 2025", tmp_path, monkeypatch, messages=True)
        printed += lines
    assert printed == shown.splitlines()


def test_the_figures_the_page_quotes_come_from_the_data(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    page = PAGE.read_text("utf-8")
    workforce = pl.read_csv(DATA / "workforce.csv", infer_schema=False)
    teams = pl.read_csv(DATA / "management_teams.csv", infer_schema=False)
    events = pl.read_csv(DATA / "methodical_events.csv", schema_overrides={"Год": pl.Int64,
                                                                          "Участников": pl.Int64})
    diagnosed = workforce.filter(_yes("Диагностика пройдена")).height
    teams_trained = teams.filter(_yes("Повышение квалификации команды")).height
    now = events.filter(pl.col("Год") == 2025)["Участников"].sum()
    then = events.filter(pl.col("Год") == 2024)["Участников"].sum()
    ostrov = workforce.filter(pl.col("МО") == "Остров")
    ostrov_iom = ostrov.filter(_yes("Диагностика пройдена") & _yes("ИОМ")).height
    expected_in_page = [
        f"┆ {_percent(diagnosed, workforce.height)}",
        f"A = {diagnosed}; Z = {workforce.height}",
        f"A = {teams_trained}; Z = {teams.height}",
        f"P = {now}",
        f"┆ {then}",
        f"┆ +{now - then}",
        f"{now / then:.2f}".replace(".", ","),
        f"{_percent(ostrov_iom, ostrov.height)}",
        f"A = {ostrov_iom}; Z = {ostrov.height}",
    ]
    assert [text for text in expected_in_page if text not in page] == []
    code, printed = _run(
        f"mayak report --rules {EXAMPLE / 'rules'} --data {EXAMPLE / 'data'} --period 2025 "
        "--compare --level municipality", ROOT, monkeypatch, columns=250)  # cells unwrapped
    output = "\n".join(printed)
    assert code == 0
    assert [text for text in expected_in_page if text not in output] == []


def test_the_header_lines_shown_are_those_of_the_example_files() -> None:
    page = PAGE.read_text("utf-8")
    for name in ("workforce", "management_teams", "dpo_programs", "methodical_events"):
        header = (DATA / f"{name}.csv").read_text("utf-8").splitlines()[0]
        assert f"```text\n{header}\n" in page, name


def test_the_specs_shown_are_those_of_the_example() -> None:
    """The page shows the region's files as they are in rules/pskov/; the example holds
    them one folder deeper, so only its extends path (and the schema comment) differ."""
    shown = re.findall(r"```yaml\n(.*?)```", PAGE.read_text("utf-8"), re.S)
    files = {re.search(r"^id: (.+)$", text, re.M).group(1): text  # type: ignore[union-attr]
             for text in (p.read_text("utf-8")
                          for p in sorted((ROOT / EXAMPLE / "rules").glob("*.yaml")))}
    assert len(shown) == len(files)
    for text in shown:
        name = re.search(r"^id: (.+)$", text, re.M).group(1)  # type: ignore[union-attr]
        kept = files[name].replace("extends: ../../../rules/order-908-1",
                                   "extends: ../order-908-1")
        assert _without_comments(text) == _without_comments(kept), name


def _without_comments(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True)
                   if not line.startswith("#"))
