"""Every file is untrusted: crafted databases and backups are refused, or neutralised, with one
line naming what is wrong — never a traceback, a hang, or a write outside the app's folders."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from naij_tracker.db import defensive, schema_check
from naij_tracker.db.backup import backup_file, backups_dir, list_backups
from naij_tracker.db.errors import DatabaseCorrupt, SchemaMismatch, StorageError
from naij_tracker.db.integrity import check_file
from naij_tracker.db.opening import open_database, repair_database
from naij_tracker.db.schema_version import HEAD, REVISIONS
from naij_tracker.services import maintenance
from naij_tracker.services.matters import MatterService
from naij_tracker.services.people import PeopleService
from naij_tracker.services.related import RelatedService, private_copy

HOSTILE_TRIGGER = (
    "CREATE TRIGGER wipe_history AFTER INSERT ON history_entry BEGIN "
    "DELETE FROM history_entry WHERE id <> new.id; "
    "UPDATE member SET email = 'attacker@example.com'; END")
RECURSIVE = ("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) "
             "SELECT x AS id FROM n")


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "sound.sqlite3"
    db = open_database(path)
    try:
        people = PeopleService(db, "t")
        for i in range(3):
            people.create_member({"name": f"Member {i}", "email": f"m{i}@example.org"})
        matters = MatterService(db, "t")
        gid = matters.create("grievance", {"title": "Denied telework", "grievance_number": "G-1",
                                           "filed_on": date(2026, 3, 2)})
        RelatedService(db, "t").attach(gid, "notice.txt", b"The agency's notice.")
    finally:
        db.close()
    return path


@pytest.fixture
def crafted(sound: Path, tmp_path: Path) -> Iterator[Path]:
    dest = tmp_path / "received.sqlite3"
    shutil.copyfile(sound, dest)
    yield dest


def _raw(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys=OFF")
        for sql in statements:
            conn.execute(sql)
    finally:
        conn.close()


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _one_line(message: str) -> None:
    assert "\n" not in message and "Traceback" not in message, message


def _cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("NAIJ_TRACKER_DB", None)
    return subprocess.run([sys.executable, "-m", "naij_tracker.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=60, cwd=cwd, env=env)


def test_the_stored_references_are_what_the_migrations_make() -> None:
    stored = schema_check._stored()
    assert set(stored) == set(REVISIONS)
    for revision in REVISIONS:
        assert stored[revision] == schema_check.build_reference(revision), revision


def test_a_sound_file_matches_its_revision(sound: Path) -> None:
    conn = sqlite3.connect(sound)
    try:
        assert schema_check.verify(conn, HEAD).ok
    finally:
        conn.close()


# -- a trigger on history_entry ----------------------------------------------------------------

def test_an_extra_trigger_is_refused_on_open_listed_by_check_and_refused_by_restore(
        crafted: Path, tmp_path: Path) -> None:
    _raw(crafted, HOSTILE_TRIGGER)
    with pytest.raises(SchemaMismatch) as caught:
        open_database(crafted)
    message = str(caught.value)
    _one_line(message)
    assert "extra trigger 'wipe_history' on history_entry" in message
    assert caught.value.repairable

    problems = check_file(crafted)
    assert any("trigger 'wipe_history' on history_entry" in p for p in problems)

    live = tmp_path / "cases.sqlite3"
    shutil.copyfile(crafted.with_name("received.sqlite3"), live)
    _raw(live, "DROP TRIGGER wipe_history")
    before = live.read_bytes()
    with pytest.raises(StorageError, match="wipe_history"):
        maintenance.restore(live, crafted)
    assert live.read_bytes() == before


def test_an_extra_trigger_can_be_opened_read_only_or_repaired_after_a_backup(
        crafted: Path) -> None:
    _raw(crafted, HOSTILE_TRIGGER)
    history = _rows(crafted, "SELECT count(*) FROM history_entry")[0][0]
    db = open_database(crafted, read_only=True, allow_unknown=True)
    try:
        assert db.read_only and "wipe_history" in db.warnings[0]
    finally:
        db.close()

    made = repair_database(crafted)
    assert made.parent == backups_dir(crafted) and "before-repair" in made.name
    assert _rows(made, "SELECT name FROM sqlite_master WHERE name = 'wipe_history'")
    db = open_database(crafted)
    try:
        PeopleService(db, "t").create_member({"name": "New Member"})
    finally:
        db.close()
    assert _rows(crafted, "SELECT count(*) FROM history_entry")[0][0] == history + 1
    assert _rows(crafted, "SELECT count(*) FROM member WHERE email LIKE 'attacker%'") == [(0,)]


def test_one_of_our_triggers_rewritten_is_restored_by_the_repair(crafted: Path) -> None:
    _raw(crafted, "DROP TRIGGER matter_fts_ai",
         "CREATE TRIGGER matter_fts_ai AFTER INSERT ON matter BEGIN "
         "DELETE FROM history_entry; END")
    with pytest.raises(SchemaMismatch, match="changed trigger 'matter_fts_ai' on matter"):
        open_database(crafted)
    repair_database(crafted)
    conn = sqlite3.connect(crafted)
    try:
        assert schema_check.verify(conn, HEAD).ok
    finally:
        conn.close()


# -- gaps: a dropped column, a file with nothing but alembic_version ------------------------------

def test_a_dropped_column_is_refused_everywhere(crafted: Path, tmp_path: Path) -> None:
    _raw(crafted, "ALTER TABLE member DROP COLUMN email")
    with pytest.raises(SchemaMismatch) as caught:
        open_database(crafted, read_only=True, allow_unknown=True)
    _one_line(str(caught.value))
    assert "missing column member.email" in str(caught.value)
    assert not caught.value.repairable
    with pytest.raises(StorageError):
        repair_database(crafted)
    assert any("missing column member.email" in p for p in check_file(crafted))
    live = tmp_path / "live.sqlite3"
    open_database(live).close()
    before = live.read_bytes()
    with pytest.raises(StorageError, match="member.email"):
        maintenance.restore(live, crafted)
    assert live.read_bytes() == before


def test_a_file_with_only_alembic_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    _raw(path, "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)",
         f"INSERT INTO alembic_version VALUES ('{HEAD}')")
    with pytest.raises(SchemaMismatch, match="missing table 'matter'|missing table") as caught:
        open_database(path)
    _one_line(str(caught.value))
    problems = check_file(path)
    assert any("missing table 'matter'" in p for p in problems)
    assert "own checks were not run" in problems[-1]
    sheet = tmp_path / "log.csv"
    sheet.write_text("Grievance number,Title,Filed\nG-1,Denied,2026-03-02\n", encoding="utf-8")
    for command in (["info"], ["export", "members", "--out", tmp_path / "m.csv"],
                    ["brief", "--out", tmp_path / "b.pdf"], ["deadlines"],
                    ["import", sheet], ["check"]):
        result = _cli("--db", path, *command, cwd=tmp_path)
        assert result.returncode == 1, (command, result.stderr)
        assert "Traceback" not in result.stderr
        if command == ["check"]:  # check lists every difference, one per line
            assert "missing table 'matter'" in result.stdout
            continue
        assert result.stderr.count("\n") == 1 and "missing" in result.stderr
    assert not (tmp_path / "m.csv").exists() and not (tmp_path / "b.pdf").exists()


# -- hangs ----------------------------------------------------------------------------------------

def test_a_recursive_view_in_place_of_a_table_never_hangs(crafted: Path, tmp_path: Path) -> None:
    _raw(crafted, "DROP TABLE deadline", f"CREATE VIEW deadline AS {RECURSIVE}",
         f"CREATE VIEW endless AS {RECURSIVE}")
    started = time.monotonic()
    with pytest.raises(SchemaMismatch, match="'deadline' is a view, not a table"):
        open_database(crafted)
    problems = check_file(crafted)
    assert any("'deadline' is a view" in p for p in problems)
    live = tmp_path / "live.sqlite3"
    open_database(live).close()
    with pytest.raises(StorageError):
        maintenance.restore(live, crafted)
    result = _cli("--db", crafted, "info", cwd=tmp_path)
    assert result.returncode == 1 and "'deadline' is a view" in result.stderr
    assert time.monotonic() - started < 10


def test_a_statement_running_past_its_limit_is_given_up(crafted: Path) -> None:
    _raw(crafted, f"CREATE VIEW endless AS {RECURSIVE}")
    conn = defensive.connect(f"{crafted.as_uri()}?mode=ro")
    started = time.monotonic()
    try:
        with pytest.raises(defensive.TooSlow) as caught, \
                defensive.time_limit(conn, str(crafted), seconds=0.5):
            conn.execute("SELECT count(*) FROM endless").fetchone()
    finally:
        conn.close()
    assert time.monotonic() - started < 5
    _one_line(str(caught.value))
    assert str(crafted) in str(caught.value) and "more than 0 s" not in str(caught.value)


# -- an inflated page count ------------------------------------------------------------------------

def _inflate(path: Path, pages: int = 262_144) -> None:
    with path.open("r+b") as fh:
        header = bytearray(fh.read(100))
        header[28:32] = struct.pack(">I", pages)  # 1 GB of 4 KB pages
        header[92:96] = header[24:28]  # "valid for" the current change counter: trusted
        fh.seek(0)
        fh.write(header)


def test_an_inflated_page_count_is_never_copied(crafted: Path, tmp_path: Path) -> None:
    _inflate(crafted)
    size = crafted.stat().st_size
    with pytest.raises(DatabaseCorrupt) as caught:
        backup_file(crafted, tmp_path / "copy.sqlite3")
    _one_line(str(caught.value))
    assert "header claims" in str(caught.value)
    assert not list(tmp_path.glob("copy.sqlite3*"))
    with pytest.raises(StorageError):
        open_database(crafted)
    assert check_file(crafted) and "header claims" in check_file(crafted)[0]
    live = tmp_path / "live.sqlite3"
    open_database(live).close()
    with pytest.raises(StorageError):
        maintenance.restore(live, crafted)
    assert crafted.stat().st_size == size
    assert sum(p.stat().st_size for p in tmp_path.rglob("*") if p.is_file()) < 5_000_000


def test_the_daily_backup_of_an_inflated_file_writes_nothing(crafted: Path) -> None:
    db = open_database(crafted)  # opened while sound, inflated behind its back
    try:
        _inflate(crafted)
        with pytest.raises(DatabaseCorrupt):
            maintenance.daily_backup_if_due(db)
    finally:
        db.close()
    assert list_backups(crafted) == []
    assert not list(backups_dir(crafted).glob("*.partial"))


# -- attachment names ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["/tmp/naij-escape/evil.sh", "../../../../naij-escape.txt",
                                  "..\\..\\evil.bat", "C:evil.txt", "report\x1b[31m.pdf",
                                  "CON.txt", ".."])
def test_an_attachment_name_from_a_crafted_file_is_only_a_base_name(
        crafted: Path, tmp_path: Path, name: str) -> None:
    content = b"#!/bin/sh\necho owned\n"
    digest = hashlib.sha256(content).hexdigest()
    matter = _rows(crafted, "SELECT id FROM matter LIMIT 1")[0][0]
    conn = sqlite3.connect(crafted)
    try:
        conn.execute("INSERT INTO attachment (matter_id, file_name, media_type, sha256, size, "
                     "content, added_at) VALUES (?, ?, 'text/plain', ?, ?, ?, "
                     "'2026-03-02 10:00:00')", (matter, name, digest, len(content), content))
        att_id = conn.execute("SELECT max(id) FROM attachment").fetchone()[0]
        conn.commit()
    finally:
        conn.close()

    problems = check_file(crafted)
    assert len(problems) == 1 and f"Attachment {att_id} on matter {matter}" in problems[0]
    _one_line(problems[0])
    assert "\x1b" not in problems[0]

    db = open_database(crafted)
    try:
        related = RelatedService(db, "t")
        shown = [a.file_name for a in related.attachments(matter) if a.id == att_id][0]
        stored_name, data = related.attachment_content(att_id)
    finally:
        db.close()
    assert shown == stored_name and "/" not in shown and "\\" not in shown
    assert shown not in ("", ".", "..") and "\x1b" not in shown and ":" not in shown
    root = tmp_path / "private"
    copy = private_copy(root, att_id, stored_name, data)
    assert copy.parent == root / str(att_id) and copy.read_bytes() == content
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert not Path("/tmp/naij-escape").exists()
    assert not (tmp_path.parent.parent / "naij-escape.txt").exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file() and p.read_bytes() == content] \
        == [copy]


def test_a_new_attachment_is_stored_under_a_safe_name(crafted: Path) -> None:
    db = open_database(crafted)
    try:
        related = RelatedService(db, "t")
        matter = related.db.read("SELECT id FROM matter LIMIT 1")[0][0]
        att = related.attach(matter, "../../etc/passwd", b"x")
        assert related.attachment_content(att)[0] == "passwd"
    finally:
        db.close()
    assert check_file(crafted) == []


def test_a_file_engine_never_puts_row_values_into_its_errors(crafted: Path) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    db = open_database(crafted)
    try:
        assert db.engine.hide_parameters
        with pytest.raises(IntegrityError) as caught, db.engine.begin() as conn:
            conn.execute(text("INSERT INTO member (name, membership_status, created_at, version) "
                              "VALUES (:name, 'no such status', '2026-03-02', 1)"),
                         {"name": "Secret Zephyrine"})
    finally:
        db.close()
    assert "Zephyrine" not in str(caught.value)


def test_an_upgrade_over_numbers_differing_only_in_case_stops_and_names_them(
        tmp_path: Path) -> None:
    from naij_tracker.db import migrate
    from naij_tracker.db.opening import sqlite_url

    path = tmp_path / "old.sqlite3"
    path.touch(mode=0o600)
    migrate.upgrade(sqlite_url(str(path)), "0002_search_index")
    for mid, number in ((1, "G-7"), (2, "g-7"), (3, "G-8")):
        _raw(path, "INSERT INTO matter (id, kind, title, status, priority, opened_on, "
                   "search_text, created_at, updated_at, version) VALUES "
                   f"({mid}, 'grievance', 't', 'open', 'normal', '2026-01-01', '', "
                   "'2026-01-01', '2026-01-01', 1)",
             f"INSERT INTO grievance (id, grievance_number, step) VALUES ({mid}, '{number}', "
             "'step1')")
    with pytest.raises(StorageError) as caught:
        open_database(path)
    message = str(caught.value)
    _one_line(message)
    assert "'G-7' (matter 1) = 'g-7' (matter 2)" in message and "G-8" not in message
    assert _rows(path, "SELECT version_num FROM alembic_version") == [("0002_search_index",)]
    assert [b.reason for b in list_backups(path)] == ["before-upgrade"]
