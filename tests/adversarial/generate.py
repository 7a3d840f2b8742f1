"""Write the adversarial corpus: ``python tests/adversarial/generate.py OUT_DIR``.

Every case is a folder with its inputs and a ``case.json`` (see ``_case.Case``). The
output is deterministic (fixed seeds, fixed timestamps inside generated workbooks);
FIFOs, symlinks and links to devices are made here, at generation time, and never
committed.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

if __name__ == "__main__" and not __package__:  # run as a script: make `tests` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.adversarial._case import (
    DATA,
    INDICATORS,
    RULES,
    SHARED,
    Builder,
    Case,
)
from tests.adversarial._cli import cli_cases
from tests.adversarial._data import data_cases
from tests.adversarial._documents import document_cases
from tests.adversarial._expertise import expertise_cases
from tests.adversarial._exprs import expression_cases
from tests.adversarial._library import library_cases
from tests.adversarial._specfiles import (
    include_cases,
    many_errors_cases,
    structure_cases,
    yaml_cases,
)

SAMPLE = 15  # the shared copy of the large example files keeps every 15th row: faster runs


def _shared(out: Path) -> None:
    """The unchanged Kaliningrad rules and (a sample of) the example data, read by many
    cases."""
    shared = out / SHARED
    shutil.copytree(RULES, shared / "rules" / "kaliningrad")
    shutil.copytree(RULES.parent / "order-908-1", shared / "rules" / "order-908-1")
    shutil.copytree(INDICATORS, shared / "indicators")
    shutil.copytree(DATA, shared / "data")
    for name in ("teachers.csv", "community_participation.csv"):
        lines = (DATA / name).read_bytes().splitlines(keepends=True)
        (shared / "data" / name).write_bytes(b"".join([lines[0], *lines[1::SAMPLE]]))


def generate(out_dir: str | Path) -> list[Case]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    _shared(out)
    builder = Builder(out)
    expression_cases(builder)
    yaml_cases(builder)
    structure_cases(builder)
    many_errors_cases(builder)
    include_cases(builder)
    data_cases(builder)
    cli_cases(builder)
    library_cases(builder)
    expertise_cases(builder)
    document_cases(builder)
    return builder.cases


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: generate.py OUT_DIR", file=sys.stderr)
        return 2
    cases = generate(argv[0])
    kinds: dict[str, int] = {}
    for case in cases:
        kinds[case.tags[0]] = kinds.get(case.tags[0], 0) + 1
    print(f"{len(cases)} cases: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
