"""Page 3 of the import wizard: say which field each column fills.

One row per column of the sheet (letter, header, first value, "Import as" combo), starting from
the automatic mapping or the one remembered for a file with the same headers; a line saying
whether every required field has a column; and a preview of the first rows as they will be
imported. A corrected mapping is handed on to be remembered by the next page's dry run.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from naij_tracker.importing.headers import (
    FIELD_LABELS,
    FIELDS,
    REQUIRED_FIELDS,
    HeaderMapping,
    map_headers,
)
from naij_tracker.importing.plan import remembered_mapping
from naij_tracker.importing.sources import SheetData
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.import_pages.base import (
    ERROR_STYLE,
    PAGE_MAPPING,
    ImportPage,
    ImportState,
    cell_preview,
    fit_columns,
    message_label,
    muted_label,
    next_question_page,
    preview_table,
    run_answer_stages,
    show_message,
)
from naij_tracker.ui.import_pages.column_choices import (
    NOTE,
    Choice,
    choice_label,
    column_title,
    for_remembering,
    initial_choices,
    mapping_problems,
    note_allowed,
    overrides_for,
)
from naij_tracker.ui.style import mute
from naij_tracker.ui.tasks import TaskRunner

PREVIEW_ROWS = 20


class MappingPage(ImportPage):
    """Page 3: which field each column fills, with a preview of the first rows."""

    def __init__(self, ctx: AppContext, state: ImportState, runner: TaskRunner) -> None:
        super().__init__(ctx, state, runner)
        self.setTitle("Columns")
        self.setSubTitle("Say what each column holds. Columns the application does not know "
                         "can be kept as a note on the grievance or left out.")
        self._key: tuple[Any, ...] | None = None
        self._data: SheetData | None = None
        self._auto: HeaderMapping | None = None
        self._initial: list[Choice] = []
        self.combos: list[QComboBox] = []
        self.mapping: HeaderMapping | None = None
        self.problems: list[str] = []

        self.remembered_label = muted_label()
        self.remembered_label.setVisible(False)
        self.required_label = QLabel()
        self.required_label.setWordWrap(True)
        self.required_label.setTextFormat(Qt.TextFormat.RichText)

        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(4)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.grid_host)
        self.scroll_area.setFrameShape(QFrame.Shape.StyledPanel)

        self.message = message_label()
        self.preview = preview_table("Preview of the first rows as they will be imported")
        preview_label = QLabel("Preview of the first rows:")

        layout = QVBoxLayout(self)
        layout.addWidget(self.remembered_label)
        layout.addWidget(self.required_label)
        layout.addWidget(self.scroll_area, 3)
        layout.addWidget(self.message)
        layout.addWidget(preview_label)
        layout.addWidget(self.preview, 2)

    def initializePage(self) -> None:  # noqa: N802
        data = self.state.data
        if data is None:
            return
        key = (data.path, data.sheet, data.header_row_number, data.headers)
        if key == self._key:
            return  # back and forth: keep the officer's choices
        self._key = key
        self._data = data
        auto = map_headers(data.headers)
        self._auto = auto
        remembered = remembered_mapping(self.ctx.db, auto.signature)
        start = auto
        if remembered:
            try:
                start = map_headers(data.headers, remembered)
            except ValueError:
                start = auto  # a stored field the application no longer has: ignore it
        self.remembered_label.setText(
            "Using the column choices you made last time for a file with these headers.")
        self.remembered_label.setVisible(start is not auto)
        self._initial = initial_choices(start)
        self._build_rows(data, auto, self._initial)
        self._refresh()

    def _build_rows(self, data: SheetData, auto: HeaderMapping, choices: list[Choice]) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.combos = []
        for column, title in enumerate(("Column", "Header in the file", "First value",
                                        "Import as")):
            head = QLabel(title)
            mute(head)
            self.grid.addWidget(head, 0, column)
        samples = self._samples(data)
        for index, header in enumerate(data.headers):
            letter = QLabel(data.column_letter(index))
            mute(letter)
            name = QLabel(header or "(no header)")
            name.setTextFormat(Qt.TextFormat.PlainText)
            if not header:
                mute(name)
            sample = QLabel(samples[index])
            sample.setTextFormat(Qt.TextFormat.PlainText)
            mute(sample)
            sample.setMaximumWidth(260)
            combo = QComboBox()
            combo.setAccessibleName(
                f"Import column {data.column_letter(index)} ({header or 'no header'}) as")
            combo.addItem("Don't import", None)
            if note_allowed(auto, index):
                combo.addItem("Keep as note", NOTE)
            for f in FIELDS:
                label = FIELD_LABELS[f] + (" (required)" if f in REQUIRED_FIELDS else "")
                combo.addItem(label, f)
            combo.setCurrentIndex(max(0, combo.findData(choices[index])))
            if not header:
                # Overrides are keyed by header text: a column without one can only be a note.
                combo.setEnabled(False)
                combo.setToolTip("Give this column a header in the spreadsheet to import it "
                                 "as a field; until then its cells are kept as a note.")
            name.setBuddy(combo)
            combo.currentIndexChanged.connect(self._refresh)
            self.grid.addWidget(letter, index + 1, 0)
            self.grid.addWidget(name, index + 1, 1)
            self.grid.addWidget(sample, index + 1, 2)
            self.grid.addWidget(combo, index + 1, 3)
            self.combos.append(combo)
        self.grid.setColumnStretch(2, 1)
        self.grid.setRowStretch(len(data.headers) + 1, 1)
        # Tab order follows the columns of the sheet.
        for first, second in zip(self.combos, self.combos[1:], strict=False):
            QWidget.setTabOrder(first, second)

    @staticmethod
    def _samples(data: SheetData) -> list[str]:
        samples = [""] * len(data.headers)
        for row in data.data_rows[:PREVIEW_ROWS]:
            for index in range(len(samples)):
                if not samples[index]:
                    samples[index] = cell_preview(row.get(index))
        return [s if len(s) <= 36 else s[:35] + "…" for s in samples]

    def choices(self) -> list[Choice]:
        return [combo.currentData() for combo in self.combos]

    def combo_for(self, header: str) -> QComboBox:
        """The combo of the column with this header (for tests and scripts)."""
        assert self._data is not None
        return self.combos[list(self._data.headers).index(header)]

    def _refresh(self) -> None:
        data = self._data
        if data is None:
            return
        choices = self.choices()
        self.mapping = map_headers(data.headers, overrides_for(data.headers, choices))
        self.problems = mapping_problems(data, choices, self.mapping)
        show_message(self.message, "\n".join(self.problems))
        parts = []
        for f in REQUIRED_FIELDS:
            column = self.mapping.column_of(f)
            if column is None:
                parts.append(f"<span style='{ERROR_STYLE}'>✗ {FIELD_LABELS[f]}: no column"
                             "</span>")
            else:
                parts.append(f"✓ {FIELD_LABELS[f]}: {_html(column_title(data, column))}")
        self.required_label.setText("Required: " + " &nbsp; ".join(parts))
        self._show_preview(data, choices)
        self.completeChanged.emit()

    def _show_preview(self, data: SheetData, choices: list[Choice]) -> None:
        table = self.preview
        rows = data.data_rows[:PREVIEW_ROWS]
        width = len(data.headers)
        table.clear()
        table.setRowCount(len(rows))
        table.setColumnCount(width)
        labels = []
        for index, header in enumerate(data.headers):
            choice = choices[index] if index < len(choices) else NOTE
            labels.append(f"{header or data.column_letter(index)}\n→ {choice_label(choice)}")
        table.setHorizontalHeaderLabels(labels)
        table.setVerticalHeaderLabels([str(r.number) for r in rows])
        muted = QBrush(QColor(128, 128, 128))
        for r, sheet_row in enumerate(rows):
            for c in range(width):
                item = QTableWidgetItem(cell_preview(sheet_row.get(c)))
                if choices[c] is None:
                    item.setForeground(muted)
                table.setItem(r, c, item)
        fit_columns(table, 220)

    def isComplete(self) -> bool:  # noqa: N802
        return self.mapping is not None and not self.problems

    def validatePage(self) -> bool:  # noqa: N802
        data = self._data
        if data is None or self.mapping is None:
            return False
        choices = self.choices()
        self.state.overrides = overrides_for(data.headers, choices)
        # A corrected mapping is remembered (on the worker thread of the next page).
        self.state.to_remember = (for_remembering(self.mapping)
                                  if choices != self._initial else None)
        if self.state.to_remember is not None:
            self._initial = choices
        run_answer_stages(self.ctx, self.state)
        return True

    def nextId(self) -> int:  # noqa: N802
        return next_question_page(self.state, PAGE_MAPPING)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
