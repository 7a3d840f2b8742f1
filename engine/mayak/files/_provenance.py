"""Where a result came from: Mayak's version, when, for which period, and the SHA-256 of
every rule and data file read (the «Сведения о расчёте» every output ends with)."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from msgspec import Struct

from mayak._version import __version__
from mayak.files._write import display_path, from_printable

Role = Literal["rules", "data"]
_LAST_SECOND = 253402300799  # 31.12.9999 23:59:59 UTC: the last moment a datetime holds
CHUNK = 1 << 20  # bytes read at a time while hashing: a large file is never held whole
# The first of the lines a CSV output starts with («# mayak 1.0.0»), which say where it came
# from; reading such a file back as data skips them.
PROVENANCE_MARK = "# mayak "
# The names of the lines after it («# generated: …», «# data: <sha256>  <path>»).
PROVENANCE_LINES = ("generated", "period", "compared_with", "rules", "data")


class FileHash(Struct, frozen=True):
    """One file a result was computed from: its role, the path as shown to people and its
    SHA-256 (None for a frame given in memory, named by its dataset id)."""

    role: Role
    path: str
    sha256: str | None


class Provenance(Struct, frozen=True):
    """Mayak's version, the time the result was made (UTC), the period and the one compared
    with (codes), and the files read."""

    version: str
    generated: datetime
    period: str | None
    compared_with: str | None
    files: tuple[FileHash, ...]

    @property
    def generated_text(self) -> str:
        """The time as ISO 8601 in UTC, to the second: «2026-12-01T03:24:53Z»."""
        return self.generated.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def mayak_version() -> str:
    """Mayak's version (what ``mayak --version`` prints)."""
    return __version__


def generated_at() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` (seconds) when set, so that reruns are identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if re.fullmatch(r"[0-9]{1,20}", epoch):  # ASCII digits: «²» is a digit int() refuses
        return datetime.fromtimestamp(min(int(epoch), _LAST_SECOND), UTC)
    return datetime.now(UTC).replace(microsecond=0)


def sha256_of(path: Path) -> str:
    """The file's SHA-256, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def file_hash(role: Role, source: str | os.PathLike[str], *, in_memory: bool = False,
              known: Mapping[str, str] | None = None) -> FileHash:
    """A file read, or (``in_memory``) a frame given in memory, named by its dataset id.
    ``known``: the SHA-256 of files hashed as they were read, by path as given."""
    if in_memory:
        return FileHash(role, str(source), None)
    if known and os.fspath(source) in known:
        return FileHash(role, display_path(Path(source)) if isinstance(source, os.PathLike)
                        else os.fspath(source), known[os.fspath(source)])
    path = Path(source)
    if isinstance(source, str) and not path.exists():  # a name shown with its \xNN
        path = from_printable(source)
    try:
        return FileHash(role, display_path(path), sha256_of(path))
    except OSError:  # gone since it was read: still listed, without a hash
        return FileHash(role, display_path(path), None)


def provenance(rule_files: Iterable[str | os.PathLike[str]],
               data_files: Iterable[str | os.PathLike[str]], *, period: str | None,
               compared_with: str | None, known: Mapping[str, str] | None = None
               ) -> Provenance:
    """The provenance of a result computed from ``rule_files`` (their names as shown) and
    ``data_files``: paths (``os.PathLike``) of files read, or plain strings naming frames
    given in memory. ``known``: the SHA-256 of files hashed as they were read (the bytes
    parsed, not the file as it is now), by path as given; the others are hashed now."""
    files = [*(file_hash("rules", f, known=known) for f in dict.fromkeys(rule_files)),
             *(file_hash("data", f, in_memory=not isinstance(f, os.PathLike), known=known)
               for f in dict.fromkeys(data_files))]
    return Provenance(mayak_version(), generated_at(), period, compared_with, tuple(files))
