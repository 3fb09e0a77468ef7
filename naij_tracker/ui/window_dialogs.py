"""The main window's dialogs: import, export, calendar, packet, preferences, review, help.

Each slot imports its dialog when used (start-up pays only for the first screen); a dialog
missing from a build gets a polite message instead (``not_available``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtWidgets
from PySide6.QtWidgets import QWidget

from naij_tracker.ui.changes import Change
from naij_tracker.ui.messages import APP_TITLE

if TYPE_CHECKING:
    from naij_tracker.ui.main_window import MainWindow
    from naij_tracker.ui.matter_list import MatterListView


def not_available(parent: QWidget, what: str) -> None:
    QtWidgets.QMessageBox.information(parent, APP_TITLE,
                                      f"{what} is not available in this build of {APP_TITLE}.")


class DialogActions:
    """The dialogs one window opens, on its current database."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def import_requested(self) -> None:
        w = self.window
        try:
            from naij_tracker.ui.import_wizard import ImportWizard
        except ImportError:
            not_available(w, "Importing grievance spreadsheets")
            return
        wizard = ImportWizard(w.ctx, w)
        wizard.exec()
        w.registry.data_changed(Change.of_everything())
        w.ctx.changes.members_changed.emit()  # an import may add members: pickers refresh
        w.catch_up_search()

    def export_requested(self) -> None:
        try:
            from naij_tracker.ui.export_dialog import ExportDialog
        except ImportError:
            not_available(self.window, "Exporting lists")
            return
        ExportDialog(self.window.ctx, self.window).exec()

    def packet_requested(self, matter_ids: Sequence[int] = ()) -> None:
        try:
            from naij_tracker.ui.packet_dialog import PacketDialog
        except ImportError:
            not_available(self.window, "The briefing packet")
            return
        dialog = PacketDialog(self.window.ctx, self.window, matter_ids)
        dialog.exec()
        dialog.deleteLater()

    def packet_for_list(self, view: MatterListView) -> None:
        """The list's context menu: a packet for the selected matter."""
        matter_id = view.current_matter_id()
        self.packet_requested((matter_id,) if matter_id is not None else ())

    def preferences_requested(self) -> None:
        try:
            from naij_tracker.ui.preferences import PreferencesDialog
        except ImportError:
            not_available(self.window, "Preferences")
            return
        if PreferencesDialog(self.window.ctx, self.window).exec():
            self.window.refresh_all()

    def review_deadlines(self) -> None:
        """Open deadlines that today's rules, closures or CBA limits would move."""
        from naij_tracker.ui.deadline_review import offer_review

        if offer_review(self.window.ctx, self.window, quiet=False):
            self.window.registry.data_changed(Change.of_deadlines())

    def export_calendar(self) -> None:
        from naij_tracker.services.calendar_feed import export_ics, open_deadlines

        w = self.window
        db = w.ctx.db
        start = str(Path(db.path).with_name("deadlines.ics")) if db.path else "deadlines.ics"
        path, _filter = QtWidgets.QFileDialog.getSaveFileName(
            w, "Export deadlines to calendar", start, "Calendar files (*.ics)")
        from naij_tracker.ui.plain_output import confirm_plain_output

        if not path or not confirm_plain_output(w, db, "The calendar file"):
            return
        w.run_long("Export deadlines",
                   lambda _c: export_ics(db, Path(path), open_deadlines(db), force=True),
                   lambda result: w.statusBar().showMessage(f"Deadlines saved to {result}", 8000))

    def about(self) -> None:
        from naij_tracker.ui.help import AboutDialog

        dialog = AboutDialog(self.window.ctx.db.label, self.window)
        dialog.exec()
        dialog.deleteLater()

    def show_user_guide(self) -> None:
        """The guide beside the window (not modal: it is read while working), one at a time."""
        from naij_tracker.ui.help import UserGuideDialog

        guide = self.window.findChild(UserGuideDialog) or UserGuideDialog(self.window)
        guide.show()
        guide.raise_()
        guide.activateWindow()

    def show_log_folder(self) -> None:
        """Open the folder holding the application's log in the system's file manager."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from naij_tracker.app_log import log_folder

        folder = log_folder()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
