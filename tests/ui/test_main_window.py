"""The main window: navigation, shortcuts, global search, hooks, switching database, state."""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.queries import list_matters
from naij_tracker.ui import ui_settings as us
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.main_window import NAVIGATION, MainWindow
from naij_tracker.ui.matter_list import MatterListView
from naij_tracker.ui.tasks import TaskRunner


def make_window(qtbot: QtBot, ctx: AppContext, store: QSettings) -> MainWindow:
    window = MainWindow(ctx, runner=TaskRunner(synchronous=True), store=store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.navigation.currentRow() >= 0, timeout=2000)
    return window


@pytest.fixture
def window(qtbot: QtBot, sample_ctx: AppContext, ui_settings_store: QSettings) -> MainWindow:
    return make_window(qtbot, sample_ctx, ui_settings_store)


def test_opens_on_the_dashboard_with_status(window: MainWindow, sample_ctx: AppContext) -> None:
    assert window.current_view_key() == "dashboard"
    assert Path(sample_ctx.db.path).name in window.windowTitle()  # type: ignore[arg-type]
    assert str(sample_ctx.db.path) in window.db_label.text()
    assert "300 grievances" in window.counts_label.text()
    assert [window.navigation.item(i).text() for i in range(window.navigation.count())] == \
        [label for _key, label in NAVIGATION]


def test_ctrl_number_switches_views(qtbot: QtBot, window: MainWindow) -> None:
    for i, (key, _label) in enumerate(NAVIGATION):
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{i + 1}"),
                       Qt.KeyboardModifier.ControlModifier)
        assert window.current_view_key() == key
        assert window.stack.currentWidget() is window.views[key]


def test_standard_shortcuts(window: MainWindow) -> None:
    sk = QKeySequence.StandardKey
    assert window.act_open_db.shortcut() == QKeySequence(sk.Open)
    assert window.act_new_db.shortcut() == QKeySequence(sk.New)
    assert window.act_find.shortcut() == QKeySequence(sk.Find)
    assert window.act_delete.shortcut() == QKeySequence(sk.Delete)
    assert not window.act_quit.shortcut().isEmpty()
    assert not window.act_prefs.shortcut().isEmpty()


def test_ctrl_f_focuses_search_and_a_hit_opens_its_matter(qtbot: QtBot, window: MainWindow,
                                                          sample_ctx: AppContext) -> None:
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search
    row = list_matters(sample_ctx.db, MatterKind.GRIEVANCE).rows[5]
    matter_id, number = row[0], row[1]
    with qtbot.waitSignal(window.search.searched, timeout=3000):
        qtbot.keyClicks(window.search, number)
    popup = window.search.popup()
    assert popup.isVisible()
    assert popup.model().index(0, 0).data().startswith(number)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert window.current_view_key() == MatterKind.GRIEVANCE.value
    view = window.list_view(MatterKind.GRIEVANCE)
    assert view.shown_matter_id == matter_id
    assert view.current_matter_id() == matter_id


def test_enter_in_search_opens_the_first_hit(qtbot: QtBot, window: MainWindow,
                                             sample_ctx: AppContext) -> None:
    flra = list_matters(sample_ctx.db, MatterKind.FLRA, include_closed=True).rows[0]
    window.search.setText(flra[1])
    window.search.run_search()
    window.search.popup().hide()
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.current_view_key() == MatterKind.FLRA.value
    assert window.list_view(MatterKind.FLRA).shown_matter_id == flra[0]


def test_dashboard_row_opens_matter(qtbot: QtBot, window: MainWindow) -> None:
    dash = window.views["dashboard"]
    table = dash.overdue_table  # type: ignore[attr-defined]
    matter_id = table.rows_model.matter_id(0)
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    kind = window.ctx.matters.get(matter_id).kind
    assert window.current_view_key() == kind.value
    assert window.list_view(kind).shown_matter_id == matter_id


def test_edit_delete_asks_first(qtbot: QtBot, window: MainWindow,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    view = window.show_view(MatterKind.GRIEVANCE.value)
    assert isinstance(view, MatterListView)
    view.table.selectRow(0)
    before = view.model.total_rows()
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    window.act_delete.trigger()
    assert asked and view.model.total_rows() == before - 1
    assert "299 grievances" in window.counts_label.text()


def test_show_closed_applies_to_every_list(window: MainWindow, ui_settings_store: QSettings) -> None:
    window.act_show_closed.trigger()
    assert all(v.closed_check.isChecked() for v in window.list_views())
    assert us.read(ui_settings_store, us.SHOW_CLOSED) is True


def test_missing_modules_get_a_polite_message(window: MainWindow,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: said.append(a[2]))
    for module in ("naij_tracker.ui.import_wizard", "naij_tracker.ui.packet_dialog",
                   "naij_tracker.ui.export_dialog", "naij_tracker.services.maintenance"):
        monkeypatch.setitem(sys.modules, module, None)  # makes the import fail
    window.act_import.trigger()
    window.act_packet.trigger()
    window.act_export.trigger()
    window.act_backup.trigger()
    window.act_check.trigger()
    assert len(said) == 5
    assert all("not available in this build" in s for s in said)


def test_backup_and_check_run_through_the_hooks(window: MainWindow, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.ModuleType("naij_tracker.services.maintenance")
    fake.backup_now = lambda db: tmp_path / "copy.sqlite3"  # type: ignore[attr-defined]
    fake.check_database = lambda db: []  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "naij_tracker.services.maintenance", fake)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: said.append(a[2]))
    window.act_backup.trigger()
    window.act_check.trigger()
    assert str(tmp_path / "copy.sqlite3") in said[0]
    assert "no problems" in said[1]
    assert not window.busy_bar.isVisible()


def test_switching_database_rebuilds_views(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                           ui_settings_store: QSettings) -> None:
    old_db = window.ctx.db
    old_view = window.view(MatterKind.GRIEVANCE.value)
    target = tmp_path / "other.sqlite3"
    assert window.switch_database(str(target))
    assert window.ctx.db is not old_db
    assert MatterKind.GRIEVANCE.value not in window.views  # rebuilt when next shown
    assert window.view(MatterKind.GRIEVANCE.value) is not old_view
    assert "other.sqlite3" in window.windowTitle()
    assert "0 grievances" in window.counts_label.text()
    assert us.read(ui_settings_store, us.RECENT_FILES)[0] == str(target)
    assert us.read(ui_settings_store, us.LAST_DATABASE) == str(target)
    window.show_view("dashboard")
    assert window.views["dashboard"].pages.currentWidget() is \
        window.views["dashboard"].first_run  # type: ignore[attr-defined]
    window.ctx.db.close()


def test_a_broken_database_is_refused_and_the_old_one_kept(window: MainWindow, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "notes.sqlite3"
    bad.write_text("not a database at all")
    shown: list[str] = []
    monkeypatch.setattr("naij_tracker.ui.database_actions.show_error",
                        lambda _p, _t, exc: shown.append(str(exc)))
    db = window.ctx.db
    assert not window.switch_database(str(bad))
    assert shown and "not a NAIJ Case Tracker database" in shown[0]
    assert window.ctx.db is db


def test_window_state_is_remembered(qtbot: QtBot, sample_ctx: AppContext,
                                    ui_settings_store: QSettings) -> None:
    first = make_window(qtbot, sample_ctx, ui_settings_store)
    first.show_view(MatterKind.FLRA.value)
    first.list_view(MatterKind.GRIEVANCE).table.setColumnWidth(1, 222)
    first.close()
    assert us.read(ui_settings_store, us.LAST_VIEW) == MatterKind.FLRA.value
    second = make_window(qtbot, sample_ctx, ui_settings_store)
    assert second.current_view_key() == MatterKind.FLRA.value
    assert second.list_view(MatterKind.GRIEVANCE).table.columnWidth(1) == 222


def test_run_gui_refuses_a_broken_file(qapp: QApplication, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from naij_tracker.ui.app import run_gui

    bad = tmp_path / "broken.sqlite3"
    bad.write_bytes(b"garbage" * 100)
    shown: list[Any] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: shown.append(a[2]))
    names = (qapp.organizationName(), qapp.applicationName())
    try:
        assert run_gui(str(bad)) == 1
    finally:
        qapp.setOrganizationName(names[0])
        qapp.setApplicationName(names[1])
        qapp.setStyleSheet("")
    assert shown and "broken.sqlite3" in shown[0]


def test_briefing_packet_from_the_menu_and_a_list(window: MainWindow,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from naij_tracker.ui.packet_dialog import PacketDialog

    opened: list[tuple[int, ...]] = []

    def fake_exec(dialog: PacketDialog) -> int:
        opened.append(dialog.matter_ids)
        return 0

    monkeypatch.setattr(PacketDialog, "exec", fake_exec)
    window.act_packet.trigger()
    assert opened == [()]
    view = window.show_view(MatterKind.GRIEVANCE.value)
    assert isinstance(view, MatterListView)
    view.table.selectRow(2)
    action = next(a for a in view.table.actions() if a.objectName() == "packet_for_matter")
    assert view.table.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    action.trigger()
    assert opened[1] == (view.current_matter_id(),)
