"""An error nobody caught is logged to the log file and shown to the officer, never lost."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from naij_tracker import app_log
from naij_tracker.ui.error_notice import ErrorNotice


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv(app_log.LOG_DIR_VAR, str(tmp_path / "logs"))
    saved = sys.excepthook, threading.excepthook
    assert app_log.setup_logging() == tmp_path / "logs" / app_log.LOG_FILE_NAME
    yield tmp_path / "logs"
    sys.excepthook, threading.excepthook = saved


def _notice_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "unexpected_error"
            and w.isVisible()]


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_logged_and_shown(qtbot: QtBot, log_dir: Path) -> None:
    notice = ErrorNotice()
    app_log.install_excepthooks(notice.post)
    button = QPushButton("Save")
    qtbot.addWidget(button)

    def broken() -> None:
        raise RuntimeError("the slot failed on purpose")

    button.clicked.connect(broken)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(_notice_boxes()))
    box = _notice_boxes()[0]
    log_text = (log_dir / app_log.LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "RuntimeError: the slot failed on purpose" in log_text
    assert "Traceback" in log_text and "in broken" in log_text
    assert str(log_dir / app_log.LOG_FILE_NAME) in box.text()
    # A second failure while the box is open updates it instead of opening another.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "2 errors" in box.text())
    assert len(_notice_boxes()) == 1
    box.close()
    assert oct((log_dir / app_log.LOG_FILE_NAME).stat().st_mode & 0o777) == "0o600"


def test_an_exception_on_a_worker_thread_is_logged_and_shown(qtbot: QtBot,
                                                             log_dir: Path) -> None:
    shown: list[str] = []
    app_log.install_excepthooks(shown.append)

    def work() -> None:
        raise ValueError("background work failed")

    thread = threading.Thread(target=work, name="packet-writer")
    thread.start()
    thread.join()
    log_text = (log_dir / app_log.LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "ValueError: background work failed" in log_text and "packet-writer" in log_text
    assert shown == [app_log.notice_for_unexpected()]
