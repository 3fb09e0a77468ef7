"""The matter editor: a header, the kind's form, and tabs for what hangs off the matter.

The form is checked with ``validate_matter`` before anything is sent to the services, and each
problem is shown in red at its field. A failed save (validation in the service, a conflict with
another officer's save, a storage error) leaves the edit on screen untouched, with the reason.
The other tabs write immediately (each action is its own transaction) and are available once the
matter has been saved.

Saves and deletes run on the task runner, off the GUI thread (a stalled database server does not
freeze the window): while one runs the editor is disabled and says "Saving…". Leaving a changed
matter asks Save / Discard / Cancel; "Save" starts the save and the officer's next step (another
matter, closing the window) follows once it has succeeded (``maybe_leave(then=…)``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from naij_tracker.domain import clock
from naij_tracker.domain import kinds as k
from naij_tracker.domain.field_rules import defaults_for
from naij_tracker.domain.fields import fields_for
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.domain.validation import validate_matter
from naij_tracker.services.matters import MatterRecord, NotFound
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.forms import FieldForm
from naij_tracker.ui.letters_dialog import open_letters
from naij_tracker.ui.matter_delete import confirm_delete, delete_matter
from naij_tracker.ui.matter_editor_support import MemberPickingMixin, SaveFollowUpMixin
from naij_tracker.ui.matter_tabs import (
    AttachmentsTab,
    DeadlinesTab,
    HistoryTab,
    LinksTab,
    MatterTab,
    TimelineTab,
)
from naij_tracker.ui.style import ERROR_COLOR, set_text_color
from naij_tracker.ui.tasks import TaskControl, TaskRunner, continue_after

#: Letters the editor's own buttons and tabs use, kept out of the form's mnemonics.
_RESERVED = "sedtlcyv"


class MatterEditor(MemberPickingMixin, SaveFollowUpMixin, QWidget):
    """Edit one matter; ``saved``/``deleted`` carry its id, ``open_matter`` a linked matter's."""

    saved = Signal(int)
    deleted = Signal(int)
    open_matter = Signal(int)
    #: A tab wrote (a deadline, a timeline entry, a link, an attachment) to the matter shown.
    tab_wrote = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        #: Saves and deletes run here (the list view passes the window's runner).
        self.runner = runner or TaskRunner(self)
        self._saving = False
        #: What to do once the running save has succeeded (``maybe_leave(then=…)``).
        self._after_save: list[Callable[[], object]] = []
        self._focus_before: QWidget | None = None
        self.matter_id: int | None = None
        self.kind: MatterKind | None = None
        self.record: MatterRecord | None = None
        self.form: FieldForm | None = None
        self._baseline: dict[str, Any] = {}
        self._member_courts: dict[int, str | None] = {}
        self._build()
        ctx.changes.members_changed.connect(self._reload_members)
        self.clear()

    # -- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.reference_label = QLabel()
        self.reference_label.setObjectName("matterReference")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.reference_label.setFont(font)
        self.title_label = QLabel()
        self.title_label.setObjectName("matterTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind_label = QLabel()
        self.kind_label.setEnabled(False)
        self.kind_label.setWordWrap(True)
        self.save_button = QPushButton("&Save")
        shortcut_text = QKeySequence(QKeySequence.StandardKey.Save).toString(
            QKeySequence.SequenceFormat.NativeText)
        self.save_button.setToolTip(f"Save ({shortcut_text})")
        self.revert_button = QPushButton("Re&vert")
        self.delete_button = QPushButton("Delete…")
        for b in (self.save_button, self.revert_button, self.delete_button):
            b.setAutoDefault(False)
        # Wide enough for "Saving…" too: the header does not jump when a save starts.
        self.save_button.setText("Saving…")
        self.save_button.setMinimumWidth(self.save_button.sizeHint().width())
        self.save_button.setText("&Save")
        self.status_label = QLabel()
        self.status_label.setObjectName("editorStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName("Save status")

        # The reference and the buttons on one line; below them, across the whole width, the
        # kind and status line and the title (beside the buttons they wrapped a word a line).
        self.letters_button = QPushButton("Letters…")  # see ui/letters_dialog.py
        self.letters_button.setAutoDefault(False)
        self.letters_button.clicked.connect(lambda: open_letters(self))
        self.letters_dialog: QDialog | None = None  # the open Letters dialog, kept alive
        line = QHBoxLayout()
        line.addWidget(self.reference_label, 0, Qt.AlignmentFlag.AlignVCenter)
        line.addStretch(1)
        line.addWidget(self.letters_button)
        line.addWidget(self.delete_button)
        line.addSpacing(12)
        line.addWidget(self.revert_button)
        line.addWidget(self.save_button)
        header = QVBoxLayout()
        header.setSpacing(2)
        header.addLayout(line)
        header.addWidget(self.kind_label)
        header.addWidget(self.title_label)

        self.form_area = QScrollArea()
        self.form_area.setWidgetResizable(True)
        self.form_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.details = QWidget()
        details_layout = QVBoxLayout(self.details)
        details_layout.addWidget(self.form_area, 1)
        details_layout.addWidget(self.status_label)

        self.deadlines_tab = DeadlinesTab(self.ctx, runner=self.runner)
        self.timeline_tab = TimelineTab(self.ctx, runner=self.runner)
        self.links_tab = LinksTab(self.ctx, runner=self.runner)
        self.attachments_tab = AttachmentsTab(self.ctx, runner=self.runner)
        self.history_tab = HistoryTab(self.ctx, runner=self.runner)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.details, "D&etails")
        for tab in self.matter_tabs():
            self.tabs.addTab(tab, tab.title)
            tab.changed.connect(self._on_tab_changed)
        self.links_tab.open_matter.connect(self._open_linked)

        self.empty = QLabel("Choose a matter from a list, or create a new one.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setEnabled(False)
        editing = QWidget()
        body = QVBoxLayout(editing)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(header)
        body.addWidget(self.tabs, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(editing)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.addWidget(self.stack)

        self.save_button.clicked.connect(lambda: self.save())
        self.revert_button.clicked.connect(self.revert)
        self.delete_button.clicked.connect(self.delete)
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda: self.save())

    def matter_tabs(self) -> list[MatterTab]:
        return [self.deadlines_tab, self.timeline_tab, self.links_tab, self.attachments_tab,
                self.history_tab]

    def _make_form(self, kind: MatterKind) -> FieldForm:
        form = FieldForm(fields_for(kind), reserved_mnemonics=_RESERVED)
        self.form = form
        self._reload_members()
        form.set_metric_items([(m.id, m.name) for m in self.ctx.people.metrics()])
        form.edited.connect(self._on_edited)
        for picker in form.member_pickers():
            picker.add_requested.connect(lambda name, p=picker: self._add_member(p, name))
            picker.edited.connect(lambda p=picker: self._member_chosen(p))
        old = self.form_area.takeWidget()
        if old is not None:
            old.deleteLater()
        container = QWidget()
        box = QVBoxLayout(container)
        box.addWidget(form, 1)
        self.form_area.setWidget(container)
        self.form = form
        return form

    # -- public API ----------------------------------------------------------------------------

    def load(self, matter_id: int) -> None:
        """Show a stored matter (the caller asks ``maybe_leave`` first)."""
        try:
            record = self.ctx.matters.get(matter_id)
        except NotFound:
            self.clear()
            self.empty.setText("That matter no longer exists (it was deleted).")
            return
        if self.form is None or self.kind is not record.kind:
            self._make_form(record.kind)
        else:
            self._reload_members()
            self.form.set_metric_items([(m.id, m.name) for m in self.ctx.people.metrics()])
        assert self.form is not None
        self.matter_id, self.kind, self.record = matter_id, record.kind, record
        self.form.set_values(record.values)
        self._baseline = self.form.values()
        self._show_status("")
        self._update_header()
        for tab in self.matter_tabs():
            tab.set_matter(matter_id, record.kind)
            tab.setEnabled(True)
        self._update_tab_titles()
        self.delete_button.setEnabled(True)
        self.stack.setCurrentIndex(1)
        self._on_edited()

    def new_matter(self, kind: MatterKind) -> None:
        """Start a new, unsaved matter of ``kind`` with sensible defaults."""
        kind = MatterKind(kind)
        form = self._make_form(kind)
        self.matter_id, self.kind, self.record = None, kind, None
        defaults = defaults_for(kind) | {"opened_on": clock.today()}
        form.set_values(defaults)
        self._baseline = form.values()
        self._show_status("")
        self._update_header()
        for tab in self.matter_tabs():
            tab.set_matter(None, kind)
            tab.setEnabled(False)
        self._update_tab_titles()
        self.delete_button.setEnabled(False)
        self.tabs.setCurrentIndex(0)
        self.stack.setCurrentIndex(1)
        self._on_edited()
        form.field("title").setFocus()

    def focus_first_field(self) -> None:
        """Put the cursor in the form's first field (the title), ready to type."""
        if self.form is not None and self.stack.currentIndex() == 1:
            self.tabs.setCurrentIndex(0)
            self.form.field("title").setFocus(Qt.FocusReason.TabFocusReason)

    def clear(self) -> None:
        self.empty.setText("Choose a matter from a list, or create a new one.")
        self.matter_id, self.record = None, None
        self._baseline = self.form.values() if self.form is not None else {}
        for tab in self.matter_tabs():
            tab.set_matter(None, None)
        self.stack.setCurrentIndex(0)

    def set_read_only(self, read_only: bool) -> None:
        """Show matters without letting them change (another instance holds the database)."""
        self._read_only = read_only
        self._on_edited()
        self._apply_read_only()

    def _apply_read_only(self) -> None:
        # An edit in progress when the database turned read-only (the lock was lost) stays
        # editable and copyable: saving it then explains why it cannot be saved, and keeps it.
        read_only = getattr(self, "_read_only", False) and not self.is_dirty()
        if self.form is not None:
            self.form.setEnabled(not read_only)
        if read_only:
            self.save_button.setEnabled(False)
            self.revert_button.setEnabled(False)
            self.delete_button.setEnabled(False)
        elif self.matter_id is not None and not self._saving:
            self.delete_button.setEnabled(True)
        for tab in self.matter_tabs():
            for button in tab.findChildren(QPushButton):
                # isEnabledTo: whatever a running save does to the tab widget around it.
                button.setEnabled(not read_only and tab.isEnabledTo(self.tabs))

    def is_dirty(self) -> bool:
        if self.form is None or self.stack.currentIndex() == 0:
            return False
        return self.form.values() != self._baseline

    @property
    def saving(self) -> bool:
        """A save or delete is running (the editor is disabled until it ends)."""
        return self._saving

    def maybe_leave(self, then: Callable[[], object] | None = None) -> bool:
        """True when it is fine to show something else now (asks Save / Discard / Cancel if dirty).

        "Save" saves in the background: False is returned at once and ``then`` is called once
        the save has succeeded — never if it failed (the edit stays on screen with the reason).
        While a save runs, ``then`` waits for it the same way. (With a synchronous runner the
        save is over before this returns: True, and ``then`` is not called.)
        """
        if self._saving:
            if then is not None and then not in self._after_save:  # asked twice: once
                self._after_save.append(then)
            return False
        if not self.is_dirty():
            return True
        buttons = (QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                   | QMessageBox.StandardButton.Cancel)
        answer = QMessageBox.question(
            self, "Unsaved changes",
            f"{self._name()} has changes that are not saved. Save them?",
            buttons, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return continue_after(lambda succeeded: self.save(on_saved=succeeded), then)
        if answer == QMessageBox.StandardButton.Discard:
            self.revert()
            return True
        return False

    # -- saving --------------------------------------------------------------------------------

    def save(self, on_saved: Callable[[], None] | None = None) -> bool:
        """Validate, then save on the task runner; False if nothing was started (the form's
        errors are shown). ``on_saved`` is called once the save has succeeded; on any failure
        the edit stays on screen with the reason."""
        if (self._saving or self.form is None or self.kind is None
                or self.stack.currentIndex() == 0):
            return False
        values = self.form.values()
        before = dict(self.record.values) if self.record is not None else None
        errors = self.form.refused_dates() or validate_matter(self.kind, values)
        if errors:
            self._show_errors(errors)
            return False
        # Everything the worker needs is read here, on the GUI thread.
        matters, kind, matter_id = self.ctx.matters, self.kind, self.matter_id
        version = self.record.version if self.record is not None else None

        def write(_control: TaskControl) -> int:
            if matter_id is None:
                return matters.create(kind, values)
            matters.update(matter_id, values, expected_version=version)
            return matter_id

        if on_saved is not None:
            self._after_save.insert(0, on_saved)
        self._set_saving(True)
        self.runner.submit(write, on_result=lambda new_id: self._saved(new_id, before),
                           on_error=self._save_failed)
        return True

    def _set_saving(self, saving: bool, text: str = "Saving…") -> None:
        """Disable the editor while a write runs, saying what it does (the Save button reads
        "Saving…" unless it is a delete); enable it again after."""
        self._saving = saving
        if saving:
            focus = QApplication.focusWidget()
            self._focus_before = focus if focus is not None and self.isAncestorOf(focus) else None
            self._show_status(text)
        self.save_button.setText("Saving…" if saving and text != "Deleting…" else "&Save")
        self.tabs.setEnabled(not saving)
        self.letters_button.setEnabled(not saving)
        self.delete_button.setEnabled(not saving and self.matter_id is not None)
        self._on_edited()
        if not saving and self._focus_before is not None:
            self._focus_before.setFocus()
            self._focus_before = None

    def _saved(self, matter_id: int, before: dict[str, Any] | None) -> None:
        self._set_saving(False)
        self.load(matter_id)
        self._show_status("Saved.")
        self._push_undo(matter_id, before)
        self.propose_deadlines(before, then=lambda: self._after_saved(matter_id))

    def _after_saved(self, matter_id: int) -> None:
        """The save and the deadlines it started are done: tell the list, then go on."""
        self.saved.emit(matter_id)
        waiting, self._after_save = self._after_save, []
        for then in waiting:
            then()

    def revert(self) -> None:
        if self.matter_id is not None:
            self.load(self.matter_id)
        elif self.kind is not None:
            self.new_matter(self.kind)
        self._show_status("")

    def delete(self) -> None:
        if self.matter_id is None:
            return
        if not confirm_delete(
                self, "Delete matter",
                f"Delete {self._name()} with its deadlines, timeline, links and attachments?\n"
                "It goes to the trash and can be restored for 30 days (Edit ▸ Undo, View ▸ "
                "Trash)."):
            return
        matter_id = self.matter_id
        self._set_saving(True, "Deleting…")
        delete_matter(self, self.ctx, self.runner, matter_id, self._name(),
                      deleted=lambda: self._deleted(matter_id),
                      failed=lambda: self._set_saving(False))

    def _deleted(self, matter_id: int) -> None:
        self._set_saving(False)
        self._baseline = self.form.values() if self.form else {}
        self.clear()
        self.deleted.emit(matter_id)

    # -- keeping the screen in step ------------------------------------------------------------

    def _name(self) -> str:
        if self.record is not None:
            return self.record.reference
        return f"The new {self.kind.noun}" if self.kind else "This matter"

    def _update_header(self) -> None:
        kind_text = self.kind.label if self.kind else ""
        if self.record is not None:
            status = k.label_of(k.STATUSES[self.record.kind], self.record.values["status"])
            self.reference_label.setText(self.record.reference)
            self.title_label.setText(self.record.title)
            self.kind_label.setText(f"{kind_text} · {status} · last changed "
                                    f"{self.record.updated_at:%Y-%m-%d %H:%M}")
        else:
            lowered = kind_text if kind_text[1:2].isupper() else kind_text[:1].lower() + kind_text[1:]
            self.reference_label.setText(f"New {lowered}")
            self.title_label.setText("Fill in the details and save; deadlines, timeline, links "
                                     "and attachments can be added after saving.")
            self.kind_label.setText("")
        self._on_edited()

    def _on_edited(self) -> None:
        dirty = self.is_dirty()
        # A date field holding text that is not a date keeps Save disabled (it says why).
        refused = self.form.refused_dates() if self.form is not None else []
        self.save_button.setEnabled(not self._saving and not refused and (
            dirty or (self.matter_id is None and self.kind is not None)))
        self.revert_button.setEnabled(dirty and not self._saving)
        self.save_button.setDefault(dirty)
        if getattr(self, "_read_only", False) or (self.form is not None
                                                   and not self.form.isEnabled()):
            self._apply_read_only()
        text = self.status_label.text()
        if refused:
            names = ", ".join(e.message.split(":", 1)[0] for e in refused)
            self._show_status(f"Save is off until {names} holds a date (see the field).",
                              error=True)
        elif text.startswith("Save is off until"):
            self._show_status("Unsaved changes." if dirty else "")
        elif dirty and not text:
            self._show_status("Unsaved changes.")
        elif not dirty and text == "Unsaved changes.":
            self._show_status("")

    def _show_status(self, text: str, error: bool = False) -> None:
        set_text_color(self.status_label, ERROR_COLOR if error else None)
        self.status_label.setText(text)

    def _update_tab_titles(self) -> None:
        for tab in self.matter_tabs():
            index = self.tabs.indexOf(tab)
            n = tab.count()
            self.tabs.setTabText(index, f"{tab.title} ({n})" if n else tab.title)

    def _on_tab_changed(self) -> None:
        # Only the history and counts: re-reading the record here would take another
        # officer's version number without their values and defeat the conflict check.
        self.history_tab.refresh()
        self._update_tab_titles()
        self.tab_wrote.emit()

    def _open_linked(self, matter_id: int) -> None:
        self.open_matter.emit(matter_id)
