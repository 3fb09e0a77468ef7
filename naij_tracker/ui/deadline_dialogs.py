"""Dialogs that add or recompute deadlines, always showing the computed date *before* accepting.

``RuleDeadlineDialog``: the officer picks the triggering event; the rules that follow it are
proposed (all ticked); trigger date and service method are entered; the preview shows each due
date with its plain-language count and citation as they type. ``TriggerDialog`` recomputes one
deadline from a corrected trigger. ``ManualDeadlineDialog`` records a date set by someone else
(an arbitrator's briefing schedule, a judge's order).
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from naij_tracker.domain import clock
from naij_tracker.domain import kinds as k
from naij_tracker.domain.deadlines import ComputedDeadline, DeadlineError
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.queries import DeadlineRow
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.forms import ChoiceField, DateField, TextField, error_label, labelled_form


def how_counted_html(explanation: str | None, citation: str | None) -> str:
    """The count in words, then its citation in grey: how every deadline explains itself."""
    return (f"{html.escape(explanation or '', quote=False)}<br>"
            f"<span style='color:#5f6368'>{html.escape(citation or '', quote=False)}</span>")


def preview_html(computed: ComputedDeadline) -> str:
    """A computed deadline as a short rich-text paragraph."""
    window = f"opens {computed.opens.isoformat()}, " if computed.opens else ""
    by = f", by {html.escape(computed.filing_time)}" if computed.filing_time else ""
    # The warnings are shown above the count, in red; the stored explanation ends with them.
    count = computed.account or computed.explanation
    alternative = (f"<br><i>{html.escape(computed.alternative_note, quote=False)}</i>"
                   if computed.alternative else "")
    alternative += "".join(f"<br><span style='color:#b3261e'>Warning: "
                           f"{html.escape(w, quote=False)}</span>" for w in computed.warnings)
    return (f"<p style='margin-bottom:6px'><b>{html.escape(computed.title, quote=False)}</b> — {window}"
            f"due <b>{computed.due.isoformat()}</b> ({computed.due.strftime('%A')}){by}"
            f"{alternative}<br>"
            f"{how_counted_html(count, computed.citation)}</p>")


def _preview_label() -> QLabel:
    label = QLabel()
    label.setObjectName("preview")
    label.setAccessibleName("Computed deadline")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setMinimumHeight(90)
    label.setFrameShape(QLabel.Shape.StyledPanel)
    label.setMargin(8)
    return label


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setDefault(True)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class RuleDeadlineDialog(QDialog):
    """Add deadlines from rules: event → proposed rules → live preview → accept."""

    def __init__(self, ctx: AppContext, kind: MatterKind, parent: QWidget | None = None,
                 reference: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.setWindowTitle(f"Add deadlines from a rule — {reference}" if reference
                            else "Add deadlines from a rule")
        self.setMinimumWidth(620)
        self.trigger = ChoiceField((), optional=False)
        self.trigger.setAccessibleName("Triggering event")
        for code, label in sorted(ctx.deadlines.triggers_for_kind(kind).items(),
                                  key=lambda kv: kv[1]):
            self.trigger.addItem(label, code)
        self.rules = QListWidget()
        self.rules.setAccessibleName("Rules that follow")
        self.rules.setMaximumHeight(110)
        self.trigger_on = DateField(optional=False)
        self.trigger_on.setAccessibleName("Date of the event")
        self.service = ChoiceField(k.SERVICE_METHODS, optional=False)
        self.service.setAccessibleName("Served by")
        self.same_day = QCheckBox("Also served the same day by email, fax or in person")
        self.same_day.setToolTip("Then no days are added for mail: the earliest service "
                                 "controls (5 C.F.R. 2425.2(c)(5))")
        self.adverse = QCheckBox("Award on a removal, a suspension over 14 days or another "
                                 "7121(f) matter")
        self.adverse.setToolTip("Awards on these go to the Federal Circuit, not the FLRA "
                                "(5 U.S.C. 7122(a), 7703(b)(1)(A))")
        self.service_note = QLabel()
        self.service_note.setWordWrap(True)
        self.preview = _preview_label()
        self.error = error_label()

        form = QFormLayout()
        labels = [("&Event:", self.trigger), ("&Rules:", self.rules),
                  ("&Date of the event:", self.trigger_on), ("&Served by:", self.service)]
        for text, widget in labels:
            row_label = QLabel(text)
            row_label.setBuddy(widget)
            form.addRow(row_label, widget)
            if widget is self.trigger_on:
                self.date_label = row_label
        form.addRow("", self.same_day)
        form.addRow("", self.adverse)
        form.addRow("", self.service_note)
        self.buttons = _buttons(self, "&Add deadlines")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        heading = QLabel("<b>Preview</b>")
        layout.addWidget(heading)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self.trigger.currentIndexChanged.connect(self._fill_rules)
        self.rules.itemChanged.connect(lambda _i: self._update())
        self.trigger_on.edited.connect(self._update)
        self.service.currentIndexChanged.connect(lambda _i: self._update())
        self.same_day.toggled.connect(lambda _c: self._update())
        self.adverse.toggled.connect(lambda _c: self._update())
        self._fill_rules()

    def select_trigger(self, code: str) -> None:
        self.trigger.setCurrentIndex(max(self.trigger.findData(code), 0))

    def _fill_rules(self) -> None:
        self.rules.blockSignals(True)
        self.rules.clear()
        code = self.trigger.value()
        for rule in self.ctx.deadlines.rules_for_trigger(code, self.kind) if code else []:
            item = QListWidgetItem(f"{rule.name} — {rule.describe_period()}")
            item.setData(Qt.ItemDataRole.UserRole, rule.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setToolTip(f"{rule.citation}\n{rule.description}".strip())
            self.rules.addItem(item)
        self.rules.blockSignals(False)
        self._update()

    def selected_rule_ids(self) -> list[str]:
        out = []
        for i in range(self.rules.count()):
            item = self.rules.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def trigger_date(self) -> date:
        value = self.trigger_on.value()
        assert isinstance(value, date)
        return value

    def service_method(self) -> str:
        return self.service.value() or "personal"

    def service_methods(self) -> list[str]:
        """Every method used that day: the chosen one, plus a same-day electronic service."""
        methods = [self.service_method()]
        if self.same_day.isChecked() and methods[0] in ("mail", "commercial"):
            methods.append("electronic")
        return methods

    def facts(self) -> list[str]:
        """What is known about the matter that a rule may warn about."""
        return ["adverse_action"] if self.adverse.isChecked() else []

    def computed(self) -> list[ComputedDeadline]:
        return [self.ctx.deadlines.preview(rule_id, self.trigger_date(), self.service_methods(),
                                           facts=self.facts())
                for rule_id in self.selected_rule_ids()]

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        rules = self.ctx.deadlines.rules()
        chosen = [rules[r] for r in self.selected_rule_ids() if r in rules]
        adjustable = any(r.service_adjustable for r in chosen)
        self.service.setEnabled(adjustable or not chosen)
        self.same_day.setEnabled(adjustable and self.service_method() in ("mail", "commercial"))
        self.adverse.setVisible(any(r.fact_warnings for r in chosen))
        receipt = bool(chosen) and all(r.from_receipt for r in chosen)
        self.date_label.setText("&Date received:" if receipt else "&Date of the event:")
        self.service_note.setText(
            "Mail and commercial delivery add 5 days (5 C.F.R. 2429.22), counted after the "
            "last day is moved off a weekend or holiday." if adjustable
            else "These periods run from the day the paper was received: enter that day; mail "
                 "adds no days (5 C.F.R. 2429.22 applies only to periods after service)."
            if receipt
            else "These periods run from the event itself; the service method does not change "
                 "them." if chosen else "")
        try:
            computed = self.computed()
        except DeadlineError as exc:
            self.preview.setText("")
            self.error.setText(str(exc))
            self.error.setVisible(True)
            ok.setEnabled(False)
            return
        self.error.setVisible(False)
        if not computed:
            self.preview.setText("<i>Tick at least one rule to see its deadline.</i>")
        else:
            self.preview.setText("".join(preview_html(c) for c in computed))
        ok.setEnabled(bool(computed))


class TriggerDialog(QDialog):
    """Correct a deadline's trigger date or service method; the new date shows before saving."""

    def __init__(self, ctx: AppContext, row: DeadlineRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.row = row
        self.setWindowTitle(f"Change the trigger — {row.title}")
        self.setMinimumWidth(560)
        self.trigger_on = DateField(optional=False)
        self.trigger_on.setAccessibleName("Date of the event")
        self.trigger_on.set_value(row.trigger_on or clock.today())
        self.service = ChoiceField(k.SERVICE_METHODS, optional=False)
        self.service.setAccessibleName("Served by")
        self.service.set_value(row.service_method or "personal")
        stored = ctx.deadlines.service_methods_of(row.id)
        self.same_day = QCheckBox("Also served the same day by email, fax or in person")
        self.same_day.setChecked(len(stored) > 1 and any(m in ("mail", "commercial")
                                                         for m in stored))
        if self.same_day.isChecked():
            self.service.set_value(next(m for m in stored if m in ("mail", "commercial")))
        self.preview = _preview_label()
        self.error = error_label()
        form = labelled_form((("&Date of the event:", self.trigger_on),
                             ("&Served by:", self.service)))
        form.addRow("", self.same_day)
        self.buttons = _buttons(self, "&Recompute")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Was due <b>{row.due_on.isoformat()}</b>: "
                                f"{html.escape(row.explanation or '', quote=False)}"))
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.trigger_on.edited.connect(self._update)
        self.service.currentIndexChanged.connect(lambda _i: self._update())
        self.same_day.toggled.connect(lambda _c: self._update())
        self._update()

    def trigger_date(self) -> date:
        value = self.trigger_on.value()
        assert isinstance(value, date)
        return value

    def service_method(self) -> str:
        return self.service.value() or "personal"

    def service_methods(self) -> list[str]:
        """Every method used that day: the chosen one, plus a same-day electronic service."""
        methods = [self.service_method()]
        if self.same_day.isChecked() and methods[0] in ("mail", "commercial"):
            methods.append("electronic")
        return methods

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.same_day.setEnabled(self.service_method() in ("mail", "commercial"))
        try:
            computed = self.ctx.deadlines.preview(str(self.row.rule_id), self.trigger_date(),
                                                  self.service_methods())
        except DeadlineError as exc:
            self.error.setText(str(exc))
            self.error.setVisible(True)
            ok.setEnabled(False)
            return
        self.error.setVisible(False)
        self.preview.setText(preview_html(computed))
        ok.setEnabled(True)


class ManualDeadlineDialog(QDialog):
    """A deadline whose date is set by someone else, entered by hand."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a deadline by hand")
        self.setMinimumWidth(440)
        self.title_edit = TextField()
        self.title_edit.setAccessibleName("Deadline")
        self.title_edit.setPlaceholderText("e.g. Post-hearing brief due")
        self.due = DateField(optional=False)
        self.due.setAccessibleName("Due")
        self.error = error_label()
        form = labelled_form((("&Deadline:", self.title_edit), ("D&ue:", self.due)))
        self.buttons = _buttons(self, "&Add")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("A deadline entered by hand is not recomputed from a rule."))
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        if not self.title_edit.value():
            self.error.setText("Give the deadline a title.")
            self.error.setVisible(True)
            self.title_edit.setFocus()
            return
        super().accept()

    def values(self) -> tuple[str, date]:
        due = self.due.value()
        assert isinstance(due, date)
        return self.title_edit.value() or "", due
