"""The window's heartbeat: its timer drives the Session; a lost lock or a failed renewal shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from naij_tracker.db import lock as lk
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.main_window import MainWindow
from naij_tracker.ui.tasks import TaskRunner


@pytest.fixture
def window(qtbot: QtBot, sample_ctx: AppContext, sample_db_path: Path,
           ui_settings_store: QSettings) -> MainWindow:
    win = MainWindow(sample_ctx, runner=TaskRunner(synchronous=True), store=ui_settings_store,
                     lock=lk.acquire_lock(sample_db_path))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_the_timer_beats_and_a_lock_taken_over_makes_the_window_read_only(
        window: MainWindow, sample_db_path: Path) -> None:
    assert window.heartbeat.isActive()
    window.heartbeat.timeout.emit()  # as every HEARTBEAT_INTERVAL
    assert window.session.lock is not None and window.session.lock.owns()
    other = lk.LockInfo(user="Ana", host="LAPTOP-7", pid=1,
                        since=window.session.lock.info.since, token="theirs")
    lk.lock_path(sample_db_path).write_text(other.to_json(), encoding="utf-8")
    window.heartbeat.timeout.emit()
    assert window.session.read_only and window.session.lost_reason
    assert not window.heartbeat.isActive()
    assert window.read_only_label.isVisible() and "(read-only)" in window.windowTitle()
    assert not window.act_new_matter[MatterKind.GRIEVANCE].isEnabled()
    window.close()
    assert lk.read_lock(sample_db_path) == other  # their lock stays


def test_a_lock_that_cannot_be_renewed_is_said_and_the_window_goes_on_writing(
        window: MainWindow, sample_db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(_path: Path, _info: lk.LockInfo) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(lk, "_write_new", disk_full)
    window.heartbeat.timeout.emit()
    assert "No space left" in window.statusBar().currentMessage()
    assert window.heartbeat.isActive() and not window.read_only_label.isVisible()
    assert window.act_new_matter[MatterKind.GRIEVANCE].isEnabled()
    monkeypatch.undo()
    window.close()
    assert not lk.lock_path(sample_db_path).exists()
