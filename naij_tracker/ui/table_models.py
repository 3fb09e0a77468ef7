"""Item models shared by the views: a table of plain tuples, fetched and shown lazily.

``TupleTableModel`` shows the rows of a ``ListResult`` (or any list of tuples whose first element
is the matter id). It never sorts or filters in Python — the view re-queries SQL for that — and
it converts a value to text only when Qt asks for a visible cell, so 100,000 rows cost one list
of tuples and nothing per row. Rows are exposed in pages through ``canFetchMore``/``fetchMore``
so that the view lays out only what has been scrolled to.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from naij_tracker.domain import clock

if TYPE_CHECKING:
    from naij_tracker.services.queries import ListColumn


Index = QModelIndex | QPersistentModelIndex

OVERDUE_COLOR = QColor("#b3261e")
SOON_COLOR = QColor("#9a5b00")
SOON_DAYS = 14



def row_flags(index: Index) -> Qt.ItemFlag:
    """Rows that can be selected but not edited, in a flat table."""
    if not index.isValid():
        return Qt.ItemFlag.NoItemFlags
    return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | \
        Qt.ItemFlag.ItemNeverHasChildren

class Roles(IntEnum):
    """Custom data roles (above Qt.UserRole)."""

    SORT_KEY = Qt.ItemDataRole.UserRole + 1
    MATTER_ID = Qt.ItemDataRole.UserRole + 2
    COLUMN_KEY = Qt.ItemDataRole.UserRole + 3


#: English month abbreviations: ``%b`` would follow the C library's locale.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(value: date | None) -> str:
    """Officers read "Mar 2, 2026", not ISO; independent of the C library's locale."""
    if value is None:
        return ""
    text = f"{MONTHS[value.month - 1]} {value.day}, {value.year}"
    if isinstance(value, datetime):
        return f"{text} {value.hour:02d}:{value.minute:02d}"
    return text


def _is_decimal(value: Any) -> bool:
    """Whether ``value`` is a ``Decimal`` — without importing ``decimal`` on the start path (a
    value cannot be one unless something has loaded the module)."""
    module = sys.modules.get("decimal")
    return module is not None and isinstance(value, module.Decimal)


def format_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float) or _is_decimal(value):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


DATE_KEYS = frozenset({"filed", "next_due", "notice", "demand"})
NUMBER_KEYS = frozenset({"measured", "target"})


class TupleTableModel(QAbstractTableModel):
    """Rows as tuples ``(matter_id, *values)``; columns described by ``ListColumn``.

    The rows may be any sequence: a list, or a ``queries.MatterListing`` that reads its rows a
    page at a time as the view asks for them (with ``index_of`` to find a matter without
    reading every page).
    """

    #: The header asked for a sort; the owner re-queries and calls ``set_rows``.
    sortRequested = Signal(int, Qt.SortOrder)

    PAGE = 500

    def __init__(self, columns: Sequence[ListColumn] = (), parent: QObject | None = None,
                 *, today: date | None = None) -> None:
        super().__init__(parent)
        self._columns: tuple[ListColumn, ...] = tuple(columns)
        self._rows: Sequence[tuple[Any, ...]] = []
        self._shown = 0
        self._today = today or clock.today()
        self._bold = QFont()
        self._bold.setBold(True)

    # -- loading ---------------------------------------------------------------------------
    def set_rows(self, columns: Sequence[ListColumn], rows: Sequence[tuple[Any, ...]]) -> None:
        self.beginResetModel()
        self._columns = tuple(columns)
        self._rows = rows
        self._shown = min(len(rows), self.PAGE)
        self._today = clock.today()
        self.endResetModel()

    @property
    def columns(self) -> tuple[ListColumn, ...]:
        return self._columns

    def total_rows(self) -> int:
        """All rows of the result, including those not fetched into the view yet."""
        return len(self._rows)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._shown < len(self._rows)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = min(self.PAGE, len(self._rows) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def fetch_all_until(self, row: int) -> None:
        """Make sure ``row`` is fetched (e.g. to select a matter far down the list)."""
        while self._shown <= row < len(self._rows):
            self.fetchMore()

    # -- lookups ---------------------------------------------------------------------------
    def matter_id(self, row: int) -> int | None:
        if 0 <= row < self._shown:
            return int(self._rows[row][0])
        return None

    def row_of(self, matter_id: int) -> int:
        """The row of a matter, or -1 (fetching further pages if it lies beyond them)."""
        index_of = getattr(self._rows, "index_of", None)
        if index_of is not None:
            found = int(index_of(matter_id))
        else:
            found = next((i for i, r in enumerate(self._rows) if r[0] == matter_id), -1)
        if found >= 0:
            self.fetch_all_until(found)
        return found

    def column_of(self, key: str) -> int:
        for i, c in enumerate(self._columns):
            if c.key == key:
                return i
        return -1

    # -- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._columns[section].label
            if role == Roles.COLUMN_KEY:
                return self._columns[section].key
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return row_flags(index)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if not (0 <= row < self._shown and 0 <= col < len(self._columns)):
            return None
        value = self._rows[row][col + 1]
        key = self._columns[col].key
        if role == Qt.ItemDataRole.DisplayRole:
            return format_value(value)
        if role == Roles.SORT_KEY:
            return value.isoformat() if isinstance(value, date) else value
        if role == Roles.MATTER_ID:
            return int(self._rows[row][0])
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "next_due" and isinstance(value, date):
                return self._due_text(value)
            if key == "title" and value:
                return str(value)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if key in NUMBER_KEYS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if key == "next_due" and isinstance(value, date):
            if role == Qt.ItemDataRole.ForegroundRole:
                if value < self._today:
                    return OVERDUE_COLOR
                if value <= self._today + timedelta(days=SOON_DAYS):
                    return SOON_COLOR
            if role == Qt.ItemDataRole.FontRole and value < self._today:
                return self._bold
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self._columns[col].label}: {format_value(value) or 'none'}"
        return None

    def _due_text(self, due: date) -> str:
        days = (due - self._today).days
        if days < 0:
            return f"Overdue by {-days} day{'s' if days != -1 else ''} ({due.isoformat()})"
        if days == 0:
            return f"Due today ({due.isoformat()})"
        return f"Due in {days} day{'s' if days != 1 else ''} ({due.isoformat()})"

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is done by SQL: tell the owner, which re-queries."""
        if 0 <= column < len(self._columns):
            self.sortRequested.emit(column, order)


class RowsModel(QAbstractTableModel):
    """A small read-only table of display strings, each row tied to a matter id (or None).

    Used by the dashboard's short lists (a few hundred rows at most). Values are formatted and
    tooltips made when a cell asks for them: only the visible rows ever are.
    """

    def __init__(self, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = tuple(headers)
        self._rows: Sequence[tuple[Any, ...]] = []
        self._ids: list[int | None] = []
        self._tips: Sequence[str | None] | Callable[[int], str | None] | None = None
        self._color: QColor | None = None

    def set_rows(self, rows: Sequence[tuple[Any, ...]], ids: Sequence[int | None],
                 tips: Sequence[str | None] | Callable[[int], str | None] | None = None,
                 color: QColor | None = None) -> None:
        """``tips``: one per row, or a function of the row number (called when shown)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._ids = list(ids)
        self._tips = tips
        # A colour, not a QBrush: Qt paints text from either, and building the first QBrush
        # makes PySide6 set up QGradient's enums (hundreds of presets) on the first screen.
        self._color = QColor(color) if color is not None else None
        self.endResetModel()

    def _tip(self, row: int) -> str | None:
        if self._tips is None:
            return None
        if callable(self._tips):
            return self._tips(row)
        return self._tips[row]

    def matter_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self._headers)):
            return self._headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return row_flags(index)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if not (0 <= row < len(self._rows) and 0 <= col < len(self._headers)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return format_value(self._rows[row][col])
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._color
        if role == Roles.MATTER_ID:
            return self._ids[row]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self._headers[col]}: {format_value(self._rows[row][col]) or 'none'}"
        return None


class KeepColourDelegate(QStyledItemDelegate):
    """Paints a cell's own text colour (red for overdue) on a selected row too.

    The application's selection palette gives selected text the normal text colour, which would
    hide the red of the very deadline the officer just selected.
    """

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        colour = index.data(Qt.ItemDataRole.ForegroundRole)
        if colour is not None:
            brush = colour if isinstance(colour, QBrush) else QBrush(QColor(colour))
            option.palette.setBrush(QPalette.ColorRole.HighlightedText, brush)


def due_in_words(due: date, today: date, done: date | None = None) -> str:
    """"Overdue by 2 days", "Due today", "Due in 5 days" or "Done" — text, not only colour."""
    if done is not None:
        return "Done"
    days = (due - today).days
    if days < 0:
        return f"Overdue by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "Due today"
    return f"Due in {days} day{'s' if days != 1 else ''}"
