"""Open deadlines of the database as a calendar file (.ics) for the officer's mail client."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from naij_tracker.db.opening import Database
from naij_tracker.db.outputs import CALENDAR, check_output
from naij_tracker.domain import clock
from naij_tracker.reports.calendar_export import IcsDeadline, write_ics
from naij_tracker.services.queries import DeadlineRow, deadline_rows
from naij_tracker.services.settings import database_uid, load_settings


def open_deadlines(db: Database, within_days: int | None = None,
                   today: date | None = None) -> list[DeadlineRow]:
    """Open deadlines, all of them or those due within ``within_days`` (overdue included)."""
    before = None if within_days is None else (today or clock.today()) + timedelta(within_days)
    return deadline_rows(db, due_before=before)


def export_ics(db: Database, path: Path, rows: list[DeadlineRow], *,
               force: bool = False) -> Path:
    """Write ``rows`` as a calendar file: never over the database, its lock or backups, nor —
    unless ``force`` — over an existing file that is not a calendar (``db.outputs``)."""
    from naij_tracker.domain.deadlines import filing_time_for

    path = check_output(path, CALENDAR, database=db.path, force=force)

    def title(r: DeadlineRow) -> str:
        # FLRA filings close at 11:59 p.m. Eastern (eFiling): the time goes with the date.
        by = filing_time_for(r.rule_id)
        return f"{r.title} (by {by})" if by else r.title

    items = [IcsDeadline(r.id, r.matter_id, f"{r.reference} — {r.matter_title}", title(r),
                         r.due_on, r.rule_id, r.citation or "", r.explanation or "",
                         r.done_on is not None) for r in rows]
    name = f"{load_settings(db).union_name} — deadlines"
    return write_ics(items, path, database_uid(db), name)
