"""The main window's upkeep of the database file: back up now, restore, check, the daily backup.

A server's backups and checks are its administrator's (pg_dump, amcheck): these act on files.
The day's automatic backup runs in the background once the window is idle; a failure is a
warning in the status bar, never a blocking dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtWidgets
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication

from naij_tracker.db.errors import StorageError
from naij_tracker.db.opening import Database, open_database
from naij_tracker.ui.messages import APP_TITLE, show_error
from naij_tracker.ui.tasks import TaskControl
from naij_tracker.ui.window_dialogs import not_available

if TYPE_CHECKING:
    from naij_tracker.ui.main_window import MainWindow


class MaintenanceActions:
    """Back up, restore and check the open database of one window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def backup_requested(self) -> None:
        w = self.window
        try:
            from naij_tracker.services.maintenance import backup_now
        except ImportError:
            not_available(w, "Backing up from the application")
            return
        db = w.ctx.db

        def saved(path: object) -> None:
            QtWidgets.QMessageBox.information(w, APP_TITLE,
                                              f"A backup copy was saved to\n{path}")

        w.run_long("Back up", lambda _c: backup_now(db), saved)

    def restore_requested(self) -> None:
        """File ▸ Restore from backup…: choose a backup, then ``restore_backup``."""
        w = self.window
        path = w.ctx.db.path
        if w.ctx.db.read_only or path is None:
            return
        from naij_tracker.ui.backup_dialogs import RestoreDialog

        dialog = RestoreDialog(path, w)
        chosen = dialog.chosen if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted else None
        dialog.deleteLater()
        if chosen is not None:
            self.restore_backup(chosen)

    def restore_backup(self, backup: Path) -> bool:
        """Close the database, restore ``backup`` into it, reopen it and rebuild every view.

        Runs on the GUI thread on purpose: the database is closed meanwhile, so there is nothing
        the officer could do in the window, and SQLite's backup API restores even a large file
        in a second or two. The session lock stays held throughout (no other instance may open
        the file half-way). The old contents are kept as a safety copy, whose path is shown.
        """
        from naij_tracker.services.maintenance import restore

        w = self.window
        path = w.ctx.db.path
        if path is None or w.ctx.db.read_only or not w.editors_may_leave():
            return False
        w.save_state()
        w.runner.shutdown()
        old = w.ctx.db
        old.close()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            safety = restore(path, Path(backup))
            new_db = open_database(path, journal_mode=w.session.journal_mode)
        except Exception as exc:  # noqa: BLE001 - StorageError; the old contents are still there
            QGuiApplication.restoreOverrideCursor()
            w.databases.reopened(old)  # a disposed engine reconnects on its next use
            show_error(w, "Restore from backup", exc)
            return False
        QGuiApplication.restoreOverrideCursor()
        w.databases.reopened(new_db)
        kept = f"\n\nThe previous contents were kept in\n{safety}" if safety else ""
        QtWidgets.QMessageBox.information(w, APP_TITLE,
                                          f"The database was restored from\n{backup}{kept}")
        return True

    def check_requested(self) -> None:
        w = self.window
        try:
            from naij_tracker.services.maintenance import check_database
        except ImportError:
            not_available(w, "Checking the database")
            return
        db = w.ctx.db

        def report(problems: object) -> None:
            found = [str(p) for p in problems] if isinstance(problems, list | tuple) else []
            if not found:
                QtWidgets.QMessageBox.information(w, APP_TITLE,
                                                  "The database was checked: no problems found.")
            else:
                from naij_tracker.ui.backup_dialogs import CheckResultsDialog

                dialog = CheckResultsDialog(found, db.label, w)
                dialog.exec()
                dialog.deleteLater()

        w.run_long("Check database", lambda _c: check_database(db), report)

    def is_idle(self) -> bool:
        """Nothing the officer is waiting on or about to save: no background task running (an
        import, a list being read), no dialog open (the import wizard), no unsaved edits."""
        w = self.window
        return (not w.runner.running and QtWidgets.QApplication.activeModalWidget() is None
                and not any(v.editor_built and v.editor.is_dirty() for v in w.list_views()))

    def start_daily_backup(self) -> None:
        """The day's automatic backup, in the background once the window is idle (it reads the
        whole file: a save or an import must never queue behind it); a failure only warns."""
        w = self.window
        db = w.ctx.db
        if db.read_only or db.path is None:
            return
        if not self.is_idle():
            QTimer.singleShot(w.BACKUP_IDLE_RETRY_MS, self._daily_backup_when_idle(db))
            return

        def run(_control: TaskControl) -> object:
            from naij_tracker.services.maintenance import daily_backup_if_due

            return daily_backup_if_due(db)

        def made(path: object) -> None:
            w.backup_warning.hide()
            if path:
                w.statusBar().showMessage(f"Today's automatic backup: {path}", 8000)

        def failed(exc: BaseException) -> None:
            message = str(exc) if isinstance(exc, StorageError) else f"{exc}"
            w.backup_warning.setText("⚠ Automatic backup failed")
            w.backup_warning.setToolTip(message)
            w.backup_warning.show()
            w.statusBar().showMessage(f"The automatic backup failed: {message}", 30000)

        w.runner.submit(run, on_result=made, on_error=failed)

    def _daily_backup_when_idle(self, db: Database) -> Callable[[], None]:
        """Try again later — for the same database only (the officer may have switched)."""
        def again() -> None:
            if self.window.ctx.db is db:
                self.start_daily_backup()

        return again
