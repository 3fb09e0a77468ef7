"""Encrypted databases in the GUI: the passphrase prompt, the recovery-key sheet, the File menu,
the keychain offered only where one exists, and the idle lock — typed and clicked for real."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from naij_tracker.db import cipher, keywrap
from naij_tracker.db.opening import open_database
from naij_tracker.services import encryption as enc
from naij_tracker.services import keychain
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.main_window import MainWindow
from naij_tracker.ui.passphrase_dialog import (
    PassphraseCancelled,
    PassphraseDialog,
    ensure_unlocked,
)
from naij_tracker.ui.recovery_key_dialog import RecoveryKeyDialog
from naij_tracker.ui.tasks import TaskRunner

PASS = "correct horse battery"


@pytest.fixture(autouse=True)
def _fast_keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(keywrap, "SCRYPT_N", 2**10)
    monkeypatch.setattr(enc, "WRONG_SECRET_DELAY", 0.0)
    yield
    cipher.lock()


class MemoryKeychain(KeyringBackend):
    """A real-looking keychain held in memory (priority like the OS ones)."""

    priority = 5  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture
def no_keychain(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())


@pytest.fixture
def memory_keychain(monkeypatch: pytest.MonkeyPatch) -> MemoryKeychain:
    import keyring

    backend = MemoryKeychain()
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    return backend


def script(*steps: tuple[str, Callable[[QWidget], None]], timeout_ms: int = 5000) -> list[str]:
    """Answer the dialogs that will open, in order: each step waits for a visible top-level
    widget with that object name, then acts on it. Returns the names answered."""
    done: list[str] = []
    remaining = list(steps)
    waited = [0]

    def attempt() -> None:
        if not remaining:
            return
        name, act = remaining[0]
        for w in QApplication.topLevelWidgets():
            if w.objectName() == name and w.isVisible():
                remaining.pop(0)
                done.append(name)
                waited[0] = 0
                act(w)
                QTimer.singleShot(0, attempt)
                return
        waited[0] += 20
        if waited[0] < timeout_ms:
            QTimer.singleShot(20, attempt)

    QTimer.singleShot(0, attempt)
    return done


def type_into(qtbot: QtBot, dialog: QWidget, field: str, text: str) -> None:
    edit = dialog.findChild(QLineEdit, field)
    assert edit is not None, field
    edit.clear()
    qtbot.keyClicks(edit, text)


def click(dialog: QWidget, button: str) -> None:
    found = dialog.findChild(QPushButton, button)
    assert found is not None and found.isEnabled(), button
    found.click()


@pytest.fixture
def encrypted(tmp_path: Path) -> Path:
    path = tmp_path / "cases.sqlite3"
    enc.create_encrypted(path, PASS)
    cipher.lock()
    return path


def test_the_prompt_refuses_a_wrong_passphrase_in_one_line_then_opens(
        qtbot: QtBot, encrypted: Path, no_keychain: None) -> None:
    before = encrypted.read_bytes()
    seen: list[str] = []

    def wrong(d: QWidget) -> None:
        assert not d.findChild(QWidget, "remember_passphrase").isVisible()  # no keychain here
        type_into(qtbot, d, "passphrase", "correct horse battery?")
        click(d, "open_button")
        message = d.findChild(QLabel, "passphrase_message")
        seen.append(message.text())
        assert d.isVisible()  # still asking: no retry limit
        assert not d.findChild(QPushButton, "open_button").isEnabled()  # a short pause first
        qtbot.waitUntil(lambda: d.findChild(QPushButton, "open_button").isEnabled(),
                        timeout=3000)
        type_into(qtbot, d, "passphrase", PASS)
        click(d, "open_button")

    answered = script(("passphrase_dialog", wrong))
    ensure_unlocked(encrypted)
    assert answered == ["passphrase_dialog"]
    assert seen == ["That passphrase does not open cases.sqlite3; nothing was changed."]
    assert enc.is_unlocked(encrypted)
    assert encrypted.read_bytes() == before


def test_cancelling_the_prompt_opens_nothing(qtbot: QtBot, encrypted: Path) -> None:
    script(("passphrase_dialog", lambda d: d.reject()))
    with pytest.raises(PassphraseCancelled, match="was not opened"):
        ensure_unlocked(encrypted)
    assert not enc.is_unlocked(encrypted)


def test_remember_on_this_computer_uses_the_keychain_and_only_a_real_one(
        qtbot: QtBot, encrypted: Path, memory_keychain: MemoryKeychain) -> None:
    def remember(d: QWidget) -> None:
        box = d.findChild(QWidget, "remember_passphrase")
        assert box.isVisible()
        qtbot.keyClick(box, Qt.Key.Key_Space)  # tick it from the keyboard
        type_into(qtbot, d, "passphrase", PASS)
        click(d, "open_button")

    script(("passphrase_dialog", remember))
    ensure_unlocked(encrypted)
    assert memory_keychain.items == {(keychain.SERVICE, str(encrypted)): PASS}
    cipher.lock()
    ensure_unlocked(encrypted)  # no dialog this time: the keychain answered
    assert enc.is_unlocked(encrypted)


def test_no_keychain_means_nothing_is_stored_anywhere(no_keychain: None, tmp_path: Path) -> None:
    assert not keychain.available()
    assert keychain.remember(tmp_path / "x.sqlite3", PASS) is False
    assert keychain.recall(tmp_path / "x.sqlite3") is None


def test_recovery_key_sheet_saves_a_private_pdf_and_asks_before_closing_unsaved(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = keywrap.new_recovery_key()
    dialog = RecoveryKeyDialog(key, tmp_path / "cases.sqlite3")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.findChild(QLabel, "recovery_key").text() == key
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    click(dialog, "done_button")
    assert asked and "not printed or saved" in asked[0] and dialog.isVisible()

    pdf = dialog.save_pdf(tmp_path / "key.pdf")
    assert pdf is not None and pdf.stat().st_mode & 0o777 == 0o600
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert key in text and "cases.sqlite3" in text and "apart from the computer" in text
    click(dialog, "done_button")
    assert not dialog.isVisible() and len(asked) == 1


def make_window(qtbot: QtBot, path: Path, store: QSettings) -> MainWindow:
    ctx = AppContext.for_database(open_database(path), who="Test Officer")
    window = MainWindow(ctx, runner=TaskRunner(synchronous=True), store=store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _menu_action(window: MainWindow, name: str) -> object:
    from PySide6.QtGui import QAction

    action = window.findChild(QAction, name)
    assert action is not None, name
    return action


def test_encrypt_this_database_from_the_file_menu(
        qtbot: QtBot, sample_ctx: AppContext, ui_settings_store: QSettings,
        tmp_path: Path) -> None:
    path = Path(sample_ctx.db.path)  # type: ignore[arg-type]
    sample_ctx.db.close()
    window = make_window(qtbot, path, ui_settings_store)
    actions = window.encryption  # type: ignore[attr-defined]
    actions.update_actions()
    assert actions.act_encrypt.isEnabled() and not actions.act_decrypt.isEnabled()
    # a plain database: no application-wide filter watching every event for the idle lock
    assert not actions.idle.watching
    names = [r[0] for r in window.ctx.db.read("SELECT name FROM member LIMIT 5")]
    pdf = tmp_path / "key.pdf"

    def choose(d: QWidget) -> None:
        type_into(qtbot, d, "new_passphrase", PASS)
        type_into(qtbot, d, "new_passphrase_again", PASS + "x")
        assert not d.findChild(QPushButton, "ok_button").isEnabled()
        assert "not the same" in d.findChild(QLabel, "new_passphrase_problem").text()
        type_into(qtbot, d, "new_passphrase_again", PASS)
        click(d, "ok_button")

    def keep(d: QWidget) -> None:
        d.save_pdf(pdf)
        click(d, "done_button")

    def delete(box: QWidget) -> None:
        assert isinstance(box, QMessageBox) and "before it was encrypted" in box.text()
        button = next(b for b in box.buttons() if "Delete securely" in b.text())
        button.click()

    answered = script(("new_passphrase_dialog", choose), ("recovery_key_dialog", keep),
                      ("secure_delete_question", delete))
    actions.act_encrypt.trigger()
    assert answered == ["new_passphrase_dialog", "recovery_key_dialog", "secure_delete_question"]

    assert enc.is_encrypted(path) and window.ctx.db.path == path
    raw = path.read_bytes()
    assert not any(n.encode() in raw for n in names)
    assert enc.plain_backups(path) == []  # the plain copies were deleted securely
    assert "300 grievances" in window.counts_label.text()  # reopened, encrypted, all there
    assert PdfReader(pdf).pages  # the sheet was saved
    actions.update_actions()
    assert not actions.act_encrypt.isEnabled() and actions.act_decrypt.isEnabled()
    assert actions.idle.watching and actions.idle.timer.isActive()  # now it locks when idle


def test_decrypt_asks_twice(qtbot: QtBot, encrypted: Path, ui_settings_store: QSettings,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    enc.unlock(encrypted, PASS)
    window = make_window(qtbot, encrypted, ui_settings_store)
    actions = window.encryption  # type: ignore[attr-defined]
    questions: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: questions.append(a[2]) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda *a, **k: questions.append(a[2]) or QMessageBox.StandardButton.Cancel)
    actions.act_decrypt.trigger()
    assert len(questions) == 2 and "Are you sure" in questions[1]
    assert enc.is_encrypted(encrypted)  # the second answer was Cancel

    monkeypatch.setattr(QMessageBox, "warning",
                        lambda *a, **k: questions.append(a[2]) or QMessageBox.StandardButton.Yes)
    assert actions.idle.watching
    actions.act_decrypt.trigger()
    assert cipher.has_plain_header(encrypted) is True
    assert not actions.idle.watching
    assert window.ctx.db.read("SELECT count(*) FROM matter")[0][0] == 0


def test_idle_lock_hides_the_window_forgets_the_key_and_asks_again(
        qtbot: QtBot, encrypted: Path, ui_settings_store: QSettings) -> None:
    enc.unlock(encrypted, PASS)
    window = make_window(qtbot, encrypted, ui_settings_store)
    idle = window.encryption.idle  # type: ignore[attr-defined]
    seen: dict[str, object] = {}

    def unlock(d: QWidget) -> None:
        seen["hidden"] = not window.centralWidget().isVisible()
        seen["forgotten"] = not enc.is_unlocked(encrypted)
        seen["reason"] = " ".join(label.text() for label in d.findChildren(QLabel))
        type_into(qtbot, d, "passphrase", PASS)
        click(d, "open_button")

    idle.set_minutes(0.001)  # 60 ms
    script(("unlock_dialog", unlock))
    qtbot.waitUntil(lambda: "hidden" in seen, timeout=5000)
    qtbot.waitUntil(lambda: window.centralWidget().isVisible(), timeout=5000)
    assert seen["hidden"] and seen["forgotten"]
    assert "Locked after 0.001 minutes without use" in str(seen["reason"])
    assert enc.is_unlocked(encrypted)
    idle.set_minutes(0)


def test_passphrase_dialog_screenshot(qtbot: QtBot, encrypted: Path, no_keychain: None) -> None:
    dialog = PassphraseDialog(encrypted)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.findChild(QLineEdit, "passphrase").echoMode() == QLineEdit.EchoMode.Password


def test_the_plain_output_warning_is_shown_once_per_session_and_only_when_encrypted(
        qtbot: QtBot, encrypted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from naij_tracker.ui import plain_output

    monkeypatch.setattr(plain_output, "_warned", set())
    shown: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box.text())
        return QMessageBox.StandardButton.Ok.value

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    plain = open_database(tmp_path / "plain.sqlite3")
    assert plain_output.confirm_plain_output(None, plain, "The export")
    plain.close()
    assert shown == []
    enc.unlock(encrypted, PASS)
    db = open_database(encrypted)
    assert plain_output.confirm_plain_output(None, db, "The export")
    assert plain_output.confirm_plain_output(None, db, "The packet")
    db.close()
    assert shown == ["The export will not be encrypted, although the database is."]


def test_attachment_copies_of_a_crashed_session_are_swept(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from naij_tracker.ui import temp_copies

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    gone = tmp_path / f"{temp_copies.PREFIX}{dead.stdout.strip()}-abc"
    mine = tmp_path / f"{temp_copies.prefix_for_this_process()}xyz"
    alive = tmp_path / f"{temp_copies.PREFIX}{os.getppid()}-def"
    for folder in (gone, mine, alive):
        (folder / "1").mkdir(parents=True)
        (folder / "1" / "medical.pdf").write_bytes(b"%PDF- private")
    assert temp_copies.sweep(temp_dir=tmp_path) == [gone]
    assert mine.exists() and alive.exists()
    assert temp_copies.sweep(this_process=True, temp_dir=tmp_path) == [mine]
    assert alive.exists()


def test_new_encrypted_database_and_change_passphrase_from_the_menu(
        qtbot: QtBot, ctx: AppContext, ui_settings_store: QSettings, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    window = MainWindow(ctx, runner=TaskRunner(synchronous=True), store=ui_settings_store)
    qtbot.addWidget(window)
    window.show()
    actions = window.encryption  # type: ignore[attr-defined]
    target = tmp_path / "secret"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), "Databases (*.sqlite3)"))
    shown: list[str] = []

    def choose(d: QWidget) -> None:
        type_into(qtbot, d, "new_passphrase", PASS)
        type_into(qtbot, d, "new_passphrase_again", PASS)
        click(d, "ok_button")

    def keep(d: QWidget) -> None:
        shown.append(d.findChild(QLabel, "recovery_key").text())
        d.save_pdf(tmp_path / "key.pdf")
        click(d, "done_button")

    script(("new_passphrase_dialog", choose), ("recovery_key_dialog", keep))
    actions.act_new.trigger()
    created = tmp_path / "secret.sqlite3"
    assert window.ctx.db.path == created and enc.is_encrypted(created)
    assert len(shown) == 1 and enc.verify_recovery_key(created, shown[0])

    body = created.read_bytes()

    def change(d: QWidget) -> None:
        type_into(qtbot, d, "new_passphrase", "an entirely new one")
        type_into(qtbot, d, "new_passphrase_again", "an entirely new one")
        click(d, "ok_button")

    window.ctx.db.close()
    actions.menu.aboutToShow.emit()  # as when the officer opens File ▸ Encryption
    assert actions.act_change.isEnabled() and not actions.act_encrypt.isEnabled()
    script(("new_passphrase_dialog", change))
    actions.act_change.trigger()
    cipher.lock()
    with pytest.raises(enc.WrongSecret):
        enc.unlock(created, PASS)
    enc.unlock(created, "an entirely new one")
    assert created.read_bytes()[:16] == body[:16]  # the same file salt: not re-encrypted


def test_the_idle_lock_time_is_chosen_and_remembered(
        qtbot: QtBot, encrypted: Path, ui_settings_store: QSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    from naij_tracker.ui import encryption_actions as ea
    from naij_tracker.ui import ui_settings as us

    enc.unlock(encrypted, PASS)
    window = make_window(qtbot, encrypted, ui_settings_store)
    idle = window.encryption.idle  # type: ignore[attr-defined]
    assert idle.minutes == 15 and idle.timer.isActive()
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (5, True))
    window.encryption.act_idle.trigger()  # type: ignore[attr-defined]
    assert idle.minutes == 5 and idle.timer.interval() == 300_000
    assert us.read(ui_settings_store, ea.IDLE_LOCK) == 5
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (0, True))
    window.encryption.act_idle.trigger()  # type: ignore[attr-defined]
    assert not idle.timer.isActive()  # 0: never


def test_the_recovery_key_sheet_prints(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    key = keywrap.new_recovery_key()
    dialog = RecoveryKeyDialog(key, tmp_path / "cases.sqlite3")
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a printer that writes a file
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_sheet(printer) and dialog.kept
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "printed.pdf").pages)
    assert key in text.replace(" ", "") or key in text


def test_switching_to_an_encrypted_database_starts_the_idle_lock(
        qtbot: QtBot, encrypted: Path, tmp_path: Path, ui_settings_store: QSettings) -> None:
    plain = tmp_path / "plain.sqlite3"
    open_database(plain).close()
    window = make_window(qtbot, plain, ui_settings_store)
    idle = window.encryption.idle
    assert not idle.watching
    enc.unlock(encrypted, PASS)
    assert window.switch_database(str(encrypted))
    assert idle.watching and idle.timer.isActive()
    assert window.switch_database(str(plain))
    assert not idle.watching
