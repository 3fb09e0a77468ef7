"""What every view needs, passed in explicitly (no module-level database, no god object)."""

from __future__ import annotations

from dataclasses import dataclass

from naij_tracker.db.opening import Database
from naij_tracker.services.deadlines import DeadlineService
from naij_tracker.services.matters import MatterService
from naij_tracker.services.people import PeopleService
from naij_tracker.services.related import RelatedService
from naij_tracker.services.settings import acting_user


@dataclass
class AppContext:
    db: Database
    who: str
    matters: MatterService
    related: RelatedService
    deadlines: DeadlineService
    people: PeopleService

    @classmethod
    def for_database(cls, db: Database, who: str | None = None) -> AppContext:
        who = who or acting_user(db)
        return cls(db, who, MatterService(db, who), RelatedService(db, who),
                   DeadlineService(db, who), PeopleService(db, who))
