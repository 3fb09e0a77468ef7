"""Shared fixtures: a fresh temporary database per test, offscreen Qt."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never touch the real user's database or settings from a test.
os.environ.pop("NAIJ_TRACKER_DB", None)
# ... nor its log folder.
os.environ["NAIJ_TRACKER_LOG_DIR"] = tempfile.mkdtemp(prefix="naij-test-logs-")

from naij_tracker.db.opening import Database, open_database  # noqa: E402
from naij_tracker.domain import clock  # noqa: E402

# No test depends on the real calendar: the whole suite runs on a fixed day, NAIJ_TEST_TODAY
# (ISO) or 2026-12-02 (today + 30 days is New Year's Day). `NAIJ_TEST_TODAY=2028-02-29 make test`
# runs it on any other day. Set at import so session fixtures (the sample database) see it too.
TEST_TODAY = date.fromisoformat(os.environ.get("NAIJ_TEST_TODAY") or "2026-12-02")
clock.set_today(TEST_TODAY)


@pytest.fixture(autouse=True)
def _fixed_clock() -> Iterator[date]:
    """Each test starts on the suite's fixed day, whatever an earlier test did to the clock."""
    clock.set_today(TEST_TODAY)
    yield TEST_TODAY
    clock.set_today(TEST_TODAY)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "cases.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    database.close()
