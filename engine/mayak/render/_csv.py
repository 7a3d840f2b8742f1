"""CSV outputs: the table, its text cells quoted, under a few ``#`` lines saying where it
came from (CSV has no other place for them).

Every text cell is quoted, so no row of the table starts with ``#``: a reader told that
``#`` starts a comment (Polars ``comment_prefix="#"``, pandas ``comment="#"``, R
``comment.char = "#"``) reads the table alone, and Mayak skips the lines itself when the
file comes back as data (``mayak.io._csv``).
"""

from __future__ import annotations

from typing import BinaryIO

import polars as pl

from mayak.files._provenance import PROVENANCE_MARK, Provenance
from mayak.io._spreadsheet import quoted_text

_CONTROL = str.maketrans({code: " " for code in (*range(32), 127)})
# In a path, what a spreadsheet would take for a cell's end («,», «;» in Russian Excel, a tab)
# or a quote is written as in a URL: a file named «a,=1.csv» would otherwise put a formula
# in a cell of the line.
_SEPARATORS = str.maketrans({c: f"%{ord(c):02X}" for c in "%,;\"\t"})


def provenance_comments(about: Provenance | None) -> str:
    """The provenance as ``#`` lines: version, time, periods, then each file as its role,
    SHA-256 and path (``sha256sum``'s layout; «-» for a frame given in memory; in the path
    «%», «,», «;», «"» and a tab as «%25», «%2C», «%3B», «%22», «%09»)."""
    if about is None:
        return ""
    lines = [f"{PROVENANCE_MARK}{about.version}", f"generated: {about.generated_text}"]
    lines += [f"{name}: {code}" for name, code in
              (("period", about.period), ("compared_with", about.compared_with))
              if code is not None]
    lines += [f"{f.role}: {f.sha256 or '-'}  {f.path.translate(_SEPARATORS)}"
              for f in about.files]
    lines[1:] = [f"# {line}" for line in lines[1:]]
    return "".join(line.translate(_CONTROL) + "\n" for line in lines)


def csv_text(frame: pl.LazyFrame, about: Provenance | None) -> str:
    """The frame as CSV text after its provenance lines."""
    table = quoted_text(frame).collect().write_csv(quote_style="non_numeric")
    return provenance_comments(about) + table


def sink_csv(frame: pl.LazyFrame, about: Provenance | None, target: BinaryIO) -> None:
    """The frame written to ``target`` a piece at a time, after a byte order mark (Excel
    takes the file for UTF-8 then) and its provenance lines."""
    target.write(("\ufeff" + provenance_comments(about)).encode("utf-8"))
    quoted_text(frame).sink_csv(target, quote_style="non_numeric")
