"""Backups, restore and the database check — what File ▸ Back up now, File ▸ Restore… and
Help ▸ Check database call (and the ``backup``, ``restore`` and ``check`` sub-commands).

These functions are slow-ish (they copy the whole file) and free of Qt, so the GUI runs them on a
worker thread. They all work on the *file*, through their own SQLite connections, never through
the session that the window is using.

Automatic backups: ``daily_backup_if_due`` is called after the database is opened (GUI and
CLI); the first open of each day writes a ``daily`` backup and then rotates the daily copies
according to the union's settings (``backup_keep_daily`` / ``backup_keep_weekly``). Manual,
before-upgrade and before-restore backups are never rotated away: see ``rotate_backups``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import date, datetime
from pathlib import Path

from naij_tracker.db import backup as bk
from naij_tracker.db import cipher, cipher_files
from naij_tracker.db.backup import BackupInfo
from naij_tracker.db.defensive import connect, time_limit
from naij_tracker.db.errors import DatabaseCorrupt, DatabaseTooNew, NotOurDatabase, StorageError
from naij_tracker.db.integrity import check_engine, check_file
from naij_tracker.db.opening import Database
from naij_tracker.db.outputs import BACKUP, check_output
from naij_tracker.domain import clock

__all__ = [
    "BackupInfo", "backup_now", "backup_to", "check_database", "daily_backup_if_due",
    "list_backups", "restore", "rotate_backups", "verify_backup",
]


def _file_of(db: Database) -> Path:
    if db.path is None:
        raise StorageError("Backups of a server database are made by its administrator "
                           "(e.g. with pg_dump); this application backs up database files only.")
    return db.path


def backup_now(db: Database) -> Path:
    """A manual backup in the backups folder (File ▸ Back up now); never rotated away."""
    return bk.make_backup(_file_of(db), bk.MANUAL)


def backup_to(db: Database, dest: Path, *, force: bool = False) -> Path:
    """A verified backup written to a file the officer chose.

    Never over the database, its lock or its backups; over an existing file only if it is one
    of our databases (an earlier backup), or with ``force`` (see ``db.outputs``).
    """
    source = _file_of(db)
    dest = check_output(dest, BACKUP, database=source, force=force)
    return bk.backup_file(source, dest)


def daily_backup_if_due(db: Database, now: datetime | None = None) -> Path | None:
    """The day's automatic backup, if none has been made today; then rotate the daily copies.

    Returns the new backup, or None when it was not due (already made today, or the database is
    not a file). A failing backup raises ``StorageError`` — the caller shows it as a warning and
    carries on: not being able to back up must not stop the officer from working.
    """
    if db.path is None:
        return None
    now = now or clock.now()
    if bk.has_backup_on(db.path, now.date(), bk.DAILY):
        return None
    made = bk.make_backup(db.path, bk.DAILY, now)
    from naij_tracker.services.settings import UnionSettings, load_settings

    try:
        settings = load_settings(db)
    except Exception:  # noqa: BLE001 - never let a settings problem block the backup
        settings = UnionSettings()
    rotate_backups(db.path, settings.backup_keep_daily, settings.backup_keep_weekly)
    return made


def rotate_backups(db_path: Path, keep_daily: int = 7, keep_weekly: int = 8) -> list[Path]:
    """Remove automatic daily backups beyond the retention; return the removed paths.

    See ``naij_tracker.db.backup.rotate_backups`` for why manual, before-upgrade and
    before-restore backups are never rotated.
    """
    return bk.rotate_backups(Path(db_path), keep_daily, keep_weekly)


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The backups of ``db_path``, newest first (for the restore dialog)."""
    return bk.list_backups(Path(db_path))


def verify_backup(backup_path: Path) -> list[str]:
    """Why ``backup_path`` cannot be restored (empty when it can): damaged, foreign, too new."""
    from naij_tracker.db.schema_version import REVISIONS

    backup_path = Path(backup_path)
    try:
        conn = connect(bk.ro_uri(backup_path))
        try:
            with time_limit(conn, str(backup_path)):
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except (sqlite3.Error, StorageError):
        row = None  # not ours, damaged or crafted: check_file says which
    if row is not None and row[0] not in REVISIONS:
        return [f"{backup_path} was written by a newer version of NAIJ Case Tracker "
                f"(schema {row[0]}); update the application to restore it."]
    return check_file(backup_path, read_only=True)


def _preserve_current(db_path: Path) -> Path:
    """Keep the current file before it is replaced: verified if it is sound, as-is if damaged."""
    try:
        return bk.make_backup(db_path, bk.BEFORE_RESTORE)
    except DatabaseCorrupt:
        pass
    # The current file is damaged (which is often why one restores). Keep what can be kept:
    # SQLite's copy without the integrity check, named so nobody mistakes it for a good backup.
    dest = bk.backup_name(db_path, "damaged", clock.now())
    try:
        return bk.backup_file(db_path, dest, verify=False)
    except StorageError as exc:
        raise StorageError(
            f"{db_path} is too damaged to be copied by SQLite ({exc}). Nothing was restored; "
            "close the application, copy the file aside by hand, then restore.") from exc


def restore(db_path: Path, backup_path: Path) -> Path | None:
    """Replace the contents of the database at ``db_path`` with the backup ``backup_path``.

    1. The backup is checked first (its header against its size, integrity, foreign keys, the
       app's invariants, a revision this version knows and exactly the schema our migrations
       make at it — no extra trigger or view); a bad backup raises ``StorageError`` and nothing
       is touched.
    2. The current file is backed up (``before-restore``; if it is damaged, a ``damaged`` copy).
    3. The backup is written *into* the database with SQLite's backup API — one transaction
       through SQLite's own journal, so a crash half-way leaves the old contents, and other
       connections see either the old or the new database. The file is never copied over at the
       file level and its ``-wal``/``-shm`` files are never deleted (another process may have
       them open).
    4. The result is checked again.

    The caller must hold the session lock (no other instance writing) and reopen the database
    afterwards: ``open_database`` upgrades a backup from an older version, backing it up first.
    Returns the safety backup of the previous contents (None if there was no database file).
    """
    db_path = Path(db_path).expanduser().absolute()
    backup_path = Path(backup_path).expanduser().absolute()
    if not backup_path.is_file():
        raise StorageError(f"There is no backup at {backup_path}.")
    if db_path.exists() and backup_path.resolve() == db_path.resolve():
        raise StorageError("That is the database itself, not a backup of it.")
    problems = verify_backup(backup_path)
    if problems:
        kind: type[StorageError] = (DatabaseTooNew if "newer version" in problems[0]
                                     else DatabaseCorrupt)
        if "not a NAIJ" in problems[0] or "not an SQLite" in problems[0]:
            kind = NotOurDatabase
        raise kind(f"{backup_path} cannot be restored; nothing was changed: " + " ".join(problems))

    safety: Path | None = None
    if db_path.exists() and db_path.stat().st_size > 0:
        safety = _preserve_current(db_path)
    else:
        try:
            db_path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(db_path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        except OSError as exc:
            raise StorageError(f"Cannot create {db_path}: {exc.strerror or exc}") from exc

    source = cipher_files.restorable_copy(backup_path, db_path)  # encrypted like the database
    try:
        src = connect(bk.ro_uri(source))
        try:
            dst = connect(bk.sqlite_uri(db_path, "rw"))
            try:
                src.backup(dst)
                result = dst.execute("PRAGMA integrity_check").fetchone()
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            raise StorageError(f"{db_path} is in use by another program; close it and restore "
                               "again. Nothing was changed.") from exc
        raise StorageError(f"Could not restore {db_path} from {backup_path}: {exc}. "
                           f"The previous contents are in {safety}.") from exc
    finally:
        cipher_files.discard_copy(source, backup_path)
    if not result or result[0] != "ok":
        raise DatabaseCorrupt(f"The restored database failed its integrity check; the previous "
                              f"contents are in {safety}.")
    return safety


def check_database(db: Database) -> list[str]:
    """Every problem found in the database (Help ▸ Check database); empty means it is sound."""
    if db.path is None:
        return check_engine(db.engine)
    return check_file(db.path, read_only=db.read_only)


def backups_today(db_path: Path, today: date | None = None) -> list[BackupInfo]:
    today = today or clock.today()
    return [b for b in list_backups(db_path) if b.taken_at.date() == today]


def remove_backup(path: Path) -> None:
    """Delete one backup the officer chose (manual backups are only ever deleted this way)."""
    if bk.parse_backup_name(Path(path)) is None:
        raise StorageError(f"{path} is not a backup made by this application.")
    with contextlib.suppress(FileNotFoundError):
        Path(path).unlink()
    cipher.remove_key_file(Path(path))


#: What sample data adds, parents before children (foreign keys stay on while it is copied).
SAMPLE_TABLES = ("member", "metric", "matter", "bargaining_obligation", "flra_case", "grievance",
                 "metric_dispute", "deadline", "timeline_entry", "matter_link", "attachment")


def load_sample_data_whole(db: Database, **options: object) -> dict[str, int]:
    """Sample data in one transaction: all of it, or — killed or failed half-way — none.

    The sample is built in a temporary database first (the services write it in many small
    transactions), then copied into the file in one transaction, history included. A server
    gets it through the services directly.
    """
    import tempfile

    from naij_tracker.db.opening import open_database
    from naij_tracker.services.overview import is_empty
    from naij_tracker.services.sample_data import SampleDataRefused, load_sample_data

    if db.path is None:
        return load_sample_data(db, **options)  # type: ignore[arg-type]
    if not is_empty(db):
        raise SampleDataRefused(
            f"{db.label} already holds records; sample data is only loaded into an empty "
            "database. Use a new file, e.g. --db sample.sqlite3.")
    with tempfile.TemporaryDirectory(prefix="naij-sample-") as folder:
        scratch = open_database(Path(folder) / "sample.sqlite3")
        try:
            summary = load_sample_data(scratch, **options)  # type: ignore[arg-type]
        finally:
            scratch.close()
        # Trusted: our own search-index triggers run as the matters are copied in.
        assert db.path is not None and scratch.path is not None  # files, not a server
        conn = connect(bk.sqlite_uri(db.path, "rw"), trusted_schema=True)
        try:
            conn.execute("PRAGMA foreign_keys=ON")
            # The scratch copy is plain: on an encrypted file it is attached with no key.
            plain = " KEY ''" if cipher.is_encrypted(db.path) else ""
            conn.execute(f"ATTACH DATABASE ? AS sample{plain}", (bk.ro_uri(scratch.path),))
            conn.execute("BEGIN IMMEDIATE")
            try:
                for table in (*SAMPLE_TABLES, "history_entry"):
                    columns = [r[1] for r in conn.execute(f"PRAGMA main.table_info({table})")
                               if not (table == "history_entry" and r[1] == "id")]
                    listed = ", ".join(columns)
                    conn.execute(f"INSERT INTO main.{table} ({listed}) "
                                 f"SELECT {listed} FROM sample.{table} ORDER BY rowid")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StorageError(f"Could not load the sample data into {db.path}: {exc}. "
                               "Nothing was added.") from exc
        finally:
            conn.close()
    return summary
