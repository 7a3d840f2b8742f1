"""Which format a command writes: ``--format`` when given, else the output file's
extension, else the terminal table. A known extension that names another format than
``--format`` is a usage error (``-o out.csv --format xlsx``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import click

from mayak_cli._click import Usage, lang_of

# The extensions that name a format; any other (.txt, none) says nothing of the format.
EXTENSIONS: Mapping[str, str] = {".csv": "csv", ".json": "json", ".xlsx": "xlsx", ".md": "md",
                                 ".markdown": "md", ".docx": "docx", ".html": "html",
                                 ".htm": "html"}
DEFAULT = "table"
BINARY = ("docx", "html", "xlsx")  # documents, which only open under their own extension


def named_format(fmt: str | None, output: Path | None) -> str | None:
    """The format asked for, unchecked: ``fmt``, else the one ``output``'s extension names
    (to start work ahead, before ``output_format`` checks it)."""
    return fmt or (EXTENSIONS.get(output.suffix.lower()) if output is not None else None)


def output_format(fmt: str | None, output: Path | None, allowed: Sequence[str]) -> str:
    """The format to write: ``fmt``, else the one ``output``'s extension names, else the
    table; a usage error when the extension names another format, or one the command
    does not write."""
    ctx = click.get_current_context()
    suffix = output.suffix.lower() if output is not None else ""
    named = EXTENSIONS.get(suffix)
    if named is None:
        if fmt in BINARY and suffix:  # a workbook named «.pdf» opens in nothing
            raise Usage("cli.extension_for_format", ctx, path=str(output), extension=suffix,
                        format=fmt)
        return fmt or DEFAULT
    if fmt is not None and fmt != named:
        raise Usage("cli.format_mismatch", ctx, path=str(output), extension=suffix,
                    format=fmt, named=named)
    if named not in allowed:
        quoted = ", ".join(f"«{f}»" if lang_of(ctx) == "ru" else f"'{f}'" for f in allowed)
        raise Usage("cli.extension_unsupported", ctx, path=str(output), extension=suffix,
                    allowed=quoted)
    return named
