"""The passphrase prompt of an encrypted database, and the dialog that chooses a new passphrase.

``ensure_unlocked(target, parent)`` is what opening a file calls: nothing for a plain file or
one already unlocked; the passphrase from the keychain when the officer asked this computer to
remember it; otherwise ``PassphraseDialog``. A wrong passphrase is one line under the field,
after a short delay; the officer may try again as often as they like, and nothing is written.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from naij_tracker.db.cipher import PassphraseNeeded
from naij_tracker.db.errors import StorageError
from naij_tracker.services import encryption as enc
from naij_tracker.services import keychain
from naij_tracker.ui.style import WARNING_COLOR, mute, set_text_color


class PassphraseDialog(QDialog):
    """Asks for the passphrase (or the recovery key) of one encrypted database and unlocks it."""

    def __init__(self, db_path: Path, parent: QWidget | None = None, *,
                 reason: str = "") -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.used = ""
        self.setObjectName("passphrase_dialog")
        self.setWindowTitle("Encrypted database")
        title = QLabel(f"<b>{self.db_path.name}</b> is encrypted.", self)
        intro = QLabel(reason or "Type its passphrase to open it. If the passphrase is lost, "
                       "the recovery key printed when it was encrypted opens it too.", self)
        intro.setWordWrap(True)
        mute(intro)
        where = QLabel(str(self.db_path.parent), self)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        mute(where)
        self.secret = QLineEdit(self)
        self.secret.setObjectName("passphrase")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText("passphrase or recovery key")
        self.secret.setMinimumWidth(320)
        self.remember = QCheckBox("&Remember on this computer", self)
        self.remember.setObjectName("remember_passphrase")
        self.remember.setToolTip("Keeps the passphrase in this computer's keychain, so this "
                                 "database opens without asking while you are logged in.")
        # Offered only where the operating system has a real keychain: never a file of ours.
        self.remember.setVisible(keychain.available())
        self.message = QLabel("", self)
        self.message.setObjectName("passphrase_message")
        self.message.setWordWrap(True)
        set_text_color(self.message, WARNING_COLOR)
        self.message.hide()

        form = QFormLayout()
        form.addRow("&Passphrase:", self.secret)
        self.buttons = QDialogButtonBox(self)
        self.open_button = self.buttons.addButton("&Open", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setObjectName("open_button")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_unlock)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(where)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.secret.setFocus()

    def try_unlock(self) -> None:
        secret = self.secret.text()
        if not secret:
            self._say("Type the passphrase first.")
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            # The pause after a wrong passphrase is kept below, without freezing the window.
            self.used = enc.unlock(self.db_path, secret, delay=0)
        except StorageError as exc:
            self._say(str(exc))
            self._pause()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        if self.remember.isVisible() and self.remember.isChecked() and self.used == "passphrase":
            keychain.remember(self.db_path, secret)
        self.secret.clear()
        self.accept()

    def _pause(self) -> None:
        """A short pause before the next try (no limit on tries: an officer who mistypes
        must never be locked out of the union's records)."""
        for widget in (self.secret, self.open_button):
            widget.setEnabled(False)

        def resume() -> None:
            for widget in (self.secret, self.open_button):
                widget.setEnabled(True)
            self.secret.selectAll()
            self.secret.setFocus()

        QTimer.singleShot(int(enc.WRONG_SECRET_DELAY * 1000), resume)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()


class PassphraseCancelled(PassphraseNeeded):
    """The officer closed the passphrase prompt: the database was not opened."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.args = (f"{path.name} was not opened: it is encrypted and no passphrase was "
                     "given.",)


def ensure_unlocked(target: str | os.PathLike[str], parent: QWidget | None = None, *,
                    reason: str = "") -> None:
    """Return when ``target`` may be opened now (plain, a server, or unlocked); raise
    ``PassphraseCancelled`` when the officer cancelled the passphrase prompt."""
    text = os.fspath(target)
    if "://" in text and not text.startswith("sqlite"):
        return
    if text.startswith("sqlite"):
        text = text.split("///", 1)[1]
    path = Path(text).expanduser().absolute()
    if not enc.is_encrypted(path) or enc.is_unlocked(path):
        return
    remembered = keychain.recall(path)
    if remembered is not None:
        try:
            enc.unlock(path, remembered, delay=0)
            return
        except StorageError:
            keychain.forget(path)  # changed elsewhere: ask, and stop offering the old one
    dialog = PassphraseDialog(path, parent, reason=reason)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        raise PassphraseCancelled(path)


class NewPassphraseDialog(QDialog):
    """Chooses a passphrase: typed twice, at least eight characters, said why when refused."""

    def __init__(self, title: str, intro: str, parent: QWidget | None = None, *,
                 ok_text: str = "OK") -> None:
        super().__init__(parent)
        self.setObjectName("new_passphrase_dialog")
        self.setWindowTitle(title)
        text = QLabel(intro, self)
        text.setWordWrap(True)
        self.first = QLineEdit(self)
        self.first.setObjectName("new_passphrase")
        self.again = QLineEdit(self)
        self.again.setObjectName("new_passphrase_again")
        for field in (self.first, self.again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setMinimumWidth(300)
            field.textChanged.connect(self._check)
        self.problem = QLabel("", self)
        self.problem.setObjectName("new_passphrase_problem")
        set_text_color(self.problem, WARNING_COLOR)
        form = QFormLayout()
        form.addRow("&New passphrase:", self.first)
        form.addRow("&Again:", self.again)
        hint = QLabel("A few unrelated words are easier to remember and harder to guess than "
                      "a short password. Nobody — not even this application's authors — can "
                      "open the database without the passphrase or the recovery key.", self)
        hint.setWordWrap(True)
        mute(hint)
        self.buttons = QDialogButtonBox(self)
        self.ok = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("ok_button")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self._check()

    def _check(self) -> None:
        problem = enc.passphrase_problem(self.first.text(), self.again.text())
        self.problem.setText(problem or "")
        self.ok.setEnabled(problem is None)

    def passphrase(self) -> str:
        return self.first.text()


def ask_new_passphrase(parent: QWidget | None, title: str, intro: str, *,
                       ok_text: str = "OK") -> str | None:
    dialog = NewPassphraseDialog(title, intro, parent, ok_text=ok_text)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.passphrase()
