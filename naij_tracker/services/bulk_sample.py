"""The sample-data generator scaled to a real union's records, for the benchmarks.

``build_large_database`` fills a new file with the ordinary sample data
(``sample_data.load_sample_data``: the curated public record, 120 members and the generated
grievances — here 100,000 of them) and then adds, with SQLAlchemy Core ``executemany`` in a few
big transactions:

* 20,000 other matters — bargaining obligations, FLRA cases and metric disputes — with their
  ``search_text`` filled by ``domain.search_text`` (number, member name,
  title, subject, court, summary, tags); the FTS5 triggers index them as they are inserted;
* deadlines up to 300,000 in all: one open deadline on about half of the open matters (a few
  overdue, most falling due within months) and many done ones in the past;
* history entries up to 500,000 in all (the creations, then status changes and notes).

Deterministic for a given ``seed`` and ``today`` (apart from the creation timestamps, which the
ordinary generator takes from the clock). ``ensure_large_database`` reuses a file whose stamp —
generator version, seed, scale, ``today`` and schema revision, kept in the ``setting`` table under
``bench_generator`` (ignored by ``load_settings``) — matches, and otherwise rebuilds it into a
temporary file that replaces the old one only when complete.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from naij_tracker.db.ids import reserve_ids
from naij_tracker.db.models import (
    BargainingObligation,
    Deadline,
    FlraCase,
    HistoryEntry,
    Matter,
    Member,
    Metric,
    MetricDispute,
    Setting,
)
from naij_tracker.db.opening import Database, open_database
from naij_tracker.db.schema_version import HEAD
from naij_tracker.db.tables import table_of
from naij_tracker.domain import clock
from naij_tracker.domain import kinds as k
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.domain.search_text import search_text
from naij_tracker.services.sample_data import LAST, load_sample_data

#: Bump whenever the generated content changes, so stale benchmark files are rebuilt.
GENERATOR_VERSION = 1
STAMP_KEY = "bench_generator"
BULK_ACTOR = "Bulk sample data"
CHUNK = 50_000


@dataclass(frozen=True)
class Scale:
    """How much to generate (the totals of the issue by default)."""

    grievances: int = 100_000
    other_matters: int = 20_000
    deadlines: int = 300_000
    history: int = 500_000


SUBJECTS = (
    "Revised case-completion quota", "Detained docket assignment rotation",
    "Telework eligibility for judges", "Courtroom security staffing", "Remote hearing platform",
    "Annual leave scheduling during surges", "Performance appraisal form",
    "Law clerk assignment ratio", "Office relocation", "Mandatory training schedule",
    "Interpreter scheduling", "Case priority codes", "Docket management dashboards",
    "Parking and building access", "Official time for union representatives",
)
SUMMARIES = (
    "The agency served notice without the data underlying the change.",
    "Counsel recommends a charge if the agency implements before bargaining concludes.",
    "The steward asked for the records of every judge affected.",
    "Settlement talks stalled over the remedy; the union will press for make-whole relief.",
    "The regional director asked both sides for position statements.",
    "Members report the measure ignores continuances beyond the judge's control.",
    "",
    "",
)
TAGS = ("metrics", "telework", "security", "leave", "quota", "detained", "remote", "training", "")
FLRA_PREFIX = {"ulp_against_agency": "CA", "ulp_against_union": "CO", "representation": "RP",
               "clarification_of_unit": "RP", "decertification": "RP"}
FLRA_OFFICES = ("WA", "SF", "CH", "DA", "AT", "DE")
RULES = (
    ("cba-step-answer", "Step answer due", "CBA Art. 10, Sec. 4", 30),
    ("cba-step-appeal", "Appeal to the next step", "CBA Art. 10, Sec. 5", 15),
    ("ulp-charge", "ULP charge deadline", "5 U.S.C. 7118(a)(4)(A)", 182),
    ("arbitration-exceptions", "Exceptions to the award", "5 U.S.C. 7122(b)", 30),
    ("negotiability-appeal", "Negotiability appeal", "5 C.F.R. 2424.21", 15),
)
SERVICE = k.codes(k.SERVICE_METHODS)


def _stamp(seed: int, today: date, scale: Scale) -> dict[str, Any]:
    return {"version": GENERATOR_VERSION, "seed": seed, "today": today.isoformat(),
            "schema": HEAD, "scale": asdict(scale)}


def stored_stamp(path: Path) -> dict[str, Any] | None:
    """The stamp of a file built by this module (None if absent, unreadable or incomplete)."""
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM setting WHERE key = ?", (STAMP_KEY,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return json.loads(row[0]) if row else None


def ensure_large_database(path: Path, *, today: date | None = None, seed: int = 2018,
                          scale: Scale | None = None,
                          log: Callable[[str], None] = print) -> Path:
    """Reuse ``path`` when its stamp matches; otherwise (re)build it. Returns ``path``."""
    today = today or clock.today()
    scale = scale or Scale()
    if stored_stamp(path) == _stamp(seed, today, scale):
        log(f"Reusing {path} (generator v{GENERATOR_VERSION}, {today}).")
        return path
    log(f"Building {path} ({scale.grievances:,} grievances, {scale.other_matters:,} other "
        f"matters, {scale.deadlines:,} deadlines, {scale.history:,} history entries)…")
    build_large_database(path, today=today, seed=seed, scale=scale)
    return path


def _remove(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        p.unlink(missing_ok=True)


def build_large_database(path: Path, *, today: date | None = None, seed: int = 2018,
                         scale: Scale | None = None) -> dict[str, int]:
    """Build the large database into a temporary file, then move it to ``path``."""
    today = today or clock.today()
    scale = scale or Scale()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".building")
    _remove(tmp)
    db = open_database(tmp)
    try:
        load_sample_data(db, today=today, seed=seed, grievances=scale.grievances)
        rng = random.Random(seed + 1)
        _other_matters(db, rng, today, scale.other_matters)
        _deadlines(db, rng, today, scale.deadlines)
        _history(db, rng, today, scale.history)
        with db.sessions.begin() as session:
            session.merge(Setting(key=STAMP_KEY, value=json.dumps(_stamp(seed, today, scale))))
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            result = {t.name: int(conn.scalar(select(func.count()).select_from(t)) or 0)
                      for t in (table_of(Matter), table_of(Deadline), table_of(HistoryEntry))}
    finally:
        db.close()
    _remove(path)
    tmp.replace(path)
    _remove(tmp)
    return result


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), CHUNK):
        yield rows[i:i + CHUNK]


def _other_matters(db: Database, rng: random.Random, today: date, count: int) -> None:
    """Bargaining obligations, FLRA cases and metric disputes (40/30/30), through Core."""
    now = clock.now()
    with db.sessions.begin() as session:
        ids = reserve_ids(session.connection(), "matter", count)
        members = dict(session.execute(select(Member.id, Member.name)).all())
        metrics = list(session.execute(select(Metric.id, Metric.name, Metric.target)).all())
        member_ids = list(members)
        matters: list[dict[str, Any]] = []
        kind_rows: dict[MatterKind, list[dict[str, Any]]] = {
            MatterKind.BARGAINING: [], MatterKind.FLRA: [], MatterKind.METRIC_DISPUTE: []}
        history: list[dict[str, Any]] = []
        for i, mid in enumerate(ids):
            r = rng.random()
            kind = (MatterKind.BARGAINING if r < 0.4 else
                    MatterKind.FLRA if r < 0.7 else MatterKind.METRIC_DISPUTE)
            opened = today - timedelta(days=int(rng.triangular(1, 8 * 365, 120)))
            age = (today - opened).days
            codes = k.codes(k.STATUSES[kind])
            closed_codes = sorted(k.CLOSED_STATUSES[kind])
            open_codes = [c for c in codes if c not in k.CLOSED_STATUSES[kind]]
            status = rng.choice(open_codes if age < 300 or rng.random() < 0.1 else closed_codes)
            closed_on = (opened + timedelta(days=rng.randint(1, max(1, age)))
                         if status in k.CLOSED_STATUSES[kind] else None)
            summary = rng.choice(SUMMARIES) or None
            tags = rng.choice(TAGS) or None
            number: str | None = None
            member_name: str | None = None
            subject: str | None = None
            if kind is MatterKind.BARGAINING:
                subject = rng.choice(SUBJECTS)
                title = f"{subject} ({opened.year})"
                kind_rows[kind].append({
                    "id": mid, "subject": subject,
                    "bargaining_type": rng.choice(k.codes(k.BARGAINING_TYPES)),
                    "agency_notice_on": opened,
                    "union_demand_on": opened + timedelta(days=rng.randint(3, 14))
                    if status != "notice_received" else None,
                    "cba_article": f"Art. {rng.randint(3, 40)}",
                    "assurances": None})
            elif kind is MatterKind.FLRA:
                case_type = rng.choice(k.codes(k.FLRA_CASE_TYPES))
                if case_type in FLRA_PREFIX:
                    number = (f"{rng.choice(FLRA_OFFICES)}-{FLRA_PREFIX[case_type]}-"
                              f"{opened.year % 100:02d}-{i:04d}")
                elif case_type == "impasse_request":
                    number = f"{opened.year % 100:02d} FSIP {i}"
                else:
                    number = f"0-{'NG' if case_type == 'negotiability' else 'AR'}-{i}"
                title = f"{k.label_of(k.FLRA_CASE_TYPES, case_type)}: {rng.choice(SUBJECTS)}"
                kind_rows[kind].append({
                    "id": mid, "case_number": number, "case_type": case_type,
                    "filed_by": "NAIJ" if rng.random() < 0.8 else "EOIR",
                    "respondent": "EOIR" if rng.random() < 0.8 else "NAIJ",
                    "region": rng.choice(k.FLRA_REGIONS), "filed_on": opened,
                    "hearing_on": None, "decision_on": closed_on, "outcome": None})
            else:
                metric_id, metric_name, target = rng.choice(metrics)
                scope = "member" if rng.random() < 0.85 else "unit"
                member_id = rng.choice(member_ids) if scope == "member" else None
                member_name = members.get(member_id) if member_id else None
                target = float(target or 100.0)
                title = f"{metric_name}: rating challenge"
                kind_rows[kind].append({
                    "id": mid, "metric_id": metric_id, "scope": scope, "member_id": member_id,
                    "measured_value": round(target * rng.uniform(0.6, 1.05), 1),
                    "target_value": target,
                    "docket_type": rng.choice(k.codes(k.DOCKET_TYPES)),
                    "extenuating_circumstances": None})
            matters.append({
                "id": mid, "kind": kind.value, "title": title, "status": status,
                "priority": rng.choices(["normal", "high", "low", "urgent"],
                                        [0.7, 0.15, 0.1, 0.05])[0],
                "owner": f"Officer {rng.choice(LAST)}", "opened_on": opened,
                "closed_on": closed_on, "summary": summary, "tags": tags,
                "search_text": search_text({"number": number, "member_name": member_name,
                                            "title": title, "subject": subject,
                                            "summary": summary, "tags": tags}),
                "created_at": now, "updated_at": now, "version": 1})
            history.append({"matter_id": mid, "entity": "matter", "entity_id": mid,
                            "action": "create", "who": BULK_ACTOR, "at": now,
                            "summary": f"Created {kind.label.lower()} {number or title}"[:500],
                            "changes": "{}"})
        for chunk in _chunks(matters):
            session.execute(insert(table_of(Matter)), chunk)
        for kind, table in ((MatterKind.BARGAINING, table_of(BargainingObligation)),
                            (MatterKind.FLRA, table_of(FlraCase)),
                            (MatterKind.METRIC_DISPUTE, table_of(MetricDispute))):
            for chunk in _chunks(kind_rows[kind]):
                session.execute(insert(table), chunk)
        session.execute(insert(table_of(HistoryEntry)), history)


def _deadline(rng: random.Random, mid: int, trigger: date, done_on: date | None,
              due: date | None = None) -> dict[str, Any]:
    rule_id, title, citation, days = RULES[rng.randrange(len(RULES))]
    due = due or trigger + timedelta(days=days)
    trigger = min(trigger, due)
    return {"matter_id": mid, "title": title, "due_on": due, "opens_on": None,
            "rule_id": rule_id, "citation": citation, "trigger_on": trigger,
            "service_method": rng.choice(SERVICE),
            "explanation": f"{days} days from {trigger.isoformat()} = {due.isoformat()}",
            "done_on": done_on, "created_at": datetime.combine(trigger, datetime.min.time())}


def _deadlines(db: Database, rng: random.Random, today: date, total: int) -> None:
    """An open deadline on about half the open matters; done ones fill up to ``total``."""
    m = table_of(Matter)
    with db.sessions.begin() as session:
        existing = int(session.scalar(select(func.count()).select_from(Deadline)) or 0)
        matters = session.execute(select(m.c.id, m.c.kind, m.c.status, m.c.opened_on)).all()
        rows: list[dict[str, Any]] = []
        for mid, kind, status, opened in matters:
            if k.is_closed_status(kind, status) or rng.random() >= 0.5:
                continue
            due = today + timedelta(days=int(rng.triangular(-10, 180, 15)))
            trigger = max(opened or today, due - timedelta(days=30))
            rows.append(_deadline(rng, mid, trigger, None, due))
        while existing + len(rows) < total:
            mid, _kind, _status, opened = matters[rng.randrange(len(matters))]
            start = opened or today - timedelta(days=365)
            span = max(1, (today - start).days)
            trigger = start + timedelta(days=rng.randrange(span))
            d = _deadline(rng, mid, trigger, None)
            d["done_on"] = min(today, d["trigger_on"] + timedelta(days=rng.randint(1, 40)))
            rows.append(d)
        for chunk in _chunks(rows):
            session.execute(insert(table_of(Deadline)), chunk)


def _history(db: Database, rng: random.Random, today: date, total: int) -> None:
    """Status changes and notes on random matters, spread over the last three years."""
    m = table_of(Matter)
    with db.sessions.begin() as session:
        existing = int(session.scalar(select(func.count()).select_from(HistoryEntry)) or 0)
        matters = session.execute(select(m.c.id, m.c.kind, m.c.status)).all()
        start = datetime.combine(today - timedelta(days=3 * 365), datetime.min.time())
        seconds = 3 * 365 * 86400
        rows: list[dict[str, Any]] = []
        for _ in range(max(0, total - existing)):
            mid, kind, status = matters[rng.randrange(len(matters))]
            at = start + timedelta(seconds=rng.randrange(seconds))
            if rng.random() < 0.6:
                old = rng.choice(k.codes(k.STATUSES[MatterKind(kind)]))
                changes = json.dumps({"status": [old, status]})
                summary = f"Status changed to {status.replace('_', ' ')}"
            else:
                changes = json.dumps({"summary": ["", "Steward's note added"]})
                summary = "Notes updated"
            rows.append({"matter_id": mid, "entity": "matter", "entity_id": mid,
                         "action": "update", "who": f"Steward {rng.choice(LAST)}", "at": at,
                         "summary": summary, "changes": changes})
        for chunk in _chunks(rows):
            session.execute(insert(table_of(HistoryEntry)), chunk)

