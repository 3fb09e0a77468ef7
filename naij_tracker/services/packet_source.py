"""Filling a briefing packet's plain data from the database.

The renderer (``naij_tracker.reports.packet``) never touches the database; this module selects
the matters the officer chose, resolves codes to labels, and gathers each matter's latest
timeline entries, open deadlines (with the rule that made each one), links and the member names
and contact details that redaction must replace or leave out. A handful of set-based queries
serve any number of matters, so a packet of thousands stays quick.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select

from naij_tracker.db.models import (
    BargainingObligation,
    Deadline,
    FlraCase,
    Grievance,
    HistoryEntry,
    Matter,
    MatterLink,
    Member,
    Metric,
    MetricDispute,
    TimelineEntry,
)
from naij_tracker.db.opening import Database
from naij_tracker.db.tables import table_of
from naij_tracker.domain import clock
from naij_tracker.domain import deadlines as engine
from naij_tracker.domain import kinds as k
from naij_tracker.domain.fields import KIND_FIELDS, FieldType, reference
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.reports import packet_data as pd
from naij_tracker.reports.audience import SECTION_KEYS, Audience
from naij_tracker.services.analytics import AnalyticsFilter
from naij_tracker.services.settings import acting_user, load_settings

KIND_TABLES = {
    MatterKind.BARGAINING: table_of(BargainingObligation),
    MatterKind.FLRA: table_of(FlraCase),
    MatterKind.GRIEVANCE: table_of(Grievance),
    MatterKind.METRIC_DISPUTE: table_of(MetricDispute),
}
matter_t = table_of(Matter)


@dataclass(frozen=True)
class PacketSelection:
    """What goes into the packet."""

    kinds: tuple[MatterKind, ...] = tuple(MatterKind)
    include_closed: bool = False
    #: "What changed since" — also the start of the change list.
    since: date | None = None
    #: Only matters active within this range (opened on or before ``date_to`` and not closed
    #: before ``date_from``).
    date_from: date | None = None
    date_to: date | None = None
    #: One matter or a selection; empty means every matter that passes the filters above.
    matter_ids: Sequence[int] = field(default_factory=tuple)
    title: str = "Briefing packet"
    redact: bool = False
    as_of: date | None = None
    #: The audience preset (``reports.audience``); ``None`` is the plain packet with the
    #: union's own marking.
    audience: Audience | None = None
    #: Analytics filters for the analytics section (``services.analytics``).
    analytics_filter: AnalyticsFilter | None = None


#: Relation labels in plain words, as seen from the matter that made the link and from the
#: other end.
RELATION_WORDS: dict[str, tuple[str, str]] = {
    "related": ("Related to", "Related to"),
    "arises_from": ("Arises from", "Gave rise to"),
    "consolidated_with": ("Consolidated with", "Consolidated with"),
    "appeal_of": ("Appeal of", "Appealed in"),
    "decertification_for": ("Decertification petition for", "Challenged by"),
    "challenges": ("Challenges", "Challenged by"),
}


def relation_words(code: str) -> tuple[str, str]:
    """(outgoing, incoming) wording of a link relation; an unknown one reads the same."""
    if code in RELATION_WORDS:
        return RELATION_WORDS[code]
    label = k.label_of(k.LINK_RELATIONS, code)
    return label, f"{label} (linked from the other matter)"


def _fmt(spec_type: FieldType, value: Any, choices: tuple[k.Choice, ...]) -> str:
    if value is None or value == "":
        return ""
    if spec_type is FieldType.CHOICE:
        return k.label_of(choices, value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:,.1f}".rstrip("0").rstrip(".")
    return str(value)


def _select_matters(db: Database, sel: PacketSelection) -> list[tuple[MatterKind, dict[str, Any]]]:
    out: list[tuple[MatterKind, dict[str, Any]]] = []
    with db.engine.connect() as conn:
        for kind in sel.kinds:
            t = KIND_TABLES[kind]
            stmt = select(matter_t, *[c for c in t.c if c.name != "id"]).join(
                t, t.c.id == matter_t.c.id)
            if sel.matter_ids:
                stmt = stmt.where(matter_t.c.id.in_(list(sel.matter_ids)))
            elif not sel.include_closed:
                stmt = stmt.where(matter_t.c.status.not_in(sorted(k.CLOSED_STATUSES[kind])))
            if sel.date_to:
                stmt = stmt.where(or_(matter_t.c.opened_on.is_(None),
                                      matter_t.c.opened_on <= sel.date_to))
            if sel.date_from:
                stmt = stmt.where(or_(matter_t.c.closed_on.is_(None),
                                      matter_t.c.closed_on >= sel.date_from))
            stmt = stmt.order_by(matter_t.c.opened_on.desc(), matter_t.c.id.desc())
            out.extend((kind, dict(r._mapping)) for r in conn.execute(stmt))
    return out


def collect_packet(db: Database, sel: PacketSelection) -> pd.PacketData:
    settings = load_settings(db)
    today = sel.as_of or clock.today()
    rows = _select_matters(db, sel)
    ids = [r["id"] for _, r in rows]
    with db.engine.connect() as conn:
        members = {m.id: m for m in conn.execute(select(table_of(Member)))}
        metrics = dict(conn.execute(select(Metric.id, Metric.name)).all())
        # References of the selected matters come with their rows; others (the far end of a
        # link, the matter of a change) are looked up by id, never for the whole database.
        refs = {r["id"]: (reference(kind, r["id"], r.get("grievance_number")
                                    or r.get("case_number")), r["title"]) for kind, r in rows}
        timeline: dict[int, list[pd.TimelineEntry]] = defaultdict(list)
        deadlines: dict[int, list[pd.PacketDeadline]] = defaultdict(list)
        links: dict[int, list[pd.MatterLink]] = defaultdict(list)
        rules = engine.all_rules(engine.DEFAULT_CBA_RULES)
        link_rows: dict[int, Any] = {}
        for chunk in _chunks(ids, 900):
            for t in conn.execute(select(table_of(TimelineEntry))
                                  .where(TimelineEntry.matter_id.in_(chunk))
                                  .order_by(TimelineEntry.occurred_on.desc(),
                                            TimelineEntry.id.desc())):
                timeline[t.matter_id].append(pd.TimelineEntry(
                    t.occurred_on, k.label_of(k.TIMELINE_KINDS, t.entry_kind), t.text))
            # done_on is wrapped in a function so that SQLite finds the rows through the
            # matter index instead of walking every open deadline in (done_on, due_on) order.
            for d in conn.execute(select(table_of(Deadline))
                                  .where(Deadline.matter_id.in_(chunk),
                                         func.coalesce(Deadline.done_on, None).is_(None))
                                  .order_by(Deadline.due_on)):
                ref, title = refs[d.matter_id]
                rule = rules.get(d.rule_id or "")
                deadlines[d.matter_id].append(pd.PacketDeadline(
                    ref, title, d.title, d.due_on, d.rule_id or "",
                    rule.name if rule else ("Entered by hand" if not d.rule_id else d.rule_id),
                    d.citation or (rule.citation if rule else ""), d.explanation or "",
                    d.done_on, d.matter_id))
            # keyed by id: a link between matters in two chunks is fetched twice
            link_rows.update((lk.id, lk) for lk in conn.execute(
                select(table_of(MatterLink)).where(or_(MatterLink.from_matter_id.in_(chunk),
                                                       MatterLink.to_matter_id.in_(chunk)))))
        ends = {m for lk in link_rows.values() for m in (lk.from_matter_id, lk.to_matter_id)}
        refs.update(_references(conn, ends - refs.keys()))
        for lk in link_rows.values():
            out_words, in_words = relation_words(lk.relation)
            for this, other, rel in ((lk.from_matter_id, lk.to_matter_id, out_words),
                                     (lk.to_matter_id, lk.from_matter_id, in_words)):
                links[this].append(pd.MatterLink(rel, *refs[other]))
        changes = _changes(conn, sel.since, refs) if sel.since else []

    matters = []
    for kind, r in rows:
        number = r.get("grievance_number") or r.get("case_number")
        fields: list[tuple[str, str]] = []
        names: list[str] = []
        contacts: list[str] = []
        member_text = ""
        for spec in KIND_FIELDS[kind]:
            value = r.get(spec.name)
            if spec.type is FieldType.MEMBER:
                member = members.get(value) if value else None
                text = member.name if member else (
                    "Union (institutional)" if kind is MatterKind.GRIEVANCE else "")
                if member:
                    names.append(member.name)
                    contacts += [c for c in (member.email, member.phone) if c]
                member_text = text
            elif spec.type is FieldType.METRIC:
                text = metrics.get(value, "") if value else ""
            else:
                text = _fmt(spec.type, value, spec.choices)
            if text:
                fields.append((spec.label, text))
        matters.append(pd.PacketMatter(
            id=r["id"], kind=kind, reference=reference(kind, r["id"], number), title=r["title"],
            status_label=k.label_of(k.STATUSES[kind], r["status"]),
            is_open=not k.is_closed_status(kind, r["status"]), opened_on=r["opened_on"],
            closed_on=r["closed_on"], fields=fields, member_names=names, contacts=contacts,
            summary=r["summary"] or "", timeline=timeline[r["id"]],
            deadlines=deadlines[r["id"]], links=links[r["id"]],
            step=k.label_of(k.GRIEVANCE_STEPS, r["step"]) if kind is MatterKind.GRIEVANCE
            else None,
            priority=k.label_of(k.PRIORITIES, r["priority"]), owner=r["owner"] or "",
            member=member_text, court=r.get("court") or "",
            issue=r.get("issue_category") or "", article=r.get("cba_article") or ""))
    all_deadlines = [d for m in matters for d in m.deadlines]
    all_deadlines.sort(key=lambda d: d.due)
    aud = sel.audience
    sections = frozenset(aud.sections if aud else ("summary", "changes", "deadlines",
                                                   "matters"))
    options = pd.PacketOptions(
        title=sel.title, union_name=settings.union_name, prepared_by=acting_user(db, settings),
        marking=aud.marking if aud else settings.packet_marking, as_of=today, since=sel.since,
        kinds=sel.kinds, include_closed=sel.include_closed or bool(sel.matter_ids),
        redact=sel.redact or bool(aud and (aud.redact or aud.aggregate)),
        audience=aud.key if aud else "", sections=sections & frozenset(SECTION_KEYS),
        cover_note=aud.cover_note if aud else "", aggregate=bool(aud and aud.aggregate),
        min_group=aud.min_group if aud else 5,
        # an aggregate packet never shows a matter's brief, however few are chosen
        single=bool(sel.matter_ids) and len(matters) <= 3 and not (aud and aud.aggregate))
    analytics = None
    if "analytics" in sections:
        from naij_tracker.services.analytics import compute_analytics

        analytics = compute_analytics(db, sel.analytics_filter or AnalyticsFilter(
            date_from=sel.date_from, date_to=sel.date_to), today=today)
    member_rows = db.read("SELECT name, court FROM member ORDER BY id")
    court_members: dict[str, int] = defaultdict(int)
    for _name, court in member_rows:
        if court:
            court_members[court] += 1
    return pd.PacketData(options=options, matters=matters, deadlines=all_deadlines,
                         changes=changes, members=tuple(n for n, _c in member_rows),
                         court_members=dict(court_members), analytics=analytics)


def resolve_matters(db: Database, tokens: Sequence[str]) -> tuple[list[int], list[str]]:
    """Matter ids for references as officers write them — a grievance number (``2026-0301``),
    an FLRA case number, ``B-3`` / ``G-12`` / ``FLRA-7`` / ``MD-4``, or the internal id — and
    the tokens that match nothing. Numbers are compared without regard to case."""
    ids: list[int] = []
    missing: list[str] = []
    prefixes = {"b": "bargaining", "flra": "flra", "g": "grievance", "md": "metric_dispute"}
    for raw in tokens:
        token = raw.strip()
        rows = db.read(
            "SELECT id FROM grievance WHERE lower(grievance_number) = lower(:t) UNION "
            "SELECT id FROM flra_case WHERE lower(case_number) = lower(:t)", {"t": token})
        if not rows:
            prefix, dash, number = token.rpartition("-")
            if dash and number.isdigit() and prefix.lower() in prefixes:
                rows = db.read("SELECT id FROM matter WHERE id = :i AND kind = :k",
                               {"i": int(number), "k": prefixes[prefix.lower()]})
            elif token.isdigit():
                rows = db.read("SELECT id FROM matter WHERE id = :i", {"i": int(token)})
        if rows:
            ids.extend(int(r[0]) for r in rows if int(r[0]) not in ids)
        else:
            missing.append(raw)
    return ids, missing


def _chunks(ids: list[int], size: int) -> list[list[int]]:
    return [ids[i:i + size] for i in range(0, len(ids), size)] or [[]]


def _references(conn: Any, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """(reference, title) of the matters ``ids`` — only those, however large the database."""
    g, f = table_of(Grievance), table_of(FlraCase)
    out: dict[int, tuple[str, str]] = {}
    for chunk in _chunks(sorted(set(ids)), 900):
        stmt = (select(matter_t.c.id, matter_t.c.kind, matter_t.c.title, g.c.grievance_number,
                       f.c.case_number)
                .outerjoin(g, g.c.id == matter_t.c.id).outerjoin(f, f.c.id == matter_t.c.id)
                .where(matter_t.c.id.in_(chunk)))
        out.update((mid, (reference(kind, mid, gn or cn), title))
                   for mid, kind, title, gn, cn in conn.execute(stmt))
    return out


def _changes(conn: Any, since: date, refs: dict[int, tuple[str, str]]) -> list[pd.PacketChange]:
    stmt = (select(HistoryEntry.at, HistoryEntry.who, HistoryEntry.matter_id,
                   HistoryEntry.summary, HistoryEntry.changes)
            .where(and_(HistoryEntry.at >= datetime.combine(since, datetime.min.time()),
                        HistoryEntry.matter_id.is_not(None)))
            .order_by(HistoryEntry.at.desc()).limit(500))
    rows = conn.execute(stmt).all()
    refs = refs | _references(conn, {r.matter_id for r in rows} - refs.keys())
    out = []
    for at, who, mid, summary, changes in rows:
        ref, title = refs.get(mid, ("", ""))
        detail = ""
        try:
            fields = list(json.loads(changes))
            if fields and len(fields) <= 4:
                detail = " (" + ", ".join(f.replace("_", " ") for f in fields) + ")"
        except ValueError:
            pass
        out.append(pd.PacketChange(at, who, ref, summary + detail, title))
    return out
