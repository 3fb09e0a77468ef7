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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, BinaryIO
from weakref import WeakKeyDictionary

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.rl_accel import escapePDF, fp_str
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
    markup,
    single_font,
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
        self._ops: dict[tuple[str, int], str] = {}
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
        key = (name, id(canv._doc))
        ops = self._ops.get(key)
        if ops is None:
            if align != "left":
                width = string_width(runs, size)
                x -= width if align == "right" else width / 2
            parts = []
            for font, text in runs:
                parts.append(text_ops(canv._doc, x, y, [text], font, size, size * 1.2, color))
                x += pdfmetrics.stringWidth(text, font, size)
            ops = self._ops[key] = "\n".join(parts)
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
    late: list[tuple[int, float, float, str | None]] = canv._late  # type: ignore[attr-defined]
    canv._code.append(f"%LATE{len(late)}")
    late.append((canv.getPageNumber(), x, y, key))
    canv._late_here = True  # type: ignore[attr-defined]


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


@lru_cache(maxsize=16384)
def _wrapped(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    """:func:`wrap_lines`, remembered: dates, weekdays, labels and rule names recur thousands
    of times in a packet."""
    return tuple(wrap_lines(text, font, size, width))


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap of single-font text; words wider than ``width`` are broken by character."""
    sw = pdfmetrics.stringWidth
    if "\n" not in text:  # most texts are one short line: measure it once
        whole = " ".join(text.split())
        if sw(whole, font, size) <= width:
            return [whole]
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
    the style's font and which need no bidi reordering (:func:`~.packet_text.single_font`
    decides).
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
        self._lines: Sequence[str] = ()

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if availWidth != self._width:
            self._lines = _wrapped(self.text, self.font, self.size, availWidth)
            self._width = availWidth
        self.width = availWidth
        self.height = len(self._lines) * self.leading
        return availWidth, self.height

    def _part(self, lines: Sequence[str], before: float, after: float) -> TextBlock:
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

    def baseline(self, top: float) -> float:
        """Where the first line sits when the block's top edge is at ``top``."""
        return top - self.leading + (self.leading - self.size) * 0.5 + self.size * 0.22

    def draw(self) -> None:
        canv = self.canv
        canv._code.append(text_ops(canv._doc, 0.0, self.baseline(self.height), self._lines,
                                   self.font, self.size, self.leading, self.color))


# -- direct text and tables ------------------------------------------------------------------------

_fonts: dict[str, Any] = {}
_encoded: WeakKeyDictionary[Any, dict[tuple[Any, ...], str]] = WeakKeyDictionary()
_fills: dict[int, tuple[Any, str]] = {}
_strokes: dict[int, tuple[Any, str]] = {}


def _colour_op(color: Any, cache: dict[int, tuple[Any, str]], op: str) -> str:
    hit = cache.get(id(color))
    if hit is None or hit[0] is not color:
        hit = cache[id(color)] = (color, f"{fp_str(color.red, color.green, color.blue)} {op}")
    return hit[1]


def text_ops(doc: Any, x: float, y: float, lines: Sequence[str], font: str, size: float,
             leading: float, color: Any) -> str:
    """PDF operators that draw ``lines`` (first baseline at ``x``, ``y``) in an embedded font.

    The same operators a reportlab text object writes (``Tj`` and ``T*`` per line, so text
    extraction sees the same line breaks), produced without a text object per call: the
    packet draws tens of thousands of short cell texts. The operators after the position are
    remembered per document, since a text's font subset codes never change within one PDF.
    """
    cache = _encoded.get(doc)
    if cache is None:
        cache = _encoded[doc] = {}
    fill = _colour_op(color, _fills, "rg")
    key = (font, size, leading, fill, *lines)
    body = cache.get(key)
    if body is None:
        body = cache[key] = _text_body(doc, lines, font, size, leading, fill)
    return f"BT 1 0 0 1 {fp_str(x)} {fp_str(y)} Tm {body}"


def _text_body(doc: Any, lines: Sequence[str], font: str, size: float, leading: float,
               fill: str) -> str:
    f = _fonts.get(font)
    if f is None:
        f = _fonts[font] = pdfmetrics.getFont(font)
    out = [fill]
    tail = f" {fp_str(size)} Tf {fp_str(leading)} TL"
    current = -1
    for line in lines:
        for subset, chunk in f.splitString(line, doc):
            if subset != current:
                out.append(f.getSubsetInternalName(subset, doc) + tail)
                current = subset
            out.append(f"({escapePDF(chunk)}) Tj")
        out.append("T*")
    out.append("ET")
    return " ".join(out)


Cell = Flowable | list[Flowable] | tuple[Flowable, ...]


@dataclass(frozen=True)
class GridStyle:
    """Padding, shading and rules of a :class:`Grid` (a line is (width, colour) or None)."""

    pad_left: float = 4.0
    pad_right: float = 4.0
    pad_top: float = 2.5
    pad_bottom: float = 3.0
    header_shade: Any = None
    first_column_shade: Any = None
    rule_above: tuple[float, Any] | None = None
    rule_below_header: tuple[float, Any] | None = None
    rule_between: tuple[float, Any] | None = None
    rule_below: tuple[float, Any] | None = None


class Grid(Flowable):
    """A table of fixed column widths, cells top-aligned, drawn straight onto the page.

    A stand-in for reportlab's ``Table`` restricted to what the packet needs: one optional
    header row repeated when the grid splits across pages, whole rows per page, shading of the
    header, of the first column or of chosen rows, and horizontal rules. Cells are flowables or
    lists of them; :class:`TextBlock` cells are written as text operators directly, anything
    else (a Paragraph with fallback fonts, a page reference) is drawn as a flowable.
    """

    def __init__(self, rows: list[list[Cell]], widths: list[float], style: GridStyle,
                 header: list[Cell] | None = None, shaded: list[bool] | None = None) -> None:
        super().__init__()
        self.rows = rows
        self.widths = list(widths)
        self.style = style
        self.header = header
        self.shaded = shaded if shaded is not None else [False] * len(rows)
        self.width = sum(self.widths)
        self.height = 0.0
        self._heights: list[float] | None = None
        self._header_height = 0.0

    # -- layout ---------------------------------------------------------------------------------

    def _row_height(self, row: list[Cell]) -> float:
        st = self.style
        pad = st.pad_left + st.pad_right
        h = 0.0
        for value, w in zip(row, self.widths, strict=True):
            cell = value if type(value) in (list, tuple) else (value,)
            t = 0.0
            for i, f in enumerate(cell):
                if type(f) is TextBlock:
                    t += f.wrap(w - pad, 72000)[1]
                else:
                    t += f.wrapOn(None, w - pad, 72000)[1]
                t += f.getSpaceAfter() + (f.getSpaceBefore() if i else 0.0)
            if cell:
                t -= cell[-1].getSpaceAfter()
            h = max(h, t)
        return h + st.pad_top + st.pad_bottom

    def _measure(self) -> list[float]:
        if self._heights is None:
            self._heights = [self._row_height(r) for r in self.rows]
            self._header_height = self._row_height(self.header) if self.header else 0.0
        return self._heights

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        rows = sum(self._measure())
        self.height = self._header_height + rows
        return self.width, self.height

    def _part(self, start: int, stop: int) -> Grid:
        part = Grid.__new__(Grid)
        Flowable.__init__(part)
        part.rows, part.widths, part.style = self.rows[start:stop], self.widths, self.style
        part.header, part.shaded = self.header, self.shaded[start:stop]
        part.width, part.height = self.width, 0.0
        part._heights = self._measure()[start:stop]
        part._header_height = self._header_height
        return part

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        heights = self._measure()
        room = availHeight - self._header_height
        n = 0
        for h in heights:
            if h > room + 1e-6:
                break
            room -= h
            n += 1
        if n == 0:
            return []
        if n == len(heights):
            return [self]
        return [self._part(0, n), self._part(n, len(heights))]

    # -- drawing ----------------------------------------------------------------------------------

    def draw(self) -> None:
        canv = self.canv
        doc = canv._doc
        st = self.style
        heights = self._measure()
        rows: list[tuple[list[Cell], float, bool]] = []
        if self.header:
            rows.append((self.header, self._header_height, True))
        rows += [(r, h, False) for r, h in zip(self.rows, heights, strict=True)]
        shaded = ([False] if self.header else []) + self.shaded
        lefts = [0.0]
        for w in self.widths[:-1]:
            lefts.append(lefts[-1] + w)
        width = self.width

        ops: list[str] = ["q"]
        tops: list[float] = []
        y = self.height
        for (_, h, is_header), shade in zip(rows, shaded, strict=True):
            tops.append(y)
            fill = st.header_shade if is_header else (SHADE if shade else None)
            if fill is not None:
                ops.append(f"{_colour_op(fill, _fills, 'rg')} n 0 {fp_str(y - h)} "
                           f"{fp_str(width)} {fp_str(h)} re f")
            elif st.first_column_shade is not None:
                ops.append(f"{_colour_op(st.first_column_shade, _fills, 'rg')} n 0 "
                           f"{fp_str(y - h)} {fp_str(self.widths[0])} {fp_str(h)} re f")
            y -= h
        tops.append(y)

        for (row, _, _), top in zip(rows, tops, strict=False):
            for value, x in zip(row, lefts, strict=True):
                cell = value if type(value) in (list, tuple) else (value,)
                yy = top - st.pad_top
                x += st.pad_left
                for i, f in enumerate(cell):
                    if i:
                        yy -= f.getSpaceBefore()
                    if type(f) is TextBlock:
                        if f._lines:
                            ops.append(text_ops(doc, x, f.baseline(yy), f._lines, f.font,
                                                f.size, f.leading, f.color))
                        yy -= f.height
                    else:
                        yy -= f.height
                        ops.append("Q")
                        canv._code.append(" ".join(ops))
                        ops = ["q"]
                        f.drawOn(canv, x, yy)
                    yy -= f.getSpaceAfter()

        ops.append("1 J 1 j")
        stroke: tuple[float, Any] | None = None

        def line(rule: tuple[float, Any] | None, at: float) -> None:
            nonlocal stroke
            if rule is None:
                return
            if rule != stroke:
                ops.append(f"{_colour_op(rule[1], _strokes, 'RG')} {fp_str(rule[0])} w")
                stroke = rule
            ops.append(f"n 0 {fp_str(at)} m {fp_str(width)} {fp_str(at)} l S")

        first_data = 1 if self.header else 0
        if self.header:
            line(st.rule_above, tops[0])
            line(st.rule_below_header, tops[1])
        elif rows:
            line(st.rule_above, tops[0])
        for i in range(first_data, len(rows)):
            line(st.rule_between, tops[i + 1])
        if len(rows) > first_data:
            line(st.rule_below, tops[-1])
        ops.append("Q")
        canv._code.append(" ".join(ops))


#: Data tables: shaded header with a rule above and below, hairlines between rows.
TABLE_GRID = GridStyle(header_shade=SHADE, rule_above=(0.8, INK), rule_below_header=(0.6, INK),
                       rule_between=(0.25, FAINT), rule_below=(0.6, RULE))
#: Field tables of a brief: shaded label column, hairlines, a rule above and below.
KV_GRID = GridStyle(pad_top=2.0, pad_bottom=2.5, first_column_shade=SHADE,
                    rule_above=(0.6, RULE), rule_between=(0.25, FAINT), rule_below=(0.6, RULE))
