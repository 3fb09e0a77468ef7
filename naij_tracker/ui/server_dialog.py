"""File ▸ Connect to a server…: the PostgreSQL database several officers share.

The officer fills in what the administrator gave them (server, port, database, user name,
password); the dialog builds the address (``postgresql+psycopg://…``, every part escaped, so a
password holding ``@`` or ``/`` works) and the window opens it like a file. Everything but the
password is remembered for next time; the password never is.
"""

from __future__ import annotations

from urllib.parse import quote

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from naij_tracker.ui import ui_settings as us
from naij_tracker.ui.style import mute

DEFAULT_PORT = 5432


class ServerDialog(QDialog):
    """Asks where the shared database is; ``url()`` is the address to open."""

    def __init__(self, store: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Connect to a server")
        self.setObjectName("server_dialog")
        intro = QLabel("The shared PostgreSQL database that several officers work in at once. "
                       "Your union's administrator gives you these details.", self)
        intro.setWordWrap(True)
        mute(intro)

        self.host = QLineEdit(us.read(store, us.SERVER_HOST), self)
        self.host.setPlaceholderText("e.g. db.union.example")
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(us.read(store, us.SERVER_PORT) or DEFAULT_PORT)
        self.database = QLineEdit(us.read(store, us.SERVER_DATABASE), self)
        self.database.setPlaceholderText("e.g. naij")
        self.user = QLineEdit(us.read(store, us.SERVER_USER), self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("not remembered")
        for name, widget in (("server_host", self.host), ("server_port", self.port),
                             ("server_database", self.database), ("server_user", self.user),
                             ("server_password", self.password)):
            widget.setObjectName(name)

        form = QFormLayout()
        form.addRow("&Server:", self.host)
        form.addRow("P&ort:", self.port)
        form.addRow("&Database:", self.database)
        form.addRow("&User name:", self.user)
        form.addRow("&Password:", self.password)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.connect_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.connect_button.setText("&Connect")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for edit in (self.host, self.database, self.user):
            edit.textChanged.connect(self._update)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self._update()
        (self.password if self._complete() else self.host).setFocus()

    def _complete(self) -> bool:
        return all(e.text().strip() for e in (self.host, self.database, self.user))

    def _update(self) -> None:
        self.connect_button.setEnabled(self._complete())

    def url(self) -> str:
        """The address to open, with the password (never shown, never stored)."""
        user = quote(self.user.text().strip(), safe="")
        password = self.password.text()
        credentials = f"{user}:{quote(password, safe='')}" if password else user
        host = self.host.text().strip()
        if ":" in host and not host.startswith("["):  # an IPv6 address
            host = f"[{host}]"
        database = quote(self.database.text().strip(), safe="")
        return f"postgresql+psycopg://{credentials}@{host}:{self.port.value()}/{database}"

    def accept(self) -> None:
        if not self._complete():
            return
        us.write(self.store, us.SERVER_HOST, self.host.text().strip())
        us.write(self.store, us.SERVER_PORT, self.port.value())
        us.write(self.store, us.SERVER_DATABASE, self.database.text().strip())
        us.write(self.store, us.SERVER_USER, self.user.text().strip())
        super().accept()


def ask_for_server(store: QSettings, parent: QWidget | None = None,
                   title: str = "Connect to a server") -> str | None:
    """Show the dialog; the address to open, or None when the officer cancelled."""
    dialog = ServerDialog(store, parent)
    dialog.setWindowTitle(title)
    url = dialog.url() if dialog.exec() == QDialog.DialogCode.Accepted else None
    dialog.deleteLater()
    return url
