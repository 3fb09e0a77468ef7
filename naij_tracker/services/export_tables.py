"""The lists an officer exports, built from the database as plain tables.

What each export holds (the GUI's list columns; grievances with every field, so that the file
imports back unchanged; members with or without contacts; deadlines with how they were counted).
Writing them safely — formulas neutralised, atomically, readable by the user only — is
``reports/exports.py``'s job.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from naij_tracker.db.opening import Database
from naij_tracker.domain import kinds as k
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.reports.exports import (
    CONTACT_COLUMNS,
    EXPORT_KINDS,
    FORMATS,
    MATTER_EXPORTS,
    ExportTable,
    write_table,
)


def matters_table(db: Database, kind: MatterKind | str, *, include_closed: bool = False,
                  text_filter: str = "", statuses: Sequence[str] = ()) -> ExportTable:
    """Matters of ``kind`` with the columns of their list in the GUI (labels, not codes);
    grievances with every field, so that the file imports back unchanged."""
    from naij_tracker.services.queries import list_matters

    kind = MatterKind(kind)
    if kind is MatterKind.GRIEVANCE:
        from naij_tracker.services import grievance_table

        return ExportTable(kind.plural, grievance_table.HEADERS, grievance_table.grievance_rows(
            db, include_closed=include_closed, text_filter=text_filter, statuses=statuses))
    result = list_matters(db, kind, text_filter=text_filter, statuses=statuses,
                          include_closed=include_closed)
    return table_from_list(kind.plural, tuple(c.label for c in result.columns), result.rows)


def table_from_list(title: str, headers: Sequence[str],
                    rows: Iterable[Sequence[Any]]) -> ExportTable:
    """An export of list rows as the GUI holds them: (matter id, *values) — the id is dropped."""
    return ExportTable(title, tuple(headers), [tuple(r[1:]) for r in rows])


def members_table(db: Database, *, contacts: bool = True, text_filter: str = "") -> ExportTable:
    from naij_tracker.services.people import PeopleService

    rows = [(m.name, m.court, m.email, m.phone,
             k.label_of(k.MEMBERSHIP_STATUSES, m.membership_status), m.open_matters, m.notes)
            for m in PeopleService(db, who="export").members(text_filter)]
    table = ExportTable("Members", ("Name", "Court", "Email", "Phone", "Membership",
                                    "Open grievances", "Notes"), rows)
    return table if contacts else table.without(CONTACT_COLUMNS)


def deadlines_table(db: Database, *, include_done: bool = False) -> ExportTable:
    from naij_tracker.services.queries import deadline_rows

    rows = [(d.due_on, d.title, d.reference, d.matter_title, d.kind.label, d.opens_on,
             d.trigger_on, k.label_of(k.SERVICE_METHODS, d.service_method)
             if d.service_method else None, d.rule_id, d.citation, d.explanation, d.done_on)
            for d in deadline_rows(db, include_done=include_done)]
    return ExportTable("Deadlines", ("Due", "Deadline", "Matter", "Matter title", "Kind",
                                     "Window opens", "Trigger", "Service", "Rule", "Citation",
                                     "How it was counted", "Done"), rows)


def table_for(db: Database, what: str, *, include_closed: bool = False,
              contacts: bool = True) -> ExportTable:
    """The table for an export kind (see ``EXPORT_KINDS``)."""
    if what in MATTER_EXPORTS:
        return matters_table(db, MATTER_EXPORTS[what], include_closed=include_closed)
    if what == "members":
        return members_table(db, contacts=contacts)
    if what == "deadlines":
        return deadlines_table(db, include_done=include_closed)
    raise ValueError(f"Cannot export {what!r}; choose one of: {', '.join(EXPORT_KINDS)}.")


def export(db: Database, what: str, path: Path | str, *, include_closed: bool = False,
           contacts: bool = True) -> int:
    """Export a list to ``path`` (.csv or .xlsx); returns the number of rows written."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{Path(path).name}: exports are written as .csv or .xlsx.")
    table = table_for(db, what, include_closed=include_closed, contacts=contacts)
    write_table(table, path)
    return len(table.rows)
