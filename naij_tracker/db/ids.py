"""Primary keys for rows a bulk insert writes with their ids (so history can name them at once).

On an SQLite file only one session writes at a time (the session lock, and SQLite's own write
lock for the transaction), so the next ids after the largest are free. On a PostgreSQL server
other officers insert concurrently: the ids come from the table's own sequence, which hands
each number out once, so neither side ever collides with the other and the sequence stays
ahead of every stored id.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import text


def reserve_ids(conn: Any, table: str, count: int) -> Sequence[int]:
    """``count`` new, unused ids for ``table`` (ascending), for inserts that give the id."""
    if count <= 0:
        return ()
    if conn.dialect.name == "postgresql":
        rows = conn.execute(
            text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                 "FROM generate_series(1, :count)"), {"table": table, "count": count})
        return sorted(int(r[0]) for r in rows)
    largest = conn.execute(text(f"SELECT max(id) FROM {table}")).scalar() or 0  # noqa: S608
    return range(largest + 1, largest + 1 + count)
