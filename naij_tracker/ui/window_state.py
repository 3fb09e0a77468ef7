"""The main window's state between sessions: geometry, splitters, columns, the last view.

Kept in ``QSettings`` (``ui/ui_settings.py`` declares every key), never in the union's database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from naij_tracker.ui import ui_settings as us
from naij_tracker.ui.navigation import NAVIGATION

if TYPE_CHECKING:
    from naij_tracker.ui.main_window import MainWindow
    from naij_tracker.ui.matter_list import MatterListView


def restore(window: MainWindow) -> None:
    """Geometry, splitters, \"show closed\" and the last view, as the officer left them."""
    geometry = us.read(window.store, us.WINDOW_GEOMETRY)
    if geometry.isEmpty() or not window.restoreGeometry(geometry):
        window.resize(1280, 800)
    state = us.read(window.store, us.WINDOW_STATE)
    if not state.isEmpty():
        window.restoreState(state)
    splitter = us.read(window.store, us.NAV_SPLITTER)
    if not splitter.isEmpty():
        window.splitter.restoreState(splitter)
    window.act_show_closed.setChecked(us.read(window.store, us.SHOW_CLOSED))
    remember_database(window)
    last = us.read(window.store, us.LAST_VIEW)
    keys = [k for k, _label in NAVIGATION]
    if last not in keys or last == "dashboard":
        window.registry.dashboard.load_now()
        window.registry.stale.discard("dashboard")
    # Defer the first view's refresh until the event loop runs: the window paints first.
    QTimer.singleShot(0, lambda: window.show_view(last if last in keys else "dashboard"))


def restore_list(window: MainWindow, view: MatterListView) -> None:
    """A list view just built: its splitter, columns and "show closed" as last time."""
    key = view.kind.value
    splitter = us.read(window.store, us.LIST_SPLITTER, kind=key)
    if not splitter.isEmpty():
        view.splitter.restoreState(splitter)
    view.restore_header_state(us.read(window.store, us.LIST_HEADER, kind=key))
    view.set_show_closed(window.act_show_closed.isChecked())


def remember_database(window: MainWindow) -> None:
    """What the next start opens: this file, or (asking the password) this server."""
    db = window.ctx.db
    us.write(window.store, us.LAST_SERVER, db.path is None)
    if db.path:
        us.remember_recent(window.store, str(db.path))
        us.write(window.store, us.LAST_DATABASE, str(db.path))


def save(window: MainWindow) -> None:
    """What ``restore`` reads, written when the window closes or switches databases."""
    us.write(window.store, us.WINDOW_GEOMETRY, window.saveGeometry())
    us.write(window.store, us.WINDOW_STATE, window.saveState())
    us.write(window.store, us.NAV_SPLITTER, window.splitter.saveState())
    us.write(window.store, us.LAST_VIEW, window.current_view_key())
    for view in window.list_views():
        us.write(window.store, us.LIST_SPLITTER, view.splitter.saveState(),
                 kind=view.kind.value)
        us.write(window.store, us.LIST_HEADER, view.header_state(), kind=view.kind.value)
    window.store.sync()
