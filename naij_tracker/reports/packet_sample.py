"""Synthetic, deterministic packet data for the benchmark, the documentation images and tests.

Nothing here touches the database; :func:`synthetic_packet` makes ``n`` plausible matters of all
four kinds with fields, timelines, computed-looking deadlines, links and a change list.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from naij_tracker.domain.kinds import (
    BARGAINING_STATUSES,
    CLOSED_STATUSES,
    FLRA_STATUSES,
    GRIEVANCE_ISSUE_CATEGORIES,
    GRIEVANCE_STATUSES,
    GRIEVANCE_STEPS,
    METRIC_DISPUTE_STATUSES,
    MatterKind,
)
from naij_tracker.reports.packet_data import (
    MatterLink,
    PacketChange,
    PacketData,
    PacketDeadline,
    PacketMatter,
    PacketOptions,
    TimelineEntry,
)

FIRST = ["Maria", "James", "Aisha", "Robert", "Linh", "David", "Sofia", "Michael", "Priya",
         "Thomas", "Elena", "Carlos", "Hannah", "Samuel", "Grace", "Daniel", "Ruth", "Omar"]
LAST = ["Alvarez", "Brennan", "Chowdhury", "Delgado", "Eriksen", "Fitzgerald", "Goldberg",
        "Hashemi", "Iverson", "Jablonski", "Kowalczyk", "Lindqvist", "Moreau", "Nakamura",
        "Okafor", "Petrakis", "Quintero", "Rasmussen", "Sandoval", "Takahashi"]
COURTS = ["Arlington", "Baltimore", "Chicago", "Dallas", "Denver", "Houston", "Los Angeles",
          "Miami", "New York (Broadway)", "San Francisco", "Seattle", "York (detained)"]
SUBJECTS = ["case-completion quota of 700 per year", "3-day detained decision deadline",
            "10-day non-detained decision deadline", "remand-rate performance element",
            "mandatory in-person docket days", "telework eligibility policy",
            "new case-management system roll-out", "docket reassignment procedure"]
RULES = [
    ("flra-ulp-6mo", "ULP charge: six months", "5 U.S.C. 7118(a)(4)(A)",
     "6 months from the act complained of ({start}); last day {due}"),
    ("flra-exc-30", "Exceptions to arbitration award", "5 U.S.C. 7122(b); 5 C.F.R. 2425.2",
     "30 days from service of the award on {start}, +5 for service by mail = {due}"),
    ("flra-ng-15", "Negotiability appeal", "5 C.F.R. 2424.21",
     "15 days from service of the allegation on {start} = {due}"),
    ("cba-step2-15wd", "Grievance step 2 appeal", "CBA Art. 9, Sec. 4",
     "15 working days from the step 1 answer on {start} = {due}"),
    ("cba-demand-10", "Demand to bargain", "CBA Art. 3, Sec. 2",
     "10 calendar days from agency notice on {start} = {due}"),
]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def synthetic_packet(n: int, seed: int = 7, as_of: date = date(2026, 3, 2),
                     options: PacketOptions | None = None) -> PacketData:
    """``n`` deterministic matters (all kinds, about a fifth closed) with deadlines and history."""
    rng = random.Random(seed)
    kinds = list(MatterKind)
    statuses = {
        MatterKind.BARGAINING: BARGAINING_STATUSES,
        MatterKind.FLRA: FLRA_STATUSES,
        MatterKind.GRIEVANCE: GRIEVANCE_STATUSES,
        MatterKind.METRIC_DISPUTE: METRIC_DISPUTE_STATUSES,
    }
    matters: list[PacketMatter] = []
    changes: list[PacketChange] = []
    for i in range(1, n + 1):
        kind = kinds[(i * 7 + i // 3) % 4] if i > 4 else kinds[i - 1]
        member = _name(rng)
        subject = rng.choice(SUBJECTS)
        opened = as_of - timedelta(days=rng.randint(5, 600))
        status = rng.choice(statuses[kind])
        closed = status.code in CLOSED_STATUSES[kind]
        step = None
        if kind is MatterKind.BARGAINING:
            ref, title = f"B-{i}", f"Agency notice: {subject}"
            fields = [("Subject", subject), ("Bargaining type", "Impact and implementation"),
                      ("Agency notice", opened.isoformat()),
                      ("Union demand", (opened + timedelta(days=9)).isoformat()),
                      ("CBA article", f"Article {rng.randint(2, 30)}"),
                      ("Agency assurances", "None in writing.")]
        elif kind is MatterKind.FLRA:
            ref = f"WA-CA-{opened.year % 100:02d}-{i:04d}"
            title = f"ULP charge: unilateral change to {subject}"
            fields = [("Case number", ref), ("Case type", "ULP charge against agency (CA)"),
                      ("Filed by", "NAIJ"), ("Respondent", "EOIR"), ("Region", "Washington"),
                      ("Filed on", (opened + timedelta(days=20)).isoformat())]
        elif kind is MatterKind.GRIEVANCE:
            ref = f"G-{opened.year}-{i:04d}"
            cat = rng.choice(GRIEVANCE_ISSUE_CATEGORIES)
            title = f"{member} \u2014 {cat.lower()}"
            step = rng.choice(GRIEVANCE_STEPS).label
            fields = [("Grievance number", ref), ("Member", member),
                      ("Court", rng.choice(COURTS)), ("Issue", cat),
                      ("CBA article", f"Article {rng.randint(2, 30)}"), ("Step", step),
                      ("Filed on", opened.isoformat()),
                      ("Remedy sought", "Rescind the action; make the grievant whole.")]
        else:
            ref = f"M-{i}"
            title = f"Dispute over {subject}"
            fields = [("Metric", subject), ("Scope", "Whole bargaining unit"),
                      ("Measured vs target", f"{rng.randint(380, 690)} vs 700 completions"),
                      ("Docket type", "Non-detained")]
        timeline = tuple(
            TimelineEntry(as_of - timedelta(days=3 + 9 * k), rng.choice(
                ["Note", "Filing", "Correspondence", "Meeting", "Event"]),
                f"{rng.choice(['Spoke with', 'Letter from', 'Met with', 'Filed for'])} "
                f"{member if k % 2 == 0 else 'agency counsel'} about the {subject}.")
            for k in range(rng.randint(2, 8)))
        deadlines = []
        if not closed:
            for _ in range(rng.randint(1, 3)):
                rid, rname, cite, expl = rng.choice(RULES)
                start = as_of - timedelta(days=rng.randint(0, 40))
                due = as_of + timedelta(days=rng.randint(-12, 110))
                deadlines.append(PacketDeadline(
                    ref, title, rname.split(":")[0], due, rid, rname, cite,
                    expl.format(start=start.isoformat(), due=due.isoformat()), matter_id=i))
        links: tuple[MatterLink, ...] = ()
        if i > 1 and i % 5 == 0:
            links = (MatterLink("Arises from", matters[-1].reference, matters[-1].title),)
        matters.append(PacketMatter(
            id=i, kind=kind, reference=ref, title=title, status_label=status.label,
            is_open=not closed, opened_on=opened,
            closed_on=(as_of - timedelta(days=rng.randint(1, 4))) if closed else None,
            fields=tuple(fields), member_names=(member,),
            contacts=(f"{member.split()[0].lower()}@example.org",),
            summary=(f"The agency announced a change to the {subject} affecting "
                     f"{rng.choice(COURTS)} without notice to the union. {member} raised it "
                     f"with the steward ({member.split()[0].lower()}@example.org, "
                     "202-555-0143). The union's position is that the change is negotiable "
                     "and must await completion of bargaining."),
            timeline=timeline, deadlines=tuple(deadlines), links=links, step=step,
            priority=rng.choice(["Normal", "High", "Urgent", "Low"]), owner="LR chair"))
        if rng.random() < 0.3:
            changes.append(PacketChange(
                datetime.combine(as_of - timedelta(days=rng.randint(0, 13)), time(9, 30)),
                "LR chair", ref, f"Status set to {status.label}; timeline entry added.",
                title))
    changes.sort(key=lambda c: c.when, reverse=True)
    opts = options or PacketOptions(
        title="Briefing packet for the Executive Board", prepared_by="Labor-relations chair",
        as_of=as_of, since=as_of - timedelta(days=14), include_closed=True)
    return PacketData(options=opts, matters=tuple(matters), changes=tuple(changes))
