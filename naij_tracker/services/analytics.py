"""Grievance analytics, computed by SQL: what the Reports view and the packet's analytics show.

Every figure is one ``GROUP BY`` (or one ordered column for the percentiles) over ``matter``
joined to its kind's table, read in one snapshot through ``Database.read_many`` — plain
``sqlite3`` for a file, the engine on a server. The tables come back as plain data
(:class:`Table`), each with its columns and rows, ready for a chart, a CSV/XLSX export or the
packet; :func:`suppress_small` makes a copy safe for an aggregate audience.

Definitions (also printed under the tables):

* *open / closed* — by status (``domain.kinds.CLOSED_STATUSES``);
* *step reached* — the grievance's current step (a closed grievance keeps the step it ended at);
* *win rate* — (sustained + settled) / (sustained + settled + denied); withdrawn grievances
  were not decided;
* *days to resolution* — from the filing date (else the opened date) to the closing date;
  the median is the middle value (the mean of the two middle values), the 90th percentile
  the nearest-rank value (the ⌈0.9·n⌉-th smallest);
* *deadlines met / missed* — done on or before the due date / done after it; *overdue* —
  still open with the due date past.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from naij_tracker.db.opening import Database
from naij_tracker.domain import clock
from naij_tracker.domain import kinds as k
from naij_tracker.domain.analytics import (  # noqa: F401  (the figures' types, re-exported)
    DECIDED,
    NOT_RECORDED,
    WITHHELD,
    WON,
    Analytics,
    AnalyticsFilter,
    Table,
    Value,
    suppress_small,
)
from naij_tracker.domain.kinds import MatterKind


def _closed_list(kind: MatterKind) -> str:
    return ", ".join(f"'{s}'" for s in sorted(k.CLOSED_STATUSES[kind]))


def _where(f: AnalyticsFilter, alias: str = "g") -> tuple[str, dict[str, Any]]:
    parts: list[str] = []
    params: dict[str, Any] = {}
    if f.date_from:
        parts.append(f"COALESCE({alias}.filed_on, m.opened_on) >= :date_from")
        params["date_from"] = f.date_from
    if f.date_to:
        parts.append(f"COALESCE({alias}.filed_on, m.opened_on) <= :date_to")
        params["date_to"] = f.date_to
    if f.court:
        parts.append(f"{alias}.court = :court")
        params["court"] = f.court
    if f.article:
        parts.append(f"{alias}.cba_article = :article")
        params["article"] = f.article
    return (" AND " + " AND ".join(parts)) if parts else "", params


def _days(db: Database, later: str, earlier: str) -> str:
    if db.path is None:  # PostgreSQL: date - date is a number of days
        return f"({later} - {earlier})"
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


def grievance_statements(db: Database, f: AnalyticsFilter
                         ) -> list[tuple[str, Mapping[str, Any] | None]]:
    """The SQL behind the grievance figures (also what the benchmark times)."""
    where, params = _where(f)
    closed = _closed_list(MatterKind.GRIEVANCE)
    base = (f"FROM matter m JOIN grievance g ON g.id = m.id WHERE m.kind = 'grievance'{where}")
    counts = (f"SUM(CASE WHEN m.status IN ({closed}) THEN 0 ELSE 1 END), "
              f"SUM(CASE WHEN m.status IN ({closed}) THEN 1 ELSE 0 END), COUNT(*)")
    days = _days(db, "m.closed_on", "COALESCE(g.filed_on, m.opened_on)")
    out: list[tuple[str, Mapping[str, Any] | None]] = []
    for column in ("g.court", "g.cba_article", "g.issue_category", "g.step"):
        out.append((f"SELECT {column}, {counts} {base} GROUP BY {column} ORDER BY {column}",
                    params))
    out.append((f"SELECT m.status, COUNT(*) {base} AND m.status IN ({closed}) "
                "GROUP BY m.status", params))
    out.append((f"SELECT g.step, {days} AS d {base} AND m.closed_on IS NOT NULL "
                f"AND m.status IN ({closed}) AND COALESCE(g.filed_on, m.opened_on) IS NOT NULL "
                "ORDER BY g.step, d", params))
    if db.path is None:
        old, new = "(h.changes::json -> 'step' ->> 0)", "(h.changes::json -> 'step' ->> 1)"
    else:
        old, new = "json_extract(h.changes, '$.step[0]')", "json_extract(h.changes, '$.step[1]')"
    # every recorded change of step (creation included), with the grievance's dates; the
    # history is read once in order (SQLite's CROSS JOIN keeps that order) rather than looked
    # up grievance by grievance
    cross = "CROSS JOIN" if db.path is not None else ","
    plain = " NOT INDEXED" if db.path is not None else ""  # one sequential read
    dates = f"m.id, COALESCE(g.filed_on, m.opened_on), m.closed_on, m.status IN ({closed})"
    step_changes = (f"SELECT {dates}, h.at, {old}, {new}, h.id FROM history_entry h{plain} "
                    f"{cross} matter m {cross} grievance g WHERE m.id = h.matter_id "
                    f"AND g.id = m.id AND m.kind = 'grievance' "
                    f"AND h.changes LIKE '%\"step\"%'{where}")
    # A grievance an import batch created has no history entry of its own (the batch knows its
    # rows): it was created at the step it first left, or — never moved — at its step now.
    imported = (f"SELECT {dates}, m.created_at, NULL, g.step, 0 FROM import_batch_row r "
                "JOIN import_batch b ON b.id = r.batch_id AND b.undone_at IS NULL "
                "JOIN matter m ON m.id BETWEEN r.first_matter_id AND r.last_matter_id "
                "AND m.created_at = b.imported_at JOIN grievance g ON g.id = m.id "
                f"WHERE m.kind = 'grievance'{where} AND NOT EXISTS (SELECT 1 FROM history_entry "
                "x WHERE x.matter_id = m.id AND x.changes LIKE '%\"step\"%')")
    out.append((f"SELECT * FROM ({step_changes} UNION ALL {imported}) s "
                "ORDER BY 1, 5, 8", params))
    return out


def compute_analytics(db: Database, f: AnalyticsFilter | None = None,
                      today: date | None = None) -> Analytics:
    """Every figure for the filter ``f``, as of ``today``."""
    f = f or AnalyticsFilter()
    today = today or clock.today()
    tables: list[Table] = []
    win_rate, decided, total = None, 0, 0
    statements = []
    want_grievances = f.kind in (None, MatterKind.GRIEVANCE)
    if want_grievances:
        statements += grievance_statements(db, f)
    statements += _deadline_statements(f, today, db)
    statements += _dispute_statements(db, f)
    results = db.read_many(statements)
    if want_grievances:
        g_results, results = results[:7], results[7:]
        labels = {"g.court": None, "g.cba_article": None, "g.issue_category": None,
                  "g.step": k.GRIEVANCE_STEPS}
        titles = [("court", "Grievances by court", "Court"),
                  ("article", "Grievances by CBA article", "CBA article"),
                  ("issue", "Grievances by issue", "Issue"),
                  ("step", "Grievances by step reached", "Step reached")]
        for (key, title, head), rows, choices in zip(titles, g_results[:4], labels.values(),
                                                      strict=True):
            body = tuple((_label(v, choices), int(o or 0), int(c or 0), int(n))
                         for v, o, c, n in rows)
            if key == "step":
                order = {c.label: i for i, c in enumerate(k.GRIEVANCE_STEPS)}
                body = tuple(sorted(body, key=lambda r: order.get(str(r[0]), 99)))
            else:  # in Python: servers differ in where NULLs go and how text collates
                body = tuple(sorted(body, key=lambda r: (r[0] != NOT_RECORDED,
                                                         str(r[0]).casefold(), str(r[0]))))
            total = sum(int(r[3]) for r in body) if key == "court" else total
            tables.append(Table(key, title, (head, "Open", "Closed", "Total"), body,
                                chart_column=3))
        outcome = {s: int(n) for s, n in g_results[4]}
        decided = sum(outcome.get(s, 0) for s in DECIDED)
        won = sum(outcome.get(s, 0) for s in WON)
        win_rate = won / decided if decided else None
        closed_n = sum(outcome.values())
        rows = []
        for code in ("sustained", "settled", "denied", "withdrawn"):
            n = outcome.get(code, 0)
            rows.append((k.label_of(k.GRIEVANCE_STATUSES, code), n,
                         _pct(n, closed_n)))
        note = (f"Win rate (sustained + settled over decided): {_pct(won, decided)} "
                f"({won:,} of {decided:,} decided)." if decided else
                "No grievance has been decided yet.")
        tables.append(Table("outcomes", "Outcomes of closed grievances",
                            ("Outcome", "Grievances", "Share"), tuple(rows), note))
        tables.append(_durations(g_results[5]))
        tables.append(_step_days(g_results[6]))
    tables.append(_deadlines(results[0]))
    tables.append(_disputes(results[1], results[2]))
    return Analytics(f, today, tuple(tables), win_rate, decided, total)


def _label(value: Any, choices: tuple[k.Choice, ...] | None) -> str:
    if value is None or str(value).strip() == "":
        return NOT_RECORDED
    return k.label_of(choices, value) if choices else str(value)


def _pct(n: int, of: int) -> str:
    return f"{100 * n / of:.0f}%" if of else "\u2014"


def median(values: Sequence[float]) -> float | None:
    """The middle of sorted ``values`` (the mean of the two middle ones)."""
    n = len(values)
    if not n:
        return None
    mid = n // 2
    return float(values[mid]) if n % 2 else (values[mid - 1] + values[mid]) / 2


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile of sorted ``values``: the ⌈p/100·n⌉-th smallest."""
    if not values:
        return None
    rank = max(1, math.ceil(p / 100 * len(values)))
    return float(values[rank - 1])


def _durations(rows: Sequence[tuple[Any, Any]]) -> Table:
    per: dict[str, list[float]] = {}
    everything: list[float] = []
    for step, d in rows:
        if d is None or d < 0:
            continue
        per.setdefault(_label(step, k.GRIEVANCE_STEPS), []).append(float(d))
        everything.append(float(d))
    everything.sort()

    def row(label: str, values: list[float]) -> tuple[Value, ...]:
        return (label, len(values), _num(median(values)), _num(percentile(values, 90)))

    order = [c.label for c in k.GRIEVANCE_STEPS]
    body = [row("All closed grievances", everything)]
    body += [row(f"Closed at {s}", sorted(per[s])) for s in order + sorted(set(per) - set(order))
             if s in per]
    return Table("durations", "Days from filing to resolution",
                 ("Grievances", "Closed", "Median days", "90th percentile days"), tuple(body),
                 "Median: the middle value; 90th percentile: the nearest-rank value.",
                 chart_column=2)


def _day(v: Any) -> date | None:
    if v is None:
        return None
    if isinstance(v, datetime):  # a datetime is a date too
        return v.date()
    if isinstance(v, date):
        return v
    return date.fromisoformat(str(v)[:10])


def _step_days(rows: Sequence[tuple[Any, ...]]) -> Table:
    """Days spent at each step, from the recorded changes of step: from filing (or the
    change that reached the step) to the change that left it, or to the closing date for the
    step a closed grievance ended at. A step still in progress is not counted."""
    spent: dict[str, list[float]] = {}
    by_matter: dict[int, list[tuple[Any, ...]]] = {}
    for r in rows:
        by_matter.setdefault(int(r[0]), []).append(r)
    for entries in by_matter.values():
        filed, closed_on, is_closed = _day(entries[0][1]), _day(entries[0][2]), entries[0][3]
        step: str | None = None
        since = filed
        for _mid, _f, _c, _x, at, old, new, *_order in entries:
            if old is None:  # created at this step
                step = new
                continue
            step = step or old
            when = _day(at)
            if since is not None and when is not None and step:
                spent.setdefault(step, []).append(float(max(0, (when - since).days)))
            step, since = new, when
        if is_closed and step and since is not None and closed_on is not None:
            spent.setdefault(step, []).append(float(max(0, (closed_on - since).days)))
    body = []
    for choice in k.GRIEVANCE_STEPS:
        values = sorted(spent.get(choice.code, []))
        if values:
            body.append((choice.label, len(values), _num(median(values)),
                         _num(percentile(values, 90))))
    return Table("step_days", "Days at each step", ("Step", "Grievances", "Median days",
                                                    "90th percentile days"), tuple(body),
                 "From the recorded changes of step: filing (or reaching the step) to leaving "
                 "it, or to closing for the last step; a step still in progress is not "
                 "counted.", chart_column=2)


def _num(v: float | None) -> Value:
    if v is None:
        return "\u2014"
    return int(v) if float(v).is_integer() else round(v, 1)


def _deadline_statements(f: AnalyticsFilter, today: date, db: Database | None = None
                         ) -> list[tuple[str, Mapping[str, Any] | None]]:
    # SQLite: every deadline in one sequential read, each matter found by its key (far
    # quicker than walking the matters and probing the deadlines' index for each)
    source = ("deadline d NOT INDEXED CROSS JOIN matter m ON m.id = d.matter_id"
              if db is not None and db.path is not None
              else "deadline d JOIN matter m ON m.id = d.matter_id")
    parts: list[str] = []
    params: dict[str, Any] = {"today": today}
    if f.kind is not None:
        parts.append("m.kind = :kind")
        params["kind"] = f.kind.value
    if f.date_from:
        parts.append("d.due_on >= :date_from")
        params["date_from"] = f.date_from
    if f.date_to:
        parts.append("d.due_on <= :date_to")
        params["date_to"] = f.date_to
    if f.court or f.article:
        sub, p = _where(replace(f, date_from=None, date_to=None))
        parts.append(f"m.id IN (SELECT g.id FROM grievance g JOIN matter m ON m.id = g.id "
                     f"WHERE 1 = 1{sub})")
        params.update(p)
    where = (" WHERE " + " AND ".join(parts)) if parts else ""
    return [(
        "SELECT m.kind, "
        "SUM(CASE WHEN d.done_on IS NOT NULL AND d.done_on <= d.due_on THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN d.done_on IS NOT NULL AND d.done_on > d.due_on THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN d.done_on IS NULL AND d.due_on < :today THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN d.done_on IS NULL AND d.due_on >= :today THEN 1 ELSE 0 END) "
        f"FROM {source}{where} GROUP BY m.kind", params)]


def _deadlines(rows: Sequence[tuple[Any, ...]]) -> Table:
    by_kind = {r[0]: tuple(int(v or 0) for v in r[1:]) for r in rows}
    body: list[tuple[str | int, ...]] = []
    for kind in MatterKind:
        if kind.value in by_kind:
            met, missed, overdue, pending = by_kind[kind.value]
            body.append((kind.plural, met, missed, overdue, pending))
    if body:
        body.append(("All kinds", *[sum(int(r[i]) for r in body) for i in range(1, 5)]))
    return Table("deadlines", "Deadlines met and missed",
                 ("Kind", "Met", "Missed", "Overdue (open)", "Not yet due"), tuple(body),
                 "Met: done on or before the due date. Missed: done after it. Overdue: still "
                 "open with the due date past.")


def _dispute_statements(db: Database, f: AnalyticsFilter
                        ) -> list[tuple[str, Mapping[str, Any] | None]]:
    year = ("CAST(EXTRACT(YEAR FROM m.opened_on) AS INTEGER)" if db.path is None
            else "CAST(strftime('%Y', m.opened_on) AS INTEGER)")
    parts: list[str] = []
    params: dict[str, Any] = {}
    if f.date_from:
        parts.append("m.opened_on >= :date_from")
        params["date_from"] = f.date_from
    if f.date_to:
        parts.append("m.opened_on <= :date_to")
        params["date_to"] = f.date_to
    where = "".join(f" AND {p}" for p in parts)
    skip = f.kind not in (None, MatterKind.METRIC_DISPUTE) or f.court or f.article
    return [
        (f"SELECT md.metric_id, {year}, COUNT(*) FROM matter m JOIN metric_dispute md "
         f"ON md.id = m.id WHERE m.opened_on IS NOT NULL{where}"
         f"{' AND 1 = 0' if skip else ''} GROUP BY md.metric_id, {year} ORDER BY 1, 2", params),
        ("SELECT id, name, target, unit, effective_on, suspended_on FROM metric ORDER BY name",
         None),
    ]


def _disputes(rows: Sequence[tuple[Any, ...]], metrics: Sequence[tuple[Any, ...]]) -> Table:
    by_metric: dict[int, list[tuple[int, int]]] = {}
    for metric_id, year, n in rows:
        by_metric.setdefault(int(metric_id), []).append((int(year), int(n)))
    body = []
    for mid, name, _target, _unit, effective, suspended in metrics:
        if mid not in by_metric:
            continue
        span = f"in force from {_iso(effective) or '?'}"
        if suspended:
            span += f", suspended {_iso(suspended)}"
        for year, n in by_metric[mid]:
            state = _state(year, effective, suspended)
            body.append((f"{name} {year}", n, state, span))
    return Table("disputes", "Metric disputes raised per year, against the metrics catalogue",
                 ("Metric and year", "Disputes", "The metric that year", "Catalogue"),
                 tuple(body))


def _iso(v: Any) -> str:
    if v is None:
        return ""
    return v.isoformat() if isinstance(v, date) else str(v)[:10]


def _state(year: int, effective: Any, suspended: Any) -> str:
    eff = _iso(effective)
    sus = _iso(suspended)
    if eff and int(eff[:4]) > year:
        return "not yet in force"
    if sus and int(sus[:4]) < year:
        return "suspended"
    if sus and int(sus[:4]) == year:
        return "suspended during the year"
    return "in force"


def choices_for_filters(db: Database) -> dict[str, list[str]]:
    """Courts and CBA articles that grievances name (for the Reports view's filters)."""
    courts, articles = db.read_many([
        ("SELECT DISTINCT court FROM grievance WHERE court IS NOT NULL AND court <> '' "
         "ORDER BY court", None),
        ("SELECT DISTINCT cba_article FROM grievance WHERE cba_article IS NOT NULL AND "
         "cba_article <> '' ORDER BY cba_article", None),
    ])
    return {"courts": [r[0] for r in courts], "articles": [r[0] for r in articles]}
