"""Printing to a named printer hands the vector PDF to CUPS's ``lp`` (the text stays
searchable), with the copies and page range chosen; a spooler that refuses the job falls back
to drawing the pages. ``lp`` is replaced by a script that keeps what it was given."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

from naij_tracker.ui.packet_preview import send_pdf

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="CUPS's lp is a Unix spooler")


class OfficePrinter:
    """What the print dialog returns for a physical printer named "Office_Laser" (a real
    QPrinter cannot name a printer that this machine does not have)."""

    def __init__(self, copies: int = 1, pages: tuple[int, int] | None = None) -> None:
        self.copies, self.pages = copies, pages

    def outputFormat(self) -> QPrinter.OutputFormat:  # noqa: N802 - Qt's names
        return QPrinter.OutputFormat.NativeFormat

    def outputFileName(self) -> str:  # noqa: N802
        return ""

    def printerName(self) -> str:  # noqa: N802
        return "Office_Laser"

    def copyCount(self) -> int:  # noqa: N802
        return self.copies

    def docName(self) -> str:  # noqa: N802
        return "Briefing packet"

    def printRange(self) -> QPrinter.PrintRange:  # noqa: N802
        return (QPrinter.PrintRange.PageRange if self.pages else
                QPrinter.PrintRange.AllPages)

    def fromPage(self) -> int:  # noqa: N802
        return self.pages[0] if self.pages else 0

    def toPage(self) -> int:  # noqa: N802
        return self.pages[1] if self.pages else 0


@pytest.fixture()
def packet(tmp_path: Path) -> Path:
    path = tmp_path / "packet.pdf"
    canvas = Canvas(str(path), pagesize=letter)
    for n in (1, 2, 3):
        canvas.drawString(72, 700, f"Page {n}: grievance of Harriet Okonkwo")
        canvas.showPage()
    canvas.save()
    return path


@pytest.fixture()
def spooler(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake ``lp`` first on PATH: it keeps its arguments and the file it was given."""
    folder = tmp_path / "bin"
    folder.mkdir()
    kept = tmp_path / "spooled"
    kept.mkdir()
    script = folder / "lp"
    script.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" > "{kept}/args"\n'
        'for last; do :; done\n'
        f'cp "$last" "{kept}/job.pdf"\n'
        'exit "${LP_EXIT:-0}"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return kept


def pdftotext(pdf: Path) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is required (Debian package poppler-utils; .ci/run installs it)"
    return subprocess.run([tool, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_a_named_printer_gets_the_pdf_itself_through_lp(packet: Path, spooler: Path) -> None:
    where = send_pdf(packet, OfficePrinter(copies=2), 3)  # type: ignore[arg-type]
    assert where == "Office_Laser"
    args = (spooler / "args").read_text().split("\n")
    assert args[:6] == ["-d", "Office_Laser", "-n", "2", "-t", "Briefing packet"]
    assert "-P" not in args                       # the whole packet
    # the spooler received the vector PDF, text and all, not page images
    assert (spooler / "job.pdf").read_bytes() == packet.read_bytes()
    assert "Harriet Okonkwo" in pdftotext(spooler / "job.pdf")


def test_a_page_range_goes_to_lp(packet: Path, spooler: Path) -> None:
    assert send_pdf(packet, OfficePrinter(pages=(2, 3)), 3) == "Office_Laser"  # type: ignore[arg-type]
    args = (spooler / "args").read_text().split("\n")
    assert args[args.index("-P") + 1] == "2-3"


def test_a_spooler_that_refuses_the_job_falls_back_to_drawn_pages(
        packet: Path, spooler: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LP_EXIT", "1")
    assert send_pdf(packet, OfficePrinter(), 3) is None  # type: ignore[arg-type]


def test_without_cups_the_pages_are_drawn(packet: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))         # no lp anywhere
    assert send_pdf(packet, OfficePrinter(), 3) is None  # type: ignore[arg-type]
