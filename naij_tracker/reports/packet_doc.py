"""The packet's page furniture: document template, running header and footer, table of contents.

The packet is laid out in a *single pass*. Numbers that are only known at the end — the total
in "Page X of Y", the page of each section in the table of contents, the page of each matter's
brief in the summary tables — are written into the page content as placeholders while the pages
are laid out and replaced by the finished text when the canvas is saved (see
:func:`late_numbers_canvas`). That avoids the two or three full layout passes that
``multiBuild`` needs and keeps the packet within a small factor of a plain document's speed.

Most of the packet's text is short runs in one font; :class:`TextBlock` and :class:`Grid` write
it as PDF text operators directly instead of going through Paragraph and Table, which do much
more work per string than this document needs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from naij_tracker.reports.packet_flow import (  # noqa: F401  (the layout's names, in one place)
    KV_GRID,
    TABLE_GRID,
    Cell,
    Grid,
    GridStyle,
    TextBlock,
    text_ops,
    wrap_lines,
)
from naij_tracker.reports.packet_page import (  # noqa: F401  (re-exported for the sections)
    FAINT,
    FOOTER_SIZE,
    FRAME_WIDTH,
    INK,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    SHADE,
)
from naij_tracker.reports.packet_text import (
    SANS,
    SANS_BOLD,
    SERIF,
    SERIF_BOLD,
    SERIF_ITALIC,
    clean,
    draw_runs,
    markup,
    single_font,
    string_width,
    text_runs,
)


class PacketCancelled(Exception):
    """Raised from :func:`build_packet` when the caller's ``cancelled()`` returns True."""


@dataclass
class PageRefs:
    """Pages of the named places (sections, matter briefs), filled in as they are drawn."""

    pages: dict[str, int] = field(default_factory=dict)


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


class Heading(Flowable):
    """A heading that records its page, sets a PDF destination and an outline entry.

    A heading that fits on one line in the style's font is set as a :class:`TextBlock`; a
    longer one, or one that needs fallback fonts, as a Paragraph (whose line breaking, with
    its slight shrinking of spaces, it then keeps). Never split: it moves to the next frame
    whole.
    """

    def __init__(self, text: str, style: Any, key: str, refs: PageRefs, outline: str,
                 level: int, matter_index: int | None = None) -> None:
        super().__init__()
        self.text = clean(text)
        self.style = style
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter
        self.key = key
        self.refs = refs
        self.outline = outline
        self.level = level
        self.matter_index = matter_index
        self.body: Flowable | None = None
        self._simple = single_font(self.text, style.fontName) and "\n" not in self.text

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        st = self.style
        if self.body is None or self.body.width != availWidth:
            line = " ".join(self.text.split())
            if self._simple and pdfmetrics.stringWidth(line, st.fontName,
                                                        st.fontSize) <= availWidth:
                self.body = TextBlock(line, st.fontName, st.fontSize, st.leading, st.textColor)
            else:
                self.body = Paragraph(markup(self.text, st.fontName), st)
        self.width, self.height = self.body.wrapOn(getattr(self, "canv", None), availWidth,
                                                   availHeight)
        self.body.width = availWidth
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        assert self.body is not None, "wrap() comes before draw()"
        self.body.drawOn(canv, 0, 0)
        canv.bookmarkHorizontal(self.key, 0, self.height + 4)
        canv.addOutlineEntry(self.outline, self.key, level=self.level, closed=self.level >= 1)
        self.refs.pages.setdefault(self.key, canv.getPageNumber())

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []


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
        c = self.canv
        late_number(c, self.width, self.size * 0.2, self.key)
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
            late_number(c, right, base, e.key)
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
        self._ops: dict[str, str] = {}
        self._ops_doc: Any = None  # the PDF document the operators were worked out for
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
        canv._code.append(self._runs_ops(canv, "left", MARGIN_X, y, self._left, FOOTER_SIZE,
                                         MUTED))
        canv.restoreState()
        late_number(canv, PAGE_WIDTH - MARGIN_X, y, None)

    def _runs_ops(self, canv: Canvas, name: str, x: float, y: float,
                  runs: list[tuple[str, str]], size: float, color: Any,
                  align: str = "left") -> str:
        """Operators for a line of furniture; the same on every page, so worked out once."""
        if self._ops_doc is not canv._doc:  # another pass of the build: another document
            self._ops, self._ops_doc = {}, canv._doc
        ops = self._ops.get(name)
        if ops is None:
            if align != "left":
                width = string_width(runs, size)
                x -= width if align == "right" else width / 2
            parts = []
            for font, text in runs:
                parts.append(text_ops(canv._doc, x, y, [text], font, size, size * 1.2, color))
                x += pdfmetrics.stringWidth(text, font, size)
            ops = self._ops[name] = "\n".join(parts)
        return ops

    def _header_footer(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        top = PAGE_HEIGHT - 0.5 * inch
        y = top - 14
        canv._code.append(self._runs_ops(canv, "marking", PAGE_WIDTH / 2, top, self._marking,
                                         7.5, MUTED, "centre"))
        canv._code.append(self._runs_ops(canv, "union", MARGIN_X, y, self._union, 7.5, INK))
        canv._code.append(self._runs_ops(canv, "title", PAGE_WIDTH - MARGIN_X, y, self._title,
                                         7.5, INK, "right"))
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, y - 5, PAGE_WIDTH - MARGIN_X, y - 5)
        canv.restoreState()
        self._footer(canv, doc)


#: A placeholder is a whole line of a content stream (user text never starts a line there).
_LATE = re.compile(r"^%LATE(\d+)$", re.MULTILINE)


def late_number(canv: Canvas, x: float, y: float, key: str | None) -> None:
    """Right-aligned at (x, y): the page of ``key`` (a section or brief), or with ``key`` None
    "Page X of Y" for the current page. Only a placeholder is written now; the canvas made by
    :func:`late_numbers_canvas` fills in the text when it saves the PDF."""
    late: list[tuple[int, float, float, str | None]] = canv._late
    canv._code.append(f"%LATE{len(late)}")
    late.append((canv.getPageNumber(), x, y, key))
    canv._late_here = True


def late_numbers_canvas(refs: PageRefs, doc_pages: Callable[[], int]) -> type[Canvas]:
    """A Canvas class that writes the late numbers (:func:`late_number`) just before it saves.

    Each placeholder is a PDF comment on a line of its own in a page's content stream, so the
    pages are complete except for those lines; on saving they become ordinary text operators.
    """

    class LateNumbersCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._late: list[tuple[int, float, float, str | None]] = []
            self._late_here = False
            self._late_pages: list[Any] = []

        def showPage(self) -> None:
            here, self._late_here = self._late_here, False
            super().showPage()
            if here:
                self._late_pages.append(self._doc.Pages.pages[-1])

        def _number(self, entry: tuple[int, float, float, str | None], total: int) -> str:
            page, x, y, key = entry
            if key is None:
                text, font, size, color = f"Page {page} of {total}", SANS_BOLD, FOOTER_SIZE, MUTED
            else:
                n = refs.pages.get(key)
                text, font, size, color = (str(n) if n else "\u2014"), SANS, 8.5, INK
            x -= pdfmetrics.stringWidth(text, font, size)
            return f"q {text_ops(self._doc, x, y, [text], font, size, size * 1.2, color)} Q"

        def save(self) -> None:
            total = doc_pages()
            done = [self._number(e, total) for e in self._late]
            for page in self._late_pages:
                page.stream = _LATE.sub(lambda m: done[int(m.group(1))], page.stream)
            super().save()

    return LateNumbersCanvas


def outline_title(text: str, limit: int = 90) -> str:
    """Plain one-line text for a PDF outline entry."""
    s = " ".join(clean(text).split())
    return s if len(s) <= limit else s[: limit - 1] + "\u2026"
