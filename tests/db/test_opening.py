"""Opening files: new, current, older (backed up then upgraded), and files we must refuse."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from naij_tracker.db import migrate
from naij_tracker.db.engine import sqlite_url
from naij_tracker.db.errors import DatabaseCorrupt, DatabaseTooNew, NotOurDatabase
from naij_tracker.db.opening import open_database
from naij_tracker.db.schema_version import HEAD, REVISIONS


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_file_is_created_at_head_readable_by_user_only(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "new.sqlite3"
    db = open_database(path)
    db.close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    assert path.stat().st_mode & 0o077 == 0


def test_connections_enforce_foreign_keys(db) -> None:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_older_revision_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    migrate.upgrade(sqlite_url(str(path)), REVISIONS[0])
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO member (name, membership_status, created_at) "
                 "VALUES ('Ana Petrova', 'member', '2024-01-01 00:00:00')")
    conn.commit()
    conn.close()

    db = open_database(path)
    db.close()
    assert len(db.backups_made) == 1
    backup = db.backups_made[0]
    assert backup.exists() and backup.parent.name == "backups"
    assert backup.stat().st_mode & 0o077 == 0
    b = sqlite3.connect(backup)
    assert b.execute("SELECT version_num FROM alembic_version").fetchone()[0] == REVISIONS[0]
    assert b.execute("SELECT name FROM member").fetchall() == [("Ana Petrova",)]
    b.close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
    assert conn.execute("SELECT name FROM member").fetchall() == [("Ana Petrova",)]
    conn.close()


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"Grievance number,Member\n0042,Ana\n", NotOurDatabase),
        (b"%PDF-1.7\n" + b"x" * 500, NotOurDatabase),
    ],
)
def test_non_sqlite_files_are_refused_untouched(tmp_path: Path, content: bytes,
                                                error: type[Exception]) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(content)
    with pytest.raises(error, match="not a NAIJ Case Tracker database"):
        open_database(path)
    assert path.read_bytes() == content
    assert not (tmp_path / "backups").exists()


def _head_file(tmp_path: Path) -> Path:
    path = tmp_path / "full.sqlite3"
    db = open_database(path)
    db.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    return path


def test_truncated_file_is_refused_untouched(tmp_path: Path) -> None:
    path = _head_file(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])
    before = _digest(path)
    with pytest.raises(DatabaseCorrupt, match="truncated"):
        open_database(path)
    assert _digest(path) == before


def test_future_revision_is_refused_untouched(tmp_path: Path) -> None:
    path = _head_file(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(DatabaseTooNew, match="newer version"):
        open_database(path)
    assert _digest(path) == before


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(NotOurDatabase):
        open_database(path)
    assert _digest(path) == before
