"""A small horizontal bar chart, painted directly: the dashboard's open matters per kind.

Four labelled bars do not need QtCharts: building and painting a ``QChart`` costs about 50 ms
on the first screen (a graphics scene, axes, series), a painted widget a few. Clicking a bar
emits ``bar_clicked`` with its index; the accessible description reads the values out.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget


class BarChart(QWidget):
    """Labelled horizontal bars, one per category, longest scaled to the width available."""

    bar_clicked = Signal(int)

    def __init__(self, color: QColor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._color = QColor(color)
        self._labels: tuple[str, ...] = ()
        self._values: tuple[float, ...] = ()
        self.setFixedHeight(self.sizeHint().height())
        self.setMouseTracking(True)

    def set_bars(self, labels: Sequence[str], values: Sequence[float]) -> None:
        if len(labels) != len(values):
            raise ValueError("one value per label")
        self._labels, self._values = tuple(labels), tuple(float(v) for v in values)
        self.setAccessibleDescription("; ".join(
            f"{label}: {value:,.0f}" for label, value in zip(self._labels, self._values,
                                                              strict=True)))
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def bars(self) -> list[tuple[str, float]]:
        return list(zip(self._labels, self._values, strict=True))

    # -- geometry --------------------------------------------------------------------------
    def _row_height(self) -> int:
        return self.fontMetrics().height() + 14

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(320, max(1, len(self._labels)) * self._row_height() + 8)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(200, self.sizeHint().height())

    def _label_width(self) -> int:
        fm = self.fontMetrics()
        return max((fm.horizontalAdvance(t) for t in self._labels), default=0) + 12

    def bar_rect(self, i: int) -> QRectF:
        """Where bar ``i`` is drawn (for clicks, and for tests)."""
        fm = self.fontMetrics()
        label_w = self._label_width()
        value_w = fm.horizontalAdvance(f"{max(self._values, default=0):,.0f}") + 10
        room = max(1.0, self.width() - label_w - value_w - 4)
        top = max(self._values, default=0) or 1.0
        row = self._row_height()
        return QRectF(label_w, 4 + i * row + 4, room * self._values[i] / top, row - 8)

    def index_at(self, x: float, y: float) -> int:
        """The bar (its whole row) under a point, or -1."""
        i = int((y - 4) // self._row_height())
        return i if 0 <= i < len(self._labels) and y >= 4 else -1

    # -- events ----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().text().color()
        row = self._row_height()
        label_w = self._label_width()
        for i, (label, value) in enumerate(zip(self._labels, self._values, strict=True)):
            y = 4 + i * row
            painter.setPen(text)
            painter.drawText(QRectF(0, y, label_w - 8, row),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            bar = self.bar_rect(i)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._color)
            painter.drawRoundedRect(bar, 2, 2)
            painter.setPen(text)
            painter.drawText(QRectF(bar.right() + 6, y, self.width() - bar.right() - 6, row),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             f"{value:,.0f}")
        painter.end()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        over = self.index_at(event.position().x(), event.position().y()) >= 0
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            i = self.index_at(event.position().x(), event.position().y())
            if i >= 0:
                self.bar_clicked.emit(i)
        super().mouseReleaseEvent(event)
