"""Letters…: write a letter from the open matter, keep it with the matter, and follow it up.

The officer picks a template that fits the matter's kind, sees the filled text at once, types
the free parts (e.g. the particularized need of an information request) and the recipient
(remembered per kind of matter). *Save to matter* attaches the .docx and its PDF; *Save and mark
sent* also writes the timeline entry "Letter: <title> sent <date>" and, if ticked, adds the
follow-up deadline the template declares — shown before it is added, with its count.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from naij_tracker.domain import clock
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.letters.fields import RECIPIENT_FIELDS, free_label
from naij_tracker.letters.fill import FilledLetter
from naij_tracker.letters.templates import LetterTemplate, TemplateError
from naij_tracker.reports.letter_pdf import find_libreoffice
from naij_tracker.services.letters import LetterService
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.messages import show_error
from naij_tracker.ui.style import ERROR_COLOR, set_text_color
from naij_tracker.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from naij_tracker.ui.matter_editor import MatterEditor


class LettersDialog(QDialog):
    """Letters for one saved matter; ``changed`` when something was attached or added."""

    changed = Signal()

    def __init__(self, ctx: AppContext, matter_id: int, kind: MatterKind | str, reference: str,
                 parent: QWidget | None = None, runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.runner = runner or TaskRunner(self)
        self._busy = False
        self.ctx, self.matter_id, self.reference = ctx, matter_id, reference
        self.kind = MatterKind(kind)
        self.service = LetterService(ctx.db, ctx.who)
        self.letter: FilledLetter | None = None
        self._saved_key: tuple | None = None
        self.setWindowTitle(f"Letters — {reference}")
        self.resize(1100, 760)
        self._build()
        self._load_templates()

    # -- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.template_list = QListWidget()
        self.template_list.setAccessibleName("Letter templates")
        self.template_list.setMaximumHeight(170)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        set_text_color(self.problems, ERROR_COLOR)
        self.problems.setVisible(False)

        self.recipient: dict[str, QLineEdit | QPlainTextEdit] = {}
        recipient_box = QGroupBox("Recipient (remembered for every "
                                  f"{self.kind.noun})")
        recipient_form = QFormLayout(recipient_box)
        for name, label in RECIPIENT_FIELDS:
            widget: QLineEdit | QPlainTextEdit
            if name == "address":
                widget = QPlainTextEdit()
                widget.setFixedHeight(52)
                widget.setTabChangesFocus(True)
            else:
                widget = QLineEdit()
            widget.setObjectName(f"recipient_{name}")
            widget.setAccessibleName(f"Recipient's {label.lower()}")
            self.recipient[name] = widget
            recipient_form.addRow(f"{label}:", widget)
        stored = self.service.recipient(self.kind)
        for name, widget in self.recipient.items():
            if isinstance(widget, QLineEdit):
                widget.setText(stored.get(name, ""))
                widget.textChanged.connect(self._schedule)
            else:
                widget.setPlainText(stored.get(name, ""))
                widget.textChanged.connect(self._schedule)

        self.free_box = QGroupBox("To fill in")
        self.free_form = QFormLayout(self.free_box)
        self.free: dict[str, QPlainTextEdit] = {}

        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(QLabel(f"Letters for a {self.kind.noun}:"))
        left_box.addWidget(self.template_list)
        left_box.addWidget(self.problems)
        left_box.addWidget(recipient_box)
        left_box.addWidget(self.free_box)
        left_box.addStretch(1)

        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Preview of the filled letter")
        font = QFont("Serif")
        font.setStyleHint(QFont.StyleHint.Serif)
        self.preview.setFont(font)
        self.gaps = QLabel()
        self.gaps.setWordWrap(True)
        set_text_color(self.gaps, ERROR_COLOR)
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addWidget(QLabel("Preview:"))
        right_box.addWidget(self.preview, 1)
        right_box.addWidget(self.gaps)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([430, 670])

        self.sent_on = QDateEdit()
        self.sent_on.setCalendarPopup(True)
        self.sent_on.setDisplayFormat("yyyy-MM-dd")
        self.sent_on.setAccessibleName("Sent on")
        today = clock.today()
        self.sent_on.setDate(QDate(today.year, today.month, today.day))
        self.sent_on.dateChanged.connect(lambda _d: self._update_follow_up())
        self.follow_up = QCheckBox()
        self.follow_up.setChecked(True)
        self.follow_up.setAccessibleName("Add the follow-up deadline")
        self.libreoffice = QCheckBox("Make the PDF with LibreOffice")
        self.libreoffice.setAccessibleName("Make the PDF with LibreOffice")
        if find_libreoffice() is None:
            self.libreoffice.setEnabled(False)
            self.libreoffice.setText("Make the PDF with LibreOffice (not installed: the PDF is "
                                     "laid out by the application)")
        self.save_button = QPushButton("&Save to matter")

        self.send_button = QPushButton("Save and &mark sent")
        self.close_button = QPushButton("Close")
        for b in (self.save_button, self.send_button, self.close_button):
            b.setAutoDefault(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("letterStatus")

        sent_row = QHBoxLayout()
        sent_row.addWidget(QLabel("Sent on:"))
        sent_row.addWidget(self.sent_on)
        sent_row.addSpacing(12)
        sent_row.addWidget(self.follow_up, 1)
        pdf_row = QHBoxLayout()
        pdf_row.addWidget(self.libreoffice)
        pdf_row.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(sent_row)
        layout.addLayout(pdf_row)
        layout.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh_preview)
        self.template_list.currentItemChanged.connect(lambda *_: self._on_template())
        self.save_button.clicked.connect(lambda: self.save_letter())
        self.send_button.clicked.connect(self.mark_sent)
        self.close_button.clicked.connect(self.accept)
        if self.ctx.db.read_only:
            self.save_button.setEnabled(False)
            self.send_button.setEnabled(False)
            self.status.setText("The database is open read-only: letters can be previewed, "
                                "not kept.")

    def _load_templates(self) -> None:
        templates, problems = self.service.templates(self.kind)
        for t in templates:
            item = QListWidgetItem(t.title + (" (union)" if t.origin == "union" else ""))
            item.setData(Qt.ItemDataRole.UserRole, t)
            item.setToolTip(f"{t.path.name}\n{t.path.parent}")
            self.template_list.addItem(item)
        if problems:
            self.problems.setText("Not usable:\n" + "\n".join(problems))
            self.problems.setVisible(True)
        if templates:
            self.template_list.setCurrentRow(0)
        else:
            self.preview.setPlainText(f"No letter template fits a {self.kind.noun}.")
            self._update_buttons()

    # -- state -----------------------------------------------------------------------------------

    def template(self) -> LetterTemplate | None:
        item = self.template_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def select_template(self, name: str) -> None:
        for row in range(self.template_list.count()):
            t = self.template_list.item(row).data(Qt.ItemDataRole.UserRole)
            if t.name == name:
                self.template_list.setCurrentRow(row)
                return
        raise LookupError(f"no template {name} for a {self.kind.noun}")

    def fills(self) -> dict[str, str]:
        return {n: w.toPlainText() for n, w in self.free.items() if w.toPlainText().strip()}

    def recipient_values(self) -> dict[str, str]:
        return {n: (w.text() if isinstance(w, QLineEdit) else w.toPlainText())
                for n, w in self.recipient.items()}

    def _on_template(self) -> None:
        template = self.template()
        for widget in self.free.values():
            widget.deleteLater()
        while self.free_form.rowCount():
            self.free_form.removeRow(0)
        self.free = {}
        if template is not None:
            for part in template.free_parts:
                edit = QPlainTextEdit()
                edit.setObjectName(f"free_{part}")
                edit.setAccessibleName(free_label(part))
                edit.setTabChangesFocus(True)
                edit.setFixedHeight(64)
                edit.textChanged.connect(self._schedule)
                self.free[part] = edit
                self.free_form.addRow(f"{free_label(part)}:", edit)
        self.free_box.setVisible(bool(self.free))
        self._update_follow_up()
        self.refresh_preview()

    def _schedule(self) -> None:
        self._timer.start()

    def sent_date(self):
        d = self.sent_on.date()
        from datetime import date

        return date(d.year(), d.month(), d.day())

    def _update_follow_up(self) -> None:
        template = self.template()
        proposal = None
        if template is not None:
            try:
                proposal = self.service.follow_up(template, self.sent_date())
            except Exception as exc:  # a rule the calendar cannot count: say so, keep going
                self.follow_up.setText(f"Follow-up deadline cannot be computed: {exc}")
                self.follow_up.setEnabled(False)
                return
        if proposal is None:
            self.follow_up.setText("This letter starts no deadline.")
            self.follow_up.setEnabled(False)
            return
        d = proposal.deadline
        self.follow_up.setEnabled(True)
        self.follow_up.setText(f"When marked sent, add the deadline “{d.title}”: "
                               f"{d.due:%a %Y-%m-%d} ({d.citation})")
        self.follow_up.setToolTip(d.explanation)

    def refresh_preview(self) -> None:
        self._timer.stop()
        template = self.template()
        self.letter = None
        if template is None:
            self._update_buttons()
            return
        try:
            self.letter = self.service.prepare(self.matter_id, template, self.fills(),
                                               self.recipient_values())
        except TemplateError as exc:
            self.preview.setPlainText("")
            self.gaps.setText(str(exc))
            self._update_buttons()
            return
        self.preview.setPlainText(self.letter.text)
        self.gaps.setText("Still to fill in: " + ", ".join(self.letter.gaps)
                          if self.letter.gaps else "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        usable = self.letter is not None and not self.ctx.db.read_only and not self._busy
        self.save_button.setEnabled(usable)
        self.send_button.setEnabled(usable)

    def _key(self) -> tuple | None:
        if self.letter is None:
            return None
        return (self.letter.template.name, self.letter.text)

    # -- actions ---------------------------------------------------------------------------------

    def save_letter(self, then: Callable[[], None] | None = None) -> None:
        """Attach the .docx and the PDF (once for the same text), then call ``then``.

        The PDF is made off the GUI thread (LibreOffice can take seconds); attaching both files
        is one transaction, back on the GUI thread.
        """
        if self._timer.isActive():
            self.refresh_preview()
        letter = self.letter
        if letter is None or self._busy:
            return
        if self._saved_key == self._key():
            if then is not None:
                then()
            return
        if letter.gaps:
            answer = QMessageBox.question(
                self, "Letters", "The letter still shows:\n\n" + "\n".join(letter.gaps)
                + "\n\nKeep it with these gaps marked?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                self.status.setText("Not attached: fill in what the letter still shows.")
                return
        with_libreoffice = self.libreoffice.isEnabled() and self.libreoffice.isChecked()

        def make_pdf(_control) -> bytes:
            from naij_tracker.reports.letter_pdf import letter_pdf, libreoffice_pdf

            return libreoffice_pdf(letter.docx) if with_libreoffice else letter_pdf(letter)

        self._busy = True
        self._update_buttons()
        set_text_color(self.status, None)
        self.status.setText("Making the PDF…")
        self.runner.submit(make_pdf, on_result=lambda pdf: self._attach(letter, pdf, then),
                           on_error=self._pdf_failed)

    def _pdf_failed(self, exc: BaseException) -> None:
        self._busy = False
        self._update_buttons()
        set_text_color(self.status, ERROR_COLOR)
        self.status.setText(f"Nothing was attached: {exc}")

    def _attach(self, letter: FilledLetter, pdf: bytes, then: Callable[[], None] | None) -> None:
        self._busy = False
        try:
            self.service.save_to_matter(self.matter_id, letter, pdf)
            self.service.remember_recipient(self.kind, self.recipient_values())
        except TemplateError as exc:
            self._pdf_failed(exc)
            return
        except Exception as exc:
            self._pdf_failed(exc)
            show_error(self, "Letters", exc)
            return
        self._saved_key = (letter.template.name, letter.text)
        self._update_buttons()
        set_text_color(self.status, None)
        self.status.setText(f"{letter.template.title}: the .docx and the PDF are attached "
                            f"to {self.reference}.")
        self.changed.emit()
        if then is not None:
            then()

    def mark_sent(self) -> None:
        if self.template() is not None:
            self.save_letter(then=self._mark_sent_now)

    def _mark_sent_now(self) -> None:
        template = self.template()
        if template is None:
            return
        sent = self.sent_date()
        add = self.follow_up.isEnabled() and self.follow_up.isChecked()
        try:
            _entry, deadline_id = self.service.mark_sent(self.matter_id, template, sent, add)
        except Exception as exc:
            show_error(self, "Letters", exc)
            return
        text = f"Letter: {template.title} sent {sent.isoformat()} — on the timeline."
        if deadline_id is not None:
            proposal = self.service.follow_up(template, sent)
            if proposal is not None:
                text += (f" Deadline added: {proposal.deadline.title}, due "
                         f"{proposal.deadline.due.isoformat()}.")
        self.status.setText(text)
        self.changed.emit()


    def done(self, result: int) -> None:
        """Closing waits for a PDF being made, so that its letter is attached, not lost."""
        if self._busy:
            self.status.setText("Making the PDF… the letter is attached in a moment.")
            return
        super().done(result)


def open_letters(editor: MatterEditor) -> None:
    """The editor's Letters… button: for a saved matter without unsaved changes."""
    if editor.matter_id is None or editor.record is None or editor.kind is None:
        QMessageBox.information(editor, "Letters", "Save the matter first: a letter is filled "
                                "from what is saved.")
        return
    if editor.is_dirty():
        QMessageBox.information(editor, "Letters", "Save or revert your changes first: a letter "
                                "is filled from what is saved.")
        return
    dialog = LettersDialog(editor.ctx, editor.matter_id, editor.kind, editor.record.reference,
                           editor)

    def refresh() -> None:
        for tab in editor.matter_tabs():
            tab.refresh()
        editor.attachments_tab.changed.emit()  # the editor's counts and history follow

    dialog.changed.connect(refresh)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    editor.letters_dialog = dialog  # reachable by tests and kept alive while open
    dialog.open()
