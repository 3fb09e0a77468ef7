"""Engines and sessions for SQLite (and PostgreSQL when a URL is given).

SQLite needs two adjustments to be trustworthy:

* Python's ``sqlite3`` module (3.11) starts transactions lazily and commits DDL statement by
  statement, so a failing migration would leave a half-changed schema. We switch the driver to
  autocommit (``isolation_level=None``) and emit ``BEGIN`` ourselves when SQLAlchemy begins a
  transaction — the recipe in SQLAlchemy's pysqlite documentation — so every unit of work,
  DDL included, is one real transaction.
* ``foreign_keys`` is off by default and ignored inside a transaction, so it is set on every new
  connection, before any transaction. Migrations use an engine with it *off* (see ``migrate``).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from naij_tracker.db import cipher
from naij_tracker.db.connect_options import BUSY_TIMEOUT_MS, sqlite_url
from naij_tracker.db.defensive import harden

__all__ = ["BUSY_TIMEOUT_MS", "make_engine", "make_session_factory", "sqlite_url"]


def make_engine(
    url: str,
    *,
    foreign_keys: bool = True,
    journal_mode: str | None = "wal",
    read_only: bool = False,
    immutable: bool = False,
) -> Engine:
    """An engine with the pragmas this application relies on.

    ``hide_parameters``: an error's text never carries the row values it was writing (members'
    names, courts); messages are shown to officers and may be pasted into a report.
    """
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)

    connect_args: dict[str, Any] = {"timeout": BUSY_TIMEOUT_MS / 1000}
    # An unlocked encrypted file: SQLCipher connections with its key (None for plain files).
    creator = cipher.creator_for(url, read_only=read_only, timeout=BUSY_TIMEOUT_MS / 1000)
    if read_only:
        from pathlib import Path

        # A file: URI, percent-encoded so '#', '?' and '%' in folder names are safe.
        path = Path(url.split("///", 1)[1]).absolute().as_uri()
        url = f"sqlite+pysqlite:///{path}?mode=ro{'&immutable=1' if immutable else ''}&uri=true"
    # NullPool: a desktop app has one user; closing connections promptly releases the file
    # (and its WAL) so backups and other processes see a quiet database.
    engine = create_engine(url, connect_args=connect_args, poolclass=NullPool,
                           hide_parameters=True, **({"creator": creator} if creator else {}))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None
        # An engine is made only for a file whose schema was verified when it was opened
        # (``schema_check``), and our own search triggers write to an FTS5 table, which SQLite
        # allows only in a trusted schema. (Read-only, no trigger can fire, and no query of
        # ours reads a view.) Plain reads (``Database.read``) and checks run untrusted.
        harden(dbapi_conn, trusted_schema=True)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if journal_mode and not read_only:
            cur.execute(f"PRAGMA journal_mode={journal_mode}")
            # FULL: a committed transaction survives a power cut, not only a crash.
            cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
