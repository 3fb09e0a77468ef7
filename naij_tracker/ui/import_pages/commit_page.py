"""Page 5 of the import wizard: the import itself, and "Undo this import".

The plan is written in one transaction off the GUI thread, with progress and a Cancel that
really cancels (nothing is written unless the commit completes); then the page summarises what
was created, updated and skipped, and offers to undo the whole batch.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWizard

from naij_tracker.importing.commit import (
    CommitResult,
    ImportCancelled,
    ImportRejected,
    StalePlan,
    commit_plan,
)
from naij_tracker.importing.undo import UndoResult, undo_batch
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.import_pages.base import ImportPage, ImportState, muted_label
from naij_tracker.ui.messages import human_message
from naij_tracker.ui.tasks import TaskControl, TaskRunner


class CommitPage(ImportPage):
    """Page 5: write the plan in one transaction (cancellable), then offer to undo it."""

    def __init__(self, ctx: AppContext, state: ImportState, runner: TaskRunner,
                 on_imported: Callable[[int], None], on_undone: Callable[[int], None]) -> None:
        super().__init__(ctx, state, runner)
        self.setTitle("Import")
        self.setFinalPage(True)
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Close")
        self._on_imported = on_imported
        self._on_undone = on_undone
        self._cancel = threading.Event()
        #: The commit is running (Cancel cancels it).
        self.running = False
        #: Undo is running (nothing to cancel; the wizard waits for it).
        self.undoing = False
        self.finished_ok = False
        self.batch_id: int | None = None

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setAccessibleName("Import status")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Import progress")
        self.cancel_button = QPushButton("&Cancel import")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.request_cancel)
        self.undo_button = QPushButton("&Undo this import")
        self.undo_button.setAutoDefault(False)
        self.undo_button.setVisible(False)
        self.undo_button.clicked.connect(self.undo)
        self.detail = muted_label()

        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        layout.addWidget(self.detail)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        plan = self.state.plan
        if plan is None:
            return
        self._cancel.clear()
        self.running = True
        self.finished_ok = False
        self.batch_id = None
        todo = plan.created + plan.updated
        self.setSubTitle(f"Writing {todo:,} grievance{'s' if todo != 1 else ''} from "
                         f"{plan.file} in one transaction: all of them or none.")
        self.status.setText("Importing…")
        self.progress.setRange(0, max(todo, 1))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.undo_button.setVisible(False)
        self.detail.setText("You can cancel until the import is complete; nothing is written "
                            "unless it completes.")
        self.completeChanged.emit()
        ctx, skip, cancel = self.ctx, self.state.skip_errors, self._cancel

        # Cancellation uses an event of our own, not Task.cancel(): a task asked to cancel
        # drops its result, and a commit that completed just after the request must still be
        # reported as written.
        def work(control: TaskControl) -> CommitResult:
            return commit_plan(ctx.db, plan, ctx.who, skip_errors=skip,
                               progress=lambda done, total: control.progress(done, total),
                               cancelled=cancel.is_set)

        self.runner.submit(work, on_result=self._committed, on_error=self._failed,
                           on_progress=self._progress)
        self.cancel_button.setFocus()

    def request_cancel(self) -> None:
        if self.running and not self._cancel.is_set():
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.status.setText("Cancelling…")

    def _progress(self, done: int, total: int, _text: str) -> None:
        if self.running:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)

    def _finish(self) -> None:
        self.running = False
        self.cancel_button.setVisible(False)
        self.completeChanged.emit()
        wizard = self.wizard()
        if wizard is not None:
            wizard.button(QWizard.WizardButton.FinishButton).setFocus()

    def _committed(self, result: CommitResult) -> None:
        self.state.result = result
        self.batch_id = result.batch_id
        self.finished_ok = True
        self.progress.setValue(self.progress.maximum())
        self.progress.setVisible(False)
        plan = self.state.plan
        name = plan.file if plan else "the file"
        lines = [f"{result.created:,} created", f"{result.updated:,} updated",
                 f"{result.unchanged:,} unchanged"]
        if result.skipped:
            lines.append(f"{result.skipped:,} row{'s' if result.skipped != 1 else ''} with "
                         "errors skipped")
        if result.new_members:
            lines.append(f"{result.new_members:,} member{'s' if result.new_members != 1 else ''}"
                         " added")
        self.setSubTitle(f"{name} was imported.")
        self.status.setText(f"Imported as import batch {result.batch_id}: "
                            + ", ".join(lines) + ".")
        self.detail.setText("If this was the wrong file, or the wrong columns, you can undo the "
                            "whole import now (or later, from the command line: "
                            f"naij-tracker undo-import {result.batch_id}).")
        self.undo_button.setVisible(True)
        self.undo_button.setEnabled(True)
        self._finish()
        self._on_imported(result.batch_id)

    def _failed(self, exc: BaseException) -> None:
        self.progress.setVisible(False)
        if isinstance(exc, ImportCancelled):
            self.setSubTitle("The import was cancelled.")
            self.status.setText("Import cancelled: nothing was written.")
            self.detail.setText("Close the wizard, or start again to import the file.")
        elif isinstance(exc, StalePlan | ImportRejected):
            self.setSubTitle("The import did not go ahead.")
            self.status.setText(f"{exc} Nothing was written.")
            self.detail.setText("Close the wizard and import the file again to see the "
                                "current differences.")
        else:
            message, _known = human_message(exc)
            self.setSubTitle("The import failed.")
            self.status.setText(f"{message} Nothing was written.")
            self.detail.setText("")
        self._finish()

    def undo(self) -> None:
        if self.batch_id is None:
            return
        batch_id, ctx = self.batch_id, self.ctx
        self.undo_button.setEnabled(False)
        self.undoing = True
        self.completeChanged.emit()
        self.detail.setText("Undoing…")

        def work(_control: TaskControl) -> UndoResult:
            return undo_batch(ctx.db, batch_id, ctx.who)

        self.runner.submit(work, on_result=self._undone, on_error=self._undo_failed)

    def _undone(self, result: UndoResult) -> None:
        self.undoing = False
        self.undo_button.setVisible(False)
        self.setSubTitle("The import was undone.")
        parts = [f"removed {result.removed:,} grievance{'s' if result.removed != 1 else ''}",
                 f"restored {result.restored:,} to their earlier values"]
        if result.members_removed:
            parts.append(f"removed {result.members_removed:,} member"
                         f"{'s' if result.members_removed != 1 else ''}")
        self.status.setText(f"Import batch {result.batch_id} was undone: " + ", ".join(parts)
                            + ".")
        self.detail.setText("")
        self.completeChanged.emit()
        self._on_undone(result.batch_id)

    def _undo_failed(self, exc: BaseException) -> None:
        self.undoing = False
        self.undo_button.setEnabled(True)
        message = str(exc) if isinstance(exc, ValueError) else human_message(exc)[0]
        self.detail.setText(message)
        self.completeChanged.emit()

    @property
    def busy(self) -> bool:
        return self.running or self.undoing

    def isComplete(self) -> bool:  # noqa: N802
        return not self.busy
