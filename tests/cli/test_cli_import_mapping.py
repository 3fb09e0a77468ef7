"""The command line does what the wizard does: value meanings (--map), profiles (--profile,
--save-profile), near matches (--new-members), and a dry run while the app holds the file."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from naij_tracker.cli import main
from naij_tracker.db.opening import open_database
from naij_tracker.services.people import PeopleService

HEADER = ["Grievance #", "Judge", "IC", "Status", "Date filed"]


def _csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    code = main([*args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def _with_member(db_file: Path, name: str, court: str) -> int:
    db = open_database(db_file)
    try:
        return PeopleService(db, "officer").create_member({"name": name, "court": court})
    finally:
        db.close()


def test_map_says_what_a_value_means_and_the_profile_keeps_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "db.sqlite3")
    first = _csv(tmp_path / "a.csv", [["G-1", "Union", "Boston", "Done with it", "2026-01-05"],
                                      ["G-2", "Union", "Boston", "Closed", "2026-01-06"]])
    code, report = _run(capsys, "--db", db, "import", str(first), "--dry-run")
    assert code == 1
    assert report["unknown_values"] == [{"field": "status", "value": "Done with it",
                                         "count": 1, "rows": [2], "column": "Status"}]
    code, report = _run(capsys, "--db", db, "import", str(first),
                        "--map", 'status:"Done with it"=withdrawn', "--save-profile", "Boston")
    assert code == 0 and report["created"] == 2 and report["errors"] == []
    # A second file with other headers: the named profile brings the meaning along.
    second = _csv(tmp_path / "b.csv", [["G-3", "Union", "Done with it", "2026-02-01"]],
                  ["Case #", "Member", "Current status", "Filed"])
    code, report = _run(capsys, "--db", db, "import", str(second), "--dry-run")
    assert code == 1 and report["unknown_values"][0]["value"] == "Done with it"
    code, report = _run(capsys, "--db", db, "import", str(second), "--profile", "Boston")
    assert code == 0 and report["created"] == 1
    capsys.readouterr()
    assert main(["--db", db, "import", str(second), "--profile", "Nowhere"]) == 1
    assert "There is no import profile 'Nowhere'; profiles: Boston." in capsys.readouterr().err


def test_a_bad_map_option_is_one_plain_line(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    src = _csv(tmp_path / "a.csv", [["G-1", "Union", "Boston", "Open", "2026-01-05"]])
    assert main(["--db", str(tmp_path / "db.sqlite3"), "import", str(src),
                 "--map", 'status:"Done"=finished']) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "'finished' is not a status" in err


def test_near_matches_are_errors_without_new_members(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    db_file = tmp_path / "db.sqlite3"
    assert main(["--db", str(db_file), "info"]) == 0
    wen = _with_member(db_file, "Wen Castellanos", "Chicago")
    capsys.readouterr()
    src = _csv(tmp_path / "a.csv", [["G-1", "Wen Castelanos", "Chicago", "Open", "2026-01-05"],
                                    ["G-2", "Castellanos, Wen", "Chicago", "Open", "2026-01-06"]])
    code, report = _run(capsys, "--db", str(db_file), "import", str(src))
    assert code == 1 and report["committed"] is False
    assert report["near_matches"] == [{"name": "Wen Castelanos", "rows": [2], "did_you_mean": [
        {"member": "Wen Castellanos", "court": "Chicago", "why": "one letter off"}]}]
    assert [e["row"] for e in report["errors"]] == [2]
    code, report = _run(capsys, "--db", str(db_file), "import", str(src), "--new-members")
    assert code == 0 and report["created"] == 2 and report["new_members"] == 1
    db = open_database(db_file)
    try:
        names = sorted(m.name for m in PeopleService(db, "t").members())
    finally:
        db.close()
    assert names == ["Wen Castelanos", "Wen Castellanos"]  # G-2 went to the stored Wen
    assert wen


HOLDER = """
import sys
from naij_tracker.db.session import open_for_writing_or_readonly
opened = open_for_writing_or_readonly(sys.argv[1], ask=lambda _: False)
with opened.db.engine.connect() as conn:
    transaction = conn.begin()
    conn.exec_driver_sql("UPDATE member SET court = 'Moved' WHERE id = 1")
    print("holding", flush=True)
    sys.stdin.read()   # hold the lock and an open write transaction until stdin closes
    transaction.rollback()
opened.close()
"""


def test_dry_run_and_info_work_while_another_process_holds_the_database(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_file = tmp_path / "db.sqlite3"
    assert main(["--db", str(db_file), "info"]) == 0
    _with_member(db_file, "Ana Petrova", "Boston")
    src = _csv(tmp_path / "a.csv", [["G-1", "Ana Petrova", "Boston", "Open", "2026-01-05"]])
    capsys.readouterr()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_file)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        code, report = _run(capsys, "--db", str(db_file), "import", str(src), "--dry-run")
        assert code == 0 and report["created"] == 1 and report["new_members"] == 0
        code, info = _run(capsys, "--db", str(db_file), "info")
        assert code == 0 and info["counts"]["grievance"] == 0
        # Writing is refused with the holder named, and nothing is written.
        assert main(["--db", str(db_file), "import", str(src)]) == 1
        assert "open" in capsys.readouterr().err.lower()
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=20)
