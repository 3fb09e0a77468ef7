"""Writing a file so that it is either whole or not there: one temporary name, one fsync policy.

Every writer (exports, calendars, packets, letters, backups, attachment copies) writes to a 0600
temporary file beside the target, flushes it to the disk, renames it into place and syncs the
folder, so a crash or a full disk never leaves half a file under the name the officer chose.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make a rename durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """A temporary path beside ``target`` (0600) to write; renamed over ``target`` when the
    block ends without an error, removed otherwise."""
    target = Path(target)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        fsync_file(tmp)
        os.replace(tmp, target)
        fsync_dir(target.parent)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


@contextlib.contextmanager
def atomic_file(target: Path | str, mode: str = "wb", **open_args: Any) -> Iterator[IO[Any]]:
    """``atomic_path`` as an open file (``mode`` "wb" or "w" with ``encoding``/``newline``)."""
    with atomic_path(target) as tmp, tmp.open(mode, **open_args) as fh:
        yield fh
