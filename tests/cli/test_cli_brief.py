"""``naij-tracker brief`` on the sample database: contents, redaction, selection, validity."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from naij_tracker.cli import main
from naij_tracker.db.opening import open_database
from naij_tracker.services.people import PeopleService
from naij_tracker.services.sample_data import load_sample_data


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("brief") / "sample.sqlite3"
    db = open_database(path)
    load_sample_data(db, grievances=60)
    db.close()
    return path


def _text(pdf: Path) -> tuple[int, str]:
    reader = PdfReader(pdf)
    return len(reader.pages), "\n".join(p.extract_text() or "" for p in reader.pages)


def _titles(path: Path) -> list[str]:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute(
            "SELECT title FROM matter WHERE kind = 'flra' ORDER BY id")]
    finally:
        conn.close()


def test_packet_has_contents_every_matter_and_passes_qpdf(sample_db: Path, tmp_path: Path
                                                          ) -> None:
    out = tmp_path / "packet.pdf"
    assert main(["--db", str(sample_db), "brief", "--out", str(out), "--kinds", "flra",
                 "--include-closed", "--since", "2020-01-01"]) == 0
    pages, text = _text(out)
    assert pages >= 4
    assert "Contents" in text and "Executive summary" in text and "Deadlines" in text
    flat = re.sub(r"\s+", " ", text)
    for title in _titles(sample_db):
        assert title in flat, title
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert "WA-RP-19-0067" in text
    qpdf = shutil.which("qpdf")
    assert qpdf, "qpdf is required (Debian package qpdf; .ci/run installs it)"
    check = subprocess.run([qpdf, "--check", str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_redacted_packet_has_no_member_name_or_email(sample_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "redacted.pdf"
    assert main(["--db", str(sample_db), "brief", "--out", str(out), "--redact",
                 "--include-closed"]) == 0
    _, text = _text(out)
    flat = re.sub(r"\s+", " ", text)
    db = open_database(sample_db, read_only=True)
    try:
        members = PeopleService(db, "t").members()
    finally:
        db.close()
    for m in members:
        assert m.name not in flat, m.name
        if m.email:
            assert m.email not in flat
    assert "@example.org" not in flat
    assert "Member A" in flat


def test_one_matter_selected(sample_db: Path, tmp_path: Path,
                             capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "one.pdf"
    assert main(["--db", str(sample_db), "brief", "--out", str(out), "--matter", "4"]) == 0
    assert "1 matters" in capsys.readouterr().out


@pytest.mark.parametrize("args", [
    ["--kinds", "cats"], ["--since", "2026-13-01"], ["--matter", "99999"],
])
def test_bad_options_exit_1(sample_db: Path, tmp_path: Path, args: list[str],
                            capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "bad.pdf"
    assert main(["--db", str(sample_db), "brief", "--out", str(out), *args]) == 1
    assert not out.exists()
    assert capsys.readouterr().err.count("\n") == 1
