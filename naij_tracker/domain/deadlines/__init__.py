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
  are closed. Whether a closure ordered by the President extends a period is not settled: the
  engine counts both ways and shows the earlier date with the later as a labelled alternative,
  unless the union's policy says otherwise (:data:`CLOSURE_POLICIES`). A shutdown is not a
  holiday; a deadline that falls in one carries a warning.
* **Periods of 7 days or less** (5 C.F.R. 2429.21(a)) — intermediate Saturdays, Sundays and
  holidays are not counted, i.e. the period is counted in working days.
* **5 C.F.R. 2429.22** — when the period runs from *service* of a paper and the paper was served
  by first-class mail or commercial delivery, 5 days are added. The Authority rolls first and
  adds after: the last day of the prescribed period is moved off a Saturday, Sunday or holiday,
  then 5 days are added, then that day is moved off a non-workday again (27 FLRA No. 3 (1987):
  30th day Saturday 1987-04-18 → Monday 04-20, + 5 = Saturday 04-25 → Monday 04-27; the
  2429.21 step list ends "unless you are entitled to an additional 5 days under § 2429.22").
  2429.22 does not apply to an application for review of a Regional Director's decision
  (5 C.F.R. 2422.31), to periods that run from *receipt* (2424.24(b), 2424.25(b), 2424.26(b),
  2471.10(a): the officer enters the day the paper was received) or from an event (the 6-month
  ULP charge period runs from the act), nor where an extension of time was granted. A paper
  served by email, fax or in person on the same day as by mail gets no added days: the earliest
  service controls (2425.2(c)(5)).
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

Rules carry the dates of the events they govern and :data:`RULESET_VERSION` names the whole
catalogue; every computed deadline records both with its inputs, so a change of rules, closures
or CBA limits can be shown as a review of the open deadlines it would move.

The package: :mod:`.model` (service methods, periods, rules, results), :mod:`.flra_rules` (the
statutory and regulatory rules), :mod:`.cba_rules` (the CBA's, configured by the officer),
:mod:`.catalogue` (finding rules) and :mod:`.counting` (the count itself).
"""

from __future__ import annotations

from naij_tracker.domain.deadlines.catalogue import (
    all_rule_versions,
    all_rules,
    builtin_rules,
    filing_time_for,
    get_rule,
    rule_versions,
    rules_for_trigger,
    triggers_for_kind,
)
from naij_tracker.domain.deadlines.cba_rules import DEFAULT_CBA_RULES, cba_rule
from naij_tracker.domain.deadlines.counting import (
    CLOSURE_POLICIES,
    CLOSURE_POLICY_EARLIER,
    CLOSURE_POLICY_HOLIDAY,
    add_months,
    compute_deadline,
)
from naij_tracker.domain.deadlines.flra_rules import RULESET_VERSION, TRIGGERS
from naij_tracker.domain.deadlines.model import (
    FLRA_FILING_NOTE,
    FLRA_FILING_TIME,
    MAIL_DAYS,
    SHORT_PERIOD_DAYS,
    ComputedDeadline,
    DeadlineError,
    DeadlineRule,
    Period,
    PeriodUnit,
    RunsFrom,
    ServiceMethod,
    UnknownRuleError,
    controlling_service,
    parse_service,
    parse_services,
)

__all__ = [
    "CLOSURE_POLICIES",
    "CLOSURE_POLICY_EARLIER",
    "CLOSURE_POLICY_HOLIDAY",
    "DEFAULT_CBA_RULES",
    "FLRA_FILING_NOTE",
    "FLRA_FILING_TIME",
    "MAIL_DAYS",
    "RULESET_VERSION",
    "SHORT_PERIOD_DAYS",
    "TRIGGERS",
    "ComputedDeadline",
    "DeadlineError",
    "DeadlineRule",
    "Period",
    "PeriodUnit",
    "RunsFrom",
    "ServiceMethod",
    "UnknownRuleError",
    "add_months",
    "all_rule_versions",
    "all_rules",
    "builtin_rules",
    "cba_rule",
    "compute_deadline",
    "controlling_service",
    "filing_time_for",
    "get_rule",
    "parse_service",
    "parse_services",
    "rule_versions",
    "rules_for_trigger",
    "triggers_for_kind",
]
