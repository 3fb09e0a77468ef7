"""What the first screen shows — the dashboard, deadline rows, counts — as plain SQL.

These reads go through ``Database.read`` (the DB-API, ``:name`` parameters) rather than
SQLAlchemy, so that on start-up the dashboard is on screen with its data before the ORM has
even been imported (about a third of a second on a 2-core machine). The statements are small,
use the indexes the schema declares (``ix_deadline_open_due``, ``ix_matter_kind_status``,
``ix_history_at``) and return tuples that are turned into frozen dataclasses here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from naij_tracker.db.opening import Database
from naij_tracker.domain import clock
from naij_tracker.domain import kinds as k
from naij_tracker.domain.fields import reference
from naij_tracker.domain.kinds import MatterKind


def as_date(value: Any) -> date | None:
    """A stored date (ISO text in SQLite, a ``date`` from a server) as a ``date``."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def as_datetime(value: Any) -> datetime:
    """A stored timestamp (ISO text in SQLite, a ``datetime`` from a server)."""
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


class DeadlineRow(NamedTuple):
    """One deadline as lists and the dashboard show it.

    Named tuples rather than dataclasses for the types on the start-up path: a class is made in
    a third of the time (about a millisecond less each), and rows are cheaper to build.
    """

    id: int
    matter_id: int
    kind: MatterKind
    reference: str
    matter_title: str
    title: str
    due_on: date
    opens_on: date | None
    rule_id: str | None
    citation: str | None
    explanation: str | None
    trigger_on: date | None
    service_method: str | None
    done_on: date | None
    #: The grievant or the member a dispute concerns (None for union matters).
    member_name: str | None = None


_DEADLINES = """
SELECT d.id, d.matter_id, m.kind, g.grievance_number, f.case_number, m.title, d.title, d.due_on,
       d.opens_on, d.rule_id, d.citation, d.explanation, d.trigger_on, d.service_method,
       d.done_on, mem.name
FROM deadline d JOIN matter m ON m.id = d.matter_id
LEFT JOIN grievance g ON g.id = m.id LEFT JOIN flra_case f ON f.id = m.id
LEFT JOIN metric_dispute md ON md.id = m.id
LEFT JOIN member mem ON mem.id = coalesce(g.member_id, md.member_id)
WHERE {where}
ORDER BY d.due_on, d.id{limit}
"""


def _deadline_where(*, due_before: date | None, due_after: date | None, include_done: bool,
                    matter_id: int | None) -> tuple[str, dict[str, Any]]:
    conditions: list[str] = []
    params: dict[str, Any] = {}
    if not include_done:
        conditions.append("d.done_on IS NULL")
    if due_before is not None:
        conditions.append("d.due_on <= :due_before")
        params["due_before"] = due_before
    if due_after is not None:
        conditions.append("d.due_on >= :due_after")
        params["due_after"] = due_after
    if matter_id is not None:
        conditions.append("d.matter_id = :matter_id")
        params["matter_id"] = matter_id
    return " AND ".join(conditions) or "1 = 1", params


def _deadline_statement(*, due_before: date | None = None, due_after: date | None = None,
                        include_done: bool = False, matter_id: int | None = None,
                        limit: int | None = None) -> tuple[str, dict[str, Any]]:
    where, params = _deadline_where(due_before=due_before, due_after=due_after,
                                    include_done=include_done, matter_id=matter_id)
    tail = ""
    if limit:
        tail = " LIMIT :limit"
        params["limit"] = int(limit)
    return _DEADLINES.format(where=where, limit=tail), params


def _deadline_row(r: tuple[Any, ...]) -> DeadlineRow:
    kind = MatterKind(r[2])
    due = as_date(r[7])
    assert due is not None
    return DeadlineRow(r[0], r[1], kind, reference(kind, r[1], r[3] or r[4]), r[5], r[6], due,
                       as_date(r[8]), r[9], r[10], r[11], as_date(r[12]), r[13], as_date(r[14]),
                       r[15])


def deadline_rows(db: Database, *, due_before: date | None = None, due_after: date | None = None,
                  include_done: bool = False, matter_id: int | None = None,
                  limit: int | None = None) -> list[DeadlineRow]:
    """Deadlines (open ones unless ``include_done``) in order of due date, with their matter."""
    sql, params = _deadline_statement(due_before=due_before, due_after=due_after,
                                      include_done=include_done, matter_id=matter_id, limit=limit)
    return [_deadline_row(r) for r in db.read(sql, params)]


class ActivityRow(NamedTuple):
    at: datetime
    who: str
    summary: str
    matter_id: int | None


class Dashboard(NamedTuple):
    today: date
    #: The most pressing rows (at most ``DASHBOARD_ROWS`` each); the counts are the totals.
    overdue: list[DeadlineRow]
    upcoming: list[DeadlineRow]
    open_counts: dict[MatterKind, int]
    recent: list[ActivityRow]
    total_matters: int
    overdue_count: int
    upcoming_count: int
    #: What ``counts`` returns, read in the same snapshot (for the status bar).
    totals: dict[str, int]


#: A dashboard is read at a glance: the full lists live in the Deadlines view.
DASHBOARD_ROWS = 200

_OPEN_DEADLINES_COUNT = "SELECT count(*) FROM deadline d WHERE {where}"
#: Each kind's own table, counted whole: SQLite counts a table's rows from its pages without
#: reading them (0.02 ms for 100,000 grievances, where grouping the matters by kind and status
#: walked all 120,000 index entries in 13–17 ms).
_KIND_TABLES = {MatterKind.BARGAINING: "bargaining_obligation", MatterKind.FLRA: "flra_case",
                MatterKind.GRIEVANCE: "grievance", MatterKind.METRIC_DISPUTE: "metric_dispute"}
_KIND_TOTALS = "SELECT " + ", ".join(f"(SELECT count(*) FROM {table})"
                                     for table in _KIND_TABLES.values())
#: Open matters: one count per open (kind, status), each a range of the covering
#: ``ix_matter_kind_status`` index (≈ 4 ms for the 57,000 open matters of the large database).
#: The statuses are the application's own constants, never user input.
_OPEN_COUNTS = " UNION ALL ".join(
    f"SELECT '{kind.value}', count(*) FROM matter WHERE kind = '{kind.value}' AND status = "
    f"'{status}'"
    for kind in MatterKind for status in k.codes(k.STATUSES[kind])
    if status not in k.CLOSED_STATUSES[kind])
_RECENT = ("SELECT at, who, summary, matter_id FROM history_entry "
           "ORDER BY at DESC, id DESC LIMIT :limit")


def _open_counts(rows: list[tuple[Any, ...]]) -> dict[MatterKind, int]:
    """Open matters per kind from ``_OPEN_COUNTS`` rows."""
    per_kind = dict.fromkeys(MatterKind, 0)
    for kind, n in rows:
        per_kind[MatterKind(kind)] += int(n)
    return per_kind


def open_counts(db: Database) -> dict[MatterKind, int]:
    return _open_counts(db.read(_OPEN_COUNTS))


def _activity(rows: list[tuple[Any, ...]]) -> list[ActivityRow]:
    return [ActivityRow(as_datetime(at), who, summary, mid) for at, who, summary, mid in rows]


def recent_activity(db: Database, limit: int = 15) -> list[ActivityRow]:
    return _activity(db.read(_RECENT, {"limit": limit}))


_OTHER_COUNTS = ("SELECT (SELECT count(*) FROM member), (SELECT count(*) FROM metric), "
                 "(SELECT count(*) FROM deadline WHERE done_on IS NULL)")


def _totals(kind_totals: list[tuple[Any, ...]], other: list[tuple[Any, ...]]) -> dict[str, int]:
    result = {kind.value: int(n) for kind, n in zip(_KIND_TABLES, kind_totals[0], strict=True)}
    members, metrics, open_deadlines = other[0]
    result.update(members=int(members), metrics=int(metrics),
                  open_deadlines=int(open_deadlines))
    return result


def counts(db: Database) -> dict[str, int]:
    """Totals per kind plus members, metrics and open deadlines (for ``info`` and the status bar)."""
    kind_totals, other = db.read_many(((_KIND_TOTALS, None), (_OTHER_COUNTS, None)))
    return _totals(kind_totals, other)


def is_empty(db: Database) -> bool:
    """No matter and no member yet: a first run."""
    rows = db.read("SELECT EXISTS (SELECT 1 FROM matter) OR EXISTS (SELECT 1 FROM member)")
    return not rows[0][0]


def _count_statement(**window: Any) -> tuple[str, Mapping[str, Any]]:
    where, params = _deadline_where(include_done=False, matter_id=None, **window)
    return _OPEN_DEADLINES_COUNT.format(where=where), params


def dashboard(db: Database, today: date | None = None, horizon_days: int = 14) -> Dashboard:
    """Overdue and coming deadlines (the first ``DASHBOARD_ROWS`` of each, with totals), open
    matters per kind and recent activity — read in one snapshot."""
    today = today or clock.today()
    yesterday, horizon = today - timedelta(days=1), today + timedelta(days=horizon_days)
    (overdue, upcoming, overdue_n, upcoming_n, open_rows, kind_totals, recent,
     other) = db.read_many((
        _deadline_statement(due_before=yesterday, limit=DASHBOARD_ROWS),
        _deadline_statement(due_after=today, due_before=horizon, limit=DASHBOARD_ROWS),
        _count_statement(due_before=yesterday, due_after=None),
        _count_statement(due_before=horizon, due_after=today),
        (_OPEN_COUNTS, None),
        (_KIND_TOTALS, None),
        (_RECENT, {"limit": 15}),
        (_OTHER_COUNTS, None),
    ))
    totals = _totals(kind_totals, other)
    return Dashboard(today, [_deadline_row(r) for r in overdue],
                     [_deadline_row(r) for r in upcoming], _open_counts(open_rows),
                     _activity(recent), sum(totals[kind.value] for kind in MatterKind),
                     int(overdue_n[0][0]), int(upcoming_n[0][0]), totals)


class DashboardData(NamedTuple):
    """Everything the dashboard shows."""

    board: Dashboard
    union_name: str
    empty: bool


def load_dashboard(db: Database, today: date | None = None) -> DashboardData:
    """The dashboard's data, as plain data (safe to read on any thread)."""
    from naij_tracker.services.settings import load_settings

    board = dashboard(db, today)
    return DashboardData(board, load_settings(db).union_name,
                         board.total_matters == 0 and is_empty(db))
