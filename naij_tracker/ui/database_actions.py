"""The main window's databases: new, open, recent, server, and switching between them.

Switching opens the new database first (a storage problem leaves the old one open), then waits
for background tasks, closes the old database (releasing its lock: ``Session.switch``) and
rebuilds every view. A restore or an encryption reopens the same file under the same lock
(``reopened``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtWidgets

from naij_tracker.db.errors import StorageError
from naij_tracker.db.lock import DatabaseLocked
from naij_tracker.ui import ui_settings as us
from naij_tracker.ui import window_state
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.messages import APP_TITLE, show_error
from naij_tracker.ui.session_open import DB_FILTER

if TYPE_CHECKING:
    from naij_tracker.db.opening import Database
    from naij_tracker.ui.main_window import MainWindow


class DatabaseActions:
    """Which database one window works on, and the File menu entries that change it."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def new_database(self) -> None:
        w = self.window
        path, _filter = QtWidgets.QFileDialog.getSaveFileName(w, "New database", "", DB_FILTER)
        if not path:
            return
        if not Path(path).suffix:
            path += ".sqlite3"
        if Path(path).exists():
            QtWidgets.QMessageBox.warning(w, APP_TITLE,
                                          f"{path} already exists. Use Open database… to open it.")
            return
        w.switch_database(path)

    def open_database_dialog(self) -> None:
        w = self.window
        start = str(Path(w.ctx.db.path).parent) if w.ctx.db.path else ""
        path, _filter = QtWidgets.QFileDialog.getOpenFileName(w, "Open database", start, DB_FILTER)
        if path:
            w.switch_database(path)

    def connect_to_server(self) -> None:
        """File ▸ Connect to a server…: ask where the shared database is, then open it."""
        from naij_tracker.ui.server_dialog import ask_for_server

        url = ask_for_server(self.window.store, self.window)
        if url is not None:
            self.window.switch_database(url)

    def fill_recent_menu(self) -> None:
        w = self.window
        w.recent_menu.clear()
        recent = us.read(w.store, us.RECENT_FILES)
        for i, path in enumerate(recent):
            action = w.recent_menu.addAction(f"&{i + 1} {path}")
            action.triggered.connect(lambda _c=False, p=path: w.switch_database(p))
            action.setEnabled(Path(path).exists())
        if not recent:
            w.recent_menu.addAction("No recent databases").setEnabled(False)

    def switch(self, target: str) -> bool:
        """Open ``target``, then close the current database and rebuild the views."""
        w = self.window
        if w.ctx.db.path and Path(target).absolute() == Path(w.ctx.db.path):
            return True
        if not w.editors_may_leave(then=lambda: w.switch_database(target)):
            return False
        from naij_tracker.ui.session_open import ReadOnlyQuestion, SchemaQuestion, open_session

        ask = ReadOnlyQuestion(w, alternative="Cancel")
        try:
            session = open_session(target, ask, on_schema=SchemaQuestion(w))
        except DatabaseLocked as exc:
            if not ask.declined:
                show_error(w, "Open database", exc)
            return False
        except StorageError as exc:
            show_error(w, "Open database", exc)
            return False
        w.save_state()
        w.runner.shutdown()
        self._rebuild(lambda: w.session_control.switch(session))
        window_state.remember_database(w)
        w.show_open_warnings(session.warnings)
        w.start_daily_backup()
        return True

    def reopened(self, db: Database, *, closing: Database | None = None) -> None:
        """Go on with ``db``, the same file reopened under the same lock (after a restore or
        an encryption); every view is rebuilt on it (``closing`` is closed in between)."""
        def swap() -> None:
            self.window.session.replace_database(db)
            if closing is not None:
                closing.close()

        self._rebuild(swap)

    def _rebuild(self, swap: Callable[[], None]) -> None:
        """Remove every view, ``swap`` the database, build the views on the new one."""
        w = self.window
        current = w.current_view_key()
        w.registry.clear()
        swap()
        w.ctx = AppContext.for_database(w.session.db)
        w.search.set_context(w.ctx)
        w.registry.rebuild()
        w.session_tools.connect_context()
        w.update_title()
        w.apply_read_only()
        w.encryption.update_actions(keychain_too=False)  # and the idle lock, if encrypted
        w.show_view(current)
        w.refresh_status()
        w.catch_up_search()
