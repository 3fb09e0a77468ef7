"""The Deadlines tab: a matter's deadlines with their rule and count, added, recomputed, done."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from naij_tracker.domain import clock
from naij_tracker.domain import kinds as k
from naij_tracker.domain.deadlines import filing_time_for
from naij_tracker.services.queries import DeadlineRow, deadline_rows
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.deadline_dialogs import (
    ManualDeadlineDialog,
    RuleDeadlineDialog,
    TriggerDialog,
    how_counted_html,
)
from naij_tracker.ui.matter_tabs.base import MatterTab, button_row, selected_record, table_view
from naij_tracker.ui.messages import show_error
from naij_tracker.ui.record_table import Column, RecordTableModel
from naij_tracker.ui.table_models import due_in_words
from naij_tracker.ui.tasks import TaskRunner

OVERDUE = "#c62828"
DONE = "#6b6b6b"


def _colour(row: DeadlineRow) -> str | None:
    if row.done_on is not None:
        return DONE
    return OVERDUE if row.due_on < clock.today() else None


def _tooltip(row: DeadlineRow) -> str:
    parts = [row.explanation or "", row.citation or ""]
    return "\n".join(p for p in parts if p)


def _service(row: DeadlineRow) -> str:
    return k.label_of(k.SERVICE_METHODS, row.service_method) if row.service_method else ""


def columns(rule_names: dict[str, str]) -> tuple[Column, ...]:
    """The table's columns; rules are shown by name (their id in the tooltip)."""
    return (
        Column("Due", lambda r: r.due_on, _tooltip, _colour),
        # FLRA filings close at 11:59 p.m. Eastern on the due date (eFiling, 88 FR 80091).
        Column("By", lambda r: "11:59 p.m. ET" if filing_time_for(r.rule_id) else ""),
        Column("When", lambda r: due_in_words(r.due_on, clock.today(), r.done_on), _tooltip,
               _colour),
        Column("Deadline", lambda r: r.title, _tooltip, _colour),
        Column("Rule", lambda r: rule_names.get(r.rule_id, r.rule_id) if r.rule_id
               else "entered by hand", lambda r: r.rule_id),
        Column("Event", lambda r: r.trigger_on),
        Column("Served by", _service),
        Column("Done", lambda r: r.done_on),
    )


class DeadlinesTab(MatterTab):
    title = "&Deadlines"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 runner: TaskRunner | None = None) -> None:
        super().__init__(ctx, parent, runner=runner)
        self.rule_names: dict[str, str] = {}
        self.model = RecordTableModel(columns(self.rule_names), self)
        self.view = table_view(self.model, "Deadlines of this matter")
        self.detail = QLabel()
        self.detail.setObjectName("deadlineDetail")
        self.detail.setAccessibleName("How the deadline was counted")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setMargin(6)
        self.add_rule = QPushButton("Add from &rule…")
        self.add_manual = QPushButton("Add by &hand…")
        self.change = QPushButton("Change &trigger…")
        self.done = QPushButton("&Mark done")
        self.reopen = QPushButton("Re&open")
        self.remove = QPushButton("Remove…")
        for b in (self.add_rule, self.add_manual, self.change, self.done, self.reopen,
                  self.remove):
            b.setAutoDefault(False)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        # Adding on top, acting on the selected deadline underneath: two short rows fit the
        # editor's pane beside a list.
        layout.addLayout(button_row(self.add_rule, self.add_manual))
        layout.addWidget(splitter, 1)
        layout.addLayout(button_row(self.change, self.done, self.reopen, self.remove))
        self.add_rule.clicked.connect(self.add_from_rule)
        self.add_manual.clicked.connect(self.add_by_hand)
        self.change.clicked.connect(self.change_trigger)
        self.done.clicked.connect(self.mark_done)
        self.reopen.clicked.connect(self.reopen_selected)
        self.remove.clicked.connect(self.remove_selected)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        self.view.doubleClicked.connect(lambda _i: self.change_trigger())

    def refresh(self) -> None:
        rows = (deadline_rows(self.ctx.db, matter_id=self.matter_id, include_done=True)
                if self.matter_id is not None else [])
        # Open ones first (soonest on top), then done ones.
        rows.sort(key=lambda r: (r.done_on is not None, r.due_on))
        self.rule_names.clear()
        self.rule_names.update({rid: rule.name for rid, rule in self.ctx.deadlines.rules().items()})
        self.model.set_rows(rows)
        if rows:
            self.view.selectRow(0)  # so that how it was counted is on screen at once
        for col, width in enumerate((96, 96, 120, 230, 170, 96, 150)):
            self.view.setColumnWidth(col, width)
        self._on_selection()

    def count(self) -> int:
        return sum(1 for r in self.model.rows() if r.done_on is None)

    def selected(self) -> DeadlineRow | None:
        record = selected_record(self.view)
        return record if isinstance(record, DeadlineRow) else None

    def _on_selection(self) -> None:
        row = self.selected()
        has_matter = self.matter_id is not None
        self.add_rule.setEnabled(has_matter)
        self.add_manual.setEnabled(has_matter)
        self.change.setEnabled(row is not None and bool(row.rule_id) and row.done_on is None)
        self.done.setEnabled(row is not None and row.done_on is None)
        self.reopen.setEnabled(row is not None and row.done_on is not None)
        self.remove.setEnabled(row is not None)
        if row is None:
            self.detail.setText("<i>Select a deadline to see how it was counted.</i>"
                                if self.model.rowCount() else
                                "<i>No deadlines yet. Record the event that starts the clock "
                                "with “Add from rule…”.</i>")
            return
        opens = f"Opens {row.opens_on.isoformat()}. " if row.opens_on else ""
        done = f" — done {row.done_on.isoformat()}" if row.done_on else ""
        self.detail.setText(
            f"<b>{html.escape(row.title, quote=False)}</b>: due {row.due_on.isoformat()}{done}<br>{opens}"
            f"{how_counted_html(row.explanation, row.citation)}")

    def _select_id(self, deadline_id: int) -> None:
        for i, row in enumerate(self.model.rows()):
            if row.id == deadline_id:
                self.view.selectRow(i)

    # -- actions -------------------------------------------------------------------------------

    def add_from_rule(self) -> None:
        if self.matter_id is None or self.kind is None:
            return
        dialog = RuleDeadlineDialog(self.ctx, self.kind, self)
        self._default_event(dialog)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        deadlines, matter_id = self.ctx.deadlines, self.matter_id
        rule_ids, trigger_on = dialog.selected_rule_ids(), dialog.trigger_date()
        service, facts = dialog.service_methods(), dialog.facts()

        def add() -> int | None:
            last = None
            for rule_id in rule_ids:
                last = deadlines.add_from_rule(matter_id, rule_id, trigger_on, service,
                                               facts=facts)
            return last

        self.write("Add deadline", add, self._select_id)

    def _default_event(self, dialog: RuleDeadlineDialog) -> None:
        """Start the dialog on the event and date that fit the record (its step, its dates)."""
        from naij_tracker.domain.proposals import fitting_event

        if self.matter_id is None or self.kind is None:
            return
        try:
            values = self.ctx.matters.get(self.matter_id).values
        except Exception:  # noqa: BLE001 - a default only; the dialog works without it
            return
        event = fitting_event(self.kind, values, clock.today())
        if event is not None and dialog.trigger.findData(event.trigger) >= 0:
            dialog.select_trigger(event.trigger)
            dialog.trigger_on.set_value(event.on)
            dialog.trigger_on.edited.emit()  # the preview follows the date

    def add_by_hand(self) -> None:
        if self.matter_id is None:
            return
        dialog = ManualDeadlineDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        title, due = dialog.values()
        deadlines, matter_id = self.ctx.deadlines, self.matter_id
        self.write("Add deadline", lambda: deadlines.add_manual(matter_id, title, due),
                   self._select_id)

    def change_trigger(self) -> None:
        row = self.selected()
        if row is None or not row.rule_id or row.done_on is not None:
            return
        dialog = TriggerDialog(self.ctx, row, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        deadlines = self.ctx.deadlines
        try:
            items = deadlines.review_trigger_change(row.id, dialog.trigger_date(),
                                                    dialog.service_methods())
        except Exception as exc:
            show_error(self, "Recompute deadline", exc)
            return
        if len(items) > 1:
            # Other deadlines were counted from the same event: offer them too.
            from naij_tracker.ui.deadline_review import offer_review

            try:
                offer_review(self.ctx, self, items, heading=(
                    "These deadlines were counted from the same event. Tick the ones to "
                    "recompute from the corrected date."))
            except Exception as exc:
                show_error(self, "Recompute deadline", exc)
            self.refresh()
            self._select_id(row.id)
            self.changed.emit()
            return
        self.write("Recompute deadline", lambda: deadlines.apply_review(items, [row.id]),
                   lambda _result: self._select_id(row.id))

    def mark_done(self) -> None:
        row = self.selected()
        if row is None:
            return
        deadlines = self.ctx.deadlines

        def marked(_result: object) -> None:
            self._select_id(row.id)
            self.ctx.undo.push(f"Undo “done” on {row.title}", lambda: deadlines.reopen(row.id))

        self.write("Mark done", lambda: deadlines.mark_done(row.id), marked)

    def reopen_selected(self) -> None:
        row = self.selected()
        if row is not None:
            deadlines = self.ctx.deadlines
            self.write("Reopen", lambda: deadlines.reopen(row.id),
                       lambda _result: self._select_id(row.id))

    def remove_selected(self) -> None:
        row = self.selected()
        if row is None or not self.confirm(
                "Remove deadline", f"Remove the deadline “{row.title}” (due {row.due_on})?"):
            return
        deadlines = self.ctx.deadlines
        self.write("Remove deadline", lambda: deadlines.delete(row.id))
