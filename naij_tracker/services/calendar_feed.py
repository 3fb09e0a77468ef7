"""Open deadlines of the database as a calendar file (.ics) for the officer's mail client."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from naij_tracker.db.opening import Database
from naij_tracker.domain import clock
from naij_tracker.reports.calendar_export import IcsDeadline, write_ics
from naij_tracker.services.queries import DeadlineRow, deadline_rows
from naij_tracker.services.settings import database_uid, load_settings


def open_deadlines(db: Database, within_days: int | None = None,
                   today: date | None = None) -> list[DeadlineRow]:
    """Open deadlines, all of them or those due within ``within_days`` (overdue included)."""
    before = None if within_days is None else (today or clock.today()) + timedelta(within_days)
    return deadline_rows(db, due_before=before)


def export_ics(db: Database, path: Path, rows: list[DeadlineRow]) -> Path:
    items = [IcsDeadline(r.id, r.matter_id, f"{r.reference} — {r.matter_title}", r.title,
                         r.due_on, r.rule_id, r.citation or "", r.explanation or "",
                         r.done_on is not None) for r in rows]
    name = f"{load_settings(db).union_name} — deadlines"
    return write_ics(items, path, database_uid(db), name)
