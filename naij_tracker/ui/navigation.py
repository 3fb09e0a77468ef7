"""The sidebar: the views in a list, the chosen one as a rounded accent-coloured pill.

Drawn by a small delegate on the window's own palette rather than by a style sheet: a sheet
routes the list through Qt's style-sheet style, which cost the first screen about 12 ms.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from naij_tracker.ui.style import ACCENT

#: Around each item: the pill's inset from the list's edges, and the text's from the pill's.
MARGIN_X, MARGIN_Y, PADDING_X = 8, 1, 14


class NavigationDelegate(QStyledItemDelegate):
    """Items as text on the window background; hovered lighter, selected an accent pill."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        state = option.state  # type: ignore[attr-defined]
        rect: QRect = option.rect.adjusted(  # type: ignore[attr-defined]
            MARGIN_X, MARGIN_Y, -MARGIN_X, -MARGIN_Y)
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        text_color = palette.color(QPalette.ColorRole.WindowText)
        fill: QColor | None = None
        if state & QStyle.StateFlag.State_Selected:
            fill, text_color = QColor(ACCENT), QColor("white")
        elif state & QStyle.StateFlag.State_MouseOver:
            fill = palette.color(QPalette.ColorRole.Midlight)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if fill is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(rect, 5, 5)
        painter.setPen(text_color)
        painter.setFont(option.font)  # type: ignore[attr-defined]
        painter.drawText(rect.adjusted(PADDING_X, 0, -4, 0),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt's name
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        height = option.fontMetrics.height() + 16  # type: ignore[attr-defined]
        width = option.fontMetrics.horizontalAdvance(  # type: ignore[attr-defined]
            str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
        return QSize(width + 2 * (MARGIN_X + PADDING_X), height)


class NavigationList(QListWidget):
    """One item per view, with its shortcut in the tooltip."""

    def __init__(self, labels: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigation")
        self.setAccessibleName("Navigation")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMouseTracking(True)  # hover
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setViewportMargins(0, 10, 0, 0)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
        self.setPalette(palette)
        self.setItemDelegate(NavigationDelegate(self))
        for i, label in enumerate(labels):
            item = QListWidgetItem(label, self)
            item.setToolTip(f"{label} (Ctrl+{i + 1})")
        self.setMinimumWidth(150)
        self.setMaximumWidth(260)
