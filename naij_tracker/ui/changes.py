"""What a write changed, and one place where views announce it.

``Change`` is the notice (Anki's ``OpChanges`` idea): which view made the write and what it
touched — the matters of some kinds, deadlines, members, the metrics catalogue, or everything
(sample data, an import, an undo or restore of unknown scope). The window's views emit one on
their ``changed`` signal and the view registry marks stale only the views that show what changed.

``Changes`` carries the notices that are not a view's own: one instance per ``AppContext`` (per
open database). A view that changes something emits, the others decide whether to re-read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from naij_tracker.domain.kinds import MatterKind


@dataclass(frozen=True)
class Change:
    """What one write changed and who made it.

    ``deadlines`` are those of the matters of ``kinds`` when kinds are named, else of any matter
    (a review of every open deadline).
    """

    #: The navigation key of the view that wrote ("" for the window: menus, dialogs, undo).
    source: str = ""
    #: The kinds whose matters were created, edited or deleted.
    kinds: frozenset[MatterKind] = frozenset()
    deadlines: bool = False
    members: bool = False
    #: The metrics catalogue.
    metrics: bool = False
    #: Anything may have changed: every view reads again.
    everything: bool = False

    @classmethod
    def of_matter(cls, kind: MatterKind, source: str = "", *, deadlines: bool = False) -> Change:
        """Matters of ``kind`` changed (and their deadlines, if ``deadlines``)."""
        return cls(source, frozenset((kind,)), deadlines=deadlines)

    @classmethod
    def of_matters(cls, kinds: Iterable[MatterKind], source: str = "", *,
                   deadlines: bool = False) -> Change:
        return cls(source, frozenset(kinds), deadlines=deadlines)

    @classmethod
    def of_deadlines(cls, source: str = "") -> Change:
        """Deadlines of matters of any kind moved (not the matters themselves)."""
        return cls(source, deadlines=True)

    @classmethod
    def of_members(cls, source: str = "") -> Change:
        return cls(source, members=True)

    @classmethod
    def of_metrics(cls, source: str = "") -> Change:
        return cls(source, metrics=True)

    @classmethod
    def of_everything(cls, source: str = "") -> Change:
        return cls(source, everything=True)

    @property
    def matters(self) -> bool:
        """Matters of some kind changed (or everything did)."""
        return self.everything or bool(self.kinds)

    def touches_kind(self, kind: MatterKind) -> bool:
        """Matters of ``kind`` changed, or deadlines not tied to named kinds."""
        return self.everything or kind in self.kinds or (self.deadlines and not self.kinds)


class Changes(QObject):
    #: A member was added, edited or deleted (any view, the picker's "Add new member", imports).
    members_changed = Signal()
    #: Matters changed outside the view showing them (undo, trash, an import undone): a ``Change``.
    matters_changed = Signal(object)
