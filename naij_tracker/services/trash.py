"""The trash: a deleted matter is kept whole for 30 days and can be restored with everything.

``snapshot_into`` is called by ``MatterService.delete`` inside the deleting transaction, so a
matter is never deleted without its copy in the trash (and never copied without being deleted).
The copy holds the matter's own rows — the ``matter`` and kind rows, deadlines, timeline, links,
attachments with their content — as JSON, and the ids of its history entries, which survive the
deletion (their ``matter_id`` is set to NULL) and are pointed back at the matter on restore.

``restore`` puts every row back under the matter's own id in one transaction, or refuses with a
one-line reason (a grievance number taken by another grievance since, a metric deleted) and
changes nothing. Copies older than ``KEEP_DAYS`` are purged when the trash is read.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Table, delete, or_, select, update
from sqlalchemy.orm import Session

from naij_tracker.db.models import (
    KIND_CLASSES,
    Attachment,
    Deadline,
    FlraCase,
    Grievance,
    HistoryEntry,
    Matter,
    MatterLink,
    Member,
    Metric,
    TimelineEntry,
    TrashedMatter,
)
from naij_tracker.db.opening import Database
from naij_tracker.db.tables import table_of
from naij_tracker.domain import clock
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.domain.validation import FieldError, ValidationError
from naij_tracker.services import history
from naij_tracker.services.errors import NotFound
from naij_tracker.services.settings import acting_user

#: How long a deleted matter stays restorable.
KEEP_DAYS = 30

_matter_t: Table = table_of(Matter)
_deadline_t: Table = table_of(Deadline)
_timeline_t: Table = table_of(TimelineEntry)
_link_t: Table = table_of(MatterLink)
_attachment_t: Table = table_of(Attachment)


@dataclass(frozen=True, slots=True)
class TrashRow:
    id: int
    matter_id: int
    kind: MatterKind
    reference: str
    title: str
    deleted_at: datetime
    deleted_by: str
    deadlines: int
    attachments: int

    @property
    def expires_on(self) -> date:
        return (self.deleted_at + timedelta(days=KEEP_DAYS)).date()


# -- rows as JSON (dates, times and bytes tagged so they come back as themselves) ---------------

def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, bytes | memoryview):
        return {"$b": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "$dt" in value:
            return datetime.fromisoformat(value["$dt"])
        if "$d" in value:
            return date.fromisoformat(value["$d"])
        if "$b" in value:
            return base64.b64decode(value["$b"])
    return value


def _rows(session: Session, table: Table, *conditions: Any) -> list[dict[str, Any]]:
    result = session.execute(select(table).where(*conditions)).mappings()
    return [{k: _encode(v) for k, v in row.items()} for row in result]


def _insert(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        session.execute(table.insert().values({k: _decode(v) for k, v in row.items()}))


def snapshot_into(session: Session, matter: Matter, reference: str, who: str) -> int:
    """Copy ``matter`` with everything that hangs off it into the trash (same transaction)."""
    matter_id = matter.id
    kind_table: Table = table_of(KIND_CLASSES[MatterKind(matter.kind)])
    payload = {
        "matter": _rows(session, _matter_t, _matter_t.c.id == matter_id),
        "kind_row": _rows(session, kind_table, kind_table.c.id == matter_id),
        "deadlines": _rows(session, _deadline_t, _deadline_t.c.matter_id == matter_id),
        "timeline": _rows(session, _timeline_t, _timeline_t.c.matter_id == matter_id),
        "links": _rows(session, _link_t, or_(_link_t.c.from_matter_id == matter_id,
                                             _link_t.c.to_matter_id == matter_id)),
        "attachments": _rows(session, _attachment_t, _attachment_t.c.matter_id == matter_id),
        "history": list(session.scalars(select(HistoryEntry.id)
                                        .where(HistoryEntry.matter_id == matter_id))),
    }
    row = TrashedMatter(matter_id=matter_id, kind=matter.kind, reference=reference,
                        title=matter.title, deleted_at=clock.now(), deleted_by=who,
                        payload=json.dumps(payload))
    session.add(row)
    session.flush()
    return row.id


class TrashService:
    def __init__(self, db: Database, who: str | None = None) -> None:
        self.db = db
        self.who = who or acting_user(db)

    def items(self) -> list[TrashRow]:
        """What is in the trash, newest first (copies past ``KEEP_DAYS`` are purged first)."""
        if not self.db.read_only:
            self.purge_expired()
        with self.db.sessions() as session:
            rows = session.scalars(select(TrashedMatter)
                                   .order_by(TrashedMatter.deleted_at.desc())).all()
            out = []
            for r in rows:
                payload = json.loads(r.payload)
                out.append(TrashRow(r.id, r.matter_id, MatterKind(r.kind), r.reference, r.title,
                                    r.deleted_at, r.deleted_by, len(payload["deadlines"]),
                                    len(payload["attachments"])))
            return out

    def purge_expired(self) -> int:
        cutoff = clock.now() - timedelta(days=KEEP_DAYS)
        with self.db.sessions.begin() as session:
            # Session.execute is typed as returning Result; a DELETE returns a CursorResult.
            result = cast(CursorResult[Any], session.execute(
                delete(TrashedMatter).where(TrashedMatter.deleted_at < cutoff)))
            return int(result.rowcount or 0)

    def latest_for(self, matter_id: int) -> int | None:
        """The trash entry of the last deletion of ``matter_id`` (for Undo)."""
        with self.db.sessions() as session:
            return session.scalar(select(TrashedMatter.id)
                                  .where(TrashedMatter.matter_id == matter_id)
                                  .order_by(TrashedMatter.id.desc()).limit(1))

    def empty(self) -> int:
        """Delete every matter in the trash for good; returns how many."""
        with self.db.sessions.begin() as session:
            count = len(session.scalars(select(TrashedMatter.id)).all())
            if count:
                session.execute(delete(TrashedMatter))
                history.record(session, who=self.who, action="delete", entity="trash",
                               summary=f"Trash emptied ({count} matter"
                                       f"{'s' if count != 1 else ''} deleted for good)")
            return count

    def restore(self, trash_id: int) -> int:
        """Put a trashed matter back with everything it had; returns its id.

        The matter keeps its id unless another matter has taken it since (SQLite hands out the
        highest id again), in which case it gets a new one. Its deadlines, timeline entries,
        attachments and links get fresh ids of their own for the same reason.
        """
        with self.db.sessions.begin() as session:
            entry = session.get(TrashedMatter, trash_id)
            if entry is None:
                raise NotFound("That matter is no longer in the trash.")
            payload = json.loads(entry.payload)
            old_id = entry.matter_id
            self._check_restorable(session, entry, payload)
            matter_row = {k: _decode(v) for k, v in payload["matter"][0].items()}
            if session.get(Matter, old_id) is not None:
                matter_row.pop("id")
                # Session.execute is typed as returning Result; an INSERT returns a CursorResult.
                inserted = cast(CursorResult[Any],
                                session.execute(_matter_t.insert().values(matter_row)))
                key = inserted.inserted_primary_key
                if key is None:  # only for an INSERT of several rows or none
                    raise RuntimeError("The restored matter was given no id.")
                new_id = int(key[0])
            else:
                session.execute(_matter_t.insert().values(matter_row))
                new_id = old_id
            kind_table: Table = table_of(KIND_CLASSES[MatterKind(entry.kind)])
            _insert(session, kind_table, [{**payload["kind_row"][0], "id": new_id}])
            for table, key in ((_deadline_t, "deadlines"), (_timeline_t, "timeline"),
                               (_attachment_t, "attachments")):
                _insert(session, table, [{**{k: v for k, v in row.items() if k != "id"},
                                          "matter_id": new_id} for row in payload[key]])
            # A link comes back when the matter at its other end still exists.
            for link in payload["links"]:
                ends = {}
                for end in ("from_matter_id", "to_matter_id"):
                    ends[end] = new_id if link[end] == old_id else link[end]
                if all(e == new_id or session.get(Matter, e) is not None for e in ends.values()):
                    _insert(session, _link_t, [{**{k: v for k, v in link.items() if k != "id"},
                                                **ends}])
            if payload["history"]:
                session.execute(update(HistoryEntry)
                                .where(HistoryEntry.id.in_(payload["history"]))
                                .values(matter_id=new_id))
            # The deletion's own entry joins the matter's history too.
            session.execute(update(HistoryEntry).where(
                HistoryEntry.matter_id.is_(None), HistoryEntry.entity == "matter",
                HistoryEntry.action == "delete", HistoryEntry.entity_id == old_id,
                HistoryEntry.at >= entry.deleted_at - timedelta(seconds=5),
            ).values(matter_id=new_id))
            history.record(session, who=self.who, action="undo", matter_id=new_id,
                           entity_id=new_id,
                           summary=f"Restored {entry.reference} from the trash")
            session.delete(entry)
            return new_id

    @staticmethod
    def _check_restorable(session: Session, entry: TrashedMatter,
                          payload: dict[str, Any]) -> None:
        kind_row = payload["kind_row"][0] if payload["kind_row"] else {}
        number = kind_row.get("grievance_number")
        if number and session.scalar(select(Grievance.id)
                                     .where(Grievance.grievance_number == number)) is not None:
            raise ValidationError([FieldError("grievance_number", (
                f"Grievance number {number} is now used by another grievance; change that "
                "one's number first."))])
        case = kind_row.get("case_number")
        if case and session.scalar(select(FlraCase.id)
                                   .where(FlraCase.case_number == case)) is not None:
            raise ValidationError([FieldError("case_number", (
                f"Case {case} is now recorded on another matter; change that one first."))])
        member = kind_row.get("member_id")
        if member is not None and session.get(Member, member) is None:
            raise ValidationError([FieldError("member_id", (
                "Its member has been deleted since; add the member again first."))])
        metric = kind_row.get("metric_id")
        if metric is not None and session.get(Metric, metric) is None:
            raise ValidationError([FieldError("metric_id", (
                "Its metric has been deleted from the catalogue since; add it again first."))])
