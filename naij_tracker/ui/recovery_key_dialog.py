"""The recovery-key sheet, shown once after a database is encrypted: Print, Save as PDF, Done.

The key is never stored by the application, so this is the only time it can be seen; the
dialog says so, and closing it before printing or saving asks once more.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from naij_tracker.db.errors import StorageError
from naij_tracker.domain import clock
from naij_tracker.reports.recovery_sheet import sheet_lines, write_pdf
from naij_tracker.ui.messages import APP_TITLE, show_error
from naij_tracker.ui.style import mute


class RecoveryKeyDialog(QDialog):
    """Shows one recovery key with what it is for, and lets the officer print or save it."""

    def __init__(self, recovery_key: str, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recovery_key = recovery_key
        self.db_path = Path(db_path)
        self.created = clock.now()
        self.kept = False  # printed or saved
        self.setObjectName("recovery_key_dialog")
        self.setWindowTitle("Recovery key")
        heading = QLabel(f"<b>Recovery key for {self.db_path.name}</b>", self)
        key = QLabel(recovery_key, self)
        key.setObjectName("recovery_key")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(QFont.Weight.Bold)
        key.setFont(font)
        key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        key.setFrameShape(QFrame.Shape.StyledPanel)
        key.setContentsMargins(16, 12, 16, 12)
        lines = sheet_lines(self.db_path.name, self.created)
        text = QLabel("<p>" + "</p><p>".join(lines) + "</p>", self)
        text.setWordWrap(True)
        text.setMinimumWidth(460)
        once = QLabel("Print it or save it as a PDF now (and keep the PDF off this computer).",
                      self)
        once.setWordWrap(True)
        mute(once)

        self.print_button = QPushButton("&Print…", self)
        self.print_button.setObjectName("print_button")
        self.pdf_button = QPushButton("Save as &PDF…", self)
        self.pdf_button.setObjectName("pdf_button")
        self.done_button = QPushButton("&Done", self)
        self.done_button.setObjectName("done_button")
        self.done_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        self.print_button.clicked.connect(self.print_sheet)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.done_button.clicked.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(key)
        layout.addWidget(text)
        layout.addWidget(once)
        layout.addLayout(buttons)

    # -- keeping the key -----------------------------------------------------------------------
    def save_pdf(self, dest: Path | None = None) -> Path | None:
        if dest is None:
            name, _ = QFileDialog.getSaveFileName(
                self, "Save the recovery key", f"{self.db_path.stem}-recovery-key.pdf",
                "PDF (*.pdf)")
            if not name:
                return None
            dest = Path(name)
        try:
            written = write_pdf(dest, self.recovery_key, self.db_path.name, self.created)
        except StorageError as exc:
            show_error(self, "Save the recovery key", exc)
            return None
        self.kept = True
        return written

    def document(self) -> QTextDocument:
        doc = QTextDocument(self)
        paragraphs = "".join(f"<p>{line}</p>" for line in sheet_lines(self.db_path.name,
                                                                      self.created))
        doc.setHtml(f"<h2>NAIJ Case Tracker — recovery key</h2>"
                    f"<p>Database: {self.db_path.name}</p><hr>"
                    f"<p style='font-family: monospace; font-size: 20pt; font-weight: bold'>"
                    f"{self.recovery_key}</p><hr>{paragraphs}")
        return doc

    def print_sheet(self, printer: QPrinter | None = None) -> bool:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
                return False
        self.document().print_(printer)
        self.kept = True
        return True

    def accept(self) -> None:
        if not self.kept:
            answer = QMessageBox.question(
                self, APP_TITLE, "You have not printed or saved the recovery key. It will not "
                "be shown again. Close anyway?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().accept()

    def reject(self) -> None:  # Escape means the same as Done: ask before losing the key
        self.accept()


def show_recovery_key(recovery_key: str, db_path: Path, parent: QWidget | None = None) -> None:
    RecoveryKeyDialog(recovery_key, db_path, parent).exec()


