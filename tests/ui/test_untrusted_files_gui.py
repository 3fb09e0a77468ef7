"""Opening a received file whose schema holds a trigger we did not make: the window offers
"Open read-only", "Repair" (after a backup) or "Quit" — and each does what it says."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from naij_tracker.db.backup import list_backups
from naij_tracker.db.errors import SchemaMismatch
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.main_window import MainWindow
from naij_tracker.ui.session_open import ReadOnlyQuestion, SchemaQuestion, open_session
from naij_tracker.ui.tasks import TaskRunner

TRIGGER = ("CREATE TRIGGER wipe_history AFTER INSERT ON history_entry BEGIN "
           "DELETE FROM history_entry WHERE id <> new.id; END")


@pytest.fixture
def received(sample_db_path: Path, tmp_path: Path) -> Path:
    path = tmp_path / "received" / "cases.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(sample_db_path, path)
    conn = sqlite3.connect(path)
    conn.execute(TRIGGER)
    conn.close()
    return path


def _click(monkeypatch: pytest.MonkeyPatch, label: str, seen: list[str]) -> None:
    def exec_(box: QMessageBox) -> int:
        seen.append(box.text())
        next(b for b in box.buttons() if b.text().replace("&", "") == label).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)


def _triggers(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM sqlite_master "
                                           "WHERE type = 'trigger' ORDER BY name")]
    finally:
        conn.close()


def test_open_read_only_runs_nothing_and_says_why(
        qtbot: QtBot, received: Path, ui_settings_store: QSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    _click(monkeypatch, "Open read-only", seen)
    before = received.read_bytes()
    session = open_session(received, ReadOnlyQuestion(None), on_schema=SchemaQuestion(None))
    try:
        assert seen and "extra trigger 'wipe_history' on history_entry" in seen[0]
        assert "\n" not in seen[0]
        assert session.read_only and session.lock is None
        assert any("wipe_history" in w for w in session.warnings)
        window = MainWindow(AppContext.for_database(session.db), store=ui_settings_store,
                            runner=TaskRunner(synchronous=True))
        qtbot.addWidget(window)
        window.show()
        window.show_open_warnings(session.warnings)
        assert "(read-only)" in window.windowTitle()
        assert not window.act_import.isEnabled()
    finally:
        session.close()
    assert received.read_bytes() == before


def test_repair_removes_the_trigger_after_a_backup(received: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    _click(monkeypatch, "Repair", seen)
    session = open_session(received, ReadOnlyQuestion(None), on_schema=SchemaQuestion(None))
    try:
        assert not session.read_only and session.lock is not None
        assert any("were removed" in w for w in session.warnings)
    finally:
        session.close()
    assert "wipe_history" not in _triggers(received)
    [backup] = [b for b in list_backups(received) if b.reason == "before-repair"]
    assert "wipe_history" in _triggers(backup.path)


def test_quit_leaves_the_file_alone(received: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    _click(monkeypatch, "Quit", seen)
    before = received.read_bytes()
    with pytest.raises(SchemaMismatch):
        open_session(received, ReadOnlyQuestion(None), on_schema=SchemaQuestion(None))
    assert received.read_bytes() == before and list_backups(received) == []
    assert not received.with_name(received.name + ".lock").exists()
