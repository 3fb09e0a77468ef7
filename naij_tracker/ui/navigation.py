"""The sidebar: the views in a list, the chosen one as a rounded accent-coloured pill.

A small delegate paints the items on the window's own palette. A style sheet would route the
list through Qt's style-sheet style; reading the option's ``state`` would make PySide6 build
Python enums for all of ``QStyle``'s constants (several hundred members); painting in the list's
own ``paintEvent`` needs its viewport as a Python object, which makes PySide6 look through every
widget class for its type. Each cost the first screen around 10 ms.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QListWidget,
    QListWidgetItem,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from naij_tracker.ui.style import ACCENT

#: Around each item: the pill's inset from the list's edges, and the text's from the pill's.
MARGIN_X, MARGIN_Y, PADDING_X = 8, 1, 14


class _ItemPainter(QStyledItemDelegate):
    """Paints the items: the current one as a pill, the hovered one lighter.

    Whether an item is current or hovered comes from the list, not from ``option.state``:
    reading that makes PySide6 build Python enums for all of ``QStyle``'s constants.
    """

    def __init__(self, navigation: NavigationList) -> None:
        super().__init__(navigation)
        self._navigation = navigation

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        nav = self._navigation
        rect: QRect = option.rect.adjusted(  # type: ignore[attr-defined]
            MARGIN_X, MARGIN_Y, -MARGIN_X, -MARGIN_Y)
        palette = nav.palette()
        text_color = palette.color(QPalette.ColorRole.WindowText)
        fill: QColor | None = None
        if index.row() == nav.currentRow():
            fill, text_color = QColor(ACCENT), QColor("white")
        elif index.row() == nav.hover_row:
            fill = palette.color(QPalette.ColorRole.Midlight)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if fill is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(rect, 5, 5)
        painter.setPen(text_color)
        painter.drawText(rect.adjusted(PADDING_X, 0, -4, 0),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
        painter.restore()


class NavigationList(QListWidget):
    """One item per view, with its shortcut in the tooltip; hovered lighter, chosen a pill."""

    def __init__(self, labels: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigation")
        self.setAccessibleName("Navigation")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMouseTracking(True)  # for the hover colour
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setViewportMargins(0, 10, 0, 0)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
        self.setPalette(palette)
        self.hover_row = -1
        self.setItemDelegate(_ItemPainter(self))
        height = self.fontMetrics().height() + 16
        for i, label in enumerate(labels):
            item = QListWidgetItem(label, self)
            item.setToolTip(f"{label} (Ctrl+{i + 1})")
            item.setSizeHint(QSize(0, height))
        self.setMinimumWidth(150)
        self.setMaximumWidth(260)

    def _set_hover(self, row: int) -> None:
        if row != self.hover_row:
            self.hover_row = row
            self.update()  # repaints the items (the viewport)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        self._set_hover(self.indexAt(event.position().toPoint()).row())
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        self._set_hover(-1)
        super().leaveEvent(event)
