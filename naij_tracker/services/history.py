"""Writing and reading history entries ("who changed what, when")."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from naij_tracker.db.models import HistoryEntry, ImportBatch, ImportBatchRow, Matter
from naij_tracker.domain import clock


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for every field whose value changed."""
    return {
        name: [_plain(old.get(name)), _plain(value)]
        for name, value in new.items()
        if old.get(name) != value
    }


def record(session: Session, *, who: str, action: str, summary: str, entity: str = "matter",
           entity_id: int | None = None, matter_id: int | None = None,
           changes: dict[str, Any] | None = None, batch_id: int | None = None,
           at: datetime | None = None) -> None:
    session.add(HistoryEntry(
        matter_id=matter_id, entity=entity, entity_id=entity_id, action=action,
        summary=summary[:500], changes=json.dumps(changes or {}, ensure_ascii=False),
        who=who, at=at or clock.now(), import_batch_id=batch_id,
    ))


@dataclass(frozen=True, slots=True)
class HistoryItem:
    at: datetime
    who: str
    action: str
    summary: str
    changes: dict[str, list[Any]]
    matter_id: int | None


def for_matter(session: Session, matter_id: int) -> list[HistoryItem]:
    """The matter's history, newest first — with "Imported in batch N" when an import batch
    created it (the batch knows its rows, ``ImportBatchRow``; no entry of its own is kept)."""
    rows = session.scalars(
        select(HistoryEntry).where(HistoryEntry.matter_id == matter_id)
        .order_by(HistoryEntry.at.desc(), HistoryEntry.id.desc())
    )
    items = [HistoryItem(h.at, h.who, h.action, h.summary, json.loads(h.changes), h.matter_id)
             for h in rows]
    imported = imported_by(session, matter_id)
    if imported is not None:
        items.append(imported)  # nothing happens to a matter before it exists
    return items


def imported_by(session: Session, matter_id: int) -> HistoryItem | None:
    """The history item of the import batch that created the matter, if one did."""
    found = session.execute(
        select(ImportBatch.id, ImportBatch.file_name, ImportBatch.imported_at,
               ImportBatch.imported_by, ImportBatchRow.first_matter_id, ImportBatchRow.first_row)
        .join(ImportBatchRow, ImportBatchRow.batch_id == ImportBatch.id)
        .join(Matter, Matter.id == matter_id)
        .where(ImportBatchRow.first_matter_id <= matter_id,
               ImportBatchRow.last_matter_id >= matter_id, ImportBatch.undone_at.is_(None),
               # the same id given again later (after a delete) is not the batch's row
               Matter.created_at == ImportBatch.imported_at)).first()
    if found is None:
        return None
    batch_id, file_name, at, who, first_id, first_row = found
    return HistoryItem(at, who, "import", f"Imported in batch {batch_id} (row "
                       f"{first_row + matter_id - first_id} of {file_name})", {}, matter_id)
