"""Reading without the ORM (``Database.read``) and the lazily made engine."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from naij_tracker.db.opening import Database, open_database
from naij_tracker.services.matters import MatterService


@pytest.fixture
def filed(db: Database) -> int:
    return MatterService(db, "test").create("flra", {
        "title": "Exceptions to the award", "case_type": "ulp_against_agency", "status": "filed",
        "priority": "normal", "filed_on": date(2026, 3, 2)})


def test_opening_makes_no_engine_and_reading_needs_none(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        assert not db.engine_made
        assert db.read("SELECT count(*) FROM matter") == [(0,)]
        assert not db.engine_made
        db.engine  # noqa: B018 - made on first use
        assert db.engine_made
    finally:
        db.close()


def test_named_parameters_and_dates_as_stored(db: Database, filed: int) -> None:
    rows = db.read("SELECT id, filed_on FROM flra_case WHERE filed_on >= :since AND id = :id",
                   {"since": date(2026, 3, 1), "id": filed})
    assert rows == [(filed, "2026-03-02")]  # ISO text, as the ORM stores it
    assert db.read("SELECT id FROM flra_case WHERE filed_on > :after",
                   {"after": date(2026, 3, 2)}) == []


def test_a_read_connection_cannot_write(db: Database, filed: int) -> None:
    # Refused as a write ("readonly"), or before that for running our search trigger in a
    # file read as untrusted ("unsafe use of virtual table"): either way nothing is deleted.
    with pytest.raises(sqlite3.OperationalError, match="readonly|unsafe use"):
        db.read("DELETE FROM matter")
    assert db.read("SELECT count(*) FROM matter") == [(1,)]


def test_read_many_answers_each_statement_in_order(db: Database, filed: int) -> None:
    counts, titles = db.read_many((("SELECT count(*) FROM matter", None),
                                   ("SELECT title FROM matter WHERE id = :id", {"id": filed})))
    assert counts == [(1,)] and titles == [("Exceptions to the award",)]


@pytest.mark.parametrize("engine_first", [True, False])
def test_stop_writing_refuses_every_later_write(db: Database, filed: int,
                                                engine_first: bool) -> None:
    if engine_first:
        db.engine  # noqa: B018 - an engine made while writing was still allowed
    db.stop_writing()
    assert db.read_only
    with pytest.raises(Exception, match="readonly|read-only"), db.engine.begin() as conn:
        conn.execute(text("UPDATE matter SET title = 'x'"))
    assert db.read("SELECT title FROM matter") == [("Exceptions to the award",)]
