"""The full-text index filled after an import's commit (migration ``0007_search_backlog``).

An import writes its new matters' ids into ``search_backlog`` in its own transaction, before
the matters; the search triggers leave matters in the backlog alone, so the commit the officer
waits for does no trigram tokenising. ``catch_up`` then makes their entries a chunk at a time,
each chunk's entries and the removal of its backlog rows in one transaction: a crash midway
leaves exactly the matters still to index, and the next catch-up (the next import, or the
window's start) finishes them. The rule kept throughout: a matter in the backlog has no entry
in the index; every other matter has its current text there. Only SQLite has the index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # `check` reads this module without loading SQLAlchemy
    from naij_tracker.db.opening import Database

#: Matters indexed per transaction: large enough that FTS5 flushes its segments rarely, small
#: enough that a crash loses little work and another writer waits little.
CHUNK = 20_000

#: The entries of the matters waiting in the backlog (``catch_up`` adds a range of ids; the
#: integrity check adds them all in a transaction it rolls back, to compare the whole index).
FILL = ("INSERT INTO matter_fts(rowid, search_text) SELECT id, search_text FROM matter "
        "WHERE id IN (SELECT matter_id FROM search_backlog{where})")


#: FTS5's ``automerge`` option off, and back at its default (4).
AUTOMERGE_OFF = "INSERT INTO matter_fts(matter_fts, rank) VALUES ('automerge', 0)"
AUTOMERGE_ON = "INSERT INTO matter_fts(matter_fts, rank) VALUES ('automerge', 4)"
#: FTS5's ``hashsize`` option (bytes of new entries held in memory before they are written
#: out as a segment) large enough for a chunk, and back at its default (1 MiB).
HASHSIZE_CHUNK = "INSERT INTO matter_fts(matter_fts, rank) VALUES ('hashsize', 67108864)"
HASHSIZE_DEFAULT = "INSERT INTO matter_fts(matter_fts, rank) VALUES ('hashsize', 1048576)"


def defer(conn: Any, ids: Sequence[int]) -> None:
    """Leave the matters ``ids`` (about to be inserted, in this transaction) to ``catch_up``."""
    if conn.dialect.name != "sqlite" or not ids:
        return
    if isinstance(ids, range) and ids.step == 1:
        # recursive CTE: the reserved range without a parameter per id
        conn.exec_driver_sql(
            "INSERT OR IGNORE INTO search_backlog (matter_id) WITH RECURSIVE n(i) AS "
            "(SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ?) SELECT i FROM n",
            (ids.start, ids.stop - 1))
        return
    conn.exec_driver_sql(
        "INSERT OR IGNORE INTO search_backlog (matter_id) SELECT value FROM json_each(?)",
        ("[" + ",".join(map(str, ids)) + "]",))


#: The trigger that makes a new matter's entry (unless the matter is in the backlog).
INSERT_TRIGGER = "matter_fts_ai"


@contextmanager
def backlog_inserts_only(conn: Any, active: bool = True) -> Iterator[None]:
    """Around inserting matters that are all in the backlog (``defer``), in the caller's
    transaction: the insert trigger, which would only look each one up in the backlog and do
    nothing, is dropped and made again from its own stored text before the block ends
    (≈ 20 % of the matter inserts' cost, measured in ``bench/``). An error inside the block
    rolls the transaction back, trigger included. Only SQLite has the index."""
    if not active or conn.dialect.name != "sqlite":
        yield
        return
    found = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                                 "AND name = ?", (INSERT_TRIGGER,)).first()
    if found is None:
        yield
        return
    conn.exec_driver_sql(f"DROP TRIGGER {INSERT_TRIGGER}")
    yield
    conn.exec_driver_sql(found[0])


def pending(db: Database) -> int:
    """How many matters still wait for their full-text entry."""
    if db.path is None:
        return 0
    return int(db.read("SELECT count(*) FROM search_backlog")[0][0])


def catch_up(db: Database, *, progress: Callable[[int, int], None] | None = None,
             cancelled: Callable[[], bool] | None = None) -> int:
    """Make the full-text entries of every matter in the backlog; how many were indexed.

    ``progress(done, total)`` after each chunk; ``cancelled()`` stops between chunks (what is
    left stays in the backlog).
    """
    total = pending(db)
    done = 0
    while total and not (cancelled and cancelled()):
        with db.engine.begin() as conn:
            ids = [i for (i,) in conn.exec_driver_sql(
                "SELECT matter_id FROM search_backlog ORDER BY matter_id LIMIT ?", (CHUNK,))]
            if not ids:
                break
            low, high = ids[0], ids[-1]
            # FTS5 merges its segments as it writes them, and writes its new entries out as a
            # segment every 1 MiB of them; for a chunk of thousands of entries that costs
            # ≈ 30 % more for each (measured for 100,000 grievances: 1.85 → 1.40 s without
            # merging; then 2.4 → 1.65 s on a slower machine with the chunk held whole).
            # Both options are changed while the chunk's entries are made and set back
            # before its commit, in the same transaction (a crash leaves them as they were);
            # later writes merge what is left.
            conn.exec_driver_sql(AUTOMERGE_OFF)
            conn.exec_driver_sql(HASHSIZE_CHUNK)
            conn.exec_driver_sql(FILL.format(where=" WHERE matter_id BETWEEN ? AND ?"),
                                 (low, high))
            conn.exec_driver_sql(HASHSIZE_DEFAULT)
            conn.exec_driver_sql(AUTOMERGE_ON)
            conn.exec_driver_sql("DELETE FROM search_backlog WHERE matter_id BETWEEN ? AND ?",
                                 (low, high))
        done += len(ids)
        if progress:
            progress(min(done, total), total)
    return done
