"""Shared fixtures: a fresh temporary database per test, offscreen Qt."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never touch the real user's database or settings from a test.
os.environ.pop("NAIJ_TRACKER_DB", None)

from naij_tracker.db.opening import Database, open_database  # noqa: E402


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "cases.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    database.close()
