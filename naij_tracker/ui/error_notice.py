"""Showing an officer that something unexpected went wrong, from any thread, without piling up.

``ErrorNotice.post`` may be called from any thread (it is what ``app_log.install_excepthooks``
calls); the notice is shown on the GUI thread in one non-modal message box. Further errors while
it is open update its count instead of opening a box each — a slot failing on every repaint must
not bury the window under dialogs.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from naij_tracker.ui.messages import APP_TITLE


class ErrorNotice(QObject):
    """Receives notices from any thread; shows them on the GUI thread."""

    _posted = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.box: QMessageBox | None = None
        self.count = 0
        self._posted.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def post(self, text: str) -> None:
        self._posted.emit(text)

    @Slot(str)
    def _show(self, text: str) -> None:
        if self.box is not None and self.box.isVisible():
            self.count += 1
            self.box.setText(f"{text}\n\n({self.count} errors since this message appeared.)")
            return
        self.count = 1
        parent = self.parent()
        box = QMessageBox(QMessageBox.Icon.Critical, APP_TITLE, text,
                          parent=parent if isinstance(parent, QWidget) else None)
        box.setObjectName("unexpected_error")
        box.setInformativeText("Your saved records are safe. If the last change does not "
                               "appear, make it again; please send the log file with a report.")
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.show()
        self.box = box
