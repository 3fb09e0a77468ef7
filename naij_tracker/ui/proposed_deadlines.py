"""The short review of the deadlines a save started: each can be kept, retitled, re-dated or
left out before it is added. Nothing is added until the officer says so."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from naij_tracker.domain import kinds as k
from naij_tracker.domain.dates import describe_date
from naij_tracker.domain.deadlines import DeadlineError
from naij_tracker.services.deadlines import DeadlineService
from naij_tracker.services.proposals import ProposedDeadline
from naij_tracker.ui.forms import ChoiceField, DateField, TextField
from naij_tracker.ui.style import ERROR_COLOR, mute, set_text_color


@dataclass(frozen=True)
class AcceptedDeadline:
    rule_id: str
    trigger_on: date
    service: str
    title: str


class _ProposalRow:
    """One proposed deadline's inputs in the review's grid."""

    def __init__(self, proposal: ProposedDeadline, deadlines: DeadlineService) -> None:
        self.proposal = proposal
        self.deadlines = deadlines
        self.keep = QCheckBox()
        self.keep.setChecked(True)
        self.keep.setAccessibleName(f"Add {proposal.title}")
        self.title = TextField()
        self.title.set_value(proposal.title)
        self.title.setAccessibleName("Deadline")
        self.trigger_on = DateField(optional=False)
        self.trigger_on.set_value(proposal.event.on)
        self.trigger_on.setAccessibleName(f"Date of the event: {proposal.rule.trigger_label}")
        self.service = ChoiceField(k.SERVICE_METHODS, optional=False)
        self.service.setAccessibleName("Served by")
        self.service.setEnabled(proposal.rule.service_adjustable)
        self.due = QLabel()
        self.due.setAccessibleName(f"Due: {proposal.title}")
        self.rule = QLabel(f"{proposal.rule.name} — {proposal.rule.describe_period()}. "
                           f"{proposal.rule.citation}. {proposal.event.reason}".strip())
        self.rule.setWordWrap(True)
        mute(self.rule)
        self.trigger_on.edited.connect(self.update)
        self.service.currentIndexChanged.connect(lambda _i: self.update())
        self.keep.toggled.connect(self._on_keep)
        self.update()

    def _on_keep(self, keep: bool) -> None:
        for widget in (self.title, self.trigger_on, self.service, self.due):
            widget.setEnabled(keep)
        self.service.setEnabled(keep and self.proposal.rule.service_adjustable)

    def update(self) -> None:
        day = self.trigger_on.value()
        if not isinstance(day, date):
            return
        try:
            computed = self.deadlines.preview(self.proposal.rule.id, day,
                                              self.service.value() or "personal")
        except DeadlineError as exc:
            set_text_color(self.due, ERROR_COLOR)
            self.due.setText(str(exc))
            return
        set_text_color(self.due, None)
        self.due.setText(f"<b>due {computed.due.isoformat()}</b> ({describe_date(computed.due)})")
        self.due.setToolTip(computed.explanation)

    def accepted(self) -> AcceptedDeadline | None:
        day = self.trigger_on.value()
        if not self.keep.isChecked() or not isinstance(day, date):
            return None
        return AcceptedDeadline(self.proposal.rule.id, day, self.service.value() or "personal",
                                self.title.value() or self.proposal.title)


class ProposedDeadlinesDialog(QDialog):
    """"Deadlines that follow": the proposals of a save, to accept (Enter) or edit first."""

    def __init__(self, reference: str, proposals: list[ProposedDeadline],
                 deadlines: DeadlineService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Deadlines that follow — {reference}")
        self.setMinimumWidth(720)
        intro = QLabel(f"Saving {reference} starts these deadlines under the time limits "
                       "configured in Preferences. Untick any that do not apply, or correct the "
                       "date of the event; they are added when you press Add.")
        intro.setWordWrap(True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        for col, text in enumerate(("", "Deadline", "Event date", "Served by", "")):
            heading = QLabel(f"<b>{text}</b>")
            grid.addWidget(heading, 0, col)
        self.rows = [_ProposalRow(p, deadlines) for p in proposals]
        for i, row in enumerate(self.rows):
            base = 1 + i * 2
            grid.addWidget(row.keep, base, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(row.title, base, 1)
            grid.addWidget(row.trigger_on, base, 2)
            grid.addWidget(row.service, base, 3)
            grid.addWidget(row.due, base + 1, 1)
            grid.addWidget(row.rule, base + 1, 2, 1, 3)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 3)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Add deadlines")
        ok.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Not now")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.buttons)

    def accepted_deadlines(self) -> list[AcceptedDeadline]:
        return [a for a in (row.accepted() for row in self.rows) if a is not None]
