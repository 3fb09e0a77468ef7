"""Deadlines on matters: proposed from rules, recomputed when the trigger changes, marked done.

The counting lives in ``naij_tracker.domain.deadlines``; this service adds what the database
holds — the officer's CBA time limits and closure days — and writes deadlines with history.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from naij_tracker.db.models import CbaRule, ClosureDay, Deadline, Setting
from naij_tracker.db.opening import Database
from naij_tracker.domain import clock
from naij_tracker.domain import deadlines as engine
from naij_tracker.domain.calendar import Closure, FederalCalendar, load_builtin_closures
from naij_tracker.domain.deadlines import ComputedDeadline, DeadlineRule
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.domain.validation import FieldError, ValidationError, clean_text
from naij_tracker.services import history
from naij_tracker.services.matters import NotFound
from naij_tracker.services.related import matter_reference
from naij_tracker.services.settings import acting_user

_SEEDED_KEY = "cba_rules_seeded"


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
        return FederalCalendar(self.closures())

    # -- computing ---------------------------------------------------------------------------

    def rules(self) -> dict[str, DeadlineRule]:
        return engine.all_rules(self.cba_rules())

    def rules_for_trigger(self, trigger: str, kind: MatterKind | str) -> list[DeadlineRule]:
        return engine.rules_for_trigger(trigger, kind, self.cba_rules())

    def triggers_for_kind(self, kind: MatterKind | str) -> dict[str, str]:
        return engine.triggers_for_kind(kind, self.cba_rules())

    def preview(self, rule_id: str, trigger_on: date, service: str = "personal",
                calendar: FederalCalendar | None = None) -> ComputedDeadline:
        rule = engine.get_rule(rule_id, self.cba_rules())
        return engine.compute_deadline(rule, trigger_on, service, calendar or self.calendar())

    # -- writing -----------------------------------------------------------------------------

    def add_from_rule(self, matter_id: int, rule_id: str, trigger_on: date,
                      service: str = "personal", title: str | None = None) -> int:
        computed = self.preview(rule_id, trigger_on, service)
        with self.db.sessions.begin() as session:
            _, ref, _ = matter_reference(session, matter_id)
            row = Deadline(matter_id=matter_id, title=title or computed.title,
                           due_on=computed.due, opens_on=computed.opens, rule_id=computed.rule_id,
                           citation=computed.citation, trigger_on=trigger_on,
                           service_method=computed.service.value,
                           explanation=computed.explanation, created_at=clock.now())
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
                       service: str | None = None) -> None:
        """Recompute a rule-based deadline from a corrected trigger date or service method."""
        with self.db.sessions() as session:
            row = session.get(Deadline, deadline_id)
            if row is None:
                raise NotFound("That deadline no longer exists.")
            if not row.rule_id:
                raise ValidationError([FieldError("trigger_on",
                                                  "This deadline was entered by hand.")])
            rule_id, method = row.rule_id, service or row.service_method or "personal"
        computed = self.preview(rule_id, trigger_on, method)
        with self.db.sessions.begin() as session:
            row = session.get(Deadline, deadline_id)
            assert row is not None
            old = {"due_on": row.due_on, "trigger_on": row.trigger_on,
                   "service_method": row.service_method}
            row.due_on, row.opens_on = computed.due, computed.opens
            row.trigger_on, row.service_method = trigger_on, computed.service.value
            row.explanation = computed.explanation
            history.record(session, who=self.who, action="update", entity="deadline",
                           entity_id=deadline_id, matter_id=row.matter_id,
                           summary=f"Deadline recomputed: {row.title} due {row.due_on}",
                           changes=history.diff(old, {"due_on": row.due_on,
                                                      "trigger_on": trigger_on,
                                                      "service_method": row.service_method}))

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
