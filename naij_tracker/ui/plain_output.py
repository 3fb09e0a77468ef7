"""The once-per-session warning before a plain file is written from an encrypted database.

Exports, briefing packets and calendar files are plain by nature: whoever has the file reads
it. While an encrypted database is unlocked the whole process creates files readable by the
user only (``naij_tracker.db.cipher`` sets the umask), and the first time in a session the
officer writes one, they are told so — once, not at every export.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from naij_tracker.db.opening import Database
from naij_tracker.services import encryption as enc
from naij_tracker.ui.messages import APP_TITLE

_warned: set[str] = set()


def confirm_plain_output(parent: QWidget | None, db: Database, what: str = "This file") -> bool:
    """True to go on writing; False if the officer cancelled at the warning."""
    if db.path is None or not enc.is_encrypted(db.path) or str(db.path) in _warned:
        return True
    box = QMessageBox(QMessageBox.Icon.Information, APP_TITLE,
                      f"{what} will not be encrypted, although the database is.", parent=parent)
    box.setObjectName("plain_output_warning")
    box.setInformativeText(
        "It is written readable by you only on this computer, but anyone who gets a copy of "
        "it — a mail attachment, a USB stick, a printout left on the copier — can read it. "
        "Send it only where it needs to go. (You are told this once per session.)")
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Ok)
    if box.exec() != QMessageBox.StandardButton.Ok:
        return False
    _warned.add(str(db.path))
    return True
