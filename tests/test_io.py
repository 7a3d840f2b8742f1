"""Atomic writes: whole files or nothing, with the permissions a plain write would give."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from mayak.files._write import display_path, write_atomic


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_writes_text_bytes_and_writer_functions(tmp_path: Path) -> None:
    write_atomic(tmp_path / "a.txt", "привет")
    write_atomic(tmp_path / "b.bin", b"\x00\x01")
    write_atomic(tmp_path / "sub" / "c.txt", lambda path: path.write_text("из функции"))
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "привет"
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"
    assert (tmp_path / "sub" / "c.txt").read_text() == "из функции"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.bin", "sub"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_new_file_follows_umask_and_old_file_keeps_its_mode(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.csv", "x")
        assert _mode(tmp_path / "new.csv") == 0o644  # not private to the owner
        kept = tmp_path / "kept.csv"
        kept.write_text("old")
        kept.chmod(0o640)
        write_atomic(kept, "new")
        assert _mode(kept) == 0o640
        assert kept.read_text() == "new"
    finally:
        os.umask(previous)


def test_failed_write_leaves_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")

    def broken(path: Path) -> None:
        path.write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomic(target, broken)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_paths_are_shown_folded_and_relative_when_inside(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    inside = tmp_path / "work"
    inside.mkdir()
    monkeypatch.chdir(inside)
    assert display_path(Path("rules/x/../../indicators/a.yaml")) == os.path.join(
        "indicators", "a.yaml")
    assert display_path(Path("../other/./b.yaml")) == str(tmp_path / "other" / "b.yaml")


def test_a_name_near_the_file_system_limit_is_written(tmp_path: Path) -> None:
    target = tmp_path / ("я" * 120 + ".md")  # 243 bytes: the temporary name must still fit
    write_atomic(target, "текст")
    assert target.read_text(encoding="utf-8") == "текст"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
