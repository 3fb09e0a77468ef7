"""The recovery-key sheet: one page to print or keep as a PDF, apart from the laptop.

The same words are shown in the dialog (``sheet_lines``), printed, and written to the PDF, so
what the officer reads on screen is what lands in the drawer.
"""

from __future__ import annotations

import contextlib
import os
from datetime import datetime
from pathlib import Path

from naij_tracker.db.errors import StorageError


def sheet_lines(db_name: str, created: datetime) -> list[str]:
    """The explanation under the key (plain sentences, no markup)."""
    return [
        f"This key opens the encrypted database “{db_name}” if its passphrase is lost "
        f"(created {created:%Y-%m-%d %H:%M}).",
        "Keep it somewhere safe and apart from the computer — a locked drawer at the union "
        "office, or with another officer. Anyone holding both this sheet and a copy of the "
        "database can read every record.",
        "To use it, type it where the application asks for the passphrase (dashes and "
        "capitals do not matter), then choose a new passphrase with File ▸ Encryption ▸ "
        "Change passphrase.",
        "It is shown only once. The application keeps no other copy, and nobody can open the "
        "database without the passphrase or this key.",
    ]


def write_pdf(dest: Path, recovery_key: str, db_name: str, created: datetime) -> Path:
    """The sheet as a one-page PDF at ``dest``, readable by the user only."""
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import inch
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus.flowables import HRFlowable

    styles = getSampleStyleSheet()
    key_style = ParagraphStyle("key", parent=styles["Normal"], fontName="Courier-Bold",
                               fontSize=20, leading=28, spaceBefore=12, spaceAfter=12)
    body = ParagraphStyle("body", parent=styles["Normal"], fontSize=11, leading=15,
                          spaceAfter=8)
    story = [Paragraph("NAIJ Case Tracker — recovery key", styles["Title"]),
             Paragraph(f"Database: {_escape(db_name)}", body),
             HRFlowable(width="100%"),
             Paragraph(_escape(recovery_key), key_style),
             HRFlowable(width="100%"),
             Spacer(1, 0.2 * inch)]
    # The standard PDF fonts have no "▸"; the menu path reads as well with ">".
    story += [Paragraph(_escape(line.replace("▸", ">")), body)
              for line in sheet_lines(db_name, created)]
    tmp = dest.with_name(dest.name + ".partial")
    try:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            SimpleDocTemplate(fh, pagesize=LETTER, title="Recovery key",
                              author="NAIJ Case Tracker").build(story)
        os.replace(tmp, dest)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StorageError(f"Could not write {dest}: {exc.strerror or exc}") from exc
    return dest


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
