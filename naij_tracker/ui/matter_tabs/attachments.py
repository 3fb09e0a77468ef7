"""The Attachments tab: files kept inside the database, added by dialog or drag and drop.

Opening an attachment writes a copy to a private temporary folder (0700, under its stored name
reduced to a safe base name: a name like ``../../.bashrc`` from a received file never leaves
the folder) and hands it to the system's viewer; the stored bytes are never touched. Files above the size limit are refused with a message
that stays visible in the tab.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from naij_tracker.db.models import MAX_ATTACHMENT_BYTES
from naij_tracker.domain.validation import ValidationError
from naij_tracker.services.related import AttachmentItem, AttachmentTooLarge, private_copy
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.matter_tabs.base import (
    MatterTab,
    button_row,
    message_label,
    selected_record,
    show_message,
    table_view,
)
from naij_tracker.ui.messages import show_error
from naij_tracker.ui.record_table import Column, RecordTableModel
from naij_tracker.ui.tasks import TaskRunner


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1_048_576:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1_048_576:.1f} MB"


COLUMNS = (
    Column("File", lambda a: a.file_name),
    Column("Type", lambda a: a.media_type),
    Column("Size", lambda a: human_size(a.size), align_right=True),
    Column("Added", lambda a: a.added_at, lambda a: f"SHA-256 {a.sha256}"),
)


class AttachmentsTab(MatterTab):
    title = "Atta&chments"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 runner: TaskRunner | None = None) -> None:
        super().__init__(ctx, parent, runner=runner)
        self.setAcceptDrops(True)
        self.model = RecordTableModel(COLUMNS, self)
        self.view = table_view(self.model, "Attachments of this matter")
        self.add = QPushButton("&Add files…")
        self.open = QPushButton("&Open")
        self.save_copy = QPushButton("&Save a copy…")
        self.remove = QPushButton("Remove…")
        for b in (self.add, self.open, self.save_copy, self.remove):
            b.setAutoDefault(False)
        self.message = message_label()
        hint = QLabel(f"Drop files here to attach them (up to "
                      f"{MAX_ATTACHMENT_BYTES // 1_048_576} MB each).")
        hint.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(button_row(self.add, self.open, self.save_copy, self.remove,
                                    stretch_after=0))
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        layout.addWidget(hint)
        self._temp: tempfile.TemporaryDirectory[str] | None = None
        self.add.clicked.connect(self.add_files)
        self.open.clicked.connect(self.open_selected)
        self.save_copy.clicked.connect(self.save_selected)
        self.remove.clicked.connect(self.remove_selected)
        self.view.activated.connect(lambda _i: self.open_selected())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

    def refresh(self) -> None:
        items = self.ctx.related.attachments(self.matter_id) if self.matter_id is not None else []
        self.model.set_rows(items)
        for col, width in enumerate((260, 170, 90)):
            self.view.setColumnWidth(col, width)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.add.setEnabled(self.matter_id is not None)
        for b in (self.open, self.save_copy, self.remove):
            b.setEnabled(chosen)

    def count(self) -> int:
        return self.model.rowCount()

    def selected(self) -> AttachmentItem | None:
        record = selected_record(self.view)
        return record if isinstance(record, AttachmentItem) else None

    # -- adding --------------------------------------------------------------------------------

    def add_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Attach files")
        if names:
            self.attach_paths([Path(n) for n in names])

    def attach_paths(self, paths: list[Path]) -> None:
        """Attach each file; refusals (too large, unreadable) are listed in the tab."""
        if self.matter_id is None:
            return
        related, matter_id = self.ctx.related, self.matter_id

        def attach() -> tuple[list[str], list[Exception]]:
            problems: list[str] = []
            failures: list[Exception] = []
            for path in paths:
                try:
                    related.attach_file(matter_id, path)
                except AttachmentTooLarge as exc:
                    problems.append(str(exc))
                except ValidationError as exc:
                    problems.extend(e.message for e in exc.errors)
                except Exception as exc:  # noqa: BLE001 - shown once the others are attached
                    failures.append(exc)
            return problems, failures

        def attached(outcome: tuple[list[str], list[Exception]]) -> None:
            problems, failures = outcome
            show_message(self.message, "\n".join(problems) or None)
            for exc in failures:
                show_error(self, "Attach file", exc)

        self.write("Attach file", attach, attached)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt API)
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if self.matter_id is not None and urls and all(u.isLocalFile() for u in urls):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt API)
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        files = [p for p in paths if p.is_file()]
        if files:
            event.acceptProposedAction()
            self.attach_paths(files)

    # -- using ---------------------------------------------------------------------------------

    def temp_copy(self, item: AttachmentItem) -> Path:
        """A copy of the attachment in a private temporary folder (for the system viewer)."""
        if self._temp is None:
            from naij_tracker.ui.temp_copies import prefix_for_this_process

            self._temp = tempfile.TemporaryDirectory(prefix=prefix_for_this_process())
        name, content = self.ctx.related.attachment_content(item.id)
        return private_copy(Path(self._temp.name), item.id, name, content)

    def open_selected(self) -> None:
        item = self.selected()
        if item is None:
            return
        try:
            path = self.temp_copy(item)
        except Exception as exc:
            show_error(self, "Open attachment", exc)
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            show_message(self.message, f"No program is set up to open {item.file_name}. "
                                       "Use “Save a copy…” and open it from there.")

    def save_selected(self) -> None:
        item = self.selected()
        if item is None:
            return
        target, _ = QFileDialog.getSaveFileName(self, "Save a copy", item.file_name)
        from naij_tracker.ui.plain_output import confirm_plain_output

        if not target or not confirm_plain_output(self, self.ctx.db, "The copy"):
            return
        from naij_tracker.db.outputs import ATTACHMENT, atomic_file, check_output

        try:  # the dialog asked before replacing; the database and its backups are refused
            path = check_output(target, ATTACHMENT, database=self.ctx.db.path, force=True)
            _, content = self.ctx.related.attachment_content(item.id)
            with atomic_file(path) as fh:
                fh.write(content)
        except Exception as exc:
            show_error(self, "Save a copy", exc)

    def remove_selected(self) -> None:
        item = self.selected()
        if item is None or not self.confirm(
                "Remove attachment", f"Remove {item.file_name} from this matter? "
                                     "The stored copy is deleted."):
            return
        related = self.ctx.related
        self.write("Remove attachment", lambda: related.remove_attachment(item.id))
