"""Counting: a rule and a triggering date in, a due date and the account of the count out.

The order of the steps is the Authority's own (27 FLRA No. 3 (1987); 27 FLRA No. 39 (1987)):
count the period (2429.21(a)), move a last day that falls on a Saturday, Sunday or holiday to
the next workday, *then* add the 5 days for mail or commercial delivery (2429.22), then move
that day off a non-workday again. Each date is worked out twice, counting the presidential
closure days as holidays and not, and the two are reconciled by the union's policy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from naij_tracker.domain.calendar import (
    CalendarRangeError,
    FederalCalendar,
    default_calendar,
    weekday_name,
)
from naij_tracker.domain.deadlines.flra_rules import RULESET_VERSION
from naij_tracker.domain.deadlines.model import (
    FLRA_FILING_TIME,
    SHORT_PERIOD_DAYS,
    ComputedDeadline,
    DeadlineError,
    DeadlineRule,
    PeriodUnit,
    RunsFrom,
    ServiceInput,
    ServiceMethod,
    controlling_service,
    parse_services,
)

#: The union's choice for days closed by executive order (see :mod:`naij_tracker.domain.calendar`).
CLOSURE_POLICY_EARLIER = "earlier"
CLOSURE_POLICY_HOLIDAY = "holiday"
#: 88 FR 80091 (2023): the 11:59 p.m. Eastern eFiling time is in force from this day.
EFILING_TIME_FROM = date(2023, 12, 18)
CLOSURE_POLICIES = {
    CLOSURE_POLICY_EARLIER: "Show the earlier date; the later one as an alternative",
    CLOSURE_POLICY_HOLIDAY: "Treat closure days as holidays; the earlier date as an alternative",
}


def add_months(d: date, months: int) -> date:
    """``d`` plus whole calendar months, clamped to the last day of a shorter month."""
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise DeadlineError(f"{d.isoformat()} + {months} months is outside the calendar")
    return date(year, month, min(d.day, _days_in_month(year, month)))


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def _non_working_phrase(why: str) -> str:
    if why in ("Saturday", "Sunday"):
        return f"a {why}"
    if why.startswith("closure: "):
        return f"a federal closure ({why.removeprefix('closure: ')})"
    return why


def _roll_text(calendar: FederalCalendar, start: date, end: date, *, forward: bool) -> str:
    """'2026-04-04 is a Saturday and 2026-04-05 a Sunday' for the days skipped by a roll."""
    step = timedelta(days=1 if forward else -1)
    parts: list[str] = []
    d = start
    while d != end:
        why = calendar.why_not_working(d)
        assert why is not None
        phrase = _non_working_phrase(why)
        parts.append(f"{d.isoformat()} is {phrase}" if not parts else f"{d.isoformat()} {phrase}")
        d += step
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


@dataclass(slots=True)
class _Count:
    due: date
    raw_end: date
    opens: date | None = None
    steps: list[str] = field(default_factory=list)


def _trigger_phrase(rule: DeadlineRule, trigger: date) -> str:
    t = trigger.isoformat()
    if rule.runs_from is RunsFrom.RECEIPT:
        return "receipt"
    return t


def _count_period(rule: DeadlineRule, trigger: date, cal: FederalCalendar) -> tuple[date, str]:
    """The raw last day of the prescribed period and the sentence saying so."""
    p = rule.period
    t = _trigger_phrase(rule, trigger)
    if rule.counts_trigger_day:
        last = trigger + timedelta(days=p.amount - 1)
        return last, (
            f"{p.describe()} beginning on {trigger.isoformat()} (the day of service is day 1) "
            f"end on {last.isoformat()}"
        )
    if p.unit is PeriodUnit.MONTHS:
        last = add_months(trigger, p.amount)
        text = f"{p.describe()} after {t} is {last.isoformat()}"
        if last.day != trigger.day:
            text += f" ({last.strftime('%B %Y')} has no day {trigger.day}, so its last day)"
        return last, text
    if p.unit is PeriodUnit.WORKING_DAYS:
        last = cal.add_working_days(trigger, p.amount)
        return last, f"{p.describe()} after {t} is {last.isoformat()}"
    if p.amount <= SHORT_PERIOD_DAYS and not rule.cba:
        last = cal.add_working_days(trigger, p.amount)
        noun = "working day" if p.amount == 1 else "working days"
        return last, (
            f"{p.amount} {noun} after {t} is {last.isoformat()} (a period of 7 days or less "
            "skips Saturdays, Sundays and holidays, 2429.21(a))"
        )
    last = trigger + timedelta(days=p.amount)
    return last, f"{p.describe()} after {t} is {last.isoformat()}"


def _service_sentence(rule: DeadlineRule, methods: tuple[ServiceMethod, ...],
                      control: ServiceMethod) -> str | None:
    if len(methods) < 2 or rule.runs_from is not RunsFrom.SERVICE:
        return None
    names = " and ".join(m.phrase for m in methods)
    if control.extra_days:
        return f"served by {names} on the same day: each adds 5 days"
    source = "2425.2(c)(5)" if rule.id == "arbitration-exceptions" else "the earliest service controls"
    return (f"served by {names} on the same day: service by {control.phrase} reached the party "
            f"first, so no days are added for mail ({source})")


def _forward(rule: DeadlineRule, trigger: date, methods: tuple[ServiceMethod, ...],
             control: ServiceMethod, cal: FederalCalendar) -> _Count:
    raw, text = _count_period(rule, trigger, cal)
    if rule.runs_from is RunsFrom.RECEIPT:
        text = f"received on {trigger.isoformat()}; {text}"
    steps = [text]
    same_day = _service_sentence(rule, methods, control)
    if same_day:
        steps.insert(0, same_day)
    last = raw
    if rule.runs_from is RunsFrom.SERVICE and control.extra_days:
        rolled = cal.next_working_day(raw)
        if rolled != raw:
            skipped = _roll_text(cal, raw, rolled, forward=True)
            steps.append(f"{skipped}, so the last day moves to {weekday_name(rolled)} "
                         f"{rolled.isoformat()} (2429.21(a))")
        last = rolled + timedelta(days=control.extra_days)
        steps.append(f"+{control.extra_days} days for service by {control.phrase} (2429.22) "
                     f"= {weekday_name(last)} {last.isoformat()}")
    elif any(m.extra_days for m in methods) and rule.runs_from is not RunsFrom.SERVICE:
        why = "receipt" if rule.runs_from is RunsFrom.RECEIPT else "the event, not from service"
        steps.append(f"the period runs from {why}, so mail adds no days (2429.22)")
    due = cal.next_working_day(last)
    if due != last:
        skipped = _roll_text(cal, last, due, forward=True)
        steps.append(f"{skipped}, so the period runs to {weekday_name(due)} {due.isoformat()}")
    return _Count(due, raw, None, steps)


def _window(rule: DeadlineRule, trigger: date, methods: tuple[ServiceMethod, ...],
            cal: FederalCalendar) -> _Count:
    assert rule.window_opens is not None
    opens = trigger - timedelta(days=rule.window_opens.amount)
    last = trigger - timedelta(days=rule.period.amount)
    cal.why_not_working(opens)  # range check for the whole window
    steps = [
        f"the agreement expires {trigger.isoformat()}: the open period starts "
        f"{rule.window_opens.amount} days before, on {opens.isoformat()}, and ends "
        f"{rule.period.amount} days before, on {last.isoformat()}"
    ]
    if any(m.extra_days for m in methods):
        steps.append("service by mail adds no days to this period")
    due = cal.previous_working_day(last)
    if due != last:
        skipped = _roll_text(cal, last, due, forward=False)
        steps.append(
            f"{skipped}, so the petition must be filed by the last working day before it, "
            f"{weekday_name(due)} {due.isoformat()}"
        )
    return _Count(due, last, opens, steps)


def _relevant_span(rule: DeadlineRule, trigger: date, a: _Count, b: _Count) -> tuple[date, date]:
    """The days on which a closure can move this count (from the trigger for short periods)."""
    dates = [a.due, b.due, a.raw_end, b.raw_end]
    short = rule.period.unit is PeriodUnit.WORKING_DAYS or (
        rule.period.unit is PeriodUnit.DAYS and rule.period.amount <= SHORT_PERIOD_DAYS)
    first = trigger if short and not rule.is_window else min(dates)
    return first, max(dates)


def _closure_note(cal: FederalCalendar, span: tuple[date, date], alt: date, *,
                  alternative_counts: bool) -> str:
    days = cal.closures_between(*span)
    named = " and ".join(f"{c.day.isoformat()} ({c.reason})" for c in days[-3:]) or "closure days"
    if alternative_counts:
        return (f"if the Authority treats the closure on {named} as a holiday: "
                f"{weekday_name(alt)} {alt.isoformat()}")
    return (f"if the Authority does not treat the closure on {named} as a holiday: "
            f"{weekday_name(alt)} {alt.isoformat()}")


def compute_deadline(
    rule: DeadlineRule,
    trigger_date: date,
    service: ServiceInput = ServiceMethod.PERSONAL,
    calendar: FederalCalendar | None = None,
    *,
    closure_policy: str = CLOSURE_POLICY_EARLIER,
    facts: Iterable[str] = (),
) -> ComputedDeadline:
    """Apply ``rule`` to an event on ``trigger_date`` served by ``service``.

    ``service`` is one method or every method used on that day (``["mail", "electronic"]``):
    the earliest controls. ``calendar`` defaults to the federal calendar with the built-in
    closures and shutdowns; the services layer passes one that also holds the officer's
    closures. ``closure_policy`` decides which of the two readings of a closure day is the due
    date (:data:`CLOSURE_POLICIES`). ``facts`` are things known about the matter
    (``"adverse_action"``) that a rule may warn about. Raises :class:`DeadlineError` (one-line
    message) for impossible input, including a date the calendar does not cover.
    """
    if not isinstance(rule, DeadlineRule):
        raise DeadlineError(f"expected a DeadlineRule, got {type(rule).__name__}")
    if isinstance(trigger_date, datetime) or not isinstance(trigger_date, date):
        raise DeadlineError(f"the trigger date must be a date, got {trigger_date!r}")
    if closure_policy not in CLOSURE_POLICIES:
        raise DeadlineError(f"unknown closure policy {closure_policy!r}")
    methods = parse_services(service)
    control = controlling_service(methods)
    cal = calendar if calendar is not None else default_calendar()
    try:
        # Refused before counting: counting from a date such as 9999-12-31 would run past the
        # last date Python can hold instead of saying what is wrong.
        cal.check_covers(trigger_date)
        counts = {}
        for counted in (False, True):
            c = cal.counting_closures(counted)
            counts[counted] = (_window(rule, trigger_date, methods, c) if rule.is_window
                               else _forward(rule, trigger_date, methods, control, c))
    except CalendarRangeError as exc:
        raise DeadlineError(
            f"cannot compute {rule.id} from {trigger_date.isoformat()}: {exc}"
        ) from None
    if closure_policy == CLOSURE_POLICY_HOLIDAY:
        chosen_counts = True
    else:
        chosen_counts = counts[True].due < counts[False].due
    chosen, other = counts[chosen_counts], counts[not chosen_counts]
    steps = list(chosen.steps)
    alternative, note = None, ""
    if other.due != chosen.due:
        alternative = other.due
        note = _closure_note(cal, _relevant_span(rule, trigger_date, chosen, other), other.due,
                             alternative_counts=not chosen_counts)
        steps.append(f"{note} (5 C.F.R. 2429.21(a) names only weekends and federal legal "
                     "holidays; whether a closure ordered by the President extends a period "
                     "is not settled)")
    warnings = [*rule.notes]
    fact_set = set(facts)
    warnings += [text for fact, text in rule.fact_warnings if fact in fact_set]
    if not rule.in_force_on(trigger_date):
        warnings.append(f"this version of {rule.id} governs events {rule.describe_in_force()}; "
                        f"the event on {trigger_date.isoformat()} is outside it — check the rule "
                        "then in force")
    shutdown = cal.shutdown_on(chosen.due)
    if shutdown is not None:
        warnings.append(f"the due date falls in a {shutdown.describe()}: a shutdown is not a "
                        "holiday and the deadline stands — file by eFiling or confirm with "
                        "the FLRA")
    if rule.filing_time and (rule.filing_time != FLRA_FILING_TIME
                             or chosen.due >= EFILING_TIME_FROM):
        filing = ("eFiling closes at 11:59 p.m. Eastern Time on the due date (5 C.F.R. "
                  "2429.24(a), 88 FR 80091)" if rule.filing_time == FLRA_FILING_TIME
                  else f"file by {rule.filing_time} on the due date")
        steps.append(filing)
    account = explanation = "; ".join(steps)
    if warnings:
        explanation += ". Warning: " + "; ".join(warnings)
    inputs = {
        "ruleset": RULESET_VERSION,
        "rule_in_force": rule.describe_in_force(),
        "period": rule.describe_period(),
        "runs_from": rule.runs_from.value if rule.runs_from else "",
        "services": [m.value for m in methods],
        "closure_policy": closure_policy,
        "closures": sorted(c.day.isoformat() for c in cal.closures_between(
            *_relevant_span(rule, trigger_date, chosen, other))),
        "facts": sorted(fact_set),
        "shutdown": shutdown.describe() if shutdown is not None else None,
    }
    return ComputedDeadline(
        rule_id=rule.id,
        title=rule.deadline_title,
        trigger_date=trigger_date,
        service=control,
        due=chosen.due,
        opens=chosen.opens,
        explanation=explanation,
        citation=rule.citation,
        services=methods,
        raw_end=chosen.raw_end,
        alternative=alternative,
        alternative_note=note,
        warnings=tuple(warnings),
        filing_time=(rule.filing_time if rule.filing_time != FLRA_FILING_TIME
                     or chosen.due >= EFILING_TIME_FROM else ""),
        runs_from=rule.runs_from or RunsFrom.EVENT,
        ruleset=RULESET_VERSION,
        inputs=inputs,
        account=account,
    )
