"""Start-up of the desktop application.

Order: parse options → open (and if needed back up and migrate) the database → create the
QApplication and the main window. Storage problems found while opening are shown in a message box
before any window appears, and the application exits with status 1.
"""

from __future__ import annotations

import sys


def run_gui(db_option: str | None, *, read_only: bool = False) -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox

    from naij_tracker.db.errors import StorageError
    from naij_tracker.db.opening import open_database
    from naij_tracker.paths import chosen_database

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("NAIJ Case Tracker")
    try:
        db = open_database(chosen_database(db_option), read_only=read_only)
    except StorageError as exc:
        QMessageBox.critical(None, "NAIJ Case Tracker", str(exc))
        return 1
    window = QMainWindow()
    window.setWindowTitle(f"NAIJ Case Tracker — {db.label}")
    window.setCentralWidget(QLabel(f"Database: {db.label}"))
    window.resize(1280, 800)
    window.show()
    try:
        return app.exec()
    finally:
        db.close()
