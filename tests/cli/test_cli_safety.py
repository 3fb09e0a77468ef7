"""``naij-tracker backup / restore / check / export`` end to end."""

from __future__ import annotations

import csv
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from naij_tracker.cli import main
from naij_tracker.db.lock import acquire_lock
from naij_tracker.db.opening import open_database
from naij_tracker.services.matters import MatterService
from naij_tracker.services.people import PeopleService


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    path = tmp_path / "cases.sqlite3"
    db = open_database(path)
    try:
        member = PeopleService(db, "t").create_member({"name": "Ana Petrova",
                                                       "email": "ana@example.org"})
        matters = MatterService(db, "t")
        matters.create("grievance", {"title": "=1+1", "grievance_number": "G-1",
                                     "member_id": member, "filed_on": date(2026, 3, 2)})
        closed = matters.create("grievance", {"title": "Old", "grievance_number": "G-0",
                                              "filed_on": date(2025, 3, 2)})
        matters.close(closed, "withdrawn", date(2025, 4, 1))
    finally:
        db.close()
    return path


def _titles(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT title FROM matter ORDER BY id")]
    finally:
        conn.close()


def test_backup_into_the_backups_folder_and_to_a_file(cases: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(cases), "backup"]) == 0
    made = sorted((tmp_path / "backups").glob("cases-*-manual.sqlite3"))
    assert len(made) == 1 and made[0].stat().st_mode & 0o077 == 0
    assert str(made[0]) in capsys.readouterr().out
    dest = tmp_path / "usb" / "copy.sqlite3"
    assert main(["--db", str(cases), "backup", "--to", str(dest)]) == 0
    assert _titles(dest) == _titles(cases)
    assert main(["--db", str(cases), "backup", "--to", str(dest)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["--db", str(tmp_path / "missing.sqlite3"), "backup"]) == 1


def test_restore_replaces_and_keeps_the_previous_contents(cases: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    backup = tmp_path / "before.sqlite3"
    assert main(["--db", str(cases), "backup", "--to", str(backup)]) == 0
    db = open_database(cases)
    MatterService(db, "t").update(1, {"title": "Changed later"})
    db.close()
    assert main(["--db", str(cases), "restore", str(backup)]) == 0
    out = capsys.readouterr().out
    assert "previous contents were saved as" in out
    assert _titles(cases)[0] == "=1+1"
    [safety] = (tmp_path / "backups").glob("*-before-restore.sqlite3")
    assert _titles(safety)[0] == "Changed later"


def test_restore_is_refused_while_another_instance_has_the_file(
        cases: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    backup = tmp_path / "before.sqlite3"
    assert main(["--db", str(cases), "backup", "--to", str(backup)]) == 0
    with acquire_lock(cases):
        assert main(["--db", str(cases), "restore", str(backup)]) == 1
    assert "already open" in capsys.readouterr().err
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("not a database")
    assert main(["--db", str(cases), "restore", str(bad)]) == 1
    assert "cannot be restored" in capsys.readouterr().err


def test_check_passes_then_fails_with_a_readable_list(cases: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(cases), "check"]) == 0
    assert "no problems found" in capsys.readouterr().out
    conn = sqlite3.connect(cases, isolation_level=None)
    conn.execute("INSERT INTO deadline (matter_id, title, due_on, created_at) "
                 "VALUES (404, 'Orphan', '2026-05-01', '2026-03-02')")
    conn.execute("UPDATE history_entry SET changes = 'not json' WHERE id = 1")
    conn.close()
    assert main(["--db", str(cases), "check"]) == 1
    out = capsys.readouterr().out
    assert "problems found:" in out
    assert "  - Deadline 1 belongs to matter 404, which does not exist." in out
    assert "  - History entry 1 has unreadable changes (not JSON)." in out


def test_check_exits_1_on_a_damaged_file_as_a_real_process(cases: Path) -> None:
    conn = sqlite3.connect(cases)
    root, size = conn.execute("SELECT rootpage, (SELECT page_size FROM pragma_page_size) "
                              "FROM sqlite_master WHERE name = 'matter'").fetchone()
    conn.close()
    with cases.open("r+b") as fh:
        fh.seek((root - 1) * size)
        fh.write(b"\xff" * 8)
    done = subprocess.run([sys.executable, "-m", "naij_tracker.cli", "--db", str(cases), "check"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "damage" in done.stdout and "Traceback" not in done.stdout + done.stderr


def test_export_formats_follow_the_extension(cases: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "g.csv"
    assert main(["--db", str(cases), "export", "grievances", "--out", str(out)]) == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert [r[0] for r in rows[1:]] == ["G-1"] and rows[1][rows[0].index("Title")] == "'=1+1"
    assert main(["--db", str(cases), "export", "grievances", "--include-closed",
                 "--out", str(out)]) == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.reader(fh))) == 3
    xlsx = tmp_path / "members.xlsx"
    assert main(["--db", str(cases), "export", "members", "--no-contacts", "--out",
                 str(xlsx)]) == 0
    from openpyxl import load_workbook

    ws = load_workbook(xlsx).active
    assert ws is not None
    assert [c.value for c in ws[1]] == ["Name", "Court", "Membership", "Open grievances"]
    capsys.readouterr()
    assert main(["--db", str(cases), "export", "deadlines", "--out", str(tmp_path / "d.pdf")]) == 1
    assert ".csv or .xlsx" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["--db", str(cases), "export", "secrets", "--out", str(out)])
    assert usage.value.code == 2


def test_export_makes_the_days_backup(cases: Path, tmp_path: Path) -> None:
    assert main(["--db", str(cases), "export", "flra", "--out", str(tmp_path / "f.xlsx")]) == 0
    assert len(list((tmp_path / "backups").glob("cases-*-daily.sqlite3"))) == 1
    assert main(["--db", str(cases), "export", "flra", "--out", str(tmp_path / "f.xlsx")]) == 0
    assert len(list((tmp_path / "backups").glob("cases-*-daily.sqlite3"))) == 1


def test_export_kinds_named_in_the_parser_match_the_exporter() -> None:
    from naij_tracker.cli import safety as cli_safety
    from naij_tracker.reports import exports

    assert cli_safety.EXPORT_KINDS == exports.EXPORT_KINDS


def test_the_days_backup_is_made_after_the_command_s_work(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The officer's command does not wait behind a copy: the backup follows the work (so the
    day's copy already holds what the command wrote) and its output is printed first."""
    import sqlite3

    db = tmp_path / "fresh.sqlite3"
    assert main(["--db", str(db), "demo"]) == 0
    assert "Sample data loaded" in capsys.readouterr().out
    (backup,) = (tmp_path / "backups").glob("fresh-*-daily.sqlite3")
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT count(*) FROM grievance").fetchone()[0] > 0
