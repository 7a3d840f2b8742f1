"""An output must never replace one of the run's inputs, however its path is spelled."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from mayak.files import display_path, refuse_special
from mayak.messages import DataError, Location, Problem

if TYPE_CHECKING:
    from mayak import Ruleset


def data_files(ruleset: Ruleset, folder: Path) -> list[Path]:
    """Every file in ``folder`` that would be read as one of the rule set's datasets (other
    files there, such as an earlier report, may be overwritten)."""
    from mayak.io import SUFFIXES  # noqa: PLC0415  (Polars)

    return [folder / f"{dataset.file}{suffix}" for dataset in ruleset.datasets.values()
            for suffix in SUFFIXES]


def refuse_overwriting(output: Path, inputs: Iterable[str | os.PathLike[str]]) -> None:
    """A DataError if ``output`` is one of ``inputs``: the same file under another spelling
    (``./a.xlsx``), through a symbolic link or a hard link. A file that does not exist yet
    is nobody's input. A device or a FIFO is refused before the work, too."""
    refuse_special(output)
    if not output.exists():
        return
    for source in inputs:
        try:
            same = os.path.samefile(output, source)
        except OSError:  # an input that is not there: it is reported where it is read
            continue
        if same:
            raise DataError([Problem("io.output_is_input", {},
                                     Location(display_path(output)))])
