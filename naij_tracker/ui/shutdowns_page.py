"""Preferences page for shutdowns (lapses in appropriations) the officer records.

A shutdown is not a holiday: 5 C.F.R. 2429.21(a) does not extend a period over it, so no date
moves. Deadlines that fall in a recorded shutdown carry a warning (file by eFiling, or confirm
with the FLRA). The shutdowns that ship with the program are already known; the officer adds
the next one when it happens. Changes are staged and written only when the officer presses OK.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from naij_tracker.domain.calendar import Shutdown
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.forms import DateField, TextField, error_label, labelled_form
from naij_tracker.ui.matter_tabs.base import selected_record, table_view
from naij_tracker.ui.record_table import Column, RecordTableModel

SHUTDOWN_COLUMNS = (
    Column("First day", lambda s: s.first),
    Column("Last day", lambda s: s.last),
    Column("What", lambda s: s.reason),
    Column("Source", lambda s: s.source),
)


class ShutdownsPage(QWidget):
    """The officer's recorded shutdowns: add, remove, saved with the other preferences."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.drafts: list[Shutdown] = ctx.deadlines.stored_shutdowns()
        self.model = RecordTableModel(SHUTDOWN_COLUMNS, self)
        self.view = table_view(self.model, "Recorded shutdowns")
        self.first = DateField(optional=False)
        self.first.setAccessibleName("First day of the shutdown")
        self.last = DateField(optional=False)
        self.last.setAccessibleName("Last day of the shutdown")
        self.reason = TextField()
        self.reason.setAccessibleName("What the shutdown was")
        self.reason.setText("Lapse in appropriations")
        self.source = TextField()
        self.source.setAccessibleName("Source")
        self.source.setPlaceholderText("e.g. OPM shutdown notice")
        self.error = error_label()
        self.add_button = QPushButton("&Add shutdown")
        self.remove_button = QPushButton("&Remove")
        for b in (self.add_button, self.remove_button):
            b.setAutoDefault(False)
        note = QLabel("A lapse in appropriations is not a holiday: filing periods run on and no "
                      "deadline moves. Deadlines that fall in a recorded shutdown carry a warning "
                      "(file by eFiling, or confirm with the FLRA). The shutdowns since 1995 ship "
                      "with the program; record a new one here.")
        note.setWordWrap(True)
        form = labelled_form((("&First day:", self.first), ("&Last day:", self.last),
                             ("&What:", self.reason), ("&Source:", self.source)))
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.view, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add_shutdown)
        self.remove_button.clicked.connect(self.remove_shutdown)
        self._fill()

    def _fill(self) -> None:
        self.model.set_rows(sorted(self.drafts, key=lambda s: s.first))
        for col, width in enumerate((100, 100, 220)):
            self.view.setColumnWidth(col, width)

    def _problem(self, first: date, last: date, reason: str) -> str | None:
        if not reason:
            return "Say what the shutdown was."
        if last < first:
            return "The last day comes before the first."
        for other in self.drafts:
            if first <= other.last and other.first <= last:
                return f"It overlaps the recorded {other.describe()}."
        return None

    def add_shutdown(self) -> bool:
        first, last = self.first.value(), self.last.value()
        assert isinstance(first, date) and isinstance(last, date)
        reason = self.reason.value() or ""
        problem = self._problem(first, last, reason)
        if problem:
            self.error.setText(problem)
            self.error.setVisible(True)
            return False
        self.error.setVisible(False)
        self.drafts.append(Shutdown(first, last, reason, self.source.value() or ""))
        self.source.clear()
        self._fill()
        return True

    def remove_shutdown(self) -> None:
        draft = selected_record(self.view)
        if isinstance(draft, Shutdown):
            self.drafts.remove(draft)
            self._fill()

    def save(self) -> None:
        self.ctx.deadlines.save_shutdowns(self.drafts)
        self.drafts = self.ctx.deadlines.stored_shutdowns()
        self._fill()
