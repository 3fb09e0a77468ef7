"""The values page of the import wizard: what the values nobody knows mean.

Shown only when a status, step or priority column holds a value that is neither a known
spelling (``domain.synonyms``) nor answered before (the import profile). Each distinct value is
listed once with its column, how many rows hold it and a sample of those rows, and a choice of
what it means — one of the field's values, or "leave empty". The answers go into the profile
kept for this spreadsheet layout, so the next file asks nothing. A value left unchosen keeps its
rows in error on the check page.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from naij_tracker.domain.synonyms import choices_of
from naij_tracker.importing.headers import FIELD_LABELS
from naij_tracker.importing.values import UnknownValue
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.import_pages.base import (
    PAGE_VALUES,
    ImportPage,
    ImportState,
    muted_label,
    next_question_page,
    run_answer_stages,
    some_rows,
)
from naij_tracker.ui.tasks import TaskRunner

#: The combo's data for "not chosen yet" and for "leave empty".
UNCHOSEN = "\x00unchosen"
EMPTY = "\x00empty"


class ValuesPage(ImportPage):
    """What each unknown value means, asked once per distinct value."""

    COLUMN, VALUE, ROWS, MEANS = range(4)

    def __init__(self, ctx: AppContext, state: ImportState, runner: TaskRunner) -> None:
        super().__init__(ctx, state, runner)
        self.setTitle("Values")
        self.setSubTitle("Some values are not ones the application knows. Say what each one "
                         "means; your answers are kept for the next file laid out like this.")
        self.unknown: tuple[UnknownValue, ...] = ()
        self.combos: list[QComboBox] = []
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Column", "Value in the file", "Rows", "Means"])
        self.table.setAccessibleName("Values to map")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.note = muted_label("A value you leave at “Choose…” keeps its rows out of the "
                                "import: they are shown as errors on the next page.")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)

    def initializePage(self) -> None:  # noqa: N802
        values = self.state.values
        self.unknown = values.unknown if values is not None else ()
        self.table.setRowCount(len(self.unknown))
        self.combos = []
        for row, value in enumerate(self.unknown):
            rows = some_rows(value.rows)
            label = FIELD_LABELS[value.field]
            column = value.column if value.column == label else f"{value.column} ({label})"
            cells = (column, value.text,
                     f"{value.count:,} ({'rows' if len(value.rows) > 1 else 'row'} {rows})")
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
            combo = QComboBox()
            combo.setAccessibleName(f"What '{value.text}' means as a {FIELD_LABELS[value.field]}")
            combo.addItem("Choose…", UNCHOSEN)
            for choice in choices_of(value.field):
                combo.addItem(choice.label, choice.code)
            combo.addItem("(leave empty)", EMPTY)
            answered = self.state.value_map.get(value.field, {})
            if value.key in answered:
                code = answered[value.key]
                combo.setCurrentIndex(max(0, combo.findData(EMPTY if code is None else code)))
            self.table.setCellWidget(row, self.MEANS, combo)
            self.combos.append(combo)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(self.MEANS, max(self.table.columnWidth(self.MEANS), 240))

    def combo_for(self, text: str) -> QComboBox:
        """The choice for the value written ``text`` (for tests and scripts)."""
        return self.combos[[v.text for v in self.unknown].index(text)]

    def answers(self) -> dict[str, dict[str, str | None]]:
        out: dict[str, dict[str, str | None]] = {}
        for value, combo in zip(self.unknown, self.combos, strict=True):
            data = combo.currentData()
            if data != UNCHOSEN:
                out.setdefault(value.field, {})[value.key] = None if data == EMPTY else data
        return out

    def validatePage(self) -> bool:  # noqa: N802
        for field, answers in self.answers().items():
            self.state.value_map.setdefault(field, {}).update(answers)
        run_answer_stages(self.ctx, self.state)
        return True

    def nextId(self) -> int:  # noqa: N802
        return next_question_page(self.state, PAGE_VALUES)
