"""No writer overwrites what it should not: ``deadlines --ics``, ``export --out``, ``brief --out``
and ``backup --to`` refuse the open database, its lock and backups, and any existing file they
did not write (unless ``--force``); the refused file is left byte for byte as it was."""

from __future__ import annotations

import hashlib
import os
from datetime import date
from pathlib import Path

import pytest

from naij_tracker.cli import main
from naij_tracker.db.opening import open_database
from naij_tracker.services.deadlines import DeadlineService
from naij_tracker.services.maintenance import backup_now
from naij_tracker.services.matters import MatterService

WRITERS = {
    "ics": (["deadlines", "--ics"], ".ics"),
    "csv": (["export", "grievances", "--out"], ".csv"),
    "xlsx": (["export", "members", "--out"], ".xlsx"),
    "pdf": (["brief", "--out"], ".pdf"),
    "backup": (["backup", "--to"], ".sqlite3"),
}


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    path = tmp_path / "cases.sqlite3"
    db = open_database(path)
    try:
        gid = MatterService(db, "t").create("grievance", {
            "title": "Denied telework", "grievance_number": "G-1", "filed_on": date(2026, 3, 2)})
        DeadlineService(db, "t").add_manual(gid, "Step 2 appeal", date(2026, 12, 20))
        backup_now(db)
    finally:
        db.close()
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(cases: Path, writer: str, target: Path, *extra: str) -> int:
    command, _suffix = WRITERS[writer]
    return main(["--db", str(cases), *command, str(target), *extra])


def _refused(capsys: pytest.CaptureFixture[str], *words: str) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    for word in words:
        assert word in err, err
    return err


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_the_open_database_is_never_a_target(cases: Path, tmp_path: Path, writer: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    _command, suffix = WRITERS[writer]
    before = _digest(cases)
    # The database itself, under its own name or another one (a link with the writer's
    # extension), even with --force.
    alias = tmp_path / f"alias{suffix}"
    os.symlink(cases, alias)
    for target in (cases, alias):
        assert _run(cases, writer, target, "--force") == 1
        _refused(capsys, "is the database in use")
    assert _digest(cases) == before and alias.is_symlink()


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_the_lock_and_the_backups_are_never_a_target(cases: Path, writer: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    _command, suffix = WRITERS[writer]
    [backup] = (cases.parent / "backups").glob("*.sqlite3")
    before = _digest(backup)
    lock = cases.with_name(cases.name + ".lock")
    lock.write_text("{}")
    assert _run(cases, writer, lock, "--force") == 1
    _refused(capsys, "is the database in use")
    assert lock.read_text() == "{}"
    for target in (backup, backup.with_name(f"new{suffix}")):
        assert _run(cases, writer, target, "--force") == 1
        _refused(capsys, "backups folder")
    assert _digest(backup) == before
    assert sorted(p.name for p in backup.parent.iterdir()) == [backup.name]


FOREIGN = {
    ".ics": b"Dentist on Tuesday; call Maria back.\n",
    ".csv": b"Name,Phone\nMaria,555-0100\n",
    ".xlsx": b"PK\x03\x04 a steward's own workbook",
    ".pdf": b"%PDF-1.7\n% counsel's brief, not ours\n",
    ".sqlite3": b"SQLite format 3\x00 someone else's file",
}


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_an_unrelated_existing_file_is_refused_unless_forced(
        cases: Path, tmp_path: Path, writer: str, capsys: pytest.CaptureFixture[str]) -> None:
    _command, suffix = WRITERS[writer]
    target = tmp_path / f"notes{suffix}"
    target.write_bytes(FOREIGN[suffix])
    assert _run(cases, writer, target) == 1
    _refused(capsys, "already exists", "--force", str(target))
    assert target.read_bytes() == FOREIGN[suffix]
    assert _run(cases, writer, target, "--force") == 0
    assert target.read_bytes() != FOREIGN[suffix]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


@pytest.mark.parametrize("writer", ["ics", "csv", "xlsx", "pdf"])
def test_a_command_may_replace_its_own_earlier_output(cases: Path, tmp_path: Path,
                                                      writer: str) -> None:
    _command, suffix = WRITERS[writer]
    target = tmp_path / f"again{suffix}"
    assert _run(cases, writer, target) == 0
    assert _run(cases, writer, target) == 0
    assert target.stat().st_mode & 0o077 == 0


def test_a_missing_folder_or_a_folder_is_refused(cases: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(cases, "ics", tmp_path / "nowhere" / "d.ics") == 1
    _refused(capsys, "does not exist")
    folder = tmp_path / "folder.ics"
    folder.mkdir()
    assert _run(cases, "ics", folder) == 1
    _refused(capsys, "is a folder")


@pytest.mark.parametrize("command", [
    ["letter", "grievance-step-2", "--matter", "G-1", "--out"],
    ["import", "SHEET", "--errors-csv"],
])
def test_letters_and_error_reports_follow_the_same_rule(
        cases: Path, tmp_path: Path, command: list[str],
        capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "log.csv"
    sheet.write_text("Grievance number,Title,Filed\nG-9,Denied,not a date\n", encoding="utf-8")
    command = [str(sheet) if c == "SHEET" else c for c in command]
    suffix = ".docx" if command[0] == "letter" else ".csv"
    before = _digest(cases)
    alias = tmp_path / f"alias{suffix}"
    os.symlink(cases, alias)
    assert main(["--db", str(cases), *command, str(alias), "--force"]) == 1
    _refused(capsys, "is the database in use")
    assert _digest(cases) == before
    foreign = tmp_path / f"mine{suffix}"
    foreign.write_bytes(b"the officer's own file")
    assert main(["--db", str(cases), *command, str(foreign)]) == 1
    _refused(capsys, "already exists", "--force")
    assert foreign.read_bytes() == b"the officer's own file"
