"""Safe text for the briefing packet: fonts, glyph fallback, right-to-left order, escaping.

Everything a user typed goes through :func:`markup` (for Paragraphs) or :func:`text_runs`
(for strings drawn directly on the canvas) before it reaches reportlab:

* control characters are dropped, tabs become spaces, every kind of line break becomes ``<br/>``;
* the text is XML-escaped, so ``S&P 500``, ``Smith <smith@x.org>`` and ``0.1 < A < 0.9`` print
  as typed instead of being parsed as markup;
* each character is checked against the embedded fonts' character maps: runs the primary font
  (DejaVu Serif or DejaVu Sans Condensed) cannot draw switch to DejaVu Sans Condensed (Hebrew,
  Arabic, many symbols), then to Droid Sans Fallback (Chinese, Japanese) and to Nanum Myeongjo
  (Korean Hangul); a character no font has becomes U+FFFD rather than an invisible box;
* right-to-left lines are shaped (Arabic contextual forms via ``arabic-reshaper``) and put into
  visual order with ``python-bidi``, one source line at a time. A right-to-left run that
  reportlab has to wrap over two lines keeps its visual order within each line, which is right
  for names and short phrases (what the packet contains) and imperfect for long RTL paragraphs.

Long words and URLs wrap because every paragraph style keeps ``splitLongWords`` on.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from naij_tracker.resource_files import resource_path

SERIF = "NaijSerif"
SERIF_BOLD = "NaijSerif-Bold"
SERIF_ITALIC = "NaijSerif-Italic"
SERIF_BOLD_ITALIC = "NaijSerif-BoldItalic"
SANS = "NaijSans"
SANS_BOLD = "NaijSans-Bold"
CJK = "NaijCJK"
HANGUL = "NaijHangul"

_FONT_FILES: dict[str, str] = {
    SERIF: "DejaVuSerif.ttf",
    SERIF_BOLD: "DejaVuSerif-Bold.ttf",
    SERIF_ITALIC: "DejaVuSerif-Italic.ttf",
    SERIF_BOLD_ITALIC: "DejaVuSerif-BoldItalic.ttf",
    SANS: "DejaVuSansCondensed.ttf",
    SANS_BOLD: "DejaVuSansCondensed-Bold.ttf",
    CJK: "DroidSansFallbackFull.ttf",
    HANGUL: "NanumMyeongjo.ttf",
}

_BOLD = {SERIF_BOLD, SERIF_BOLD_ITALIC, SANS_BOLD}

_lock = threading.Lock()
_registered: set[str] = set()
_coverage: dict[str, frozenset[int]] = {}

_RTL = re.compile(r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]")
_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]")
# C0/C1 controls except tab and newline, lone surrogates, non-characters.
_JUNK = re.compile(r"[\x00-\x08\x0B-\x1F\x7F-\x9F\uD800-\uDFFF\uFFFE\uFFFF]")
_NEWLINES = re.compile(r"\r\n|[\r\x0B\x0C\x1C-\x1E\x85\u2028\u2029]")
# Characters that never force a font switch: they join whichever run they sit in.
_NEUTRAL = frozenset(" \u00a0\u200b\u200c\u200d\u200e\u200f")


def _register(name: str) -> None:
    font = TTFont(name, str(resource_path(f"fonts/{_FONT_FILES[name]}")))
    pdfmetrics.registerFont(font)
    _coverage[name] = frozenset(font.face.charToGlyph)
    _registered.add(name)


def register_fonts() -> None:
    """Register the embedded text fonts with reportlab (once per process; thread-safe).

    The large CJK and Hangul fallbacks are registered lazily, when a character needs them.
    """
    if SANS_BOLD in _registered:
        return
    with _lock:
        if SANS_BOLD in _registered:
            return
        for name in (SERIF, SERIF_BOLD, SERIF_ITALIC, SERIF_BOLD_ITALIC, SANS):
            _register(name)
        for family, regular, bold, italic, bold_italic in (
            (SERIF, SERIF, SERIF_BOLD, SERIF_ITALIC, SERIF_BOLD_ITALIC),
            (SANS, SANS, SANS_BOLD, SANS, SANS_BOLD),
        ):
            addMapping(family, 0, 0, regular)
            addMapping(family, 1, 0, bold)
            addMapping(family, 0, 1, italic)
            addMapping(family, 1, 1, bold_italic)
        _register(SANS_BOLD)


def _lazy_coverage(name: str) -> frozenset[int]:
    """Coverage of a large fallback font, registering it the first time it is needed."""
    if name not in _registered:
        with _lock:
            if name not in _registered:
                _register(name)
                for bold in (0, 1):
                    for italic in (0, 1):
                        addMapping(name, bold, italic, name)
    return _coverage[name]


def clean(text: object) -> str:
    """The text as a str with unified newlines, tabs as spaces and control characters removed."""
    s = "" if text is None else str(text)
    if not s.isascii() or "\r" in s or "\t" in s or _JUNK.search(s):
        s = _NEWLINES.sub("\n", s).replace("\t", "    ")
        s = _JUNK.sub("", s)
    return s


def visual(line: str) -> str:
    """One line in display order: Arabic shaped into presentation forms, then bidi-reordered."""
    if not _RTL.search(line):
        return line
    if _ARABIC.search(line):
        line = _reshape(line)
    from bidi import get_display

    return str(get_display(line))


def _reshape(line: str) -> str:
    import arabic_reshaper

    return str(arabic_reshaper.reshape(line))


def _fallbacks(font: str) -> tuple[str, ...]:
    sans = SANS_BOLD if font in _BOLD else SANS
    return (sans,) if font not in (SANS, SANS_BOLD) else ()


def font_for(ch: str, font: str) -> str:
    """The first font in ``font``'s fallback chain that has a glyph for ``ch`` (or ``font``)."""
    cp = ord(ch)
    if cp in _coverage[font]:
        return font
    for fb in _fallbacks(font):
        if cp in _coverage[fb]:
            return fb
    for big in (CJK, HANGUL):  # Chinese and Japanese, then Korean (Droid lacks Hangul)
        if cp in _lazy_coverage(big):
            return big
    return ""


def _split(line: str, font: str) -> Iterator[tuple[str, str]]:
    """(font, text) runs of one visual-order line."""
    current = font
    cov = _coverage[font]
    buf: list[str] = []
    for ch in line:
        if ch in _NEUTRAL:
            buf.append(ch)
            continue
        if ord(ch) in cov:
            f = font
        else:
            f = font_for(ch, font)
            if not f:
                f, ch = font, "\ufffd"
        if f != current:
            if buf:
                yield current, "".join(buf)
            buf = []
            current = f
        buf.append(ch)
    if buf:
        yield current, "".join(buf)


def single_font(text: str, font: str) -> bool:
    """True when ``text`` (already cleaned) can be drawn in ``font`` alone, left to right."""
    if text.isascii():
        return True
    register_fonts()
    cov = _coverage[font]
    return not _RTL.search(text) and all(ord(c) in cov for c in text)


def text_runs(text: object, font: str) -> list[tuple[str, str]]:
    """Visual-order (font, text) runs of a single-line string, for drawing on a canvas."""
    register_fonts()
    s = clean(text).replace("\n", " ")
    if s.isascii():
        return [(font, s)] if s else []
    return list(_split(visual(s), font))


@lru_cache(maxsize=4096)
def _markup_cached(s: str, font: str) -> str:
    parts: list[str] = []
    for i, line in enumerate(s.split("\n")):
        if i:
            parts.append("<br/>")
        for f, run in _split(visual(line), font):
            if f == font:
                parts.append(escape(run))
            else:
                parts.append(f'<font name="{f}">{escape(run)}</font>')
    return "".join(parts)


def markup(text: object, font: str = SERIF) -> str:
    """Paragraph markup that prints ``text`` exactly as typed in ``font`` (see module doc).

    ``font`` must be the font the surrounding paragraph (or ``<font>`` tag) is set in, so that
    the fallback runs are chosen for the right weight.
    """
    register_fonts()
    s = clean(text)
    if s.isascii():
        s = escape(s)
        return s.replace("\n", "<br/>") if "\n" in s else s
    return _markup_cached(s, font)


def tagged(text: object, font: str) -> str:
    """``markup`` wrapped in a ``<font>`` tag, for a bold or italic piece inside a paragraph."""
    return f'<font name="{font}">{markup(text, font)}</font>'


def string_width(runs: list[tuple[str, str]], size: float) -> float:
    """Width in points of ``text_runs`` output at ``size``."""
    return sum(pdfmetrics.stringWidth(t, f, size) for f, t in runs)


def draw_runs(canv: object, x: float, y: float, runs: list[tuple[str, str]], size: float,
              align: str = "left") -> None:
    """Draw (font, text) runs on a reportlab canvas at (x, y), aligned left, right or centre."""
    width = string_width(runs, size)
    if align == "right":
        x -= width
    elif align == "centre":
        x -= width / 2
    for f, t in runs:
        canv.setFont(f, size)  # type: ignore[attr-defined]
        canv.drawString(x, y, t)  # type: ignore[attr-defined]
        x += pdfmetrics.stringWidth(t, f, size)


def truncate(text: str, limit: int, tail: str = " \u2026") -> str:
    """``text`` cut at a word boundary to at most about ``limit`` characters."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > limit * 0.7:
        cut = cut[:space]
    return cut.rstrip() + tail
