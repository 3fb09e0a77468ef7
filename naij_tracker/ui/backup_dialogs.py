"""Dialogs of the safety features: choosing a backup to restore, and the database check's findings.

``RestoreDialog`` lists the backups beside the open database (newest first: when, why it was
made, size), and asks for confirmation before accepting; the main window then closes the
database, calls ``maintenance.restore`` (which keeps a safety copy of the current contents),
reopens the file and refreshes every view — see ``MainWindow.restore_backup``.

``CheckResultsDialog`` lists what Help ▸ Check database found, one problem per line, with a
button to copy them for whoever supports the union.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from naij_tracker.db.backup import BackupInfo
from naij_tracker.ui.messages import APP_TITLE, human_message
from naij_tracker.ui.style import mute

#: How the reasons in backup names read in the list.
REASON_LABELS = {
    "daily": "Automatic (daily)",
    "manual": "Backed up by hand",
    "before-upgrade": "Before an upgrade",
    "before-restore": "Before a restore",
    "damaged": "Damaged file kept aside",
}


def size_text(size: int) -> str:
    """1,234,567 → '1.2 MB'."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


class RestoreDialog(QDialog):
    """Choose one of the database's backups; ``chosen`` is its path once accepted."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.chosen: Path | None = None
        self.backups: list[BackupInfo] = []
        self.setObjectName("restore_dialog")
        self.setWindowTitle(f"Restore from backup — {APP_TITLE}")

        intro = QLabel(
            f"Choose a backup of <b>{self.db_path.name}</b> to bring back. The current "
            "contents are copied aside first, so a restore can itself be undone.")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        self.table = QTreeWidget()
        self.table.setObjectName("backup_list")
        self.table.setAccessibleName("Backups")
        self.table.setRootIsDecorated(False)
        self.table.setAlternatingRowColors(True)
        self.table.setUniformRowHeights(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setHeaderLabels(["Taken", "Why", "Size", "File"])
        header = self.table.header()
        header.setStretchLastSection(True)
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        mute(self.empty_label)
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        mute(self.folder_label)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton("&Restore…",
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setObjectName("restore_button")
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        self.table.itemSelectionChanged.connect(self._update_state)
        self.table.itemActivated.connect(lambda *_a: self.confirm())

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.buttons)
        self.resize(760, 420)
        self.reload()

    def reload(self) -> None:
        """List the backups again (newest first, the newest selected)."""
        from naij_tracker.db.backup import backups_dir
        from naij_tracker.services.maintenance import list_backups

        self.table.clear()
        try:
            self.backups = list_backups(self.db_path)
            problem = ""
        except Exception as exc:  # noqa: BLE001 - StorageError: the folder cannot be read
            self.backups = []
            problem = human_message(exc)[0]
        for info in self.backups:
            item = QTreeWidgetItem([
                f"{info.taken_at:%Y-%m-%d %H:%M}",
                REASON_LABELS.get(info.reason, info.reason.replace("-", " ").capitalize()),
                size_text(info.size), info.path.name])
            item.setData(0, Qt.ItemDataRole.UserRole, str(info.path))
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(3, str(info.path))
            self.table.addTopLevelItem(item)
        if self.backups:
            first = self.table.topLevelItem(0)
            if first is not None:
                self.table.setCurrentItem(first)
        self.empty_label.setText(problem or "There are no backups of this database yet. "
                                 "Use File ▸ Back up now to make one.")
        self.empty_label.setVisible(not self.backups)
        self.folder_label.setText(f"Backups folder: {backups_dir(self.db_path)}")
        self._update_state()
        self.table.setFocus()

    def selected(self) -> BackupInfo | None:
        item = self.table.currentItem()
        if item is None or not item.isSelected():
            return None
        path = Path(str(item.data(0, Qt.ItemDataRole.UserRole)))
        return next((b for b in self.backups if b.path == path), None)

    def _update_state(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def confirm(self) -> None:
        """Ask before replacing the database with the selected backup; accept if confirmed."""
        info = self.selected()
        if info is None:
            return
        answer = QMessageBox.question(
            self, "Restore from backup",
            f"Replace everything in {self.db_path.name} with the backup taken "
            f"{info.taken_at:%Y-%m-%d at %H:%M}?\n\nWhatever was recorded after that time is "
            "replaced; the current contents are kept as a safety copy in the backups folder.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.chosen = info.path
        self.accept()


class CheckResultsDialog(QDialog):
    """The problems Help ▸ Check database found, with advice and a Copy button."""

    def __init__(self, problems: list[str], db_label: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problems = list(problems)
        self.setObjectName("check_results_dialog")
        self.setWindowTitle(f"Check database — {APP_TITLE}")
        count = len(self.problems)
        heading = QLabel(f"<b>The check found {count} problem{'s' if count != 1 else ''}</b> "
                         f"in {db_label}.")
        heading.setTextFormat(Qt.TextFormat.RichText)
        heading.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("check_problems")
        self.list.setAccessibleName("Problems found")
        self.list.setWordWrap(True)
        self.list.addItems(self.problems)
        advice = QLabel("Nothing was changed. Restore a recent backup (File ▸ Restore from "
                        "backup…), or send this list to whoever supports you.")
        advice.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("&Copy list")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(advice)
        layout.addWidget(buttons)
        self.resize(680, 360)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText("\n".join(self.problems))
