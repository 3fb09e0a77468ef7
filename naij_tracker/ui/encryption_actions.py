"""File menu entries for encrypted databases, and the idle lock.

``install(window, file_menu)`` adds File ▸ New encrypted database…, Encrypt this database…,
Change passphrase…, New recovery key…, Decrypt this database… and Lock now, and starts the idle
lock. Converting the open database (encrypt, decrypt) closes its engine, keeps the session
lock, converts with the window blocked (nothing may write meanwhile), and reopens it.

The idle lock: after ``IDLE_MINUTES`` without a key press or a click, the window hides its
contents, the key is forgotten, and the passphrase is asked again; cancelling closes the window.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QMessageBox

from naij_tracker.db.errors import StorageError
from naij_tracker.services import encryption as enc
from naij_tracker.services import keychain
from naij_tracker.ui import ui_settings as us
from naij_tracker.ui.messages import APP_TITLE, show_error

if TYPE_CHECKING:
    from naij_tracker.ui.main_window import MainWindow
    from naij_tracker.ui.passphrase_dialog import PassphraseDialog

#: Minutes without use before an encrypted database locks itself (0: never).
IDLE_MINUTES = 15
IDLE_LOCK = us.UiSetting("security/idle_lock_minutes", int, IDLE_MINUTES,
                         "Minutes without a key press or click before an encrypted database "
                         "locks itself (0: never).")
_USER_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                          QEvent.Type.Wheel, QEvent.Type.TouchBegin})


class EncryptionActions(QObject):
    """The menu entries and their slots for one main window."""

    def __init__(self, window: MainWindow, file_menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.setObjectName("encryption_actions")
        #: The passphrase dialog while the idle lock waits for it (None otherwise).
        self.pending_unlock: PassphraseDialog | None = None

        def action(text: str, slot: Callable[[], object], name: str, tip: str) -> QAction:
            act = QAction(text, window)
            act.setObjectName(name)
            act.setStatusTip(tip)
            act.triggered.connect(lambda _checked=False: slot())
            window.addAction(act)
            return act

        self.act_new = action("New &encrypted database…", self.new_encrypted, "new_encrypted_db",
                              "Create a database that only its passphrase opens")
        self.act_encrypt = action("&Encrypt this database…", self.encrypt_current,
                                  "encrypt_db", "Protect this file with a passphrase")
        self.act_change = action("Change &passphrase…", self.change_passphrase,
                                 "change_passphrase", "Choose a new passphrase")
        self.act_recovery = action("New recovery &key…", self.new_recovery_key,
                                   "new_recovery_key", "Replace the recovery key")
        self.act_decrypt = action("&Decrypt this database…", self.decrypt_current, "decrypt_db",
                                  "Write this database back as a plain file")
        self.act_lock = action("&Lock now", self.lock_now, "lock_now",
                               "Close the database until the passphrase is typed again")
        self.act_idle = action("Lock when &idle…", self.choose_idle_minutes, "idle_lock",
                               "After how many minutes without use to lock")
        self.act_forget = action("&Forget the remembered passphrase", self.forget_remembered,
                                 "forget_passphrase", "Ask for the passphrase next time")
        actions = list(file_menu.actions())
        new_db = getattr(window, "act_new_db", None)
        after_new = actions[actions.index(new_db) + 1] if new_db in actions else None
        if after_new is not None:
            file_menu.insertAction(after_new, self.act_new)
        else:
            file_menu.addAction(self.act_new)
        quit_action = getattr(window, "act_quit", None)
        self.menu = QMenu("En&cryption", file_menu)
        self.menu.setObjectName("encryption_menu")
        self.menu.addActions([self.act_encrypt, self.act_change, self.act_recovery,
                              self.act_forget, self.act_decrypt])
        self.menu.addSeparator()
        self.menu.addActions([self.act_lock, self.act_idle])
        if quit_action in file_menu.actions():
            file_menu.insertMenu(quit_action, self.menu)
            file_menu.insertSeparator(quit_action)
        else:
            file_menu.addMenu(self.menu)
        file_menu.aboutToShow.connect(self.update_actions)
        self.menu.aboutToShow.connect(self.update_actions)
        # Not the keychain yet: loading keyring takes 0.1–0.2 s, and the start must not wait
        # for it; the menus ask it when they are about to show.
        self.idle = IdleLock(self, max(0, int(us.read(window.store, IDLE_LOCK))))
        self.update_actions(keychain_too=False)

    # -- state -----------------------------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        db = self.window.ctx.db
        return Path(db.path) if db.path is not None else None

    def encrypted(self) -> bool:
        return self.path is not None and enc.is_encrypted(self.path)

    def update_actions(self, keychain_too: bool = True) -> None:
        db = self.window.ctx.db
        is_file = db.path is not None
        encrypted = self.encrypted()
        writable = is_file and not db.read_only
        self.act_encrypt.setEnabled(writable and not encrypted)
        for act in (self.act_change, self.act_recovery, self.act_decrypt):
            act.setEnabled(writable and encrypted)
        self.act_lock.setEnabled(encrypted)
        self.idle.watch(encrypted)
        if not keychain_too:
            return
        self.act_forget.setVisible(keychain.available())
        self.act_forget.setEnabled(encrypted and self.path is not None
                                   and keychain.recall(self.path) is not None)

    # -- slots -----------------------------------------------------------------------------------
    def new_encrypted(self) -> None:
        from naij_tracker.ui.session_open import DB_FILTER

        name, _ = QFileDialog.getSaveFileName(self.window, "New encrypted database", "",
                                              DB_FILTER)
        if not name:
            return
        path = Path(name if Path(name).suffix else name + ".sqlite3")
        if path.exists():
            QMessageBox.warning(self.window, APP_TITLE,
                                f"{path} already exists. Use Open database… to open it.")
            return
        from naij_tracker.ui.passphrase_dialog import ask_new_passphrase
        from naij_tracker.ui.recovery_key_dialog import show_recovery_key

        passphrase = ask_new_passphrase(
            self.window, "New encrypted database",
            f"Choose the passphrase of {path.name}. It is asked every time the database is "
            "opened.", ok_text="&Create")
        if passphrase is None:
            return
        try:
            recovery = _busy(lambda: enc.create_encrypted(path, passphrase))
        except StorageError as exc:
            show_error(self.window, "New encrypted database", exc)
            return
        show_recovery_key(recovery, path, self.window)
        self.window.switch_database(str(path))

    def encrypt_current(self) -> None:
        path = self.path
        if path is None or not self.window.editors_may_leave():
            return
        from naij_tracker.ui.passphrase_dialog import ask_new_passphrase
        from naij_tracker.ui.recovery_key_dialog import show_recovery_key

        passphrase = ask_new_passphrase(
            self.window, "Encrypt this database",
            f"{path.name} will be encrypted: without the passphrase (or the recovery key shown "
            "next) nobody can read it, nor its backups. Choose the passphrase.",
            ok_text="&Encrypt")
        if passphrase is None:
            return
        result = self._convert(lambda: enc.encrypt_in_place(path, passphrase), "Encrypt")
        if result is None:
            return
        show_recovery_key(result.recovery_key, path, self.window)
        self.offer_secure_delete(result.plain_backups)

    def offer_secure_delete(self, plain: list[Path]) -> bool:
        """Ask to delete the plain copies (the before-encryption backup first among them)."""
        if not plain:
            return False
        box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE,
                          f"{len(plain)} backup(s) of this database were written before it was "
                          "encrypted. Anyone who copies them can still read every record.",
                          parent=self.window)
        box.setObjectName("secure_delete_question")
        box.setInformativeText(
            "Delete them securely now? Each is overwritten, then removed. The encrypted "
            "database was checked row for row against the original, so nothing is lost. "
            "(On an SSD the old blocks may survive an overwrite; full-disk encryption covers "
            "them.)")
        box.setDetailedText("\n".join(str(p) for p in plain))
        delete = box.addButton("&Delete securely", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("&Keep them for now", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is not delete:
            return False
        try:
            for p in plain:
                enc.delete_securely(p)
        except StorageError as exc:
            show_error(self.window, "Delete securely", exc)
            return False
        return True

    def decrypt_current(self) -> None:
        path = self.path
        if path is None or not self.window.editors_may_leave():
            return
        first = QMessageBox.question(
            self.window, APP_TITLE,
            f"Decrypt {path.name}? It will be written back as a plain file that anyone who "
            "copies this computer's disk can read.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if first != QMessageBox.StandardButton.Yes:
            return
        second = QMessageBox.warning(
            self.window, APP_TITLE,
            "Are you sure? The members' records in it will no longer be protected. An "
            "encrypted copy is kept in the backups folder.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if second != QMessageBox.StandardButton.Yes:
            return
        if self._convert(lambda: enc.decrypt_in_place(path), "Decrypt") is not None:
            keychain.forget(path)

    def change_passphrase(self) -> None:
        path = self.path
        if path is None:
            return
        from naij_tracker.ui.passphrase_dialog import ask_new_passphrase

        passphrase = ask_new_passphrase(
            self.window, "Change passphrase",
            f"The new passphrase of {path.name}. The old one stops working; the recovery key "
            "keeps working. The database itself is not rewritten.", ok_text="&Change")
        if passphrase is None:
            return
        try:
            enc.change_passphrase(path, passphrase)
        except StorageError as exc:
            show_error(self.window, "Change passphrase", exc)
            return
        if keychain.recall(path) is not None:
            keychain.remember(path, passphrase)
        self.window.statusBar().showMessage("The passphrase was changed.", 8000)

    def new_recovery_key(self) -> None:
        path = self.path
        if path is None:
            return
        answer = QMessageBox.question(
            self.window, APP_TITLE, "Make a new recovery key? The old one will stop working.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            recovery = enc.new_recovery_key(path)
        except StorageError as exc:
            show_error(self.window, "New recovery key", exc)
            return
        from naij_tracker.ui.recovery_key_dialog import show_recovery_key

        show_recovery_key(recovery, path, self.window)

    def forget_remembered(self) -> None:
        if self.path is not None:
            keychain.forget(self.path)
            self.window.statusBar().showMessage("This computer no longer remembers the "
                                                "passphrase.", 8000)

    def choose_idle_minutes(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        minutes, ok = QInputDialog.getInt(
            self.window, "Lock when idle", "Lock an encrypted database after this many minutes "
            "without a key press or a click (0: never):", int(self.idle.minutes), 0, 480)
        if ok:
            us.write(self.window.store, IDLE_LOCK, minutes)
            self.idle.set_minutes(minutes)

    def lock_now(self, reason: str = "") -> bool:
        """Hide everything, forget the key, ask again. False if the officer closed instead."""
        path = self.path
        if path is None or not enc.is_encrypted(path):
            return True
        window = self.window
        central = window.centralWidget()
        assert central is not None  # the window builds its views before any lock
        central.setVisible(False)
        window.runner.shutdown()
        enc.lock(path)
        from naij_tracker.ui.passphrase_dialog import PassphraseDialog

        dialog = PassphraseDialog(path, window, reason=reason or
                                  "Locked. Type the passphrase to go on working.")
        dialog.setObjectName("unlock_dialog")
        self.pending_unlock = dialog
        unlocked = dialog.exec() == PassphraseDialog.DialogCode.Accepted
        self.pending_unlock = None
        if not unlocked:
            window.close()
            return False
        central.setVisible(True)
        window.refresh_all()
        return True

    # -- converting the open database --------------------------------------------------------
    def _convert(self, work: Callable[[], Any], title: str) -> Any:
        """Close the engine, run ``work`` with the window blocked, reopen; None on failure."""
        from naij_tracker.db.opening import open_database

        window = self.window
        old = window.ctx.db
        path = self.path
        assert path is not None
        window.runner.shutdown()
        old.close()
        try:
            result = _busy(work)
        except StorageError as exc:
            show_error(window, f"{title} this database", exc)
            result = None
        try:
            window.databases.reopened(open_database(path), closing=old)
        except StorageError as exc:
            show_error(window, f"{title} this database", exc)
        self.update_actions()
        return result


def _busy(work: Callable[[], Any]) -> Any:
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return work()
    finally:
        QGuiApplication.restoreOverrideCursor()


class IdleLock(QObject):
    """Locks an encrypted database after some minutes without a key press or a click."""

    def __init__(self, actions: EncryptionActions, minutes: float) -> None:
        super().__init__(actions)
        self.actions = actions
        self.timer = QTimer(self)
        self.timer.setObjectName("idle_lock_timer")
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._idle)
        self.watching = False
        self.set_minutes(minutes)

    def watch(self, encrypted: bool) -> None:
        """Watch for key presses and clicks while the database is encrypted, and only then:
        every event of the application passes through an application-wide filter, which
        costs a plain database's start some 50 ms for nothing."""
        app = QApplication.instance()
        if app is None or encrypted == self.watching:
            return
        if encrypted:
            app.installEventFilter(self)
            self.set_minutes(self.minutes)  # count from now
        else:
            app.removeEventFilter(self)
        self.watching = encrypted

    def set_minutes(self, minutes: float) -> None:
        self.minutes = minutes
        self.timer.stop()
        if minutes > 0:
            self.timer.setInterval(int(minutes * 60_000))
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in _USER_EVENTS and self.minutes > 0:
            self.timer.start()
        return False

    def _idle(self) -> None:
        if not self.actions.encrypted() or self.actions.pending_unlock:
            self.timer.start()
            return
        if not self.watching:  # not known to be encrypted until now: count from here
            self.watch(True)
            return
        minutes = f"{self.minutes:g}"
        if self.actions.lock_now(f"Locked after {minutes} minutes without use. Type the "
                                 "passphrase to go on working."):
            self.timer.start()


def install(window: MainWindow, file_menu: QMenu) -> EncryptionActions:
    """Add the encryption entries to ``file_menu`` and start the idle lock."""
    window.encryption = EncryptionActions(window, file_menu)
    return window.encryption
