"""Known storage failures, as opposed to bugs.

A *known* failure (the file is not ours, from a newer version, locked, read-only, full, corrupt)
becomes a ``StorageError`` with a message a union officer can act on; the CLI prints it on one line
and exits 1, the GUI shows it in a dialog. Anything else is a bug and is allowed to surface.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError


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


def describe_sqlite_error(exc: BaseException, path: str | None = None) -> StorageError | None:
    """Turn a driver error into a known ``StorageError``, or ``None`` if it looks like a bug."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(orig, sqlite3.Error):
        return None
    text = str(orig).lower()
    where = f" ({path})" if path else ""
    if "readonly" in text or "read-only" in text:
        return StorageError(f"The database file is read-only{where}; nothing was saved.")
    if "disk is full" in text or "database or disk is full" in text:
        return StorageError(f"The disk is full{where}; nothing was saved. Free some space.")
    if "locked" in text or "busy" in text:
        return StorageError(f"The database is busy in another program{where}; try again.")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return DatabaseCorrupt(f"The database file is damaged{where}. Restore a backup.")
    if "unable to open" in text or "disk i/o error" in text:
        return StorageError(f"The database file cannot be reached{where}: {orig}.")
    return None
