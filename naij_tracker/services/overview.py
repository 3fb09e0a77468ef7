"""What the first screen shows — the dashboard, deadline rows, counts — as plain SQL.

These reads go through ``Database.read`` (the DB-API, ``:name`` parameters) rather than
SQLAlchemy, so that on start-up the dashboard is on screen with its data before the ORM has
even been imported (about a third of a second on a 2-core machine). The statements are small,
use the indexes the schema declares (``ix_deadline_open_due``, ``ix_matter_kind_status``,
``ix_history_at``) and return tuples that are turned into frozen dataclasses here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from naij_tracker.db.opening import Database
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


@dataclass(frozen=True, slots=True)
class DeadlineRow:
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


_DEADLINES = """
SELECT d.id, d.matter_id, m.kind, g.grievance_number, f.case_number, m.title, d.title, d.due_on,
       d.opens_on, d.rule_id, d.citation, d.explanation, d.trigger_on, d.service_method,
       d.done_on
FROM deadline d JOIN matter m ON m.id = d.matter_id
LEFT JOIN grievance g ON g.id = m.id LEFT JOIN flra_case f ON f.id = m.id
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
                       as_date(r[8]), r[9], r[10], r[11], as_date(r[12]), r[13], as_date(r[14]))


def deadline_rows(db: Database, *, due_before: date | None = None, due_after: date | None = None,
                  include_done: bool = False, matter_id: int | None = None,
                  limit: int | None = None) -> list[DeadlineRow]:
    """Deadlines (open ones unless ``include_done``) in order of due date, with their matter."""
    sql, params = _deadline_statement(due_before=due_before, due_after=due_after,
                                      include_done=include_done, matter_id=matter_id, limit=limit)
    return [_deadline_row(r) for r in db.read(sql, params)]


@dataclass(frozen=True, slots=True)
class ActivityRow:
    at: datetime
    who: str
    summary: str
    matter_id: int | None


@dataclass(frozen=True)
class Dashboard:
    today: date
    #: The most pressing rows (at most ``DASHBOARD_ROWS`` each); the counts are the totals.
    overdue: list[DeadlineRow]
    upcoming: list[DeadlineRow]
    open_counts: dict[MatterKind, int]
    recent: list[ActivityRow]
    total_matters: int
    overdue_count: int = 0
    upcoming_count: int = 0
    #: What ``counts`` returns, read in the same snapshot (for the status bar).
    totals: dict[str, int] = field(default_factory=dict)


#: A dashboard is read at a glance: the full lists live in the Deadlines view.
DASHBOARD_ROWS = 200

_OPEN_DEADLINES_COUNT = "SELECT count(*) FROM deadline d WHERE {where}"
#: Grouped by both columns so SQLite answers from the covering ``ix_matter_kind_status``
#: index; which statuses are closed is decided in Python from ``kinds.CLOSED_STATUSES``.
_KIND_STATUS_COUNTS = "SELECT kind, status, count(*) FROM matter GROUP BY kind, status"
_RECENT = ("SELECT at, who, summary, matter_id FROM history_entry "
           "ORDER BY at DESC, id DESC LIMIT :limit")


def _open_counts(rows: list[tuple[Any, ...]]) -> tuple[dict[MatterKind, int], dict[str, int]]:
    """(open matters per kind, all matters per kind) from ``_KIND_STATUS_COUNTS`` rows."""
    per_kind = dict.fromkeys(MatterKind, 0)
    totals = {kind.value: 0 for kind in MatterKind}
    for kind_s, status, n in rows:
        try:
            kind = MatterKind(kind_s)
        except ValueError:
            continue
        totals[kind.value] += n
        if status not in k.CLOSED_STATUSES[kind]:
            per_kind[kind] += n
    return per_kind, totals


def open_counts(db: Database) -> dict[MatterKind, int]:
    return _open_counts(db.read(_KIND_STATUS_COUNTS))[0]


def _activity(rows: list[tuple[Any, ...]]) -> list[ActivityRow]:
    return [ActivityRow(as_datetime(at), who, summary, mid) for at, who, summary, mid in rows]


def recent_activity(db: Database, limit: int = 15) -> list[ActivityRow]:
    return _activity(db.read(_RECENT, {"limit": limit}))


_OTHER_COUNTS = ("SELECT (SELECT count(*) FROM member), (SELECT count(*) FROM metric), "
                 "(SELECT count(*) FROM deadline WHERE done_on IS NULL)")


def _totals(kind_status: list[tuple[Any, ...]], other: list[tuple[Any, ...]]) -> dict[str, int]:
    result: dict[str, int] = dict(_open_counts(kind_status)[1])
    members, metrics, open_deadlines = other[0]
    result.update(members=int(members), metrics=int(metrics),
                  open_deadlines=int(open_deadlines))
    return result


def counts(db: Database) -> dict[str, int]:
    """Totals per kind plus members, metrics and open deadlines (for ``info`` and the status bar)."""
    kind_status, other = db.read_many(((_KIND_STATUS_COUNTS, None), (_OTHER_COUNTS, None)))
    return _totals(kind_status, other)


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
    today = today or date.today()
    yesterday, horizon = today - timedelta(days=1), today + timedelta(days=horizon_days)
    overdue, upcoming, overdue_n, upcoming_n, kind_status, recent, other = db.read_many((
        _deadline_statement(due_before=yesterday, limit=DASHBOARD_ROWS),
        _deadline_statement(due_after=today, due_before=horizon, limit=DASHBOARD_ROWS),
        _count_statement(due_before=yesterday, due_after=None),
        _count_statement(due_before=horizon, due_after=today),
        (_KIND_STATUS_COUNTS, None),
        (_RECENT, {"limit": 15}),
        (_OTHER_COUNTS, None),
    ))
    per_kind, per_kind_all = _open_counts(kind_status)
    return Dashboard(today, [_deadline_row(r) for r in overdue],
                     [_deadline_row(r) for r in upcoming], per_kind, _activity(recent),
                     sum(per_kind_all.values()), int(overdue_n[0][0]), int(upcoming_n[0][0]),
                     _totals(kind_status, other))


@dataclass(frozen=True)
class DashboardData:
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
