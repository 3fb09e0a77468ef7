"""File ▸ Connect to a server…: what the officer types becomes an escaped server address; all
but the password is remembered."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from naij_tracker.ui.context import AppContext
from naij_tracker.ui.main_window import MainWindow
from naij_tracker.ui.server_dialog import ServerDialog
from naij_tracker.ui.tasks import TaskRunner


def fill(qtbot: QtBot, dialog: ServerDialog, host: str, database: str, user: str,
         password: str = "", port: int | None = None) -> None:
    for edit, text in ((dialog.host, host), (dialog.database, database), (dialog.user, user),
                       (dialog.password, password)):
        edit.clear()
        if text.isascii():
            qtbot.keyClicks(edit, text)
        else:  # QTest types ASCII only; insert() is what an input method does
            edit.insert(text)
    if port is not None:
        dialog.port.setValue(port)


def test_connect_needs_the_server_the_database_and_the_user(
        qtbot: QtBot, ui_settings_store: QSettings) -> None:
    dialog = ServerDialog(ui_settings_store)
    qtbot.addWidget(dialog)
    assert not dialog.connect_button.isEnabled()
    qtbot.keyClicks(dialog.host, "db.union.example")
    qtbot.keyClicks(dialog.database, "naij")
    assert not dialog.connect_button.isEnabled()
    qtbot.keyClicks(dialog.user, "ana")
    assert dialog.connect_button.isEnabled()
    dialog.host.clear()
    assert not dialog.connect_button.isEnabled()


@pytest.mark.parametrize(("host", "user", "password", "database"), [
    ("db.union.example", "ana", "", "naij"),
    ("10.0.0.5", "ana maría", "p@ss/w:rd?#%", "naij cases"),
    ("::1", "officer", "s3cret", "naij"),
])
def test_the_address_keeps_every_part_intact(qtbot: QtBot, ui_settings_store: QSettings,
                                             host: str, user: str, password: str,
                                             database: str) -> None:
    dialog = ServerDialog(ui_settings_store)
    qtbot.addWidget(dialog)
    fill(qtbot, dialog, host, database, user, password, port=6543)
    url = dialog.url()
    assert url.startswith("postgresql+psycopg://")
    parts = urlsplit(url)
    assert parts.hostname == host and parts.port == 6543
    assert unquote(parts.username or "") == user
    assert unquote(parts.password or "") == password
    assert unquote(parts.path.lstrip("/")) == database


def test_everything_but_the_password_is_remembered(qtbot: QtBot,
                                                   ui_settings_store: QSettings) -> None:
    first = ServerDialog(ui_settings_store)
    qtbot.addWidget(first)
    fill(qtbot, first, "db.union.example", "naij", "ana", "s3cret", port=6543)
    qtbot.mouseClick(first.connect_button, Qt.MouseButton.LeftButton)
    assert first.result() == QDialog.DialogCode.Accepted
    assert "s3cret" not in repr([ui_settings_store.value(k) for k in ui_settings_store.allKeys()])

    again = ServerDialog(ui_settings_store)
    qtbot.addWidget(again)
    assert (again.host.text(), again.port.value(), again.database.text(), again.user.text(),
            again.password.text()) == ("db.union.example", 6543, "naij", "ana", "")
    assert again.connect_button.isEnabled()


def test_the_menu_opens_what_the_dialog_names(qtbot: QtBot, ctx: AppContext,
                                              ui_settings_store: QSettings,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    window = MainWindow(ctx, runner=TaskRunner(synchronous=True), store=ui_settings_store)
    qtbot.addWidget(window)
    opened: list[str] = []
    monkeypatch.setattr(MainWindow, "switch_database", lambda _self, url: opened.append(url))

    def answer(dialog: ServerDialog) -> int:
        fill(qtbot, dialog, "db.union.example", "naij", "ana", "s3cret")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ServerDialog, "exec", answer)
    window.act_server.trigger()
    assert opened == ["postgresql+psycopg://ana:s3cret@db.union.example:5432/naij"]

    monkeypatch.setattr(ServerDialog, "exec", lambda _dialog: QDialog.DialogCode.Rejected.value)
    window.act_server.trigger()
    assert len(opened) == 1


def test_a_start_after_a_server_session_asks_to_reconnect(
        qtbot: QtBot, ui_settings_store: QSettings, monkeypatch: pytest.MonkeyPatch) -> None:
    from naij_tracker.ui import ui_settings as us
    from naij_tracker.ui.app import reconnect_to_server

    asked: list[str] = []

    def answer(dialog: ServerDialog) -> int:
        asked.append(dialog.windowTitle())
        fill(qtbot, dialog, "db.union.example", "naij", "ana", "s3cret")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ServerDialog, "exec", answer)
    assert reconnect_to_server(ui_settings_store) is None  # the last session was on a file
    assert asked == []

    us.write(ui_settings_store, us.LAST_SERVER, True)
    assert reconnect_to_server(ui_settings_store) == (
        "postgresql+psycopg://ana:s3cret@db.union.example:5432/naij")
    assert asked == ["Reconnect to the server"]

    # Cancelled: the file opens, and the next start no longer asks.
    monkeypatch.setattr(ServerDialog, "exec", lambda _dialog: QDialog.DialogCode.Rejected.value)
    assert reconnect_to_server(ui_settings_store) is None
    assert us.read(ui_settings_store, us.LAST_SERVER) is False


def test_an_unreachable_server_at_start_falls_back_to_the_file(
        qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from naij_tracker.ui import app as gui_app
    from naij_tracker.ui.main_window import MainWindow as Window

    own = tmp_path / "own.sqlite3"
    monkeypatch.setattr(gui_app, "_choose_databases", lambda _option: (
        "postgresql+psycopg://ana:s3cret@localhost:1/naij", str(own)))
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    opened: list[Window] = []
    show = Window.show
    monkeypatch.setattr(Window, "show", lambda window: opened.append(window) or show(window))
    monkeypatch.setattr(QApplication, "exec", lambda _app: 0)
    monkeypatch.setattr(Window, "start_daily_backup", lambda _self: None)
    names = (qapp.organizationName(), qapp.applicationName())
    try:
        assert gui_app.run_gui(None) == 0
    finally:
        qapp.setOrganizationName(names[0])
        qapp.setApplicationName(names[1])
    assert len(warned) == 1 and "localhost:1/naij" in warned[0] and "s3cret" not in warned[0]
    assert f"Opening the database file instead: {own}" in warned[0]
    assert opened and opened[0].windowTitle().startswith("own.sqlite3")
    opened[0].close()
