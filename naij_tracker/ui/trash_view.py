"""View ▸ Trash: matters deleted in the last 30 days, restored whole or emptied for good."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from naij_tracker.domain.validation import ValidationError
from naij_tracker.services.trash import KEEP_DAYS, TrashRow
from naij_tracker.ui.changes import Change
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.messages import show_error
from naij_tracker.ui.record_dialogs_base import TableWindow

HEADERS = ("Deleted", "Matter", "Title", "Kind", "Deadlines", "Deleted by", "Kept until")


class TrashView(TableWindow):
    def __init__(self, ctx: AppContext, on_change: Callable[[], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Trash", f"Deleted matters are kept here for {KEEP_DAYS} days with "
                         "their deadlines, timeline, links, attachments and history, and can "
                         "be restored whole.", HEADERS, on_change, parent)
        self.ctx = ctx
        self.restore_button = self.add_button("&Restore", self.restore_selected)
        self.buttons.addStretch(1)
        self.empty_button = self.add_button("&Empty trash…", self.empty_trash)
        self.add_button("&Close", self.close)
        self.table.doubleClicked.connect(lambda _i: self.restore_selected())
        self.refresh()

    def refresh(self) -> None:
        rows: list[TrashRow] = self.ctx.trash.items()
        self._kinds = {r.id: r.kind for r in rows}
        self.fill([(f"{r.deleted_at:%Y-%m-%d %H:%M}", r.reference, r.title, r.kind.label,
                    str(r.deadlines), r.deleted_by, r.expires_on.isoformat()) for r in rows],
                  [r.id for r in rows])
        self.status.setText("The trash is empty." if not rows else
                            f"{len(rows)} deleted matter{'s' if len(rows) != 1 else ''}.")
        read_only = self.ctx.db.read_only
        self.restore_button.setEnabled(bool(rows) and not read_only)
        self.empty_button.setEnabled(bool(rows) and not read_only)

    def restore_selected(self) -> int | None:
        trash_id = self.selected_key()
        if not isinstance(trash_id, int):
            return None
        kind = self._kinds[trash_id]
        try:
            matter_id = self.ctx.trash.restore(trash_id)
        except ValidationError as exc:
            self.show_message("Not restored: " + " ".join(e.message for e in exc.errors))
            return None
        except Exception as exc:  # noqa: BLE001 - one-line message, nothing half-done
            show_error(self, "Restore", exc)
            return None
        self.show_message(None)
        self.refresh()
        self.status.setText(f"Restored. {self.status.text()}")
        self.ctx.changes.matters_changed.emit(Change.of_matter(kind, deadlines=True))
        self.on_change()
        return matter_id

    def empty_trash(self) -> None:
        n = self.table.rowCount()
        answer = QMessageBox.question(
            self, "Empty trash",
            f"Delete the {n} matter{'s' if n != 1 else ''} in the trash for good?\n"
            "They cannot be restored afterwards (except from a backup).",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.ctx.trash.empty()
        except Exception as exc:  # noqa: BLE001
            show_error(self, "Empty trash", exc)
        self.refresh()
