"""What every view needs, passed in explicitly (no module-level database, no god object).

The services are made when first used: they import SQLAlchemy and the models, which the first
screen (the dashboard, read through ``services.overview``) does not need.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from naij_tracker.db.opening import Database

if TYPE_CHECKING:
    from naij_tracker.services.deadlines import DeadlineService
    from naij_tracker.services.matters import MatterService
    from naij_tracker.services.people import PeopleService
    from naij_tracker.services.related import RelatedService
    from naij_tracker.services.trash import TrashService
    from naij_tracker.ui.changes import Changes
    from naij_tracker.ui.undo import UndoStack


class AppContext:
    """The open database, who is acting, and the services that read and change it."""

    def __init__(self, db: Database, who: str) -> None:
        self.db = db
        self.who = who

    @classmethod
    def for_database(cls, db: Database, who: str | None = None) -> AppContext:
        from naij_tracker.services.settings import acting_user

        return cls(db, who or acting_user(db))

    @cached_property
    def matters(self) -> MatterService:
        from naij_tracker.services.matters import MatterService

        return MatterService(self.db, self.who)

    @cached_property
    def related(self) -> RelatedService:
        from naij_tracker.services.related import RelatedService

        return RelatedService(self.db, self.who)

    @cached_property
    def deadlines(self) -> DeadlineService:
        from naij_tracker.services.deadlines import DeadlineService

        return DeadlineService(self.db, self.who)

    @cached_property
    def people(self) -> PeopleService:
        from naij_tracker.services.people import PeopleService

        return PeopleService(self.db, self.who)

    @cached_property
    def changes(self) -> Changes:
        """Signals that tell every view what changed elsewhere (see ``ui/changes.py``)."""
        from naij_tracker.ui.changes import Changes

        return Changes()

    @cached_property
    def trash(self) -> TrashService:
        from naij_tracker.services.trash import TrashService

        return TrashService(self.db, self.who)

    @cached_property
    def undo(self) -> UndoStack:
        """Edit ▸ Undo: the changes made in this window on this database (``ui/undo.py``)."""
        from naij_tracker.ui.undo import UndoStack

        return UndoStack()
