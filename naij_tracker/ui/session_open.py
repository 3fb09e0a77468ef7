"""Opening a database for a window: under the lock, or read-only when the officer agrees.

Used at start-up (``ui/app.py``) and when the officer switches databases from the main window.
A file holding triggers or views this application did not make is met with ``SchemaQuestion``:
"Open read-only", "Repair" (after a backup) or "Quit"/"Cancel".
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

#: The file dialogs' filter for database files.
DB_FILTER = "Case tracker databases (*.sqlite3 *.sqlite *.db);;All files (*)"

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox, QWidget

    from naij_tracker.db.lock import LockInfo
    from naij_tracker.db.session import Session


def holder_text(holder: LockInfo) -> str:
    """'Ana on LAPTOP-7 (since 2026-03-02 09:14)' — who has a database open."""
    return f"{holder.user} on {holder.host} (since {holder.since:%Y-%m-%d %H:%M})"


class ReadOnlyQuestion:
    """The ``ask`` of ``open_for_writing_or_readonly``: a dialog offering read-only or quit.

    ``declined`` records that the officer chose not to open the file (so the caller can leave
    quietly instead of showing an error they already know about).
    """

    def __init__(self, parent: QWidget | None = None, *, alternative: str = "Quit") -> None:
        self.parent = parent
        self.alternative = alternative
        self.declined = False
        self.asked: list[LockInfo] = []

    def __call__(self, holder: LockInfo) -> bool:
        from PySide6.QtWidgets import QMessageBox

        from naij_tracker.ui.messages import APP_TITLE

        self.asked.append(holder)
        box = QMessageBox(QMessageBox.Icon.Question, APP_TITLE,
                          f"{holder_text(holder)} has this database open. Open it read-only, "
                          f"or {self.alternative.lower()}?", parent=self.parent)
        box.setObjectName("read_only_question")
        box.setInformativeText(
            "Only one copy of the application may change a database at a time. Read-only, "
            "you can look at everything, export and print packets, but not change anything.")
        read_only = box.addButton("Open &read-only", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.alternative, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(read_only)
        box.exec()
        self.declined = box.clickedButton() is not read_only
        return not self.declined


class SchemaQuestion:
    """The ``on_schema`` of ``open_for_writing_or_readonly``: a file holding triggers or views
    this application did not make — open it read-only, repair it (after a backup), or quit."""

    READ_ONLY, REPAIR = "read-only", "repair"

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent
        self.asked: list[str] = []
        self._buttons: dict[str, object] = {}

    def __call__(self, mismatch: Exception) -> str | None:
        self.asked.append(str(mismatch))
        box = self.box(mismatch)
        box.exec()
        clicked = box.clickedButton()
        return {id(b): role for role, b in self._buttons.items()}.get(id(clicked))

    def box(self, mismatch: Exception) -> QMessageBox:
        """The question, built (not shown): its three buttons and the explanation."""
        from PySide6.QtWidgets import QMessageBox

        from naij_tracker.ui.messages import APP_TITLE

        box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE, str(mismatch), parent=self.parent)
        box.setObjectName("schema_question")
        box.setInformativeText(
            "A database made by this application never holds them; a file received from "
            "someone else may, and they could change or delete records when anything is "
            "saved. Read-only, nothing runs them. Repairing removes them, after a backup of "
            "the file as it is.")
        read_only = box.addButton("Open &read-only", QMessageBox.ButtonRole.AcceptRole)
        repair = box.addButton("&Repair", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(read_only)
        self._buttons = {self.READ_ONLY: read_only, self.REPAIR: repair}
        return box


def reconnect_to_server(store: QSettings) -> str | None:
    """The server of the last session, if it was on one and the officer connects again (the
    password is asked, never kept); None otherwise. Cancelling stops asking at start-up until
    a server is chosen from the menu again."""
    from naij_tracker.ui import ui_settings as us

    if not us.read(store, us.LAST_SERVER):
        return None
    from naij_tracker.ui.server_dialog import ask_for_server

    url = ask_for_server(store, title="Reconnect to the server")
    if url is None:
        us.write(store, us.LAST_SERVER, False)
    return url


def open_session(target: str | os.PathLike[str], ask: Callable[[LockInfo], bool], *,
                 read_only: bool = False,
                 on_schema: Callable[[Exception], str | None] | None = None) -> Session:
    """Open ``target`` for this session: under the lock, or read-only (asked, or as requested).

    An encrypted file's passphrase is asked first. ``on_schema`` (a ``SchemaQuestion``) is
    asked what to do with a file holding triggers or views this application did not make.
    Raises ``StorageError`` (``DatabaseLocked`` when the officer declined read-only).
    """
    from naij_tracker.db.session import Session
    from naij_tracker.ui.passphrase_dialog import ensure_unlocked

    ensure_unlocked(target, getattr(ask, "parent", None))  # an encrypted file: its passphrase
    return Session.open(target, ask, read_only=read_only, on_schema=on_schema)
