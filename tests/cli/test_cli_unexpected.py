"""A bug in a command is one line on the terminal and a whole traceback in the log."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from naij_tracker import app_log, cli


def test_unexpected_error_is_one_line_and_logged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(app_log.LOG_DIR_VAR, str(tmp_path / "logs"))
    monkeypatch.delenv(cli.DEBUG_VAR, raising=False)

    def broken(args: argparse.Namespace) -> int:
        raise RuntimeError("Ursula Zimmerman")  # a row value must not reach the terminal

    cli._register_extensions()
    monkeypatch.setitem(cli.COMMANDS, "info", broken)
    status = cli.main(["--db", str(tmp_path / "cases.sqlite3"), "info"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and "unexpected error" in err and "Zimmerman" not in err
    log_text = (tmp_path / "logs" / app_log.LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "RuntimeError: Ursula Zimmerman" in log_text and "Traceback" in log_text


def test_debug_variable_lets_developers_see_the_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(app_log.LOG_DIR_VAR, str(tmp_path / "logs"))
    monkeypatch.setenv(cli.DEBUG_VAR, "1")

    def broken(args: argparse.Namespace) -> int:
        raise RuntimeError("bug")

    cli._register_extensions()
    monkeypatch.setitem(cli.COMMANDS, "info", broken)
    with pytest.raises(RuntimeError):
        cli.main(["--db", str(tmp_path / "cases.sqlite3"), "info"])


def test_a_reader_that_stops_reading_is_not_an_error(tmp_path: Path) -> None:
    """`naij-tracker deadlines | head -1`: the pipe closes early; no message, no log entry."""
    import os
    import subprocess
    import sys

    from naij_tracker.db.opening import open_database
    from naij_tracker.services.sample_data import load_sample_data

    db_path = tmp_path / "cases.sqlite3"
    db = open_database(db_path)
    load_sample_data(db, grievances=400)
    db.close()
    env = {**os.environ, app_log.LOG_DIR_VAR: str(tmp_path / "logs")}
    env.pop(cli.DEBUG_VAR, None)
    command = (f'"{sys.executable}" -m naij_tracker --db "{db_path}" deadlines --json '
               '| head -c 10')
    done = subprocess.run(["sh", "-c", command], env=env, capture_output=True, text=True,
                          timeout=120)
    assert len(done.stdout) == 10
    assert done.stderr == ""
    log = tmp_path / "logs" / app_log.LOG_FILE_NAME
    assert not log.exists() or "Unexpected" not in log.read_text(encoding="utf-8")
