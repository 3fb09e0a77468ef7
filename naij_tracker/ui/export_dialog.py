"""File ▸ Export…: a list to CSV or XLSX, with formulas neutralised and contacts left out.

The officer picks the list (bargaining, FLRA, grievances, metric disputes, members, deadlines),
the file (its extension chooses the format; the format box only changes the extension), whether
closed matters (or, for deadlines, done ones) go in, and whether members' contact details are
left out (checked by default: confidential unless asked otherwise). The export itself runs
through ``services.export_tables.export`` on a worker thread, which neutralises spreadsheet formulas
and writes the file atomically; the dialog then says where it went.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from naij_tracker.reports.exports import EXPORT_KINDS, FORMATS
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.messages import APP_TITLE, show_error
from naij_tracker.ui.style import mute
from naij_tracker.ui.tasks import Task, TaskControl, TaskRunner

#: The lists as the officer knows them, in ``EXPORT_KINDS`` order.
EXPORT_LABELS: dict[str, str] = {
    "bargaining": "Bargaining obligations",
    "flra": "FLRA cases",
    "grievances": "Grievances",
    "metrics": "Metric disputes",
    "members": "Members",
    "deadlines": "Deadlines",
}
FORMAT_LABELS: dict[str, str] = {".xlsx": "Excel workbook (.xlsx)", ".csv": "CSV text (.csv)"}
FILE_FILTER = "Excel workbook (*.xlsx);;CSV text (*.csv)"
_LAST_FOLDER_KEY = "export/last_folder"


class ExportDialog(QDialog):
    """Choose a list, a file and the options; Export writes it in the background."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 runner: TaskRunner | None = None, store: QSettings | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner or TaskRunner(self)
        self.store = store or QSettings()
        self.task: Task | None = None
        self.written: Path | None = None
        self.rows_written = 0
        self.setObjectName("export_dialog")
        self.setWindowTitle(f"Export — {APP_TITLE}")
        self._build()
        self._on_what_changed()
        self._update_state()

    def _build(self) -> None:
        self.what = QComboBox()
        self.what.setObjectName("export_what")
        self.what.setAccessibleName("List to export")
        for key in EXPORT_KINDS:
            self.what.addItem(EXPORT_LABELS.get(key, key), key)
        self.format = QComboBox()
        self.format.setObjectName("export_format")
        self.format.setAccessibleName("File format")
        for suffix in FORMATS:
            self.format.addItem(FORMAT_LABELS.get(suffix, suffix), suffix)
        self.format.setCurrentIndex(self.format.findData(".xlsx"))
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("export_path")
        self.path_edit.setAccessibleName("File to write")
        self.path_edit.setPlaceholderText("Choose where to save the export")
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.setAutoDefault(False)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        self.include_closed = QCheckBox("Include &closed matters")
        self.include_closed.setObjectName("export_include_closed")
        self.leave_out_contacts = QCheckBox("Leave out members' contact &details "
                                            "(email, phone, notes)")
        self.leave_out_contacts.setObjectName("export_no_contacts")
        self.leave_out_contacts.setChecked(True)
        note = QLabel("Cells that a spreadsheet would run as a formula (starting with =, +, −, "
                      "@) are written as plain text.")
        note.setWordWrap(True)
        mute(note)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName("Exporting")
        self.progress.hide()

        form = QFormLayout()
        form.addRow("&List:", self.what)
        form.addRow("&Format:", self.format)
        file_label = QLabel("F&ile:")
        file_label.setBuddy(self.path_edit)  # a layout cannot be a buddy: name the field
        form.addRow(file_label, path_row)
        form.addRow("", self.include_closed)
        form.addRow("", self.leave_out_contacts)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("&Export",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("export_button")
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

        self.what.currentIndexChanged.connect(self._on_what_changed)
        self.format.currentIndexChanged.connect(self._on_format_changed)
        self.path_edit.textChanged.connect(self._on_path_edited)
        self.browse_button.clicked.connect(self.browse)

    # -- options ---------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return str(self.what.currentData())

    def _folder(self) -> Path:
        folder = str(self.store.value(_LAST_FOLDER_KEY, "", str))
        if folder and Path(folder).is_dir():
            return Path(folder)
        return self.ctx.db.path.parent if self.ctx.db.path else Path.home()

    def _on_what_changed(self, *_args: object) -> None:
        kind = self.kind
        self.include_closed.setText("Include &done deadlines" if kind == "deadlines"
                                    else "Include &closed matters")
        self.include_closed.setEnabled(kind != "members")
        self.leave_out_contacts.setEnabled(kind == "members")
        # Follow the list with the file name, unless the officer typed a name of their own.
        current = self.path_edit.text().strip()
        suggested = {f"{k}{s}" for k in EXPORT_KINDS for s in FORMATS}
        if not current or Path(current).name in suggested:
            folder = Path(current).parent if current else self._folder()
            self.path_edit.setText(str(folder / f"{kind}{self.format.currentData()}"))

    def _on_format_changed(self, *_args: object) -> None:
        text = self.path_edit.text().strip()
        if text:
            self.path_edit.setText(str(Path(text).with_suffix(str(self.format.currentData()))))

    def _on_path_edited(self, text: str) -> None:
        index = self.format.findData(Path(text.strip()).suffix.lower())
        if index >= 0 and index != self.format.currentIndex():
            self.format.blockSignals(True)
            self.format.setCurrentIndex(index)
            self.format.blockSignals(False)
        self._update_state()

    def _update_state(self) -> None:
        busy = self.task is not None and self.task.is_running
        self.export_button.setEnabled(not busy and bool(self.path_edit.text().strip()))
        for widget in (self.what, self.format, self.path_edit, self.browse_button):
            widget.setEnabled(not busy)

    def browse(self) -> None:
        start = self.path_edit.text().strip() or str(self._folder() / self.kind)
        chosen_filter = "CSV text (*.csv)" if self.format.currentData() == ".csv" \
            else "Excel workbook (*.xlsx)"
        path, used = QFileDialog.getSaveFileName(self, "Export to", start, FILE_FILTER,
                                                 chosen_filter)
        if not path:
            return
        if Path(path).suffix.lower() not in FORMATS:
            path += ".csv" if used.startswith("CSV") else ".xlsx"
        self.path_edit.setText(path)

    def target(self) -> Path | None:
        """The file to write, with the chosen format's extension if it had none."""
        text = self.path_edit.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        if path.suffix.lower() not in FORMATS:
            path = path.with_name(path.name + str(self.format.currentData()))
        return path

    # -- exporting -------------------------------------------------------------------------
    def export(self) -> None:
        path = self.target()
        if path is None or (self.task is not None and self.task.is_running):
            return
        from naij_tracker.db.outputs import OutputRefused, check_output, export_kind

        try:  # never the database, its lock or backups (the question below covers the rest)
            check_output(path, export_kind(path), database=self.ctx.db.path, force=True)
        except OutputRefused as exc:
            QMessageBox.warning(self, APP_TITLE, str(exc))
            return
        if path.exists():
            answer = QMessageBox.question(
                self, APP_TITLE, f"{path.name} already exists in {path.parent}. Replace it?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        from naij_tracker.services.export_tables import export
        from naij_tracker.ui.plain_output import confirm_plain_output

        if not confirm_plain_output(self, self.ctx.db, "The export"):  # an encrypted database
            return
        db, kind = self.ctx.db, self.kind
        include_closed = self.include_closed.isChecked() and kind != "members"
        contacts = not self.leave_out_contacts.isChecked()

        def run(_control: TaskControl) -> int:
            return export(db, kind, path, include_closed=include_closed, contacts=contacts)

        self.progress.show()
        self.task = self.runner.submit(
            run, on_result=lambda rows: self._on_done(path, int(rows)),
            on_error=self._on_failed)
        self._update_state()

    def _on_done(self, path: Path, rows: int) -> None:
        self.progress.hide()
        self.task = None
        self.written, self.rows_written = path, rows
        self.store.setValue(_LAST_FOLDER_KEY, str(path.parent))
        label = EXPORT_LABELS.get(self.kind, self.kind)
        QMessageBox.information(
            self, APP_TITLE,
            f"{label}: {rows:,} row{'s' if rows != 1 else ''} exported to\n{path}")
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.progress.hide()
        self.task = None
        self._update_state()
        show_error(self, "Export", exc)
