"""File ▸ Import history: every import (file, when, by whom, counts), undone from here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from PySide6.QtWidgets import QMessageBox, QWidget

from naij_tracker.services.import_history import BatchRow, import_batches
from naij_tracker.ui.changes import Change
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.messages import show_error
from naij_tracker.ui.record_dialogs_base import TableWindow

HEADERS = ("Imported", "File", "By", "New", "Changed", "Unchanged", "Skipped", "Undone")


class ImportHistoryView(TableWindow):
    def __init__(self, ctx: AppContext, on_change: Callable[[], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Import history", "Every spreadsheet imported into this database. "
                         "Undoing an import removes the grievances it added and puts back what "
                         "it changed, unless they were changed since.", HEADERS, on_change,
                         parent)
        self.ctx = ctx
        self.batches: list[BatchRow] = []
        self.undo_button = self.add_button("&Undo this import…", self.undo_selected)
        self.buttons.addStretch(1)
        self.add_button("&Close", self.close)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.refresh()

    def refresh(self) -> None:
        self.batches = import_batches(self.ctx.db)
        self.fill([(f"{b.imported_at:%Y-%m-%d %H:%M}",
                    b.file_name + (f" ({b.sheet})" if b.sheet and
                                   b.sheet != PurePath(b.file_name).stem else ""),
                    b.imported_by,
                    str(b.created), str(b.updated), str(b.unchanged), str(b.skipped),
                    f"{b.undone_at:%Y-%m-%d %H:%M}" if b.undone_at else "")
                   for b in self.batches], [b.id for b in self.batches])
        self.status.setText("Nothing has been imported yet." if not self.batches else
                            f"{len(self.batches)} import{'s' if len(self.batches) != 1 else ''}.")
        self._update_buttons()

    def _selected(self) -> BatchRow | None:
        key = self.selected_key()
        return next((b for b in self.batches if b.id == key), None)

    def _update_buttons(self) -> None:
        batch = self._selected()
        self.undo_button.setEnabled(batch is not None and batch.undone_at is None
                                    and not self.ctx.db.read_only)

    def undo_selected(self) -> bool:
        from naij_tracker.importing.undo import undo_batch

        batch = self._selected()
        if batch is None or batch.undone_at is not None:
            return False
        answer = QMessageBox.question(
            self, "Undo import",
            f"Undo the import of {batch.file_name} ({batch.imported_at:%Y-%m-%d %H:%M})?\n"
            f"{batch.created} grievance(s) it added are removed and {batch.updated} it changed "
            "are put back as they were.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            result = undo_batch(self.ctx.db, batch.id, self.ctx.who)
        except ValueError as exc:  # changed since, already undone: one line at the window
            self.show_message(str(exc))
            return False
        except Exception as exc:  # noqa: BLE001
            show_error(self, "Undo import", exc)
            return False
        self.show_message(None)
        self.refresh()
        self.status.setText(f"Import undone: {result.removed} removed, {result.restored} put "
                            "back.")
        self.ctx.changes.matters_changed.emit(Change.of_everything())
        self.ctx.changes.members_changed.emit()
        self.on_change()
        return True
