"""Direct text and tables for the packet: short runs in one font written as PDF text operators.

:class:`TextBlock` and :class:`Grid` write most of the packet's text without going through
Paragraph and Table, which do much more work per string than this document needs; the page
furniture (``packet_doc.py``) uses the same operators for headings and the contents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeAlias
from weakref import WeakKeyDictionary

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from naij_tracker.reports.packet_page import (
    FAINT,
    INK,
    RULE,
    SHADE,
)


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


Cell: TypeAlias = Flowable | list[Flowable] | tuple[Flowable, ...]


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
