"""The first-run assistant: the union, the officer, the packet marking and the CBA's grievance
articles and time limits — so no citation reads "CBA Art. (grievance procedure)" and no packet
"Prepared by root". Shown once on a database that has never been set up; Preferences reopens it.

Every field starts from what is stored now, so pressing Next through it keeps everything.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from naij_tracker.domain.deadlines import PeriodUnit
from naij_tracker.domain.kinds import Choice
from naij_tracker.services.settings import UnionSettings, load_settings, save_settings
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.forms import ChoiceField, TextField, error_label
from naij_tracker.ui.messages import show_error

#: The CBA rules the assistant asks about: (rule id, what the officer reads, article key).
STEP_LIMITS = (
    ("cba-grievance-filing", "Filing a grievance (from the event)", "grievance"),
    ("cba-step-answer", "Management's answer at a step", "grievance"),
    ("cba-step-appeal", "Appeal to the next step (from the answer)", "grievance"),
    ("cba-invoke-arbitration", "Invoking arbitration (from the final answer)", "arbitration"),
    ("cba-bargaining-response", "Union response to a notice of change", "bargaining"),
)
ARTICLES = (("grievance", "&Grievance procedure article", "e.g. Art. 27"),
            ("arbitration", "&Arbitration article", "e.g. Art. 28"),
            ("bargaining", "&Mid-term bargaining article", "e.g. Art. 9"))
DAY_TYPES = (("calendar", "calendar days"), ("working", "working days"))


def _article_of(citation: str) -> str:
    """The article part of a stored citation ("CBA Art. 27" → "Art. 27"); "" for a default."""
    if "as configured" in citation:
        return ""
    return citation.removeprefix("CBA ").strip()


def _labelled(grid: QGridLayout, row: int, text: str, widget: QWidget) -> None:
    label = QLabel(text)
    label.setBuddy(widget)
    widget.setAccessibleName(text.replace("&", ""))
    grid.addWidget(label, row, 0)
    grid.addWidget(widget, row, 1)


class _Page(QWizardPage):
    """A page whose required text fields must be filled before Next."""

    def __init__(self, title: str, subtitle: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.required: list[TextField] = []
        self.grid = QGridLayout()
        self.note = error_label()
        box = QVBoxLayout(self)
        box.addLayout(self.grid)
        box.addWidget(self.note)
        box.addStretch(1)

    def require(self, field: TextField) -> TextField:
        self.required.append(field)
        field.textChanged.connect(lambda _t: self.completeChanged.emit())
        return field

    def isComplete(self) -> bool:  # noqa: N802 (Qt API)
        return all(f.value() for f in self.required)


class FirstRunWizard(QWizard):
    """Set-up in three short pages; Finish saves settings and the CBA limits together."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Set up NAIJ Case Tracker")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setMinimumSize(680, 520)
        self.stored = load_settings(ctx.db)
        self.rules = {r.id: r for r in ctx.deadlines.cba_rules()}

        union = _Page("Your union", "The name on every briefing packet and the marking printed "
                                    "on each of its pages.")
        self.union_name = union.require(TextField())
        self.union_name.set_value(self.stored.union_name)
        self.marking = union.require(TextField())
        self.marking.set_value(self.stored.packet_marking)
        _labelled(union.grid, 0, "&Union name", self.union_name)
        _labelled(union.grid, 1, "&Packet marking", self.marking)

        officer = _Page("You", "Packets say who prepared them, and the history records who "
                               "made each change.")
        self.officer_name = officer.require(TextField())
        self.officer_name.set_value(self.stored.officer_name)
        self.officer_name.setPlaceholderText("e.g. Ana Petrova")
        self.officer_role = TextField()
        self.officer_role.set_value(self.stored.officer_role)
        self.officer_role.setPlaceholderText("e.g. Vice President, Labor Relations")
        _labelled(officer.grid, 0, "Your &name", self.officer_name)
        _labelled(officer.grid, 1, "Your &role", self.officer_role)

        cba = _Page("Your agreement", "Grievance deadlines are counted from your CBA's time "
                                      "limits. Keep the values shown, or enter your own; they "
                                      "can be changed later in Preferences ▸ CBA time limits.")
        self.articles: dict[str, TextField] = {}
        for i, (key, text, example) in enumerate(ARTICLES):
            field = cba.require(TextField())
            field.setPlaceholderText(example)
            # The article already configured on any of its rules, else empty (the example shows).
            known = [_article_of(self.rules[r].citation) for r, _t, a in STEP_LIMITS
                     if a == key and r in self.rules]
            field.set_value(next((x for x in known if x), ""))
            self.articles[key] = field
            _labelled(cba.grid, i, text, field)
        heading = QLabel("<b>Time limits</b>")
        cba.grid.addWidget(heading, len(ARTICLES), 0, 1, 2)
        self.limits: dict[str, tuple[QSpinBox, ChoiceField]] = {}
        for j, (rule_id, text, _article) in enumerate(STEP_LIMITS):
            rule = self.rules.get(rule_id)
            days = QSpinBox()
            days.setRange(1, 730)
            days.setValue(rule.period.amount if rule else 15)
            days.setAccessibleName(text)
            kind = ChoiceField(tuple(Choice(c, label) for c, label in DAY_TYPES), False)
            kind.setAccessibleName(f"{text}: kind of days")
            kind.set_value("working" if rule and rule.period.unit is PeriodUnit.WORKING_DAYS
                           else "calendar")
            row = len(ARTICLES) + 1 + j
            label = QLabel(text)
            label.setBuddy(days)
            cba.grid.addWidget(label, row, 0)
            line = QGridLayout()
            line.addWidget(days, 0, 0)
            line.addWidget(kind, 0, 1)
            cba.grid.addLayout(line, row, 1)
            self.limits[rule_id] = (days, kind)
        self.cba_page = cba
        for page in (union, officer, cba):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Finish")

    def settings(self) -> UnionSettings:
        return replace(self.stored, union_name=self.union_name.value() or "",
                       packet_marking=self.marking.value() or "",
                       officer_name=self.officer_name.value() or "",
                       officer_role=self.officer_role.value() or "", setup_done=True)

    def save(self) -> None:
        """Write the settings and the CBA limits (each save is recorded in the history)."""
        new = self.settings()
        save_settings(self.ctx.db, new)
        for rule_id, _text, article in STEP_LIMITS:
            rule = self.rules.get(rule_id)
            if rule is None:
                continue
            days, kind = self.limits[rule_id]
            citation = f"CBA {self.articles[article].value()}"
            self.ctx.deadlines.save_cba_rule(rule.id, rule.name, days.value(),
                                             kind.value() or "calendar", rule.applies_to[0],
                                             rule.trigger, rule.deadline_title, citation)
        who = new.officer_name.strip()
        if who:  # history from now on carries the officer's name
            for service in (self.ctx.matters, self.ctx.related, self.ctx.deadlines,
                            self.ctx.people, self.ctx.trash):
                service.who = who
            self.ctx.who = who

    def accept(self) -> None:
        try:
            self.save()
        except Exception as exc:  # noqa: BLE001 - the assistant stays open with the reason
            show_error(self, "Set-up", exc)
            return
        super().accept()


def needs_first_run(ctx: AppContext) -> bool:
    """A writable database never set up (no assistant finished, no officer named)."""
    if ctx.db.read_only:
        return False
    stored = load_settings(ctx.db)
    return not stored.setup_done and not stored.officer_name.strip()
