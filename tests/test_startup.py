"""The command line starts light: help and usage import neither Polars nor jsonschema."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("polars", "jsonschema", "fastexcel", "xlsxwriter")

# Runs the command line in this process and prints, on the last line, which heavy modules
# it imported (also when the command stops with an error).
PROBE = """
import json, sys
from mayak_cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
finally:  # also after a command that stops with an exit code
    print(json.dumps([m for m in {heavy!r} if m in sys.modules]))
"""


def _imported(*args: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
                          cwd=ROOT, capture_output=True, text=True, check=False,
                          env={**os.environ, "MAYAK_LANG": "en"})
    assert done.stdout.strip(), done.stderr
    found: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


@pytest.mark.parametrize("args", [
    ["--help"], [], ["--version"], ["validate", "--help"], ["report", "--help"],
    ["screen", "--help"], ["check-table", "--help"], ["schema", "--help"],
    ["report"],  # a usage mistake: a required option is missing
    ["no-such-command"],
], ids=" ".join)
def test_help_and_usage_import_no_heavy_module(args: list[str]) -> None:
    assert _imported(*args) == []


def test_importing_mayak_imports_no_heavy_module() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import sys, mayak, mayak.spec, mayak.render, mayak.io, "
         f"mayak.files, mayak.messages; print([m for m in {HEAVY!r} if m in sys.modules])"],
        capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_schema_imports_neither_polars_nor_jsonschema(tmp_path: Path) -> None:
    assert _imported("schema", "-o", str(tmp_path)) == []


def test_valid_rules_are_checked_without_jsonschema() -> None:
    # jsonschema-rs passes them; jsonschema runs only to explain a document that fails.
    # Polars is imported: the rules were compiled, so the check ran to its end.
    assert _imported("validate", "rules/kaliningrad") == ["polars"]
    unknown_key = "tests/fixtures/malformed/classification_unknown_key"
    assert "jsonschema" in _imported("validate", unknown_key)
