"""The main window: navigation on the left, the chosen view in the centre, menus and status bar.

The window works on one ``Session`` (``db/session.py``: the open database and its lock) through
its ``AppContext``, and is made of parts it owns:

* ``window_menus.build`` — the actions, menus, toolbar and status bar;
* ``registry`` (``ViewRegistry``) — the views, built when first shown; when one changes data
  (``changed``, a ``Change``), those that show what changed are marked stale and refresh
  when next shown;
* ``databases`` (``DatabaseActions``) — new, open, recent, server; switching database;
* ``maintenance`` (``MaintenanceActions``) — back up, restore, check, the daily backup;
* ``dialogs`` (``DialogActions``) — import, export, packet, preferences, help;
* ``session_control`` (``SessionController``) — the lock's heartbeat timer.

Long work (backups, checks, sample data, list queries) runs through the ``TaskRunner``.

Safety: the session keeps the database's lock, renewed every ``HEARTBEAT_INTERVAL`` and
released on close or when switching database. If the lock is lost (another instance took it
over while this computer slept) the window switches to read-only: every new connection is made
``query_only``, so nothing more can be written from here, and the actions that change data are
disabled.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from PySide6 import QtWidgets
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from naij_tracker.db.lock import DatabaseLock
from naij_tracker.db.session import OpenedDatabase, Session
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.overview import counts
from naij_tracker.ui import ui_settings as us
from naij_tracker.ui import window_menus, window_state
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.messages import APP_TITLE, show_error
from naij_tracker.ui.navigation import LIST_KEYS, NAVIGATION, NavigationList
from naij_tracker.ui.pyside_workarounds import guard_emit_refcount
from naij_tracker.ui.search import SearchField
from naij_tracker.ui.session_controller import SessionController
from naij_tracker.ui.source_cache import forget_module_sources
from naij_tracker.ui.tasks import TaskControl, TaskRunner
from naij_tracker.ui.view_registry import View, ViewRegistry, as_widget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from naij_tracker.ui.database_actions import DatabaseActions
    from naij_tracker.ui.encryption_actions import EncryptionActions
    from naij_tracker.ui.maintenance_actions import MaintenanceActions
    from naij_tracker.ui.matter_list import MatterListView
    from naij_tracker.ui.session_tools import SessionTools
    from naij_tracker.ui.window_dialogs import DialogActions


class MainWindow(QMainWindow):
    """The application window for one open database."""

    #: While the window is busy, the day's backup waits this long before looking again.
    BACKUP_IDLE_RETRY_MS: ClassVar[int] = 2000

    # Made by ``window_menus.build`` (and ``encryption_actions.install``).
    act_new_db: QAction
    act_open_db: QAction
    act_server: QAction
    act_import: QAction
    act_export: QAction
    act_ics: QAction
    act_packet: QAction
    act_backup: QAction
    act_restore: QAction
    act_quit: QAction
    act_new_matter: dict[MatterKind, QAction]
    act_delete: QAction
    act_find: QAction
    act_prefs: QAction
    view_group: QActionGroup
    act_views: list[QAction]
    act_show_closed: QAction
    act_refresh: QAction
    act_about: QAction
    act_guide: QAction
    act_check: QAction
    act_review_deadlines: QAction
    recent_menu: QMenu
    session_tools: SessionTools
    encryption: EncryptionActions
    db_label: QLabel
    counts_label: QLabel
    busy_bar: QProgressBar
    read_only_label: QLabel
    backup_warning: QLabel

    def __init__(self, ctx: AppContext, *, runner: TaskRunner | None = None,
                 store: QSettings | None = None, parent: QWidget | None = None,
                 lock: DatabaseLock | None = None, journal_mode: str = "wal",
                 session: Session | None = None) -> None:
        super().__init__(parent)
        guard_emit_refcount()  # idempotent; run_gui applies it first (see pyside_workarounds)
        self.ctx = ctx
        self.session = session or Session(OpenedDatabase(ctx.db, lock, [], journal_mode))
        self.runner = runner or TaskRunner(self)
        self.store = store or QSettings()
        self.session_control = SessionController(self.session, self)
        self.session_control.lost.connect(self.enter_read_only)
        self.session_control.trouble.connect(lambda m: self.statusBar().showMessage(m, 30000))
        self._notices: list[QMessageBox] = []
        self.setObjectName("main_window")
        self._busy = 0

        self.search = SearchField(ctx, self.runner, self)
        self.search.open_matter.connect(self.open_matter)
        self.navigation = NavigationList([label for _key, label in NAVIGATION], self)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("views")
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("nav_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.navigation)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([170, 1110])
        self.setCentralWidget(self.splitter)

        window_menus.build(self)
        self.registry = ViewRegistry(self)
        self.navigation.currentRowChanged.connect(self._on_navigate)
        window_state.restore(self)
        self.update_title()
        self.apply_read_only()
        dash_data = self.registry.dashboard.data
        if dash_data is not None:  # read with the dashboard, in the same snapshot
            self._show_counts(dash_data.board.totals)
        else:
            self.refresh_status()
        # An import interrupted while it filled the search index left the rest to do.
        QTimer.singleShot(0, self.catch_up_search)
        QTimer.singleShot(0, forget_module_sources)  # PySide6 kept every module's source

    def catch_up_search(self) -> None:
        """Fill the search entries an import left to make after its commit, on the runner,
        with search saying "indexing…" meanwhile (``db.search_backlog``)."""
        from naij_tracker.ui.search_indexing import start_indexing

        start_indexing(self.ctx, self.runner, self.search, self.statusBar())

    # -- the parts made when first used (their modules are not needed for the first paint) --
    @cached_property
    def databases(self) -> DatabaseActions:
        from naij_tracker.ui.database_actions import DatabaseActions

        return DatabaseActions(self)

    @cached_property
    def maintenance(self) -> MaintenanceActions:
        from naij_tracker.ui.maintenance_actions import MaintenanceActions

        return MaintenanceActions(self)

    @cached_property
    def dialogs(self) -> DialogActions:
        from naij_tracker.ui.window_dialogs import DialogActions

        return DialogActions(self)

    # -- the session: lock, heartbeat, switching (session_controller, database_actions) ----
    @property
    def lock(self) -> DatabaseLock | None:
        return self.session.lock

    @property
    def heartbeat(self) -> QTimer:
        return self.session_control.timer

    def refresh_lock(self) -> None:
        """The heartbeat: renew the lock; if another instance took it, become read-only."""
        self.session_control.heartbeat()

    def release_lock(self) -> None:
        self.session_control.release_lock()

    def switch_database(self, target: str) -> bool:
        """Open ``target``, then close the current database and rebuild the views."""
        return self.databases.switch(target)

    def start_daily_backup(self) -> None:
        self.maintenance.start_daily_backup()

    def editors_may_leave(self, then: Callable[[], object] | None = None) -> bool:
        """True if no edit would be lost; after "Save", False now and ``then`` once saved."""
        return all(view.maybe_leave(then) for view in self.list_views())

    # -- views (view_registry) -------------------------------------------------------------
    @property
    def views(self) -> dict[str, View]:
        return self.registry.views

    def view(self, key: str) -> View:
        """The view for a navigation ``key``, built on first use."""
        return self.registry.view(key)

    def list_view(self, kind: MatterKind) -> MatterListView:
        return self.registry.list_view(kind)

    def list_views(self) -> list[MatterListView]:
        """The list views built so far (one not yet shown has no rows, state or edits)."""
        return list(self.registry.lists.values())

    def current_view_key(self) -> str:
        row = self.navigation.currentRow()
        return NAVIGATION[row][0] if 0 <= row < len(NAVIGATION) else "dashboard"

    def show_view(self, key: str) -> View:
        row = next(i for i, (k, _label) in enumerate(NAVIGATION) if k == key)
        if self.navigation.currentRow() != row:
            self.navigation.setCurrentRow(row)
        else:
            self._on_navigate(row)
        return self.view(key)

    def _on_navigate(self, row: int) -> None:
        if not 0 <= row < len(NAVIGATION):
            return
        key = NAVIGATION[row][0]
        self.stack.setCurrentWidget(as_widget(self.view(key)))
        self.act_views[row].setChecked(True)
        if key in self.registry.stale:
            self.registry.refresh_view(key)
        self.act_delete.setEnabled(key in LIST_KEYS and not self.ctx.db.read_only)

    def refresh_all(self) -> None:
        self.registry.refresh_all()
        self.refresh_status()

    # -- navigation to matters -------------------------------------------------------------
    def open_matter(self, matter_id: int) -> None:
        """Show a matter in its kind's list and editor (from search, dashboard, links…)."""
        try:
            record = self.ctx.matters.get(matter_id)
        except Exception as exc:  # noqa: BLE001 - NotFound, StorageError → message
            show_error(self, "Open matter", exc)
            return
        self.show_view(record.kind.value).select(matter_id)

    def new_matter(self, kind: MatterKind) -> None:
        if self.ctx.db.read_only:
            return
        self.show_view(kind.value)
        self.list_view(kind).new_matter()

    def delete_current(self) -> None:
        key = self.current_view_key()
        if key in LIST_KEYS:
            self.list_view(MatterKind(key)).delete_selected()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def set_show_closed(self, show: bool) -> None:
        for view in self.list_views():
            view.set_show_closed(show)
        us.write(self.store, us.SHOW_CLOSED, show)

    # -- status bar and title --------------------------------------------------------------
    def update_title(self) -> None:
        name = Path(self.ctx.db.path).name if self.ctx.db.path else self.ctx.db.label
        suffix = " (read-only)" if self.ctx.db.read_only else ""
        self.setWindowTitle(f"{name}{suffix} — {APP_TITLE}")
        self.db_label.setText(f"Database: {self.ctx.db.label}{suffix}")
        self.db_label.setToolTip(self.ctx.db.label)

    def refresh_status(self) -> None:
        db = self.ctx.db

        def run(_control: TaskControl) -> dict[str, int]:
            return counts(db)

        self.runner.submit(run, on_result=self._show_counts, on_error=lambda _e: None)

    def _show_counts(self, c: dict[str, int]) -> None:
        nouns = {MatterKind.GRIEVANCE: "grievances", MatterKind.FLRA: "FLRA cases",
                 MatterKind.BARGAINING: "bargaining", MatterKind.METRIC_DISPUTE: "metric disputes"}
        parts = [f"{c.get(kind.value, 0):,} {noun}" for kind, noun in nouns.items()]
        parts.append(f"{c.get('members', 0):,} members")
        parts.append(f"{c.get('open_deadlines', 0):,} open deadlines")
        self.counts_label.setText(" · ".join(parts))

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self._busy += 1 if busy else -1
        self.busy_bar.setVisible(self._busy > 0)
        if message:
            self.statusBar().showMessage(message, 0 if busy else 8000)

    def run_long(self, title: str, fn: Callable[[TaskControl], object],
                 on_result: Callable[[object], None]) -> None:
        """Run ``fn`` in the background with the busy indicator; errors become messages."""
        self._set_busy(True, f"{title}…")

        def done(result: object) -> None:
            self._set_busy(False, f"{title}: done.")
            on_result(result)

        def failed(exc: BaseException) -> None:
            self._set_busy(False, f"{title}: failed.")
            show_error(self, title, exc)

        self.runner.submit(fn, on_result=done, on_error=failed)

    # -- read-only mode and warnings -------------------------------------------------------
    def enter_read_only(self, reason: str) -> None:
        """The lock is lost (the session stopped writing): views stay, saves are refused."""
        self.apply_read_only()
        self.update_title()
        self._notify(QtWidgets.QMessageBox.Icon.Warning, "This window is now read-only.", reason)

    def apply_read_only(self) -> None:
        """Enable or disable what changes data, after the database's ``read_only`` flag."""
        read_only = self.ctx.db.read_only
        for action in (self.act_import, self.act_backup, self.act_restore,
                       *self.act_new_matter.values()):
            action.setEnabled(not read_only)
        on_file = self.ctx.db.path is not None
        self.act_restore.setEnabled(not read_only and on_file)
        # A server's backups and checks are its administrator's (pg_dump, amcheck).
        self.act_backup.setEnabled(not read_only and on_file)
        self.act_check.setEnabled(on_file)
        for action in (self.act_backup, self.act_restore, self.act_check):
            action.setStatusTip(action.toolTip() if on_file else
                                "Not for a server database: its administrator backs it up "
                                "and checks it.")
        self.act_delete.setEnabled(self.current_view_key() in LIST_KEYS and not read_only)
        for view in self.list_views():
            view.set_read_only(read_only)
        self.read_only_label.setVisible(read_only)

    def _notify(self, icon: QMessageBox.Icon, text: str, detail: str = "") -> QMessageBox:
        """A message that does not block the window (shown once, closed by the officer)."""
        box = QtWidgets.QMessageBox(icon, APP_TITLE, text,
                                    QtWidgets.QMessageBox.StandardButton.Ok, self)
        box.setObjectName("notice")
        if detail:
            box.setInformativeText(detail)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.finished.connect(lambda _r, b=box: self._notices.remove(b)
                             if b in self._notices else None)
        self._notices.append(box)
        box.show()
        return box

    def show_open_warnings(self, warnings: Sequence[str]) -> None:
        """What the opening found (shared folder, read-only…): status bar and one notice."""
        if not warnings:
            return
        self.statusBar().showMessage(" ".join(warnings), 30000)
        self._notify(QtWidgets.QMessageBox.Icon.Warning, warnings[0], "\n\n".join(warnings[1:]))

    # -- window state (ui/window_state.py) ------------------------------------------------
    def save_state(self) -> None:
        window_state.save(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.editors_may_leave(then=self.close):  # closes once the edit is saved
            event.ignore()
            return
        self.save_state()
        self.runner.shutdown()
        self.release_lock()
        event.accept()
