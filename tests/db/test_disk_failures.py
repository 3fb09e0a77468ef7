"""The disk failing under the app: a clear message, what was saved is kept, nothing half-written.

Services raise SQLAlchemy errors; ``storage_errors(path)`` (which the GUI and CLI wrap around
service calls) turns them into ``StorageError`` messages. Each test saves something, breaks the
disk, tries to save more, and then checks the message, that the earlier save is intact and that
no part of the failed save landed.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, insert
from sqlalchemy.exc import IntegrityError

from naij_tracker.db.errors import (
    DatabaseCorrupt,
    StorageError,
    describe_sqlite_error,
    storage_errors,
)
from naij_tracker.db.integrity import check_file
from naij_tracker.db.models import Grievance, HistoryEntry, ImportBatch, Matter
from naij_tracker.db.opening import Database, open_database
from naij_tracker.services.matters import MatterService

GRIEVANCE = {"title": "Denied leave", "grievance_number": "G-1", "filed_on": date(2026, 3, 2)}


def _counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("matter", "grievance", "history_entry", "import_batch")}
    finally:
        conn.close()


def test_read_only_file_gives_a_clear_message_and_keeps_the_saved_data(db_path: Path) -> None:
    db = open_database(db_path)
    mid = MatterService(db, "t").create("grievance", GRIEVANCE)
    db.close()
    before = _counts(db_path)

    if os.geteuid() != 0:
        os.chmod(db_path, 0o400)  # the file really is read-only
        broken = open_database(db_path, create=False)
    else:
        # root writes through chmod, so use what a read-only medium gives SQLite: a file it
        # can only open read-only.
        broken = open_database(db_path, read_only=True)
    service = MatterService(broken, "t")
    edit = {"title": "Denied leave (amended)"}
    try:
        with pytest.raises(StorageError) as caught, storage_errors(db_path):
            service.update(mid, edit)
        with pytest.raises(StorageError), storage_errors(db_path):
            service.create("grievance", {**GRIEVANCE, "grievance_number": "G-2"})
    finally:
        broken.close()
        os.chmod(db_path, 0o600)
    message = str(caught.value)
    assert "read-only" in message and "nothing was saved" in message and str(db_path) in message
    assert edit == {"title": "Denied leave (amended)"}  # the unsaved edit is still the caller's
    assert _counts(db_path) == before
    db = open_database(db_path)
    try:
        assert MatterService(db, "t").get(mid).title == "Denied leave"
    finally:
        db.close()
    assert check_file(db_path) == []


def test_folder_removed_gives_a_clear_message_and_nothing_is_lost(tmp_path: Path) -> None:
    folder = tmp_path / "usb-stick"
    path = folder / "cases.sqlite3"
    db = open_database(path)
    service = MatterService(db, "t")
    mid = service.create("grievance", GRIEVANCE)
    moved = tmp_path / "elsewhere"
    folder.rename(moved)  # the drive is unplugged / the share disappears
    try:
        with pytest.raises(StorageError) as caught, storage_errors(path):
            service.update(mid, {"title": "Changed while the drive was gone"})
        assert "cannot be reached" in str(caught.value)
        assert "nothing was saved" in str(caught.value)
        assert not path.exists(), "no stray database may be created in its place"
    finally:
        db.close()
        moved.rename(folder)
    db = open_database(path)
    try:
        assert MatterService(db, "t").get(mid).title == "Denied leave"
    finally:
        db.close()
    assert check_file(path) == []


def test_folder_deleted_outright_gives_the_same_message(tmp_path: Path) -> None:
    folder = tmp_path / "gone"
    path = folder / "cases.sqlite3"
    db = open_database(path)
    service = MatterService(db, "t")
    mid = service.create("grievance", GRIEVANCE)
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()
    try:
        with pytest.raises(StorageError, match="cannot be reached"), storage_errors(path):
            service.update(mid, {"title": "x"})
    finally:
        db.close()


def _fill_disk(db: Database, headroom_pages: int = 3) -> None:
    """Simulate a full disk: every new connection may grow the file by only a few pages."""
    with db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(db.engine, "connect")
    def _limit(dbapi_conn: Any, _record: object) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count = {int(pages or 0) + headroom_pages}")


def test_disk_full_gives_a_clear_message_and_leaves_nothing_half_written(db_path: Path) -> None:
    db = open_database(db_path)
    service = MatterService(db, "t")
    mid = service.create("grievance", GRIEVANCE)
    before = _counts(db_path)
    _fill_disk(db)
    big = "Statement of the grievance. " * 4000  # ~110 kB: needs many new pages
    try:
        with pytest.raises(StorageError) as caught, storage_errors(db_path):
            service.create("grievance", {**GRIEVANCE, "grievance_number": "G-2",
                                         "summary": big[:100_000]})
        assert "disk is full" in str(caught.value) and "nothing was saved" in str(caught.value)
        with pytest.raises(StorageError, match="disk is full"), storage_errors(db_path):
            service.update(mid, {"summary": big[:100_000]})

        # An import batch — many rows in one transaction — fails whole.
        with pytest.raises(StorageError, match="disk is full"), storage_errors(db_path), \
                db.engine.begin() as conn:
            batch = conn.execute(insert(ImportBatch.__table__).values(
                file_name="big.xlsx", imported_at=date(2026, 3, 2), imported_by="t",
                created_count=200)).inserted_primary_key[0]
            for i in range(200):
                m = conn.execute(insert(Matter.__table__).values(
                    kind="grievance", title=f"Row {i} " + "x" * 400, status="open",
                    priority="normal", created_at=date(2026, 3, 2), updated_at=date(2026, 3, 2),
                    version=1, search_text="")).inserted_primary_key[0]
                conn.execute(insert(Grievance.__table__).values(
                    id=m, grievance_number=f"B-{i}", step="step1"))
                conn.execute(insert(HistoryEntry.__table__).values(
                    matter_id=m, entity="matter", action="import", summary="Imported",
                    changes="{}", who="t", at=date(2026, 3, 2), import_batch_id=batch))
    finally:
        db.close()
    assert _counts(db_path) == before
    db = open_database(db_path)
    try:
        record = MatterService(db, "t").get(mid)
        assert record.title == "Denied leave" and record.values["summary"] is None
    finally:
        db.close()
    assert check_file(db_path) == []


def test_storage_errors_leaves_bugs_and_validation_alone(db: Database) -> None:
    with pytest.raises(IntegrityError), storage_errors(db.path), db.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO matter (id, kind) VALUES (1, 'nonsense')")
    with pytest.raises(ZeroDivisionError), storage_errors():
        _ = 1 / 0

    @storage_errors("cases.sqlite3")
    def save() -> None:
        raise sqlite3.OperationalError("database or disk is full")

    with pytest.raises(StorageError, match=r"disk is full \(cases.sqlite3\)"):
        save()


@pytest.mark.parametrize(("driver_message", "expected", "kind"), [
    ("attempt to write a readonly database", "read-only", StorageError),
    ("database or disk is full", "disk is full", StorageError),
    ("database is locked", "busy in another program", StorageError),
    ("database disk image is malformed", "damaged", DatabaseCorrupt),
    ("file is not a database", "damaged", DatabaseCorrupt),
    ("unable to open database file", "cannot be reached", StorageError),
    ("disk I/O error", "disk failed", StorageError),
])
def test_driver_errors_become_readable_messages(driver_message: str, expected: str,
                                                kind: type[StorageError]) -> None:
    known = describe_sqlite_error(sqlite3.OperationalError(driver_message), "/x/cases.sqlite3")
    assert isinstance(known, kind) and expected in str(known) and "/x/cases.sqlite3" in str(known)
    assert describe_sqlite_error(sqlite3.OperationalError("no such column: foo")) is None
    assert describe_sqlite_error(ValueError("x")) is None
