"""Fixtures for the letter tests: the sample database with the letter settings filled in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from letter_helpers import configure

from naij_tracker.db.opening import Database, open_database
from naij_tracker.services.sample_data import load_sample_data


@pytest.fixture(scope="session")
def sample_letters_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("letters") / "sample.sqlite3"
    db = open_database(path)
    load_sample_data(db, grievances=60)
    configure(db)
    db.close()
    return path


@pytest.fixture
def letters_db(sample_letters_db: Path, tmp_path: Path) -> Iterator[Database]:
    """A private copy of the configured sample database."""
    import shutil

    path = tmp_path / "cases.sqlite3"
    shutil.copy(sample_letters_db, path)
    db = open_database(path)
    yield db
    db.close()
