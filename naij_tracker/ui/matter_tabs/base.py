"""What every tab of the matter editor shares: the matter shown, a table, a button row, and
``write``, which runs a change on the task runner (off the GUI thread) with the tab disabled."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from naij_tracker.domain.kinds import MatterKind
from naij_tracker.domain.validation import ValidationError
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.forms import error_label
from naij_tracker.ui.messages import show_error
from naij_tracker.ui.record_table import ROW_ROLE, RecordTableModel
from naij_tracker.ui.table_models import KeepColourDelegate
from naij_tracker.ui.tasks import TaskRunner


class MatterTab(QWidget):
    """Base of the editor's tabs."""

    #: Emitted after the tab changed the database (the editor refreshes history and counts).
    changed = Signal()
    title = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        #: The tab's writes run here (the editor passes its own runner).
        self.runner = runner or TaskRunner(self)
        self.matter_id: int | None = None
        self.kind: MatterKind | None = None

    def set_matter(self, matter_id: int | None, kind: MatterKind | None) -> None:
        self.matter_id, self.kind = matter_id, kind
        self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError

    def count(self) -> int:
        return 0

    def write(self, title: str, action: Callable[[], Any],
              after: Callable[[Any], None] | None = None, *,
              refused: Callable[[ValidationError], None] | None = None) -> None:
        """Run one change through the service on the task runner, the tab disabled meanwhile.

        Then the tab re-reads, ``after(result)`` runs (on success only) and ``changed`` is
        emitted. A failure is shown, never lost, and the tab re-reads too — except a refusal
        (``ValidationError``) that ``refused`` handles when given.
        """
        self.setEnabled(False)

        def finish(result: Any, succeeded: bool = True) -> None:
            self.setEnabled(True)
            self.refresh()
            if succeeded and after is not None:
                after(result)
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            if refused is not None and isinstance(exc, ValidationError):
                self.setEnabled(True)
                refused(exc)
                return
            show_error(self, title, exc)
            finish(None, succeeded=False)

        self.runner.submit(lambda _control: action(), on_result=finish, on_error=failed)

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self, title, text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes


def table_view(model: RecordTableModel, name: str, parent: QWidget | None = None) -> QTableView:
    """A read-only, row-selecting table as every list in the editor uses."""
    view = QTableView(parent)
    view.setModel(model)
    view.setAccessibleName(name)
    view.setItemDelegate(KeepColourDelegate(view))
    view.setTabKeyNavigation(False)  # Tab leaves the table: one stop, arrows move inside
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(24)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setHighlightSections(False)
    return view


def selected_record(view: QTableView) -> object | None:
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return rows[0].data(ROW_ROLE) if rows else None


def button_row(*buttons: QPushButton, stretch_after: int | None = None) -> QHBoxLayout:
    row = QHBoxLayout()
    for i, button in enumerate(buttons):
        row.addWidget(button)
        if stretch_after is not None and i == stretch_after:
            row.addStretch(1)
    if stretch_after is None:
        row.addStretch(1)
    return row


def message_label(parent: QWidget | None = None) -> QLabel:
    """A red, word-wrapped line for a refusal that must stay visible (not a pop-up)."""
    label = error_label(parent)
    label.setAccessibleName("Message")
    return label


def show_message(label: QLabel, text: str | None) -> None:
    label.setText(text or "")
    label.setVisible(bool(text))
