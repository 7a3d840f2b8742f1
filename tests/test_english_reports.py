"""Every report of the examples with reviews, classes and audits renders in English too:
the English headers of a table must be distinct, as the Russian ones are."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from mayak_cli import main

from tests.conftest import ROOT

EXAMPLES = [ROOT / "examples" / "kaliningrad-municipal-2022-2023",
            ROOT / "examples" / "kaliningrad-model-routes"]


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("fmt", ["table", "md", "json"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_the_report_renders(example: Path, fmt: str, lang: str) -> None:
    folder = example
    result = CliRunner().invoke(main, ["--lang", lang, "report", "--rules",
                                       str(folder / "rules"), "--data", str(folder / "data"),
                                       "--format", fmt])
    assert result.exit_code in (0, 2), result.stderr  # 2: input problems, report still made
    assert "Traceback" not in result.stderr and "internal" not in result.stderr.lower()
    assert result.stdout.strip()


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("fmt", ["table", "md", "json", "csv"])
def test_the_audit_renders(fmt: str, lang: str) -> None:
    folder = EXAMPLES[0]
    result = CliRunner().invoke(main, ["--lang", lang, "audit", "--rules",
                                       str(folder / "rules"), "--data", str(folder / "data"),
                                       "--format", fmt])
    assert result.exit_code == 1, result.stderr  # the example's tables have slips
    assert "internal" not in result.stderr.lower()
    assert result.stdout.strip()
