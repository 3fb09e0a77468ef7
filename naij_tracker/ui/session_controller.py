"""The window's side of the ``Session`` (``db/session.py``): the heartbeat timer and its news.

The session itself knows nothing of Qt. This controller calls ``Session.heartbeat`` every
``HEARTBEAT_INTERVAL`` while a lock is held and turns what it finds into signals: ``lost`` (the
lock was taken over, the session is read-only now) and ``trouble`` (the lock file could not be
renewed this time).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from naij_tracker.db.lock import HEARTBEAT_INTERVAL
from naij_tracker.db.session import Session


class SessionController(QObject):
    """Owns the heartbeat ``QTimer`` of one window's ``Session``."""

    #: The lock was lost; the session is read-only now (why, for the officer).
    lost = Signal(str)
    #: The lock file could not be renewed (it is still held); a message for the status bar.
    trouble = Signal(str)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.timer = QTimer(self)
        self.timer.setObjectName("lock_heartbeat")
        self.timer.setInterval(int(HEARTBEAT_INTERVAL.total_seconds() * 1000))
        self.timer.timeout.connect(self.heartbeat)
        self.start()

    def start(self) -> None:
        """Beat while a lock is held; stay quiet otherwise."""
        if self.session.lock is not None:
            self.timer.start()
        else:
            self.timer.stop()

    def heartbeat(self) -> None:
        """Renew the lock; say so if it was lost or could not be renewed."""
        beat = self.session.heartbeat()
        if beat.lost:
            self.timer.stop()
            self.lost.emit(beat.lost)
        elif beat.trouble:
            self.trouble.emit(beat.trouble)

    def switch(self, new: Session) -> None:
        """Work on ``new`` (the old database is closed, its lock released), beating anew."""
        self.timer.stop()
        self.session.switch(new)
        self.start()

    def release_lock(self) -> None:
        self.timer.stop()
        self.session.release_lock()

    def close(self) -> None:
        """Close the database and release its lock."""
        self.timer.stop()
        self.session.close()
