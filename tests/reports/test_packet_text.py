"""Escaping, font fallback and bidi for packet text; the shipped fonts and their licences."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from naij_tracker.reports import packet_text as T
from naij_tracker.resource_files import resource_path


def test_markup_escapes_and_breaks_lines() -> None:
    assert T.markup("S&P 500") == "S&amp;P 500"
    assert T.markup("Smith <smith@x.org>") == "Smith &lt;smith@x.org&gt;"
    assert T.markup("a\r\nb\rc\u2028d") == "a<br/>b<br/>c<br/>d"
    assert T.markup("bell\x07 tab\tend") == "bell tab    end"


def test_markup_parses_in_a_paragraph() -> None:
    T.register_fonts()
    style = ParagraphStyle("t", fontName=T.SERIF)
    for text in ("0.1 < A < 0.9", "&amp; &lt;", "</para><b>", 'quote " and \'', "\u738b <x>"):
        Paragraph(T.markup(text), style)  # raises on bad markup


def test_fallback_fonts_by_script() -> None:
    assert T.markup("Jos\u00e9 \u0418\u0432\u0430\u043d \u0393\u03b9\u03ce\u03c1\u03b3\u03bf\u03c2") == (
        "Jos\u00e9 \u0418\u0432\u0430\u043d \u0393\u03b9\u03ce\u03c1\u03b3\u03bf\u03c2")
    assert f'<font name="{T.CJK}">\u738b\u5c0f\u660e</font>' in T.markup("\u738b\u5c0f\u660e")
    assert f'<font name="{T.HANGUL}">\uae40\ubbfc\uc900</font>' in T.markup("\uae40\ubbfc\uc900")
    assert f'<font name="{T.SANS_BOLD}">' in T.markup("\u05d3\u05d5\u05d3", T.SERIF_BOLD)


def test_rtl_is_put_in_visual_order_and_arabic_shaped() -> None:
    assert T.visual("\u05d3\u05d5\u05d3 \u05dc\u05d5\u05d9") == "\u05d9\u05d5\u05dc \u05d3\u05d5\u05d3"
    shaped = T.visual("\u0645\u062d\u0645\u062f")
    assert all(0xFE70 <= ord(c) <= 0xFEFF for c in shaped)
    assert T.visual("plain text") == "plain text"


def test_single_font_detection() -> None:
    assert T.single_font("plain", T.SANS)
    assert T.single_font("Jos\u00e9 \u0418\u0432\u0430\u043d", T.SANS)
    assert not T.single_font("\u738b", T.SANS)
    assert not T.single_font("\u05d3", T.SANS)  # RTL needs reordering: Paragraph path


def test_fonts_and_licences_are_shipped() -> None:
    fonts = resource_path("fonts")
    for name in T._FONT_FILES.values():
        assert (fonts / name).is_file(), name
    for lic in ("LICENSE-DejaVu.txt", "LICENSE-DroidSansFallback-Apache-2.0.txt",
                "LICENSE-Nanum-OFL-1.1.txt"):
        assert (fonts / lic).stat().st_size > 1000
    assert sum(p.stat().st_size for p in fonts.iterdir()) < 15_000_000
