"""A command run as its own process skips the garbage collector's last passes at exit
(``cli._ending``); a command called from Python (the tests, the window) does not."""

from __future__ import annotations

import gc
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from naij_tracker import app_log, cli


def csv_file(path: Path) -> Path:
    path.write_text("Grievance #,Judge,Court,Step,Date filed\n"
                    "EN-1,Ana Petrova,Boston,Step 1,3/7/2025\n"
                    "EN-2,Ben Okafor,Reno,Step 2,2019-08-09\n",
                    encoding="utf-8")
    return path


def test_a_command_run_as_its_process_freezes_what_is_left_for_the_exit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(app_log.LOG_DIR_VAR, str(tmp_path / "logs"))
    monkeypatch.setattr(sys, "argv", ["naij-tracker", "--db", str(tmp_path / "c.sqlite3"),
                                      "info"])
    assert gc.get_freeze_count() == 0
    try:
        assert cli.main() == 0
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_a_command_called_from_python_leaves_the_collector_alone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(app_log.LOG_DIR_VAR, str(tmp_path / "logs"))
    assert cli.main(["--db", str(tmp_path / "c.sqlite3"), "info"]) == 0
    assert gc.get_freeze_count() == 0


def test_an_import_run_as_its_process_is_committed_whole(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    logs = tmp_path / "logs"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), app_log.LOG_DIR_VAR: str(logs),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-m", "naij_tracker.cli", "--db", str(db), "import",
                           str(csv_file(tmp_path / "g.csv"))],
                          env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Committed as import batch 1" in done.stdout
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT grievance_number, filed_on FROM grievance ORDER BY 1"
                            ).fetchall() == [("EN-1", "2025-03-07"), ("EN-2", "2019-08-09")]
    finally:
        conn.close()
