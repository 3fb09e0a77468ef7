"""The import batches, newest first, as the Import history window lists them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from naij_tracker.db.models import ImportBatch
from naij_tracker.db.opening import Database


@dataclass(frozen=True, slots=True)
class BatchRow:
    id: int
    file_name: str
    sheet: str | None
    imported_at: datetime
    imported_by: str
    created: int
    updated: int
    unchanged: int
    skipped: int
    undone_at: datetime | None


def import_batches(db: Database) -> list[BatchRow]:
    with db.sessions() as session:
        rows = session.scalars(select(ImportBatch).order_by(ImportBatch.imported_at.desc(),
                                                            ImportBatch.id.desc()))
        return [BatchRow(b.id, b.file_name, b.sheet, b.imported_at, b.imported_by,
                         b.created_count, b.updated_count, b.unchanged_count, b.skipped_count,
                         b.undone_at) for b in rows]
