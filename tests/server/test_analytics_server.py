"""Grievance analytics on a PostgreSQL server give the figures they give on an SQLite file."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from naij_tracker.db.opening import Database, open_database
from naij_tracker.services.analytics import AnalyticsFilter, compute_analytics
from naij_tracker.services.matters import MatterService
from naij_tracker.services.sample_data import load_sample_data

ADMIN_URL = os.environ.get("NAIJ_TEST_POSTGRES_URL", "")


def _admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL.replace("postgresql+psycopg://", "postgresql://"),
                         autocommit=True) as conn:
        conn.execute(statement)


@pytest.fixture
def pg() -> Iterator[Database]:
    if not ADMIN_URL:
        if os.environ.get("NAIJ_REQUIRE_POSTGRES"):
            pytest.fail("NAIJ_REQUIRE_POSTGRES is set but NAIJ_TEST_POSTGRES_URL is not")
        pytest.skip("no PostgreSQL server: set NAIJ_TEST_POSTGRES_URL (.ci/run does)")
    name = f"naij_test_{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE DATABASE "{name}"')
    db = open_database(ADMIN_URL.rsplit("/", 1)[0] + "/" + name)
    try:
        yield db
    finally:
        db.close()
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _fill(db: Database) -> None:
    load_sample_data(db, today=date(2026, 3, 2), grievances=80)
    gid = MatterService(db, "t").create("grievance", {
        "title": "Moves", "grievance_number": "S-1", "filed_on": date(2026, 1, 1)})
    MatterService(db, "t").update(gid, {"step": "step2"})


def test_the_same_figures_on_the_server_and_in_a_file(pg: Database, tmp_path: Path) -> None:
    lite = open_database(tmp_path / "same.sqlite3")
    try:
        _fill(pg)
        _fill(lite)
        for f in (AnalyticsFilter(), AnalyticsFilter(date_from=date(2025, 6, 1),
                                                     date_to=date(2026, 2, 1))):
            on_server = compute_analytics(pg, f, today=date(2026, 3, 2))
            in_file = compute_analytics(lite, f, today=date(2026, 3, 2))
            for a, b in zip(on_server.tables, in_file.tables, strict=True):
                assert a == b, a.key
            assert on_server.win_rate == in_file.win_rate and on_server.grievances > 0
    finally:
        lite.close()
