"""Known storage failures, as opposed to bugs.

A *known* failure (the file is not ours, from a newer version, locked, read-only, full, corrupt)
becomes a ``StorageError`` with a message a union officer can act on; the CLI prints it on one line
and exits 1, the GUI shows it in a dialog. Anything else is a bug and is allowed to surface.
"""

from __future__ import annotations

import contextlib
import sqlite3
import sys
from pathlib import Path
from typing import Literal


class StorageError(Exception):
    """A problem with the database file that the user can understand and act on."""


class NotOurDatabase(StorageError):
    pass


class DatabaseTooNew(StorageError):
    pass


class DatabaseCorrupt(StorageError):
    pass


class ConflictError(StorageError):
    """Someone else saved the same record since it was loaded."""


def driver_error(exc: BaseException) -> BaseException:
    """The DB-API exception inside SQLAlchemy's ``DBAPIError`` wrapper, else ``exc`` itself.

    Looked up in ``sys.modules`` rather than imported: when SQLAlchemy has not been loaded (the
    start-up path reads through ``sqlite3`` alone) no exception can be one of its wrappers, and
    importing it here would cost the first screen a third of a second.
    """
    sa_exc = sys.modules.get("sqlalchemy.exc")
    wrapper = getattr(sa_exc, "DBAPIError", None)
    if wrapper is not None and isinstance(exc, wrapper):
        return exc.orig
    return exc


def describe_server_error(exc: BaseException) -> StorageError | None:
    """A PostgreSQL driver error as a known ``StorageError``, or ``None`` if it is not one.

    The message is built from the error's SQLSTATE class only, never from its text: the
    server's text can quote the row it refused ("Key (lower(grievance_number))=(g-7) already
    exists", a member's name in a constraint's DETAIL), and messages are shown to officers and
    pasted into reports.
    """
    orig = driver_error(exc)
    psycopg = sys.modules.get("psycopg")
    if psycopg is None or not isinstance(orig, psycopg.Error):
        return None
    state = str(getattr(orig, "sqlstate", None) or "")
    if state.startswith("08") or state in ("57P01", "57P02", "57P03") or (
            not state and isinstance(orig, psycopg.OperationalError)):
        return StorageError("The connection to the database server was lost; nothing was "
                            "saved. Check the network and the server, then try again.")
    if state == "23505":
        return StorageError("The server already holds a record with that number or name "
                            "(another officer may have just added it); nothing was saved. "
                            "Reload, then try again.")
    if state.startswith("23"):
        return StorageError("The server refused the change: it breaks one of the database's "
                            f"rules (SQLSTATE {state}); nothing was saved.")
    if state in ("40001", "40P01", "55P03"):
        return StorageError("Another officer was changing the same records at the same moment; "
                            "nothing was saved. Try again.")
    if state in ("53100", "53200", "53300"):
        return StorageError("The database server is out of space or connections; nothing was "
                            f"saved (SQLSTATE {state}). Ask its administrator.")
    if state == "57014":
        return StorageError("The server cancelled the work (it took too long); nothing was "
                            "saved.")
    return StorageError(f"The database server reported an error (SQLSTATE {state or '?'}); "
                        "nothing was saved.")


def describe_sqlite_error(exc: BaseException, path: str | None = None) -> StorageError | None:
    """Turn a driver error into a known ``StorageError``, or ``None`` if it looks like a bug.

    A PostgreSQL error is described by ``describe_server_error`` (without row values).
    """
    orig = driver_error(exc)
    if not isinstance(orig, sqlite3.Error):
        return describe_server_error(exc)
    text = str(orig).lower()
    where = f" ({path})" if path else ""
    if "readonly" in text or "read-only" in text:
        return StorageError(
            f"The database file is read-only{where}; nothing was saved. Check that the file and "
            "its folder may be written to, or that the drive is not write-protected.")
    if "disk is full" in text or "database or disk is full" in text:
        return StorageError(f"The disk is full{where}; nothing was saved. Free some space and "
                            "save again.")
    if "locked" in text or "busy" in text:
        return StorageError(f"The database is busy in another program{where}; nothing was saved. "
                            "Try again in a moment.")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return DatabaseCorrupt(f"The database file is damaged{where}. Restore a backup.")
    if "unable to open" in text:
        return StorageError(
            f"The database file cannot be reached{where}; nothing was saved. Was its folder moved "
            "or deleted, or the drive disconnected? Reconnect it and save again.")
    if "disk i/o error" in text:
        return StorageError(f"The disk failed while saving{where}; nothing was saved. Check the "
                            "drive, then save again.")
    return None


class storage_errors(contextlib.ContextDecorator):  # noqa: N801 - used like a function
    """Turn known SQLite failures into ``StorageError`` — as a ``with`` block or a decorator.

    Services raise SQLAlchemy's ``OperationalError``/``DatabaseError`` when the disk fails under
    them; a window cannot show that to an officer. Wrapped in ``storage_errors(path)`` the same
    failure becomes a ``StorageError`` whose message says what happened and that nothing was
    saved (every write is one transaction, so that is true). Errors that do not look like
    storage failures are left alone: they are bugs and must surface as such.

        with storage_errors(db.path):
            service.update(matter_id, values)

        @storage_errors()
        def save(...): ...
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = str(path) if path is not None else None

    def __enter__(self) -> storage_errors:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: object) -> Literal[False]:
        if exc is None or isinstance(exc, StorageError):
            return False
        if driver_error(exc) is not exc or isinstance(exc, sqlite3.Error):
            known = describe_sqlite_error(exc, self.path)
            if known is not None:
                raise known from exc
        return False


class SchemaMismatch(StorageError):
    """A file whose tables, columns, indexes, triggers or views are not what our migrations make.

    ``difference`` is a ``schema_check.SchemaDifference``; when it is ``repairable`` (only
    unknown or changed triggers and views) the file may be opened read-only, or repaired.
    """

    def __init__(self, message: str, path: Path, difference: object) -> None:
        super().__init__(message)
        self.path = path
        self.difference = difference

    @property
    def repairable(self) -> bool:
        return bool(getattr(self.difference, "repairable", False))
