"""Sample data: the public record of the union's dispute over performance metrics, plus a few
hundred generated grievances with deadlines around today, so every view has something to show.

Deterministic: the same seed and ``today`` give the same database. The curated matters come from
``resources/data/sample_public_record.json``; member names are invented. ``scale`` lets the
benchmarks build a large database with the same generator.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, select

from naij_tracker.db.ids import reserve_ids
from naij_tracker.db.models import Grievance, HistoryEntry, Matter, Member
from naij_tracker.db.opening import Database
from naij_tracker.db.tables import table_of
from naij_tracker.domain import clock
from naij_tracker.domain import kinds as k
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.domain.search_text import search_text
from naij_tracker.resource_files import resource_path
from naij_tracker.services.deadlines import DeadlineService
from naij_tracker.services.matters import MatterService
from naij_tracker.services.overview import is_empty
from naij_tracker.services.people import PeopleService
from naij_tracker.services.related import RelatedService

SAMPLE_ACTOR = "Sample data"

COURTS = (
    "Arlington", "Atlanta", "Baltimore", "Boston", "Chicago", "Dallas", "Denver", "Detroit",
    "El Paso", "Houston", "Las Vegas", "Los Angeles", "Miami", "New York - Broadway",
    "New York - Varick", "Newark", "Orlando", "Phoenix", "Portland", "San Antonio",
    "San Diego", "San Francisco", "Seattle", "Adelanto", "Krome", "Otay Mesa", "Tucson",
)
FIRST = ("Alicia", "Benjamin", "Carmen", "Daniel", "Elena", "Farid", "Grace", "Hiroshi", "Irene",
         "Jamal", "Katherine", "Luis", "Marisol", "Nathan", "Olga", "Priya", "Rafael", "Sarah",
         "Tomás", "Ursula", "Víctor", "Wen", "Yolanda", "Zoë", "Andrew", "Beatriz", "Charles",
         "Deborah", "Eduardo", "Frances")
LAST = ("Abernathy", "Bautista", "Chen", "Delgado", "Eriksen", "Fitzgerald", "García", "Hoang",
        "Ibrahim", "Jovanović", "Kaplan", "López", "Morales", "Nakamura", "O'Connor", "Petrov",
        "Quiñones", "Rosenberg", "Singh", "Thompson", "Underwood", "Valdés", "Washington",
        "Xu", "Yilmaz", "Zimmerman", "Brennan", "Castellanos", "Duarte", "Okafor")
ISSUES = (
    ("Performance metrics", "Art. 8", "Rating lowered for missing the completion quota"),
    ("Case assignment", "Art. 12", "Docket reassigned without notice"),
    ("Leave", "Art. 20", "Annual leave request denied during docket surge"),
    ("Telework", "Art. 23", "Telework agreement terminated"),
    ("Workload", "Art. 12", "Added detained docket without relief"),
    ("Discipline", "Art. 15", "Letter of reprimand for courtroom remarks"),
    ("Training", "Art. 27", "Denied attendance at the annual legal training"),
    ("Travel / details", "Art. 18", "Involuntary detail to a border court"),
    ("Health and safety", "Art. 30", "Courtroom ventilation and security concerns"),
    ("Pay", "Art. 21", "Step increase withheld"),
)
REMEDIES = ("Rescind the action and make the grievant whole", "Restore leave and expunge records",
            "Reinstate the prior arrangement", "Cease and desist; post a notice")


class SampleDataRefused(Exception):
    pass


def _date(value: str | None, today: date) -> date | None:
    """ISO dates, or "-N" meaning N days before ``today`` (keeps deadlines near the present)."""
    if not value:
        return None
    if value.startswith("-"):
        return today - timedelta(days=int(value[1:]))
    return date.fromisoformat(value)


def load_sample_data(db: Database, *, today: date | None = None, seed: int = 2018,
                     grievances: int = 300) -> dict[str, int]:
    """Fill an empty database; refuse one that already holds matters or members."""
    if not is_empty(db):
        raise SampleDataRefused(
            f"{db.label} already holds records; sample data is only loaded into an empty "
            "database. Use a new file, e.g. --db sample.sqlite3.")
    today = today or clock.today()
    rng = random.Random(seed)
    record = json.loads(resource_path("data/sample_public_record.json").read_text("utf-8"))
    matters = MatterService(db, SAMPLE_ACTOR)
    people = PeopleService(db, SAMPLE_ACTOR)
    related = RelatedService(db, SAMPLE_ACTOR)
    deadlines = DeadlineService(db, SAMPLE_ACTOR)

    metric_ids: dict[str, int] = {}
    for m in record["metrics"]:
        values = {**m, "effective_on": _date(m.get("effective_on"), today),
                  "suspended_on": _date(m.get("suspended_on"), today)}
        metric_ids[m["name"]] = people.create_metric(values)

    member_ids = _members(db, rng)
    curated = _curated(record, today, matters, related, deadlines)
    _disputes(rng, today, matters, related, metric_ids, member_ids)
    generated = _generate_grievances(db, rng, today, grievances, member_ids)
    _grievance_deadlines(db, deadlines, rng, today)
    a, b = curated[0], curated[-1]
    related.link(b, a, "related", "Both arise from the agency's challenge to the union.")
    return {"members": len(member_ids), "metrics": len(metric_ids),
            "curated matters": len(curated), "grievances": generated}


def _members(db: Database, rng: random.Random) -> list[int]:
    now = clock.now()
    seen: set[str] = set()
    rows: list[dict[str, Any]] = []
    while len(rows) < 120:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name in seen:
            continue
        seen.add(name)
        slug = name.lower().replace(" ", ".").replace("'", "")
        rows.append({"name": name, "court": rng.choice(COURTS),
                     "email": f"{slug}@example.org" if rng.random() < 0.8 else None,
                     "phone": f"(202) 555-{rng.randint(100, 9999):04d}" if rng.random() < 0.5
                     else None,
                     "membership_status": rng.choices(["member", "non_member", "retired"],
                                                      [0.85, 0.1, 0.05])[0],
                     "created_at": now})
    with db.sessions.begin() as session:
        session.execute(insert(Member), rows)
        return list(session.scalars(select(Member.id).order_by(Member.id)))


def _curated(record: dict[str, Any], today: date, matters: MatterService,
             related: RelatedService, deadlines: DeadlineService) -> list[int]:
    ids = []
    for kind, key in ((MatterKind.BARGAINING, "bargaining"), (MatterKind.FLRA, "flra")):
        for item in record[key]:
            values = {n: v for n, v in item.items() if n != "timeline"}
            for name in ("agency_notice_on", "union_demand_on", "filed_on", "closed_on"):
                if name in values:
                    values[name] = _date(values[name], today)
            values["opened_on"] = values.get("agency_notice_on") or values.get("filed_on")
            mid = matters.create(kind, values)
            ids.append(mid)
            for when, entry_kind, text in item.get("timeline", []):
                related.add_timeline(mid, date.fromisoformat(when), text, entry_kind)
            if values.get("case_number") == "0-AR-5812":
                deadlines.add_from_rule(mid, "arbitration-exceptions", values["filed_on"], "mail")
            if values.get("subject", "").startswith("Reassigning"):
                notice = values["agency_notice_on"]
                for rule in deadlines.rules_for_trigger("agency_notice_received", kind):
                    deadlines.add_from_rule(mid, rule.id, notice, "electronic")
                deadlines.add_from_rule(mid, "ulp-charge", notice, "personal")
    return ids


def _disputes(rng: random.Random, today: date, matters: MatterService, related: RelatedService,
              metric_ids: dict[str, int], member_ids: list[int]) -> None:
    quota = metric_ids["Case completions"]
    unit_id = matters.create(MatterKind.METRIC_DISPUTE, {
        "title": "Unit-wide challenge to the 700-completion quota", "metric_id": quota,
        "scope": "unit", "target_value": 700.0, "docket_type": "all", "status": "resolved",
        "opened_on": date(2018, 10, 1), "closed_on": date(2021, 12, 1), "priority": "high",
        "summary": "The union disputed tying judges' ratings to case completions. "
                   "Resolved when the quotas were suspended in 2021.",
        "extenuating_circumstances": "Continuances beyond the judge's control; interpreter "
                                     "shortages; remote hearing failures.",
    })
    related.add_timeline(unit_id, date(2018, 10, 1), "Quota takes effect for all judges.", "event")
    names = list(metric_ids)
    for i in range(12):
        metric = names[i % len(names)]
        target = {"Case completions": 700.0, "Remand rate": 15.0}.get(metric, 85.0)
        measured = round(target * rng.uniform(0.6, 1.05), 1)
        opened = today - timedelta(days=rng.randint(5, 400))
        status = rng.choice(["raised", "under_review", "grieved", "resolved", "in_bargaining"])
        matters.create(MatterKind.METRIC_DISPUTE, {
            "title": f"{metric}: rating challenge", "metric_id": metric_ids[metric],
            "scope": "member", "member_id": rng.choice(member_ids), "measured_value": measured,
            "target_value": target, "docket_type": rng.choice(["detained", "non_detained"]),
            "status": status, "opened_on": opened,
            "closed_on": opened + timedelta(days=90) if status == "resolved" else None,
            "extenuating_circumstances": "Detained docket added mid-year; two months of "
                                        "interpreter shortages.",
        })


def grievance_rows(rng: random.Random, today: date, count: int,
                   member_ids: list[int], start: int = 1) -> list[dict[str, Any]]:
    """Plain rows for generated grievances (also used by the benchmarks at scale)."""
    rows = []
    step_codes = ("step1", "step2", "step3", "arbitration")
    for n in range(start, start + count):
        category, article, title = ISSUES[rng.randrange(len(ISSUES))]
        filed = today - timedelta(days=int(rng.triangular(1, 3 * 365, 60)))
        step = rng.choices(step_codes, [0.5, 0.3, 0.12, 0.08])[0]
        age = (today - filed).days
        status = ("arbitration" if step == "arbitration" else
                  rng.choice(["open", "awaiting_answer", "appealed"]) if age < 240 else
                  rng.choice(["settled", "sustained", "denied", "withdrawn", "awaiting_answer"]))
        closed = k.is_closed_status(MatterKind.GRIEVANCE, status)
        member = rng.choice(member_ids) if rng.random() > 0.04 else None
        rows.append({
            "grievance_number": f"{filed.year}-{n:04d}", "member_id": member,
            "court": rng.choice(COURTS), "issue_category": category, "cba_article": article,
            "step": step, "filed_on": filed, "title": title, "status": status,
            "remedy_sought": rng.choice(REMEDIES),
            "closed_on": filed + timedelta(days=min(age, rng.randint(30, 200))) if closed
            else None,
            "priority": rng.choices(["normal", "high", "low", "urgent"], [0.7, 0.15, 0.1, 0.05])[0],
            "owner": f"Steward {rng.choice(LAST)}",
        })
    return rows


def _generate_grievances(db: Database, rng: random.Random, today: date, count: int,
                         member_ids: list[int]) -> int:
    """Bulk insert through SQLAlchemy Core, with a history entry per grievance (one transaction)."""
    rows = grievance_rows(rng, today, count, member_ids)
    now = clock.now()
    with db.sessions.begin() as session:
        people = session.execute(select(Member.id, Member.name, Member.court)).all()
        names = {mid: name for mid, name, _court in people}
        courts = {mid: court for mid, _name, court in people if court}
        for r in rows:  # a judge's grievance is about the court where the judge sits
            r["court"] = courts.get(r["member_id"], r["court"])
        ids = reserve_ids(session.connection(), "matter", len(rows))
        matter_rows, grievance_rows_, history_rows = [], [], []
        for mid, r in zip(ids, rows, strict=True):
            member_name = names.get(r["member_id"]) if r["member_id"] else None
            search = search_text({**r, "member_name": member_name})
            matter_rows.append({"id": mid, "kind": "grievance", "title": r["title"],
                                "status": r["status"], "priority": r["priority"],
                                "owner": r["owner"], "opened_on": r["filed_on"],
                                "closed_on": r["closed_on"], "search_text": search,
                                "created_at": now, "updated_at": now, "version": 1})
            grievance_rows_.append({"id": mid, **{n: r[n] for n in (
                "grievance_number", "member_id", "court", "issue_category", "cba_article",
                "step", "filed_on", "remedy_sought")}})
            history_rows.append({"matter_id": mid, "entity": "matter", "entity_id": mid,
                                 "action": "create", "who": SAMPLE_ACTOR, "at": now,
                                 "summary": f"Created grievance {r['grievance_number']}",
                                 "changes": "{}"})
        session.execute(insert(table_of(Matter)), matter_rows)
        session.execute(insert(table_of(Grievance)), grievance_rows_)
        session.execute(insert(HistoryEntry), history_rows)
    return len(rows)


def _grievance_deadlines(db: Database, deadlines: DeadlineService, rng: random.Random,
                         today: date) -> None:
    """Step deadlines for open grievances, triggered over the last three weeks: a few overdue,
    most falling due in the next fortnight — what an officer's morning looks like."""
    g, m = table_of(Grievance), table_of(Matter)
    with db.sessions() as session:
        open_rows = session.execute(
            select(g.c.id, g.c.filed_on, m.c.status).join(m, m.c.id == g.c.id)
            .where(m.c.status.in_(["open", "awaiting_answer", "appealed"]))
            .order_by(g.c.filed_on.desc(), g.c.id)).all()
    answer = "cba-step-answer"
    appeal = "cba-step-appeal"
    for gid, filed, status in open_rows[:45]:
        step_date = max(filed, today - timedelta(days=rng.randint(0, 18)))
        rule = appeal if status == "appealed" else answer
        did = deadlines.add_from_rule(gid, rule, step_date, "electronic")
        if rng.random() < 0.15:
            deadlines.mark_done(did, min(today, step_date + timedelta(days=rng.randint(1, 10))))
