"""Paragraph styles, limits and small wording helpers shared by the packet's sections."""

from __future__ import annotations

from datetime import date

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle

from naij_tracker.reports.packet_doc import INK, MUTED
from naij_tracker.reports.packet_text import (
    SANS,
    SANS_BOLD,
    SERIF,
    SERIF_BOLD,
    SERIF_ITALIC,
)

#: Rows per summary table: many medium tables lay out far faster than one huge one.
TABLE_CHUNK = 300
#: Caps that keep a matter's brief to about a page.
SUMMARY_LIMIT = 1200
FIELD_LIMIT = 600
ENTRY_LIMIT = 400
TIMELINE_SHOWN = 5
ALERT = "#B0271C"


def styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=SERIF, fontSize=9.5, leading=13.2, textColor=INK,
                          splitLongWords=1, spaceAfter=5)
    s = {
        "body": base,
        "lead": ParagraphStyle("lead", parent=base, fontSize=10.5, leading=15, spaceAfter=8),
        "note": ParagraphStyle("note", parent=base, fontName=SERIF_ITALIC, fontSize=8.5,
                               leading=11.5, textColor=MUTED),
        "h1": ParagraphStyle("h1", parent=base, fontName=SERIF_BOLD, fontSize=17, leading=21,
                             spaceBefore=0, spaceAfter=4),
        "h2": ParagraphStyle("h2", parent=base, fontName=SERIF_BOLD, fontSize=12, leading=15,
                             spaceBefore=14, spaceAfter=6),
        "h3": ParagraphStyle("h3", parent=base, fontName=SERIF_BOLD, fontSize=11, leading=14,
                             spaceBefore=4, spaceAfter=2),
        "label": ParagraphStyle("label", parent=base, fontName=SANS_BOLD, fontSize=7.5,
                                leading=10, textColor=MUTED, spaceBefore=7, spaceAfter=2),
        "meta": ParagraphStyle("meta", parent=base, fontName=SANS, fontSize=8, leading=10.5,
                               textColor=MUTED, spaceAfter=6),
        "cell": ParagraphStyle("cell", fontName=SANS, fontSize=8, leading=10, textColor=INK,
                               splitLongWords=1),
        "cell_bold": ParagraphStyle("cell_bold", fontName=SANS_BOLD, fontSize=8, leading=10,
                                    textColor=INK, splitLongWords=1),
        "cell_muted": ParagraphStyle("cell_muted", fontName=SANS, fontSize=8, leading=10,
                                     textColor=MUTED, splitLongWords=1),
        "cell_alert": ParagraphStyle("cell_alert", fontName=SANS_BOLD, fontSize=8, leading=10,
                                     textColor=colors.HexColor(ALERT), splitLongWords=1),
        "head": ParagraphStyle("head", fontName=SANS_BOLD, fontSize=7.5, leading=9.5,
                               textColor=INK, splitLongWords=1),
        "cover_union": ParagraphStyle("cover_union", parent=base, fontName=SANS_BOLD,
                                      fontSize=10.5, leading=14, textColor=MUTED),
        "cover_title": ParagraphStyle("cover_title", parent=base, fontName=SERIF_BOLD,
                                      fontSize=28, leading=34, spaceBefore=10, spaceAfter=10),
        "cover_sub": ParagraphStyle("cover_sub", parent=base, fontName=SERIF, fontSize=13,
                                    leading=18, textColor=MUTED),
        "cover_mark": ParagraphStyle("cover_mark", parent=base, fontName=SERIF_ITALIC,
                                     fontSize=10, leading=14, alignment=TA_CENTER),
    }
    return s


def long_date(d: date) -> str:
    return f"{d:%B} {d.day}, {d.year}"


def iso(d: date | None) -> str:
    return d.isoformat() if d else "\u2014"


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"
