"""``naij-tracker letter``: list, fill to .docx or .pdf, never overwrite without --force."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from naij_tracker.cli import main
from naij_tracker.db.opening import open_database
from naij_tracker.domain import clock
from naij_tracker.services.letters import LetterSettings, save_letter_settings
from naij_tracker.services.sample_data import load_sample_data
from naij_tracker.services.settings import load_settings, save_settings


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("letter-cli") / "sample.sqlite3"
    db = open_database(path)
    load_sample_data(db, grievances=40)
    settings = load_settings(db)
    settings.officer_name = "Dana Whitfield"
    save_settings(db, settings)
    save_letter_settings(db, LetterSettings(officer_role="President"))
    db.close()
    return path


@pytest.fixture
def db_file(sample: Path, tmp_path: Path) -> Path:
    path = tmp_path / "cases.sqlite3"
    shutil.copy(sample, path)
    return path


def test_list_json_names_titles_and_kinds(db_file: Path, capsys: pytest.CaptureFixture[str]
                                          ) -> None:
    assert main(["--db", str(db_file), "letter", "--list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    by_name = {t["name"]: t for t in listed}
    assert set(by_name["demand-to-bargain"]) == {"name", "title", "kinds"}
    assert by_name["demand-to-bargain"] == {"name": "demand-to-bargain",
                                            "title": "Demand to bargain",
                                            "kinds": ["bargaining"]}
    assert by_name["grievance-step-2"]["kinds"] == ["grievance"]
    assert len(by_name["information-request"]["kinds"]) == 4
    assert len(listed) == 9


def test_list_plain(db_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_file), "letter", "--list"]) == 0
    out = capsys.readouterr().out
    assert "fsip-request" in out and "Request for FSIP assistance" in out


def test_letter_to_docx_and_pdf_by_grievance_number(db_file: Path, tmp_path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(db_file)
    number, name = conn.execute(
        "SELECT g.grievance_number, p.name FROM grievance g JOIN member p ON p.id = g.member_id "
        "ORDER BY g.id LIMIT 1").fetchone()
    conn.close()
    docx_out, pdf_out = tmp_path / "step2.docx", tmp_path / "step2.pdf"
    args = ["--db", str(db_file), "letter", "grievance-step-2", "--matter", number,
            "--set", "step_1_answer=dated November 20, 2026",
            "--set", "recipient.name=Jordan Alvarez",
            "--set", "recipient.address=5107 Leesburg Pike\\nFalls Church, VA 22041"]
    assert main([*args, "--out", str(docx_out)]) == 0
    assert main([*args, "--out", str(pdf_out)]) == 0
    text = "\n".join(p.text for p in Document(str(docx_out)).paragraphs)
    pdf = " ".join((p.extract_text() or "") for p in PdfReader(pdf_out).pages)
    for body in (text, " ".join(pdf.split())):
        assert number in body and name in body
        assert "(dated November 20, 2026)" in body
        assert "Dear Jordan Alvarez:" in body
        assert _today_in_words() in body
        assert "{{" not in body


def test_out_is_never_overwritten_without_force(db_file: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "mine.docx"
    out.write_bytes(b"the officer's own file")
    args = ["--db", str(db_file), "letter", "demand-to-bargain", "--matter", "B-3",
            "--out", str(out)]
    assert main(args) == 1
    assert "already exists" in capsys.readouterr().err
    assert out.read_bytes() == b"the officer's own file"
    assert main([*args, "--force"]) == 0
    assert "Reassigning dockets" in "\n".join(
        p.text for p in Document(io.BytesIO(out.read_bytes())).paragraphs)


@pytest.mark.parametrize(("extra", "message"), [
    (["--matter", "B-99"], "no matter has the number B-99"),
    (["--matter", "B-3", "--set", "particular_need=x"], "has no free part particular_need"),
    (["--matter", "B-3", "--set", "recipient.fax=1"], "the recipient has name, title"),
])
def test_mistakes_are_one_line(db_file: Path, tmp_path: Path, extra: list[str],
                               message: str | None, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.pdf"
    code = main(["--db", str(db_file), "letter", "information-request", *extra,
                 "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and not out.exists(), err
    if message:
        assert message in err


def test_libreoffice_asked_for_but_absent_is_one_line(db_file: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    out = tmp_path / "letter.pdf"
    code = main(["--db", str(db_file), "letter", "demand-to-bargain", "--matter", "B-3",
                 "--out", str(out), "--pdf-with", "libreoffice"])
    err = capsys.readouterr().err
    assert code == 1 and "LibreOffice is not installed" in err and err.count("\n") == 1
    assert not out.exists()


def test_libreoffice_is_used_when_present(db_file: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A stand-in ``soffice`` on the PATH is called the way LibreOffice is: --convert-to pdf."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "soffice"
    fake.write_text("#!/bin/sh\n# args: --headless --convert-to pdf --outdir DIR -env:… FILE\n"
                    "for last; do :; done\n"
                    "printf '%%PDF-1.4 converted %s' \"$last\" > \"$5/letter.pdf\"\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    out = tmp_path / "letter.pdf"
    assert main(["--db", str(db_file), "letter", "demand-to-bargain", "--matter", "B-3",
                 "--out", str(out), "--pdf-with", "libreoffice"]) == 0
    assert out.read_bytes().startswith(b"%PDF-1.4 converted ")
    assert out.read_bytes().endswith(b"letter.docx")


def test_libreoffice_without_writer_is_one_line(db_file: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """LibreOffice installed without Writer loads no .docx: it says so and writes nothing."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    out = tmp_path / "letter.pdf"
    code = main(["--db", str(db_file), "letter", "demand-to-bargain", "--matter", "B-3",
                 "--out", str(out), "--pdf-with", "libreoffice"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and not out.exists()
    assert "is LibreOffice Writer installed?): Error: source file could not be loaded" in err


def _today_in_words() -> str:
    """The letter's date as an officer writes it, for whatever day the suite runs on."""
    today = clock.today()
    return f"{today:%B} {today.day}, {today.year}"
