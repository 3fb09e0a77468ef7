"""Edit ▸ Undo for this window's session: the last saved edit, deletion, link or "done".

Each change the window makes pushes how to take it back (a callable that goes through the
services, so the undo is itself a recorded, validated change). Undo runs the newest; if it fails
(someone else changed the matter since, the trash entry was emptied) the entry is dropped and the
reason shown. Typing inside a text field keeps its own Ctrl+Z: Qt gives the focused line edit
the shortcut first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

#: How many changes the window remembers.
LIMIT = 100


@dataclass(frozen=True)
class UndoEntry:
    #: What undoing does, for the menu: "Undo delete of G-1".
    text: str
    undo: Callable[[], object]


class UndoStack(QObject):
    """The session's changes, newest last; ``changed`` when one is added or undone."""

    changed = Signal()
    #: After a successful undo, with its text (views refresh, the status bar says it).
    undone = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[UndoEntry] = []

    def push(self, text: str, undo: Callable[[], object]) -> None:
        self._entries.append(UndoEntry(text, undo))
        del self._entries[:-LIMIT]
        self.changed.emit()

    def can_undo(self) -> bool:
        return bool(self._entries)

    def undo_text(self) -> str:
        return self._entries[-1].text if self._entries else ""

    def undo(self) -> str | None:
        """Undo the newest change; its text, or None when there is nothing to undo.

        An exception from the undo is passed on (the caller shows it); the entry is dropped
        either way, so a change that can no longer be undone does not block the older ones.
        """
        if not self._entries:
            return None
        entry = self._entries.pop()
        try:
            entry.undo()
        finally:
            self.changed.emit()
        self.undone.emit(entry.text)
        return entry.text

    def clear(self) -> None:
        self._entries.clear()
        self.changed.emit()
