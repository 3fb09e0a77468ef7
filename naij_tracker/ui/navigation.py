"""The sidebar: the views in a list, the chosen one as a rounded accent-coloured pill.

The list paints its items itself, on the window's own palette, onto a viewport widget made here.
The obvious ways each cost the first screen around 10 ms: a style sheet routes the list through
Qt's style-sheet style; an item delegate reading its option's ``state`` makes PySide6 build
Python enums for all of ``QStyle``'s constants (several hundred); painting on the viewport Qt
made itself makes PySide6 look through every widget class to wrap it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListWidget, QListWidgetItem, QWidget

from naij_tracker.domain.kinds import MatterKind
from naij_tracker.ui.style import ACCENT

#: Navigation targets in menu order: (key, label).
NAVIGATION: tuple[tuple[str, str], ...] = (
    ("dashboard", "Dashboard"),
    (MatterKind.BARGAINING.value, MatterKind.BARGAINING.plural),
    (MatterKind.FLRA.value, MatterKind.FLRA.plural),
    (MatterKind.GRIEVANCE.value, MatterKind.GRIEVANCE.plural),
    (MatterKind.METRIC_DISPUTE.value, MatterKind.METRIC_DISPUTE.plural),
    ("members", "Members"),
    ("deadlines", "Deadlines"),
    ("metrics", "Metrics catalogue"),
    ("reports", "Reports"),
)
#: The views that list matters of one kind (``MatterListView``).
LIST_KEYS = frozenset(kind.value for kind in MatterKind)

#: Around each item: the pill's inset from the list's edges, and the text's from the pill's.
MARGIN_X, MARGIN_Y, PADDING_X = 8, 1, 14


class NavigationList(QListWidget):
    """One item per view, with its shortcut in the tooltip; hovered lighter, chosen a pill."""

    def __init__(self, labels: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Our own viewport widget, so that painting needs no wrapper for one Qt made itself.
        self._canvas = QWidget()
        self.setViewport(self._canvas)
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
        height = self.fontMetrics().height() + 16
        for i, label in enumerate(labels):
            item = QListWidgetItem(label, self)
            item.setToolTip(f"{label} (Ctrl+{i + 1})")
            item.setSizeHint(QSize(0, height))
        self.setMinimumWidth(150)
        self.setMaximumWidth(260)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self._canvas)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()  # the viewport has filled itself with the Base colour
        current = self.currentRow()
        for row in range(self.count()):
            item = self.item(row)
            rect = self.visualItemRect(item).adjusted(MARGIN_X, MARGIN_Y, -MARGIN_X, -MARGIN_Y)
            text_color = palette.color(QPalette.ColorRole.WindowText)
            fill: QColor | None = None
            if row == current:
                fill, text_color = QColor(ACCENT), QColor("white")
            elif row == self.hover_row:
                fill = palette.color(QPalette.ColorRole.Midlight)
            if fill is not None:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(fill)
                painter.drawRoundedRect(rect, 5, 5)
            painter.setPen(text_color)
            painter.drawText(rect.adjusted(PADDING_X, 0, -4, 0),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             item.text())
        painter.end()

    def _set_hover(self, row: int) -> None:
        if row != self.hover_row:
            self.hover_row = row
            self._canvas.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        self._set_hover(self.indexAt(event.position().toPoint()).row())
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        self._set_hover(-1)
        super().leaveEvent(event)
