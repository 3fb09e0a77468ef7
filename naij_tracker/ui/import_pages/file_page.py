"""Page 1 of the import wizard: choose the spreadsheet.

The officer types its path, browses for it, or drops the file on the page; ``file_problem``
says why a path cannot be imported (no such file, a folder, a type the importer cannot read).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from naij_tracker.ui.context import AppContext
from naij_tracker.ui.import_pages.base import (
    ImportPage,
    ImportState,
    message_label,
    muted_label,
    show_message,
)
from naij_tracker.ui.tasks import TaskRunner

#: File types the wizard accepts (the importing package reads exactly these).
EXTENSIONS: tuple[str, ...] = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
FILE_FILTER = (
    "Spreadsheets (*.xlsx *.xlsm *.xls *.ods *.csv);;Excel workbooks (*.xlsx *.xlsm *.xls);;"
    "OpenDocument spreadsheets (*.ods);;CSV files (*.csv);;All files (*)"
)


def file_problem(text: str) -> str:
    """Why a typed path cannot be imported, or "" when it can."""
    text = text.strip()
    if not text:
        return ""
    path = Path(text).expanduser()
    if not path.exists():
        return f"There is no file at {path}."
    if not path.is_file():
        return f"{path} is a folder; choose a spreadsheet file inside it."
    if path.suffix.lower() not in EXTENSIONS:
        kind = f"'{path.suffix}' files" if path.suffix else "Files without an extension"
        return (f"{kind} cannot be imported. Choose an Excel (.xlsx, .xlsm, .xls), "
                "OpenDocument (.ods) or CSV (.csv) file.")
    return ""


class FilePage(ImportPage):
    """Page 1: the spreadsheet to import (typed, browsed or dropped)."""

    def __init__(self, ctx: AppContext, state: ImportState, runner: TaskRunner) -> None:
        super().__init__(ctx, state, runner)
        self.setTitle("Choose the spreadsheet")
        self.setSubTitle("The steward's grievance list: an Excel workbook (.xlsx, .xlsm, .xls), "
                         "an OpenDocument spreadsheet (.ods) or a CSV file.")
        self.setAcceptDrops(True)

        label = QLabel("&File:")
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("Path of the spreadsheet")
        self.path_edit.setAccessibleName("Spreadsheet file")
        self.path_edit.setClearButtonEnabled(True)
        # Drops go to the page (which takes the file's path), not into the text.
        self.path_edit.setAcceptDrops(False)
        label.setBuddy(self.path_edit)
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.setAccessibleName("Browse for the spreadsheet")
        self.browse_button.clicked.connect(self.browse)

        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)

        self.drop_zone = QLabel("Or drop the spreadsheet file here.")
        self.drop_zone.setObjectName("importDropZone")
        self.drop_zone.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_zone.setMinimumHeight(150)
        self.drop_zone.setStyleSheet(
            "QLabel#importDropZone { border: 2px dashed palette(mid); border-radius: 8px;"
            " color: palette(placeholder-text); }"
            "QLabel#importDropZone[hover=\"true\"] { border-color: #3d6a9e; }")
        self.message = message_label()

        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addSpacing(12)
        layout.addWidget(self.drop_zone)
        layout.addWidget(muted_label(
            "Nothing is written until the last step: you will see which rows are new, changed "
            "or in error first, and an import can be undone afterwards."))
        layout.addStretch(1)
        self.path_edit.textChanged.connect(self._path_changed)

    def set_path(self, path: str | Path) -> None:
        self.path_edit.setText(str(path))

    def browse(self) -> None:
        start = self.path_edit.text().strip()
        folder = str(Path(start).expanduser().parent) if start else str(Path.home())
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Choose the grievance spreadsheet", folder, FILE_FILTER)
        if chosen:
            self.set_path(chosen)

    def _path_changed(self, text: str) -> None:
        show_message(self.message, file_problem(text))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        text = self.path_edit.text().strip()
        return bool(text) and not file_problem(text)

    def validatePage(self) -> bool:  # noqa: N802
        self.state.path = Path(self.path_edit.text().strip()).expanduser().resolve()
        return True

    # Drag and drop of one local file.
    @staticmethod
    def _dropped_file(urls: list[QUrl]) -> str | None:
        files = [u.toLocalFile() for u in urls if u.isLocalFile()]
        return files[0] if len(files) == 1 else None

    def _set_hover(self, on: bool) -> None:
        self.drop_zone.setProperty("hover", on)
        self.drop_zone.style().unpolish(self.drop_zone)
        self.drop_zone.style().polish(self.drop_zone)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and self._dropped_file(event.mimeData().urls()):
            self._set_hover(True)
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: Any) -> None:  # noqa: N802
        self._set_hover(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        self._set_hover(False)
        path = self._dropped_file(event.mimeData().urls()) if event.mimeData().hasUrls() else None
        if path:
            self.set_path(path)
            event.acceptProposedAction()
        else:
            event.ignore()
