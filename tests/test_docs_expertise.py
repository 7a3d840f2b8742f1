"""The pages on classifications, expert reviews and audits show real runs: each command of
the sections of docs/specs.md prints the lines shown under it, and each worked example of
docs/errors.md, run on a copy of the example changed as its table says, prints the lines
shown; the specs quoted are the example's files, and the figures quoted are the result's."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import mayak
import pytest
import yaml
from click.testing import CliRunner
from mayak_cli._main import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = Path("examples") / "kaliningrad-municipal-2022-2023"
SPECS = (ROOT / "docs" / "specs.md").read_text("utf-8")
ERRORS = (ROOT / "docs" / "errors.md").read_text("utf-8")
REVIEWS = SPECS[SPECS.index("\n### Рекомендации по экспертной оценке\n"):
                SPECS.index("\n## Уровни: `total` и `--level`\n")]
WORKED = ERRORS[ERRORS.index("\n## Классы, экспертиза, сверка таблицы\n"):]
RUN = re.compile(r"```sh\n(mayak [^\n]*)\n```\n\n```text\n(.*?)```", re.S)
EDIT = re.compile(r"^\| `([^`]+)` \| `([^`]+)` \| (.+?) \|$", re.M)


def _run(command: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, shlex.split(command)[1:])
    return result.exit_code, result.stdout + result.stderr


def _edit(folder: Path, file: str, before: str, after: str) -> None:
    """Change the one line of ``file`` holding ``before``: to ``after`` (in backquotes),
    delete it (—), or add the line after it («+ `…`»)."""
    path = folder / file
    lines = path.read_text("utf-8").splitlines(keepends=True)
    hits = [i for i, line in enumerate(lines) if before in line]
    if len(hits) > 1:
        hits = [i for i in hits if lines[i].strip().startswith(before)]
    assert len(hits) == 1, (file, before)
    at = hits[0]
    if after == "—":
        del lines[at]
    elif after.startswith("+ `"):
        lines.insert(at + 1, after.removeprefix("+ `").removesuffix("`") + "\n")
    else:
        lines[at] = lines[at].replace(before, after.strip("`"))
    path.write_text("".join(lines), "utf-8")


def _worked() -> list[tuple[list[tuple[str, str, str]], str, str]]:
    """(edits, command, lines shown) of each worked example of the errors page."""
    examples = []
    start = 0
    for run in RUN.finditer(WORKED):
        before = WORKED[start:run.start()]
        edits = EDIT.findall(before[before.rfind("| Файл | Было | Стало |"):]) \
            if "| Файл | Было | Стало |" in before else []
        examples.append((edits, run.group(1), run.group(2)))
        start = run.end()
    return examples


@pytest.mark.parametrize("example", _worked(), ids=lambda e: str(len(e[0])))
def test_the_worked_examples_print_what_the_page_shows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        example: tuple[list[tuple[str, str, str]], str, str]) -> None:
    edits, command, shown = example
    shutil.copytree(ROOT / EXAMPLE, tmp_path / EXAMPLE)
    shutil.copytree(ROOT / "rules", tmp_path / "rules")  # the base the example extends
    for file, before, after in edits:
        _edit(tmp_path / EXAMPLE, file, before, after)
    monkeypatch.chdir(tmp_path)
    _, printed = _run(command)
    assert [line for line in shown.splitlines() if line not in printed] == []


def test_the_worked_examples_are_there() -> None:
    examples = _worked()
    assert len(examples) == 7
    assert sum(len(edits) for edits, _, _ in examples) == 14


@pytest.mark.parametrize("command, shown", RUN.findall(REVIEWS))
def test_the_commands_of_the_specs_page_print_what_it_shows(
        monkeypatch: pytest.MonkeyPatch, command: str, shown: str) -> None:
    monkeypatch.chdir(ROOT)
    code, printed = _run(command)
    assert code == 0
    assert [line for line in shown.splitlines() if line not in printed] == []


def test_the_quoted_specs_are_the_examples() -> None:
    """Every field quoted is as in the example's file (the quotes may leave some out)."""
    quoted = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(kind: .*?)```", REVIEWS, re.S)]
    files = {s["id"]: s for s in (yaml.safe_load(p.read_text("utf-8")) for p in [
        *(ROOT / EXAMPLE / "rules").glob("*.yaml"),
        *(ROOT / "examples" / "kaliningrad-model-routes" / "rules").glob("*.yaml")])}
    assert len(quoted) == 8
    for spec in quoted:
        original = files[spec["id"]]
        for field, value in spec.items():
            if isinstance(value, list):
                assert all(item in original[field] for item in value), (spec["id"], field)
            elif isinstance(value, dict):
                assert all(original[field][k] == v for k, v in value.items()), (spec["id"], field)
            else:
                assert original[field] == value, (spec["id"], field)


def test_the_rows_quoted_are_the_result() -> None:
    table = REVIEWS[REVIEWS.index("| Единица / группа |"):]
    cell = r" ([^|]+?) \|"
    rows = re.findall(r"^\|" + cell * 6 + "$", table[:table.index("\n\n")],
                      re.M)[1:]  # after the header
    rules = mayak.load(ROOT / EXAMPLE / "rules")
    result = rules.evaluate_folder(ROOT / EXAMPLE / "data")
    scores = result.scores["mms_expertise"].filter(period="2023")
    assert len(rows) == 5

    def shown(value: float | None, sign: bool = False) -> str:
        if value is None:
            return "—"
        text = f"{value:+.2f}" if sign else f"{value:.2f}"
        return text.rstrip("0").rstrip(".").replace(".", ",")

    for unit, total, percent, rank, change, percent_change in rows:
        row = scores.filter(unit=unit).row(0, named=True)
        if row["status"] == "not_submitted":
            assert total == "не представлено"
            continue
        assert (total, percent, rank) == (shown(row["total"]), shown(row["percent"]),
                                          str(row["rank"]))
        assert (change, percent_change) == (shown(row["change"], True),
                                            shown(row["percent_change"], True))
    averages = result.score_averages["mms_expertise"]
    overall = averages.filter(averages["classification"].is_null(),
                              period="2023").row(0, named=True)
    said = (f"единиц {overall['units']}, учтено в среднем {overall['averaged']}",
            f"средний итог {shown(overall['total'])}",
            f"разность средних {shown(overall['change_of_averages'], True)}",
            f"среднее изменений по единицам\n{shown(overall['paired_change'], True)}")
    assert all(s in REVIEWS for s in said), said
