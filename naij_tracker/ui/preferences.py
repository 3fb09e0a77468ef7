"""Preferences: the union's own configuration, stored in the database.

General (union name, officer name, the confidentiality marking printed on packets, how many
daily and weekly backups to keep), the CBA time limits and the closure days. Nothing is written
until OK; a problem keeps the dialog open with the message next to the field. (This computer's
window state is not here: the main window keeps it in ``QSettings``.)
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from naij_tracker.services.settings import UnionSettings, load_settings, save_settings
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.forms import TextField, error_label
from naij_tracker.ui.messages import show_error
from naij_tracker.ui.preferences_letters import LettersPage
from naij_tracker.ui.preferences_rules import CbaRulesPage, ClosuresPage
from naij_tracker.ui.shutdowns_page import ShutdownsPage
from naij_tracker.ui.style import ERROR_COLOR, set_text_color


class GeneralPage(QWidget):
    def __init__(self, settings: UnionSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.union_name = TextField()
        self.union_name.setAccessibleName("Union name")
        self.officer_name = TextField()
        self.officer_name.setAccessibleName("Officer name")
        self.officer_name.setPlaceholderText("Recorded in the history as who made each change")
        self.marking = TextField()
        self.marking.setAccessibleName("Confidentiality marking")
        self.keep_daily = QSpinBox()
        self.keep_daily.setRange(0, 365)
        self.keep_daily.setSuffix(" daily copies")
        self.keep_daily.setAccessibleName("Daily backups kept")
        self.keep_weekly = QSpinBox()
        self.keep_weekly.setRange(0, 365)
        self.keep_weekly.setSuffix(" weekly copies")
        self.keep_weekly.setAccessibleName("Weekly backups kept")
        self.union_error = error_label()
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        union_cell = QWidget()
        union_box = QVBoxLayout(union_cell)
        union_box.setContentsMargins(0, 0, 0, 0)
        union_box.setSpacing(2)
        union_box.addWidget(self.union_name)
        union_box.addWidget(self.union_error)
        rows = (("&Union name:", union_cell),
                ("&Officer name:", self.officer_name),
                ("Packet &marking:", self.marking),
                ("Keep &daily backups:", self.keep_daily),
                ("Keep &weekly backups:", self.keep_weekly))
        for text, widget in rows:
            label = QLabel(text)
            label.setBuddy(self.union_name if widget is union_cell else widget)
            form.addRow(label, widget)
        hint = QLabel("The marking is printed on every page of a briefing packet.")
        hint.setEnabled(False)
        form.insertRow(3, "", hint)
        self.set_settings(settings)

    def set_settings(self, s: UnionSettings) -> None:
        self.union_name.set_value(s.union_name)
        self.officer_name.set_value(s.officer_name)
        self.marking.set_value(s.packet_marking)
        self.keep_daily.setValue(s.backup_keep_daily)
        self.keep_weekly.setValue(s.backup_keep_weekly)

    def settings(self, base: UnionSettings) -> UnionSettings:
        return replace(base, union_name=self.union_name.value() or "",
                       officer_name=self.officer_name.value() or "",
                       packet_marking=self.marking.value() or "",
                       backup_keep_daily=self.keep_daily.value(),
                       backup_keep_weekly=self.keep_weekly.value())

    def check(self) -> bool:
        if not self.union_name.value():
            self.union_error.setText("Union name is required.")
            self.union_error.setVisible(True)
            self.union_name.setFocus()
            return False
        self.union_error.setVisible(False)
        return True


class PreferencesDialog(QDialog):
    """Preferences… (``QKeySequence.Preferences``); OK saves everything, Cancel nothing."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Preferences")
        self.setMinimumSize(720, 520)
        self.stored = load_settings(ctx.db)
        self.general = GeneralPage(self.stored)
        self.rules = CbaRulesPage(ctx)
        self.closures = ClosuresPage(ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.general, "&General")
        self.tabs.addTab(self.rules, "C&BA time limits")
        self.tabs.addTab(self.closures, "C&losure days")
        self.shutdowns = ShutdownsPage(ctx)
        self.tabs.addTab(self.shutdowns, "S&hutdowns")
        self.letters = LettersPage(ctx)
        self.tabs.addTab(self.letters, "Le&tters")
        self.message = QLabel()
        set_text_color(self.message, ERROR_COLOR)
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        # The first-run assistant, again (ui/first_run.py).
        self.assistant_button = self.buttons.addButton(
            "Set-up &assistant…", QDialogButtonBox.ButtonRole.ResetRole)
        self.assistant_button.clicked.connect(self.open_assistant)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def open_assistant(self) -> None:
        """Close Preferences (nothing saved) and walk through the set-up assistant again."""
        from naij_tracker.ui.first_run import FirstRunWizard

        parent = self.parentWidget()
        self.reject()
        FirstRunWizard(self.ctx, parent).exec()

    def _fail(self, page: QWidget, text: str) -> None:
        self.tabs.setCurrentWidget(page)
        self.message.setText(text)
        self.message.setVisible(True)

    def accept(self) -> None:
        """Validate every page, then write; on a problem the dialog stays open with it."""
        if not self.general.check():
            self._fail(self.general, "Please correct the marked field.")
            return
        new = self.general.settings(self.stored)
        problems = new.validate()
        if problems:
            self._fail(self.general, " ".join(problems))
            return
        try:
            save_settings(self.ctx.db, new)
            self.stored = new
            self.rules.save()
            self.closures.save()
            self.shutdowns.save()
            self.letters.save()
        except Exception as exc:
            show_error(self, "Preferences", exc)
            return
        if new.officer_name.strip():
            # History entries from now on carry the officer's name.
            for service in (self.ctx.matters, self.ctx.related, self.ctx.deadlines,
                            self.ctx.people):
                service.who = new.officer_name.strip()
            self.ctx.who = new.officer_name.strip()
        super().accept()
        # Changed closures, closure policy or CBA limits may move open deadlines: offer them.
        from naij_tracker.ui.deadline_review import offer_review

        offer_review(self.ctx, self.parentWidget())
