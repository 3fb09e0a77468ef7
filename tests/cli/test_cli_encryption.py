"""``naij-tracker encrypt / decrypt / change-passphrase / recovery-key`` and every command on an
encrypted file, end to end."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from naij_tracker.cli import main
from naij_tracker.db import cipher, keywrap
from naij_tracker.db.opening import open_database
from naij_tracker.services import encryption as enc
from naij_tracker.services.matters import MatterService
from naij_tracker.services.people import PeopleService

PASS = "correct horse battery"
KEY_RE = re.compile(r"\b(?:[2-9A-Z]{5}-){5}[2-9A-Z]{5}\b")


@pytest.fixture(autouse=True)
def _fast_keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(keywrap, "SCRYPT_N", 2**10)
    monkeypatch.setattr(enc, "WRONG_SECRET_DELAY", 0.0)
    monkeypatch.delenv("NAIJ_TRACKER_PASSPHRASE", raising=False)
    monkeypatch.delenv("NAIJ_TRACKER_NEW_PASSPHRASE", raising=False)
    yield
    cipher.lock()


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    path = tmp_path / "cases.sqlite3"
    db = open_database(path)
    try:
        member = PeopleService(db, "t").create_member({"name": "Ana Petrova"})
        MatterService(db, "t").create("grievance", {
            "title": "Leave denied", "grievance_number": "G-1", "member_id": member,
            "filed_on": date(2026, 3, 2)})
    finally:
        db.close()
    return path


def _fresh_process() -> None:
    """What a new command-line process starts with: no key in memory."""
    cipher.lock()


def test_encrypt_prints_the_recovery_key_once_and_every_command_then_asks(
        cases: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NAIJ_TRACKER_PASSPHRASE", PASS)
    assert main(["--db", str(cases), "encrypt"]) == 0
    out = capsys.readouterr().out
    keys = KEY_RE.findall(out)
    assert len(keys) == 1 and "Ana Petrova" not in cases.read_bytes().decode("latin-1")
    assert "backup(s) written before encryption" in out
    recovery = keys[0]

    _fresh_process()
    assert main(["--db", str(cases), "info", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["grievance"] == 1

    _fresh_process()
    monkeypatch.setenv("NAIJ_TRACKER_PASSPHRASE", "not the passphrase")
    assert main(["--db", str(cases), "info"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not open cases.sqlite3" in err

    _fresh_process()
    monkeypatch.setenv("NAIJ_TRACKER_PASSPHRASE", recovery)  # the recovery key opens it too
    assert main(["--db", str(cases), "info"]) == 0


def test_without_a_terminal_or_variable_the_message_says_what_to_do(
        cases: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NAIJ_TRACKER_PASSPHRASE", PASS)
    assert main(["--db", str(cases), "encrypt"]) == 0
    _fresh_process()
    monkeypatch.delenv("NAIJ_TRACKER_PASSPHRASE")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    capsys.readouterr()
    assert main(["--db", str(cases), "info"]) == 1
    assert "set NAIJ_TRACKER_PASSPHRASE" in capsys.readouterr().err


def test_the_passphrase_is_asked_on_the_terminal(
        cases: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NAIJ_TRACKER_PASSPHRASE", PASS)
    assert main(["--db", str(cases), "encrypt"]) == 0
    _fresh_process()
    monkeypatch.delenv("NAIJ_TRACKER_PASSPHRASE")
    asked: list[str] = []
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or PASS)
    assert main(["--db", str(cases), "info"]) == 0
    assert asked == ["Passphrase (or recovery key) for cases.sqlite3: "]


def test_change_passphrase_verify_recovery_key_and_decrypt(
        cases: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NAIJ_TRACKER_PASSPHRASE", PASS)
    assert main(["--db", str(cases), "encrypt"]) == 0
    recovery = KEY_RE.findall(capsys.readouterr().out)[0]
    body = cases.read_bytes()

    _fresh_process()
    monkeypatch.setenv("NAIJ_TRACKER_NEW_PASSPHRASE", "a new and longer one")
    assert main(["--db", str(cases), "change-passphrase"]) == 0
    assert cases.read_bytes() == body  # only the key file changed
    _fresh_process()
    assert main(["--db", str(cases), "info"]) == 1  # the old passphrase no longer opens it
    monkeypatch.setenv("NAIJ_TRACKER_PASSPHRASE", "a new and longer one")
    _fresh_process()
    assert main(["--db", str(cases), "info"]) == 0

    _fresh_process()
    monkeypatch.setenv("NAIJ_TRACKER_RECOVERY_KEY", recovery)
    capsys.readouterr()
    assert main(["--db", str(cases), "recovery-key", "--verify"]) == 0
    assert "The recovery key opens cases.sqlite3" in capsys.readouterr().out
    monkeypatch.setenv("NAIJ_TRACKER_RECOVERY_KEY", keywrap.new_recovery_key())
    assert main(["--db", str(cases), "recovery-key", "--verify"]) == 1

    _fresh_process()
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    assert main(["--db", str(cases), "decrypt"]) == 1  # not confirmed: nothing changed
    assert cipher.has_plain_header(cases) is False
    _fresh_process()
    assert main(["--db", str(cases), "decrypt", "--yes"]) == 0
    assert cipher.has_plain_header(cases) is True
    assert b"Ana Petrova" in cases.read_bytes()


def test_encrypt_a_new_file_creates_it_encrypted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "new.sqlite3"
    monkeypatch.setenv("NAIJ_TRACKER_PASSPHRASE", "short")
    assert main(["--db", str(path), "encrypt"]) == 1
    assert "at least 8 characters" in capsys.readouterr().err and not path.exists()
    monkeypatch.setenv("NAIJ_TRACKER_PASSPHRASE", PASS)
    assert main(["--db", str(path), "encrypt"]) == 0
    assert len(KEY_RE.findall(capsys.readouterr().out)) == 1
    assert enc.is_encrypted(path)


def test_backup_command_on_an_encrypted_file_as_a_real_process(
        cases: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NAIJ_TRACKER_PASSPHRASE", PASS)
    assert main(["--db", str(cases), "encrypt"]) == 0
    dest = tmp_path / "copy.sqlite3"
    # A fresh process: full-cost scrypt as stored in the key file is fine (it was made cheap).
    done = subprocess.run([sys.executable, "-m", "naij_tracker.cli", "--db", str(cases),
                           "backup", "--to", str(dest)], capture_output=True, text=True,
                          env={**_env(), "NAIJ_TRACKER_PASSPHRASE": PASS}, timeout=120)
    assert done.returncode == 0, done.stderr
    assert b"Ana Petrova" not in dest.read_bytes() and keywrap.keys_path(dest).exists()
    done = subprocess.run([sys.executable, "-m", "naij_tracker.cli", "--db", str(cases),
                           "check"], capture_output=True, text=True,
                          env={**_env(), "NAIJ_TRACKER_PASSPHRASE": "wrong one!"}, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("NAIJ_TRACKER_")}


def test_a_plain_export_from_an_encrypted_database_warns_and_is_private(
        cases: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NAIJ_TRACKER_PASSPHRASE", PASS)
    assert main(["--db", str(cases), "encrypt"]) == 0
    _fresh_process()
    capsys.readouterr()
    out = tmp_path / "grievances.csv"
    assert main(["--db", str(cases), "export", "grievances", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert err.count("warning:") == 1 and "will not be" in err and str(out) in err
    assert out.stat().st_mode & 0o777 == 0o600 and "Ana Petrova" in out.read_text("utf-8-sig")
