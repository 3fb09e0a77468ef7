"""Opening a database: create, recognise, refuse, back up and migrate — before any window exists.

``open_database`` is the only way the application gets an engine. For a file path it

1. creates a new file at the head revision (readable by the user only), or
2. checks an existing file without writing to it, through a defensive connection with a time
   limit (``db.defensive``): the SQLite header and size (a truncated copy is refused), that it
   is one of ours (``alembic_version``), that its revision is one this version knows (a
   database from a newer version is refused as "too new"), and that its schema is exactly what
   our migrations make at that revision (``db.schema_check``: anything else is a
   ``SchemaMismatch``; unknown triggers and views may be opened read-only or repaired). A file
   in a folder that cannot be written (read-only media) is opened read-only;
3. if the file is behind, writes a verified backup beside it and then upgrades it in one
   transaction (``naij_tracker.db.migrate``).

Alembic is imported only in cases 1 and 3, and SQLAlchemy only when something first asks for
``Database.engine``: on an up-to-date file the first screen is read through ``sqlite3`` alone
(``Database.read``), which keeps start-up close to a bare Qt program's.
"""

from __future__ import annotations

import os
import sqlite3
import struct
import threading
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from naij_tracker.db import cipher, defensive
from naij_tracker.db.backup import BEFORE_UPGRADE, make_backup, sqlite_uri
from naij_tracker.db.connect_options import BUSY_TIMEOUT_MS, sqlite_url
from naij_tracker.db.errors import (
    DatabaseCorrupt,
    DatabaseTooNew,
    NotOurDatabase,
    SchemaMismatch,
    StorageError,
)
from naij_tracker.db.schema_version import HEAD, REVISIONS

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from naij_tracker.db.schema_check import SchemaDifference

SQLITE_MAGIC = b"SQLite format 3\x00"


class Database:
    """An open database: where it is, its engine and a session factory.

    The engine is made on first use (``engine``, ``sessions``), with the pragmas of
    ``db.engine.make_engine``; ``read`` answers plain SQL through the DB-API without it.
    """

    def __init__(self, url: str, path: Path | None, engine: Engine | None = None,
                 sessions: sessionmaker[Session] | None = None, *, read_only: bool = False,
                 backups_made: list[Path] | None = None, journal_mode: str = "wal",
                 warnings: list[str] | None = None, immutable: bool = False) -> None:
        self.url = url
        self.path = path
        self.read_only = read_only
        #: Read as immutable: the file sits in a folder that cannot be written (read-only media).
        self.immutable = immutable
        #: What opening found that the officer should be told (read-only folder, unknown triggers).
        self.warnings: list[str] = list(warnings or [])
        self.backups_made: list[Path] = list(backups_made or [])
        self.journal_mode = journal_mode
        self._engine = engine
        self._sessions = sessions
        self._made = threading.Lock()

    def __repr__(self) -> str:
        return f"Database({self.label!r}, read_only={self.read_only})"

    @property
    def label(self) -> str:
        """Where the database is, as it may be shown: a file's path, a server without password."""
        return str(self.path) if self.path else server_name(self.url)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            with self._made:
                if self._engine is None:
                    from naij_tracker.db.engine import make_engine

                    extra = {"immutable": True} if self.immutable else {}
                    self._engine = make_engine(self.url, read_only=self.read_only,
                                               journal_mode=self.journal_mode, **extra)
        return self._engine

    @property
    def sessions(self) -> sessionmaker[Session]:
        if self._sessions is None:
            engine = self.engine
            with self._made:
                if self._sessions is None:
                    from naij_tracker.db.engine import make_session_factory

                    self._sessions = make_session_factory(engine)
        return self._sessions

    @property
    def engine_made(self) -> bool:
        return self._engine is not None

    def read(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Rows of one read-only statement with ``:name`` parameters.

        For an SQLite file this is a short-lived ``sqlite3`` connection that cannot write
        (``query_only``), so reading never waits for SQLAlchemy to load; for a server URL it is
        the engine. Values come back as the driver gives them (dates as ISO text in SQLite).
        """
        if self.path is None:
            from sqlalchemy import text

            with self.engine.connect() as conn:
                return [tuple(r) for r in conn.execute(text(sql), dict(params or {}))]
        raw = self._read_connection()
        try:
            return raw.execute(sql, _sqlite_params(params)).fetchall()
        finally:
            raw.close()

    def read_many(self, statements: Sequence[tuple[str, Mapping[str, Any] | None]]
                  ) -> list[list[tuple[Any, ...]]]:
        """``read`` for several statements on one connection (one consistent snapshot)."""
        if self.path is None:
            from sqlalchemy import text

            with self.engine.connect() as conn, conn.begin():
                return [[tuple(r) for r in conn.execute(text(sql), dict(p or {}))]
                        for sql, p in statements]
        raw = self._read_connection()
        try:
            raw.execute("BEGIN")
            out = [raw.execute(sql, _sqlite_params(p)).fetchall() for sql, p in statements]
            raw.execute("COMMIT")
            return out
        finally:
            raw.close()

    def _read_connection(self) -> sqlite3.Connection:
        assert self.path is not None
        mode = "ro" if self.read_only else "rw"
        uri = sqlite_uri(self.path, mode) + ("&immutable=1" if self.immutable else "")
        conn = defensive.connect(uri, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        try:
            conn.execute("PRAGMA query_only=ON")
        except BaseException:
            conn.close()
            raise
        return conn

    def stop_writing(self) -> None:
        """From now on no connection may write (the session lock was lost).

        An engine already made gets a ``query_only`` hook (``NullPool``: every use opens a new
        connection); one made later opens the file read-only.
        """
        if self.read_only:
            return
        self.read_only = True
        if self._engine is not None and self.path is not None:
            from sqlalchemy import event

            event.listen(self._engine, "connect", _query_only)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def _sqlite_params(params: Mapping[str, Any] | None) -> dict[str, Any]:
    """Dates and times as the ISO text SQLAlchemy stores them in SQLite."""
    out: dict[str, Any] = {}
    for name, value in (params or {}).items():
        if isinstance(value, datetime):
            value = value.isoformat(sep=" ")
        elif isinstance(value, date):
            value = value.isoformat()
        out[name] = value
    return out


def _query_only(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    dbapi_conn.execute("PRAGMA query_only=ON")


def is_url(target: str) -> bool:
    return "://" in target


def server_name(url: str) -> str:
    """A server URL as it may be shown: ``postgresql+psycopg://host/database``, no password."""
    scheme, _, rest = url.partition("://")
    location = rest.rpartition("@")[2]
    return f"{scheme}://{location}"


def server_not_supported(url: str) -> str:
    """What to tell someone who gave the URL of a server (or a driver) this application does not
    use."""
    scheme = url.split("://", 1)[0]
    return (f"'{scheme}://…' names a database server or driver this application does not use. "
            "Give the path of a database file (for example --db ~/Documents/cases.sqlite3) or "
            "a PostgreSQL server (--db postgresql+psycopg://user@host/database).")


def _check_header(path: Path) -> None:
    if path.is_dir():
        raise StorageError(f"{path} is a folder, not a database file; give the path of a file "
                           f"in it instead, for example {path / 'cases.sqlite3'}.")
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise StorageError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    if not header.startswith(SQLITE_MAGIC):
        raise NotOurDatabase(
            f"{path} is not a NAIJ Case Tracker database (it is not an SQLite file); left unchanged."
        )
    if len(header) < 100:
        raise DatabaseCorrupt(f"{path} is truncated (shorter than an SQLite header); left unchanged.")
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", header[24:32])
    (valid_for,) = struct.unpack(">I", header[92:96])
    if size % page_size:
        raise DatabaseCorrupt(f"{path} is truncated or damaged (size {size} bytes); left unchanged.")
    if valid_for == change_counter and page_count and size < page_count * page_size:
        raise DatabaseCorrupt(
            f"{path} is truncated: {size} of {page_count * page_size} bytes; left unchanged."
        )


def folder_read_only(path: Path) -> bool:
    """Whether the folder holding ``path`` cannot be written (read-only media or permissions):
    SQLite cannot create a WAL's ``-shm`` there, nor a journal, nor we a lock."""
    folder = path.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return True
    except (AttributeError, OSError):
        pass
    return not os.access(folder, os.W_OK)


def read_only_folder_note(path: Path) -> str:
    return (f"The folder of {path} is read-only (a read-only drive, or no permission to write "
            "there), so the database was opened read-only: nothing can be changed.")


class _FileState(NamedTuple):
    has_tables: bool
    revision: str | None
    difference: SchemaDifference | None = None
    immutable: bool = False


def _stored_revision(path: Path, *, may_write: bool = True) -> _FileState:
    """Whether the file has tables, its revision and how its schema differs from ours — read
    without writing to the file when possible, each statement under a time limit.

    After a crash in rollback-journal mode the ``-journal`` file is "hot" and only a connection
    that may write can roll it back (SQLite's own recovery); a read-only look then fails with
    "attempt to write a readonly database", so we look again with a read-write connection. In a
    folder that cannot be written (read-only media) a WAL database cannot be read the usual way
    (SQLite would create its ``-shm``): it is read as immutable, and opened read-only.
    """
    mode = "ro"
    if may_write and path.with_name(path.name + "-journal").exists():
        mode = "rw"
    try:
        return _read_revision(path, mode)
    except sqlite3.DatabaseError as exc:
        text = str(exc).lower()
        if mode == "ro" and may_write and "readonly" in text:
            try:
                return _read_revision(path, "rw")
            except sqlite3.DatabaseError as again:
                exc = again
        if folder_read_only(path) and ("unable to open" in text or "readonly" in text):
            try:
                return _read_revision(path, "ro", immutable=True)._replace(immutable=True)
            except sqlite3.DatabaseError:
                pass
        raise DatabaseCorrupt(f"{path} is damaged or not a database ({exc}); left unchanged.") from exc


def _read_revision(path: Path, mode: str, *, immutable: bool = False) -> _FileState:
    from naij_tracker.db import schema_check

    uri = sqlite_uri(path, mode) + ("&immutable=1" if immutable else "")
    conn = defensive.connect(uri)
    try:
        with defensive.time_limit(conn, str(path)):
            tables = {r[0] for r in
                      conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "alembic_version" not in tables:
                return _FileState(bool(tables), None)
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
            difference = (schema_check.verify(conn, revision) if revision in REVISIONS
                          else None)
            return _FileState(True, revision, difference)
    finally:
        conn.close()


def schema_refusal(path: Path, revision: str, difference: SchemaDifference) -> SchemaMismatch:
    """The one-line refusal of a file whose schema is not ours (see ``schema_check``)."""
    if difference.repairable:
        message = (f"{path} holds what this application did not create: "
                   f"{difference.sentence()}. Open it read-only, or repair it (they are "
                   "removed after a backup); it was left unchanged.")
    else:
        message = (f"{path} does not have the schema this application made at its revision "
                   f"({revision}): {difference.sentence()}. It was left unchanged; restore a "
                   "backup.")
    return SchemaMismatch(message, path, difference)


def _create_file(path: Path) -> None:
    try:
        from naij_tracker.db.filesystem import make_private_folder

        make_private_folder(path.parent)
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    except OSError as exc:
        raise StorageError(f"Cannot create {path}: {exc.strerror or exc}") from exc


def open_database(target: str | os.PathLike[str], *, create: bool = True,
                  read_only: bool = False, journal_mode: str = "wal",
                  allow_unknown: bool = False) -> Database:
    """Open (creating or upgrading as needed) the database at a path or SQLAlchemy URL.

    A file whose schema is not what our migrations create raises ``SchemaMismatch``; with
    ``allow_unknown`` (the officer chose "Open read-only") a read-only open of a file whose
    only differences are unknown triggers and views goes ahead — reading fires no trigger and
    no query of ours reads an unknown view.
    """
    target_s = os.fspath(target)
    if is_url(target_s) and not target_s.startswith("sqlite"):
        return _open_server(target_s)
    if target_s.startswith("sqlite"):
        target_s = target_s.split("///", 1)[1]
    path = Path(target_s).expanduser().absolute()
    backups: list[Path] = []
    warnings: list[str] = []
    immutable = False

    if not path.exists() or path.stat().st_size == 0:
        if not create:
            raise StorageError(f"There is no database at {path}.")
        if read_only:
            raise StorageError(f"There is no database at {path} to open read-only.")
        _create_file(path)
        _upgrade(path)
    else:
        if not cipher.is_encrypted(path) or not cipher.require_key(path):  # asks when locked
            _check_header(path)
        state = _stored_revision(path, may_write=not read_only)
        revision = state.revision
        if state.immutable:
            immutable = read_only = True
            warnings.append(read_only_folder_note(path))
        if revision is None:
            if state.has_tables:
                raise NotOurDatabase(
                    f"{path} is an SQLite file but not a NAIJ Case Tracker database; left unchanged."
                )
            _upgrade(path)
        elif revision not in REVISIONS:
            raise DatabaseTooNew(
                f"{path} was written by a newer version of NAIJ Case Tracker "
                f"(schema {revision}); update the application. The file was left unchanged."
            )
        else:
            if state.difference is not None and not state.difference.ok:
                refusal = schema_refusal(path, revision, state.difference)
                if not (read_only and allow_unknown and state.difference.repairable):
                    raise refusal
                warnings.append(str(refusal).replace(" Open it read-only, or repair it",
                                                     " Opened read-only; it can be repaired"))
            if revision != HEAD:
                if read_only:
                    raise StorageError(f"{path} needs an upgrade and cannot be opened read-only.")
                backups.append(make_backup(path, BEFORE_UPGRADE))
                _upgrade(path)

    return Database(sqlite_url(str(path)), path, read_only=read_only, backups_made=backups,
                    journal_mode=journal_mode, warnings=warnings, immutable=immutable)


def repair_database(path: Path) -> Path:
    """Remove the unknown triggers and views of ``path`` (and rewrite ours that were changed),
    after a verified backup; returns the backup. Refuses a file that needs more than that."""
    from naij_tracker.db import schema_check

    path = Path(path).expanduser().absolute()
    state = _stored_revision(path)
    if state.revision not in REVISIONS or state.difference is None:
        raise StorageError(f"{path} cannot be repaired: it is not a database of this version.")
    if state.difference.ok:
        raise StorageError(f"{path} needs no repair.")
    if not state.difference.repairable:
        raise schema_refusal(path, str(state.revision), state.difference)
    made = make_backup(path, "before-repair")
    conn = defensive.connect(sqlite_uri(path, "rw"))
    try:
        with defensive.time_limit(conn, str(path)):
            schema_check.repair(conn, state.difference)
            left = schema_check.verify(conn, str(state.revision))
    except sqlite3.Error as exc:
        raise StorageError(f"Could not repair {path}: {exc}. The backup is {made}.") from exc
    finally:
        conn.close()
    if not left.ok:
        raise StorageError(f"{path} still differs after the repair ({left.sentence()}); "
                           f"restore a backup. The copy made before is {made}.")
    return made


def _upgrade(path: Path) -> None:
    from naij_tracker.db import migrate  # Alembic only when the schema is behind.

    try:
        migrate.upgrade(sqlite_url(str(path)))
    except (sqlite3.Error, migrate.MigrationError) as exc:
        raise StorageError(f"Could not upgrade {path}: {exc}. It was left as it was.") from exc


def _open_server(url: str) -> Database:
    """A PostgreSQL database, migrated to the head revision (every error a one-line message)."""
    scheme, _, rest = url.partition("://")
    if scheme in ("postgresql", "postgres"):  # the usual spellings, with the driver we ship
        scheme = "postgresql+psycopg"
    if scheme != "postgresql+psycopg":
        raise StorageError(server_not_supported(url))
    url = f"{scheme}://{rest}"
    from naij_tracker.db.server_tls import require_tls_off_this_machine

    url = require_tls_off_this_machine(url)  # TLS unless the server is this machine
    shown = server_name(url)
    try:
        import psycopg  # noqa: F401  (the driver; optional: the [server] extra)
    except ImportError:
        raise StorageError(
            f"{shown}: the PostgreSQL driver is not installed; install it with "
            "pip install 'naij-tracker[server]' (or give the path of a database file).") from None
    from sqlalchemy.exc import SQLAlchemyError

    from naij_tracker.db import migrate
    from naij_tracker.db.engine import make_engine, make_session_factory

    engine = make_engine(url)
    try:
        revision = migrate.current_revision(engine)
        if revision is not None and revision not in REVISIONS:
            raise DatabaseTooNew(f"The database at {shown} was written by a newer version of "
                                 f"NAIJ Case Tracker (schema {revision}); update the application.")
        if revision != HEAD:
            migrate.upgrade(url)
    except migrate.MigrationError as exc:
        engine.dispose()
        raise StorageError(f"Cannot upgrade the database at {shown}: {exc}. It was left as it "
                           "was.") from None
    except SQLAlchemyError as exc:
        engine.dispose()
        detail = str(getattr(exc, "orig", exc) or exc).strip().splitlines()
        raise StorageError(f"Cannot use the database at {shown}: "
                           f"{detail[0] if detail else type(exc).__name__}") from None
    return Database(url, None, engine, make_session_factory(engine))
