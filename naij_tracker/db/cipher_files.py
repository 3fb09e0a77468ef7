"""Whole-file conversions between plain and encrypted databases, verified row for row.

``export_file`` writes a converted copy with SQLCipher's ``sqlcipher_export`` (the only
supported way between a plain and an encrypted file: the backup API needs both sides keyed
alike). ``compare_files`` then reads every row of every table of both files, in rowid order,
and the copy must also pass ``PRAGMA integrity_check``, ``foreign_key_check`` and (encrypted)
``cipher_integrity_check`` before any caller puts it in place of the original.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from naij_tracker.db import cipher
from naij_tracker.db.backup import sqlite_uri
from naij_tracker.db.errors import DatabaseCorrupt, StorageError


def _key_literal(key: bytes | None) -> str:
    return f"\"x'{key.hex()}'\"" if key is not None else "''"


def _open(path: Path, key: bytes | None, mode: str = "ro") -> Any:
    return cipher.keyed_connect(sqlite_uri(path, mode), key, uri=True, timeout=5,
                                isolation_level=None)


def export_file(source: Path, source_key: bytes | None, dest: Path,
                dest_key: bytes | None) -> None:
    """Write ``source`` (plain when ``source_key`` is None) into a new file ``dest`` encrypted
    with ``dest_key`` (plain when None). ``dest`` must not exist; it is created 0600."""
    fd = os.open(dest, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    os.close(fd)
    conn = _open(source, source_key, "rw")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"ATTACH DATABASE ? AS converted KEY {_key_literal(dest_key)}",
                     (str(dest),))
        if dest_key is not None:
            for setting in cipher.CIPHER_SETTINGS:
                conn.execute(f"PRAGMA converted.{setting}")
        conn.execute("SELECT sqlcipher_export('converted')")
        if dest_key is not None:
            # Statistics for the planner of SQLCipher's (newer) SQLite: without them it picks
            # a slower index for the lists (bench/README.md § 9). Not compared row for row.
            conn.execute("ANALYZE converted")
        conn.execute(f"PRAGMA converted.user_version = {int(version)}")
        conn.execute("DETACH DATABASE converted")
    finally:
        conn.close()


def _tables(conn: Any) -> list[str]:
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                        "AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()
    # Virtual tables (the full-text index) are compared through their shadow tables.
    return [name for name, sql in rows if not (sql or "").upper().startswith("CREATE VIRTUAL")]


def _table_digest(conn: Any, table: str) -> tuple[int, str]:
    quoted = '"' + table.replace('"', '""') + '"'
    try:
        cur = conn.execute(f"SELECT * FROM {quoted} ORDER BY rowid")
    except Exception:  # a WITHOUT ROWID table: order by every column
        n = len(conn.execute(f"SELECT * FROM {quoted} LIMIT 0").description)
        cur = conn.execute(f"SELECT * FROM {quoted} ORDER BY "
                           + ", ".join(str(i + 1) for i in range(n)))
    import hashlib  # here: it loads OpenSSL's libcrypto, which a plain database never needs

    digest = hashlib.sha256()
    count = 0
    while True:
        rows = cur.fetchmany(2000)
        if not rows:
            break
        for row in rows:
            digest.update(repr(row).encode("utf-8"))
            count += 1
    return count, digest.hexdigest()


def table_digests(path: Path, key: bytes | None) -> dict[str, tuple[int, str]]:
    """Per table: (rows, a SHA-256 over every row in rowid order)."""
    conn = _open(path, key)
    try:
        return {t: _table_digest(conn, t) for t in _tables(conn)}
    finally:
        conn.close()


def check_copy(path: Path, key: bytes | None) -> list[str]:
    """Problems of a converted file: integrity, foreign keys, SQLCipher's page MACs."""
    conn = _open(path, key)
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()
                    if r[0] != "ok"]
        if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
            problems.append("foreign keys do not match")
        if key is not None:
            problems += [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check")]
        return problems
    finally:
        conn.close()


def convert_verified(source: Path, source_key: bytes | None, dest: Path,
                     dest_key: bytes | None) -> dict[str, int]:
    """``export_file`` then the checks; rows per table on success. On any failure ``dest`` is
    removed and ``StorageError``/``DatabaseCorrupt`` raised — the source is never touched."""
    try:
        export_file(source, source_key, dest, dest_key)
        before = table_digests(source, source_key)
        after = table_digests(dest, dest_key)
        if before != after:
            differing = sorted(t for t in set(before) | set(after)
                               if before.get(t) != after.get(t))
            raise DatabaseCorrupt(f"The converted copy of {source} differs in "
                                  f"{', '.join(differing)}; the original was left unchanged.")
        problems = check_copy(dest, dest_key)
        if problems:
            raise DatabaseCorrupt(f"The converted copy of {source} failed its integrity check "
                                  f"({problems[0]}); the original was left unchanged.")
        return {t: n for t, (n, _) in after.items()}
    except BaseException as exc:
        with contextlib.suppress(OSError):
            dest.unlink()
        if isinstance(exc, OSError):
            raise StorageError(f"Could not write {dest}: {exc.strerror or exc}; "
                               f"{source} was left unchanged.") from exc
        import sqlite3

        if isinstance(exc, sqlite3.Error):
            raise StorageError(f"Could not convert {source}: {exc}; it was left unchanged.") \
                from exc
        raise


def restorable_copy(backup: Path, db_path: Path) -> Path:
    """What to restore ``db_path`` from: ``backup`` itself, or — for a plain backup (made before
    the database was encrypted) of an encrypted database — a temporary copy encrypted with the
    database's key. The backup API copies pages; it cannot encrypt them on the way.
    """
    live_key = cipher.key_of(db_path) if cipher.is_encrypted(db_path) else None
    if live_key is None or cipher.has_plain_header(backup) is not True:
        return backup
    tmp = db_path.with_name(db_path.name + ".restoring")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    export_file(backup, None, tmp, live_key)
    cipher.unlock(tmp, live_key)
    return tmp


def discard_copy(copy: Path, backup: Path) -> None:
    """Remove what ``restorable_copy`` made (nothing when it returned the backup itself)."""
    if copy == backup:
        return
    cipher.forget_copy(copy)
    with contextlib.suppress(OSError):
        copy.unlink()


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
