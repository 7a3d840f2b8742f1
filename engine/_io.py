"""File-system helpers: how paths are shown, and atomic writes."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from mayak._problems import DataError, Location, Problem


def display_path(path: Path) -> str:
    """A path as people should see it: relative to the working folder when inside it."""
    absolute = os.path.abspath(path)  # also folds "a/../b" from includes
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive on Windows
        return printable(absolute)
    return printable(absolute if relative.startswith("..") else relative)


def printable(name: str) -> str:
    """A file name that any output can encode: bytes that are not UTF-8 (kept by Python as
    lone surrogates) are shown as \\xNN."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


Writer = Callable[[Path], None]  # writes a whole file at the path it is given


def write_atomic(path: str | os.PathLike[str], content: str | bytes | Writer) -> None:
    """Write to a temporary file beside ``path``, then rename it into place, so a reader
    never sees half a file and a failed run leaves the old file intact.

    ``content`` is the text or bytes to write, or a function that writes the temporary file
    itself (e.g. Polars' own CSV writer, which is faster than building the text first).
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = _new_file(target)
    except OSError as exc:  # a read-only folder, a file where a folder should be, ...
        raise DataError([Problem("io.cannot_write", {"detail": exc.strerror or str(exc)},
                                 Location(display_path(target)))]) from None
    if target.exists():  # rewriting a file keeps its permissions, as a plain write would
        os.chmod(temporary, target.stat().st_mode & 0o7777)
    try:
        if callable(content):
            content(temporary)
        else:
            temporary.write_bytes(content.encode("utf-8") if isinstance(content, str)
                                  else content)
        with temporary.open("rb+") as stream:
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def put(target: Path | BinaryIO, data: bytes) -> None:
    """Write ``data`` to a file path or to an open binary stream (e.g. stdout)."""
    if isinstance(target, Path):
        target.write_bytes(data)
    else:
        target.write(data)


def _new_file(target: Path) -> Path:
    """An empty new file beside ``target``, with the permissions a plain write would give
    (os.open applies the umask; tempfile.mkstemp would make it private to the owner)."""
    for _ in range(100):
        candidate = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(target)
