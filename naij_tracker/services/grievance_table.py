"""The grievance export's table: every field an import reads back, the reference first.

The list in the window shows a few columns; an export of grievances carries them all (issue
category, CBA article, closed date, remedy, outcome, summary, owner, priority, tags), with
labels rather than codes and the reference (the grievance number) first, so that exporting a
database's grievances and importing the file back changes nothing. "Next deadline" is kept for
the reader; the import knows it as worked out by the application and leaves it alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from naij_tracker.db.opening import Database
from naij_tracker.domain import kinds as k
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.queries import as_date, list_matters

#: The list's columns first (as the window names them), then the rest of the fields.
HEADERS: tuple[str, ...] = (
    "Number", "Member", "Court", "Step", "Status", "Filed", "Next deadline", "Title",
    "Issue category", "CBA article", "Closed", "Remedy sought", "Outcome", "Summary", "Owner",
    "Priority", "Tags",
)

_EXTRA_SQL = ("SELECT m.id, g.issue_category, g.cba_article, m.closed_on, g.remedy_sought, "
              "g.outcome, m.summary, m.owner, m.priority, m.tags "
              "FROM matter m JOIN grievance g ON g.id = m.id WHERE m.id IN ({ids})")


def grievance_rows(db: Database, *, include_closed: bool = False, text_filter: str = "",
                   statuses: Sequence[str] = ()) -> list[tuple[Any, ...]]:
    """One row per grievance in the list's order (``HEADERS``), labels instead of codes."""
    listed = list_matters(db, MatterKind.GRIEVANCE, include_closed=include_closed,
                          text_filter=text_filter, statuses=statuses)
    keys = [c.key for c in listed.columns]
    extra: dict[int, tuple[Any, ...]] = {}
    ids = [int(r[0]) for r in listed.rows]
    for start in range(0, len(ids), 900):  # SQLite's limit on bound parameters, with room
        chunk = ids[start:start + 900]
        params = {f"i{n}": v for n, v in enumerate(chunk)}
        sql = _EXTRA_SQL.format(ids=", ".join(f":i{n}" for n in range(len(chunk))))
        for mid, category, article, closed, remedy, outcome, summary, owner, priority, tags \
                in db.read(sql, params):
            extra[int(mid)] = (category, article, as_date(closed), remedy, outcome, summary,
                               owner, k.label_of(k.PRIORITIES, priority), tags)
    order = ("number", "member", "court", "step", "status", "filed", "next_due", "title")
    rows = []
    for r in listed.rows:
        values = dict(zip(keys, r[1:], strict=True))
        rows.append(tuple(values.get(key) for key in order) + extra.get(int(r[0]), (None,) * 9))
    return rows
