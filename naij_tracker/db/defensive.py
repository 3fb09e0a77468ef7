"""SQLite's own defences against a crafted file, applied to every connection we open on one.

A database file is data someone may have sent us (the README tells officers to share backups),
so nothing in it is trusted until its schema has been compared with what our migrations create
(``schema_check``):

* ``PRAGMA trusted_schema=OFF``: SQL functions and virtual tables with side effects may not be
  used from triggers, views, defaults or indexes stored in the file. Our own search-index
  triggers write to an FTS5 table, which SQLite counts as such a use, so the *writing* engine
  (made only after the schema was verified) turns it back on; every reading, checking and
  copying connection keeps it off.
* ``PRAGMA cell_size_check=ON``: malformed b-tree cells are reported as corruption instead of
  being followed.
* ``SQLITE_DBCONFIG_DEFENSIVE`` (no ``writable_schema``, no direct writes to shadow tables),
  through ``Connection.setconfig`` where the driver offers it (Python 3.12+; Python 3.11's
  ``sqlite3`` has no way to set it, and we never run SQL from a file, so there the two pragmas
  above are the defence).
* ``time_limit``: a progress handler that interrupts a statement running longer than a limit
  (10 s when opening), so a recursive view dressed up as one of our tables cannot hang us.
* ``check_page_count``: the header's page count against the file's size, before any copy, so
  a header claiming a gigabyte never makes a backup write one.
"""

from __future__ import annotations

import contextlib
import sqlite3
import struct
import time
from collections.abc import Iterator
from pathlib import Path

from naij_tracker.db.errors import DatabaseCorrupt, StorageError

#: How long one statement run while opening or checking a file may take.
OPEN_TIME_LIMIT_S = 10.0
#: Progress-handler granularity (SQLite virtual-machine instructions between two looks).
_PROGRESS_STEPS = 20_000
SQLITE_MAGIC = b"SQLite format 3\x00"


class TooSlow(StorageError):
    """A statement on a file ran past its time limit (a crafted file, or a very slow disk)."""


def harden(conn: sqlite3.Connection, *, trusted_schema: bool = False) -> sqlite3.Connection:
    """Apply the defensive settings to ``conn`` (see the module docstring) and return it."""
    conn.execute("PRAGMA cell_size_check=ON")
    conn.execute(f"PRAGMA trusted_schema={'ON' if trusted_schema else 'OFF'}")
    setconfig = getattr(conn, "setconfig", None)
    flag = getattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE", None)
    if setconfig is not None and flag is not None:  # Python 3.12+
        setconfig(flag, True)
    return conn


def connect(uri: str, *, timeout: float = 5.0, trusted_schema: bool = False,
            check_same_thread: bool = True) -> sqlite3.Connection:
    """An autocommit connection to a ``file:`` URI, hardened (through ``cipher.connect``: an
    unlocked encrypted file is opened with its key)."""
    from naij_tracker.db import cipher

    conn = cipher.connect(uri, uri=True, timeout=timeout, isolation_level=None,
                          check_same_thread=check_same_thread)
    try:
        return harden(conn, trusted_schema=trusted_schema)
    except BaseException:
        conn.close()
        raise


@contextlib.contextmanager
def time_limit(conn: sqlite3.Connection, what: str,
               seconds: float = OPEN_TIME_LIMIT_S) -> Iterator[None]:
    """Interrupt any statement on ``conn`` still running ``seconds`` after entering the block.

    An interrupted statement becomes ``TooSlow`` naming ``what`` (e.g. the file's path).
    """
    deadline = time.monotonic() + seconds

    def _progress() -> int:
        return 1 if time.monotonic() > deadline else 0

    conn.set_progress_handler(_progress, _PROGRESS_STEPS)
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "interrupt" not in str(exc).lower():
            raise
        raise TooSlow(f"{what} took more than {seconds:g} s to read and was given up: it may "
                      "be crafted to hang the application. It was left unchanged.") from None
    finally:
        conn.set_progress_handler(None, 0)


def header_pages(path: Path) -> tuple[int, int, int] | None:
    """(page size, page count the header claims — 0 when SQLite would not trust it, file size),
    or None if ``path`` is not an SQLite file."""
    with path.open("rb") as fh:
        header = fh.read(100)
        size = fh.seek(0, 2)
    if not header.startswith(SQLITE_MAGIC) or len(header) < 100:
        return None
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", header[24:32])
    (valid_for,) = struct.unpack(">I", header[92:96])
    # SQLite uses the in-header size only when "valid-for" matches the change counter.
    return page_size, page_count if valid_for == change_counter else 0, size


def check_page_count(path: Path) -> None:
    """Refuse a file whose header claims more pages than the file (and its WAL) hold.

    SQLite reads the missing pages as zeros, so copying such a file would write the claimed size
    (a 4 KB file can claim 1 GB). Raises ``DatabaseCorrupt``; a file that is not SQLite is left
    for the caller's own checks.
    """
    try:
        found = header_pages(path)
    except OSError as exc:
        raise StorageError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    if found is None:
        return
    page_size, page_count, size = found
    if size % page_size:
        raise DatabaseCorrupt(f"{path} is truncated or damaged (size {size} bytes); "
                              "left unchanged.")
    wal = path.with_name(path.name + "-wal")
    with contextlib.suppress(OSError):
        size += wal.stat().st_size
    if page_count and size < page_count * page_size:
        raise DatabaseCorrupt(
            f"{path} is truncated or damaged: its header claims {page_count * page_size:,} bytes "
            f"but the file holds {size:,}; left unchanged.")
