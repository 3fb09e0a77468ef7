"""Deadline rules and the counting that turns a triggering event into a due date.

Pure Python: no Qt, no database. The services layer stores what :func:`compute_deadline` returns
(rule id, trigger date, service method, due date, explanation); the CLI prints it; the packet
quotes it. Every result carries its citation and a plain-language account of the count, because
counsel must be able to check every date.

How time is counted (the FLRA's rules, 5 C.F.R. part 2429, subpart B)
----------------------------------------------------------------------
* **5 C.F.R. 2429.21(a)** — the day of the act, event or default that starts the period is not
  counted; the first day of the period is the day after it, even if that is a weekend or holiday.
  Calendar days are counted, weekends and holidays included. If the last day is a Saturday,
  Sunday or federal legal holiday, the period runs to the next day that is none of these.
  Observed holidays (the Friday or Monday in lieu, 5 U.S.C. 6103(b)) are holidays: the offices
  are closed. Closures ordered by the President are treated the same way (see
  :mod:`naij_tracker.domain.calendar`).
* **Periods of 7 days or less** (5 C.F.R. 2429.21(a)) — intermediate Saturdays, Sundays and
  holidays are not counted, i.e. the period is counted in working days.
* **5 C.F.R. 2429.22** — when the period runs from *service* of a paper and the paper was served
  by first-class mail or commercial delivery, 5 days are added to the prescribed period. The
  weekend/holiday rule then applies to the last day of the *extended* period: 15 + 5 = 20 days,
  and only day 20 is rolled, never day 15. (Where the prescribed period is 7 days or less it is
  counted in working days first and the 5 days are added to it as calendar days.) 2429.22 does
  not apply to an application for review of a Regional Director's decision (5 C.F.R. 2422.31), to
  periods that do not run from service (the 6-month ULP charge period runs from the act), nor
  where an extension of time was granted.
* **Month periods** — the 6-month period of 5 U.S.C. 7118(a)(4)(A) counts calendar months from
  the act to the same day-number, clamping to the last day of a shorter month
  (2025-08-31 + 6 months = 2026-02-28; 2023-08-31 + 6 months = 2024-02-29). The weekend/holiday
  rule of 2429.21(a) applies to the last day.
* **Agreement bar** (5 C.F.R. 2422.12(c)–(d)) — the open period for a representation petition is
  counted *back* from the agreement's expiration date, which itself is not counted: it opens 105
  days and closes 60 days before expiration. 2429.21(a) carves these situations out of the
  general rule and provides its own: if the 60th day before expiration is a Saturday, Sunday or
  federal legal holiday, the petition must be filed by close of business on the last official
  workday *before* the 60th day — the period moves earlier, not later.

CBA time limits (grievance steps, bargaining responses) are not the FLRA's: they come from the
union's agreement and are configured by the officer (:func:`cba_rule`, :data:`DEFAULT_CBA_RULES`),
in calendar or working days; a calendar-day CBA period whose last day is not a working day runs
to the next working day, the usual CBA clause. The short-period rule and the 5 mailing days of
2429.21–22 do not apply to CBA rules unless the officer says so.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from naij_tracker.domain.calendar import (
    CalendarRangeError,
    FederalCalendar,
    default_calendar,
    weekday_name,
)
from naij_tracker.domain.kinds import SERVICE_METHODS, MatterKind, label_of

__all__ = [
    "DEFAULT_CBA_RULES",
    "MAIL_DAYS",
    "SHORT_PERIOD_DAYS",
    "TRIGGERS",
    "ComputedDeadline",
    "DeadlineError",
    "DeadlineRule",
    "Period",
    "PeriodUnit",
    "ServiceMethod",
    "UnknownRuleError",
    "add_months",
    "all_rules",
    "builtin_rules",
    "cba_rule",
    "compute_deadline",
    "get_rule",
    "parse_service",
    "rules_for_trigger",
    "triggers_for_kind",
]

#: Days added for service by mail or commercial delivery (5 C.F.R. 2429.22).
MAIL_DAYS = 5
#: Periods of this many days or fewer skip intermediate non-working days (5 C.F.R. 2429.21(a)).
SHORT_PERIOD_DAYS = 7

_RULE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_TRIGGER_CODE = re.compile(r"^[a-z0-9][a-z0-9_]{0,63}$")


class DeadlineError(ValueError):
    """Impossible input to the deadline engine; the message is one line, fit to show a user."""


class UnknownRuleError(DeadlineError):
    """No rule has the id asked for; the message suggests close matches."""


# --- service ----------------------------------------------------------------------------------


class ServiceMethod(StrEnum):
    """How the paper that starts a period was served (codes of ``kinds.SERVICE_METHODS``)."""

    PERSONAL = "personal"
    ELECTRONIC = "electronic"
    MAIL = "mail"
    COMMERCIAL = "commercial"

    @property
    def label(self) -> str:
        return label_of(SERVICE_METHODS, self.value)

    @property
    def extra_days(self) -> int:
        """Days 5 C.F.R. 2429.22 adds: 5 for mail and commercial delivery, none otherwise."""
        return MAIL_DAYS if self in (ServiceMethod.MAIL, ServiceMethod.COMMERCIAL) else 0

    @property
    def phrase(self) -> str:
        """``"mail"``, ``"commercial delivery"`` … as in "service by mail"."""
        return {
            ServiceMethod.PERSONAL: "personal delivery",
            ServiceMethod.ELECTRONIC: "electronic means",
            ServiceMethod.MAIL: "mail",
            ServiceMethod.COMMERCIAL: "commercial delivery",
        }[self]


def parse_service(value: ServiceMethod | str | None) -> ServiceMethod:
    """A :class:`ServiceMethod` from its code (``None`` means personal service)."""
    if value is None:
        return ServiceMethod.PERSONAL
    if isinstance(value, ServiceMethod):
        return value
    try:
        return ServiceMethod(str(value).strip().lower())
    except ValueError:
        known = ", ".join(m.value for m in ServiceMethod)
        raise DeadlineError(f"unknown service method {value!r}; expected one of {known}") from None


# --- periods and rules --------------------------------------------------------------------------


class PeriodUnit(StrEnum):
    DAYS = "days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"


@dataclass(frozen=True, slots=True)
class Period:
    """A length of time: ``amount`` calendar days, working days or calendar months."""

    amount: int
    unit: PeriodUnit = PeriodUnit.DAYS

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "unit", PeriodUnit(self.unit))
        except ValueError:
            known = ", ".join(u.value for u in PeriodUnit)
            raise DeadlineError(f"unknown period unit {self.unit!r}; expected {known}") from None
        if isinstance(self.amount, bool) or not isinstance(self.amount, int) or self.amount < 1:
            raise DeadlineError(
                f"a period must be a whole number of at least 1, got {self.amount!r}"
            )
        if self.amount > 3660:
            raise DeadlineError(f"a period of {self.amount} {self.unit.value} is not plausible")

    def describe(self) -> str:
        """``"30 days"``, ``"1 working day"``, ``"6 months"``."""
        noun = {
            PeriodUnit.DAYS: ("day", "days"),
            PeriodUnit.WORKING_DAYS: ("working day", "working days"),
            PeriodUnit.MONTHS: ("month", "months"),
        }[self.unit]
        return f"{self.amount} {noun[0] if self.amount == 1 else noun[1]}"


@dataclass(frozen=True, slots=True)
class DeadlineRule:
    """One time limit: what starts it, how long it runs, what it is called and where it comes from.

    ``period`` is the length counted forward from the trigger, except for a *window* rule
    (``window_opens`` set, e.g. the representation open period): there both periods are counted
    back from the trigger date, ``window_opens`` giving the first day and ``period`` the last.
    ``cba`` marks a rule from the collective bargaining agreement, counted by the CBA's terms
    rather than the FLRA's (no short-period rule).
    """

    id: str
    name: str
    trigger: str
    trigger_label: str
    period: Period
    service_adjustable: bool
    citation: str
    applies_to: tuple[MatterKind, ...]
    deadline_title: str
    window_opens: Period | None = None
    description: str = ""
    cba: bool = False

    def __post_init__(self) -> None:
        if not _RULE_ID.match(self.id or ""):
            raise DeadlineError(
                f"rule id {self.id!r} must be lower-case letters, digits, '-' or '_' "
                "(at most 64 characters)"
            )
        if not _TRIGGER_CODE.match(self.trigger or ""):
            raise DeadlineError(
                f"rule {self.id}: trigger code {self.trigger!r} must be lower-case letters, "
                "digits or '_'"
            )
        for attr in ("name", "trigger_label", "deadline_title", "citation"):
            if not str(getattr(self, attr) or "").strip():
                raise DeadlineError(f"rule {self.id}: {attr.replace('_', ' ')} is empty")
        if not isinstance(self.period, Period):
            raise DeadlineError(f"rule {self.id}: period must be a Period")
        try:
            kinds = tuple(MatterKind(k) for k in self.applies_to)
        except ValueError:
            known = ", ".join(k.value for k in MatterKind)
            raise DeadlineError(
                f"rule {self.id}: applies_to has an unknown matter kind; expected {known}"
            ) from None
        if not kinds:
            raise DeadlineError(f"rule {self.id}: applies_to names no kind of matter")
        object.__setattr__(self, "applies_to", kinds)
        if self.window_opens is not None:
            if self.period.unit is not PeriodUnit.DAYS or self.window_opens.unit is not (
                PeriodUnit.DAYS
            ):
                raise DeadlineError(f"rule {self.id}: a window rule is counted in calendar days")
            if self.window_opens.amount <= self.period.amount:
                raise DeadlineError(
                    f"rule {self.id}: the window must open before it closes "
                    f"({self.window_opens.amount} days > {self.period.amount} days before)"
                )
            if self.service_adjustable:
                raise DeadlineError(f"rule {self.id}: a window rule does not run from service")

    @property
    def is_window(self) -> bool:
        return self.window_opens is not None

    def describe_period(self) -> str:
        """The period in words, e.g. ``"30 days"`` or ``"105 to 60 days before"``."""
        if self.window_opens is not None:
            return f"{self.window_opens.amount} to {self.period.amount} days before"
        return self.period.describe()


@dataclass(frozen=True, slots=True)
class ComputedDeadline:
    """The result of applying a rule to a trigger date: the due date and how it was reached."""

    rule_id: str
    title: str
    trigger_date: date
    service: ServiceMethod
    due: date
    opens: date | None
    explanation: str
    citation: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: ``rule``, ``title``, ``trigger``, ``service``, ``due``, ``opens``, …"""
        return {
            "rule": self.rule_id,
            "title": self.title,
            "trigger": self.trigger_date.isoformat(),
            "service": self.service.value,
            "due": self.due.isoformat(),
            "opens": self.opens.isoformat() if self.opens else None,
            "explanation": self.explanation,
            "citation": self.citation,
        }


# --- the built-in catalogue -------------------------------------------------------------------

#: Trigger codes of the built-in rules and default CBA rules → what the officer records.
TRIGGERS: dict[str, str] = {
    "ulp_act": "Act complained of (unfair labor practice)",
    "award_served": "Arbitration award served",
    "nonnegotiability_allegation_served": "Agency's allegation of non-negotiability served",
    "agency_head_disapproval_served": "Agency head's disapproval of a provision served",
    "negotiability_petition_served": "Negotiability petition served on the agency head",
    "agency_statement_served": "Agency's statement of position (negotiability) served",
    "agreement_executed": "Agreement executed (signed by the parties)",
    "agreement_expires": "Collective bargaining agreement expires",
    "alj_decision_served": "Administrative Law Judge's decision served",
    "rd_decision_issued": "Regional Director's decision and order issued",
    "grievable_event": "Event giving rise to a grievance (or the day the grievant learned of it)",
    "grievance_filed": "Grievance filed at a step",
    "step_answer_received": "Management's step answer received",
    "final_step_answer_received": "Final step answer received",
    "agency_notice_received": "Agency notice of a change received",
}

_F = MatterKind.FLRA
_B = MatterKind.BARGAINING
_G = MatterKind.GRIEVANCE
_M = MatterKind.METRIC_DISPUTE

_BUILTIN: tuple[DeadlineRule, ...] = (
    DeadlineRule(
        id="ulp-charge",
        name="Unfair labor practice charge",
        trigger="ulp_act",
        trigger_label=TRIGGERS["ulp_act"],
        period=Period(6, PeriodUnit.MONTHS),
        service_adjustable=False,
        citation="5 U.S.C. 7118(a)(4)(A)",
        applies_to=(_F, _B, _G, _M),
        deadline_title="File ULP charge",
        description=(
            "No complaint may issue on an unfair labor practice that occurred more than 6 months "
            "before the charge was filed. The period runs from the act, not from service, so no "
            "mailing days are added. 7118(a)(4)(B) extends it only where the agency concealed "
            "the act or the charging party was prevented from filing by the agency's failure to "
            "perform a duty; the engine does not assume either."
        ),
    ),
    DeadlineRule(
        id="arbitration-exceptions",
        name="Exceptions to an arbitration award",
        trigger="award_served",
        trigger_label=TRIGGERS["award_served"],
        period=Period(30),
        service_adjustable=True,
        citation="5 U.S.C. 7122(b); 5 C.F.R. 2425.2; 5 C.F.R. 2429.22",
        applies_to=(_F, _G, _M),
        deadline_title="File exceptions to arbitration award",
        description=(
            "30 days after the date of service of the award (2425.2(a)). The date of service "
            "depends on the method (2425.2(c)): the postmark date for mail, the date deposited "
            "with a commercial carrier, the date transmitted for email or fax, the date "
            "delivered in person; if served by more than one method, the first one controls. "
            "Service by mail or commercial delivery adds 5 days under 2429.22. The time limit "
            "is statutory and cannot be extended or waived (2429.23(d))."
        ),
    ),
    DeadlineRule(
        id="negotiability-appeal",
        name="Negotiability appeal (petition for review)",
        trigger="nonnegotiability_allegation_served",
        trigger_label=TRIGGERS["nonnegotiability_allegation_served"],
        period=Period(15),
        service_adjustable=True,
        citation="5 U.S.C. 7117(c)(2); 5 C.F.R. 2424.21(a)(1); 5 C.F.R. 2429.22",
        applies_to=(_F, _B, _M),
        deadline_title="File negotiability petition for review",
        description=(
            "15 days after the date of service of the agency's written allegation that the "
            "proposal is not within the duty to bargain. If the agency does not answer a written "
            "request for an allegation within 10 days, the petition may be filed at any time "
            "(2424.21(b))."
        ),
    ),
    DeadlineRule(
        id="negotiability-appeal-disapproval",
        name="Negotiability appeal after agency-head disapproval",
        trigger="agency_head_disapproval_served",
        trigger_label=TRIGGERS["agency_head_disapproval_served"],
        period=Period(15),
        service_adjustable=True,
        citation="5 U.S.C. 7117(c)(2); 5 C.F.R. 2424.21(a)(2); 5 C.F.R. 2429.22",
        applies_to=(_F, _B, _M),
        deadline_title="File negotiability petition (disapproved provision)",
        description=(
            "15 days after the date of service of the agency head's disapproval of a provision "
            "under 5 U.S.C. 7114(c)."
        ),
    ),
    DeadlineRule(
        id="negotiability-agency-statement",
        name="Agency's statement of position (negotiability)",
        trigger="negotiability_petition_served",
        trigger_label=TRIGGERS["negotiability_petition_served"],
        period=Period(30),
        service_adjustable=True,
        citation="5 C.F.R. 2424.24(a); 5 C.F.R. 2429.22",
        applies_to=(_F,),
        deadline_title="Agency statement of position due",
        description=(
            "The agency must file its statement of position within 30 days after the date the "
            "head of the agency is served with the petition for review."
        ),
    ),
    DeadlineRule(
        id="negotiability-response",
        name="Union's response to the agency's statement of position",
        trigger="agency_statement_served",
        trigger_label=TRIGGERS["agency_statement_served"],
        period=Period(15),
        service_adjustable=True,
        citation="5 C.F.R. 2424.25(a); 5 C.F.R. 2429.22",
        applies_to=(_F,),
        deadline_title="File response to agency statement of position",
        description=(
            "The exclusive representative's response is due within 15 days after the date of "
            "service of the agency's statement of position."
        ),
    ),
    DeadlineRule(
        id="agency-head-review",
        name="Agency head review of a negotiated agreement",
        trigger="agreement_executed",
        trigger_label=TRIGGERS["agreement_executed"],
        period=Period(30),
        service_adjustable=False,
        citation="5 U.S.C. 7114(c)(2)-(3)",
        applies_to=(_B,),
        deadline_title="Agency head review period ends",
        description=(
            "The agency head may approve or disapprove the agreement within 30 days after the "
            "date it is executed. If the agency head does neither, the agreement takes effect "
            "and binds the parties (7114(c)(3)). The period runs from execution, not service."
        ),
    ),
    DeadlineRule(
        id="representation-open-period",
        name="Representation petition open period (agreement of 3 years or less)",
        trigger="agreement_expires",
        trigger_label=TRIGGERS["agreement_expires"],
        period=Period(60),
        window_opens=Period(105),
        service_adjustable=False,
        citation="5 U.S.C. 7111(f)(3); 5 C.F.R. 2422.12(c); 5 C.F.R. 2429.21(a)",
        applies_to=(_F, _B),
        deadline_title="Representation petition open period closes",
        description=(
            "While an agreement of three years or less is in effect, a petition seeking an "
            "election is timely only if filed not more than 105 and not less than 60 days before "
            "the agreement expires (2422.12(c)). Counted back from the expiration date, which "
            "is not counted. If the 60th day is a Saturday, Sunday or federal legal holiday, "
            "the petition must be filed by close of business on the last official workday "
            "before it (2429.21(a)). For an agreement of more than three years, enter the end "
            "of its initial three-year period as the trigger (2422.12(d))."
        ),
    ),
    DeadlineRule(
        id="alj-exceptions",
        name="Exceptions to an Administrative Law Judge's decision (ULP)",
        trigger="alj_decision_served",
        trigger_label=TRIGGERS["alj_decision_served"],
        period=Period(25),
        service_adjustable=True,
        citation="5 C.F.R. 2423.40(a); 5 C.F.R. 2429.22",
        applies_to=(_F,),
        deadline_title="File exceptions to ALJ decision",
        description=(
            "Exceptions to the Judge's decision in an unfair labor practice case must be filed "
            "with the Authority within 25 days after the date of service of the decision."
        ),
    ),
    DeadlineRule(
        id="rd-application-for-review",
        name="Application for review of a Regional Director's decision",
        trigger="rd_decision_issued",
        trigger_label=TRIGGERS["rd_decision_issued"],
        period=Period(60),
        service_adjustable=False,
        citation="5 C.F.R. 2422.31(b); 5 C.F.R. 2429.22 (no added days)",
        applies_to=(_F,),
        deadline_title="File application for review of RD decision",
        description=(
            "An application for review must be filed with the Authority within 60 days of the "
            "date of the Regional Director's decision and order. 2429.22 expressly excludes "
            "this filing from the 5 added days for mail service."
        ),
    ),
)


def cba_rule(
    id: str,
    name: str,
    days: int,
    day_type: str,
    trigger: str,
    trigger_label: str,
    citation: str,
    applies_to: Iterable[MatterKind | str],
    deadline_title: str,
    *,
    description: str = "",
    service_adjustable: bool = False,
) -> DeadlineRule:
    """A time limit taken from the union's collective bargaining agreement.

    ``day_type`` is ``"calendar"`` or ``"working"``. Calendar-day limits whose last day is not a
    working day run to the next working day; working-day limits count working days only. Raises
    :class:`DeadlineError` with a one-line message for anything the officer got wrong.
    """
    kind = str(day_type).strip().lower()
    if kind not in ("calendar", "working"):
        raise DeadlineError(f"CBA rule {id}: day type {day_type!r} must be 'calendar' or 'working'")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 730:
        raise DeadlineError(f"CBA rule {id}: days must be a whole number from 1 to 730")
    unit = PeriodUnit.DAYS if kind == "calendar" else PeriodUnit.WORKING_DAYS
    return DeadlineRule(
        id=id,
        name=name,
        trigger=trigger,
        trigger_label=trigger_label,
        period=Period(days, unit),
        service_adjustable=service_adjustable,
        citation=citation,
        applies_to=tuple(applies_to),  # type: ignore[arg-type]  # validated in __post_init__
        deadline_title=deadline_title,
        description=description,
        cba=True,
    )


#: Starting CBA time limits, **to be edited to match the union's own agreement**: the article
#: numbers and day counts here are placeholders typical of federal-sector agreements, not the
#: terms of any particular CBA. The services layer seeds the database with them; the officer
#: changes them there, and the engine receives the stored versions as ``extra_rules``.
DEFAULT_CBA_RULES: tuple[DeadlineRule, ...] = (
    cba_rule(
        "cba-grievance-filing",
        "Grievance filing",
        30,
        "calendar",
        "grievable_event",
        TRIGGERS["grievable_event"],
        "CBA Art. (grievance procedure), as configured",
        (_G, _M),
        "File grievance",
        description="Default: 30 calendar days from the event. Edit to match the CBA.",
    ),
    cba_rule(
        "cba-step-answer",
        "Management step answer",
        15,
        "calendar",
        "grievance_filed",
        TRIGGERS["grievance_filed"],
        "CBA Art. (grievance procedure), as configured",
        (_G, _M),
        "Management answer due",
        description="Default: 15 calendar days from receipt of the grievance at the step.",
    ),
    cba_rule(
        "cba-step-appeal",
        "Appeal to the next step",
        15,
        "calendar",
        "step_answer_received",
        TRIGGERS["step_answer_received"],
        "CBA Art. (grievance procedure), as configured",
        (_G, _M),
        "Appeal to next step due",
        description="Default: 15 calendar days from the step answer (or the day it was due).",
    ),
    cba_rule(
        "cba-invoke-arbitration",
        "Invoke arbitration",
        30,
        "calendar",
        "final_step_answer_received",
        TRIGGERS["final_step_answer_received"],
        "CBA Art. (arbitration), as configured",
        (_G, _M),
        "Invoke arbitration",
        description="Default: 30 calendar days from the final step answer.",
    ),
    cba_rule(
        "cba-bargaining-response",
        "Union response to agency notice of change",
        15,
        "calendar",
        "agency_notice_received",
        TRIGGERS["agency_notice_received"],
        "CBA Art. (mid-term bargaining), as configured",
        (_B, _M),
        "Request to bargain / proposals due",
        description=(
            "Default: 15 calendar days from the agency's notice to request bargaining. "
            "Edit to match the CBA."
        ),
    ),
)


def builtin_rules() -> dict[str, DeadlineRule]:
    """The statutory and FLRA rules, by id (a fresh dict; the rules themselves are frozen).

    CBA rules are not included: they live in the database (seeded from
    :data:`DEFAULT_CBA_RULES`) and reach the engine as ``extra_rules``.
    """
    return {r.id: r for r in _BUILTIN}


def all_rules(extra_rules: Iterable[DeadlineRule] = ()) -> dict[str, DeadlineRule]:
    """Built-in rules plus ``extra_rules`` (the configured CBA rules), by id.

    An extra rule may not reuse a built-in id: statutory rules are not the officer's to redefine.
    """
    rules = builtin_rules()
    seen: set[str] = set()
    for rule in extra_rules:
        if rule.id in rules and rule.id not in seen:
            raise DeadlineError(f"rule id {rule.id!r} is reserved for a built-in FLRA rule")
        if rule.id in seen:
            raise DeadlineError(f"rule id {rule.id!r} is defined twice")
        seen.add(rule.id)
        rules[rule.id] = rule
    return rules


def get_rule(rule_id: str, extra_rules: Iterable[DeadlineRule] = ()) -> DeadlineRule:
    """The rule with this id, or :class:`UnknownRuleError` naming the closest ids."""
    rules = all_rules(extra_rules)
    key = str(rule_id).strip().lower()
    if key in rules:
        return rules[key]
    close = difflib.get_close_matches(key, rules, n=3, cutoff=0.5)
    if close:
        hint = f"did you mean {', '.join(close)}?"
    else:
        hint = f"known rules: {', '.join(sorted(rules))}"
    raise UnknownRuleError(f"unknown deadline rule {str(rule_id)!r}; {hint}")


def rules_for_trigger(
    trigger: str,
    kind: MatterKind | str,
    extra_rules: Iterable[DeadlineRule] = (),
) -> list[DeadlineRule]:
    """The rules to propose when the officer records ``trigger`` on a matter of ``kind``."""
    try:
        matter_kind = MatterKind(kind)
    except ValueError:
        raise DeadlineError(f"unknown matter kind {kind!r}") from None
    return [
        r
        for r in all_rules(extra_rules).values()
        if r.trigger == trigger and matter_kind in r.applies_to
    ]


def triggers_for_kind(
    kind: MatterKind | str, extra_rules: Iterable[DeadlineRule] = ()
) -> dict[str, str]:
    """Trigger code → label for every event that starts at least one rule on this kind."""
    matter_kind = MatterKind(kind)
    out: dict[str, str] = {}
    for rule in all_rules(extra_rules).values():
        if matter_kind in rule.applies_to:
            out.setdefault(rule.trigger, TRIGGERS.get(rule.trigger, rule.trigger_label))
    return out


# --- counting ---------------------------------------------------------------------------------


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
    last: date
    steps: list[str] = field(default_factory=list)


def _count_forward(rule: DeadlineRule, trigger: date, calendar: FederalCalendar) -> _Count:
    p = rule.period
    t = trigger.isoformat()
    if p.unit is PeriodUnit.MONTHS:
        last = add_months(trigger, p.amount)
        text = f"{p.describe()} after {t} is {last.isoformat()}"
        if last.day != trigger.day:
            text += f" ({last.strftime('%B %Y')} has no day {trigger.day}, so its last day)"
        return _Count(last, [text])
    if p.unit is PeriodUnit.WORKING_DAYS:
        last = calendar.add_working_days(trigger, p.amount)
        return _Count(last, [f"{p.describe()} after {t} is {last.isoformat()}"])
    if p.amount <= SHORT_PERIOD_DAYS and not rule.cba:
        last = calendar.add_working_days(trigger, p.amount)
        noun = "working day" if p.amount == 1 else "working days"
        return _Count(
            last,
            [
                f"{p.amount} {noun} after {t} is {last.isoformat()} (a period of 7 days or less "
                "skips Saturdays, Sundays, holidays and closures)"
            ],
        )
    last = trigger + timedelta(days=p.amount)
    return _Count(last, [f"{p.describe()} after {t} is {last.isoformat()}"])


def _compute_forward(
    rule: DeadlineRule, trigger: date, service: ServiceMethod, calendar: FederalCalendar
) -> ComputedDeadline:
    count = _count_forward(rule, trigger, calendar)
    last = count.last
    extra = service.extra_days
    if extra and rule.service_adjustable:
        last = last + timedelta(days=extra)
        count.steps.append(f"+{extra} days for service by {service.phrase} = {last.isoformat()}")
    elif extra:
        count.steps.append(f"service by {service.phrase} adds no days to this period")
    due = calendar.next_working_day(last)
    if due != last:
        skipped = _roll_text(calendar, last, due, forward=True)
        count.steps.append(
            f"{skipped}, so the period runs to {weekday_name(due)} {due.isoformat()}"
        )
    return ComputedDeadline(
        rule_id=rule.id,
        title=rule.deadline_title,
        trigger_date=trigger,
        service=service,
        due=due,
        opens=None,
        explanation="; ".join(count.steps),
        citation=rule.citation,
    )


def _compute_window(
    rule: DeadlineRule, trigger: date, service: ServiceMethod, calendar: FederalCalendar
) -> ComputedDeadline:
    assert rule.window_opens is not None
    opens = trigger - timedelta(days=rule.window_opens.amount)
    last = trigger - timedelta(days=rule.period.amount)
    calendar.why_not_working(opens)  # range check for the whole window
    steps = [
        f"the agreement expires {trigger.isoformat()}: the open period starts "
        f"{rule.window_opens.amount} days before, on {opens.isoformat()}, and ends "
        f"{rule.period.amount} days before, on {last.isoformat()}"
    ]
    if service.extra_days:
        steps.append(f"service by {service.phrase} adds no days to this period")
    due = calendar.previous_working_day(last)
    if due != last:
        skipped = _roll_text(calendar, last, due, forward=False)
        steps.append(
            f"{skipped}, so the petition must be filed by the last working day before it, "
            f"{weekday_name(due)} {due.isoformat()}"
        )
    return ComputedDeadline(
        rule_id=rule.id,
        title=rule.deadline_title,
        trigger_date=trigger,
        service=service,
        due=due,
        opens=opens,
        explanation="; ".join(steps),
        citation=rule.citation,
    )


def compute_deadline(
    rule: DeadlineRule,
    trigger_date: date,
    service: ServiceMethod | str | None = ServiceMethod.PERSONAL,
    calendar: FederalCalendar | None = None,
) -> ComputedDeadline:
    """Apply ``rule`` to an event on ``trigger_date`` served by ``service``.

    ``calendar`` defaults to the federal calendar with the built-in closures; the services layer
    passes one that also holds the closures stored in the database. Raises
    :class:`DeadlineError` (one-line message) for impossible input, including a date the
    calendar does not cover.
    """
    if not isinstance(rule, DeadlineRule):
        raise DeadlineError(f"expected a DeadlineRule, got {type(rule).__name__}")
    if isinstance(trigger_date, datetime) or not isinstance(trigger_date, date):
        raise DeadlineError(f"the trigger date must be a date, got {trigger_date!r}")
    method = parse_service(service)
    cal = calendar if calendar is not None else default_calendar()
    try:
        # Refused before counting: counting from a date such as 9999-12-31 would run past the
        # last date Python can hold instead of saying what is wrong.
        cal.check_covers(trigger_date)
        if rule.is_window:
            return _compute_window(rule, trigger_date, method, cal)
        return _compute_forward(rule, trigger_date, method, cal)
    except CalendarRangeError as exc:
        raise DeadlineError(
            f"cannot compute {rule.id} from {trigger_date.isoformat()}: {exc}"
        ) from None
