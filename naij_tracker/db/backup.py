"""Verified copies of a database file, made with SQLite's online backup API, and their rotation.

A plain file copy of a WAL database can miss committed transactions that still sit in the
``-wal`` file (and a copy taken mid-write can be torn); the backup API copies the database as
SQLite sees it, under a read transaction, while the application keeps working. Each copy is
written to a temporary name, checked (``PRAGMA quick_check`` of the copy read back from the
file — every page readable and well formed — and the same page count as the source; the slower
full ``integrity_check``, which also cross-checks every index and evaluates the CHECK
constraints, is ``naij-tracker check``'s job), flushed to the disk, made
readable by the user only, and only then renamed into place — so a backup file that exists under
its final name is a good backup.

Backups live in ``backups/`` beside the database and are named
``<stem>-<YYYYmmdd-HHMMSS>-<reason>[-n].sqlite3``; the reason (``daily``, ``manual``,
``before-upgrade``, ``before-restore``) is what rotation looks at, see ``rotate_backups``.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import threading
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

from naij_tracker.db import cipher
from naij_tracker.db.atomic import fsync_dir, fsync_file
from naij_tracker.db.defensive import check_page_count, connect
from naij_tracker.db.errors import DatabaseCorrupt, StorageError
from naij_tracker.db.filesystem import make_private_folder

#: Backups made by the app on its own schedule; the only ones rotation may delete.
DAILY = "daily"
MANUAL = "manual"
BEFORE_UPGRADE = "before-upgrade"
BEFORE_RESTORE = "before-restore"
ROTATED_REASONS = frozenset({DAILY})
#: Before-upgrade copies kept (the newest); older ones are removed when a new one is made.
KEEP_BEFORE_UPGRADE = 3
#: A ``.partial`` unchanged this long belongs to no running backup.
PARTIAL_STALE_S = 60.0

SUFFIX = ".sqlite3"
PARTIAL = ".partial"
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<reason>[a-z]+(?:-[a-z]+)*)(?:-(?P<n>\d+))?"
    + re.escape(SUFFIX) + r"$")


def backups_dir(db_path: Path) -> Path:
    """The backups folder beside the database file."""
    return db_path.parent / "backups"


def sqlite_uri(path: Path, mode: str = "ro") -> str:
    """An SQLite URI for ``path`` (percent-encoded, so '#', '?' and '%' in names are safe).

    ``mode=ro`` reads only; ``mode=rw`` writes but never creates a missing file.
    """
    return f"{Path(path).absolute().as_uri()}?mode={mode}"


def ro_uri(path: Path) -> str:
    return sqlite_uri(path, "ro")


def backup_file(source: Path, dest: Path, *, verify: bool = True) -> Path:
    """Copy ``source`` to ``dest`` with the online backup API; verify before renaming into place.

    ``dest`` is replaced if it exists (callers choose fresh names). With ``verify=False`` the
    integrity check is skipped — used only to keep a copy of an already damaged file.
    """
    dest = Path(dest)
    try:
        make_private_folder(dest.parent)
    except OSError as exc:
        raise StorageError(f"Could not create the folder {dest.parent}: {exc.strerror or exc}") \
            from exc
    # Before any copy: a header claiming more pages than the file holds would make SQLite
    # write the claimed size (zeros) into the copy.
    check_page_count(Path(source))
    tmp = dest.with_name(dest.name + PARTIAL)
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    result: tuple[str] | None = ("ok",)
    try:
        src = connect(ro_uri(source))
        try:
            fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
            os.close(fd)
            cipher.share_key(source, tmp, dest)  # an encrypted file's copy: the same key
            # One read transaction: the page count compared is that of the state copied.
            src.execute("BEGIN")
            pages = src.execute("PRAGMA page_count").fetchone()
            _copy(src, tmp)
            src.execute("COMMIT")
        finally:
            src.close()
        # The copy goes to the disk while it is checked (the check reads it back from the
        # operating system's cache): the two waits overlap. It is renamed after both.
        flush = _Flush(tmp)
        try:
            if verify:
                result = verify_copy(tmp, pages)
        finally:
            flush.wait()
        if not result or result[0] != "ok":
            raise DatabaseCorrupt(
                f"The backup of {source} failed its integrity check, so no backup was kept: the "
                "database itself may be damaged. Run 'naij-tracker check'.")
        os.chmod(tmp, 0o600)
        os.replace(tmp, dest)
        fsync_dir(dest.parent)
        return dest
    except sqlite3.Error as exc:
        if "malformed" in str(exc).lower() or "not a database" in str(exc).lower():
            raise DatabaseCorrupt(f"Could not back up {source}: it is damaged ({exc}).") from exc
        raise StorageError(f"Could not back up {source}: {exc}") from exc
    except OSError as exc:
        raise StorageError(f"Could not write the backup {dest}: {exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


class _Flush:
    """``fsync`` of a file on a thread of its own; ``wait`` joins it and raises its error."""

    def __init__(self, path: Path) -> None:
        self._error: OSError | None = None
        self._thread = threading.Thread(target=self._run, args=(path,), name="backup-fsync",
                                        daemon=True)
        self._thread.start()

    def _run(self, path: Path) -> None:
        try:
            fsync_file(path)
        except OSError as exc:
            self._error = exc

    def wait(self) -> None:
        self._thread.join()
        if self._error is not None:
            raise self._error


def _copy(src: sqlite3.Connection, tmp: Path) -> None:
    """Copy ``src`` into the new file ``tmp`` with the backup API, as a standalone file.

    The copying connection does not sync: the copy is flushed once, by ``backup_file``, while it
    is being checked.
    """
    dst = connect(sqlite_uri(tmp, "rw"))
    try:
        dst.execute("PRAGMA synchronous=OFF")
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # no WAL beside a backup
    finally:
        dst.close()


def verify_copy(path: Path, pages: tuple[int] | None) -> tuple[str] | None:
    """``("ok",)`` if the copy at ``path`` passes ``PRAGMA quick_check`` and holds ``pages``.

    The copy is read back through a new read-only connection, from the file as written (not
    from the copying connection's page cache). ``quick_check`` reads every page of the copy:
    each b-tree well formed, every page used exactly once, NOT NULL columns filled. On a
    read-only connection SQLite does not evaluate the tables' CHECK constraints row by row — the
    rows are the source's, copied page for page, and those constraints cost four times the rest
    of the check on the large bench database; ``naij-tracker check`` evaluates them.
    """
    try:
        conn = connect(ro_uri(path))
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()
            if conn.execute("PRAGMA page_count").fetchone() != pages:
                return ("page count differs from the database's",)
            return result
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:  # a copy SQLite cannot even read fails the check
        return (str(exc),)


def _make_private_dir(folder: Path) -> None:
    """The backups folder is created readable by the user only (existing folders are left)."""
    try:
        make_private_folder(folder)
    except OSError as exc:
        raise StorageError(f"Could not create the backups folder {folder}: "
                           f"{exc.strerror or exc}") from exc


def backup_name(db_path: Path, reason: str, when: datetime) -> Path:
    stamp = when.strftime("%Y%m%d-%H%M%S")
    folder = backups_dir(db_path)
    dest = folder / f"{db_path.stem}-{stamp}-{reason}{SUFFIX}"
    n = 1
    while dest.exists():
        n += 1
        dest = folder / f"{db_path.stem}-{stamp}-{reason}-{n}{SUFFIX}"
    return dest


def make_backup(db_path: Path, reason: str, when: datetime | None = None) -> Path:
    """A timestamped backup in the backups folder, e.g. ``cases-20261123-141500-manual.sqlite3``."""
    if not re.fullmatch(r"[a-z]+(?:-[a-z]+)*", reason):
        raise ValueError(f"backup reason must be lower-case words joined by '-': {reason!r}")
    _make_private_dir(backups_dir(db_path))
    made = backup_file(db_path, backup_name(db_path, reason, when or datetime.now()))
    if reason == BEFORE_UPGRADE:
        prune_reason(db_path, BEFORE_UPGRADE, KEEP_BEFORE_UPGRADE, keep=made)
    return made


def prune_reason(db_path: Path, reason: str, keep_newest: int, *,
                 keep: Path | None = None) -> list[Path]:
    """Remove backups of ``reason`` beyond the ``keep_newest`` newest (never ``keep``).

    Used for before-upgrade copies: an upgrade interrupted again and again (a crash, a full
    disk) makes a new one each time, and only the most recent few are copies anyone needs.
    """
    same = [b for b in list_backups(db_path) if b.reason == reason]
    removed: list[Path] = []
    for b in same[keep_newest:]:
        if keep is not None and b.path == keep:
            continue
        with contextlib.suppress(OSError):
            b.path.unlink()
            cipher.remove_key_file(b.path)  # an encrypted copy's wrapped key goes with it
            removed.append(b.path)
    return removed


def remove_partials(db_path: Path, older_than_s: float = PARTIAL_STALE_S) -> list[Path]:
    """Remove ``.partial`` files left in the backups folder by a backup that was killed.

    A backup in progress writes its ``.partial`` continuously, so one unchanged for a minute
    belongs to no running backup; it never became a backup and only takes space.
    """
    folder = backups_dir(db_path)
    now = datetime.now().timestamp()
    removed: list[Path] = []
    with contextlib.suppress(OSError):
        for entry in folder.glob(f"{db_path.stem}-*{SUFFIX}{PARTIAL}"):
            with contextlib.suppress(OSError):
                if now - entry.stat().st_mtime > older_than_s:
                    entry.unlink()
                    removed.append(entry)
    return removed


class BackupInfo(NamedTuple):
    """One backup file in the backups folder."""

    path: Path
    taken_at: datetime
    reason: str
    size: int

    @property
    def rotated(self) -> bool:
        """Whether rotation may delete it (only the automatic daily copies)."""
        return self.reason in ROTATED_REASONS

    @property
    def label(self) -> str:
        reason = self.reason.replace("-", " ")
        return f"{self.taken_at:%Y-%m-%d %H:%M:%S} — {reason} ({self.size / 1_048_576:.1f} MB)"


def parse_backup_name(path: Path, stem: str | None = None) -> tuple[datetime, str] | None:
    """(taken at, reason) from a backup file name, or None if it is not one of ours."""
    m = _NAME.match(path.name)
    if not m or (stem is not None and m["stem"] != stem):
        return None
    try:
        when = datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S")
    except ValueError:
        return None
    return when, m["reason"]


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Backups of ``db_path`` in its backups folder, newest first (other files are ignored)."""
    folder = backups_dir(db_path)
    found: list[BackupInfo] = []
    try:
        entries = list(folder.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        raise StorageError(f"Cannot read the backups folder {folder}: {exc.strerror or exc}") \
            from exc
    for entry in entries:
        parsed = parse_backup_name(entry, db_path.stem)
        if parsed is None:
            continue
        try:
            size = entry.stat().st_size
        except OSError:
            continue
        found.append(BackupInfo(entry, parsed[0], parsed[1], size))
    found.sort(key=lambda b: (b.taken_at, b.path.name), reverse=True)
    return found


def backups_to_rotate(backups: list[BackupInfo], keep_daily: int,
                      keep_weekly: int) -> list[BackupInfo]:
    """Which automatic backups rotation removes (pure: no file is touched).

    Kept: the ``keep_daily`` newest daily copies, and the newest daily copy of each of the
    ``keep_weekly`` most recent ISO weeks that have one. Everything else *of reason daily* goes.
    """
    daily = sorted((b for b in backups if b.rotated), key=lambda b: b.taken_at, reverse=True)
    keep: set[Path] = {b.path for b in daily[:max(keep_daily, 0)]}
    weeks_seen: list[tuple[int, int]] = []
    for b in daily:
        iso = b.taken_at.isocalendar()
        week = (iso[0], iso[1])
        if week in weeks_seen:
            continue
        weeks_seen.append(week)
        if len(weeks_seen) > max(keep_weekly, 0):
            break
        keep.add(b.path)
    return [b for b in daily if b.path not in keep]


def rotate_backups(db_path: Path, keep_daily: int, keep_weekly: int) -> list[Path]:
    """Delete automatic daily backups beyond the retention; return the paths removed.

    Only backups whose reason is ``daily`` are ever rotated. A *manual* backup is a copy the
    officer asked for — typically before something they were unsure about — and a
    *before-upgrade* or *before-restore* backup is the one promised copy of the file as it was
    before the application changed it wholesale. Deleting any of those behind the officer's back
    would break that promise, and they are rare (one per click, upgrade or restore), so they
    never crowd the disk: they stay until the officer deletes them (they are listed, with their
    reason, by ``list_backups`` and in the restore dialog). Files in the folder that do not
    follow our naming (something the officer put there) are never touched either.

    Leftover ``.partial`` files from an interrupted backup are removed (``remove_partials``):
    they never became backups. (Before-upgrade copies are pruned to the last
    ``KEEP_BEFORE_UPGRADE`` when a new one is made: see ``prune_reason``.)
    """
    backups = list_backups(db_path)
    removed: list[Path] = []
    for b in backups_to_rotate(backups, keep_daily, keep_weekly):
        try:
            b.path.unlink()
        except FileNotFoundError:  # another instance rotated it first
            continue
        except OSError as exc:
            raise StorageError(f"Could not remove the old backup {b.path}: "
                               f"{exc.strerror or exc}") from exc
        removed.append(b.path)
        cipher.remove_key_file(b.path)
    remove_partials(db_path)
    return removed


def has_backup_on(db_path: Path, day: date, reason: str = DAILY) -> bool:
    return any(b.reason == reason and b.taken_at.date() == day for b in list_backups(db_path))
