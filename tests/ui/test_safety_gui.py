"""Safety in the GUI: restore, check, the lock (second instance, lost lock), daily backup, and a
save that fails because the disk fails — the message is shown and the edit stays on screen."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from naij_tracker.db.errors import StorageError
from naij_tracker.db.lock import LockInfo, acquire_lock, lock_path
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services import maintenance
from naij_tracker.services.queries import list_matters
from naij_tracker.ui.app import ReadOnlyQuestion, open_session
from naij_tracker.ui.backup_dialogs import CheckResultsDialog, RestoreDialog
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.main_window import MainWindow
from naij_tracker.ui.matter_list import MatterListView
from naij_tracker.ui.tasks import TaskRunner


def make_window(qtbot: QtBot, ctx: AppContext, store: QSettings, **kwargs: object) -> MainWindow:
    window = MainWindow(ctx, runner=TaskRunner(synchronous=True), store=store,
                        **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.navigation.currentRow() >= 0, timeout=2000)
    return window


def discard_edits(window: MainWindow) -> None:
    """Revert unsaved edits, so that closing the window does not ask about them."""
    for view in window.list_views():
        if view.editor.is_dirty():
            view.editor.revert()


@pytest.fixture
def window(qtbot: QtBot, sample_ctx: AppContext, ui_settings_store: QSettings) -> MainWindow:
    return make_window(qtbot, sample_ctx, ui_settings_store)


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every QMessageBox that is exec'd (as by ``show_error``): its text, answered at once."""
    texts: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        texts.append(f"{box.text()}\n{box.informativeText()}")
        return QMessageBox.StandardButton.Ok.value

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return texts


# -- a save that fails because the disk fails ---------------------------------------------------

def edit_a_grievance(qtbot: QtBot, window: MainWindow, ctx: AppContext) -> tuple[QLineEdit, str]:
    matter_id = list_matters(ctx.db, MatterKind.GRIEVANCE).rows[0][0]
    window.open_matter(matter_id)
    editor = window.list_view(MatterKind.GRIEVANCE).editor
    assert editor.matter_id == matter_id and editor.form is not None
    title = editor.form.field("title")
    assert isinstance(title, QLineEdit)
    title.setFocus()
    title.selectAll()
    typed = "Step 2 reply, typed before the disk failed"
    qtbot.keyClicks(title, typed)
    assert editor.is_dirty()
    return title, typed


def save_and_expect_kept(qtbot: QtBot, window: MainWindow, title: QLineEdit, typed: str,
                         boxes: list[str], expected: str) -> None:
    editor = window.list_view(MatterKind.GRIEVANCE).editor
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert boxes and expected in boxes[-1], boxes
    assert "Traceback" not in boxes[-1]
    assert title.text() == typed
    assert editor.is_dirty()
    assert "Not saved" in editor.status_label.text()


def test_save_on_a_read_only_disk_keeps_the_edit(qtbot: QtBot, window: MainWindow,
                                                 sample_ctx: AppContext,
                                                 boxes: list[str]) -> None:
    title, typed = edit_a_grievance(qtbot, window, sample_ctx)

    def query_only(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.execute("PRAGMA query_only=ON")

    event.listen(sample_ctx.db.engine, "connect", query_only)
    try:
        save_and_expect_kept(qtbot, window, title, typed, boxes, "read-only")
    finally:
        event.remove(sample_ctx.db.engine, "connect", query_only)
    # Once the disk is back, the same edit saves.
    qtbot.mouseClick(window.list_view(MatterKind.GRIEVANCE).editor.save_button,
                     Qt.MouseButton.LeftButton)
    editor = window.list_view(MatterKind.GRIEVANCE).editor
    assert not editor.is_dirty() and editor.record is not None and editor.record.title == typed


@pytest.mark.parametrize(("driver_message", "expected"), [
    ("attempt to write a readonly database", "read-only"),
    ("database or disk is full", "disk is full"),
    ("unable to open database file", "cannot be reached"),
])
def test_save_when_the_disk_fails_keeps_the_edit(qtbot: QtBot, window: MainWindow,
                                                 sample_ctx: AppContext, boxes: list[str],
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 driver_message: str, expected: str) -> None:
    title, typed = edit_a_grievance(qtbot, window, sample_ctx)

    def failing(*_a: object, **_k: object) -> None:
        raise OperationalError("UPDATE matter …", {}, sqlite3.OperationalError(driver_message))

    monkeypatch.setattr(sample_ctx.matters, "update", failing)
    save_and_expect_kept(qtbot, window, title, typed, boxes, expected)
    discard_edits(window)  # pytest-qt closes the window before fixtures are torn down


# -- restore and check ---------------------------------------------------------------------------

def test_restore_dialog_brings_the_data_back(qtbot: QtBot, window: MainWindow,
                                             sample_ctx: AppContext,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    backup = maintenance.backup_now(sample_ctx.db)
    matter_id = list_matters(sample_ctx.db, MatterKind.GRIEVANCE).rows[0][0]
    reference = sample_ctx.matters.get(matter_id).reference
    sample_ctx.matters.delete(matter_id)
    window.refresh_all()

    seen: list[RestoreDialog] = []

    def run_dialog(dialog: RestoreDialog) -> int:
        seen.append(dialog)
        dialog.show()
        assert dialog.table.topLevelItemCount() == 1
        item = dialog.table.topLevelItem(0)
        assert item.text(1) == "Backed up by hand" and item.text(3) == backup.name
        assert dialog.restore_button.isEnabled()
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    asked: list[str] = []
    monkeypatch.setattr(RestoreDialog, "exec", run_dialog)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **_k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: said.append(a[2]))
    old_db = window.ctx.db
    window.act_restore.trigger()

    assert seen and asked and "Replace everything" in asked[0]
    assert window.ctx.db is not old_db
    assert window.ctx.matters.get(matter_id).reference == reference  # the data is back
    assert said and str(backup) in said[0] and "before-restore" in said[0]
    grievances = window.show_view(MatterKind.GRIEVANCE.value)
    assert isinstance(grievances, MatterListView) and grievances.show_matter(matter_id)
    window.ctx.db.close()


def test_restore_dialog_without_backups(qtbot: QtBot, sample_db_path: Path) -> None:
    dialog = RestoreDialog(sample_db_path)
    qtbot.addWidget(dialog)
    assert dialog.table.topLevelItemCount() == 0
    assert not dialog.restore_button.isEnabled()
    assert "no backups" in dialog.empty_label.text()


def test_check_database_reports_a_tampered_attachment(qtbot: QtBot, window: MainWindow,
                                                      sample_ctx: AppContext,
                                                      sample_db_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    matter_id = list_matters(sample_ctx.db, MatterKind.GRIEVANCE).rows[0][0]
    sample_ctx.related.attach(matter_id, "award.txt", b"The arbitrator sustains the grievance.")
    conn = sqlite3.connect(sample_db_path)
    with conn:
        conn.execute("UPDATE attachment SET content = CAST(? AS BLOB)",
                     (b"The arbitrator DENIES the grievance!!!"[:38],))
    conn.close()
    found: list[list[str]] = []

    def capture(dialog: CheckResultsDialog) -> int:
        found.append(dialog.problems)
        assert dialog.list.count() == len(dialog.problems)
        dialog.copy()
        return 0

    monkeypatch.setattr(CheckResultsDialog, "exec", capture)
    window.act_check.trigger()
    assert found and any("award.txt" in p and "SHA-256" in p for p in found[0])
    assert not window.busy_bar.isVisible()


# -- one writer at a time ----------------------------------------------------------------------

@pytest.fixture
def lock_held_elsewhere(sample_db_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process (another copy of the app) holding the session lock on the sample file."""
    code = textwrap.dedent(f"""
        import sys
        from naij_tracker.db.lock import acquire_lock
        lock = acquire_lock({str(sample_db_path)!r})
        print("locked", flush=True)
        sys.stdin.read()
        lock.release()
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    yield proc
    assert proc.stdin is not None
    proc.stdin.close()
    proc.wait(timeout=10)


def test_a_second_instance_offers_read_only(qtbot: QtBot, sample_db_path: Path,
                                            lock_held_elsewhere: subprocess.Popen[str],
                                            ui_settings_store: QSettings,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    questions: list[str] = []

    def choose_read_only(box: QMessageBox) -> int:
        questions.append(box.text())
        box.defaultButton().click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", choose_read_only)
    ask = ReadOnlyQuestion(None)
    session = open_session(sample_db_path, ask)
    try:
        assert questions and "has this database open" in questions[0]
        assert f"pid {lock_held_elsewhere.pid}" not in questions[0]
        assert ask.asked[0].pid == lock_held_elsewhere.pid
        assert session.read_only and session.lock is None
        assert any("opened read-only" in w for w in session.warnings)
        window = make_window(qtbot, AppContext.for_database(session.db, who="Second"),
                             ui_settings_store)
        window.show_open_warnings(session.warnings)
        assert window.read_only_label.isVisible()
        assert "(read-only)" in window.windowTitle()
        for action in (window.act_import, window.act_backup, window.act_restore,
                       *window.act_new_matter.values()):
            assert not action.isEnabled()
        window.show_view(MatterKind.GRIEVANCE.value)
        assert not window.act_delete.isEnabled()
        assert not window.list_view(MatterKind.GRIEVANCE).new_button.isEnabled()
        notice = window._notices[0]
        assert notice.isVisible() and not notice.isModal()
        assert lock_path(sample_db_path).exists()  # never touched the other's lock
    finally:
        session.close()


def test_declining_read_only_quits(sample_db_path: Path,
                                   lock_held_elsewhere: subprocess.Popen[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from naij_tracker.db.lock import DatabaseLocked

    def choose_quit(box: QMessageBox) -> int:
        next(b for b in box.buttons() if b is not box.defaultButton()).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", choose_quit)
    ask = ReadOnlyQuestion(None)
    with pytest.raises(DatabaseLocked):
        open_session(sample_db_path, ask)
    assert ask.declined


def test_a_lost_lock_makes_the_window_read_only(qtbot: QtBot, sample_ctx: AppContext,
                                                sample_db_path: Path, boxes: list[str],
                                                ui_settings_store: QSettings) -> None:
    lock = acquire_lock(sample_db_path)
    window = make_window(qtbot, sample_ctx, ui_settings_store, lock=lock)
    assert window.heartbeat.isActive() and not window.read_only_label.isVisible()
    window.refresh_lock()  # a normal heartbeat
    assert window.lock is lock

    title, typed = edit_a_grievance(qtbot, window, sample_ctx)
    # Another instance decided we were dead and took the lock over.
    other = LockInfo(user="Ana", host="LAPTOP-7", pid=1, since=lock.info.since, token="theirs")
    lock_path(sample_db_path).write_text(other.to_json(), encoding="utf-8")
    window.refresh_lock()
    assert window.lock is None and not window.heartbeat.isActive()
    assert window.read_only_label.isVisible() and "(read-only)" in window.windowTitle()
    assert not window.act_new_matter[MatterKind.GRIEVANCE].isEnabled()
    assert any("read-only" in n.text() for n in window._notices)
    save_and_expect_kept(qtbot, window, title, typed, boxes, "read-only")
    discard_edits(window)
    window.close()
    assert LockInfo.from_json(lock_path(sample_db_path).read_text()).token == "theirs"


def test_the_lock_is_released_on_close(qtbot: QtBot, sample_ctx: AppContext,
                                       sample_db_path: Path,
                                       ui_settings_store: QSettings) -> None:
    lock = acquire_lock(sample_db_path)
    window = make_window(qtbot, sample_ctx, ui_settings_store, lock=lock)
    window.close()
    assert not lock_path(sample_db_path).exists() and window.lock is None


# -- automatic backups and warnings --------------------------------------------------------------

def test_daily_backup_runs_after_opening(window: MainWindow, sample_db_path: Path) -> None:
    window.start_daily_backup()
    backups = maintenance.list_backups(sample_db_path)
    assert [b.reason for b in backups] == ["daily"]
    assert not window.backup_warning.isVisible()
    window.start_daily_backup()  # not due again today
    assert len(maintenance.list_backups(sample_db_path)) == 1


def test_the_daily_backup_waits_for_an_unsaved_edit_to_be_saved(
        qtbot: QtBot, window: MainWindow, sample_ctx: AppContext, sample_db_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(window, "BACKUP_IDLE_RETRY_MS", 50)
    title, typed = edit_a_grievance(qtbot, window, sample_ctx)
    window.start_daily_backup()  # the 3 s timer fires while the officer is typing
    qtbot.wait(200)
    assert maintenance.list_backups(sample_db_path) == []  # the save is not put behind a copy
    editor = window.list_view(MatterKind.GRIEVANCE).editor
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.is_dirty()
    qtbot.waitUntil(lambda: len(maintenance.list_backups(sample_db_path)) == 1, timeout=3000)
    assert [b.reason for b in maintenance.list_backups(sample_db_path)] == ["daily"]


def test_the_daily_backup_waits_for_background_work_and_dialogs(
        qtbot: QtBot, sample_ctx: AppContext, ui_settings_store: QSettings,
        sample_db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = MainWindow(sample_ctx, runner=TaskRunner(), store=ui_settings_store)  # threaded
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.runner.running == 0, timeout=5000)
    monkeypatch.setattr(window, "BACKUP_IDLE_RETRY_MS", 50)
    release = threading.Event()
    window.runner.submit(lambda _c: release.wait(10))  # e.g. an import being written
    window.start_daily_backup()
    qtbot.wait(200)
    assert maintenance.list_backups(sample_db_path) == []
    dialog = QDialog(window)  # e.g. the import wizard, opened before the import ends
    dialog.setModal(True)
    dialog.show()
    release.set()
    qtbot.waitUntil(lambda: window.runner.running == 0, timeout=5000)
    qtbot.wait(200)
    assert maintenance.list_backups(sample_db_path) == []
    dialog.close()
    qtbot.waitUntil(lambda: len(maintenance.list_backups(sample_db_path)) == 1, timeout=5000)
    qtbot.waitUntil(lambda: window.runner.running == 0, timeout=5000)


def test_a_failed_daily_backup_only_warns(window: MainWindow, boxes: list[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    def full(_db: object) -> None:
        raise StorageError("Could not create the folder backups: No space left on device")

    monkeypatch.setattr(maintenance, "daily_backup_if_due", full)
    window.start_daily_backup()
    assert window.backup_warning.isVisible()
    assert "No space left" in window.backup_warning.toolTip()
    assert "automatic backup failed" in window.statusBar().currentMessage()
    assert not boxes  # nothing modal


def test_switching_to_a_database_takes_its_lock(window: MainWindow, tmp_path: Path) -> None:
    target = tmp_path / "other.sqlite3"
    assert window.switch_database(str(target))
    assert window.lock is not None and lock_path(target).exists()
    assert window.heartbeat.isActive()
    window.close()
    assert not lock_path(target).exists()
    window.ctx.db.close()
