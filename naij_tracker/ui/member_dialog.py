"""The small "Add new member" dialog opened from a member picker: name, court, email."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from naij_tracker.domain.validation import validate_member
from naij_tracker.ui.forms import TextField, error_label, labelled_form


class NewMemberDialog(QDialog):
    """Asks for the new member's name (filled in from the picker), court and email."""

    def __init__(self, name: str, court: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add new member")
        self.setMinimumWidth(420)
        self.name = TextField()
        self.name.set_value(name)
        self.court = TextField()
        self.court.set_value(court)
        self.email = TextField()
        self.error = error_label()
        form = labelled_form((("&Name:", self.name), ("&Court:", self.court),
                             ("&Email:", self.email)), name_fields=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Add member")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("The member is added to the members list and chosen for this "
                                "matter."))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.court.setFocus()

    def values(self) -> dict[str, Any]:
        return {"name": self.name.value(), "court": self.court.value(),
                "email": self.email.value(), "membership_status": "member"}

    def accept(self) -> None:
        errors = validate_member(self.name.value(), self.email.value())
        if errors:
            self.error.setText(" ".join(e.message for e in errors))
            self.error.setVisible(True)
            return
        super().accept()
