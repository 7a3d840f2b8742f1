"""Each malformed-spec fixture must produce its listed message fragments (and fail load)."""

from __future__ import annotations

from pathlib import Path

import mayak
import pytest

from tests.conftest import MALFORMED

CASES = sorted(p for p in MALFORMED.iterdir() if p.is_dir() and not p.name.startswith("_"))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fixture_reports_expected_fragments(case: Path) -> None:
    expected = [line for line in (case / "expected.txt").read_text("utf-8").splitlines() if line]
    with pytest.raises(mayak.SpecError) as caught:
        mayak.load([MALFORMED / "_base", case])
    report = caught.value.render("ru")
    missing = [fragment for fragment in expected if fragment not in report]
    assert not missing, f"missing {missing} in:\n{report}"


def test_base_fixture_is_valid_on_its_own() -> None:
    rules = mayak.load(MALFORMED / "_base")
    assert set(rules.indicators) == {"share"}


def test_every_problem_has_file_line_and_column() -> None:
    with pytest.raises(mayak.SpecError) as caught:
        mayak.load([MALFORMED / "_base", *CASES])
    problems = caught.value.problems
    assert len(problems) >= len(CASES)  # all reported at once, not the first only
    for problem in problems:
        assert problem.location is not None
        assert problem.location.file.endswith(".yaml")
        assert problem.location.line is not None and problem.location.col is not None


PYYAML_WORDS = ("expected", "found", "while", "scanning", "mapping", "character", "token",
                "stream", "document")


@pytest.mark.parametrize("case", [c for c in CASES if c.name.startswith("yaml_")],
                         ids=lambda c: c.name)
def test_yaml_syntax_errors_are_told_in_russian(case: Path) -> None:
    with pytest.raises(mayak.SpecError) as caught:
        mayak.load([MALFORMED / "_base", case])
    said = " ".join(p.message("ru") for p in caught.value.problems)
    assert not [word for word in PYYAML_WORDS if word in said], said
