"""Which paths Mayak may read: regular files and folders only, found by a bounded walk.

Spec loading and data reading both ask ``path_problem`` before touching a path, so a
symlink loop, a device (``/dev/zero``) or a FIFO is refused with a message instead of
hanging a run or crashing it.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from msgspec import Struct, field

Want = Literal["file", "folder", "any"]

MAX_DEPTH = 12  # folders inside a rules folder; real ones are two or three deep
MAX_ENTRIES = 20_000  # names looked at in one walk; a rules folder holds dozens


def path_problem(path: Path, want: Want = "any") -> str | None:
    """The message key saying why ``path`` may not be read, or None when it may.

    Only regular files and folders are readable (symlinks are followed); a folder is
    refused where a file is wanted and the other way round.
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        return _os_problem(path, exc)
    except ValueError:  # a NUL byte in the path
        return "io.not_found"
    if stat.S_ISDIR(info.st_mode):
        return "data.not_a_file" if want == "file" else None
    if stat.S_ISREG(info.st_mode):
        return "path.not_folder" if want == "folder" else None
    if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode):
        return "path.device"
    return "path.special"  # a FIFO or a socket: reading it may never end


def _os_problem(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "path.loop"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "path.no_access"
    if exc.errno == errno.ENAMETOOLONG:
        return "path.too_long"
    if os.path.islink(path):
        return "path.broken_link"
    return "io.not_found"


def is_root(path: Path) -> bool:
    """The root of a disk: walking it would look at the whole file system."""
    real = Path(os.path.realpath(path))
    return real == Path(real.anchor)


def real(path: Path) -> str:
    """The path with every link resolved; never raises, even on a symlink loop."""
    return os.path.realpath(path)


class Walk(Struct):
    """Files found under a folder, and why the walk stopped early or skipped a path."""

    files: list[Path] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)  # path, message key
    too_many: bool = False
    too_deep: bool = False


def walk(root: Path, suffixes: Iterable[str]) -> Walk:
    """Files under ``root`` whose suffix is one of ``suffixes``, sorted.

    Bounded in depth and in the number of names looked at; hidden folders (``.git``) are
    skipped; a folder reached twice through links is walked once. A file with a wanted
    suffix that is not a regular file (a FIFO named ``x.yaml``, a broken link) is listed in
    ``refused``.
    """
    wanted = tuple(suffixes)
    found = Walk()
    seen: set[tuple[int, int]] = set()
    entries = 0
    stack: list[tuple[Path, int]] = [(root, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            names = sorted(os.listdir(folder))
        except OSError as exc:
            found.refused.append((folder, _os_problem(folder, exc)))
            continue
        for name in names:
            entries += 1
            if entries > MAX_ENTRIES:
                found.too_many = True
                return _sorted(found)
            path = folder / name
            problem = path_problem(path)
            if problem is None and os.path.isdir(path):
                if name.startswith("."):
                    continue
                if depth + 1 > MAX_DEPTH:
                    found.too_deep = True
                    continue
                stack.append((path, depth + 1))
            elif path.suffix.lower() in wanted:
                if problem is None:
                    found.files.append(path)
                else:
                    found.refused.append((path, problem))
    return _sorted(found)


def _sorted(found: Walk) -> Walk:
    found.files.sort()
    return found
