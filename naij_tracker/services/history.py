"""Writing and reading history entries ("who changed what, when")."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from naij_tracker.db.models import HistoryEntry
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
    rows = session.scalars(
        select(HistoryEntry).where(HistoryEntry.matter_id == matter_id)
        .order_by(HistoryEntry.at.desc(), HistoryEntry.id.desc())
    )
    return [HistoryItem(h.at, h.who, h.action, h.summary, json.loads(h.changes), h.matter_id)
            for h in rows]
