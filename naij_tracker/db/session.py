"""The working session on one database: opened under its lock, kept alive, switched, closed.

``Session`` (not SQLAlchemy's session: the officer's working session) is what the command line
and the window share, free of Qt. ``Session.open`` calls ``open_for_writing_or_readonly``: it
recovers after a crash, removes stale partial backups, takes the lock (``db/lock.py``), and
opens, checks and upgrades the file — or, when another copy holds the lock or the folder cannot
be written, opens it read-only and says why. While it is open, the holder calls ``heartbeat``
every ``HEARTBEAT_INTERVAL`` (the window's controller on a timer); a heartbeat that finds the
lock taken over makes the session read-only. ``switch`` adopts a database opened beforehand
(so a failure leaves the old one open) and closes the old one; ``close`` closes the database
and releases the lock.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from naij_tracker.db.errors import SchemaMismatch, StorageError
from naij_tracker.db.lock import (
    DatabaseLock,
    DatabaseLocked,
    LockInfo,
    LockLost,
    acquire_lock,
)

if TYPE_CHECKING:  # not imported at run time here: it pulls in SQLAlchemy (start-up cost)
    from naij_tracker.db.opening import Database

#: Said when the officer asked for read-only (``--read-only``).
READ_ONLY_AS_ASKED = "Opened read-only, as asked: nothing can be changed."


@dataclass
class OpenedDatabase:
    """A database opened for the session, with its lock (None when read-only) and warnings."""

    db: Database
    lock: DatabaseLock | None
    warnings: list[str] = field(default_factory=list)
    journal_mode: str = "wal"

    @property
    def read_only(self) -> bool:
        return bool(self.db.read_only)

    def close(self) -> None:
        try:
            self.db.close()
        finally:
            if self.lock is not None:
                self.lock.release()


def recover_after_crash(db_path: Path) -> bool:
    """Let SQLite roll back what a crashed process left half-done; True if there was anything.

    After a crash in rollback-journal mode the ``-journal`` file is "hot": the next connection
    that may write rolls it back, restoring the last committed state. A *read-only* connection
    cannot, and fails with "attempt to write a readonly database" — which is how
    ``open_database`` first looks at a file. Holding the session lock, we are the only writer,
    so one ordinary connection here performs SQLite's own recovery (it never deletes a journal
    itself). The same applies to a ``-wal`` file left by a crash in WAL mode.
    """
    from naij_tracker.db import defensive
    from naij_tracker.db.backup import sqlite_uri

    leftovers = [db_path.with_name(db_path.name + suffix) for suffix in ("-journal", "-wal")]
    if not any(p.exists() and p.stat().st_size > 0 for p in leftovers):
        return False
    try:  # the file is not yet verified: a defensive connection, under a time limit
        conn = defensive.connect(sqlite_uri(db_path, "rw"))
    except sqlite3.Error:
        return False
    try:
        with defensive.time_limit(conn, str(db_path)):
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except (sqlite3.Error, StorageError):
        return False  # open_database will say what is wrong with the file
    finally:
        conn.close()
    return True


def open_for_writing_or_readonly(
    target: str | os.PathLike[str],
    ask: Callable[[LockInfo], bool],
    *,
    create: bool = True,
    on_schema: Callable[[SchemaMismatch], str | None] | None = None,
) -> OpenedDatabase:
    """Open ``target`` for writing under the session lock, or — if another instance holds it —
    ask whether to open it read-only instead.

    ``ask(holder)`` is the GUI's dialog ("… is open by Ana on LAPTOP-7 since 09:14. Open
    read-only?") or the CLI's policy; it returns True for read-only, False to give up (then
    ``DatabaseLocked`` is raised for the caller to quit with its message). A database on a
    network or synced folder is opened with the rollback journal, with a warning to show. A
    lock file that cannot be read (another user's, a folder, a dangling link) is treated like a
    lock held by someone unknown: ``ask`` decides. In a folder that cannot be written (read-only
    media) the file is opened read-only with a plain note, without a lock.

    A file holding triggers or views our migrations did not make (``SchemaMismatch``, when it is
    ``repairable``) is offered to ``on_schema``: it returns "read-only" (open it so: no trigger
    fires on reading), "repair" (remove them after a backup, under the lock, then open) or None
    (give up: the refusal is raised).
    """
    from naij_tracker.db.backup import remove_partials
    from naij_tracker.db.filesystem import choose_journal_mode
    from naij_tracker.db.opening import (
        folder_read_only,
        is_url,
        open_database,
        read_only_folder_note,
        repair_database,
    )

    target_s = os.fspath(target)
    if is_url(target_s) and not target_s.startswith("sqlite"):
        # A server keeps its own locks: several officers may work at once, and optimistic
        # locking turns a clash over one matter into a message.
        return OpenedDatabase(open_database(target_s, create=create), None)
    if target_s.startswith("sqlite"):
        target_s = target_s.split("///", 1)[1]
    path = Path(target_s).expanduser().absolute()
    mode, warning = choose_journal_mode(path)
    warnings = [warning] if warning else []
    if path.is_file() and folder_read_only(path):
        db = _open_read_only(path, mode, on_schema)
        note = read_only_folder_note(path)
        return OpenedDatabase(db, None, [note, *[w for w in db.warnings if w != note],
                                         *warnings], mode)
    try:
        lock = acquire_lock(path)
    except DatabaseLocked as exc:
        if not ask(exc.info):
            raise
        db = _open_read_only(path, mode, on_schema)
        warnings.insert(0, f"{exc.info.describe(path)}; opened read-only here.")
        return OpenedDatabase(db, None, [*warnings, *db.warnings], mode)
    try:
        if path.exists():
            recover_after_crash(path)
            remove_partials(path)
        try:
            db = open_database(path, create=create, journal_mode=mode)
        except SchemaMismatch as exc:
            choice = on_schema(exc) if on_schema is not None and exc.repairable else None
            if choice == "repair":
                made = repair_database(path)
                db = open_database(path, create=False, journal_mode=mode)
                warnings.append(f"The unknown triggers and views were removed from {path}; a "
                                f"copy of the file as it was is {made}.")
            elif choice == "read-only":
                lock.release()
                db = open_database(path, create=False, read_only=True, journal_mode=mode,
                                   allow_unknown=True)
                return OpenedDatabase(db, None, [*warnings, *db.warnings], mode)
            else:
                raise
    except BaseException:
        lock.release()
        raise
    if lock.taken_over:
        warnings.append(f"A lock on {path} left by an earlier session was cleared "
                        f"({lock.taken_over}).")
    return OpenedDatabase(db, lock, [*warnings, *db.warnings], mode)


def _open_read_only(path: Path, mode: str,
                    on_schema: Callable[[SchemaMismatch], str | None] | None) -> Database:
    """Open read-only; a repairable schema is opened so only if ``on_schema`` agrees."""
    from naij_tracker.db.opening import open_database

    try:
        return open_database(path, create=False, read_only=True, journal_mode=mode)
    except SchemaMismatch as exc:
        if on_schema is None or not exc.repairable or on_schema(exc) is None:
            raise
        return open_database(path, create=False, read_only=True, journal_mode=mode,
                             allow_unknown=True)


def open_read_only_as_asked(
    target: str | os.PathLike[str],
    on_schema: Callable[[SchemaMismatch], str | None] | None = None,
) -> OpenedDatabase:
    """Open ``target`` read-only because the officer asked (``--read-only``): no lock."""
    from naij_tracker.db.opening import open_database

    try:
        db = open_database(target, create=False, read_only=True)
    except SchemaMismatch as exc:
        if on_schema is None or not exc.repairable or on_schema(exc) is None:
            raise
        db = open_database(target, create=False, read_only=True, allow_unknown=True)
    return OpenedDatabase(db, None, [READ_ONLY_AS_ASKED, *db.warnings])


@dataclass(frozen=True)
class Heartbeat:
    """What one ``Session.heartbeat`` found; both empty when all is well (or nothing is held).

    ``lost``: another instance took the lock over — the session is read-only now, and this
    says why. ``trouble``: the lock file could not be renewed (it is still ours): worth a
    message, nothing more.
    """

    lost: str = ""
    trouble: str = ""


class Session:
    """The database this process works on, with its lock, from opening to closing.

    Built from an ``OpenedDatabase`` (``Session.open`` opens one). The lock is None when the
    database is read-only (asked, held elsewhere, a read-only folder, a lost lock) or on a
    server, which keeps its own locks.
    """

    def __init__(self, opened: OpenedDatabase) -> None:
        self._opened = opened
        #: Why the lock was lost (the session turned read-only then); None while it is not.
        self.lost_reason: str | None = None

    @classmethod
    def open(cls, target: str | os.PathLike[str], ask: Callable[[LockInfo], bool], *,
             read_only: bool = False, create: bool = True,
             on_schema: Callable[[SchemaMismatch], str | None] | None = None) -> Session:
        """Open ``target`` under its lock (``open_for_writing_or_readonly``: ``ask`` decides
        about a lock held elsewhere), or read-only without a lock when ``read_only``."""
        if read_only:
            return cls(open_read_only_as_asked(target, on_schema))
        return cls(open_for_writing_or_readonly(target, ask, create=create,
                                                on_schema=on_schema))

    @property
    def db(self) -> Database:
        return self._opened.db

    @property
    def lock(self) -> DatabaseLock | None:
        return self._opened.lock

    @property
    def journal_mode(self) -> str:
        return self._opened.journal_mode

    @property
    def warnings(self) -> list[str]:
        """What the opening found (shared folder, read-only…), for the officer."""
        return self._opened.warnings

    @property
    def read_only(self) -> bool:
        return self._opened.read_only

    def heartbeat(self) -> Heartbeat:
        """Renew the lock; if another instance took it over, stop writing (``lose_lock``)."""
        lock = self._opened.lock
        if lock is None:
            return Heartbeat()
        try:
            lock.refresh()
        except LockLost as exc:
            self.lose_lock(str(exc))
            return Heartbeat(lost=str(exc))
        except StorageError as exc:  # the lock file could not be rewritten: say so, go on
            return Heartbeat(trouble=str(exc))
        return Heartbeat()

    def lose_lock(self, reason: str) -> None:
        """The lock is someone else's now: every new connection is ``query_only`` from here on
        (the database stays open for reading). Their lock file is left alone."""
        lock, self._opened.lock = self._opened.lock, None
        if lock is not None:
            lock.release()  # forgets it; removes the file only if it were still ours
        self.lost_reason = reason
        if self.db.path is not None:
            self.db.stop_writing()

    def switch(self, new: Session) -> None:
        """Work on ``new``'s database from now on (opened beforehand: a failure to open it left
        this session as it was); the old database is closed and its lock released."""
        old, self._opened = self._opened, new._opened
        self.lost_reason = new.lost_reason
        old.close()

    def replace_database(self, db: Database) -> Database:
        """Go on with ``db``, the same file reopened (after a restore or an encryption), under
        the same lock; returns the database it replaces (closing it is the caller's)."""
        old, self._opened.db = self._opened.db, db
        return old

    def release_lock(self) -> None:
        """Give up the lock (the database stays open, as when the window closes first)."""
        lock, self._opened.lock = self._opened.lock, None
        if lock is not None:
            lock.release()

    def close(self) -> None:
        """Close the database and release the lock."""
        self._opened.close()
        self._opened.lock = None
