"""The command line and untrusted text: names from files are printed with their control
characters escaped; ``demo`` adds the whole sample or nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from naij_tracker.cli import main
from naij_tracker.domain.file_names import printable, safe_file_name
from naij_tracker.services import sample_data

CLEAR_SCREEN = "\x1b[2J\x1b[H"


def test_a_file_name_with_escape_codes_reaches_the_terminal_escaped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / f"grievances{CLEAR_SCREEN}.csv"
    sheet.write_text("Grievance number,Title,Filed\nG-1,Denied telework,2026-03-02\n",
                     encoding="utf-8")
    assert main(["--db", str(tmp_path / "cases.sqlite3"), "import", str(sheet),
                 "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b[2J" in out


def test_a_sheet_name_with_escape_codes_reaches_the_terminal_escaped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "LogPLACEHOLDER"
    sheet.append(["Grievance number", "Title", "Filed"])
    sheet.append(["G-1", "Denied telework", "2026-03-02"])
    book.save(tmp_path / "plain.xlsx")
    # openpyxl will not write control characters; a crafted file has them all the same.
    # ESC c resets the terminal; BEL rings.
    with zipfile.ZipFile(tmp_path / "plain.xlsx") as zin, \
            zipfile.ZipFile(tmp_path / "log.xlsx", "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename in ("xl/workbook.xml", "docProps/app.xml"):
                data = data.replace(b"LogPLACEHOLDER", b"Log\x1bc\x07")
            zout.writestr(item, data)
    db = str(tmp_path / "cases.sqlite3")
    assert main(["--db", db, "import", str(tmp_path / "log.xlsx"), "--dry-run"]) == 0
    assert main(["--db", db, "import", str(tmp_path / "log.xlsx"), "--sheet", "x",
                 "--dry-run"]) == 1
    captured = capsys.readouterr()
    for text in (captured.out, captured.err):
        assert "\x1b" not in text and "\x07" not in text
        assert "Log\\x1bc\\x07" in text


def test_an_error_naming_a_crafted_file_is_escaped(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / f"cases{CLEAR_SCREEN}\u202egpj.sqlite3"
    assert main(["--db", str(missing), "check"]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\u202e" not in err
    assert "\\x1b[2J" in err and "\\u202e" in err and err.count("\n") == 1


@pytest.mark.parametrize(("raw", "shown"), [
    ("../../.bashrc", ".bashrc"), ("/etc/passwd", "passwd"), ("C:\\Windows\\x.dll", "x.dll"),
    ("C:evil.txt", "evil.txt"), ("..", "attachment"), ("NUL.txt", "_NUL.txt"),
    ("a\x1b[31mb.pdf", "a_[31mb.pdf"), ("report.pdf\u202eexe", "report.pdf_exe"),
    ("notes. . ", "notes"), ("ok name.docx", "ok name.docx")])
def test_safe_file_names(raw: str, shown: str) -> None:
    assert safe_file_name(raw) == shown
    assert safe_file_name(shown) == shown


def test_printable_escapes_only_control_characters() -> None:
    assert printable("José\tO’Neil\n\x1b\u2028") == "José\\tO’Neil\\n\\x1b\\u2028"


def test_demo_adds_the_whole_sample_or_nothing(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "cases.sqlite3"

    def fail_half_way(*_args: object) -> None:
        raise RuntimeError("killed half-way")

    with monkeypatch.context() as patched:
        patched.setattr(sample_data, "_grievance_deadlines", fail_half_way)
        # An unexpected failure: exit status 2 and one line (the details go to the log).
        assert main(["--db", str(db), "demo"]) == 2
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT (SELECT count(*) FROM matter) + "
                            "(SELECT count(*) FROM member)").fetchone() == (0,)
    finally:
        conn.close()
    assert main(["--db", str(db), "demo"]) == 0  # nothing half-made blocks a second try
    assert main(["--db", str(db), "check"]) == 0
