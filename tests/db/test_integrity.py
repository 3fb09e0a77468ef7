"""The database check catches real damage: flipped page bytes, tampered attachments, broken
invariants — and says so in sentences an officer can act on."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from naij_tracker.db.integrity import check_file, fold_number
from naij_tracker.db.opening import Database, open_database
from naij_tracker.services import maintenance
from naij_tracker.services.deadlines import DeadlineService
from naij_tracker.services.matters import MatterService
from naij_tracker.services.related import RelatedService


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small but complete database: every kind, deadlines, an attachment, history."""
    path = tmp_path_factory.mktemp("integrity") / "sound.sqlite3"
    db = open_database(path)
    try:
        from naij_tracker.services.sample_data import load_sample_data

        load_sample_data(db, today=date(2026, 3, 2), grievances=20)
        matters = MatterService(db, "test")
        gid = matters.create("grievance", {"title": "Denied telework", "grievance_number": "G-77",
                                           "filed_on": date(2026, 3, 2)})
        RelatedService(db, "test").attach(gid, "notice.txt", b"The agency's notice of 2 March.")
        DeadlineService(db, "test").add_manual(gid, "Step 2 appeal", date(2026, 3, 20))
    finally:
        db.close()
    return path


@pytest.fixture
def copy(sound: Path, tmp_path: Path) -> Iterator[Path]:
    dest = tmp_path / "copy.sqlite3"
    shutil.copyfile(sound, dest)  # the source is closed and checkpointed: a copy is safe here
    yield dest


def _raw(path: Path, *statements: str, fk: bool = False, checks: bool = True) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute(f"PRAGMA foreign_keys={'ON' if fk else 'OFF'}")
        if not checks:
            conn.execute("PRAGMA ignore_check_constraints=ON")
        for sql in statements:
            conn.execute(sql)
    finally:
        conn.close()


def _one(path: Path, sql: str) -> object:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def test_a_sound_database_has_no_problems(sound: Path) -> None:
    assert check_file(sound) == []
    assert check_file(sound, read_only=True) == []
    db = open_database(sound, read_only=True)
    try:
        assert maintenance.check_database(db) == []
    finally:
        db.close()


def test_flipped_bytes_in_a_page_are_caught(copy: Path) -> None:
    root = _one(copy, "SELECT rootpage FROM sqlite_master WHERE name = 'grievance'")
    page_size = _one(copy, "PRAGMA page_size")
    assert isinstance(root, int) and isinstance(page_size, int)
    with copy.open("r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(bytes(b ^ 0xFF for b in b"\x0d\x00\x00\x00\x05\x0f\x00\x00"))
    problems = check_file(copy)
    assert problems
    assert "damage" in problems[0].lower() and "restore a backup" in problems[0].lower()


def test_an_index_page_overwritten_with_noise_is_caught(copy: Path) -> None:
    root = _one(copy, "SELECT rootpage FROM sqlite_master WHERE name = 'ix_history_at'")
    page_size = _one(copy, "PRAGMA page_size")
    assert isinstance(root, int) and isinstance(page_size, int)
    with copy.open("r+b") as fh:
        fh.seek((root - 1) * page_size + 8)
        fh.write(b"\x5a" * 64)
    assert any("damage" in p.lower() for p in check_file(copy))


def test_an_attachment_tampered_with_is_caught(copy: Path) -> None:
    _raw(copy, "UPDATE attachment SET content = CAST('The agency''s notice of 3 March.' AS BLOB)")
    problems = check_file(copy)
    assert len(problems) == 1
    assert "notice.txt" in problems[0] and "SHA-256" in problems[0]


def test_an_attachment_of_the_wrong_size_is_caught(copy: Path) -> None:
    _raw(copy, "UPDATE attachment SET content = substr(content, 1, 5)")
    [problem] = check_file(copy)
    assert "recorded as" in problem


def test_a_deadline_without_its_matter_is_caught(copy: Path) -> None:
    _raw(copy, "INSERT INTO deadline (matter_id, title, due_on, created_at) "
               "VALUES (99999, 'Orphan', '2026-05-01', '2026-03-02 10:00:00')")
    problems = check_file(copy)
    assert any("Deadline" in p and "matter 99999, which does not exist" in p for p in problems)
    assert any("refers to a missing row of matter" in p for p in problems)


def test_a_row_breaking_a_check_constraint_is_caught(copy: Path) -> None:
    # SQLite's CHECK constraints are evaluated by the check (read-write), not skipped.
    _raw(copy, "UPDATE matter SET priority = 'whenever' WHERE id = (SELECT min(id) FROM matter)",
         "UPDATE deadline SET service_method = 'pigeon' WHERE id = (SELECT min(id) FROM deadline)",
         checks=False)
    [problem] = check_file(copy)
    assert "integrity check found damage" in problem
    assert "CHECK constraint failed in matter" in problem
    assert "CHECK constraint failed in deadline" in problem


def test_a_link_to_a_missing_matter_is_caught(copy: Path) -> None:
    a = _one(copy, "SELECT min(id) FROM matter")
    _raw(copy, f"INSERT INTO matter_link (from_matter_id, to_matter_id, relation, created_at) "
               f"VALUES ({a}, 77777, 'related', '2026-03-02')")
    problems = check_file(copy)
    assert any(f"joins matters {a} and 77777, and one of them does not exist" in p
               for p in problems)
    assert any("of matter_link refers to a missing row of matter" in p for p in problems)


def test_kind_rows_must_match_their_matter(copy: Path) -> None:
    gid = _one(copy, "SELECT id FROM grievance WHERE grievance_number = 'G-77'")
    _raw(copy, f"UPDATE matter SET kind = 'flra' WHERE id = {gid}", checks=False)
    problems = check_file(copy)
    assert any(f"Matter {gid} is recorded as 'flra' but has grievance details" in p
               for p in problems)
    assert any(f"Matter {gid} is a FLRA case but its FLRA case details are missing" in p
               for p in problems)


def test_kind_row_without_matter_and_matter_without_kind_row(copy: Path) -> None:
    gid = _one(copy, "SELECT id FROM grievance WHERE grievance_number = 'G-77'")
    fid = _one(copy, "SELECT id FROM flra_case LIMIT 1")
    _raw(copy, f"DELETE FROM matter WHERE id = {gid}", f"DELETE FROM flra_case WHERE id = {fid}")
    problems = check_file(copy)
    assert any(f"grievance details of {gid} have no matter row" in p for p in problems)
    assert any(f"Matter {fid} is a FLRA case but its" in p for p in problems)


def test_grievance_numbers_are_unique_ignoring_case(copy: Path) -> None:
    db = open_database(copy)
    try:
        # The service and the database compare letter case alike (lower()), so a full-width
        # copy of the number is what slips through...
        MatterService(db, "test").create("grievance", {
            "title": "Same grievance, other spreadsheet", "grievance_number": "ｇ-77",
            "filed_on": date(2026, 3, 3)})
        problems = maintenance.check_database(db)
    finally:
        db.close()
    # ...and the check reports it for the officer to merge.
    assert len(problems) == 1
    assert "'G-77' is used more than once" in problems[0] and "'ｇ-77'" in problems[0]
    assert fold_number(" Ｇ-77 ") == fold_number("g-77")


def test_unreadable_history_is_caught(copy: Path) -> None:
    hid = _one(copy, "SELECT max(id) FROM history_entry")
    _raw(copy, f"UPDATE history_entry SET changes = '{{\"title\": [' WHERE id = {hid}")
    assert check_file(copy) == [f"History entry {hid} has unreadable changes (not JSON)."]


@pytest.mark.parametrize(("changes", "sentence"), [
    ('["title"]', "has changes that are not a field list."),
    ('"title"', "has changes that are not a field list."),
    ("{'title': 1}", "has unreadable changes (not JSON)."),
    ("", "has unreadable changes (not JSON)."),
])
def test_history_that_is_not_a_json_object_is_caught(copy: Path, changes: str,
                                                     sentence: str) -> None:
    # The file check lets SQLite's JSON functions pass over the good rows; the rest are parsed.
    hid = _one(copy, "SELECT min(id) + 1 FROM history_entry")
    _raw(copy, f"UPDATE history_entry SET changes = '{changes.replace(chr(39), chr(39) * 2)}' "
               f"WHERE id = {hid}")
    assert check_file(copy) == [f"History entry {hid} {sentence}"]


def test_a_search_index_out_of_step_is_caught(copy: Path) -> None:
    _raw(copy, "INSERT INTO matter_fts(matter_fts, rowid, search_text) "
               "SELECT 'delete', id, 'words that were never there' FROM matter LIMIT 1")
    problems = check_file(copy)
    assert len(problems) == 1 and "search index" in problems[0]


def test_files_that_are_not_ours(tmp_path: Path) -> None:
    text = tmp_path / "notes.sqlite3"
    text.write_text("just notes")
    assert "not an SQLite database" in check_file(text)[0]
    foreign = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    assert "not a NAIJ Case Tracker database" in check_file(foreign)[0]
    assert "no database" in check_file(tmp_path / "missing.sqlite3")[0]
    truncated = tmp_path / "short.sqlite3"
    truncated.write_bytes(b"SQLite format 3\x00" + b"\x00" * 20)
    assert "truncated" in check_file(truncated)[0]


def test_checking_does_not_change_the_file(copy: Path) -> None:
    before = copy.read_bytes()
    assert check_file(copy) == []
    assert copy.read_bytes() == before


def test_many_problems_are_summarised(copy: Path) -> None:
    _raw(copy, *[f"INSERT INTO deadline (matter_id, title, due_on, created_at) VALUES "
                 f"({90000 + i}, 'Orphan', '2026-05-01', '2026-03-02')" for i in range(30)])
    problems = check_file(copy)
    orphans = [p for p in problems if p.startswith("Deadline")]
    assert len(orphans) == 20
    assert problems[problems.index(orphans[-1]) + 1] == "… and 10 more like these."


def test_check_database_on_an_open_database(db: Database) -> None:
    assert maintenance.check_database(db) == []
