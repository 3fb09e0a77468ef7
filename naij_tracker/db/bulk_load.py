"""Many rows added to a table in one SQLite transaction, at the cost of the rows themselves.

An import of 100,000 grievances pays twice for things SQLite does per row (measured in
``bench/``, 100,000 rows into the ``matter`` and ``grievance`` tables):

* **CHECK constraints**: evaluated row by row as each is inserted they cost ≈ 0.75 s; one
  ``SELECT`` of the same expressions over the new rows costs ≈ 0.3 s. So while the rows are
  inserted the constraints are switched off for this connection (``PRAGMA
  ignore_check_constraints``) and then evaluated over the ids just written, in the same
  transaction; a row that fails rolls the whole transaction back (``BulkCheckFailed``).
  The expressions are our own (``models``); the file's schema was checked to be ours when it
  was opened (``schema_check``).
* **Secondary indexes**: a random key inserted into an index of 100,000 entries costs more
  than sorting them all once. When the new rows outnumber the stored ones, a table's secondary
  indexes (not the unique ones) are dropped before and made again after the rows (≈ 0.3 s
  less), inside the same transaction, so a crash or an error leaves them as they were.

* **Page cache**: SQLite's default cache (2 MiB) holds a few hundred pages; the pages of
  100,000 new rows (≈ 50 MB) would be spilled to the WAL as they are written and read back
  for the checks and the indexes. While the rows are added the connection's cache is sized
  to them (``BULK_CACHE_KIB_PER_ROW``, at most ``BULK_CACHE_MAX_KIB``) and set back after
  (≈ 0.3 s less for 100,000 rows).

Foreign keys, NOT NULL, UNIQUE and primary keys are enforced as each row is written. Elsewhere
(PostgreSQL, or a handful of rows) nothing changes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy import CheckConstraint, Index, Table, func, select, text
from sqlalchemy.exc import DBAPIError

from naij_tracker.db.check_constraints import failing_condition

#: From this many rows the checks are made once over the new rows; fewer are checked as each
#: is written (the per-statement cost of the extra query is not worth it).
BULK_FROM = 1000
#: Page cache while rows are added in bulk, KiB per row expected (a new grievance takes
#: ≈ 0.5 KiB of table and index pages) and at most.
BULK_CACHE_KIB_PER_ROW = 1
BULK_CACHE_MAX_KIB = 256 * 1024


class BulkCheckFailed(Exception):
    """A row written in bulk breaks a CHECK constraint; the transaction must be rolled back."""

    def __init__(self, table: str, row_id: int) -> None:
        super().__init__(f"CHECK constraint failed in {table} (id {row_id})")
        self.table = table
        self.row_id = row_id


def check_sql(table: Table) -> str | None:
    """A ``SELECT`` of the first id in ``:lo``–``:hi`` breaking one of ``table``'s CHECK
    constraints (NULL passes, as in SQLite), or None when the table has none."""
    expressions = [str(c.sqltext) for c in table.constraints if isinstance(c, CheckConstraint)]
    if not expressions:
        return None
    return (f"SELECT id FROM {table.name} WHERE id BETWEEN :lo AND :hi "  # noqa: S608
            f"AND ({failing_condition(expressions)}) ORDER BY id LIMIT 1")


def first_failing(conn: Any, table: Table, lo: int, hi: int) -> int | None:
    """The first id in ``lo``–``hi`` of a row of ``table`` breaking a CHECK constraint."""
    sql = check_sql(table)
    if sql is None:
        return None
    found = conn.execute(text(sql), {"lo": lo, "hi": hi}).first()
    return None if found is None else int(found[0])


def _stored(conn: Any, table: Table) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)


def _secondary(table: Table) -> list[Index]:
    """The indexes made again after the rows: not the unique ones, which the import's own
    look-ups by grievance number use while it writes."""
    return sorted((i for i in table.indexes if not i.unique), key=lambda i: str(i.name))


class BulkInsert:
    """Rows added in bulk to ``tables`` within the transaction of ``conn``: ``rows(ids)`` around
    each batch of inserts, ``finish()`` once after the last (see ``bulk_insert``)."""

    def __init__(self, conn: Any, tables: Sequence[Table], expected: int) -> None:
        self.conn = conn
        self.tables = tables
        self.active = conn.dialect.name == "sqlite" and expected >= BULK_FROM
        self.rebuilt = [i for t in tables if self.active and expected > _stored(conn, t)
                        for i in _secondary(t)]
        for index in self.rebuilt:
            index.drop(conn)
        self.cache_before: int | None = None
        wanted = min(expected * BULK_CACHE_KIB_PER_ROW, BULK_CACHE_MAX_KIB)
        if self.active:
            before = int(conn.exec_driver_sql("PRAGMA cache_size").scalar())
            kib = -before if before < 0 else before * 4  # a count of pages: of 4 KiB
            if wanted > kib:
                self.cache_before = before
                conn.exec_driver_sql(f"PRAGMA cache_size = -{int(wanted)}")
        self.low: int | None = None
        self.high: int | None = None

    @contextmanager
    def rows(self, ids: Sequence[int]) -> Iterator[None]:
        """Around inserting the rows with ``ids`` (ascending): their checks are left to
        ``finish``. Only inserts of those rows belong here (an update would go unchecked)."""
        if not self.active or not ids:
            yield
            return
        self.low = ids[0] if self.low is None else min(self.low, ids[0])
        self.high = ids[-1] if self.high is None else max(self.high, ids[-1])
        self.conn.exec_driver_sql("PRAGMA ignore_check_constraints=ON")
        try:
            yield
        finally:
            self.conn.exec_driver_sql("PRAGMA ignore_check_constraints=OFF")

    def finish(self) -> None:
        """The new rows' CHECK constraints evaluated, then the dropped indexes made again.
        Raises ``BulkCheckFailed`` (the caller's transaction must then roll back)."""
        if self.low is not None and self.high is not None:
            for table in self.tables:
                bad = first_failing(self.conn, table, self.low, self.high)
                if bad is not None:
                    raise BulkCheckFailed(table.name, bad)
        for index in self.rebuilt:
            index.create(self.conn)
        self.rebuilt = []

    def restore_cache(self) -> None:
        """The connection's page cache as it was (the new pages are written at the commit);
        after an error too, so that a connection kept for reuse does not keep the large one."""
        if self.cache_before is not None:
            before, self.cache_before = self.cache_before, None
            with suppress(DBAPIError):  # after an error: the transaction's error is the one
                self.conn.exec_driver_sql(f"PRAGMA cache_size = {before}")


@contextmanager
def bulk_insert(conn: Any, tables: Sequence[Table], expected: int) -> Iterator[BulkInsert]:
    """Around adding about ``expected`` rows to each of ``tables`` (an upper bound will do), on
    the connection of an open transaction: ``with bulk_insert(...) as load: ... with
    load.rows(ids): insert them``. On leaving the block normally the new rows are checked and the
    indexes made again; raises ``BulkCheckFailed`` when a new row breaks a CHECK constraint
    (nothing is committed: the caller's transaction rolls back)."""
    load = BulkInsert(conn, tables, expected)
    try:
        yield load
        load.finish()
    finally:
        load.restore_cache()
