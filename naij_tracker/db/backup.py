"""Verified copies of a database file, made with SQLite's online backup API.

A plain file copy of a WAL database can miss committed transactions that still sit in the
``-wal`` file; the backup API copies the database as SQLite sees it. Each copy is written to a
temporary name, checked with ``PRAGMA integrity_check``, made readable by the user only, and only
then renamed into place — so a backup file that exists is a good backup.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from naij_tracker.db.errors import StorageError


def backups_dir(db_path: Path) -> Path:
    """The backups folder beside the database file."""
    return db_path.parent / "backups"


def backup_file(source: Path, dest: Path) -> Path:
    """Copy ``source`` to ``dest`` with the online backup API; verify before renaming into place."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".partial")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
            os.close(fd)
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                result = dst.execute("PRAGMA integrity_check").fetchone()
                # The copy is a standalone file: no WAL beside it.
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        if not result or result[0] != "ok":
            raise StorageError(f"The backup of {source} failed its integrity check; kept nothing.")
        os.replace(tmp, dest)
        return dest
    except sqlite3.Error as exc:
        raise StorageError(f"Could not back up {source}: {exc}") from exc
    except OSError as exc:
        raise StorageError(f"Could not write the backup {dest}: {exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def make_backup(db_path: Path, reason: str, when: datetime | None = None) -> Path:
    """A timestamped backup in the backups folder, e.g. ``cases-20261123-141500-upgrade.sqlite3``."""
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    dest = backups_dir(db_path) / f"{db_path.stem}-{stamp}-{reason}.sqlite3"
    n = 1
    while dest.exists():
        n += 1
        dest = backups_dir(db_path) / f"{db_path.stem}-{stamp}-{reason}-{n}.sqlite3"
    return backup_file(db_path, dest)
