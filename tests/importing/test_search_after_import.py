"""A large import's search entries are made after its commit, and are complete even after a
crash midway through making them (``db.search_backlog``)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from naij_tracker.cli import main
from naij_tracker.db import search_backlog
from naij_tracker.db.opening import Database, open_database
from naij_tracker.importing.commit import DEFER_INDEX_FROM, commit_plan
from naij_tracker.importing.pipeline import build_plan
from naij_tracker.importing.undo import undo_batch
from naij_tracker.services.queries import list_matters, search

ROWS = DEFER_INDEX_FROM + 1500


def write(path: Path, n: int = ROWS, first: int = 0) -> Path:
    lines = ["Grievance #,Judge,Court,Step,Date filed"]
    lines += [f"QX-{i:06d},Ana Petrova,Boston,Step 1,2026-03-05" for i in range(first, first + n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def fts(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def index_agrees(path: Path) -> None:
    """FTS5's own check that the index holds exactly the matters' current text."""
    fts(path, "INSERT INTO matter_fts(matter_fts, rank) VALUES ('integrity-check', 1)")


def found(db: Database, number: str) -> list[str]:
    return [h.reference for h in search(db, number)]


def test_rows_are_committed_first_and_indexed_after(db: Database, tmp_path: Path) -> None:
    assert db.path is not None
    commit_plan(db, build_plan(db, write(tmp_path / "a.csv")), "Officer")
    # Committed and listed, not yet searchable.
    assert len(list_matters(db, "grievance").rows) == ROWS
    assert search_backlog.pending(db) == ROWS
    assert found(db, "QX-000007") == []
    seen: list[tuple[int, int]] = []
    assert search_backlog.catch_up(db, progress=lambda d, t: seen.append((d, t))) == ROWS
    assert seen[-1] == (ROWS, ROWS)
    assert search_backlog.pending(db) == 0
    index_agrees(db.path)
    assert found(db, "QX-000007") == ["QX-000007"]
    assert len(list_matters(db, "grievance", text_filter="QX-00").rows) == ROWS


def test_a_small_import_is_searchable_at_once(db: Database, tmp_path: Path) -> None:
    commit_plan(db, build_plan(db, write(tmp_path / "a.csv", 3)), "Officer")
    assert search_backlog.pending(db) == 0
    assert found(db, "QX-000002") == ["QX-000002"]


def test_undo_and_edits_before_indexing_keep_the_index_right(db: Database,
                                                             tmp_path: Path) -> None:
    assert db.path is not None
    first = commit_plan(db, build_plan(db, write(tmp_path / "a.csv")), "Officer")
    # Re-imported with a new court before indexing: the search text changes while pending.
    changed = write(tmp_path / "b.csv").read_text(encoding="utf-8").replace("Boston", "Reno")
    (tmp_path / "b.csv").write_text(changed, encoding="utf-8")
    commit_plan(db, build_plan(db, tmp_path / "b.csv"), "Officer")
    search_backlog.catch_up(db)
    index_agrees(db.path)
    assert len(list_matters(db, "grievance", text_filter="Reno").rows) == ROWS
    # A second batch undone while still waiting for its entries; its ids are used again.
    second = commit_plan(db, build_plan(db, write(tmp_path / "c.csv", first=ROWS)), "Officer")
    undo_batch(db, second.batch_id, "Officer")
    commit_plan(db, build_plan(db, write(tmp_path / "d.csv", first=2 * ROWS)), "Officer")
    search_backlog.catch_up(db)
    index_agrees(db.path)
    assert found(db, f"QX-{ROWS + 5:06d}") == []
    assert found(db, f"QX-{2 * ROWS + 5:06d}") == [f"QX-{2 * ROWS + 5:06d}"]
    undo_batch(db, first.batch_id + 3, "Officer")
    index_agrees(db.path)


KILLED_MIDWAY = """
import os, signal, sys
from pathlib import Path
from naij_tracker.db import search_backlog
from naij_tracker.db.opening import open_database
search_backlog.CHUNK = 1000
db = open_database(Path(sys.argv[1]))
def progress(done, total):
    if done >= 1000:
        os.kill(os.getpid(), signal.SIGKILL)
search_backlog.catch_up(db, progress=progress)
"""


def test_killed_while_indexing_the_next_import_finishes_the_index(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "db.sqlite3"
    db = open_database(path)
    commit_plan(db, build_plan(db, write(tmp_path / "a.csv")), "Officer")
    db.close()
    killed = subprocess.run([sys.executable, "-c", textwrap.dedent(KILLED_MIDWAY), str(path)],
                            check=False, capture_output=True)
    assert killed.returncode == -9, killed.stderr
    left = fts(path, "SELECT count(*) FROM search_backlog")[0][0]
    assert left == ROWS - 1000
    fts(path, "INSERT INTO matter_fts(matter_fts) VALUES ('integrity-check')")
    # `check` knows the waiting matters have no entry yet: the index is not out of step
    from naij_tracker.db.integrity import check_file

    assert check_file(path) == []
    # The next import (of one more row) makes the rest of the entries, then its own.
    assert main(["--db", str(path), "import", str(write(tmp_path / "b.csv", 1, ROWS))]) == 0
    assert f"Indexing {left:,} grievance(s) for search" in capsys.readouterr().out
    index_agrees(path)
    db = open_database(path)
    try:
        assert search_backlog.pending(db) == 0
        hits = {r[0] for r in fts(path, "SELECT rowid FROM matter_fts WHERE matter_fts "
                                        "MATCH '\"QX-0\"'")}
        assert len(hits) == ROWS + 1
    finally:
        db.close()


KILLED_IN_A_CHUNK = """
import os, signal, sys
from pathlib import Path
from sqlalchemy import event
from naij_tracker.db import search_backlog
from naij_tracker.db.opening import open_database
search_backlog.CHUNK = 1000
db = open_database(Path(sys.argv[1]))
seen = []
@event.listens_for(db.engine, "before_cursor_execute")
def before(conn, cursor, statement, *args):
    if statement == search_backlog.HASHSIZE_DEFAULT:
        seen.append(statement)
        if len(seen) == 2:  # the second chunk's entries made, both options still changed
            os.kill(os.getpid(), signal.SIGKILL)
search_backlog.catch_up(db)
"""


def automerge(path: Path) -> list[tuple]:
    return fts(path, "SELECT v FROM matter_fts_config WHERE k IN ('automerge', 'hashsize') "
                     "ORDER BY k")


def test_killed_inside_a_chunk_the_index_is_set_as_before_and_is_finished_later(
        tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    db = open_database(path)
    commit_plan(db, build_plan(db, write(tmp_path / "a.csv")), "Officer")
    db.close()
    killed = subprocess.run([sys.executable, "-c", textwrap.dedent(KILLED_IN_A_CHUNK),
                             str(path)], check=False, capture_output=True)
    assert killed.returncode == -9, killed.stderr
    assert fts(path, "SELECT count(*) FROM search_backlog") == [(ROWS - 1000,)]
    # The first chunk's settings (FTS5's defaults); the second's changes rolled back.
    assert automerge(path) == [(4,), (1048576,)]
    db = open_database(path)
    try:
        search_backlog.catch_up(db)
    finally:
        db.close()
    index_agrees(path)
    assert automerge(path) == [(4,), (1048576,)]
    assert len(fts(path, "SELECT rowid FROM matter_fts WHERE matter_fts MATCH '\"QX-0\"'")) \
        == ROWS


def test_the_command_line_import_leaves_every_row_searchable(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "db.sqlite3"
    assert main(["--db", str(path), "import", str(write(tmp_path / "a.csv"))]) == 0
    out = capsys.readouterr().out
    assert out.index("Committed as import batch 1") < out.index(
        f"Indexing {ROWS:,} grievance(s) for search")
    index_agrees(path)
    assert fts(path, "SELECT count(*) FROM search_backlog") == [(0,)]
    assert fts(path, "SELECT rowid FROM matter_fts WHERE matter_fts MATCH '\"QX-002000\"'") \
        == [(2001,)]


def test_a_large_import_puts_the_insert_trigger_back_as_it_was(db: Database,
                                                              tmp_path: Path) -> None:
    """The matters of a large import all wait in the backlog, so the trigger that would index
    each one is left out while they are written (``backlog_inserts_only``) and made again
    from its own text: a matter added afterwards is searchable at once."""
    assert db.path is not None
    trigger = ("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
               f"AND name = '{search_backlog.INSERT_TRIGGER}'")
    before = fts(db.path, trigger)
    assert before and before[0][0].startswith("CREATE TRIGGER")
    commit_plan(db, build_plan(db, write(tmp_path / "a.csv")), "Officer")
    assert fts(db.path, trigger) == before
    search_backlog.catch_up(db)
    commit_plan(db, build_plan(db, write(tmp_path / "b.csv", 2, first=ROWS)), "Officer")
    assert search_backlog.pending(db) == 0
    assert found(db, f"QX-{ROWS + 1:06d}") == [f"QX-{ROWS + 1:06d}"]
    index_agrees(db.path)


def test_each_chunk_is_indexed_with_merging_off_and_held_whole_in_memory(
        db: Database, tmp_path: Path) -> None:
    from sqlalchemy import event

    commit_plan(db, build_plan(db, write(tmp_path / "a.csv")), "Officer")
    seen: list[list[tuple]] = []

    def before(conn: object, cursor: sqlite3.Cursor, statement: str, *args: object) -> None:
        if statement.startswith("INSERT INTO matter_fts(rowid"):
            seen.append(cursor.connection.execute(
                "SELECT k, v FROM matter_fts_config WHERE k IN ('automerge', 'hashsize') "
                "ORDER BY k").fetchall())

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        search_backlog.catch_up(db)
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    assert seen == [[("automerge", 0), ("hashsize", 64 * 1024 * 1024)]] * len(seen)
    assert seen
    assert db.path is not None
    assert automerge(db.path) == [(4,), (1048576,)]
    index_agrees(db.path)
