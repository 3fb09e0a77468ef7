"""Undoing an import batch: what it created removed, what it changed given its old values back.

In one transaction, from the batch's own records (``import_batch_row`` for the grievances it
created, a history entry per updated grievance and per member it added): refused, rather than
overwriting, when a grievance was changed after the import by anything but a batch that was
itself undone. Members the batch added go only when no grievance uses them any more.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, or_, select, update

from naij_tracker.db.models import (
    Grievance,
    HistoryEntry,
    ImportBatch,
    ImportBatchRow,
    Matter,
    Member,
)
from naij_tracker.db.opening import Database
from naij_tracker.db.tables import table_of
from naij_tracker.domain import clock
from naij_tracker.importing.commit import refresh_search_text
from naij_tracker.importing.plan import GRIEVANCE_FIELDS, MATTER_FIELDS
from naij_tracker.services.matters import NotFound


def _history(mid: int | None, entity: str, action: str, summary: str, changes: dict[str, Any],
             who: str, at: datetime, batch_id: int, entity_id: int | None = None
             ) -> dict[str, Any]:
    return {"matter_id": mid, "entity": entity, "entity_id": entity_id or mid, "action": action,
            "summary": summary[:500], "changes": json.dumps(changes, ensure_ascii=False),
            "who": who, "at": at, "import_batch_id": batch_id}


@dataclass(frozen=True)
class UndoResult:
    batch_id: int
    removed: int
    restored: int
    members_removed: int


def undo_batch(db: Database, batch_id: int, who: str) -> UndoResult:
    """Remove what a batch created and restore what it changed — in one transaction."""
    m, g = table_of(Matter), table_of(Grievance)
    now = clock.now()
    with db.sessions.begin() as session:
        conn = session.connection()
        batch = session.get(ImportBatch, batch_id)
        if batch is None:
            raise NotFound(f"There is no import batch {batch_id}.")
        if batch.undone_at is not None:
            raise ValueError(f"Import batch {batch_id} was already undone on "
                             f"{batch.undone_at:%Y-%m-%d %H:%M}.")
        entries = list(conn.execute(select(table_of(HistoryEntry))
                                    .where(HistoryEntry.import_batch_id == batch_id)
                                    .order_by(HistoryEntry.id.desc())))
        runs = list(conn.execute(select(ImportBatchRow.first_matter_id,
                                        ImportBatchRow.last_matter_id)
                                 .where(ImportBatchRow.batch_id == batch_id)))
        updated = {e.matter_id for e in entries if e.entity == "matter" and e.matter_id}
        first_entry = min((e.id for e in entries), default=0)
        # Changes by batches that were themselves undone do not count: undone is undone.
        counted = ((HistoryEntry.import_batch_id.is_(None))
                   | ((HistoryEntry.import_batch_id != batch_id)
                      & HistoryEntry.import_batch_id.not_in(
                          select(ImportBatch.id).where(ImportBatch.undone_at.is_not(None)))))
        mine = [HistoryEntry.matter_id.between(lo, hi) for lo, hi in runs]
        if updated:
            mine.append(HistoryEntry.matter_id.in_(updated))
        later = [mid for (mid,) in conn.execute(
            select(HistoryEntry.matter_id).where(or_(*mine), HistoryEntry.id > first_entry,
                                                 counted).limit(5))] if mine else []
        if later:
            numbers = [n for (n,) in conn.execute(select(g.c.grievance_number)
                                                  .where(g.c.id.in_(later)))]
            raise ValueError(
                "Cannot undo: grievance(s) " + ", ".join(numbers) + " were changed after this "
                "import; undoing would lose those changes.")
        removed = restored = 0
        undo_history: list[dict[str, Any]] = []
        # The batch's own grievances (created in it: created_at is the batch's moment).
        for lo, hi in runs:
            removed += conn.execute(m.delete().where(
                m.c.id.between(lo, hi), m.c.created_at == batch.imported_at)).rowcount
        if runs:
            undo_history.append(_history(None, "import_batch", "undo",
                                         f"Undid import batch {batch_id}: removed {removed:,} "
                                         f"grievance{'s' if removed != 1 else ''} "
                                         f"({batch.file_name})", {"removed": removed}, who,
                                         now, batch_id, batch_id))
        for e in entries:
            if e.entity != "matter" or e.matter_id is None:
                continue
            changes = json.loads(e.changes)
            if e.action == "import":  # a batch from before history was kept per batch
                conn.execute(m.delete().where(m.c.id == e.matter_id))
                removed += 1
                undo_history.append(_history(None, "matter", "undo",
                                             f"Undid import of {e.summary.split(' (row')[0]}",
                                             {}, who, now, batch_id, e.matter_id))
                continue
            matter_vals, grievance_vals = {}, {}
            for name, (old, _new) in changes.items():
                value = _from_json(name, old)
                if name in MATTER_FIELDS:
                    matter_vals[name] = value
                elif name in GRIEVANCE_FIELDS or name == "member_id":
                    grievance_vals[name] = value
            conn.execute(update(m).where(m.c.id == e.matter_id)
                         .values(**matter_vals, updated_at=now, version=m.c.version + 1))
            if grievance_vals:
                conn.execute(update(g).where(g.c.id == e.matter_id).values(**grievance_vals))
            refresh_search_text(conn, e.matter_id)
            restored += 1
            undo_history.append(_history(e.matter_id, "matter", "undo",
                                         f"Undid import changes ({batch.file_name})",
                                         {n: [v[1], v[0]] for n, v in changes.items()},
                                         who, now, batch_id))
        members_removed = 0
        for e in entries:
            if e.entity == "member" and e.action == "import" and e.entity_id:
                in_use = conn.execute(select(func.count()).select_from(g)
                                      .where(g.c.member_id == e.entity_id)).scalar()
                if not in_use:
                    conn.execute(table_of(Member).delete().where(Member.id == e.entity_id))
                    members_removed += 1
        if undo_history:
            conn.execute(insert(HistoryEntry), undo_history)
        batch.undone_at = now
    return UndoResult(batch_id, removed, restored, members_removed)


def _from_json(name: str, value: Any) -> Any:
    if isinstance(value, str) and name in ("closed_on", "filed_on"):
        return date.fromisoformat(value)
    return value

