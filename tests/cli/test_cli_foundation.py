"""End-to-end CLI: demo and info, refusals with exit 1 and the file untouched, usage errors."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from naij_tracker.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "naij_tracker.cli", *args],
                          capture_output=True, text=True, timeout=120)


def test_demo_then_info_json_counts_every_kind(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    done = run("--db", str(path), "demo")
    assert done.returncode == 0, done.stderr
    info = run("--db", str(path), "info", "--json")
    assert info.returncode == 0, info.stderr
    counts = json.loads(info.stdout)["counts"]
    for key in ("bargaining", "flra", "grievance", "metric_dispute", "members"):
        assert counts[key] > 0, key
    again = run("--db", str(path), "demo")
    assert again.returncode == 1
    assert "already holds records" in again.stderr
    assert "Traceback" not in again.stderr


def _digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.mark.parametrize("kind", ["text", "truncated", "future"])
def test_refused_files_exit_1_with_one_line_and_stay_unchanged(tmp_path: Path, kind: str,
                                                               capsys: pytest.CaptureFixture
                                                               ) -> None:
    path = tmp_path / "bad.sqlite3"
    if kind == "text":
        path.write_text("Grievance #,Member\n0042,Ana\n")
    else:
        assert main(["--db", str(path), "info"]) == 0
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA journal_mode=DELETE")
        if kind == "future":
            conn.execute("UPDATE alembic_version SET version_num='0999_future'")
            conn.commit()
        conn.close()
        if kind == "truncated":
            data = path.read_bytes()
            path.write_bytes(data[: len(data) - 4096])
    capsys.readouterr()
    before = _digest(path)
    assert main(["--db", str(path), "info"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("naij-tracker: ")
    assert _digest(path) == before


def test_env_var_chooses_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "env.sqlite3"
    monkeypatch.setenv("NAIJ_TRACKER_DB", str(path))
    assert main(["info", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["database"] == str(path)


def test_usage_error_is_exit_2() -> None:
    assert run("no-such-command").returncode == 2


def test_help_documents_each_command() -> None:
    out = run("--help").stdout
    for name in ("info", "demo", "deadline", "deadlines"):
        assert name in out


@pytest.mark.parametrize(("url", "says"), [
    ("postgresql+psycopg://ana:s3cret@localhost:1/naij",
     "Cannot use the database at postgresql+psycopg://localhost:1/naij: "),
    ("mysql://ana:s3cret@localhost/naij",
     "'mysql://…' names a database server or driver this application does not use"),
])
def test_an_unusable_server_is_refused_plainly(url: str, says: str) -> None:
    for args in (("--db", url, "info"), ("--db", url, "demo")):
        done = run(*args)
        assert done.returncode == 1
        assert "Traceback" not in done.stderr
        assert done.stderr.startswith(f"naij-tracker: {says}")
        assert "s3cret" not in done.stderr


@pytest.mark.parametrize(("command", "says"), [
    ("info", "is a folder, not a database file"), ("demo", "is a folder, not a database file"),
    ("check", "cannot be read: Is a directory")])
def test_a_folder_given_as_the_database_is_refused_plainly(tmp_path: Path, command: str,
                                                           says: str) -> None:
    folder = tmp_path / "Cases"
    folder.mkdir()
    done = run("--db", str(folder), command)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert f"{folder} {says}" in done.stdout + done.stderr
    assert list(folder.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Cases"]
