"""Preferences pages for the CBA time limits and the closure days.

Changes are staged in the page and written only when the officer presses OK, so Cancel really
cancels. Each staged edit is checked at once with the domain's own ``cba_rule`` (a bad day count,
an unknown counting method), so problems show where they were typed, not at OK.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from naij_tracker.domain import deadlines as engine
from naij_tracker.domain.kinds import Choice, MatterKind
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.forms import ChoiceField, DateField, TextField, error_label, labelled_form
from naij_tracker.ui.matter_tabs.base import selected_record, table_view
from naij_tracker.ui.record_table import Column, RecordTableModel

DAY_TYPES = (Choice("calendar", "Calendar days"), Choice("working", "Working days"))
KIND_CHOICES = tuple(Choice(kind.value, kind.label) for kind in MatterKind)


@dataclass(frozen=True)
class RuleDraft:
    """A CBA time limit as the officer edits it."""

    id: str
    name: str
    days: int
    day_type: str
    applies_to: str
    trigger: str
    deadline_title: str
    citation: str

    @classmethod
    def of(cls, rule: engine.DeadlineRule) -> RuleDraft:
        day_type = ("working" if rule.period.unit == engine.PeriodUnit.WORKING_DAYS
                    else "calendar")
        return cls(rule.id, rule.name, rule.period.amount, day_type, rule.applies_to[0].value,
                   rule.trigger, rule.deadline_title, rule.citation)

    def check(self) -> str | None:
        """The problem with this draft, in one line, or ``None``."""
        if not self.name.strip():
            return "Give the time limit a name."
        if not self.deadline_title.strip():
            return "Say what is due (the deadline's title)."
        try:
            engine.cba_rule(self.id, self.name, self.days, self.day_type, self.trigger,
                            self.trigger, self.citation, [self.applies_to], self.deadline_title)
        except (engine.DeadlineError, ValueError) as exc:
            return str(exc)
        if self.id in engine.builtin_rules():
            return f"{self.id} is a built-in FLRA rule; choose another id."
        return None


RULE_COLUMNS = (
    Column("Time limit", lambda d: d.name, lambda d: d.id),
    Column("Days", lambda d: d.days, align_right=True),
    Column("Counted in", lambda d: "working days" if d.day_type == "working" else "calendar days"),
    Column("From", lambda d: engine.TRIGGERS.get(d.trigger, d.trigger)),
    Column("Citation", lambda d: d.citation),
)


class CbaRulesPage(QWidget):
    """The table of CBA time limits with an edit form for the selected one."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.drafts: dict[str, RuleDraft] = {r.id: RuleDraft.of(r) for r in ctx.deadlines.cba_rules()}
        self.original = dict(self.drafts)
        self.model = RecordTableModel(RULE_COLUMNS, self)
        self.view = table_view(self.model, "CBA time limits")
        self.rule_id = TextField()
        self.rule_id.setAccessibleName("Rule id")
        self.name = TextField()
        self.name.setAccessibleName("Name")
        self.days = QSpinBox()
        self.days.setRange(1, 730)
        self.days.setMaximumWidth(90)
        self.days.setAccessibleName("Days")
        self.day_type = ChoiceField(DAY_TYPES, optional=False)
        self.day_type.setAccessibleName("Counted in")
        self.applies_to = ChoiceField(KIND_CHOICES, optional=False)
        self.applies_to.setAccessibleName("Applies to")
        self.trigger = ChoiceField(tuple(Choice(code, label)
                                         for code, label in engine.TRIGGERS.items()),
                                   optional=False)
        self.trigger.setAccessibleName("Runs from")
        self.deadline_title = TextField()
        self.deadline_title.setAccessibleName("Deadline title")
        self.citation = TextField()
        self.citation.setAccessibleName("Citation")
        self.error = error_label()
        self.apply_button = QPushButton("&Apply to list")
        self.new_button = QPushButton("&New time limit")
        self.remove_button = QPushButton("&Remove")
        for b in (self.apply_button, self.new_button, self.remove_button):
            b.setAutoDefault(False)

        form = QHBoxLayout()
        halves = ((("Rule &id:", self.rule_id), ("&Name:", self.name),
                   ("Deadline &title:", self.deadline_title), ("Citatio&n:", self.citation)),
                  (("&Days:", self.days), ("&Counted in:", self.day_type),
                   ("Applies &to:", self.applies_to), ("Runs &from:", self.trigger)))
        for half in halves:
            column = QFormLayout()
            column.setVerticalSpacing(6)
            for text, widget in half:
                label = QLabel(text)
                label.setBuddy(widget)
                column.addRow(label, widget)
            form.addLayout(column, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        note = QLabel("These come from the union's collective bargaining agreement: set them to "
                      "its articles. Statutory and FLRA rules are built in and not listed here.")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.view, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.apply_button.clicked.connect(self.apply_edit)
        self.new_button.clicked.connect(self.new_rule)
        self.remove_button.clicked.connect(self.remove_rule)
        self._fill()
        if self.model.rowCount():
            self.view.selectRow(0)
        else:
            self.new_rule()

    def _fill(self, select: str | None = None) -> None:
        self.model.set_rows(sorted(self.drafts.values(), key=lambda d: d.name.lower()))
        for col, width in enumerate((210, 50, 110, 250)):
            self.view.setColumnWidth(col, width)
        if select is not None:
            for i, draft in enumerate(self.model.rows()):
                if draft.id == select:
                    self.view.selectRow(i)

    def _show_selected(self) -> None:
        draft = selected_record(self.view)
        if not isinstance(draft, RuleDraft):
            return
        self.rule_id.set_value(draft.id)
        self.rule_id.setReadOnly(True)
        self.name.set_value(draft.name)
        self.days.setValue(draft.days)
        self.day_type.set_value(draft.day_type)
        self.applies_to.set_value(draft.applies_to)
        if self.trigger.findData(draft.trigger) < 0:  # a trigger of the officer's own
            self.trigger.addItem(draft.trigger.replace("_", " ").capitalize(), draft.trigger)
        self.trigger.set_value(draft.trigger)
        self.deadline_title.set_value(draft.deadline_title)
        self.citation.set_value(draft.citation)
        self.error.setVisible(False)
        self.remove_button.setEnabled(True)

    def new_rule(self) -> None:
        self.view.clearSelection()
        self.rule_id.setReadOnly(False)
        for field in (self.rule_id, self.name, self.deadline_title):
            field.set_value(None)
        self.citation.set_value("CBA Art. ")
        self.days.setValue(15)
        self.day_type.set_value("calendar")
        self.trigger.set_value("grievance_filed")
        self.remove_button.setEnabled(False)
        self.rule_id.setFocus()

    def current_draft(self) -> RuleDraft:
        return RuleDraft(
            (self.rule_id.value() or "").lower(), self.name.value() or "", self.days.value(),
            self.day_type.value() or "calendar", self.applies_to.value() or "grievance",
            self.trigger.value() or "", self.deadline_title.value() or "",
            self.citation.value() or "")

    def apply_edit(self) -> bool:
        """Put the form's time limit in the list (not yet saved); False with a message if bad."""
        draft = self.current_draft()
        problem = draft.check()
        if problem is None and not self.rule_id.isReadOnly() and draft.id in self.drafts:
            problem = f"There is already a time limit {draft.id}."
        if problem:
            self.error.setText(problem)
            self.error.setVisible(True)
            return False
        self.error.setVisible(False)
        self.drafts[draft.id] = draft
        self._fill(select=draft.id)
        return True

    def remove_rule(self) -> None:
        draft = selected_record(self.view)
        if isinstance(draft, RuleDraft):
            self.drafts.pop(draft.id, None)
            self._fill()
            self.new_rule()

    def set_days(self, rule_id: str, days: int, day_type: str | None = None) -> None:
        """Change a staged rule's period (used by tests and scripts)."""
        draft = self.drafts[rule_id]
        self.drafts[rule_id] = replace(draft, days=days, day_type=day_type or draft.day_type)
        self._fill(select=rule_id)

    def save(self) -> None:
        """Write the staged changes through the deadline service."""
        for rule_id in set(self.original) - set(self.drafts):
            self.ctx.deadlines.delete_cba_rule(rule_id)
        for rule_id, d in self.drafts.items():
            if self.original.get(rule_id) != d:
                self.ctx.deadlines.save_cba_rule(d.id, d.name, d.days, d.day_type, d.applies_to,
                                                 d.trigger, d.deadline_title, d.citation)
        self.original = dict(self.drafts)


@dataclass(frozen=True)
class ClosureDraft:
    id: int | None
    day: date
    reason: str
    source: str


CLOSURE_COLUMNS = (
    Column("Day", lambda c: c.day),
    Column("Weekday", lambda c: c.day.strftime("%A")),
    Column("Why", lambda c: c.reason),
    Column("Source", lambda c: c.source),
)


class ClosuresPage(QWidget):
    """One-off closures (executive orders, days of mourning) the officer adds or removes."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.drafts = [ClosureDraft(cid, c.day, c.reason, c.source)
                       for cid, c in ctx.deadlines.stored_closures()]
        self.original_ids = {d.id for d in self.drafts}
        self.model = RecordTableModel(CLOSURE_COLUMNS, self)
        self.view = table_view(self.model, "Closure days")
        self.day = DateField(optional=False)
        self.day.setAccessibleName("Closure day")
        self.reason = TextField()
        self.reason.setAccessibleName("Why the offices were closed")
        self.reason.setPlaceholderText("e.g. Executive order — day of mourning")
        self.source = TextField()
        self.source.setAccessibleName("Source")
        self.source.setPlaceholderText("e.g. E.O. 14xxx")
        self.error = error_label()
        self.add_button = QPushButton("&Add closure")
        self.remove_button = QPushButton("&Remove")
        for b in (self.add_button, self.remove_button):
            b.setAutoDefault(False)
        note = QLabel("Days the President closed the federal offices. 5 C.F.R. 2429.21(a) names "
                      "only weekends and legal holidays, so whether a closure extends a filing "
                      "period is not settled. Federal holidays and the closures that ship with "
                      "the program are already included.")
        note.setWordWrap(True)
        self.policy = ChoiceField(tuple(Choice(code, text) for code, text in
                                        engine.CLOSURE_POLICIES.items()), optional=False)
        self.policy.setAccessibleName("Closure days in deadlines")
        self.policy.set_value(ctx.deadlines.closure_policy())
        form = labelled_form((("&Deadlines:", self.policy), ("&Day:", self.day),
                             ("&Why:", self.reason), ("&Source:", self.source)))
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
        self.add_button.clicked.connect(self.add_closure)
        self.remove_button.clicked.connect(self.remove_closure)
        self.reason.returnPressed.connect(self.add_closure)
        self._fill()

    def _fill(self) -> None:
        self.model.set_rows(sorted(self.drafts, key=lambda d: d.day))
        self.view.setColumnWidth(0, 100)
        self.view.setColumnWidth(1, 100)
        self.view.setColumnWidth(2, 300)

    def add_closure(self) -> bool:
        day = self.day.value()
        assert isinstance(day, date)
        reason = self.reason.value()
        problem = None
        if not reason:
            problem = "Say why the offices were closed."
        elif any(d.day == day for d in self.drafts):
            problem = f"{day.isoformat()} is already a closure day."
        elif day.weekday() >= 5:
            problem = f"{day.isoformat()} is a {day.strftime('%A')}; it is not a working day anyway."
        if problem:
            self.error.setText(problem)
            self.error.setVisible(True)
            return False
        self.error.setVisible(False)
        self.drafts.append(ClosureDraft(None, day, reason or "", self.source.value() or ""))
        self.reason.clear()
        self.source.clear()
        self._fill()
        return True

    def remove_closure(self) -> None:
        draft = selected_record(self.view)
        if isinstance(draft, ClosureDraft):
            self.drafts.remove(draft)
            self._fill()

    def save(self) -> None:
        self.ctx.deadlines.set_closure_policy(self.policy.value() or engine.CLOSURE_POLICY_EARLIER)
        kept = {d.id for d in self.drafts}
        for cid in self.original_ids - kept:
            if cid is not None:
                self.ctx.deadlines.remove_closure(cid)
        for d in self.drafts:
            if d.id is None:
                self.ctx.deadlines.add_closure(d.day, d.reason, d.source)
        self.drafts = [ClosureDraft(cid, c.day, c.reason, c.source)
                       for cid, c in self.ctx.deadlines.stored_closures()]
        self.original_ids = {d.id for d in self.drafts}
        self._fill()


__all__ = ["CbaRulesPage", "ClosuresPage", "RuleDraft"]
