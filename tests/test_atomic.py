"""``atomic_write``: the old file or the new one, never half of one, and nothing else touched."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from taxonomy._atomic import atomic_write
from taxonomy.errors import DocumentError


def test_replaces_and_keeps_a_backup(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"old\n")
    atomic_write(target, b"new\n", backup=True)
    assert target.read_bytes() == b"new\n"
    assert (tmp_path / "out.txt.bak").read_bytes() == b"old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt", "out.txt.bak"]


def test_an_interrupted_write_leaves_the_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C (KeyboardInterrupt, no OSError) between writing and renaming: the temporary
    file used to stay behind as ``.out.txt.XXXX.tmp``."""
    target = tmp_path / "out.txt"
    target.write_bytes(b"old\n")

    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, b"new\n")
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_read_only_file_is_refused_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"old\n")
    target.chmod(0o444)
    with pytest.raises(DocumentError) as caught:
        atomic_write(target, b"new\n", backup=True)
    assert str(caught.value) == f"{target}: read-only file: not changed"
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_symbolic_link_stays_a_link_to_the_new_file(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_bytes(b"old\n")
    real.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(real.name)
    atomic_write(link, b"new\n")
    assert link.is_symlink()
    assert real.read_bytes() == b"new\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_a_named_pipe_is_written_through_not_replaced(tmp_path: Path) -> None:
    """``-o /dev/stdout`` or a pipe: renaming over it replaced the device with a file."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    atomic_write(fifo, b"through\n")
    reader.join(timeout=30)
    assert received == [b"through\n"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as caught:
        atomic_write(tmp_path, b"x")
    assert str(caught.value) == f"{tmp_path}: is a folder, not a file"
