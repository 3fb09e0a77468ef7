"""Deadlines on matters: proposed from rules, recomputed when the trigger changes, marked done.

The counting lives in ``naij_tracker.domain.deadlines``; this service adds what the database
holds — the officer's CBA time limits, closure days and closure policy — and writes deadlines
with history. Each computed deadline stores the rule-set version and the inputs it was counted
with; :mod:`naij_tracker.services.deadline_review` uses them to list the open deadlines that a
change of rules, closures, policy, CBA limits or a trigger date would move.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import select

from naij_tracker.db.models import CbaRule, ClosureDay, Deadline, Setting
from naij_tracker.db.opening import Database
from naij_tracker.domain import clock
from naij_tracker.domain import deadlines as engine
from naij_tracker.domain.calendar import (
    Closure,
    FederalCalendar,
    Shutdown,
    load_builtin_closures,
    load_builtin_shutdowns,
)
from naij_tracker.domain.deadlines import ComputedDeadline, DeadlineRule
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.domain.validation import FieldError, ValidationError, clean_text
from naij_tracker.services import deadline_review, history
from naij_tracker.services.deadline_review import store_computed
from naij_tracker.services.matters import NotFound
from naij_tracker.services.related import matter_reference
from naij_tracker.services.settings import acting_user

_SEEDED_KEY = "cba_rules_seeded"
_POLICY_KEY = "closure_policy"
_SHUTDOWNS_KEY = "shutdowns"

ServiceArg = str | Sequence[str] | None


def _rule_to_row(rule: DeadlineRule) -> dict[str, object]:
    return {"rule_id": rule.id, "name": rule.name, "applies_to": rule.applies_to[0].value,
            "trigger": rule.trigger, "trigger_label": rule.trigger_label,
            "deadline_title": rule.deadline_title, "days": rule.period.amount,
            "day_type": "working" if rule.period.unit == engine.PeriodUnit.WORKING_DAYS
            else "calendar", "citation": rule.citation}


def _row_to_rule(row: CbaRule) -> DeadlineRule:
    kinds = [MatterKind(row.applies_to)]
    # The defaults apply to more than one kind; keep them where the seed put them.
    for default in engine.DEFAULT_CBA_RULES:
        if default.id == row.rule_id:
            kinds = list(default.applies_to)
    return engine.cba_rule(row.rule_id, row.name, row.days, row.day_type, row.trigger,
                           row.trigger_label, row.citation, kinds, row.deadline_title)


class DeadlineService:
    def __init__(self, db: Database, who: str | None = None) -> None:
        self.db = db
        self.who = who or acting_user(db)

    # -- configuration: CBA rules and closures -----------------------------------------------

    def cba_rules(self) -> list[DeadlineRule]:
        with self.db.sessions() as session:
            seeded = session.get(Setting, _SEEDED_KEY)
            rows = list(session.scalars(select(CbaRule).order_by(CbaRule.id)))
        if seeded is None and not rows and not self.db.read_only:
            self._seed_defaults()
            return list(engine.DEFAULT_CBA_RULES)
        return [_row_to_rule(r) for r in rows]

    def _seed_defaults(self) -> None:
        with self.db.sessions.begin() as session:
            if session.get(Setting, _SEEDED_KEY) is not None:
                return
            for rule in engine.DEFAULT_CBA_RULES:
                session.add(CbaRule(**_rule_to_row(rule)))
            session.add(Setting(key=_SEEDED_KEY, value="true"))

    def save_cba_rule(self, rule_id: str, name: str, days: int, day_type: str,
                      applies_to: MatterKind | str, trigger: str, deadline_title: str,
                      citation: str) -> None:
        """Create or change a CBA time limit (validated by the domain's ``cba_rule``)."""
        self.cba_rules()  # make sure defaults exist before the first edit
        label = engine.TRIGGERS.get(trigger, trigger.replace("_", " ").capitalize())
        try:
            rule = engine.cba_rule(rule_id, name, days, day_type, trigger, label, citation,
                                   [applies_to], deadline_title)
        except engine.DeadlineError as exc:
            raise ValidationError([FieldError("rule", str(exc))]) from exc
        if rule.id in engine.builtin_rules():
            raise ValidationError([FieldError("rule_id", f"{rule.id} is a built-in FLRA rule.")])
        with self.db.sessions.begin() as session:
            row = session.scalar(select(CbaRule).where(CbaRule.rule_id == rule.id))
            new = _rule_to_row(rule)
            if row is None:
                session.add(CbaRule(**new))
                changes = history.diff({}, new)
            else:
                changes = history.diff({n: getattr(row, n) for n in new}, new)
                for n, v in new.items():
                    setattr(row, n, v)
            if changes:
                history.record(session, who=self.who, action="update", entity="cba_rule",
                               summary=f"CBA time limit {rule.id} saved", changes=changes)

    def delete_cba_rule(self, rule_id: str) -> None:
        self.cba_rules()
        with self.db.sessions.begin() as session:
            row = session.scalar(select(CbaRule).where(CbaRule.rule_id == rule_id))
            if row is None:
                raise NotFound(f"There is no CBA rule {rule_id}.")
            history.record(session, who=self.who, action="delete", entity="cba_rule",
                           summary=f"CBA time limit {rule_id} removed")
            session.delete(row)

    def closures(self) -> list[Closure]:
        """Built-in closures plus the officer's (the officer's entry wins on the same day)."""
        with self.db.sessions() as session:
            stored = [Closure(r.day, r.reason, r.source or "entered by the officer")
                      for r in session.scalars(select(ClosureDay).order_by(ClosureDay.day))]
        return load_builtin_closures() + stored

    def stored_closures(self) -> list[tuple[int, Closure]]:
        with self.db.sessions() as session:
            return [(r.id, Closure(r.day, r.reason, r.source or ""))
                    for r in session.scalars(select(ClosureDay).order_by(ClosureDay.day))]

    def add_closure(self, day: date, reason: str, source: str = "") -> int:
        reason = clean_text(reason)
        if not reason:
            raise ValidationError([FieldError("reason", "Say why the offices were closed.")])
        with self.db.sessions.begin() as session:
            if session.scalar(select(ClosureDay.id).where(ClosureDay.day == day)):
                raise ValidationError([FieldError("day", f"{day} is already a closure day.")])
            row = ClosureDay(day=day, reason=reason, source=clean_text(source) or None)
            session.add(row)
            session.flush()
            history.record(session, who=self.who, action="create", entity="closure",
                           entity_id=row.id, summary=f"Closure day {day}: {reason}")
            return row.id

    def remove_closure(self, closure_id: int) -> None:
        with self.db.sessions.begin() as session:
            row = session.get(ClosureDay, closure_id)
            if row is None:
                raise NotFound("That closure day no longer exists.")
            history.record(session, who=self.who, action="delete", entity="closure",
                           entity_id=closure_id, summary=f"Closure day {row.day} removed")
            session.delete(row)

    def calendar(self) -> FederalCalendar:
        return FederalCalendar(self.closures(),
                               shutdowns=[*load_builtin_shutdowns(), *self.stored_shutdowns()])

    def stored_shutdowns(self) -> list[Shutdown]:
        """Lapses in appropriations the officer recorded (the built-in ones are not listed)."""
        with self.db.sessions() as session:
            row = session.get(Setting, _SHUTDOWNS_KEY)
        try:
            entries = json.loads(row.value) if row is not None else []
            return [Shutdown(date.fromisoformat(e["first"]), date.fromisoformat(e["last"]),
                             e["reason"], e.get("source", "")) for e in entries]
        except (ValueError, KeyError, TypeError):
            return []

    def save_shutdowns(self, shutdowns: Iterable[Shutdown]) -> None:
        """Replace the officer's shutdowns. A shutdown is not a holiday: deadlines stand, and
        those that fall in one carry a warning."""
        new = sorted(shutdowns, key=lambda x: x.first)
        for i, a in enumerate(new):
            if not a.reason.strip():
                raise ValidationError([FieldError("reason", "Say what the shutdown was.")])
            if i and a.first <= new[i - 1].last:
                raise ValidationError([FieldError("first", f"The shutdown from {a.first} "
                                                            "overlaps another one.")])
        old = self.stored_shutdowns()
        if old == new:
            return
        text = json.dumps([{"first": x.first.isoformat(), "last": x.last.isoformat(),
                            "reason": x.reason, "source": x.source} for x in new])
        with self.db.sessions.begin() as session:
            session.merge(Setting(key=_SHUTDOWNS_KEY, value=text))
            history.record(session, who=self.who, action="update", entity="settings",
                           summary="Recorded shutdowns changed",
                           changes={"shutdowns": [[x.describe() for x in old],
                                                  [x.describe() for x in new]]})

    def closure_policy(self) -> str:
        """The union's choice for closure days: ``"earlier"`` (default) or ``"holiday"``."""
        with self.db.sessions() as session:
            row = session.get(Setting, _POLICY_KEY)
        try:
            value = json.loads(row.value) if row is not None else engine.CLOSURE_POLICY_EARLIER
        except ValueError:
            value = engine.CLOSURE_POLICY_EARLIER
        return value if value in engine.CLOSURE_POLICIES else engine.CLOSURE_POLICY_EARLIER

    def set_closure_policy(self, policy: str) -> None:
        if policy not in engine.CLOSURE_POLICIES:
            raise ValidationError([FieldError("closure_policy", f"Unknown policy {policy!r}.")])
        old = self.closure_policy()
        if old == policy:
            return
        with self.db.sessions.begin() as session:
            session.merge(Setting(key=_POLICY_KEY, value=json.dumps(policy)))
            history.record(session, who=self.who, action="update", entity="settings",
                           summary="Closure-day policy changed",
                           changes={"closure_policy": [old, policy]})

    # -- computing ---------------------------------------------------------------------------

    def rules(self) -> dict[str, DeadlineRule]:
        return engine.all_rules(self.cba_rules())

    def rules_for_trigger(self, trigger: str, kind: MatterKind | str) -> list[DeadlineRule]:
        return engine.rules_for_trigger(trigger, kind, self.cba_rules())

    def triggers_for_kind(self, kind: MatterKind | str) -> dict[str, str]:
        return engine.triggers_for_kind(kind, self.cba_rules())

    def preview(self, rule_id: str, trigger_on: date, service: ServiceArg = "personal",
                calendar: FederalCalendar | None = None, facts: Iterable[str] = (), *,
                policy: str | None = None,
                cba_rules: list[DeadlineRule] | None = None) -> ComputedDeadline:
        """The deadline ``rule_id`` gives for an event on ``trigger_on`` (the rule version in
        force that day); ``service`` is one method or every method used that day."""
        extra = self.cba_rules() if cba_rules is None else cba_rules
        rule = engine.get_rule(rule_id, extra, on=trigger_on)
        return engine.compute_deadline(rule, trigger_on, service, calendar or self.calendar(),
                                       closure_policy=policy or self.closure_policy(),
                                       facts=facts)

    # -- writing -----------------------------------------------------------------------------

    def add_from_rule(self, matter_id: int, rule_id: str, trigger_on: date,
                      service: ServiceArg = "personal", title: str | None = None,
                      facts: Iterable[str] = ()) -> int:
        computed = self.preview(rule_id, trigger_on, service, facts=facts)
        with self.db.sessions.begin() as session:
            _, ref, _ = matter_reference(session, matter_id)
            row = Deadline(matter_id=matter_id, title=title or computed.title,
                           rule_id=computed.rule_id, trigger_on=trigger_on,
                           created_at=clock.now())
            store_computed(row, computed)
            session.add(row)
            session.flush()
            history.record(session, who=self.who, action="create", entity="deadline",
                           entity_id=row.id, matter_id=matter_id,
                           summary=f"Deadline on {ref}: {row.title} due {row.due_on}",
                           changes={"due_on": [None, row.due_on.isoformat()],
                                    "rule_id": [None, rule_id]})
            return row.id

    def add_manual(self, matter_id: int, title: str, due_on: date) -> int:
        title = clean_text(title)
        if not title:
            raise ValidationError([FieldError("title", "Give the deadline a title.")])
        with self.db.sessions.begin() as session:
            _, ref, _ = matter_reference(session, matter_id)
            row = Deadline(matter_id=matter_id, title=title, due_on=due_on,
                           explanation="Entered by hand.", created_at=clock.now())
            session.add(row)
            session.flush()
            history.record(session, who=self.who, action="create", entity="deadline",
                           entity_id=row.id, matter_id=matter_id,
                           summary=f"Deadline on {ref}: {title} due {due_on}",
                           changes={"due_on": [None, due_on.isoformat()]})
            return row.id

    def change_trigger(self, deadline_id: int, trigger_on: date,
                       service: ServiceArg = None) -> None:
        """Recompute one rule-based deadline from a corrected trigger date or service method.

        The other deadlines counted from the same event are not touched here: the GUI offers
        them through :func:`naij_tracker.services.deadline_review.review_trigger_change`.
        """
        items = deadline_review.review_trigger_change(self, deadline_id, trigger_on, service,
                                                      siblings=False)
        deadline_review.apply_review(self, items, [deadline_id])

    def service_methods_of(self, deadline_id: int) -> list[str]:
        """Every service method a deadline was computed with (its controlling one if older)."""
        with self.db.sessions() as session:
            row = session.get(Deadline, deadline_id)
            if row is None:
                raise NotFound("That deadline no longer exists.")
            try:
                stored = json.loads(row.computed_with or "{}").get("services")
            except (ValueError, AttributeError):
                stored = None
            return list(stored) if stored else [row.service_method or "personal"]

    # -- review: what a change of rules, closures, limits or trigger would move ------------------

    def recheck(self, ids: Iterable[int] | None = None) -> list[deadline_review.ReviewItem]:
        """Open rule-based deadlines whose date would change if counted again now."""
        return deadline_review.recheck(self, ids)

    def review_trigger_change(self, deadline_id: int, trigger_on: date,
                              service: ServiceArg = None) -> list[deadline_review.ReviewItem]:
        """The deadlines counted from the same event, recounted from a corrected trigger."""
        return deadline_review.review_trigger_change(self, deadline_id, trigger_on, service)

    def apply_review(self, items: Iterable[deadline_review.ReviewItem],
                     chosen: Iterable[int]) -> int:
        """Write the chosen review items, each with a history entry."""
        return deadline_review.apply_review(self, items, chosen)

    def mark_done(self, deadline_id: int, done_on: date | None = None) -> None:
        self._set_done(deadline_id, done_on or clock.today())

    def reopen(self, deadline_id: int) -> None:
        self._set_done(deadline_id, None)

    def _set_done(self, deadline_id: int, done_on: date | None) -> None:
        with self.db.sessions.begin() as session:
            row = session.get(Deadline, deadline_id)
            if row is None:
                raise NotFound("That deadline no longer exists.")
            old = row.done_on
            row.done_on = done_on
            history.record(session, who=self.who, action="update", entity="deadline",
                           entity_id=deadline_id, matter_id=row.matter_id,
                           summary=f"Deadline {row.title}: " +
                                   (f"done {done_on}" if done_on else "reopened"),
                           changes=history.diff({"done_on": old}, {"done_on": done_on}))

    def delete(self, deadline_id: int) -> None:
        with self.db.sessions.begin() as session:
            row = session.get(Deadline, deadline_id)
            if row is None:
                raise NotFound("That deadline no longer exists.")
            history.record(session, who=self.who, action="delete", entity="deadline",
                           entity_id=deadline_id, matter_id=row.matter_id,
                           summary=f"Deadline removed: {row.title} (was due {row.due_on})")
            session.delete(row)
