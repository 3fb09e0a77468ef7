"""Backups: verified online copies (never a plain file copy), rotation, daily backups, restore."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from naij_tracker.db import backup as bk
from naij_tracker.db.errors import DatabaseCorrupt, DatabaseTooNew, NotOurDatabase, StorageError
from naij_tracker.db.opening import Database, open_database
from naij_tracker.services import maintenance
from naij_tracker.services.matters import MatterService
from naij_tracker.services.settings import load_settings, save_settings


def _grievance(db: Database, number: str, title: str = "Leave denied") -> int:
    return MatterService(db, "test").create("grievance", {
        "title": title, "grievance_number": number, "filed_on": date(2026, 3, 2)})


def _titles(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT title FROM matter ORDER BY id")]
    finally:
        conn.close()


def _flip_page(path: Path, table: str) -> None:
    """Damage the header of ``table``'s root page so that SQLite sees a malformed b-tree."""
    conn = sqlite3.connect(path)
    root, page_size = conn.execute(
        "SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_master "
        "WHERE name = ?", (table,)).fetchone()
    conn.close()
    with path.open("r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\xff" * 12)


def test_backup_holds_commits_still_in_the_wal_that_a_file_copy_misses(
        db: Database, db_path: Path, tmp_path: Path) -> None:
    _grievance(db, "G-1", "Committed before")
    # A second connection keeps the WAL from being checkpointed into the main file.
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("PRAGMA wal_autocheckpoint=0")
    holder.execute("SELECT count(*) FROM matter").fetchone()
    _grievance(db, "G-2", "Committed in the WAL")
    try:
        plain = tmp_path / "plain-copy.sqlite3"
        shutil.copyfile(db_path, plain)
        made = bk.make_backup(db_path, bk.MANUAL)
    finally:
        holder.close()
    assert "Committed in the WAL" not in _titles(plain)  # why plain copies are never used
    assert _titles(made) == ["Committed before", "Committed in the WAL"]
    assert made.parent == db_path.parent / "backups"
    assert made.stat().st_mode & 0o077 == 0
    assert (made.parent.stat().st_mode & 0o077) == 0
    conn = sqlite3.connect(made)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert not list(made.parent.glob("*.partial"))


def test_a_damaged_database_yields_no_backup_file(db: Database, db_path: Path) -> None:
    _grievance(db, "G-1")
    db.close()
    _flip_page(db_path, "grievance")
    with pytest.raises(DatabaseCorrupt):
        bk.make_backup(db_path, bk.MANUAL)
    assert list(bk.backups_dir(db_path).iterdir()) == []


def test_a_copy_damaged_on_its_way_to_the_disk_is_refused(
        db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The source is sound; the copy is damaged after the backup API wrote it (a bad disk, a
    # bug): the check reads the copy back from the file and refuses it.
    _grievance(db, "G-1")
    copy = bk._copy

    def copy_then_damage(src: sqlite3.Connection, tmp: Path) -> None:
        copy(src, tmp)
        _flip_page(tmp, "grievance")

    monkeypatch.setattr(bk, "_copy", copy_then_damage)
    with pytest.raises(DatabaseCorrupt, match="failed its integrity check"):
        bk.make_backup(db_path, bk.MANUAL)
    assert list(bk.backups_dir(db_path).iterdir()) == []


def test_a_copy_missing_pages_is_refused(db: Database, db_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _grievance(db, "G-1")
    copy = bk._copy

    def copy_then_truncate(src: sqlite3.Connection, tmp: Path) -> None:
        copy(src, tmp)
        conn = sqlite3.connect(tmp)
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        conn.close()
        with tmp.open("r+b") as fh:  # the last page lost: SQLite would read a shorter file
            fh.truncate(tmp.stat().st_size - page_size)

    monkeypatch.setattr(bk, "_copy", copy_then_truncate)
    with pytest.raises(DatabaseCorrupt):
        bk.make_backup(db_path, bk.MANUAL)
    assert list(bk.backups_dir(db_path).iterdir()) == []


def test_backup_now_is_manual_and_listed(db: Database, db_path: Path) -> None:
    # Backups are named by the machine's wall clock (not the officer's calendar): bracket it.
    before = datetime.now().replace(microsecond=0)
    made = maintenance.backup_now(db)
    after = datetime.now()
    [info] = maintenance.list_backups(db_path)
    assert info.path == made and info.reason == "manual" and not info.rotated
    assert before <= info.taken_at <= after and info.size == made.stat().st_size
    assert "manual" in info.label


def test_backup_names_round_trip() -> None:
    when = datetime(2026, 3, 2, 9, 5, 7)
    for reason in ("daily", "manual", "before-upgrade", "before-restore"):
        name = Path(f"cases-{when:%Y%m%d-%H%M%S}-{reason}.sqlite3")
        assert bk.parse_backup_name(name, "cases") == (when, reason)
        numbered = Path(f"cases-{when:%Y%m%d-%H%M%S}-{reason}-3.sqlite3")
        assert bk.parse_backup_name(numbered, "cases") == (when, reason)
    assert bk.parse_backup_name(Path("cases-notes.sqlite3"), "cases") is None
    assert bk.parse_backup_name(Path("other-20260302-090507-daily.sqlite3"), "cases") is None


def test_rotation_keeps_last_daily_and_weekly_and_never_manual_ones(db_path: Path,
                                                                    db: Database) -> None:
    template = bk.make_backup(db_path, bk.MANUAL, datetime(2025, 1, 1, 12))
    folder = bk.backups_dir(db_path)
    start = datetime(2026, 1, 1, 9, 30)  # a Thursday
    for day in range(90):
        shutil.copyfile(template, bk.backup_name(db_path, "daily", start + timedelta(days=day)))
    old_upgrade = bk.backup_name(db_path, "before-upgrade", datetime(2025, 6, 1))
    shutil.copyfile(template, old_upgrade)
    stranger = folder / "my own notes.sqlite3"
    stranger.write_text("not a backup")

    removed = maintenance.rotate_backups(db_path, keep_daily=7, keep_weekly=8)

    left = maintenance.list_backups(db_path)
    daily = sorted(b.taken_at for b in left if b.reason == "daily")
    last = start + timedelta(days=89)
    newest_seven = [last - timedelta(days=d) for d in range(6, -1, -1)]
    assert set(newest_seven) <= set(daily)
    weeks = {b.isocalendar()[:2] for b in daily}
    assert len(weeks) == 8
    for week in weeks:  # each kept week is represented by its newest copy
        in_week = [start + timedelta(days=d) for d in range(90)
                   if (start + timedelta(days=d)).isocalendar()[:2] == week]
        assert max(in_week) in daily
    assert len(daily) == len(set(newest_seven) | {max(
        start + timedelta(days=d) for d in range(90)
        if (start + timedelta(days=d)).isocalendar()[:2] == w) for w in weeks})
    assert len(removed) == 90 - len(daily)
    assert all(not p.exists() for p in removed)
    # Never rotated: manual, before-upgrade, and files that are not ours.
    assert template.exists() and old_upgrade.exists() and stranger.exists()
    assert maintenance.rotate_backups(db_path, 7, 8) == []


def test_rotation_with_zero_retention_removes_every_daily(db_path: Path, db: Database) -> None:
    made = bk.make_backup(db_path, "daily", datetime(2026, 2, 1))
    manual = bk.make_backup(db_path, "manual", datetime(2026, 2, 1))
    assert maintenance.rotate_backups(db_path, 0, 0) == [made]
    assert manual.exists()


def test_daily_backup_once_a_day_then_rotated_per_settings(db: Database, db_path: Path) -> None:
    settings = load_settings(db)
    settings.backup_keep_daily, settings.backup_keep_weekly = 2, 0
    save_settings(db, settings)
    day1 = datetime(2026, 4, 6, 8, 0)
    first = maintenance.daily_backup_if_due(db, now=day1)
    assert first is not None and first.exists()
    assert maintenance.daily_backup_if_due(db, now=day1 + timedelta(hours=3)) is None
    made = [maintenance.daily_backup_if_due(db, now=day1 + timedelta(days=n)) for n in (1, 2, 3)]
    assert all(p is not None for p in made)
    daily = [b.path for b in maintenance.list_backups(db_path) if b.reason == "daily"]
    assert sorted(daily) == sorted(p for p in made[1:] if p is not None)


def test_daily_backup_is_not_due_for_a_server_database(db: Database) -> None:
    server = Database("postgresql+psycopg://x/y", None, db.engine, db.sessions)
    assert maintenance.daily_backup_if_due(server) is None
    with pytest.raises(StorageError, match="administrator"):
        maintenance.backup_now(server)


def test_backup_to_refuses_existing_file_and_the_database_itself(db: Database, db_path: Path,
                                                                 tmp_path: Path) -> None:
    dest = tmp_path / "copy.sqlite3"
    assert maintenance.backup_to(db, dest) == dest
    with pytest.raises(StorageError, match="already exists"):
        maintenance.backup_to(db, dest)
    with pytest.raises(StorageError):
        maintenance.backup_to(db, db_path)


# -- restore -----------------------------------------------------------------------------------

def test_restore_replaces_contents_keeps_a_safety_copy_and_spares_live_wal(
        db: Database, db_path: Path) -> None:
    keep = _grievance(db, "G-1", "Before the backup")
    backup = maintenance.backup_now(db)
    _grievance(db, "G-2", "After the backup")
    MatterService(db, "test").update(keep, {"title": "Edited after the backup"})
    reader = sqlite3.connect(db_path)  # another connection has the WAL and -shm open
    reader.execute("SELECT count(*) FROM matter").fetchone()
    wal = db_path.with_name(db_path.name + "-wal")
    assert wal.exists()

    safety = maintenance.restore(db_path, backup)

    assert wal.exists(), "restore must never delete the journal of a live database"
    assert [r[0] for r in reader.execute("SELECT title FROM matter ORDER BY id")] == \
        ["Before the backup"]
    reader.close()
    assert safety is not None and safety.name.endswith("-before-restore.sqlite3")
    assert _titles(safety) == ["Edited after the backup", "After the backup"]
    assert safety.stat().st_mode & 0o077 == 0
    db.close()
    reopened = open_database(db_path)
    try:
        assert MatterService(reopened, "t").get(keep).title == "Before the backup"
        assert maintenance.check_database(reopened) == []
        with reopened.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        reopened.close()


def test_restore_refuses_a_damaged_backup_and_changes_nothing(db: Database, db_path: Path,
                                                              tmp_path: Path) -> None:
    _grievance(db, "G-1", "Current")
    backup = maintenance.backup_to(db, tmp_path / "bad.sqlite3")
    _flip_page(backup, "matter")
    with pytest.raises(DatabaseCorrupt, match="nothing was changed"):
        maintenance.restore(db_path, backup)
    assert _titles(db_path) == ["Current"]
    assert maintenance.list_backups(db_path) == []  # not even a safety copy was needed


def test_restore_refuses_foreign_and_too_new_files(db: Database, db_path: Path,
                                                   tmp_path: Path) -> None:
    foreign = tmp_path / "foreign.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(NotOurDatabase):
        maintenance.restore(db_path, foreign)
    text = tmp_path / "notes.sqlite3"
    text.write_text("hello")
    with pytest.raises(NotOurDatabase):
        maintenance.restore(db_path, text)
    newer = maintenance.backup_to(db, tmp_path / "newer.sqlite3")
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseTooNew):
        maintenance.restore(db_path, newer)
    with pytest.raises(StorageError, match="no backup"):
        maintenance.restore(db_path, tmp_path / "missing.sqlite3")


def test_restore_over_a_damaged_database_keeps_a_damaged_copy(db: Database, db_path: Path) -> None:
    _grievance(db, "G-1", "Good times")
    backup = maintenance.backup_now(db)
    _grievance(db, "G-2", "Later")
    db.close()
    _flip_page(db_path, "grievance")
    safety = maintenance.restore(db_path, backup)
    assert safety is not None and safety.name.endswith("-damaged.sqlite3")
    assert _titles(db_path) == ["Good times"]
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_restore_into_a_missing_file_creates_it_private(db: Database, tmp_path: Path) -> None:
    _grievance(db, "G-1", "Only copy")
    backup = maintenance.backup_to(db, tmp_path / "only.sqlite3")
    target = tmp_path / "new-home" / "cases.sqlite3"
    assert maintenance.restore(target, backup) is None
    assert _titles(target) == ["Only copy"]
    assert target.stat().st_mode & 0o077 == 0
