"""``naij-tracker import`` / ``undo-import``: JSON report, exit codes, nothing half-written."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from naij_tracker.cli import main


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Grievance Number", "Member", "Court", "Step", "Date filed"])
        w.writerows(rows)
    return path


GOOD = [["G-1", "Ana Petrova", "Boston", "1", "2026-01-05"],
        ["G-2", "Union", "Denver", "Step 2", "01/06/2026"]]


def test_import_json_then_undo(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    db = str(tmp_path / "db.sqlite3")
    src = _csv(tmp_path / "log.csv", GOOD)
    assert main(["--db", db, "import", str(src), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["committed"] is True and out["created"] == 2 and out["errors"] == []
    assert out["batch_id"] == 1
    assert main(["--db", db, "import", str(src), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert main(["--db", db, "undo-import", "1"]) == 0
    assert "removed 2 grievance(s)" in capsys.readouterr().out
    assert main(["--db", db, "info", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["grievance"] == 0


def test_rejected_file_exit_1_nothing_written(tmp_path: Path,
                                              capsys: pytest.CaptureFixture) -> None:
    db = str(tmp_path / "db.sqlite3")
    src = _csv(tmp_path / "bad.csv", GOOD + [["G-3", "Bo", "Miami", "Step 7", "2026-01-07"]])
    report = tmp_path / "errors.csv"
    assert main(["--db", db, "import", str(src), "--json", "--errors-csv", str(report)]) == 1
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert out["committed"] is False and out["batch_id"] is None
    (err,) = out["errors"]
    assert err["row"] == 4 and err["column"] == "Step"
    assert "nothing was imported" in captured.err
    assert "Step 7" in report.read_text(encoding="utf-8-sig")
    assert main(["--db", db, "info", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["grievance"] == 0


def test_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    db = str(tmp_path / "db.sqlite3")
    src = _csv(tmp_path / "log.csv", GOOD)
    assert main(["--db", db, "import", str(src), "--dry-run", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["committed"] is False
    assert main(["--db", db, "info", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["grievance"] == 0


@pytest.mark.parametrize("content", [b"%PDF-1.4 not a sheet", b"", b"PK\x03\x04broken zip"])
def test_not_a_spreadsheet_is_one_line_exit_1(tmp_path: Path, content: bytes,
                                              capsys: pytest.CaptureFixture) -> None:
    src = tmp_path / "grievances.xlsx"
    src.write_bytes(content)
    assert main(["--db", str(tmp_path / "db.sqlite3"), "import", str(src)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "grievances.xlsx" in err and "Traceback" not in err


def test_import_refuses_while_another_instance_holds_the_file(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    import subprocess
    import sys

    db = tmp_path / "db.sqlite3"
    assert main(["--db", str(db), "info"]) == 0
    capsys.readouterr()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\n"
         "from naij_tracker.db.lock import acquire_lock\n"
         "lock = acquire_lock(sys.argv[1]); print('locked', flush=True)\n"
         "sys.stdin.readline(); lock.release()\n", str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        assert main(["--db", str(db), "import", str(_csv(tmp_path / "l.csv", GOOD))]) == 1
        assert "is open by" in capsys.readouterr().err
    finally:
        holder.communicate("\n", timeout=30)
    assert main(["--db", str(db), "import", str(_csv(tmp_path / "l.csv", GOOD))]) == 0
