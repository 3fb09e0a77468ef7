"""A calm look: the platform's own style, a few quiet touches through palettes.

We keep the native widgets (Fusion where the platform has no style of its own) and only add
what the application needs to read well: muted secondary text, coloured warnings, a clear mark
on an invalid field (the sidebar draws itself, ``navigation.py``). Colours are chosen to stay
readable in light and dark palettes. There is no application-wide style sheet: it routes every
widget through Qt's style-sheet style, which cost the first screen 50–100 ms.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

ACCENT = "#3d6a9e"
ERROR_COLOR = "#c62828"
WARNING_COLOR = "#b23c17"

#: A field whose value is refused: a red outline (set on that one field while it is wrong).
INVALID_SHEET = f"border: 1px solid {ERROR_COLOR}; border-radius: 3px;"


def choose_style() -> None:
    """Before the ``QApplication`` exists: Fusion unless the platform brings its own style
    (Windows, macOS), and unless the person chose one (``QT_STYLE_OVERRIDE``).

    Done through the environment rather than with ``QApplication.setStyle``: that hands Qt's
    style object back to Python, and PySide6 then builds enums for every ``QStyle`` constant
    (several milliseconds of the first screen).
    """
    if sys.platform not in ("win32", "darwin"):
        os.environ.setdefault("QT_STYLE_OVERRIDE", "Fusion")


def apply_style(app: QApplication) -> None:
    """Our few touches to the palette (the style itself: ``choose_style``)."""
    palette = app.palette()
    if palette.color(QPalette.ColorRole.Window).lightness() > 128:
        # A quiet selection in tables and lists that keeps the text's own colour readable.
        palette.setColor(QPalette.ColorRole.Highlight, QColor("#cfdcec"))
        palette.setColor(QPalette.ColorRole.HighlightedText,
                         palette.color(QPalette.ColorRole.Text))
        app.setPalette(palette)


def mute(widget: QWidget) -> None:
    """Secondary text: the palette's placeholder colour (readable in light and dark)."""
    widget.setProperty("muted", True)
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText,
                     palette.color(QPalette.ColorRole.PlaceholderText))
    widget.setPalette(palette)


def set_text_color(widget: QWidget, color: str | None, *, bold: bool = False) -> None:
    """Text in ``color`` (an error, a warning), or back to the normal colour with None."""
    palette = widget.palette()
    normal = QApplication.palette(widget).color(QPalette.ColorRole.WindowText)
    palette.setColor(QPalette.ColorRole.WindowText, QColor(color) if color else normal)
    widget.setPalette(palette)
    if bold:
        font = QFont(widget.font())
        font.setBold(True)
        widget.setFont(font)


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Outline a field in red while its value is refused."""
    widget.setProperty("invalid", invalid)
    widget.setStyleSheet(INVALID_SHEET if invalid else "")
