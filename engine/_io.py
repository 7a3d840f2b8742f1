"""File-system helpers: how paths are shown, and atomic writes."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def display_path(path: Path) -> str:
    """A path as people should see it: relative to the working folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def write_atomic(path: str | os.PathLike[str], content: str | bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it into place, so a reader
    never sees half a file and a failed run leaves the old file intact."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
