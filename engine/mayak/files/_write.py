"""File-system helpers: how paths are shown, and atomic writes."""

from __future__ import annotations

import errno
import os
import re
import secrets
from collections.abc import Callable, MutableSet
from pathlib import Path
from typing import BinaryIO

from mayak.files._paths import path_problem
from mayak.messages._catalogue import Key
from mayak.messages._problems import DataError, Location, Problem


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


def from_printable(name: str) -> Path:
    """The path a ``printable`` name was made from (its \\xNN back to bytes)."""
    raw = re.sub(rb"\\x([0-9a-f]{2})", lambda found: bytes([int(found.group(1), 16)]),
                 name.encode("utf-8"))
    return Path(os.fsdecode(raw))


Writer = Callable[[Path], None]  # writes a whole file at the path it is given


def write_atomic(path: str | os.PathLike[str], content: str | bytes | Writer, *,
                 in_progress: MutableSet[Path] | None = None) -> None:
    """Write to a temporary file beside ``path``, then rename it into place, so a reader
    never sees half a file and a failed run leaves the old file intact.

    ``content`` is the text or bytes to write, or a function that writes the temporary file
    itself (e.g. Polars' own CSV writer, which is faster than building the text first).
    ``in_progress`` holds the temporary file's path while it exists, for a caller that may
    have to remove it from elsewhere (the command line does so when it is interrupted).
    A file that cannot be written (no space, no permission, ...) is a DataError.
    """
    target = Path(path)
    refuse_special(target)
    pending: MutableSet[Path] = set() if in_progress is None else in_progress
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = _new_file(target, pending)
    except OSError as exc:  # a read-only folder, a file where a folder should be, ...
        raise _cannot_write(target, exc) from None
    try:
        if target.exists():  # rewriting a file keeps its permissions, as a plain write would
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        if callable(content):
            content(temporary)
        else:
            temporary.write_bytes(content.encode("utf-8") if isinstance(content, str)
                                  else content)
        with temporary.open("rb+") as stream:
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError as exc:  # the disk is full, the folder went away, ...
        temporary.unlink(missing_ok=True)
        raise _cannot_write(target, exc) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    finally:
        pending.discard(temporary)


def refuse_special(target: Path) -> None:
    """A DataError if ``target`` is a device, a FIFO or a socket (``-o /dev/null``): the
    rename that makes a write atomic would put a plain file in its place."""
    # Anything else (not there yet, a folder, no access) is for the write itself to say.
    if path_problem(target) in ("path.device", "path.special"):
        raise DataError([Problem("io.output_not_file", {}, Location(display_path(target)))])


# Why a write failed, in words; other failures are shown as the system words them.
_REASONS = {errno.ENOSPC: "io.reason.no_space", errno.EDQUOT: "io.reason.no_space",
            errno.EFBIG: "io.reason.too_big", errno.EACCES: "io.reason.no_permission",
            errno.EPERM: "io.reason.no_permission", errno.EROFS: "io.reason.read_only",
            errno.ENOTDIR: "io.reason.not_a_folder", errno.EISDIR: "io.reason.is_a_folder",
            errno.ENAMETOOLONG: "io.reason.name_too_long"}


def _cannot_write(target: Path, exc: OSError) -> DataError:
    return DataError([Problem("io.cannot_write", {"detail": write_failure(exc)},
                              Location(display_path(target)))])


def write_failure(exc: OSError) -> object:
    """Why a write failed: a message key where there is one, else the system's words."""
    # Polars' own writers raise OSError without errno: "... (os error 28)".
    number = exc.errno
    if number is None and (found := re.search(r"os error (\d+)", str(exc))):
        number = int(found.group(1))
    reason = _REASONS.get(number or 0)
    return Key(reason) if reason else (exc.strerror or str(exc))


def put(target: Path | BinaryIO, data: bytes) -> None:
    """Write ``data`` to a file path or to an open binary stream (e.g. stdout)."""
    if isinstance(target, Path):
        target.write_bytes(data)
    else:
        target.write(data)


NAME_BYTES = 255  # the longest file name most file systems take


def _new_file(target: Path, pending: MutableSet[Path]) -> Path:
    """An empty new file beside ``target``, with the permissions a plain write would give
    (os.open applies the umask; tempfile.mkstemp would make it private to the owner). It is
    in ``pending`` from before it exists, so that no moment leaves it unaccounted for."""
    # The name as far as it fits: a name near the file system's limit still gets one.
    fitting = target.name.encode()[:NAME_BYTES - 14].decode(errors="ignore")
    for _ in range(100):
        candidate = target.with_name(f".{fitting}.{secrets.token_hex(4)}.tmp")
        pending.add(candidate)
        try:
            os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            pending.discard(candidate)
            continue
        except OSError:
            pending.discard(candidate)
            raise
        return candidate
    raise FileExistsError(target)
