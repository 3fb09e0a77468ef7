"""The packet's page furniture: document template, running header and footer, table of contents.

The packet is laid out in a *single pass*. Numbers that are only known at the end — the total
in "Page X of Y", the page of each section in the table of contents, the page of each matter's
brief in the summary tables — are drawn as PDF form XObjects that are referenced while the pages
are laid out and defined when the canvas is saved (reportlab allows a form to be used before it
is defined). That avoids the two or three full layout passes that ``multiBuild`` needs and keeps
the packet within a small factor of a plain document's speed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from naij_tracker.reports.packet_text import (
    SANS,
    SANS_BOLD,
    SERIF,
    SERIF_BOLD,
    SERIF_ITALIC,
    clean,
    draw_runs,
    string_width,
    text_runs,
)

PAGE_WIDTH, PAGE_HEIGHT = LETTER
MARGIN_X = 1.0 * inch
MARGIN_TOP = 1.05 * inch
MARGIN_BOTTOM = 1.0 * inch
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

INK = colors.HexColor("#1F2A3A")
MUTED = colors.HexColor("#5A6270")
RULE = colors.HexColor("#9AA3AF")
FAINT = colors.HexColor("#D5D9DF")
SHADE = colors.HexColor("#ECEEF1")

FOOTER_SIZE = 7.5


class PacketCancelled(Exception):
    """Raised from :func:`build_packet` when the caller's ``cancelled()`` returns True."""


@dataclass
class PageRefs:
    """Pages of the named places (sections, matter briefs), filled in as they are drawn."""

    pages: dict[str, int] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    @staticmethod
    def form(key: str) -> str:
        return f"ref_{key}"


@dataclass
class TocEntry:
    level: int
    title: str
    key: str


@dataclass
class Furniture:
    """Strings for the running header and footer (already redacted where needed)."""

    union_name: str
    title: str
    marking: str
    footer_left: str


class Heading(Paragraph):
    """A heading that records its page, sets a PDF destination and an outline entry."""

    def __init__(self, text: str, style: Any, key: str, refs: PageRefs, outline: str,
                 level: int, matter_index: int | None = None) -> None:
        super().__init__(text, style)
        self.key = key
        self.refs = refs
        self.outline = outline
        self.level = level
        self.matter_index = matter_index

    def draw(self) -> None:
        super().draw()
        canv = self.canv
        canv.bookmarkHorizontal(self.key, 0, self.height + 4)
        canv.addOutlineEntry(self.outline, self.key, level=self.level, closed=self.level >= 1)
        self.refs.pages.setdefault(self.key, canv.getPageNumber())

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []  # headings are never split; they move to the next frame whole


class PageRef(Flowable):
    """The page number of a named place, right-aligned; filled in when the PDF is saved."""

    def __init__(self, key: str, refs: PageRefs, width: float, size: float = 8) -> None:
        super().__init__()
        self.key = key
        self.refs = refs
        self.width = width
        self.size = size
        self.height = size * 1.2

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.refs.used.add(self.key)
        c = self.canv
        c.saveState()
        c.translate(self.width, self.size * 0.2)
        c.doForm(PageRefs.form(self.key))
        c.restoreState()
        c.linkRect("", self.key, (0, 0, self.width, self.height), relative=1, thickness=0)


class TableOfContents(Flowable):
    """Section titles with dot leaders and page numbers; links to the sections; splits."""

    ROW = {0: 19.0, 1: 15.0}
    INDENT = {0: 0.0, 1: 18.0}

    def __init__(self, entries: list[TocEntry], refs: PageRefs) -> None:
        super().__init__()
        self.entries = entries
        self.refs = refs

    def _height(self, entries: list[TocEntry]) -> float:
        return sum(self.ROW.get(e.level, 15.0) for e in entries)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = self._height(self.entries)
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        h = 0.0
        for i, e in enumerate(self.entries):
            h += self.ROW.get(e.level, 15.0)
            if h > availHeight:
                if i == 0:
                    return []
                return [TableOfContents(self.entries[:i], self.refs),
                        TableOfContents(self.entries[i:], self.refs)]
        return [self]

    def draw(self) -> None:
        c = self.canv
        y = self.height
        right = self.width
        num_w = 30.0
        for e in self.entries:
            row = self.ROW.get(e.level, 15.0)
            y -= row
            base = y + 4
            font, size = (SERIF_BOLD, 10.5) if e.level == 0 else (SERIF, 9.5)
            x = self.INDENT.get(e.level, 18.0)
            runs = text_runs(e.title, font)
            c.setFillColor(INK)
            draw_runs(c, x, base, runs, size)
            start = x + string_width(runs, size) + 6
            stop = right - num_w
            if stop > start:
                c.setFont(SERIF, size)
                c.setFillColor(RULE)
                dot = pdfmetrics.stringWidth(". ", SERIF, size)
                n = int((stop - start) / dot)
                c.drawString(stop - n * dot, base, ". " * n)
            c.setFillColor(INK)
            c.saveState()
            c.translate(right, base)
            c.doForm(PageRefs.form(e.key))
            c.restoreState()
            self.refs.used.add(e.key)
            c.linkRect("", e.key, (x, y, right, y + row), relative=1, thickness=0)


class PacketDocTemplate(BaseDocTemplate):
    """Letter pages with a cover template and a body template carrying header and footer."""

    def __init__(self, out: str | BinaryIO, furniture: Furniture, refs: PageRefs,
                 on_flowable: Callable[[Flowable], None], **meta: Any) -> None:
        super().__init__(
            out, pagesize=LETTER, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, creator="NAIJ Case Tracker",
            **meta,
        )
        self.furniture = furniture
        self.refs = refs
        self.on_flowable = on_flowable
        self.page_count = 0
        f = furniture
        self._union = text_runs(f.union_name.upper(), SANS)
        self._title = text_runs(f.title, SANS)
        self._marking = text_runs(f.marking, SERIF_ITALIC)
        self._left = text_runs(f.footer_left, SANS)
        body = Frame(MARGIN_X, MARGIN_BOTTOM, FRAME_WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
                     id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        cover = Frame(MARGIN_X + 0.25 * inch, MARGIN_BOTTOM, FRAME_WIDTH - 0.5 * inch,
                      PAGE_HEIGHT - 1.6 * inch - MARGIN_BOTTOM, id="cover",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("cover", [cover], onPage=self._footer),
            PageTemplate("body", [body], onPage=self._header_footer),
        ])

    def afterFlowable(self, flowable: Flowable) -> None:
        self.on_flowable(flowable)

    # -- furniture ------------------------------------------------------------------------------

    def _footer(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        self.page_count = max(self.page_count, canv.getPageNumber())
        canv.saveState()
        y = MARGIN_BOTTOM - 0.42 * inch
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, y + 11, PAGE_WIDTH - MARGIN_X, y + 11)
        canv.setFillColor(MUTED)
        draw_runs(canv, MARGIN_X, y, self._left, FOOTER_SIZE)
        canv.translate(PAGE_WIDTH - MARGIN_X, y)
        canv.doForm(f"pg{canv.getPageNumber()}")
        canv.restoreState()

    def _header_footer(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        top = PAGE_HEIGHT - 0.5 * inch
        canv.setFillColor(MUTED)
        draw_runs(canv, PAGE_WIDTH / 2, top, self._marking, 7.5, align="centre")
        y = top - 14
        canv.setFillColor(INK)
        draw_runs(canv, MARGIN_X, y, self._union, 7.5)
        draw_runs(canv, PAGE_WIDTH - MARGIN_X, y, self._title, 7.5, align="right")
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, y - 5, PAGE_WIDTH - MARGIN_X, y - 5)
        canv.restoreState()
        self._footer(canv, doc)


def late_forms_canvas(refs: PageRefs, doc_pages: Callable[[], int]) -> type[Canvas]:
    """A Canvas class that defines the page-number forms just before it saves the PDF."""

    class LateFormsCanvas(Canvas):
        def save(self) -> None:
            total = doc_pages()
            for n in range(1, total + 1):
                self.beginForm(f"pg{n}", -200, -5, 0, 20)
                self.setFillColor(MUTED)
                self.setFont(SANS_BOLD, FOOTER_SIZE)
                self.drawRightString(0, 0, f"Page {n} of {total}")
                self.endForm()
            for key in sorted(refs.used):
                page = refs.pages.get(key)
                self.beginForm(PageRefs.form(key), -100, -5, 0, 20)
                self.setFillColor(INK)
                self.setFont(SANS, 8.5)
                self.drawRightString(0, 0, str(page) if page else "\u2014")
                self.endForm()
            super().save()

    return LateFormsCanvas


def outline_title(text: str, limit: int = 90) -> str:
    """Plain one-line text for a PDF outline entry."""
    s = " ".join(clean(text).split())
    return s if len(s) <= limit else s[: limit - 1] + "\u2026"


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap of single-font text; words wider than ``width`` are broken by character."""
    sw = pdfmetrics.stringWidth
    space = sw(" ", font, size)
    out: list[str] = []
    for para in text.split("\n"):
        line: list[str] = []
        used = 0.0
        for word in para.split():
            w = sw(word, font, size)
            if w > width:  # a 300-character word or a long URL: break it where it overflows
                if line:
                    out.append(" ".join(line))
                    line, used = [], 0.0
                chunk = ""
                cw = 0.0
                for ch in word:
                    chw = sw(ch, font, size)
                    if cw + chw > width and chunk:
                        out.append(chunk)
                        chunk, cw = "", 0.0
                    chunk += ch
                    cw += chw
                line, used = [chunk], cw
                continue
            if line and used + space + w > width:
                out.append(" ".join(line))
                line, used = [word], w
            else:
                used += (space if line else 0.0) + w
                line.append(word)
        out.append(" ".join(line))
    return out


class TextBlock(Flowable):
    """Plain text in one font, wrapped and drawn directly: a fast stand-in for a Paragraph.

    Used for the great majority of table cells and body text, whose characters all exist in
    the style's font and which need no bidi reordering (:func:`needs_paragraph` decides).
    Much cheaper than a Paragraph because there is no markup to parse and no fragments to fit.
    """

    def __init__(self, text: str, font: str, size: float, leading: float, color: Any = INK,
                 space_before: float = 0.0, space_after: float = 0.0) -> None:
        super().__init__()
        self.text = text
        self.font = font
        self.size = size
        self.leading = leading
        self.color = color
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self._width = -1.0
        self._lines: list[str] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if availWidth != self._width:
            self._lines = wrap_lines(self.text, self.font, self.size, availWidth)
            self._width = availWidth
        self.width = availWidth
        self.height = len(self._lines) * self.leading
        return availWidth, self.height

    def _part(self, lines: list[str], before: float, after: float) -> TextBlock:
        part = TextBlock("\n".join(lines), self.font, self.size, self.leading, self.color,
                         before, after)
        part._width, part._lines = self._width, lines
        return part

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        n = int(availHeight // self.leading)
        if n <= 0:
            return []
        if n >= len(self._lines):
            return [self]
        return [self._part(self._lines[:n], self.spaceBefore, 0.0),
                self._part(self._lines[n:], 0.0, self.spaceAfter)]

    def draw(self) -> None:
        y = self.height - self.leading + (self.leading - self.size) * 0.5 + self.size * 0.22
        t = self.canv.beginText(0, y)
        t.setFont(self.font, self.size, self.leading)
        t.setFillColor(self.color)
        for line in self._lines:
            t.textLine(line)
        self.canv.drawText(t)
