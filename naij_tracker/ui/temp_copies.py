"""Temporary copies of attachments (opened in the system's viewer): made private, and removed.

An attachment opened from the database is written to a private temporary folder named for this
process (``naij-attachments-<pid>-…``) so that the system viewer can read it. Those copies are
as readable as the attachment itself, so they are deleted when the application closes, and any
left by a session that crashed are deleted at the next start (only folders whose process is
gone: another running instance keeps its own).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

PREFIX = "naij-attachments-"


def prefix_for_this_process() -> str:
    return f"{PREFIX}{os.getpid()}-"


def _owner_pid(folder: Path) -> int | None:
    rest = folder.name[len(PREFIX):]
    pid, _sep, _tail = rest.partition("-")
    return int(pid) if pid.isdigit() else None


def sweep(*, this_process: bool = False, temp_dir: Path | None = None) -> list[Path]:
    """Delete leftover copies: of processes that are gone, or (``this_process``) our own."""
    from naij_tracker.db.lock import pid_alive

    base = temp_dir or Path(tempfile.gettempdir())
    removed: list[Path] = []
    with contextlib.suppress(OSError):
        for folder in base.glob(f"{PREFIX}*"):
            pid = _owner_pid(folder)
            if not folder.is_dir() or folder.is_symlink() or pid is None:
                continue
            mine = pid == os.getpid()
            if (this_process and mine) or (not mine and not pid_alive(pid)):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
    return removed
