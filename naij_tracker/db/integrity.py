"""Checking a database: SQLite's own checks, then the application's invariants.

``PRAGMA integrity_check`` finds damaged pages and indexes, ``PRAGMA foreign_key_check`` rows
pointing nowhere (possible if a file was edited with foreign keys off). Neither knows what a
*matter* is, so the app's own rules are checked as well:

* every deadline, timeline entry, attachment and link belongs to an existing matter;
* every matter has exactly the row of its kind (``matter.kind`` = the table that holds it), and
  no kind row lacks its matter;
* no grievance number is used twice. Numbers are compared **ignoring case, surrounding spaces
  and Unicode width** (NFKC + casefold): stewards write "g-2024-017" in one spreadsheet and
  "G-2024-017" in the next for the same grievance, and the importer matches them that way, so
  two grievances differing only in case are a duplicate to be merged, even though the schema's
  case-sensitive UNIQUE constraint allows them. FLRA case numbers, which are canonical
  upper-case, are checked the same way;
* every attachment's bytes match its recorded SHA-256 and size, and its name is a plain file
  name (not a path such as ``../../.bashrc``, no control characters, no reserved name);
* every history entry's ``changes`` is a JSON object;
* the full-text index agrees with the matters it indexes (FTS5 ``integrity-check`` against its
  external content table).

Each problem is one readable sentence; an empty list means the database is sound. Checks run on
their own connection and never change the file (the FTS check runs in a transaction that is
rolled back).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from naij_tracker.db import cipher
from naij_tracker.db.backup import sqlite_uri
from naij_tracker.db.check_constraints import failed_checks
from naij_tracker.db.defensive import TooSlow, check_page_count, connect, time_limit
from naij_tracker.db.errors import StorageError
from naij_tracker.db.opening import BUSY_TIMEOUT_MS
from naij_tracker.domain.file_names import is_safe_file_name, printable, safe_file_name
from naij_tracker.domain.kinds import MatterKind

Query = Callable[[str], Sequence[Sequence[Any]]]

#: At most this many sentences per kind of problem (then "… and N more").
MAX_PER_CHECK = 20
#: At most this many of SQLite's own messages are read.
MAX_SQLITE = 100

KIND_TABLES: dict[MatterKind, str] = {
    MatterKind.BARGAINING: "bargaining_obligation",
    MatterKind.FLRA: "flra_case",
    MatterKind.GRIEVANCE: "grievance",
    MatterKind.METRIC_DISPUTE: "metric_dispute",
}
CHILD_TABLES = (("deadline", "Deadline"), ("timeline_entry", "Timeline entry"),
                ("attachment", "Attachment"))
SQLITE_MAGIC = b"SQLite format 3\x00"


def _limited(messages: list[str]) -> list[str]:
    if len(messages) <= MAX_PER_CHECK:
        return messages
    return [*messages[:MAX_PER_CHECK], f"… and {len(messages) - MAX_PER_CHECK} more like these."]


def fold_number(number: str) -> str:
    """How grievance numbers are compared for uniqueness (see the module docstring)."""
    return unicodedata.normalize("NFKC", number).casefold().strip()


# -- the application's invariants (portable SQL: SQLite and PostgreSQL) ------------------------

#: The tables whose rows ``PRAGMA foreign_key_check`` found pointing to a missing matter, or
#: None where it did not run (PostgreSQL, or the check failed): then every table is queried.
Flagged = frozenset[str] | None


def _orphans(q: Query, flagged: Flagged = None) -> list[str]:
    """Rows whose matter is missing. On SQLite ``foreign_key_check`` has already looked at every
    row: only the tables it named are queried again, for the sentences."""
    out: list[str] = []
    for table, label in CHILD_TABLES:
        if flagged is not None and table not in flagged:
            continue
        for row_id, matter_id in q(
                f"SELECT t.id, t.matter_id FROM {table} t LEFT JOIN matter m "
                f"ON m.id = t.matter_id WHERE m.id IS NULL ORDER BY t.id"):
            out.append(f"{label} {row_id} belongs to matter {matter_id}, which does not exist.")
    if flagged is not None and "matter_link" not in flagged:
        return _limited(out)
    for row_id, a, b in q(
            "SELECT l.id, l.from_matter_id, l.to_matter_id FROM matter_link l "
            "LEFT JOIN matter f ON f.id = l.from_matter_id LEFT JOIN matter t "
            "ON t.id = l.to_matter_id WHERE f.id IS NULL OR t.id IS NULL ORDER BY l.id"):
        out.append(f"Link {row_id} joins matters {a} and {b}, and one of them does not exist.")
    return _limited(out)


def _kind_rows(q: Query, flagged: Flagged = None) -> list[str]:
    out: list[str] = []
    known = ", ".join(f"'{k.value}'" for k in MatterKind)
    for matter_id, kind in q(f"SELECT id, kind FROM matter WHERE kind NOT IN ({known}) "
                             "ORDER BY id"):
        out.append(f"Matter {matter_id} has an unknown kind {kind!r}.")
    for kind, table in KIND_TABLES.items():
        label = kind.noun
        if flagged is None or table in flagged:  # a kind row's id is its matter's (a key)
            for (row_id,) in q(f"SELECT k.id FROM {table} k LEFT JOIN matter m ON m.id = k.id "
                               "WHERE m.id IS NULL ORDER BY k.id"):
                out.append(f"The {label} details of {row_id} have no matter row.")
        for row_id, actual in q(f"SELECT k.id, m.kind FROM {table} k JOIN matter m "
                                f"ON m.id = k.id WHERE m.kind <> '{kind.value}' ORDER BY k.id"):
            out.append(f"Matter {row_id} is recorded as {actual!r} but has {label} details.")
        for (row_id,) in q(f"SELECT m.id FROM matter m LEFT JOIN {table} k ON k.id = m.id "
                           f"WHERE m.kind = '{kind.value}' AND k.id IS NULL ORDER BY m.id"):
            out.append(f"Matter {row_id} is a {label} but its {label} details are missing.")
    return _limited(out)


def _duplicate_numbers(q: Query) -> list[str]:
    out: list[str] = []
    for table, column, label in (("grievance", "grievance_number", "Grievance number"),
                                 ("flra_case", "case_number", "FLRA case number")):
        groups: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for row_id, number in q(f"SELECT id, {column} FROM {table} "
                                f"WHERE {column} IS NOT NULL ORDER BY id"):
            groups[fold_number(str(number))].append((row_id, str(number)))
        for uses in groups.values():
            if len(uses) > 1:
                listed = ", ".join(f"matter {i} ({n!r})" for i, n in uses)
                out.append(f"{label} {uses[0][1]!r} is used more than once "
                           f"(compared ignoring case): {listed}.")
    return _limited(out)


def _attachment_names(q: Query) -> list[str]:
    """Names that are paths, or hide control characters or reserved names (see
    ``domain.file_names``): the application uses them only as the safe base name shown."""
    out: list[str] = []
    for att_id, matter_id, name in q("SELECT id, matter_id, file_name FROM attachment "
                                     "ORDER BY id"):
        if not is_safe_file_name(name):
            out.append(f"Attachment {att_id} on matter {matter_id} has a name that is not a "
                       f"plain file name ({printable(repr(name))}); it is used only as "
                       f"{safe_file_name(name)!r}.")
    return _limited(out)


def _attachments(q: Query) -> list[str]:
    out: list[str] = []
    ids = [r[0] for r in q("SELECT id FROM attachment ORDER BY id")]
    for att_id in ids:  # one at a time: attachments can be 25 MB each
        rows = q(f"SELECT matter_id, file_name, sha256, size, content FROM attachment "
                 f"WHERE id = {int(att_id)}")
        if not rows:
            continue
        matter_id, name, digest, size, content = rows[0]
        data = bytes(content or b"")
        if len(data) != size:
            out.append(f"Attachment {att_id} ({name!r} on matter {matter_id}) is {len(data):,} "
                       f"bytes but was recorded as {size:,}.")
        elif hashlib.sha256(data).hexdigest() != str(digest).lower():
            out.append(f"Attachment {att_id} ({name!r} on matter {matter_id}) has changed since "
                       "it was added: its SHA-256 no longer matches.")
    return _limited(out)


#: History rows SQLite's JSON functions cannot vouch for as a JSON object (the others need no
#: parsing in Python: 500,000 rows take 0.2 s of CPU instead of 0.8 s). ``CASE`` keeps
#: ``json_type`` from seeing malformed text.
_HISTORY_SUSPECTS = (
    "SELECT id, changes FROM history_entry WHERE NOT CASE WHEN typeof(changes) <> 'text' "
    "THEN 0 WHEN json_valid(changes) THEN json_type(changes) = 'object' ELSE 0 END ORDER BY id")


def _history(q: Query, screen: bool = False) -> list[str]:
    """Every history entry's ``changes`` parsed in Python; with ``screen`` (SQLite) only those
    its JSON functions do not accept as an object (the same sentences: Python decides)."""
    out: list[str] = []
    rows: Sequence[Sequence[Any]] | None = None
    if screen:
        try:
            rows = q(_HISTORY_SUSPECTS)
        except sqlite3.OperationalError:  # an SQLite built without JSON: parse them all
            rows = None
    if rows is None:
        rows = q("SELECT id, changes FROM history_entry ORDER BY id")
    for row_id, changes in rows:
        try:
            parsed = json.loads(changes)
        except (TypeError, ValueError):
            out.append(f"History entry {row_id} has unreadable changes (not JSON).")
            continue
        if not isinstance(parsed, dict):
            out.append(f"History entry {row_id} has changes that are not a field list.")
    return _limited(out)


def app_invariants(q: Query, errors: tuple[type[BaseException], ...], *,
                   flagged: Flagged = None, sqlite: bool = False) -> list[str]:
    """The application's own checks; ``flagged`` and ``sqlite`` as for ``_orphans`` and
    ``_history``."""
    checks: tuple[tuple[str, Callable[[], list[str]]], ...] = (
        ("records without their matter", lambda: _orphans(q, flagged)),
        ("matter kinds", lambda: _kind_rows(q, flagged)),
        ("duplicate numbers", lambda: _duplicate_numbers(q)),
        ("attachments", lambda: _attachments(q)),
        ("attachment names", lambda: _attachment_names(q)),
        ("history", lambda: _history(q, screen=sqlite)),
    )
    problems: list[str] = []
    for name, check in checks:
        try:
            problems.extend(check())
        except errors as exc:
            problems.append(f"Could not check {name}: {exc}.")
    return problems


# -- SQLite files ------------------------------------------------------------------------------

def _integrity(conn: sqlite3.Connection, *, without_checks: bool = False) -> list[str]:
    """SQLite's own check: every page, b-tree and index, NOT NULL and (on a read-write
    connection, unless ``without_checks``) the tables' CHECK constraints. Raises
    ``sqlite3.DatabaseError`` on a file it cannot read."""
    if without_checks:
        conn.execute("PRAGMA ignore_check_constraints=ON")
    return [str(r[0]) for r in conn.execute(f"PRAGMA integrity_check({MAX_SQLITE})")]


def _merged(first: list[str], *others: list[str]) -> list[str]:
    """SQLite's messages from checks that overlap: all of ``first``'s, then those of the others
    that ``first`` did not report (as often as they repeat beyond it); "ok" if none."""
    out = [m for m in first if m != "ok"]
    seen = Counter(out)
    for part in others:
        extra = Counter(m for m in part if m != "ok")
        for message in [m for m in part if m != "ok"]:
            if extra[message] > seen[message]:
                out.append(message)
                seen[message] += 1
    return out[:MAX_SQLITE] or ["ok"]


def _integrity_problems(messages: list[str]) -> list[str]:
    if messages == ["ok"]:
        return []
    return ["SQLite's integrity check found damage (restore a backup): "
            + "; ".join(messages[:10])
            + (f"; … and {len(messages) - 10} more." if len(messages) > 10 else ".")]


def _damaged(exc: sqlite3.DatabaseError) -> str:
    return f"The file is damaged: SQLite cannot read it ({exc}). Restore a backup."


class _Beside:
    """``work`` on a connection of its own, on another thread, while the calling thread runs
    the other checks: ``sqlite3`` lets go of the interpreter while SQLite works, so they
    overlap (see ``check_connection``).

    Each connection reads the file as it is; ``check`` is meant for a file at rest, and a change
    committed meanwhile would be seen by one check and not another, never half-read.
    """

    def __init__(self, opener: Callable[[], sqlite3.Connection],
                 work: Callable[[sqlite3.Connection], list[str]]) -> None:
        self._opener = opener
        self._work = work
        self._conn: sqlite3.Connection | None = None
        self._opened = threading.Event()
        self._messages: list[str] | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="integrity-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._conn = self._opener()
        except BaseException as exc:  # handed to the calling thread
            self._error = exc
            return
        finally:
            self._opened.set()
        try:
            self._messages = self._work(self._conn)
        except BaseException as exc:  # handed to the calling thread
            self._error = exc
        finally:
            self._conn.close()

    def result(self) -> list[str]:
        """The messages of ``work`` (raising what it raised)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._messages is not None
        return self._messages

    def cancel(self) -> None:
        """Interrupt the work (the calling thread failed) and wait for its thread."""
        self._opened.wait()
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.interrupt()
        self._thread.join()


def _foreign_keys(conn: sqlite3.Connection) -> tuple[list[str], Flagged]:
    """(sentences, the tables with a row whose matter is missing — None if the check failed)."""
    try:
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return [f"Could not check foreign keys: {exc}."], None
    problems = _limited([f"Row {rowid} of {table} refers to a missing row of {parent}."
                         for table, rowid, parent, _fk in fk])
    return problems, frozenset(str(table) for table, _rowid, parent, _fk in fk
                               if parent == "matter")


def _fts_check(conn: sqlite3.Connection, *, read_only: bool) -> list[str]:
    if read_only:
        return []  # the FTS check is an INSERT command; a read-only connection cannot run it
    try:
        conn.execute("BEGIN")
        try:
            if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_backlog'"
                            ).fetchone():
                # matters an import left to index after its commit have no entry yet: add
                # theirs in this transaction (rolled back) and compare the whole index
                from naij_tracker.db.search_backlog import FILL

                conn.execute(FILL.format(where=""))
            try:
                # rank = 1: also compare the index with its external content table (matter).
                conn.execute("INSERT INTO matter_fts(matter_fts, rank) "
                             "VALUES ('integrity-check', 1)")
            except sqlite3.OperationalError as exc:
                if "malformed" in str(exc) or "corrupt" in str(exc):
                    raise
                conn.execute("INSERT INTO matter_fts(matter_fts) VALUES ('integrity-check')")
        finally:
            conn.execute("ROLLBACK")
    except sqlite3.DatabaseError as exc:
        text = str(exc).lower()
        if "readonly" in text or "read-only" in text:
            return []
        return ["The search index is out of step with the matters (search may miss or show "
                f"wrong results): {exc}. It can be rebuilt from the matters."]
    return []


def _schema_problems(conn: sqlite3.Connection, revision: str) -> tuple[list[str], bool]:
    """(sentences naming each difference from our schema, whether our own checks can run)."""
    from naij_tracker.db import schema_check

    diff = schema_check.verify(conn, revision)
    out = [f"The schema has {item} (not made by this application)." if item.startswith("extra")
           else f"The schema is not what this application made: {item}."
           for item in diff.items]
    if diff.repairable:
        out.append("Opening the file in the application offers to remove them after a backup.")
    # Our checks read our tables; with one missing, or a view in its place, they cannot run.
    return out, not diff.gaps


def check_connection(conn: sqlite3.Connection, *, read_only: bool = False,
                     opener: Callable[[], sqlite3.Connection] | None = None) -> list[str]:
    """Every problem found through an open SQLite connection.

    With ``opener`` (a second connection to the same file) the work is shared out. On the large
    bench database ``integrity_check`` alone takes ≈ 3.5 s of CPU, and ≈ 2 s more when it also
    evaluates the CHECK constraints row by row (as it does on a read-write connection); the
    foreign keys, the search index and the application's checks take ≈ 2.5 s. So the second
    connection runs ``integrity_check`` without the CHECK constraints, on another thread, and
    this one evaluates them in SQL (``db.check_constraints``, ≈ 0.5 s), then runs the rest: the
    same findings, in the time of the longest part when two cores are free.
    """
    from naij_tracker.db.schema_version import REVISIONS

    try:
        with time_limit(conn, "The file"):
            tables = {r[0] for r in
                      conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        return [f"The file is damaged or not a database: {exc}. Restore a backup."]
    if "alembic_version" not in tables:
        return ["The file is an SQLite database but not a NAIJ Case Tracker database."]
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        row = None
    if row is None or row[0] not in REVISIONS:
        return [f"The schema revision {row[0] if row else None!r} is not one this "
                "version knows."]
    with time_limit(conn, "The file's schema"):
        schema, usable = _schema_problems(conn, row[0])
    split = opener is not None and not read_only  # read-only: SQLite evaluates no CHECK
    beside = (_Beside(opener, lambda c: _integrity(c, without_checks=split))
              if opener is not None else None)
    damage: sqlite3.DatabaseError | None = None
    try:
        checks: list[str] = []
        if split:
            try:
                checks = failed_checks(conn, MAX_SQLITE)
            except sqlite3.DatabaseError as exc:
                damage = exc
        fk, flagged = _foreign_keys(conn)
        fts = _fts_check(conn, read_only=read_only) if "matter_fts" in tables else []
        app: list[str] = []
        if usable:
            def q(sql: str) -> list[tuple[Any, ...]]:
                return conn.execute(sql).fetchall()

            app = app_invariants(q, (sqlite3.DatabaseError,), flagged=flagged, sqlite=True)
    except BaseException:
        if beside is not None:
            beside.cancel()
        raise
    try:
        messages = _merged(beside.result(), checks) if beside else _integrity(conn)
        if damage is not None:
            raise damage
        sqlite = _integrity_problems(messages) + fk + fts
    except sqlite3.DatabaseError as exc:
        sqlite = [_damaged(exc)]
    if not usable:
        return [*schema, *sqlite, "The application's own checks were not run: the tables they "
                "read are not as this application made them. Restore a backup."]
    return schema + sqlite + app


def check_file(path: Path | str, *, read_only: bool = False) -> list[str]:
    """Check the database file at ``path``; an empty list means no problem was found.

    The file is opened read-write unless ``read_only`` (a read-write open lets SQLite recover a
    journal left by a crash, as any normal open would); nothing is written. The connection is
    defensive (``db.defensive``): a schema from elsewhere is not trusted, and a statement that
    runs too long is given up.
    """
    path = Path(path)
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except FileNotFoundError:
        return [f"There is no database at {path}."]
    except OSError as exc:
        return [f"{path} cannot be read: {exc.strerror or exc}."]
    if not header.startswith(SQLITE_MAGIC) and not cipher.is_unlocked(path):
        return [f"{path} is not an SQLite database."]
    if len(header) < 100:
        return [f"{path} is truncated (shorter than an SQLite header)."]
    try:
        check_page_count(path)
    except StorageError as exc:
        return [str(exc)]
    uri = sqlite_uri(path, "ro" if read_only else "rw")
    try:
        conn = connect(uri, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        return [f"{path} cannot be opened: {exc}."]
    try:
        return check_connection(conn, read_only=read_only,
                                opener=lambda: connect(uri, timeout=BUSY_TIMEOUT_MS / 1000))
    except TooSlow as exc:
        return [str(exc)]
    except sqlite3.DatabaseError as exc:
        return [f"The file is damaged: {exc}. Restore a backup."]
    finally:
        conn.close()


def check_engine(engine: Any) -> list[str]:
    """The application's invariants on a server database (PostgreSQL checks its own pages)."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    with engine.connect() as conn:
        def q(sql: str) -> list[tuple[Any, ...]]:
            return [tuple(r) for r in conn.execute(text(sql))]

        return app_invariants(q, (DBAPIError,))
