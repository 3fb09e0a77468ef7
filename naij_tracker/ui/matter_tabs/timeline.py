"""The Timeline tab: dated notes and events (filings, letters, meetings, decisions)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from naij_tracker.domain import kinds as k
from naij_tracker.domain.validation import ValidationError
from naij_tracker.services.related import TimelineItem
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.forms import ChoiceField, DateField, TextField
from naij_tracker.ui.matter_tabs.base import (
    MatterTab,
    button_row,
    message_label,
    selected_record,
    show_message,
    table_view,
)
from naij_tracker.ui.record_table import Column, RecordTableModel
from naij_tracker.ui.tasks import TaskRunner

COLUMNS = (
    Column("Date", lambda t: t.occurred_on),
    Column("Kind", lambda t: k.label_of(k.TIMELINE_KINDS, t.kind)),
    Column("What happened", lambda t: t.text.replace("\n", " "), lambda t: t.text),
)


class TimelineTab(MatterTab):
    title = "&Timeline"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 runner: TaskRunner | None = None) -> None:
        super().__init__(ctx, parent, runner=runner)
        self.model = RecordTableModel(COLUMNS, self)
        self.view = table_view(self.model, "Timeline of this matter")
        self.when = DateField(optional=False)
        self.when.setAccessibleName("Date of the entry")
        self.entry_kind = ChoiceField(k.TIMELINE_KINDS, optional=False)
        self.entry_kind.setAccessibleName("Kind of entry")
        self.entry_kind.setMinimumContentsLength(10)
        self.text = TextField()
        self.text.setAccessibleName("What happened")
        self.text.setPlaceholderText("What happened — e.g. Step 2 meeting held; agency to answer")
        self.add = QPushButton("&Add entry")
        self.add.setAutoDefault(False)
        self.remove = QPushButton("Remove…")
        self.remove.setAutoDefault(False)
        self.message = message_label()
        # Two lines: on one, the date, the kind, the text and the button did not fit the
        # editor's pane beside the list (the editor grew a horizontal scroll bar).
        when = QHBoxLayout()
        label = QLabel("N&ew entry:")
        label.setBuddy(self.when)
        when.addWidget(label)
        when.addWidget(self.when)
        when.addWidget(self.entry_kind)
        when.addStretch(1)
        what = QHBoxLayout()
        what.addWidget(self.text, 1)
        what.addWidget(self.add)
        layout = QVBoxLayout(self)
        layout.addLayout(when)
        layout.addLayout(what)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        layout.addLayout(button_row(self.remove))
        self.add.clicked.connect(self.add_entry)
        self.text.returnPressed.connect(self.add_entry)
        self.remove.clicked.connect(self.remove_selected)
        self.view.selectionModel().selectionChanged.connect(
            lambda *_: self.remove.setEnabled(self.selected() is not None))

    def refresh(self) -> None:
        items = self.ctx.related.timeline(self.matter_id) if self.matter_id is not None else []
        self.model.set_rows(items)
        self.view.setColumnWidth(0, 96)
        self.view.setColumnWidth(1, 120)
        for w in (self.when, self.entry_kind, self.text, self.add):
            w.setEnabled(self.matter_id is not None)
        self.remove.setEnabled(False)
        show_message(self.message, None)

    def count(self) -> int:
        return self.model.rowCount()

    def selected(self) -> TimelineItem | None:
        record = selected_record(self.view)
        return record if isinstance(record, TimelineItem) else None

    def add_entry(self) -> None:
        if self.matter_id is None:
            return
        when = self.when.value()
        assert isinstance(when, date)
        related, matter_id = self.ctx.related, self.matter_id
        text, kind = self.text.text(), self.entry_kind.value() or "note"

        def refused(exc: ValidationError) -> None:
            show_message(self.message, " ".join(e.message for e in exc.errors))
            self.text.setFocus()

        self.write("Add timeline entry",
                   lambda: related.add_timeline(matter_id, when, text, kind),
                   lambda _entry_id: self.text.clear(), refused=refused)

    def remove_selected(self) -> None:
        item = self.selected()
        if item is None or not self.confirm(
                "Remove timeline entry", f"Remove the entry of {item.occurred_on}: “{item.text[:80]}”?"):
            return
        related = self.ctx.related
        self.write("Remove timeline entry", lambda: related.delete_timeline(item.id))
