"""One place where a view says "members changed" or "matters changed", so every other view
that shows them (pickers in open editors, lists) can refresh itself.

It carries no data and holds no state: a view that changes something emits, the others decide
whether to re-read. One instance per ``AppContext`` (per open database).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Changes(QObject):
    #: A member was added, edited or deleted (any view, the picker's "Add new member", imports).
    members_changed = Signal()
    #: A matter was changed outside the view showing it (undo, trash, an import undone).
    matters_changed = Signal()
