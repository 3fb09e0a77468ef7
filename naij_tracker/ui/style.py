"""A calm look: the platform's own style, a few quiet touches in a style sheet.

We keep the native widgets (Fusion where the platform has no style of its own) and only add
what the application needs to read well: a sidebar, muted secondary text, a clear mark on an
invalid field. Colours are chosen to stay readable in light and dark palettes.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QStyleFactory

ACCENT = "#3d6a9e"

STYLE_SHEET = f"""
QListWidget#navigation {{
    border: none;
    background: palette(window);
    padding-top: 10px;
    outline: 0;
}}
QListWidget#navigation::item {{
    padding: 7px 14px;
    margin: 1px 8px;
    border-radius: 5px;
}}
QListWidget#navigation::item:hover {{
    background: palette(midlight);
}}
QListWidget#navigation::item:selected {{
    background: {ACCENT};
    color: white;
}}
QLabel[muted="true"] {{
    color: palette(placeholder-text);
}}
*[invalid="true"] {{
    border: 1px solid #c62828;
    border-radius: 3px;
}}
QTableView {{
    selection-background-color: #cfdcec;
    selection-color: palette(text);
}}
QHeaderView::section {{
    padding: 4px 6px;
}}
QStatusBar QLabel {{
    padding: 0 6px;
}}
"""


def apply_style(app: QApplication) -> None:
    """Fusion unless the platform brings its own (Windows, macOS); then our few touches."""
    name = app.style().name().lower() if app.style() else ""
    available = QStyleFactory.keys()
    if name not in ("windowsvista", "windows11", "macos") and "Fusion" in available:
        app.setStyle("Fusion")
    app.setStyleSheet(STYLE_SHEET)
