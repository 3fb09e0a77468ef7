"""Read-only queries the views need: lists per kind, global search, the dashboard, deadlines.

Lists are built in SQL (``WHERE`` for filters, ``ORDER BY`` for sorting) and returned as tuples,
not ORM objects: 100,000 grievances load as tuples in a fraction of the time, and a Qt proxy model
sorting that many Python rows would take seconds. Text filters use the FTS5 trigram index
(fragments of three characters or more) and fall back to ``LIKE`` for shorter fragments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal_column, select, text

from naij_tracker.db.models import (
    BargainingObligation,
    Deadline,
    FlraCase,
    Grievance,
    Matter,
    Member,
    Metric,
    MetricDispute,
)
from naij_tracker.db.opening import Database
from naij_tracker.domain import kinds as k
from naij_tracker.domain.fields import reference
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.overview import (
    DASHBOARD_ROWS,
    ActivityRow,
    Dashboard,
    DeadlineRow,
    counts,
    dashboard,
    deadline_rows,
    open_counts,
    recent_activity,
)

grievance_t = Grievance.__table__
flra_t = FlraCase.__table__
bargaining_t = BargainingObligation.__table__
matter_t = Matter.__table__
dispute_t = MetricDispute.__table__


@dataclass(frozen=True, slots=True)
class ListColumn:
    key: str
    label: str
    #: How to show codes: a vocabulary whose labels replace the stored codes.
    choices: tuple[k.Choice, ...] = ()


def _next_deadline_subquery() -> Any:
    return (select(Deadline.matter_id, func.min(Deadline.due_on).label("next_due"))
            .where(Deadline.done_on.is_(None)).group_by(Deadline.matter_id).subquery())


LIST_COLUMNS: dict[MatterKind, tuple[ListColumn, ...]] = {
    MatterKind.GRIEVANCE: (
        ListColumn("number", "Number"), ListColumn("member", "Member"),
        ListColumn("court", "Court"), ListColumn("step", "Step", k.GRIEVANCE_STEPS),
        ListColumn("status", "Status", k.GRIEVANCE_STATUSES), ListColumn("filed", "Filed"),
        ListColumn("next_due", "Next deadline"), ListColumn("title", "Title"),
    ),
    MatterKind.FLRA: (
        ListColumn("number", "Case number"), ListColumn("case_type", "Type", k.FLRA_CASE_TYPES),
        ListColumn("region", "Region"), ListColumn("status", "Status", k.FLRA_STATUSES),
        ListColumn("filed", "Filed"), ListColumn("next_due", "Next deadline"),
        ListColumn("title", "Title"),
    ),
    MatterKind.BARGAINING: (
        ListColumn("title", "Title"),
        ListColumn("bargaining_type", "Type", k.BARGAINING_TYPES),
        ListColumn("notice", "Agency notice"), ListColumn("demand", "Union demand"),
        ListColumn("status", "Status", k.BARGAINING_STATUSES),
        ListColumn("next_due", "Next deadline"),
    ),
    MatterKind.METRIC_DISPUTE: (
        ListColumn("title", "Title"), ListColumn("metric", "Metric"),
        ListColumn("scope", "Scope", k.DISPUTE_SCOPES), ListColumn("member", "Member"),
        ListColumn("measured", "Measured"), ListColumn("target", "Target"),
        ListColumn("status", "Status", k.METRIC_DISPUTE_STATUSES),
        ListColumn("next_due", "Next deadline"),
    ),
}


def _list_select(kind: MatterKind) -> tuple[Select[Any], dict[str, ColumnElement[Any]]]:
    nd = _next_deadline_subquery()
    if kind is MatterKind.GRIEVANCE:
        cols = {"number": grievance_t.c.grievance_number, "member": Member.name,
                "court": grievance_t.c.court, "step": grievance_t.c.step, "status": matter_t.c.status,
                "filed": grievance_t.c.filed_on, "next_due": nd.c.next_due, "title": matter_t.c.title}
        base = (select(matter_t.c.id, *cols.values()).join(grievance_t, grievance_t.c.id == matter_t.c.id)
                .outerjoin(Member, Member.id == grievance_t.c.member_id))
    elif kind is MatterKind.FLRA:
        cols = {"number": flra_t.c.case_number, "case_type": flra_t.c.case_type,
                "region": flra_t.c.region, "status": matter_t.c.status, "filed": flra_t.c.filed_on,
                "next_due": nd.c.next_due, "title": matter_t.c.title}
        base = select(matter_t.c.id, *cols.values()).join(flra_t, flra_t.c.id == matter_t.c.id)
    elif kind is MatterKind.BARGAINING:
        b = bargaining_t.c
        cols = {"title": matter_t.c.title, "bargaining_type": b.bargaining_type,
                "notice": b.agency_notice_on, "demand": b.union_demand_on,
                "status": matter_t.c.status, "next_due": nd.c.next_due}
        base = select(matter_t.c.id, *cols.values()).join(bargaining_t, b.id == matter_t.c.id)
    else:
        d = dispute_t.c
        cols = {"title": matter_t.c.title, "metric": Metric.name, "scope": d.scope,
                "member": Member.name, "measured": d.measured_value, "target": d.target_value,
                "status": matter_t.c.status, "next_due": nd.c.next_due}
        base = (select(matter_t.c.id, *cols.values()).join(dispute_t, d.id == matter_t.c.id)
                .join(Metric, Metric.id == d.metric_id)
                .outerjoin(Member, Member.id == d.member_id))
    base = base.outerjoin(nd, nd.c.matter_id == matter_t.c.id)
    return base, cols


def _escape_like(fragment: str) -> str:
    return fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def text_condition(db: Database, query: str) -> ColumnElement[bool] | None:
    """A condition matching matters whose search text contains every word of ``query``."""
    words = [w for w in query.split() if w]
    if not words:
        return None
    conditions: list[ColumnElement[bool]] = []
    long_words = [w for w in words if len(w) >= 3]
    if long_words and db.engine.dialect.name == "sqlite":
        match = " AND ".join('"' + w.replace('"', '""') + '"' for w in long_words)
        conditions.append(matter_t.c.id.in_(
            select(literal_column("rowid")).select_from(text("matter_fts"))
            .where(text("matter_fts MATCH :fts").bindparams(fts=match))))
        words = [w for w in words if len(w) < 3]
    for w in words:
        conditions.append(matter_t.c.search_text.ilike(f"%{_escape_like(w)}%", escape="\\"))
    return and_(*conditions)


@dataclass(frozen=True)
class ListResult:
    columns: tuple[ListColumn, ...]
    #: Each row: (matter id, *values in column order); codes already turned into labels.
    rows: list[tuple[Any, ...]]


def list_matters(db: Database, kind: MatterKind | str, *, text_filter: str = "",
                 statuses: Sequence[str] = (), include_closed: bool = False,
                 sort_key: str | None = None, descending: bool = False,
                 limit: int | None = None) -> ListResult:
    kind = MatterKind(kind)
    stmt, cols = _list_select(kind)
    stmt = stmt.where(matter_t.c.kind == kind.value)
    if statuses:
        stmt = stmt.where(matter_t.c.status.in_(list(statuses)))
    elif not include_closed:
        stmt = stmt.where(matter_t.c.status.not_in(sorted(k.CLOSED_STATUSES[kind])))
    cond = text_condition(db, text_filter)
    if cond is not None:
        stmt = stmt.where(cond)
    order_col = cols.get(sort_key or "", None)
    if order_col is None:
        order_col = cols.get("filed", cols.get("notice", matter_t.c.opened_on))
        descending = True if sort_key is None else descending
    order = order_col.desc() if descending else order_col.asc()
    stmt = stmt.order_by(order.nulls_last(), matter_t.c.id.desc() if descending else matter_t.c.id)
    if limit:
        stmt = stmt.limit(limit)
    columns = LIST_COLUMNS[kind]
    label_maps = [{c.code: c.label for c in col.choices} if col.choices else None
                  for col in columns]
    with db.engine.connect() as conn:
        raw = conn.execute(stmt).all()
    if not any(label_maps):
        return ListResult(columns, [tuple(r) for r in raw])
    rows = []
    for r in raw:
        values = list(r)
        for i, lm in enumerate(label_maps, start=1):
            if lm is not None and values[i] is not None:
                values[i] = lm.get(values[i], values[i])
        rows.append(tuple(values))
    return ListResult(columns, rows)


@dataclass(frozen=True, slots=True)
class SearchHit:
    matter_id: int
    kind: MatterKind
    reference: str
    title: str
    status: str


def search(db: Database, query: str, limit: int = 50) -> list[SearchHit]:
    """Matters of every kind whose number, title, member name or text contains ``query``."""
    cond = text_condition(db, query)
    if cond is None:
        return []
    stmt = (select(matter_t.c.id, matter_t.c.kind, matter_t.c.title, matter_t.c.status,
                   grievance_t.c.grievance_number, flra_t.c.case_number)
            .outerjoin(grievance_t, grievance_t.c.id == matter_t.c.id)
            .outerjoin(flra_t, flra_t.c.id == matter_t.c.id)
            .where(cond).order_by(matter_t.c.updated_at.desc()).limit(limit))
    with db.engine.connect() as conn:
        rows = conn.execute(stmt).all()
    hits = []
    for mid, kind_s, title, status, gnum, cnum in rows:
        kind = MatterKind(kind_s)
        hits.append(SearchHit(mid, kind, reference(kind, mid, gnum or cnum), title,
                              k.label_of(k.STATUSES[kind], status)))
    return hits


# -- deadlines and the dashboard: plain SQL in ``overview`` (the first screen needs no ORM) ---

__all__ = ["LIST_COLUMNS", "DASHBOARD_ROWS", "ActivityRow", "Dashboard", "DeadlineRow",
           "ListColumn", "ListResult", "SearchHit", "counts", "dashboard", "deadline_rows",
           "list_matters", "open_counts", "recent_activity", "search", "text_condition"]
