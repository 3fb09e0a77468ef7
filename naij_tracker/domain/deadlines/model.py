"""The vocabulary of the deadline engine: service methods, periods, rules and computed deadlines.

Pure data with validation; the counting is in :mod:`.counting`, the catalogue of rules in
:mod:`.flra_rules` and :mod:`.cba_rules`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from naij_tracker.domain.kinds import SERVICE_METHODS, MatterKind, label_of

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


ServiceInput = ServiceMethod | str | None | Sequence[ServiceMethod | str]


def parse_services(value: ServiceInput) -> tuple[ServiceMethod, ...]:
    """Every method by which the paper was served on the same day, without repeats, in order.

    Accepts one code, a comma-separated list (``"mail,electronic"``) or a sequence of codes.
    """
    if value is None or isinstance(value, ServiceMethod):
        return (parse_service(value),)
    items = value.split(",") if isinstance(value, str) else list(value)
    methods: list[ServiceMethod] = []
    for item in items:
        if isinstance(item, str) and not item.strip():
            continue
        method = parse_service(item)
        if method not in methods:
            methods.append(method)
    return tuple(methods) or (ServiceMethod.PERSONAL,)


def controlling_service(methods: Iterable[ServiceMethod]) -> ServiceMethod:
    """The method that controls the count when a paper was served several ways on one day.

    The earliest service controls (5 C.F.R. 2425.2(c)(5)): a same-day email, fax or hand
    delivery reaches the party before the mail does, so no mail days are added.
    """
    chosen = list(methods) or [ServiceMethod.PERSONAL]
    no_days = [m for m in chosen if not m.extra_days]
    return no_days[0] if no_days else chosen[0]


# --- periods and rules --------------------------------------------------------------------------


class PeriodUnit(StrEnum):
    DAYS = "days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"


class RunsFrom(StrEnum):
    """What starts a period, which decides whether 5 C.F.R. 2429.22 can add mail days."""

    SERVICE = "service"  # "after service": 2429.22 adds 5 days for mail
    RECEIPT = "receipt"  # "after receiving": no mail days, the officer enters the receipt date
    EVENT = "event"  # an act, an issuance, an execution, an expiry: no mail days


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


#: eFiling closes at 11:59 p.m. Eastern Time on the due day (5 C.F.R. 2429.24(a) as amended by
#: 88 FR 80091, effective 2023-12-18); paper is filed by postmark or delivery that day.
FLRA_FILING_TIME = "11:59 p.m. Eastern Time"
FLRA_FILING_NOTE = (
    "eFiling closes at 11:59 p.m. Eastern Time on the due date (5 C.F.R. 2429.24(a), "
    "88 FR 80091); a paper filing must be postmarked or delivered (by appointment) that day"
)


@dataclass(frozen=True, slots=True)
class DeadlineRule:
    """One time limit: what starts it, how long it runs, what it is called and where it comes from.

    ``period`` is the length counted forward from the trigger, except for a *window* rule
    (``window_opens`` set, e.g. the representation open period): there both periods are counted
    back from the trigger date, ``window_opens`` giving the first day and ``period`` the last.
    ``cba`` marks a rule from the collective bargaining agreement, counted by the CBA's terms
    rather than the FLRA's (no short-period rule). ``runs_from`` says whether the period runs
    from service (mail days may be added), from receipt or from an event (never);
    ``service_adjustable`` is its short form. ``in_force_from``/``in_force_until`` bound the
    dates of the triggering event this version of the rule governs (``None``: open-ended).
    ``filing_time`` is the time of day a filing is due (FLRA eFiling: 11:59 p.m. Eastern).
    A rule may exist in several versions with one id, each in force for its own dates.
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
    runs_from: RunsFrom | None = None
    in_force_from: date | None = None
    in_force_until: date | None = None
    in_force_source: str = ""
    filing_time: str = ""
    #: The period runs "beginning on" the trigger day, which is day 1 (the pre-2010 text of
    #: 5 C.F.R. 2425.1(b)); otherwise the trigger day is not counted (2429.21(a)).
    counts_trigger_day: bool = False
    #: (fact, warning): a warning shown when the matter has the fact, e.g. an adverse action.
    fact_warnings: tuple[tuple[str, str], ...] = ()
    #: Warnings shown with every deadline this rule computes.
    notes: tuple[str, ...] = ()

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
        runs = self.runs_from
        if runs is None:
            runs = RunsFrom.SERVICE if self.service_adjustable else RunsFrom.EVENT
        runs = RunsFrom(runs)
        if self.service_adjustable != (runs is RunsFrom.SERVICE):
            raise DeadlineError(
                f"rule {self.id}: only a period that runs from service can add mail days"
            )
        object.__setattr__(self, "runs_from", runs)
        if self.in_force_from and self.in_force_until and self.in_force_until < self.in_force_from:
            raise DeadlineError(f"rule {self.id}: in force until a date before it starts")
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

    @property
    def from_receipt(self) -> bool:
        return self.runs_from is RunsFrom.RECEIPT

    def describe_period(self) -> str:
        """The period in words, e.g. ``"30 days"`` or ``"105 to 60 days before"``."""
        if self.window_opens is not None:
            return f"{self.window_opens.amount} to {self.period.amount} days before"
        return self.period.describe()

    def in_force_on(self, day: date) -> bool:
        """Whether this version of the rule governs an event on ``day``."""
        if self.in_force_from is not None and day < self.in_force_from:
            return False
        return self.in_force_until is None or day <= self.in_force_until

    def describe_in_force(self) -> str:
        """``"from 2026-04-23"``, ``"to 2026-04-22"``, ``"1979-01-11 to 2026-04-22"``."""
        start = self.in_force_from.isoformat() if self.in_force_from else ""
        end = self.in_force_until.isoformat() if self.in_force_until else ""
        if start and end:
            return f"{start} to {end}"
        if start:
            return f"from {start}"
        if end:
            return f"until {end}"
        return "start not recorded"


@dataclass(frozen=True, slots=True)
class ComputedDeadline:
    """The result of applying a rule to a trigger date: the due date and how it was reached.

    ``alternative``/``alternative_note``: the other date when the law is unsettled (a closure
    day ordered by the President), labelled. ``explanation`` is the whole account as stored and
    printed in packets and calendars (the count, then any warnings); ``account`` the count alone. ``raw_end`` is the last day of the prescribed
    period before any roll or added day. ``warnings`` are things the officer must check.
    """

    rule_id: str
    title: str
    trigger_date: date
    service: ServiceMethod
    due: date
    opens: date | None
    explanation: str
    citation: str
    services: tuple[ServiceMethod, ...] = ()
    raw_end: date | None = None
    alternative: date | None = None
    alternative_note: str = ""
    warnings: tuple[str, ...] = ()
    filing_time: str = ""
    runs_from: RunsFrom = RunsFrom.SERVICE
    ruleset: str = ""
    inputs: dict[str, Any] = field(default_factory=dict)
    #: The count alone; ``explanation`` is the count followed by the warnings (what is stored).
    account: str = ""

    def due_text(self) -> str:
        """``"2026-06-15 (Monday), by 11:59 p.m. Eastern Time"``."""
        from naij_tracker.domain.calendar import weekday_name

        text = f"{self.due.isoformat()} ({weekday_name(self.due)})"
        return f"{text}, by {self.filing_time}" if self.filing_time else text

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: ``rule``, ``title``, ``trigger``, ``service``, ``due``, ``opens``, …"""
        return {
            "rule": self.rule_id,
            "title": self.title,
            "trigger": self.trigger_date.isoformat(),
            "runs_from": self.runs_from.value,
            "service": self.service.value,
            "services": [m.value for m in self.services or (self.service,)],
            "due": self.due.isoformat(),
            "filing_time": self.filing_time or None,
            "opens": self.opens.isoformat() if self.opens else None,
            "alternative": self.alternative.isoformat() if self.alternative else None,
            "alternative_note": self.alternative_note or None,
            "warnings": list(self.warnings),
            "explanation": self.explanation,
            "citation": self.citation,
            "ruleset": self.ruleset,
        }
