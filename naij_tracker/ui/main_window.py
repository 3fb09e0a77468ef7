"""The main window: navigation on the left, the chosen view in the centre, menus and status bar.

The window owns the open database (through its ``AppContext``) and the views built on it.
Switching database opens the new file first (a storage problem leaves the old one open), then
waits for background tasks, closes the old database and rebuilds every view. When a view
changes data (``changed``), the other views are marked stale and refresh when next shown.
Long work (backups, checks, sample data, list queries) runs through the ``TaskRunner``.

Safety: the window keeps the database's session lock (``self.lock``), renews it every
``HEARTBEAT_INTERVAL`` and releases it on close or when switching database. If the lock is
lost (another instance took it over while this computer slept) the window switches to
read-only: every new connection is made ``query_only``, so nothing more can be written from
here, and the actions that change data are disabled. The day's automatic backup runs in the
background after opening; a failure is a warning in the status bar, never a blocking dialog.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtWidgets
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QProgressBar,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from naij_tracker.db.errors import StorageError
from naij_tracker.db.lock import HEARTBEAT_INTERVAL, DatabaseLock, DatabaseLocked, LockLost
from naij_tracker.db.opening import Database, open_database
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.overview import counts
from naij_tracker.ui import encryption_actions, window_state
from naij_tracker.ui import ui_settings as us
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.dashboard import DashboardView
from naij_tracker.ui.messages import APP_TITLE, show_error
from naij_tracker.ui.navigation import LIST_KEYS, NAVIGATION, NavigationList
from naij_tracker.ui.pyside_workarounds import guard_emit_refcount
from naij_tracker.ui.search import SearchField
from naij_tracker.ui.session_open import DB_FILTER
from naij_tracker.ui.style import WARNING_COLOR, set_text_color
from naij_tracker.ui.tasks import TaskControl, TaskRunner

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from naij_tracker.ui.matter_list import MatterListView

NEW_MATTER_KEYS = {MatterKind.BARGAINING: "Ctrl+Shift+B", MatterKind.FLRA: "Ctrl+Shift+F",
                   MatterKind.GRIEVANCE: "Ctrl+Shift+G", MatterKind.METRIC_DISPUTE: "Ctrl+Shift+M"}


def _standard(key: QKeySequence.StandardKey, fallback: str = "") -> QKeySequence:
    """The platform's standard shortcut, or ``fallback`` where the platform defines none."""
    seq = QKeySequence(key)
    return seq if not seq.isEmpty() or not fallback else QKeySequence(fallback)


class MainWindow(QMainWindow):
    """The application window for one open database."""

    def __init__(self, ctx: AppContext, *, runner: TaskRunner | None = None,
                 store: QSettings | None = None, parent: QWidget | None = None,
                 lock: DatabaseLock | None = None, journal_mode: str = "wal") -> None:
        super().__init__(parent)
        guard_emit_refcount()  # idempotent; run_gui applies it first (see pyside_workarounds)
        self.ctx = ctx
        self.runner = runner or TaskRunner(self)
        self.store = store or QSettings()
        self.lock = lock
        self.journal_mode = journal_mode
        self.heartbeat = QTimer(self)
        self.heartbeat.setObjectName("lock_heartbeat")
        self.heartbeat.setInterval(int(HEARTBEAT_INTERVAL.total_seconds() * 1000))
        self.heartbeat.timeout.connect(self.refresh_lock)
        self._notices: list[QMessageBox] = []
        self.setObjectName("main_window")
        self.views: dict[str, QWidget] = {}
        self._stale: set[str] = set()
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

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._build_views()
        self.navigation.currentRowChanged.connect(self._on_navigate)
        self._restore_state()
        self._update_title()
        self._apply_read_only()
        self._start_heartbeat()
        dash_data = getattr(self.views["dashboard"], "data", None)
        if dash_data is not None:  # read with the dashboard, in the same snapshot
            self._show_counts(dash_data.board.totals)
        else:
            self.refresh_status()

    # -- actions and menus -----------------------------------------------------------------
    def _action(self, text: str, slot: Callable[[], object], shortcut: QKeySequence | str = "",
                name: str = "", tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut) if isinstance(shortcut, str) else shortcut)
        if name:
            action.setObjectName(name)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts work while the menus are hidden, too
        return action

    def _build_actions(self) -> None:
        sk = QKeySequence.StandardKey
        self.act_new_db = self._action("&New database…", self.new_database, _standard(sk.New),
                                       "new_database", "Create an empty database file")
        self.act_open_db = self._action("&Open database…", self.open_database_dialog,
                                        _standard(sk.Open), "open_database")
        self.act_server = self._action("Connect to a &server…", self.connect_to_server, "",
                                       "connect_server",
                                       "Open the PostgreSQL database several officers share")
        self.act_import = self._action("&Import grievances…", self.import_requested, "Ctrl+I",
                                       "import", "Import a steward's grievance spreadsheet")
        self.act_export = self._action("&Export…", self.export_requested, "Ctrl+E", "export")
        self.act_ics = self._action("Export deadlines to &calendar…", self.export_calendar, "",
                                    "export_calendar", "Save open deadlines as an .ics file")
        self.act_packet = self._action("&Briefing packet…", self.packet_requested,
                                       _standard(sk.Print), "packet")
        self.act_backup = self._action("&Back up now", self.backup_requested, "", "backup",
                                       "Save a verified copy of the database now")
        self.act_restore = self._action("&Restore from backup…", self.restore_requested, "",
                                        "restore", "Bring back the database as it was in a backup")
        self.act_quit = self._action("&Quit", self.close, _standard(sk.Quit, "Ctrl+Q"), "quit")
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)

        self.act_new_matter: dict[MatterKind, QAction] = {}
        for kind in MatterKind:
            self.act_new_matter[kind] = self._action(
                f"New {kind.label.lower()}", partial(self.new_matter, kind),
                NEW_MATTER_KEYS[kind], f"new_{kind.value}")
        self.act_delete = self._action("&Delete matter…", self.delete_current,
                                       _standard(sk.Delete), "delete")
        self.act_find = self._action("&Find…", self.focus_search, _standard(sk.Find), "find",
                                     "Search all matters")
        self.act_prefs = self._action("&Preferences…", self.preferences_requested,
                                      _standard(sk.Preferences, "Ctrl+,"), "preferences")
        self.act_prefs.setMenuRole(QAction.MenuRole.PreferencesRole)

        self.view_group = QActionGroup(self)
        self.act_views: list[QAction] = []
        for i, (key, label) in enumerate(NAVIGATION):
            action = self._action(label, partial(self.show_view, key),
                                  f"Ctrl+{i + 1}", f"view_{key}")
            action.setCheckable(True)
            self.view_group.addAction(action)
            self.act_views.append(action)
        self.act_show_closed = self._action("Show &closed matters", lambda: None, "",
                                            "show_closed")
        self.act_show_closed.setCheckable(True)
        self.act_show_closed.toggled.connect(self.set_show_closed)
        self.act_refresh = self._action("&Refresh", self.refresh_all,
                                        _standard(sk.Refresh, "F5"), "refresh")

        self.act_about = self._action("&About NAIJ Case Tracker", self.about, "", "about")
        self.act_about.setMenuRole(QAction.MenuRole.AboutRole)
        self.act_guide = self._action("&User guide", self.show_user_guide,
                                      _standard(sk.HelpContents, "F1"), "user_guide",
                                      "How to install and begin, offline")
        self.act_check = self._action("&Check database", self.check_requested, "", "check",
                                      "Look for damage and inconsistencies in the database")

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.act_new_db, self.act_open_db])
        self.recent_menu = file_menu.addMenu("Open &recent")
        file_menu.addAction(self.act_server)
        self.recent_menu.setObjectName("recent_menu")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        file_menu.addActions([self.act_import, self.act_export, self.act_ics, self.act_packet])
        file_menu.addSeparator()
        file_menu.addActions([self.act_backup, self.act_restore])
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        encryption_actions.install(self, file_menu)  # File ▸ New encrypted database… and friends

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions(list(self.act_new_matter.values()))
        edit_menu.addSeparator()
        edit_menu.addActions([self.act_delete, self.act_find])
        edit_menu.addSeparator()
        edit_menu.addAction(self.act_prefs)
        self.act_review_deadlines = edit_menu.addAction(
            "Re&view deadlines against current rules…", self.review_deadlines)

        view_menu = bar.addMenu("&View")
        view_menu.addActions(self.act_views)
        view_menu.addSeparator()
        view_menu.addActions([self.act_show_closed, self.act_refresh])

        from naij_tracker.ui.session_tools import SessionTools

        # Edit ▸ Undo, View ▸ Trash, File ▸ Import history (ui/session_tools.py).
        self.session_tools = SessionTools(self, file_menu, edit_menu, view_menu)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.act_guide)
        help_menu.addActions([self.act_about, self.act_check])
        help_menu.addAction(self._action("Show &log folder", self.show_log_folder, "", "log_folder"))

    def show_log_folder(self) -> None:
        """Open the folder holding the application's log in the system's file manager."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from naij_tracker.app_log import log_folder

        folder = log_folder()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Search", self)
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setFloatable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self.act_new_matter[MatterKind.GRIEVANCE])
        toolbar.addAction(self.act_packet)
        spacer = QWidget(toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addWidget(self.search)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.db_label = QLabel(self)
        self.db_label.setObjectName("status_database")
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("status_counts")
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setObjectName("busy_indicator")
        self.busy_bar.setAccessibleName("Working")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setMaximumHeight(14)
        self.busy_bar.hide()
        self.read_only_label = QLabel("Read-only", self)
        self.read_only_label.setObjectName("status_read_only")
        set_text_color(self.read_only_label, WARNING_COLOR, bold=True)
        self.read_only_label.setToolTip("Nothing can be changed or saved in this window.")
        self.read_only_label.hide()
        self.backup_warning = QLabel(self)
        self.backup_warning.setObjectName("status_backup_warning")
        set_text_color(self.backup_warning, WARNING_COLOR)
        self.backup_warning.hide()
        for label in (self.db_label, self.counts_label, self.read_only_label,
                      self.backup_warning):
            label.setContentsMargins(6, 0, 6, 0)
        status.addWidget(self.db_label, 1)
        status.addPermanentWidget(self.backup_warning)
        status.addPermanentWidget(self.read_only_label)
        status.addPermanentWidget(self.busy_bar)
        status.addPermanentWidget(self.counts_label)

    # -- views -----------------------------------------------------------------------------
    def _build_views(self) -> None:
        """The dashboard now; every other view when first shown (``view``).

        Start-up pays only for what the first screen shows: the lists, their editors and the
        other views import SQLAlchemy, the models and dozens of widgets.
        """
        dash = DashboardView(self.ctx, self.runner, self)
        dash.open_matter.connect(self.open_matter)
        dash.show_list.connect(lambda kind: self.show_view(MatterKind(kind).value))
        dash.import_requested.connect(self.import_requested)
        dash.new_matter_requested.connect(lambda kind: self.new_matter(MatterKind(kind)))
        self._add_view("dashboard", dash)
        self._stale = {key for key, _label in NAVIGATION}
        # A member added from an editor's picker shows in the members list when next shown.
        self.ctx.changes.members_changed.connect(lambda: self._stale.add("members"))

    def view(self, key: str) -> QWidget:
        """The view for a navigation ``key``, built on first use."""
        built = self.views.get(key)
        if built is not None:
            return built
        if key in LIST_KEYS:
            view = self._make_list_view(MatterKind(key))
        else:
            view = self._make_other_view(key)
        self._add_view(key, view)
        self._restore_view_state(key, view)
        self._apply_read_only()
        return view

    def _make_list_view(self, kind: MatterKind) -> QWidget:
        from naij_tracker.ui.matter_list import MatterListView

        view = MatterListView(self.ctx, kind, self.runner, self)
        view.open_matter.connect(self.open_matter)
        packet = QAction("&Briefing packet for this matter…", view.table)
        packet.setObjectName("packet_for_matter")
        packet.triggered.connect(lambda _c=False, v=view: self.packet_for_list(v))
        view.table.addAction(packet)
        view.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        return view

    def _make_other_view(self, key: str) -> QWidget:
        view: QWidget
        if key == "members":
            from naij_tracker.ui.members_view import MembersView

            view = MembersView(self.ctx, self, runner=self.runner)
        elif key == "deadlines":
            from naij_tracker.ui.deadlines_view import DeadlinesView

            view = DeadlinesView(self.ctx, self)
            view.open_matter.connect(self.open_matter)
        elif key == "metrics":
            from naij_tracker.ui.metrics_view import MetricsView

            view = MetricsView(self.ctx, self, runner=self.runner)
        elif key == "reports":
            from naij_tracker.ui.reports_view import ReportsView

            view = ReportsView(self.ctx, self, self.runner)
        else:
            raise KeyError(key)
        view.setObjectName(f"view_{key}")
        return view

    def _add_view(self, key: str, view: QWidget) -> None:
        self.views[key] = view
        self.stack.addWidget(view)
        changed = getattr(view, "changed", None)
        if changed is not None:
            changed.connect(lambda k=key: self._on_data_changed(k))

    def _on_data_changed(self, source: str) -> None:
        """Data changed in one view: refresh the status bar; others refresh when next shown."""
        self._stale |= {key for key in self.views if key != source}
        self.refresh_status()
        current = self.current_view_key()
        if current != source and current in self._stale:
            self._refresh_view(current)

    def _refresh_view(self, key: str) -> None:
        self._stale.discard(key)
        view = self.views[key]
        refresh = getattr(view, "refresh", None)
        if refresh is not None:
            refresh()

    def list_view(self, kind: MatterKind) -> MatterListView:
        return self.view(kind.value)  # type: ignore[return-value]

    def list_views(self) -> list[MatterListView]:
        """The list views built so far (one not yet shown has no rows, state or edits)."""
        return [v for key, v in self.views.items() if key in LIST_KEYS]  # type: ignore[misc]

    def current_view_key(self) -> str:
        row = self.navigation.currentRow()
        return NAVIGATION[row][0] if 0 <= row < len(NAVIGATION) else "dashboard"

    def show_view(self, key: str) -> QWidget:
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
        self.stack.setCurrentWidget(self.view(key))
        self.act_views[row].setChecked(True)
        if key in self._stale:
            self._refresh_view(key)
        self.act_delete.setEnabled(key in LIST_KEYS and not self.ctx.db.read_only)

    def refresh_all(self) -> None:
        self._stale = {key for key, _label in NAVIGATION}
        self._refresh_view(self.current_view_key())
        self.refresh_status()

    # -- navigation to matters -------------------------------------------------------------
    def open_matter(self, matter_id: int) -> None:
        """Show a matter in its kind's list and editor (from search, dashboard, links…)."""
        try:
            record = self.ctx.matters.get(matter_id)
        except Exception as exc:  # noqa: BLE001 - NotFound, StorageError → message
            show_error(self, "Open matter", exc)
            return
        self.show_view(record.kind.value)
        self.list_view(record.kind).show_matter(matter_id)

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
    def _update_title(self) -> None:
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

    # -- hooks to other modules (import inside the slot: optional parts of the build) ------
    def _not_available(self, what: str) -> None:
        QtWidgets.QMessageBox.information(self, APP_TITLE,
                                f"{what} is not available in this build of {APP_TITLE}.")

    def import_requested(self) -> None:
        try:
            from naij_tracker.ui.import_wizard import ImportWizard
        except ImportError:
            self._not_available("Importing grievance spreadsheets")
            return
        wizard = ImportWizard(self.ctx, self)
        wizard.exec()
        self._on_data_changed("")
        self.ctx.changes.members_changed.emit()  # an import may add members: pickers refresh

    def export_requested(self) -> None:
        try:
            from naij_tracker.ui.export_dialog import ExportDialog
        except ImportError:
            self._not_available("Exporting lists")
            return
        ExportDialog(self.ctx, self).exec()

    def packet_requested(self, matter_ids: Sequence[int] = ()) -> None:
        try:
            from naij_tracker.ui.packet_dialog import PacketDialog
        except ImportError:
            self._not_available("The briefing packet")
            return
        dialog = PacketDialog(self.ctx, self, matter_ids)
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
            self._not_available("Preferences")
            return
        if PreferencesDialog(self.ctx, self).exec():
            self.refresh_all()

    def review_deadlines(self) -> None:
        """Open deadlines that today's rules, closures or CBA limits would move."""
        from naij_tracker.ui.deadline_review import offer_review

        if offer_review(self.ctx, self, quiet=False):
            self.refresh_all()

    def export_calendar(self) -> None:
        from naij_tracker.services.calendar_feed import export_ics, open_deadlines

        start = str(Path(self.ctx.db.path).with_name("deadlines.ics")) if self.ctx.db.path \
            else "deadlines.ics"
        path, _filter = QtWidgets.QFileDialog.getSaveFileName(
            self, "Export deadlines to calendar", start, "Calendar files (*.ics)")
        from naij_tracker.ui.plain_output import confirm_plain_output

        if not path or not confirm_plain_output(self, self.ctx.db, "The calendar file"):
            return
        db = self.ctx.db
        self.run_long("Export deadlines",
                      lambda _c: export_ics(db, Path(path), open_deadlines(db), force=True),
                      lambda result: self.statusBar().showMessage(f"Deadlines saved to {result}",
                                                                  8000))

    def backup_requested(self) -> None:
        try:
            from naij_tracker.services.maintenance import backup_now
        except ImportError:
            self._not_available("Backing up from the application")
            return
        db = self.ctx.db
        def saved(path: object) -> None:
            QtWidgets.QMessageBox.information(self, APP_TITLE, f"A backup copy was saved to\n{path}")

        self.run_long("Back up", lambda _c: backup_now(db), saved)

    def restore_requested(self) -> None:
        """File ▸ Restore from backup…: choose a backup, then ``restore_backup``."""
        path = self.ctx.db.path
        if self.ctx.db.read_only or path is None:
            return
        from naij_tracker.ui.backup_dialogs import RestoreDialog

        dialog = RestoreDialog(path, self)
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

        path = self.ctx.db.path
        if path is None or self.ctx.db.read_only or not self._editors_may_leave():
            return False
        self._save_state()
        self.runner.shutdown()
        old = self.ctx.db
        old.close()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            safety = restore(path, Path(backup))
            new_db = open_database(path, journal_mode=self.journal_mode)
        except Exception as exc:  # noqa: BLE001 - StorageError; the old contents are still there
            QGuiApplication.restoreOverrideCursor()
            self._rebuild(old)  # a disposed engine reconnects on its next use
            show_error(self, "Restore from backup", exc)
            return False
        QGuiApplication.restoreOverrideCursor()
        self._rebuild(new_db)
        kept = f"\n\nThe previous contents were kept in\n{safety}" if safety else ""
        QtWidgets.QMessageBox.information(self, APP_TITLE,
                                f"The database was restored from\n{backup}{kept}")
        return True

    def check_requested(self) -> None:
        try:
            from naij_tracker.services.maintenance import check_database
        except ImportError:
            self._not_available("Checking the database")
            return
        db = self.ctx.db

        def report(problems: object) -> None:
            found = [str(p) for p in problems] if isinstance(problems, list | tuple) else []
            if not found:
                QtWidgets.QMessageBox.information(self, APP_TITLE,
                                        "The database was checked: no problems found.")
            else:
                from naij_tracker.ui.backup_dialogs import CheckResultsDialog

                dialog = CheckResultsDialog(found, db.label, self)
                dialog.exec()
                dialog.deleteLater()

        self.run_long("Check database", lambda _c: check_database(db), report)

    def about(self) -> None:
        from naij_tracker.ui.help import AboutDialog

        dialog = AboutDialog(self.ctx.db.label, self)
        dialog.exec()
        dialog.deleteLater()

    def show_user_guide(self) -> None:
        """The guide beside the window (not modal: it is read while working), one at a time."""
        from naij_tracker.ui.help import UserGuideDialog

        guide = self.findChild(UserGuideDialog) or UserGuideDialog(self)
        guide.show()
        guide.raise_()
        guide.activateWindow()

    # -- databases -------------------------------------------------------------------------
    def _editors_may_leave(self, then: Callable[[], object] | None = None) -> bool:
        """True if no edit would be lost; after "Save", False now and ``then`` once saved."""
        return all(view.maybe_leave(then) for view in self.list_views())

    def new_database(self) -> None:
        path, _filter = QtWidgets.QFileDialog.getSaveFileName(self, "New database", "", DB_FILTER)
        if not path:
            return
        if not Path(path).suffix:
            path += ".sqlite3"
        if Path(path).exists():
            QtWidgets.QMessageBox.warning(self, APP_TITLE,
                                f"{path} already exists. Use Open database… to open it.")
            return
        self.switch_database(path)

    def open_database_dialog(self) -> None:
        start = str(Path(self.ctx.db.path).parent) if self.ctx.db.path else ""
        path, _filter = QtWidgets.QFileDialog.getOpenFileName(self, "Open database", start, DB_FILTER)
        if path:
            self.switch_database(path)

    def connect_to_server(self) -> None:
        """File ▸ Connect to a server…: ask where the shared database is, then open it."""
        from naij_tracker.ui.server_dialog import ask_for_server

        url = ask_for_server(self.store, self)
        if url is not None:
            self.switch_database(url)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = us.read(self.store, us.RECENT_FILES)
        for i, path in enumerate(recent):
            action = self.recent_menu.addAction(f"&{i + 1} {path}")
            action.triggered.connect(lambda _c=False, p=path: self.switch_database(p))
            action.setEnabled(Path(path).exists())
        if not recent:
            self.recent_menu.addAction("No recent databases").setEnabled(False)

    def switch_database(self, target: str) -> bool:
        """Open ``target``, then close the current database and rebuild the views."""
        if self.ctx.db.path and Path(target).absolute() == Path(self.ctx.db.path):
            return True
        if not self._editors_may_leave(then=lambda: self.switch_database(target)):
            return False
        from naij_tracker.ui.session_open import ReadOnlyQuestion, SchemaQuestion, open_session

        ask = ReadOnlyQuestion(self, alternative="Cancel")
        try:
            session = open_session(target, ask, on_schema=SchemaQuestion(self))
        except DatabaseLocked as exc:
            if not ask.declined:
                show_error(self, "Open database", exc)
            return False
        except StorageError as exc:
            show_error(self, "Open database", exc)
            return False
        self._save_state()
        self.runner.shutdown()
        old = self.ctx.db
        self._rebuild(session.db, closing=old)
        self.release_lock()
        self.lock, self.journal_mode = session.lock, session.journal_mode
        self._start_heartbeat()
        self._remember_database()
        self.show_open_warnings(session.warnings)
        self.start_daily_backup()
        return True

    def _rebuild(self, new_db: Database, *, closing: Database | None = None) -> None:
        """Replace every view with one built on ``new_db`` (closing ``closing`` in between)."""
        current = self.current_view_key()
        for view in list(self.views.values()):
            self.stack.removeWidget(view)
            view.deleteLater()
        self.views.clear()
        if closing is not None:
            closing.close()
        self.ctx = AppContext.for_database(new_db)
        self.search.set_context(self.ctx)
        self._build_views()
        self.session_tools.connect_context()
        self._update_title()
        self._apply_read_only()
        self.show_view(current)
        self.refresh_status()

    # -- the session lock, read-only mode, automatic backups, warnings ---------------------
    def _start_heartbeat(self) -> None:
        if self.lock is not None:
            self.heartbeat.start()
        else:
            self.heartbeat.stop()

    def refresh_lock(self) -> None:
        """The heartbeat: renew the lock; if another instance took it, become read-only."""
        if self.lock is None:
            return
        try:
            self.lock.refresh()
        except LockLost as exc:
            self.lock = None
            self.heartbeat.stop()
            self.enter_read_only(str(exc))
        except StorageError as exc:  # the lock file could not be rewritten: say so, go on
            self.statusBar().showMessage(str(exc), 30000)

    def release_lock(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None
        self.heartbeat.stop()

    def enter_read_only(self, reason: str) -> None:
        """Stop writing from this window (the lock is lost): views stay, saves are refused."""
        db = self.ctx.db
        if db.path is not None:
            db.stop_writing()
        self._apply_read_only()
        self._update_title()
        self._notify(QtWidgets.QMessageBox.Icon.Warning, "This window is now read-only.", reason)

    def _apply_read_only(self) -> None:
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

    #: While the window is busy, the day's backup waits this long before looking again.
    BACKUP_IDLE_RETRY_MS = 2000

    def is_idle(self) -> bool:
        """Nothing the officer is waiting on or about to save: no background task running (an
        import, a list being read), no dialog open (the import wizard), no unsaved edits."""
        return (not self.runner.running and QtWidgets.QApplication.activeModalWidget() is None
                and not any(v.editor_built and v.editor.is_dirty() for v in self.list_views()))

    def start_daily_backup(self) -> None:
        """The day's automatic backup, in the background once the window is idle (it reads the
        whole file: a save or an import must never queue behind it); a failure only warns."""
        db = self.ctx.db
        if db.read_only or db.path is None:
            return
        if not self.is_idle():
            QTimer.singleShot(self.BACKUP_IDLE_RETRY_MS, self._daily_backup_when_idle(db))
            return

        def run(_control: TaskControl) -> object:
            from naij_tracker.services.maintenance import daily_backup_if_due

            return daily_backup_if_due(db)

        def made(path: object) -> None:
            self.backup_warning.hide()
            if path:
                self.statusBar().showMessage(f"Today's automatic backup: {path}", 8000)

        def failed(exc: BaseException) -> None:
            message = str(exc) if isinstance(exc, StorageError) else f"{exc}"
            self.backup_warning.setText("⚠ Automatic backup failed")
            self.backup_warning.setToolTip(message)
            self.backup_warning.show()
            self.statusBar().showMessage(f"The automatic backup failed: {message}", 30000)

        self.runner.submit(run, on_result=made, on_error=failed)

    def _daily_backup_when_idle(self, db: Database) -> Callable[[], None]:
        """Try again later — for the same database only (the officer may have switched)."""
        def again() -> None:
            if self.ctx.db is db:
                self.start_daily_backup()

        return again

    def _remember_database(self) -> None:
        """What the next start opens: this file, or (asking the password) this server."""
        us.write(self.store, us.LAST_SERVER, self.ctx.db.path is None)
        if self.ctx.db.path:
            us.remember_recent(self.store, str(self.ctx.db.path))
            us.write(self.store, us.LAST_DATABASE, str(self.ctx.db.path))

    # -- window state (ui/window_state.py) ------------------------------------------------
    def _restore_state(self) -> None:
        window_state.restore(self)

    def _restore_view_state(self, key: str, view: QWidget) -> None:
        window_state.restore_view(self, key, view)

    def _save_state(self) -> None:
        window_state.save(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._editors_may_leave(then=self.close):  # closes once the edit is saved
            event.ignore()
            return
        self._save_state()
        self.runner.shutdown()
        self.release_lock()
        event.accept()

