"""A list, a form and the matters concerning the chosen record — shared by Members and Metrics.

Subclasses say what the records are (columns, fields, how to fetch, create, update and delete
them, and which matters belong to one); this class does the rest: filtering, selecting, the form
with its field errors, the unsaved-changes prompt and the matters list that opens a matter on
double-click or Enter.

Saves and deletes run on the task runner (off the GUI thread), the form disabled and "Saving…"
shown meanwhile; the subclasses' ``create_record``/``update_record``/``remove`` therefore run
on a worker thread and touch no widget — what must follow on the GUI thread goes in
``after_write``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from naij_tracker.domain.fields import FieldSpec
from naij_tracker.domain.validation import FieldError, ValidationError
from naij_tracker.ui.changes import Change
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.forms import FieldForm
from naij_tracker.ui.matter_tabs.base import table_view
from naij_tracker.ui.messages import show_error
from naij_tracker.ui.record_table import ROW_ROLE, Column, RecordTableModel
from naij_tracker.ui.style import ERROR_COLOR, set_text_color
from naij_tracker.ui.tasks import TaskControl, TaskRunner, continue_after

#: A row of the related-matters list: (matter id, kind label, title, status label).
MatterLine = tuple[int, str, str, str]

MATTER_COLUMNS = (
    Column("Kind", lambda m: m[1]),
    Column("Title", lambda m: m[2]),
    Column("Status", lambda m: m[3]),
)


class CatalogueView(QWidget):
    open_matter = Signal(int)
    #: The window's ``View`` signal: a ``Change`` (``written``) after each save or delete.
    changed = Signal(object)

    noun = "record"
    columns: tuple[Column, ...] = ()
    specs: tuple[FieldSpec, ...] = ()
    matters_heading = "Matters"
    can_delete = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner or TaskRunner(self)
        self._busy = False  # a save or delete is running
        self._after_save: list[Callable[[], object]] = []
        self.current_id: int | None = None
        self._baseline: dict[str, Any] = {}
        self.model = RecordTableModel(self.columns, self)
        self.view = table_view(self.model, f"{self.noun.capitalize()}s")
        self.view.setObjectName("catalogueList")
        self.filter = QLineEdit()
        self.filter.setAccessibleName(f"Filter {self.noun}s")
        self.filter.setPlaceholderText(f"Filter {self.noun}s…")
        self.filter.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.count_label.setEnabled(False)

        self.form = FieldForm(self.specs, reserved_mnemonics="sndf", columns=1)
        self.form.edited.connect(self._on_edited)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Save status")
        self.new_button = QPushButton(f"&New {self.noun}")
        self.save_button = QPushButton("&Save")
        self.delete_button = QPushButton("Delete…")
        self.delete_button.setVisible(self.can_delete)
        for b in (self.new_button, self.save_button, self.delete_button):
            b.setAutoDefault(False)
        self.matters_model = RecordTableModel(MATTER_COLUMNS, self)
        self.matters = table_view(self.matters_model, self.matters_heading)
        self.matters.setObjectName("relatedMatters")

        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        filter_row = QHBoxLayout()
        filter_label = QLabel("&Filter:")
        filter_label.setBuddy(self.filter)
        filter_row.addWidget(filter_label)
        filter_row.addWidget(self.filter, 1)
        left_box.addLayout(filter_row)
        left_box.addWidget(self.view, 1)
        left_box.addWidget(self.count_label)

        details = self.details = QGroupBox(self.noun.capitalize())
        details_box = QVBoxLayout(details)
        details_box.addWidget(self.form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.save_button)
        details_box.addWidget(self.status)
        details_box.addLayout(buttons)
        related = QGroupBox(self.matters_heading)
        related_box = QVBoxLayout(related)
        related_box.addWidget(self.matters)
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addWidget(details)
        right_box.addWidget(related, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.splitter)

        self._filter_timer = QTimer(self, singleShot=True, interval=200)
        self._filter_timer.timeout.connect(self.refresh)
        self.filter.textChanged.connect(lambda _t: self._filter_timer.start())
        self.view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._on_current(current))
        self.matters.activated.connect(
            lambda index: self.open_matter.emit(int(self.matters_model.row(index)[0])))
        self.new_button.clicked.connect(self.new_record)
        self.save_button.clicked.connect(lambda: self.save())
        self.delete_button.clicked.connect(self.delete)
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda: self.save())
        self._guard = False
        self._first_load = True
        self._loaded = False  # reads its records when first shown: start-up need not wait
        self.new_record()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._loaded:
            self.refresh()

    # -- what subclasses provide (the writes run on a worker thread: no widgets) --------------

    def fetch(self, text_filter: str) -> list[Any]:
        raise NotImplementedError

    def values_of(self, record: Any) -> dict[str, Any]:
        raise NotImplementedError

    def create_record(self, values: dict[str, Any]) -> int:
        raise NotImplementedError

    def update_record(self, record_id: int, values: dict[str, Any],
                      expected_version: int | None) -> None:
        """Save over the version shown (another officer's newer save is a conflict)."""
        raise NotImplementedError

    def remove(self, record_id: int) -> None:
        raise NotImplementedError

    def check(self, values: dict[str, Any]) -> list[FieldError]:
        return []

    def after_write(self) -> None:
        """On the GUI thread, after a record was created, changed or removed."""

    def written(self) -> Change:
        """What a save or delete here changed (emitted on ``changed``)."""
        raise NotImplementedError

    def matters_of(self, record_id: int) -> list[MatterLine]:
        raise NotImplementedError

    # -- behaviour -----------------------------------------------------------------------------

    def select(self, matter_id: int) -> bool:
        """Nothing here is chosen by matter (the window's ``View``: ``ui/view_registry.py``)."""
        return False

    def refresh(self) -> None:
        """Re-read the list (keeping the selection) and the chosen record's matters."""
        self._loaded = True
        keep = self.current_id
        rows = self.fetch(self.filter.text())
        self._guard = True
        self.model.set_rows(rows)
        self._guard = False
        self.count_label.setText(f"{len(rows):,} {self.noun}{'s' if len(rows) != 1 else ''}")
        if keep is None and self._first_load and rows and not self.is_dirty():
            keep = rows[0].id  # open on the first record rather than an empty form
        self._first_load = False
        if keep is not None:
            self.select_id(keep)
        if keep is not None and not self.is_dirty():
            self._show_record(keep)

    def select_id(self, record_id: int) -> None:
        for i, row in enumerate(self.model.rows()):
            if row.id == record_id:
                self._guard = True
                self.view.selectRow(i)
                self._guard = False
                return

    def is_dirty(self) -> bool:
        return self.form.values() != self._baseline

    def _on_current(self, current: QModelIndex) -> None:
        if self._guard or not current.isValid():
            return
        record = current.data(ROW_ROLE)
        if record is None or record.id == self.current_id:
            return
        if self.maybe_leave(then=lambda: self._go_to(record.id)):
            self._show_record(record.id)
        elif self.current_id is not None:
            self.select_id(self.current_id)

    def _go_to(self, record_id: int) -> None:
        self.select_id(record_id)
        self._show_record(record_id)

    def maybe_leave(self, then: Callable[[], object] | None = None) -> bool:
        """True when nothing unsaved would be lost (asks Save / Discard / Cancel if dirty); after
        "Save", False now and ``then`` once the save has succeeded (see ``tasks.continue_after``)."""
        if self._busy:
            if then is not None and then not in self._after_save:  # asked twice: once
                self._after_save.append(then)
            return False
        if not self.is_dirty():
            return True
        answer = QMessageBox.question(
            self, "Unsaved changes", f"The {self.noun} has changes that are not saved. Save them?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return continue_after(lambda succeeded: self.save(on_saved=succeeded), then)
        return answer == QMessageBox.StandardButton.Discard

    def _show_record(self, record_id: int) -> None:
        record = next((r for r in self.model.rows() if r.id == record_id), None)
        if record is None:
            return
        self.current_id = record_id
        self.form.set_values(self.values_of(record))
        self._baseline = self.form.values()
        self.delete_button.setEnabled(True)
        self.matters_model.set_rows(self.matters_of(record_id))
        self.matters.setColumnWidth(0, 130)
        self._set_status("")

    def new_record(self) -> None:
        if self.current_id is not None and not self.maybe_leave(then=self.new_record):
            return
        self.current_id = None
        self.view.clearSelection()
        self.form.set_values(self.defaults())
        self._baseline = self.form.values()
        self.delete_button.setEnabled(False)
        self.matters_model.set_rows([])
        self._set_status(f"A new {self.noun}: fill in and save.")
        self.form.field(self.specs[0].name).setFocus()

    def defaults(self) -> dict[str, Any]:
        return {}

    def save(self, on_saved: Callable[[], None] | None = None) -> bool:
        """Check, then save on the task runner; False if nothing was started (the marked
        fields say why). ``on_saved`` follows a successful save; a failure keeps the edit."""
        if self._busy:
            return False
        values = self.form.values()
        errors = self.check(values)
        if errors:
            self.form.show_errors(errors)
            self._set_status("Not saved — see the marked fields.", error=True)
            return False
        record_id = self.current_id
        shown = next((r for r in self.model.rows() if r.id == record_id), None)
        version = getattr(shown, "version", None)

        def write(_control: TaskControl) -> int:
            if record_id is None:
                return self.create_record(values)
            self.update_record(record_id, values, version)
            return record_id

        if on_saved is not None:
            self._after_save.insert(0, on_saved)
        self._run(write, "Saving…", self._saved, self._save_failed)
        return True

    def _run(self, write: Callable[[TaskControl], Any], text: str,
             succeeded: Callable[[Any], None], failed: Callable[[BaseException], None]) -> None:
        """Run a write with the form disabled and ``text`` shown until it ends."""
        self._set_busy(True)
        self._set_status(text)

        def ended(callback: Callable[[Any], None]) -> Callable[[Any], None]:
            def end(value: Any) -> None:
                self._set_busy(False)
                callback(value)
            return end

        self.runner.submit(write, on_result=ended(succeeded), on_error=ended(failed))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.details.setEnabled(not busy)

    def _saved(self, record_id: int) -> None:
        self.current_id = record_id
        self._baseline = self.form.values()
        self.after_write()
        self.changed.emit(self.written())
        self.refresh()
        self._set_status("Saved.")
        waiting, self._after_save = self._after_save, []
        for then in waiting:
            then()

    def _save_failed(self, exc: BaseException) -> None:
        self._after_save = []  # the officer stays with the edit
        if isinstance(exc, ValidationError):
            unplaced = self.form.show_errors(exc.errors)
            self._set_status("Not saved — " + (" ".join(e.message for e in unplaced)
                                               or "see the marked fields."), error=True)
            return
        self._set_status("Not saved — your changes are still here.", error=True)
        show_error(self, "Save", exc)

    def delete(self) -> None:
        if self.current_id is None or self._busy:
            return
        answer = QMessageBox.question(
            self, f"Delete {self.noun}", f"Delete this {self.noun}? This is recorded in the "
                                         "history.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        record_id = self.current_id
        self._run(lambda _control: self.remove(record_id), "Deleting…", self._deleted,
                  self._delete_failed)

    def _deleted(self, _result: object) -> None:
        self.after_write()
        self.changed.emit(self.written())
        self._baseline = self.form.values()
        self.current_id = None
        self.refresh()
        self.new_record()

    def _delete_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self._set_status(" ".join(e.message for e in exc.errors), error=True)
            return
        self._set_status("")
        show_error(self, "Delete", exc)

    def _on_edited(self) -> None:
        if self.is_dirty() and not self.status.text().startswith("Not saved"):
            self._set_status("Unsaved changes.")

    def _set_status(self, text: str, error: bool = False) -> None:
        set_text_color(self.status, ERROR_COLOR if error else None)
        self.status.setText(text)
