"""A filled letter as PDF, laid out with reportlab from the same blocks as the Word file.

No word processor is needed: the blocks read back from the filled .docx (``letters/fill.py``)
are set in the embedded serif font, the header (letterhead) at the top of every page and the
footer at the bottom, with bold, italic, underline, alignment and paragraph spacing kept. Where
LibreOffice is installed, :func:`libreoffice_pdf` converts the .docx itself instead (found at run
time; :func:`find_libreoffice` says whether it is there).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from naij_tracker.letters.fill import Block, FilledLetter
from naij_tracker.reports.packet_text import (
    SERIF,
    SERIF_BOLD,
    SERIF_BOLD_ITALIC,
    SERIF_ITALIC,
    register_fonts,
    tagged,
)

BODY_SIZE = 11.0
_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


class LetterPdfError(RuntimeError):
    """The PDF could not be made; the message is one line."""


_FONTS = {(False, False): SERIF, (True, False): SERIF_BOLD, (False, True): SERIF_ITALIC,
          (True, True): SERIF_BOLD_ITALIC}


def _markup(block: Block) -> str:
    """Paragraph markup of the block's runs; names in any script print in a font that has
    them, right-to-left ones in reading order (the packet's text machinery)."""
    parts = []
    for run in block.runs:
        text = tagged(run.text, _FONTS[run.bold, run.italic])
        if run.underline:
            text = f"<u>{text}</u>"
        parts.append(text)
    return "".join(parts)


def _style(block: Block, name: str) -> ParagraphStyle:
    size = min(block.size or BODY_SIZE, 20.0)
    if block.part == "footer":
        size = min(size, 8.5)
    return ParagraphStyle(name, fontName=SERIF, fontSize=size, leading=size * 1.3,
                          alignment=_ALIGN.get(block.align, TA_LEFT),
                          spaceAfter=min(block.space_after, 24.0), leftIndent=block.indent,
                          textColor=colors.black)


def _flowables(blocks: list[Block], width: float) -> list:
    out: list = []
    for i, block in enumerate(blocks):
        if block.rows:
            style = _style(block, f"cell{i}")
            data = [[Paragraph(tagged(cell, SERIF), style) for cell in row] for row in block.rows]
            table = Table(data, colWidths=[width / max(len(block.rows[0]), 1)]
                          * max(len(block.rows[0]), 1))
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            out.append(table)
            out.append(Spacer(1, 6))
        elif not block.text.strip():
            out.append(Spacer(1, BODY_SIZE * 1.3))
        else:
            out.append(Paragraph(_markup(block), _style(block, f"p{i}")))
    return out


def letter_pdf(letter: FilledLetter) -> bytes:
    """The letter as PDF bytes (letter paper, one-inch margins)."""
    register_fonts()
    header = [b for b in letter.blocks if b.part == "header" and b.text.strip()]
    footer = [b for b in letter.blocks if b.part == "footer" and b.text.strip()]
    body = [b for b in letter.blocks if b.part == "body"]
    while body and not body[-1].text.strip():
        body.pop()
    out = io.BytesIO()
    top = 1.0 * inch + 0.35 * inch * len(header)
    doc = SimpleDocTemplate(out, pagesize=LETTER, leftMargin=inch, rightMargin=inch,
                            topMargin=top, bottomMargin=inch, title=letter.template.title,
                            author="", subject=letter.template.title, creator="NAIJ Case Tracker")
    width = LETTER[0] - 2 * inch

    def furniture(canvas, _doc) -> None:
        canvas.saveState()
        y = LETTER[1] - 0.6 * inch
        for i, block in enumerate(header):
            p = Paragraph(_markup(block), _style(block, f"h{i}"))
            _w, h = p.wrap(width, inch)
            y -= h
            p.drawOn(canvas, inch, y)
        canvas.setStrokeColor(colors.grey)
        canvas.setLineWidth(0.6)
        if header:
            canvas.line(inch, y - 6, LETTER[0] - inch, y - 6)
        canvas.setFont(SERIF, 8.5)
        y = 0.6 * inch
        for block in footer:
            canvas.drawCentredString(LETTER[0] / 2, y, block.text)
            y -= 11
        canvas.drawRightString(LETTER[0] - inch, 0.6 * inch, f"Page {canvas.getPageNumber()}")
        canvas.restoreState()

    doc.build(_flowables(body, width), onFirstPage=furniture, onLaterPages=furniture)
    return out.getvalue()


def find_libreoffice() -> str | None:
    """The LibreOffice program on this computer's PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_pdf(docx: bytes, timeout: float = 60.0) -> bytes:
    """Convert the .docx itself with LibreOffice headless; :class:`LetterPdfError` if absent."""
    program = find_libreoffice()
    if program is None:
        raise LetterPdfError("LibreOffice is not installed (no soffice or libreoffice on the "
                             "PATH); leave out --pdf-with libreoffice to use the built-in layout")
    with tempfile.TemporaryDirectory(prefix="naij-letter-") as tmp:
        src = Path(tmp) / "letter.docx"
        src.write_bytes(docx)
        try:
            done = subprocess.run([program, "--headless", "--convert-to", "pdf", "--outdir",
                                   tmp, f"-env:UserInstallation=file://{tmp}/profile",
                                   str(src)], check=True, capture_output=True, timeout=timeout)
        except (OSError, subprocess.SubprocessError) as exc:
            raise LetterPdfError(f"LibreOffice could not convert the letter: {exc}") from None
        pdf = Path(tmp) / "letter.pdf"
        if not pdf.exists():
            said = [line for line in done.stderr.decode("utf-8", "replace").splitlines()
                    if "rror" in line]
            raise LetterPdfError("LibreOffice did not write a PDF (is LibreOffice Writer "
                                 "installed?)" + (f": {said[-1].strip()}" if said else ""))
        return pdf.read_bytes()
