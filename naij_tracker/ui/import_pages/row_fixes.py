"""The rows in error on the check page, as an editable table: correct a cell, and the row is
checked again at once.

One line per row in error (numbered as the spreadsheet numbers it), one column per column of
the sheet, the cells in error marked. Editing a cell emits ``fixed``; the check page puts the
new value into its copy of the sheet (never into the file) and runs the dry run again. When
other rows in error hold the same value in that column, the page offers to apply the same fix
to all of them (``same_value_rows``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem, QWidget

from naij_tracker.importing.errors import RowError
from naij_tracker.importing.sources import SheetData, cell_text

ERROR_BACKGROUND = QColor("#f9dedc")
#: At most this many rows in error are shown for fixing at once (a file with thousands of bad
#: rows is better corrected in the spreadsheet; "apply the same fix to all" still reaches all
#: rows shown).
MAX_ROWS = 500


class RowFixTable(QTableWidget):
    """Rows in error, editable cell by cell."""

    #: (spreadsheet row number, column index, text before, text after)
    fixed = Signal(int, int, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Rows with errors: correct a cell to check the row again")
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.row_numbers: list[int] = []
        #: Rows in error not shown (past ``MAX_ROWS``).
        self.hidden_rows = 0
        self._before: dict[tuple[int, int], str] = {}
        self._filling = False
        self.itemChanged.connect(self._changed)

    def show_errors(self, data: SheetData | None, errors: tuple[RowError, ...]) -> None:
        """Fill the table with the rows in error of ``data``."""
        self._filling = True
        try:
            self.clear()
            self._before = {}
            all_rows = sorted({e.row for e in errors})
            self.row_numbers = all_rows[:MAX_ROWS]
            self.hidden_rows = len(all_rows) - len(self.row_numbers)
            if data is None or not self.row_numbers:
                self.setRowCount(0)
                self.setColumnCount(0)
                return
            width = len(data.headers)
            names = [data.column_name(i) for i in range(width)]
            bad = {(e.row, e.column) for e in errors}
            by_number = {r.number: r for r in data.data_rows}
            self.setColumnCount(width)
            self.setRowCount(len(self.row_numbers))
            self.setHorizontalHeaderLabels(names)
            self.setVerticalHeaderLabels([str(n) for n in self.row_numbers])
            for line, number in enumerate(self.row_numbers):
                row = by_number.get(number)
                for index in range(width):
                    text = cell_text(row.get(index)) if row is not None else ""
                    item = QTableWidgetItem(text)
                    if (number, names[index]) in bad:
                        item.setBackground(QBrush(ERROR_BACKGROUND))
                        problems = [e.problem for e in errors
                                    if e.row == number and e.column == names[index]]
                        item.setToolTip("\n".join(problems))
                    self._before[(number, index)] = text
                    self.setItem(line, index, item)
            self.resizeColumnsToContents()
            for index in range(width):
                self.setColumnWidth(index, min(self.columnWidth(index), 220))
        finally:
            self._filling = False

    def item_at(self, row_number: int, index: int) -> QTableWidgetItem | None:
        """The cell of spreadsheet row ``row_number``, column ``index`` (None if not shown)."""
        if row_number not in self.row_numbers:
            return None
        return self.item(self.row_numbers.index(row_number), index)

    def same_value_rows(self, index: int, text: str) -> list[int]:
        """Rows in error (as shown) whose cell in column ``index`` reads ``text``."""
        return [n for n in self.row_numbers if self._before.get((n, index)) == text]

    def select_row(self, row_number: int) -> None:
        if row_number in self.row_numbers:
            line = self.row_numbers.index(row_number)
            self.setCurrentCell(line, 0)
            item = self.item(line, 0)
            if item is not None:
                self.scrollToItem(item, QAbstractItemView.ScrollHint.PositionAtCenter)
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        number = self.row_numbers[item.row()]
        before = self._before.get((number, item.column()), "")
        if item.text() != before:
            self.fixed.emit(number, item.column(), before, item.text())
