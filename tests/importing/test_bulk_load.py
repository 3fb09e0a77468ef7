"""A large import writes its rows with CHECK constraints evaluated once over them and, into an
emptier table, its indexes made after them (``db.bulk_load``): the database ends the same as if
every row had been checked and indexed as it was written, and a row that breaks a rule rolls
the whole import back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.schema import CreateTable

from naij_tracker.db import schema_check
from naij_tracker.db.bulk_load import BULK_FROM, check_sql
from naij_tracker.db.check_constraints import check_expressions
from naij_tracker.db.models import Grievance, Matter
from naij_tracker.db.opening import Database
from naij_tracker.db.schema_version import HEAD
from naij_tracker.db.tables import table_of
from naij_tracker.importing.commit import ImportRejected, commit_plan
from naij_tracker.importing.pipeline import build_plan

ROWS = BULK_FROM + 200


def write(path: Path, n: int, first: int = 0) -> Path:
    lines = ["Grievance #,Judge,Court,Step,Status,Date filed"]
    lines += [f"BL-{i:06d},Ana Petrova,Boston,Step 1,Open,2026-03-05"
              for i in range(first, first + n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def raw(db: Database) -> sqlite3.Connection:
    assert db.path is not None
    return sqlite3.connect(db.path, isolation_level=None)


def indexes(conn: sqlite3.Connection) -> set[str]:
    return {n for (n,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' "
        "AND tbl_name IN ('matter', 'grievance') AND sql IS NOT NULL")}


def test_a_large_import_leaves_the_schema_and_its_indexes_as_the_migrations_made_them(
        db: Database, tmp_path: Path) -> None:
    conn = raw(db)
    before = indexes(conn)
    assert {"ix_grievance_filed", "uq_grievance_number_nocase", "ix_matter_kind_status"} <= before
    commit_plan(db, build_plan(db, write(tmp_path / "a.csv", ROWS)), "Officer")
    assert indexes(conn) == before
    assert schema_check.verify(conn, HEAD).ok
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    # The indexes hold every row: the planner uses them, and the case-blind one still refuses.
    assert conn.execute("SELECT count(*) FROM grievance INDEXED BY ix_grievance_filed "
                        "WHERE filed_on = '2026-03-05'").fetchone() == (ROWS,)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO matter (id, kind, title, status, priority, created_at, "
                     "updated_at, version) VALUES (999999, 'grievance', 't', 'open', 'normal', "
                     "'2026-01-01', '2026-01-01', 1)")
        conn.execute("INSERT INTO grievance (id, grievance_number, step) "
                     "VALUES (999999, 'bl-000007', 'step1')")
    conn.close()


def test_checks_are_back_on_after_a_large_import(db: Database, tmp_path: Path) -> None:
    commit_plan(db, build_plan(db, write(tmp_path / "a.csv", ROWS)), "Officer")
    with pytest.raises(Exception, match="CHECK constraint failed"), db.engine.begin() as conn:
        conn.execute(text("UPDATE matter SET priority = 'bogus' WHERE id = 1"))


def test_a_row_breaking_a_rule_rolls_the_whole_import_back(db: Database,
                                                            tmp_path: Path) -> None:
    """The plan validates every value, so only a rule it missed can get here; the database
    still refuses it, and nothing of the import stays."""
    plan = build_plan(db, write(tmp_path / "a.csv", ROWS))
    bad = plan.rows[700]
    bad.values["priority"] = "bogus"  # no spreadsheet value parses to this
    with pytest.raises(ImportRejected, match=rf"a\.csv: row {bad.row} breaks a rule of the "
                                             r"database \(CHECK constraint failed in matter"):
        commit_plan(db, plan, "Officer")
    conn = raw(db)
    assert conn.execute("SELECT count(*) FROM matter").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM import_batch").fetchone() == (0,)
    assert schema_check.verify(conn, HEAD).ok  # the dropped indexes came back with the rollback
    conn.close()
    with pytest.raises(Exception, match="CHECK constraint failed"), db.engine.begin() as c:
        c.execute(text("INSERT INTO matter (id, kind, title, status, priority, created_at, "
                       "updated_at, version) VALUES (5, 'grievance', 't', 'open', 'bogus', "
                       "'2026-01-01', '2026-01-01', 1)"))
    # The same file without the broken row imports whole.
    commit_plan(db, build_plan(db, tmp_path / "a.csv"), "Officer")
    assert raw(db).execute("SELECT count(*) FROM grievance").fetchone() == (ROWS,)


def test_an_import_into_a_fuller_table_keeps_its_indexes_and_ends_the_same(
        db: Database, tmp_path: Path) -> None:
    commit_plan(db, build_plan(db, write(tmp_path / "a.csv", ROWS + 500)), "Officer")
    commit_plan(db, build_plan(db, write(tmp_path / "b.csv", ROWS, first=10**5)), "Officer")
    conn = raw(db)
    assert conn.execute("SELECT count(*) FROM grievance").fetchone() == (2 * ROWS + 500,)
    assert schema_check.verify(conn, HEAD).ok
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()


@pytest.mark.parametrize("model", [Matter, Grievance])
def test_the_bulk_check_evaluates_every_check_constraint_of_the_table(model: type) -> None:
    """The expressions evaluated after the rows are the ones SQLite evaluates on insert."""
    sql = check_sql(table_of(model))
    assert sql is not None
    create = str(CreateTable(table_of(model)).compile(dialect=sqlite_dialect.dialect()))
    expressions = check_expressions(create)
    assert expressions
    for expression in expressions:
        assert f"NOT coalesce(({expression}), 1)" in sql
    assert sql.count("NOT coalesce((") == len(expressions)


def test_a_large_import_cancelled_midway_leaves_the_database_as_it_was(
        db: Database, tmp_path: Path) -> None:
    from naij_tracker.importing.commit import CHUNK, ImportCancelled

    plan = build_plan(db, write(tmp_path / "a.csv", CHUNK + 500))
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 1  # after the first chunk of rows was written

    with pytest.raises(ImportCancelled):
        commit_plan(db, plan, "Officer", cancelled=cancelled)
    conn = raw(db)
    assert conn.execute("SELECT count(*) FROM matter").fetchone() == (0,)
    assert schema_check.verify(conn, HEAD).ok  # the dropped indexes are back
    conn.close()
    with pytest.raises(Exception, match="CHECK constraint failed"), db.engine.begin() as c:
        c.execute(text("INSERT INTO matter (id, kind, title, status, priority, created_at, "
                       "updated_at, version) VALUES (5, 'grievance', 't', 'open', 'bogus', "
                       "'2026-01-01', '2026-01-01', 1)"))


def test_the_page_cache_is_sized_to_the_rows_and_set_back_after(db: Database) -> None:
    """The new rows' pages stay in the connection's cache until the commit (rather than being
    spilled to the WAL and read back for the checks and the indexes); the connection's own
    cache comes back after the rows, and after an error too."""
    from naij_tracker.db.bulk_load import BULK_CACHE_KIB_PER_ROW, bulk_insert

    tables = (table_of(Matter), table_of(Grievance))
    with db.engine.begin() as conn:
        def cache() -> int:
            return int(conn.exec_driver_sql("PRAGMA cache_size").scalar())

        before = cache()
        assert before == -2000  # SQLite's default: 2,000 KiB
        with bulk_insert(conn, tables, 50_000):
            assert cache() == -50_000 * BULK_CACHE_KIB_PER_ROW
        assert cache() == before
        with pytest.raises(RuntimeError), bulk_insert(conn, tables, 50_000):
            raise RuntimeError("cancelled midway")
        assert cache() == before
        with bulk_insert(conn, tables, 100):  # a handful of rows: nothing changes
            assert cache() == before
