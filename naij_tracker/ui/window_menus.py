"""The main window's actions, menus, toolbar and status bar, built in one call (``build``).

The actions are the window's attributes (``window.act_backup``…, declared on ``MainWindow``);
their slots are the window's own or its parts' (``window.databases``, ``window.maintenance``,
``window.dialogs``), each looked up when the action fires: a part is made (and its module
imported) when first used, not at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QLabel, QProgressBar, QSizePolicy, QToolBar, QWidget

from naij_tracker.domain.kinds import MatterKind
from naij_tracker.ui import encryption_actions
from naij_tracker.ui.navigation import NAVIGATION
from naij_tracker.ui.style import WARNING_COLOR, set_text_color

if TYPE_CHECKING:
    from naij_tracker.ui.main_window import MainWindow

NEW_MATTER_KEYS = {MatterKind.BARGAINING: "Ctrl+Shift+B", MatterKind.FLRA: "Ctrl+Shift+F",
                   MatterKind.GRIEVANCE: "Ctrl+Shift+G", MatterKind.METRIC_DISPUTE: "Ctrl+Shift+M"}


def _standard(key: QKeySequence.StandardKey, fallback: str = "") -> QKeySequence:
    """The platform's standard shortcut, or ``fallback`` where the platform defines none."""
    seq = QKeySequence(key)
    return seq if not seq.isEmpty() or not fallback else QKeySequence(fallback)


def build(window: MainWindow) -> None:
    _build_actions(window)
    _build_menus(window)
    _build_toolbar(window)
    _build_status_bar(window)


def _action(window: MainWindow, text: str, slot: Callable[[], object],
            shortcut: QKeySequence | str = "", name: str = "", tip: str = "") -> QAction:
    action = QAction(text, window)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut) if isinstance(shortcut, str) else shortcut)
    if name:
        action.setObjectName(name)
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)  # shortcuts work while the menus are hidden, too
    return action


def _build_actions(w: MainWindow) -> None:
    sk = QKeySequence.StandardKey
    act = partial(_action, w)
    w.act_new_db = act("&New database…", lambda: w.databases.new_database(),
                       _standard(sk.New), "new_database", "Create an empty database file")
    w.act_open_db = act("&Open database…", lambda: w.databases.open_database_dialog(),
                        _standard(sk.Open), "open_database")
    w.act_server = act("Connect to a &server…", lambda: w.databases.connect_to_server(), "",
                       "connect_server", "Open the PostgreSQL database several officers share")
    w.act_import = act("&Import grievances…", lambda: w.dialogs.import_requested(), "Ctrl+I",
                       "import", "Import a steward's grievance spreadsheet")
    w.act_export = act("&Export…", lambda: w.dialogs.export_requested(), "Ctrl+E", "export")
    w.act_ics = act("Export deadlines to &calendar…", lambda: w.dialogs.export_calendar(), "",
                    "export_calendar", "Save open deadlines as an .ics file")
    w.act_packet = act("&Briefing packet…", lambda: w.dialogs.packet_requested(),
                       _standard(sk.Print), "packet")
    w.act_backup = act("&Back up now", lambda: w.maintenance.backup_requested(), "", "backup",
                       "Save a verified copy of the database now")
    w.act_restore = act("&Restore from backup…", lambda: w.maintenance.restore_requested(), "",
                        "restore", "Bring back the database as it was in a backup")
    w.act_quit = act("&Quit", w.close, _standard(sk.Quit, "Ctrl+Q"), "quit")
    w.act_quit.setMenuRole(QAction.MenuRole.QuitRole)

    w.act_new_matter = {}
    for kind in MatterKind:
        w.act_new_matter[kind] = act(f"New {kind.label.lower()}", partial(w.new_matter, kind),
                                     NEW_MATTER_KEYS[kind], f"new_{kind.value}")
    w.act_delete = act("&Delete matter…", w.delete_current, _standard(sk.Delete), "delete")
    w.act_find = act("&Find…", w.focus_search, _standard(sk.Find), "find", "Search all matters")
    w.act_prefs = act("&Preferences…", lambda: w.dialogs.preferences_requested(),
                      _standard(sk.Preferences, "Ctrl+,"), "preferences")
    w.act_prefs.setMenuRole(QAction.MenuRole.PreferencesRole)

    w.view_group = QActionGroup(w)
    w.act_views = []
    for i, (key, label) in enumerate(NAVIGATION):
        action = act(label, partial(w.show_view, key), f"Ctrl+{i + 1}", f"view_{key}")
        action.setCheckable(True)
        w.view_group.addAction(action)
        w.act_views.append(action)
    w.act_show_closed = act("Show &closed matters", lambda: None, "", "show_closed")
    w.act_show_closed.setCheckable(True)
    w.act_show_closed.toggled.connect(w.set_show_closed)
    w.act_refresh = act("&Refresh", w.refresh_all, _standard(sk.Refresh, "F5"), "refresh")

    w.act_about = act("&About NAIJ Case Tracker", lambda: w.dialogs.about(), "", "about")
    w.act_about.setMenuRole(QAction.MenuRole.AboutRole)
    w.act_guide = act("&User guide", lambda: w.dialogs.show_user_guide(),
                      _standard(sk.HelpContents, "F1"), "user_guide",
                      "How to install and begin, offline")
    w.act_check = act("&Check database", lambda: w.maintenance.check_requested(), "", "check",
                      "Look for damage and inconsistencies in the database")


def _build_menus(w: MainWindow) -> None:
    bar = w.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([w.act_new_db, w.act_open_db])
    w.recent_menu = file_menu.addMenu("Open &recent")
    file_menu.addAction(w.act_server)
    w.recent_menu.setObjectName("recent_menu")
    w.recent_menu.aboutToShow.connect(lambda: w.databases.fill_recent_menu())
    file_menu.addSeparator()
    file_menu.addActions([w.act_import, w.act_export, w.act_ics, w.act_packet])
    file_menu.addSeparator()
    file_menu.addActions([w.act_backup, w.act_restore])
    file_menu.addSeparator()
    file_menu.addAction(w.act_quit)
    encryption_actions.install(w, file_menu)  # File ▸ New encrypted database… and friends

    edit_menu = bar.addMenu("&Edit")
    edit_menu.addActions(list(w.act_new_matter.values()))
    edit_menu.addSeparator()
    edit_menu.addActions([w.act_delete, w.act_find])
    edit_menu.addSeparator()
    edit_menu.addAction(w.act_prefs)
    w.act_review_deadlines = edit_menu.addAction(
        "Re&view deadlines against current rules…", lambda: w.dialogs.review_deadlines())

    view_menu = bar.addMenu("&View")
    view_menu.addActions(w.act_views)
    view_menu.addSeparator()
    view_menu.addActions([w.act_show_closed, w.act_refresh])

    from naij_tracker.ui.session_tools import SessionTools

    # Edit ▸ Undo, View ▸ Trash, File ▸ Import history (ui/session_tools.py).
    w.session_tools = SessionTools(w, file_menu, edit_menu, view_menu)

    help_menu = bar.addMenu("&Help")
    help_menu.addAction(w.act_guide)
    help_menu.addActions([w.act_about, w.act_check])
    help_menu.addAction(_action(w, "Show &log folder", lambda: w.dialogs.show_log_folder(), "",
                                "log_folder"))


def _build_toolbar(w: MainWindow) -> None:
    toolbar = QToolBar("Search", w)
    toolbar.setObjectName("main_toolbar")
    toolbar.setMovable(False)
    toolbar.setFloatable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    toolbar.addAction(w.act_new_matter[MatterKind.GRIEVANCE])
    toolbar.addAction(w.act_packet)
    spacer = QWidget(toolbar)
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    toolbar.addWidget(spacer)
    toolbar.addWidget(w.search)
    w.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)


def _build_status_bar(w: MainWindow) -> None:
    status = w.statusBar()
    w.db_label = QLabel(w)
    w.db_label.setObjectName("status_database")
    w.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    w.counts_label = QLabel(w)
    w.counts_label.setObjectName("status_counts")
    w.busy_bar = QProgressBar(w)
    w.busy_bar.setObjectName("busy_indicator")
    w.busy_bar.setAccessibleName("Working")
    w.busy_bar.setRange(0, 0)
    w.busy_bar.setMaximumWidth(120)
    w.busy_bar.setMaximumHeight(14)
    w.busy_bar.hide()
    w.read_only_label = QLabel("Read-only", w)
    w.read_only_label.setObjectName("status_read_only")
    set_text_color(w.read_only_label, WARNING_COLOR, bold=True)
    w.read_only_label.setToolTip("Nothing can be changed or saved in this window.")
    w.read_only_label.hide()
    w.backup_warning = QLabel(w)
    w.backup_warning.setObjectName("status_backup_warning")
    set_text_color(w.backup_warning, WARNING_COLOR)
    w.backup_warning.hide()
    for label in (w.db_label, w.counts_label, w.read_only_label, w.backup_warning):
        label.setContentsMargins(6, 0, 6, 0)
    status.addWidget(w.db_label, 1)
    status.addPermanentWidget(w.backup_warning)
    status.addPermanentWidget(w.read_only_label)
    status.addPermanentWidget(w.busy_bar)
    status.addPermanentWidget(w.counts_label)
