"""Migrations agree with the models, run in one transaction, and keep data across round trips."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from naij_tracker.db import migrate
from naij_tracker.db.engine import make_engine, sqlite_url
from naij_tracker.db.models import Base
from naij_tracker.db.schema_version import HEAD, REVISIONS


def _fill_first_revision(path: Path) -> None:
    """Rows written the way version 0001 of the app would have written them."""
    conn = sqlite3.connect(path)
    now = datetime(2024, 1, 2, 3, 4, 5).isoformat(" ")
    conn.executescript(f"""
        INSERT INTO member (id, name, court, membership_status, created_at)
            VALUES (1, 'Ana Petrova', 'Boston', 'member', '{now}');
        INSERT INTO matter (id, kind, title, status, priority, created_at, updated_at, version)
            VALUES (1, 'grievance', 'Leave denied', 'open', 'normal', '{now}', '{now}', 1);
        INSERT INTO grievance (id, grievance_number, member_id, step, filed_on)
            VALUES (1, 'G-0042', 1, 'step1', '2024-01-02');
        INSERT INTO deadline (matter_id, title, due_on, created_at)
            VALUES (1, 'Answer due', '2024-01-17', '{now}');
        INSERT INTO timeline_entry (matter_id, occurred_on, entry_kind, text, created_at)
            VALUES (1, '2024-01-02', 'filing', 'Filed at step 1', '{now}');
    """)
    conn.commit()
    conn.close()


def _counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("member", "matter", "grievance", "deadline", "timeline_entry")}
    finally:
        conn.close()


def test_schema_version_constants_match_the_scripts() -> None:
    assert migrate.script_head() == HEAD
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert [r.revision for r in reversed(list(script.walk_revisions()))] == list(REVISIONS)


# The case-blind unique index on grievance numbers is an expression index, which SQLite's
# reflection cannot compare; tests/db/test_schema_check.py checks it from the migrations.
@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_models_and_migrations_agree(tmp_path: Path) -> None:
    path = tmp_path / "head.sqlite3"
    migrate.upgrade(sqlite_url(str(path)))
    engine = make_engine(sqlite_url(str(path)))
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={
            "compare_type": True,
            "include_object": lambda o, n, t, r, c: not (t == "table" and n.startswith("matter_fts")),
        })
        assert compare_metadata(ctx, Base.metadata) == []
    engine.dispose()


def test_upgrade_downgrade_upgrade_keeps_rows(tmp_path: Path) -> None:
    path = tmp_path / "roundtrip.sqlite3"
    url = sqlite_url(str(path))
    migrate.upgrade(url, REVISIONS[0])
    _fill_first_revision(path)
    before = _counts(path)
    migrate.upgrade(url)
    assert _counts(path) == before
    # The backfill put the grievance into the search index.
    conn = sqlite3.connect(path)
    hits = conn.execute("SELECT rowid FROM matter_fts WHERE matter_fts MATCH '\"0042\"'").fetchall()
    assert hits == [(1,)]
    conn.close()
    migrate.downgrade(url, REVISIONS[0])
    assert _counts(path) == before
    migrate.upgrade(url)
    assert _counts(path) == before


def test_a_failing_migration_leaves_the_schema_untouched(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "fail.sqlite3"
    url = sqlite_url(str(path))
    migrate.upgrade(url, REVISIONS[0])
    _fill_first_revision(path)

    from alembic.operations import Operations

    original = Operations.execute

    def execute_then_fail(self: Operations, sql: object, *args: object, **kw: object) -> object:
        if "rebuild" in str(sql):  # the last statement of 0002: fail after the DDL ran
            raise RuntimeError("power cut halfway")
        return original(self, sql, *args, **kw)

    monkeypatch.setattr(Operations, "execute", execute_then_fail)
    with pytest.raises(RuntimeError):
        migrate.upgrade(url)
    conn = sqlite3.connect(path)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(matter)")]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    conn.close()
    assert "search_text" not in columns
    assert "matter_fts" not in tables
    assert revision == REVISIONS[0]


def test_batch_migration_does_not_cascade_deletes(tmp_path: Path) -> None:
    """Downgrading 0002 recreates ``matter`` by copy; dependent rows must survive."""
    path = tmp_path / "cascade.sqlite3"
    url = sqlite_url(str(path))
    migrate.upgrade(url, REVISIONS[0])
    _fill_first_revision(path)
    migrate.upgrade(url)
    migrate.downgrade(url, REVISIONS[0])
    counts = _counts(path)
    assert counts["deadline"] == 1 and counts["timeline_entry"] == 1 and counts["grievance"] == 1


def test_date_columns_survive_as_dates(tmp_path: Path) -> None:
    path = tmp_path / "dates.sqlite3"
    migrate.upgrade(sqlite_url(str(path)), REVISIONS[0])
    _fill_first_revision(path)
    migrate.upgrade(sqlite_url(str(path)))
    from naij_tracker.db.opening import open_database
    from naij_tracker.services.matters import MatterService

    db = open_database(path)
    try:
        record = MatterService(db, "test").get(1)
        assert record.values["filed_on"] == date(2024, 1, 2)
    finally:
        db.close()


def test_the_closed_status_revision_widens_the_check_in_place(tmp_path: Path) -> None:
    """0004 lets a grievance be "closed" (outcome not recorded) without copying the table: the
    rows, the full-text index and its triggers are kept, and SQLite finds the file sound."""
    path = tmp_path / "closed.sqlite3"
    url = sqlite_url(str(path))
    migrate.upgrade(url, "0003_deadline_rulesets")
    _fill_first_revision(path)
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE matter SET status = 'closed' WHERE id = 1")
    conn.close()
    migrate.upgrade(url)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE matter SET status = 'closed', search_text = 'G-0042 renamed' "
                 "WHERE id = 1")
    conn.execute("UPDATE grievance SET step = 'informal' WHERE id = 1")
    conn.commit()
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("SELECT rowid FROM matter_fts WHERE matter_fts MATCH 'renamed'"
                        ).fetchall() == [(1,)]
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE matter SET status = 'bogus' WHERE id = 1")
    conn.execute("UPDATE matter SET status = 'open' WHERE id = 1")
    conn.execute("UPDATE grievance SET step = 'step1' WHERE id = 1")
    conn.commit()
    conn.close()
    migrate.downgrade(url, "0003_deadline_rulesets")
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE matter SET status = 'closed' WHERE id = 1")
    conn.close()
