"""Reviewing open deadlines when what they were computed from changes.

A new rule set, an added or removed closure day, a changed closure policy or CBA time limit, or a
corrected trigger date can move a deadline that is already on the record. Nothing moves
silently: :func:`recheck` (and :func:`review_trigger_change`) list every open, rule-based deadline
whose date would change — old date, new date and why — and :func:`apply_review` writes only the
ones the officer chose, each with a history entry. Deadlines entered by hand are never listed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from naij_tracker.db.models import Deadline
from naij_tracker.domain.deadlines import ComputedDeadline, DeadlineError, get_rule
from naij_tracker.services import history
from naij_tracker.services.overview import deadline_rows

if TYPE_CHECKING:
    from naij_tracker.services.deadlines import DeadlineService, ServiceArg


def store_computed(row: Deadline, computed: ComputedDeadline) -> None:
    """Write a computed deadline's date, account and inputs onto its row."""
    row.due_on, row.opens_on = computed.due, computed.opens
    row.alternative_due = computed.alternative
    row.explanation = computed.explanation
    row.citation = computed.citation
    row.service_method = computed.service.value
    row.ruleset_version = computed.ruleset
    row.computed_with = json.dumps(computed.inputs, sort_keys=True)


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One open deadline that would change: the old and new dates and why."""

    deadline_id: int
    matter_id: int
    reference: str
    matter_title: str
    title: str
    rule_id: str
    trigger_on: date
    old_due: date
    new_due: date
    old_alternative: date | None
    why: str
    computed: ComputedDeadline
    new_trigger_on: date | None = None

    @property
    def new_alternative(self) -> date | None:
        return self.computed.alternative

    @property
    def moves(self) -> bool:
        return self.old_due != self.new_due

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.deadline_id, "matter_id": self.matter_id, "matter": self.reference,
            "matter_title": self.matter_title, "title": self.title, "rule": self.rule_id,
            "trigger": (self.new_trigger_on or self.trigger_on).isoformat(),
            "old_due": self.old_due.isoformat(), "new_due": self.new_due.isoformat(),
            "new_alternative": (self.new_alternative.isoformat()
                                if self.new_alternative else None),
            "filing_time": self.computed.filing_time or None,
            "why": self.why, "ruleset": self.computed.ruleset,
        }


def _inputs(text: str | None) -> dict[str, Any]:
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _why(old: dict[str, Any], new: dict[str, Any], old_ruleset: str | None,
         closure_reasons: dict[str, str]) -> str:
    """What differs between the inputs a deadline was computed with and today's."""
    reasons: list[str] = []
    if not old_ruleset:
        reasons.append(f"computed before rule sets were recorded; counted again with rule set "
                       f"{new['ruleset']} (mail days now added after the roll, 27 FLRA No. 3; "
                       "receipt-based periods without mail days)")
    elif old_ruleset != new["ruleset"]:
        reasons.append(f"rules revised: rule set {old_ruleset} -> {new['ruleset']}")
    if old and old.get("period") != new["period"]:
        reasons.append(f"time limit changed: {old.get('period')} -> {new['period']}")
    if old and old.get("closure_policy") != new["closure_policy"]:
        reasons.append(f"closure policy changed: {old.get('closure_policy')} -> "
                       f"{new['closure_policy']}")
    if old:
        before, after = set(old.get("closures", [])), set(new["closures"])
        for day in sorted(after - before):
            reasons.append(f"closure added: {day} ({closure_reasons.get(day, 'closure')})")
        for day in sorted(before - after):
            reasons.append(f"closure removed: {day}")
        if old.get("shutdown") != new.get("shutdown"):
            reasons.append(f"the due date falls in a recorded {new['shutdown']}: the deadline "
                           "stands (a shutdown is not a holiday)" if new.get("shutdown")
                           else "no longer falls in a recorded shutdown")
    return "; ".join(reasons) or "counted again with the current calendar"


def _candidates(svc: DeadlineService, ids: Iterable[int] | None = None) -> list[tuple[Any, ...]]:
    """(row, ruleset, computed_with, alternative) for the open rule-based deadlines."""
    wanted = set(ids) if ids is not None else None
    rows = [r for r in deadline_rows(svc.db) if r.rule_id and r.trigger_on
            and (wanted is None or r.id in wanted)]
    extra: dict[int, tuple[str | None, str | None, date | None]] = {}
    with svc.db.sessions() as session:
        for chunk in range(0, len(rows), 900):
            part = [r.id for r in rows[chunk:chunk + 900]]
            for d in session.execute(select(Deadline.id, Deadline.ruleset_version,
                                            Deadline.computed_with, Deadline.alternative_due)
                                     .where(Deadline.id.in_(part))):
                extra[d[0]] = (d[1], d[2], d[3])
    return [(r, *extra.get(r.id, (None, None, None))) for r in rows]


def stale_count(db: Any) -> int:
    """Open rule-based deadlines computed with another rule set (or before rule sets were kept):
    plain SQL, cheap enough to ask whenever the deadline list is shown."""
    from naij_tracker.domain.deadlines import RULESET_VERSION

    rows = db.read("SELECT count(*) FROM deadline WHERE done_on IS NULL AND rule_id IS NOT NULL "
                   "AND (ruleset_version IS NULL OR ruleset_version <> :v)",
                   {"v": RULESET_VERSION})
    return int(rows[0][0]) if rows else 0


def recheck(svc: DeadlineService, ids: Iterable[int] | None = None) -> list[ReviewItem]:
    """Every open rule-based deadline whose due date would change if counted again today."""
    return _review(svc, _candidates(svc, ids), overrides={}, include_unmoved=False)


def review_trigger_change(svc: DeadlineService, deadline_id: int, trigger_on: date,
                          service: ServiceArg = None, *,
                          siblings: bool = True) -> list[ReviewItem]:
    """The deadline and (``siblings``) every open deadline counted from the same event on the
    same matter, as they would be with the corrected trigger date (and service methods)."""
    from naij_tracker.services.matters import NotFound

    rows = _candidates(svc)
    this = next((c for c in rows if c[0].id == deadline_id), None)
    if this is None:
        raise NotFound("That deadline is done, entered by hand or no longer exists.")
    cba = svc.cba_rules()

    def trigger_code(rule_id: str) -> str:
        try:
            return get_rule(rule_id, cba).trigger
        except DeadlineError:
            return ""

    code = trigger_code(this[0].rule_id)
    group = [c for c in rows if c[0].id == deadline_id or (
        siblings and c[0].matter_id == this[0].matter_id and c[0].trigger_on == this[0].trigger_on
        and trigger_code(c[0].rule_id) == code)]
    overrides = {c[0].id: (trigger_on, service) for c in group}
    return _review(svc, group, overrides=overrides, include_unmoved=True)


def _review(svc: DeadlineService, rows: list[tuple[Any, ...]],
            overrides: dict[int, tuple[date, ServiceArg]], *,
            include_unmoved: bool) -> list[ReviewItem]:
    calendar, policy, cba = svc.calendar(), svc.closure_policy(), svc.cba_rules()
    reasons = {c.day.isoformat(): c.reason for c in calendar.closures}
    items: list[ReviewItem] = []
    for row, ruleset, computed_with, alternative in rows:
        old = _inputs(computed_with)
        trigger, service = overrides.get(row.id, (row.trigger_on, None))
        methods = service or old.get("services") or [row.service_method or "personal"]
        try:
            computed = svc.preview(row.rule_id, trigger, methods, calendar,
                                   old.get("facts", []), policy=policy, cba_rules=cba)
        except DeadlineError:
            continue  # a rule the officer deleted: nothing to recount it with
        moved = computed.due != row.due_on or (computed_with is not None and (
            computed.alternative != alternative
            or old.get("shutdown") != computed.inputs["shutdown"]))
        if not (moved or include_unmoved):
            continue
        why = _why(old, computed.inputs, ruleset, reasons)
        if row.id in overrides and trigger != row.trigger_on:
            why = f"trigger date corrected: {row.trigger_on} -> {trigger}"
        items.append(ReviewItem(row.id, row.matter_id, row.reference, row.matter_title,
                                row.title, row.rule_id, row.trigger_on, row.due_on,
                                computed.due, alternative, why, computed,
                                trigger if row.id in overrides else None))
    return items


def apply_review(svc: DeadlineService, items: Iterable[ReviewItem],
                 chosen: Iterable[int]) -> int:
    """Write the chosen items (by deadline id), each with a history entry; the number written.

    A deadline changed by someone else since the review was listed (its date is no longer the
    old date shown) is left alone.
    """
    chosen_ids = set(chosen)
    written = 0
    with svc.db.sessions.begin() as session:
        for item in items:
            if item.deadline_id not in chosen_ids:
                continue
            row = session.get(Deadline, item.deadline_id)
            if row is None or row.due_on != item.old_due or row.done_on is not None:
                continue
            old = {"due_on": row.due_on, "trigger_on": row.trigger_on,
                   "service_method": row.service_method, "ruleset_version": row.ruleset_version}
            store_computed(row, item.computed)
            if item.new_trigger_on is not None:
                row.trigger_on = item.new_trigger_on
            verb = "recomputed" if item.new_trigger_on is not None else "reviewed"
            new = {"due_on": row.due_on, "trigger_on": row.trigger_on,
                   "service_method": row.service_method, "ruleset_version": row.ruleset_version}
            history.record(session, who=svc.who, action="update", entity="deadline",
                           entity_id=row.id, matter_id=row.matter_id,
                           summary=(f"Deadline {verb}: {row.title} due {row.due_on} "
                                    f"(was {item.old_due}): {item.why}"),
                           changes=history.diff(old, new))
            written += 1
    return written
