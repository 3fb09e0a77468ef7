"""Start-up of the desktop application.

Order:

1. create the ``QApplication`` (needed for any dialog) and name it, so ``QSettings`` finds
   this computer's window state;
2. choose the database: ``--db``, else ``$NAIJ_TRACKER_DB``, else — when the last session was
   on a PostgreSQL server — that server, once the officer has given its password again (or,
   cancelled, the files below), else the database file opened last time (if it still exists),
   else the default file in the user's data directory;
3. open it (``open_session``) — taking the session lock, then creating, checking, backing up
   and migrating as needed — *before* any window exists. If another instance holds the lock,
   the officer is asked "… has this database open. Open it read-only, or quit?"; a file
   holding triggers or views this application did not make offers "Open read-only", "Repair"
   (after a backup) or "Quit"; a storage problem is shown in a message box and the
   application exits with 1;
4. build the main window, which keeps the lock (renewing it on a timer and releasing it on
   close), show the opening's warnings (shared folder, read-only) without blocking, start the
   day's automatic backup in the background a few seconds later, and run. Views are filled
   once the window shows.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from naij_tracker.ui.session_open import (  # noqa: F401  (the start-up's names, in one place)
    ReadOnlyQuestion,
    SchemaQuestion,
    holder_text,
    open_session,
    reconnect_to_server,
)

#: How long after the window opens the day's automatic backup starts.
DAILY_BACKUP_DELAY_MS = 3000
#: Set (to anything) to quit once the first screen has painted: for timing the start of an
#: installed copy from outside (``bench/results.md``, the bundle's start-up).
QUIT_AFTER_START = "NAIJ_TRACKER_QUIT_AFTER_START"

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget


def _choose_databases(db_option: str | None) -> tuple[str | None, str]:
    """(the server of the last session, when the officer reconnects to it; the file to open
    otherwise, or if that server cannot be reached)."""
    from PySide6.QtCore import QSettings

    from naij_tracker.paths import ENV_VAR, chosen_database
    from naij_tracker.ui import ui_settings as us

    if db_option or os.environ.get(ENV_VAR):
        return None, chosen_database(db_option)
    server = reconnect_to_server(QSettings())
    last = us.read(QSettings(), us.LAST_DATABASE)
    return server, last if last and Path(last).is_file() else chosen_database(None)


def set_window_icon(app: QApplication) -> None:
    """The icon of every window, and the .desktop file that names it on Linux."""
    from PySide6.QtGui import QIcon

    from naij_tracker.resource_files import resource_path

    app.setWindowIcon(QIcon(str(resource_path("icons/naij-tracker.png"))))
    app.setDesktopFileName("naij-tracker")


def quit_after_first_paint(app: QApplication, window: QWidget) -> None:
    """Quit the event loop once ``window`` (or a widget in it) has painted."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QWidget

    class QuitOnPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and isinstance(obj, QWidget) and (
                    obj is window or window.isAncestorOf(obj)):
                app.removeEventFilter(self)
                QTimer.singleShot(0, app.quit)
            return False

    watcher = QuitOnPaint(window)
    app.installEventFilter(watcher)


def _first_run(window: Any) -> None:
    from naij_tracker.ui.first_run import FirstRunWizard

    # Window-modal without a nested event loop: the main window stays responsive behind it.
    FirstRunWizard(window.ctx, window).open()


def run_gui(db_option: str | None, *, read_only: bool = False) -> int:
    from PySide6 import QtWidgets
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from naij_tracker.db.errors import StorageError
    from naij_tracker.db.lock import DatabaseLocked
    from naij_tracker.ui.messages import APP_TITLE
    from naij_tracker.ui.passphrase_dialog import PassphraseCancelled
    from naij_tracker.ui.pyside_workarounds import guard_emit_refcount
    from naij_tracker.ui.style import apply_style, choose_style

    guard_emit_refcount()
    choose_style()
    if QApplication.instance() is None:
        from naij_tracker.ui.system_libraries import platform_guard

        with platform_guard():  # a missing X11 library: one line naming it, not Qt's abort
            QApplication(sys.argv)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    set_window_icon(app)
    from naij_tracker.app_log import install_excepthooks, setup_logging
    from naij_tracker.ui.error_notice import ErrorNotice

    setup_logging()
    notice = ErrorNotice(app)
    install_excepthooks(notice.post)
    app.setOrganizationName("NAIJ")
    app.setApplicationName(APP_TITLE)
    app.setApplicationDisplayName(APP_TITLE)
    apply_style(app)
    from naij_tracker.ui import temp_copies

    temp_copies.sweep()  # attachment copies left by a session that crashed
    from PySide6.QtCore import QSettings

    from naij_tracker.ui.ui_settings import make_private

    make_private(QSettings())
    ask = ReadOnlyQuestion(None)
    schema = SchemaQuestion(None)
    server, file = _choose_databases(db_option)
    session = None
    if server is not None:
        try:
            session = open_session(server, ask, read_only=read_only)
        except StorageError as exc:
            QtWidgets.QMessageBox.warning(None, APP_TITLE,
                                          f"{exc}\n\nOpening the database file instead: {file}")
    if session is None:
        try:
            session = open_session(file, ask, read_only=read_only, on_schema=schema)
        except DatabaseLocked as exc:
            if ask.declined:
                return 0  # the officer chose to quit; they know why
            QtWidgets.QMessageBox.critical(None, APP_TITLE, str(exc))
            return 1
        except PassphraseCancelled:
            return 0  # the officer closed the passphrase prompt of an encrypted file
        except StorageError as exc:
            QtWidgets.QMessageBox.critical(None, APP_TITLE, str(exc))
            return 1

    from naij_tracker.ui.context import AppContext
    from naij_tracker.ui.main_window import MainWindow

    db = session.db
    window = MainWindow(AppContext.for_database(db), session=session)
    window.show()
    if os.environ.get(QUIT_AFTER_START):
        quit_after_first_paint(app, window)
    warnings = list(session.warnings)
    if db.backups_made:
        warnings.append("The database was upgraded; a copy of the old file was kept: "
                        f"{db.backups_made[-1]}")
    window.show_open_warnings(warnings)
    from naij_tracker.services.settings import load_settings

    stored = load_settings(db)
    if not db.read_only and not stored.setup_done and not stored.officer_name.strip() \
            and not os.environ.get(QUIT_AFTER_START):
        # A database never set up: the first-run assistant (ui/first_run.py), once.
        QTimer.singleShot(0, lambda: _first_run(window))
    # Once the first screen is up: the backup reads the whole file and would compete with it.
    QTimer.singleShot(DAILY_BACKUP_DELAY_MS, window.start_daily_backup)
    try:
        return app.exec()
    finally:
        if not window.runner.shutdown():
            import logging

            logging.getLogger(__name__).warning("Closing with background work still running")
        window.session_control.close()  # the database (maybe switched since) and its lock
        temp_copies.sweep(this_process=True)
