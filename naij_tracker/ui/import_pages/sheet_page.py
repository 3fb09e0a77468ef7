"""Page 2 of the import wizard: choose the sheet and the header row.

The file is read off the GUI thread (``read_first_usable_sheet``, which skips a cover sheet
without a recognisable header); the page previews the first rows with the header row
highlighted, and lets the officer pick another sheet or another header row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
)

from naij_tracker.importing.errors import ImportFileError
from naij_tracker.importing.headers import field_for_header
from naij_tracker.importing.sources import SheetData, list_sheets, read_sheet
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.import_pages.base import (
    BusyIndicator,
    ImportPage,
    ImportState,
    cell_preview,
    fit_columns,
    message_label,
    muted_label,
    preview_table,
    show_message,
)
from naij_tracker.ui.messages import human_message
from naij_tracker.ui.tasks import TaskControl, TaskRunner

SHEET_PREVIEW_ROWS = 12
#: The key under which a read of the file supersedes the one before it on the task runner.
_TASK_KEY = "import sheet read"


@dataclass(frozen=True)
class SheetRead:
    """What reading a file gave: the sheet (or None), the workbook's sheets, and a problem.

    ``problem`` is the reason the default sheet could not be used — with ``data`` set, another
    sheet was used instead; without, nothing could be read and ``sheets`` lets the officer pick.
    """

    data: SheetData | None
    sheets: tuple[str, ...]
    sheet: str | None
    problem: str = ""


def read_first_usable_sheet(path: Path, sheet: str | None) -> SheetRead:
    """Read ``sheet`` — or, when none is named, the first sheet with a recognisable header.

    ``read_sheet`` takes the first sheet with data, which in many workbooks is a cover sheet
    ("Read me", a title page); trying the following sheets spares the officer a dead end. A
    whole-file problem (not a spreadsheet, damaged, too large) raises ``ImportFileError``.
    """
    try:
        data = read_sheet(path, sheet)
        return SheetRead(data, data.sheets, data.sheet)
    except ImportFileError as exc:
        first = exc
    try:
        sheets = tuple(list_sheets(path))
    except ImportFileError:
        raise first from None
    if sheet is not None or len(sheets) < 2:
        return SheetRead(None, sheets, sheet, str(first))
    for name in sheets:
        try:
            data = read_sheet(path, name)
        except ImportFileError:
            continue
        return SheetRead(data, data.sheets, data.sheet, str(first))
    return SheetRead(None, sheets, None, str(first))


class SheetPage(ImportPage):
    """Page 2: which sheet, and which row holds the column headers."""

    def __init__(self, ctx: AppContext, state: ImportState, runner: TaskRunner) -> None:
        super().__init__(ctx, state, runner)
        self.setTitle("Sheet and header row")
        self.setSubTitle("Check that the highlighted row holds the column headers. Rows above "
                         "it (titles, notes) are skipped.")
        self._raw: SheetData | None = None  # as read, with the detected header row
        self._read_key: tuple[Path, str | None] | None = None
        self._busy = False

        self.sheet_combo = QComboBox()
        self.sheet_combo.setAccessibleName("Sheet")
        self.sheet_combo.setMinimumContentsLength(18)
        self.sheet_combo.setPlaceholderText("Choose a sheet")
        self.header_spin = QSpinBox()
        self.header_spin.setAccessibleName("Header row")
        self.header_spin.setRange(1, 1)
        self.detected_label = muted_label()
        sheet_label = QLabel("&Sheet:")
        sheet_label.setBuddy(self.sheet_combo)
        header_label = QLabel("&Header row:")
        header_label.setBuddy(self.header_spin)

        row = QHBoxLayout()
        row.addWidget(sheet_label)
        row.addWidget(self.sheet_combo)
        row.addSpacing(18)
        row.addWidget(header_label)
        row.addWidget(self.header_spin)
        row.addWidget(self.detected_label, 1)

        self.busy = BusyIndicator()
        self.message = message_label()
        self.skipped_label = muted_label()
        self.skipped_label.setVisible(False)
        self.info_label = muted_label()
        self.preview = preview_table("First rows of the sheet")

        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        layout.addWidget(self.skipped_label)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.info_label)

        self.sheet_combo.currentIndexChanged.connect(self._sheet_chosen)
        self.header_spin.valueChanged.connect(self._header_chosen)

    # -- reading -------------------------------------------------------------------------------
    def initializePage(self) -> None:  # noqa: N802
        path = self.state.path
        if path is None:
            return
        if self._read_key is None or self._read_key[0] != path:
            self._read(path, None)

    def _read(self, path: Path, sheet: str | None) -> None:
        self._read_key = (path, sheet)
        self._raw = None
        self.state.data = None
        self._busy = True
        self._enable_inputs(False)
        show_message(self.message, "")
        self.skipped_label.setVisible(False)
        self.busy.start(f"Reading {path.name}…")
        self.completeChanged.emit()

        def work(_control: TaskControl) -> SheetRead:
            return read_first_usable_sheet(path, sheet)

        # A newer read (another sheet, another file) supersedes this one: only the newest
        # answer arrives.
        self.runner.submit(work, on_result=self._read_done, on_error=self._file_failed,
                           supersede=_TASK_KEY)

    def _file_failed(self, exc: BaseException) -> None:
        self._set_sheets((), None)
        self._read_failed(exc)

    def _set_sheets(self, sheets: Sequence[str], current: str | None) -> None:
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(list(sheets))
        self.sheet_combo.setCurrentIndex(list(sheets).index(current)
                                         if current is not None and current in sheets else -1)
        self.sheet_combo.blockSignals(False)

    def _read_done(self, read: SheetRead) -> None:
        if read.data is None:
            self._set_sheets(read.sheets, read.sheet)
            self._read_failed(ImportFileError(read.problem))
            return
        data = read.data
        self._busy = False
        self.busy.stop()
        self._raw = data
        self._set_sheets(data.sheets, data.sheet)
        if read.problem:
            self.skipped_label.setText(f"{read.problem} Showing sheet '{data.sheet}' instead.")
            self.skipped_label.setVisible(True)
        self.header_spin.blockSignals(True)
        self.header_spin.setRange(data.rows[0].number, data.rows[-1].number)
        self.header_spin.setValue(data.header_row_number)
        self.header_spin.blockSignals(False)
        self.detected_label.setText(f"(found in row {data.header_row_number})")
        self._enable_inputs(True)
        self._use(data)

    def _read_failed(self, exc: BaseException) -> None:
        self._busy = False
        self.busy.stop()
        self.sheet_combo.setEnabled(self.sheet_combo.count() > 1)
        self.header_spin.setEnabled(False)
        self.detected_label.setText("")
        self.preview.clear()
        self.preview.setRowCount(0)
        self.preview.setColumnCount(0)
        self.info_label.setText("")
        text = str(exc) if isinstance(exc, ImportFileError) else human_message(exc)[0]
        if self.sheet_combo.count() > 1:
            text += " Choose another sheet, or another file."
        show_message(self.message, text)
        self.completeChanged.emit()

    def _enable_inputs(self, on: bool) -> None:
        self.sheet_combo.setEnabled(on and self.sheet_combo.count() > 1)
        self.header_spin.setEnabled(on)

    def _sheet_chosen(self, index: int) -> None:
        if index < 0 or self.state.path is None:
            return
        name = self.sheet_combo.itemText(index)
        if self._raw is not None and name == self._raw.sheet:
            return
        self._read(self.state.path, name)

    def _header_chosen(self, number: int) -> None:
        if self._raw is None:
            return
        try:
            data = self._raw.with_header_row(number)
            if not data.data_rows:
                raise ImportFileError(f"Row {number} is the last row of the sheet; there are no "
                                      "rows of data below it.")
        except ImportFileError as exc:
            self.state.data = None
            show_message(self.message, str(exc))
            self._show_preview(self._raw, number)
            self.completeChanged.emit()
            return
        self._use(data)

    def _use(self, data: SheetData) -> None:
        self.state.data = data
        header = data.headers
        named = sum(1 for h in header if h)
        recognised = sum(1 for h in header if h and field_for_header(h))
        if recognised < 2:
            show_message(self.message, f"Row {data.header_row_number} does not look like a "
                                       "header row: few of its cells name a grievance field.")
        else:
            show_message(self.message, "")
        self._show_preview(data, data.header_row_number)
        rows = len(data.data_rows)
        parts = [f"{rows:,} row{'s' if rows != 1 else ''} below the header",
                 f"{named} named column{'s' if named != 1 else ''}, {recognised} recognised"]
        if data.encoding:
            delimiter = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}.get(
                data.delimiter or ",", repr(data.delimiter))
            parts.append(f"CSV, {data.encoding.upper()}, {delimiter}-separated")
        self.info_label.setText("; ".join(parts) + ".")
        self.completeChanged.emit()

    def _show_preview(self, data: SheetData, header_number: int) -> None:
        rows = list(data.rows[:SHEET_PREVIEW_ROWS])
        if all(r.number != header_number for r in rows):
            rows += [r for r in data.rows if r.number == header_number]
        width = max((len(r.cells) for r in rows), default=0)
        table = self.preview
        table.clear()
        table.setRowCount(len(rows))
        table.setColumnCount(width)
        table.setHorizontalHeaderLabels([data.column_letter(i) for i in range(width)])
        table.setVerticalHeaderLabels([str(r.number) for r in rows])
        bold = QFont(table.font())
        bold.setBold(True)
        highlight = QBrush(QColor(61, 106, 158, 50))
        for r, sheet_row in enumerate(rows):
            is_header = sheet_row.number == header_number
            for c in range(width):
                item = QTableWidgetItem(cell_preview(sheet_row.get(c)))
                if is_header:
                    item.setFont(bold)
                    item.setBackground(highlight)
                table.setItem(r, c, item)
        fit_columns(table, 200)

    def isComplete(self) -> bool:  # noqa: N802
        return not self._busy and self.state.data is not None

    def cleanupPage(self) -> None:  # noqa: N802
        # Going back to page 1: forget a read that is still running; its answer is ignored.
        if self._busy:
            self.runner.drop(_TASK_KEY)
            self._busy = False
            self.busy.stop()
            self._read_key = None
