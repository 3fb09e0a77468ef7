"""Start-up of the desktop application.

Order:

1. create the ``QApplication`` (needed for any dialog) and name it, so ``QSettings`` finds
   this computer's window state;
2. choose the database: ``--db``, else ``$NAIJ_TRACKER_DB``, else the database opened last
   time (if it still exists), else the default file in the user's data directory;
3. open it — creating, checking, backing up and migrating as needed — *before* any window
   exists; a storage problem is shown in a message box and the application exits with 1;
4. build the main window (views are filled in the background once the window shows) and run.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _choose_database(db_option: str | None) -> str:
    from PySide6.QtCore import QSettings

    from naij_tracker.paths import ENV_VAR, chosen_database
    from naij_tracker.ui import ui_settings as us

    if db_option or os.environ.get(ENV_VAR):
        return chosen_database(db_option)
    last = us.read(QSettings(), us.LAST_DATABASE)
    if last and Path(last).is_file():
        return last
    return chosen_database(None)


def run_gui(db_option: str | None, *, read_only: bool = False) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from naij_tracker.db.errors import StorageError
    from naij_tracker.db.opening import open_database
    from naij_tracker.ui.messages import APP_TITLE
    from naij_tracker.ui.pyside_workarounds import guard_emit_refcount
    from naij_tracker.ui.style import apply_style

    guard_emit_refcount()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName("NAIJ")
    app.setApplicationName(APP_TITLE)
    app.setApplicationDisplayName(APP_TITLE)
    apply_style(app)
    try:
        db = open_database(_choose_database(db_option), read_only=read_only)
    except StorageError as exc:
        QMessageBox.critical(None, APP_TITLE, str(exc))
        return 1

    from naij_tracker.ui.context import AppContext
    from naij_tracker.ui.main_window import MainWindow

    window = MainWindow(AppContext.for_database(db))
    if db.backups_made:
        window.statusBar().showMessage(
            f"The database was upgraded; a copy of the old file was kept: {db.backups_made[-1]}",
            15000)
    window.show()
    try:
        return app.exec()
    finally:
        window.runner.shutdown()
        window.ctx.db.close()
