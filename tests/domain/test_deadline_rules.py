"""The deadline engine, case by case, each case naming its rule and its source.

Counting: 5 C.F.R. 2429.21(a) (day of the event not counted; last day rolls past Saturdays,
Sundays, holidays and closures; periods of 7 days or less skip them), 5 C.F.R. 2429.22 (+5 days
for mail or commercial service, then roll). Three cases reproduce dates the Authority itself
computed in published orders.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naij_tracker.domain.calendar import Closure, FederalCalendar, default_calendar
from naij_tracker.domain.deadlines import (
    DEFAULT_CBA_RULES,
    TRIGGERS,
    ComputedDeadline,
    DeadlineError,
    DeadlineRule,
    Period,
    PeriodUnit,
    ServiceMethod,
    UnknownRuleError,
    add_months,
    all_rules,
    builtin_rules,
    cba_rule,
    compute_deadline,
    get_rule,
    parse_service,
    rules_for_trigger,
    triggers_for_kind,
)
from naij_tracker.domain.kinds import SERVICE_METHODS, MatterKind, codes

D = date.fromisoformat
RULES = builtin_rules()
CBA = {r.id: r for r in DEFAULT_CBA_RULES}


def flra_days_rule(days: int, *, adjustable: bool = True) -> DeadlineRule:
    """A period prescribed in days and counted by 5 C.F.R. 2429.21(a) (e.g. a short FLRA period)."""
    return DeadlineRule(
        id=f"flra-{days}",
        name=f"{days}-day FLRA period",
        trigger="paper_served",
        trigger_label="Paper served",
        period=Period(days),
        service_adjustable=adjustable,
        citation="5 C.F.R. 2429.21(a); 5 C.F.R. 2429.22",
        applies_to=(MatterKind.FLRA,),
        deadline_title=f"{days}-day response",
    )


TEST_RULES = {f"flra-{n}": flra_days_rule(n) for n in (3, 5, 7, 8)}
TEST_RULES["cba-5-calendar"] = cba_rule(
    "cba-5-calendar", "5 calendar days", 5, "calendar", "x", "X", "CBA", ["grievance"], "T"
)
TEST_RULES["cba-10-working"] = cba_rule(
    "cba-10-working", "10 working days", 10, "working", "x", "X", "CBA", ["grievance"], "T"
)


def rule(rule_id: str) -> DeadlineRule:
    return RULES.get(rule_id) or CBA.get(rule_id) or TEST_RULES[rule_id]


# (rule, trigger date, service, expected due, why — the rule and its source)
# fmt: off
CASES: list[tuple[str, str, str, str, str]] = [
    # --- 30 days, 5 U.S.C. 7122(b) / 5 C.F.R. 2425.2 ------------------------------------
    ("arbitration-exceptions", "2026-03-02", "mail", "2026-04-06",
     "issue example: 30 days -> 04-01, +5 for mail (2429.22) = 04-06"),
    ("arbitration-exceptions", "2026-03-02", "personal", "2026-04-01",
     "2425.2(b): 30 days after personal service"),
    ("arbitration-exceptions", "2026-03-02", "electronic", "2026-04-01",
     "2429.22 adds nothing for electronic service"),
    ("arbitration-exceptions", "2026-03-02", "commercial", "2026-04-06",
     "2429.22: commercial delivery adds 5 days like mail"),
    ("arbitration-exceptions", "2026-03-05", "personal", "2026-04-06",
     "2429.21(a): last day Saturday 04-04 -> Monday"),
    ("arbitration-exceptions", "2026-03-06", "personal", "2026-04-06",
     "2429.21(a): last day Sunday 04-05 -> Monday"),
    ("arbitration-exceptions", "2026-04-25", "personal", "2026-05-26",
     "2429.21(a): last day Memorial Day (Monday holiday) -> Tuesday"),
    ("arbitration-exceptions", "2026-04-23", "personal", "2026-05-26",
     "2429.21(a): Saturday, Sunday and Memorial Day all skipped"),
    ("arbitration-exceptions", "2026-10-27", "personal", "2026-11-27",
     "2429.21(a): last day Thanksgiving -> Friday (a working day)"),
    ("arbitration-exceptions", "2026-06-03", "personal", "2026-07-06",
     "6103(b): July 4 2026 (Sat) observed Fri 07-03; then the weekend"),
    ("arbitration-exceptions", "2021-12-01", "personal", "2022-01-03",
     "6103(b): New Year's Day 2022 observed Fri 2021-12-31"),
    ("arbitration-exceptions", "2021-11-24", "personal", "2021-12-27",
     "6103(b): Christmas 2021 observed Fri 12-24"),
    ("arbitration-exceptions", "2024-11-24", "personal", "2024-12-24",
     "2429.21(a) names no closures: the EO 14129 closure day itself (12-26 is the alternative)"),
    ("arbitration-exceptions", "2025-11-24", "personal", "2025-12-24",
     "2429.21(a): closure 2025-12-24 (EO 14371) is not a legal holiday; 12-29 the alternative"),
    ("arbitration-exceptions", "2026-03-01", "personal", "2026-03-31",
     "personal service: 30 days lands on a Tuesday"),
    ("arbitration-exceptions", "2026-03-01", "mail", "2026-04-06",
     "2429.22: mail pushes the last day to Sunday 04-05 -> Monday"),
    ("arbitration-exceptions", "2020-05-20", "personal", "2020-06-19",
     "Juneteenth was not a federal holiday before 2021"),
    ("arbitration-exceptions", "2021-05-19", "personal", "2021-06-21",
     "Juneteenth 2021 observed Fri 06-18, then the weekend"),
    ("arbitration-exceptions", "2022-05-21", "personal", "2022-06-21",
     "Juneteenth 2022 (Sun) observed Mon 06-20"),
    ("arbitration-exceptions", "2016-12-21", "personal", "2017-01-20",
     "Inauguration Day 2017 is not a nationwide holiday (6103(c))"),
    ("arbitration-exceptions", "2023-10-11", "personal", "2023-11-13",
     "6103(b): Veterans Day 2023 (Sat) observed Fri 11-10, then the weekend"),
    ("arbitration-exceptions", "2026-09-12", "personal", "2026-10-13",
     "2429.21(a): Columbus Day -> Tuesday"),
    # --- 15 days, 5 C.F.R. 2424.21 --------------------------------------------------------
    ("negotiability-appeal", "1984-02-28", "mail", "1984-03-19",
     "16 FLRA No. 13 (1984): served by mail 02-28 (leap year), due 03-19"),
    ("negotiability-appeal-disapproval", "1986-04-15", "mail", "1986-05-05",
     "21 FLRA No. 110 (1986): disapproval mailed 04-15, due 05-05"),
    ("negotiability-appeal", "2026-02-27", "mail", "2026-03-23",
     "2429.21(a) then 2429.22 (27 FLRA No. 3): day 15 Sat 03-14 -> Mon 03-16, +5 = Sat 03-21 "
     "-> Mon 03-23"),
    ("negotiability-appeal", "2026-02-27", "personal", "2026-03-16",
     "2429.21(a): day 15 is Saturday 03-14 -> Monday"),
    ("negotiability-appeal", "2024-12-25", "personal", "2025-01-09",
     "closure 2025-01-09 (EO 14133) is not a legal holiday: earlier date; 01-10 alternative"),
    ("negotiability-appeal", "2018-11-20", "personal", "2018-12-05",
     "closure 2018-12-05 (EO 13852) is not a legal holiday: earlier date; 12-06 alternative"),
    # --- 6 months, 5 U.S.C. 7118(a)(4)(A) -------------------------------------------------
    ("ulp-charge", "2025-08-31", "personal", "2026-03-02",
     "month-end clamp: Aug 31 + 6 months = Feb 28 2026 (Sat) -> Monday"),
    ("ulp-charge", "2023-08-31", "personal", "2024-02-29",
     "leap year: Aug 31 + 6 months = Feb 29 2024"),
    ("ulp-charge", "2024-02-29", "personal", "2024-08-29",
     "leap day as the act: same day-number six months later"),
    ("ulp-charge", "2024-03-31", "personal", "2024-09-30",
     "month-end clamp: September has 30 days"),
    ("ulp-charge", "2026-03-07", "personal", "2026-09-08",
     "2429.21(a): six months lands on Labor Day -> Tuesday"),
    ("ulp-charge", "2026-03-02", "mail", "2026-09-02",
     "the 6-month period runs from the act, not service: no mailing days"),
    # --- other FLRA rules -----------------------------------------------------------------
    ("agency-head-review", "2026-06-05", "personal", "2026-07-06",
     "5 U.S.C. 7114(c)(2): 30 days lands on a Sunday -> Monday"),
    ("agency-head-review", "2026-06-04", "personal", "2026-07-06",
     "5 U.S.C. 7114(c)(2): 30 days lands on July 4 (Saturday) -> Monday"),
    ("alj-exceptions", "2026-01-02", "personal", "2026-01-27",
     "5 C.F.R. 2423.40(a): 25 days after service"),
    ("alj-exceptions", "2026-01-02", "mail", "2026-02-02",
     "2423.40(a) + 2429.22: 30th day is Sunday 02-01 -> Monday"),
    ("alj-exceptions", "2025-12-25", "personal", "2026-01-20",
     "2423.40(a): 25 days lands on Martin Luther King Jr. Day -> Tuesday"),
    ("rd-application-for-review", "2026-03-02", "mail", "2026-05-01",
     "5 C.F.R. 2422.31(a): 60 days; 2429.22 excludes it from the 5 mailing days"),
    ("negotiability-response", "2026-03-02", "mail", "2026-03-17",
     "5 C.F.R. 2424.25(b): 15 days after receipt; 2429.22 adds days only after service"),
    ("negotiability-agency-statement", "2026-03-02", "mail", "2026-04-01",
     "5 C.F.R. 2424.24(b): 30 days after the agency head receives the petition; no mail days"),
    # --- periods of 7 days or less, 5 C.F.R. 2429.21(a) -----------------------------------
    ("flra-5", "2026-03-05", "personal", "2026-03-12",
     "2429.21(a): 5 days skip the intermediate weekend (not 03-10)"),
    ("flra-5", "2026-05-22", "personal", "2026-06-01",
     "2429.21(a): 5 days skip the weekend and Memorial Day"),
    ("flra-7", "2026-11-23", "personal", "2026-12-03",
     "2429.21(a): 7 days skip Thanksgiving and the weekend"),
    ("flra-3", "2025-12-23", "personal", "2025-12-29",
     "2429.21(a): 3 days skip Christmas and the weekend; closures counted (12-31 alternative)"),
    ("flra-8", "2026-03-05", "personal", "2026-03-13",
     "2429.21(a): 8 days is more than 7, so calendar days"),
    ("flra-5", "2026-03-05", "mail", "2026-03-17",
     "2429.21(a) + 2429.22: 5 working days to 03-12, +5 calendar days"),
    # --- CBA rules (as configured) --------------------------------------------------------
    ("cba-5-calendar", "2026-03-05", "personal", "2026-03-10",
     "CBA calendar days: no 7-day rule, 5 days lands on a Tuesday"),
    ("cba-5-calendar", "2026-03-05", "mail", "2026-03-10",
     "CBA rule: mail service adds nothing unless configured"),
    ("cba-10-working", "2026-05-22", "personal", "2026-06-08",
     "CBA working days: weekends and Memorial Day not counted"),
    ("cba-grievance-filing", "2026-10-27", "personal", "2026-11-27",
     "CBA default 30 calendar days, Thanksgiving -> Friday"),
    ("cba-step-appeal", "2026-12-10", "personal", "2026-12-28",
     "CBA default 15 calendar days, Christmas (Fri) -> Monday"),
]
# fmt: on


@pytest.mark.parametrize(
    ("rule_id", "trigger", "service", "expected", "why"),
    CASES,
    ids=[f"{c[0]}:{c[1]}:{c[2]}" for c in CASES],
)
def test_table(rule_id: str, trigger: str, service: str, expected: str, why: str) -> None:
    rule_ = get_rule(rule_id, on=D(trigger)) if rule_id in RULES else rule(rule_id)
    result = compute_deadline(rule_, D(trigger), service)
    assert result.due == D(expected), f"{why}\n{result.explanation}"
    assert result.opens is None
    assert result.rule_id == rule_id
    assert result.trigger_date == D(trigger)
    assert result.service == ServiceMethod(service)


# (expiration date, opens, last day to file, why) — 5 C.F.R. 2422.12(c), 2429.21(a)
# fmt: off
OPEN_PERIOD_CASES = [
    ("2026-09-30", "2026-06-17", "2026-07-31",
     "60th day before is Sat 08-01: file by the last workday before it (2429.21(a))"),
    ("2026-10-01", "2026-06-18", "2026-07-31",
     "60th day before is Sun 08-02: back over the whole weekend to Friday"),
    ("2027-01-01", "2026-09-18", "2026-11-02",
     "60th day before is a Monday: no adjustment"),
    ("2026-11-06", "2026-07-24", "2026-09-04",
     "60th day before is Labor Day: back to Friday"),
]
# fmt: on


@pytest.mark.parametrize(("expires", "opens", "last", "why"), OPEN_PERIOD_CASES)
def test_representation_open_period(expires: str, opens: str, last: str, why: str) -> None:
    result = compute_deadline(RULES["representation-open-period"], D(expires))
    assert (result.opens, result.due) == (D(opens), D(last)), f"{why}\n{result.explanation}"


def test_open_period_ignores_service_method() -> None:
    rule_ = RULES["representation-open-period"]
    assert compute_deadline(rule_, D("2026-09-30"), "mail").due == D("2026-07-31")


# --- explanations -----------------------------------------------------------------------------


def test_explanation_mail() -> None:
    result = compute_deadline(RULES["arbitration-exceptions"], D("2026-03-02"), "mail")
    assert result.explanation == (
        "30 days after 2026-03-02 is 2026-04-01; +5 days for service by mail (2429.22) = "
        "Monday 2026-04-06; eFiling closes at 11:59 p.m. Eastern Time on the due date "
        "(5 C.F.R. 2429.24(a), 88 FR 80091)"
    )
    assert result.citation.startswith("5 U.S.C. 7122(b)")
    assert result.title == "File exceptions to arbitration award"


def test_explanation_roll() -> None:
    result = compute_deadline(RULES["arbitration-exceptions"], D("2026-03-05"))
    assert result.explanation == (
        "30 days after 2026-03-05 is 2026-04-04; 2026-04-04 is a Saturday and 2026-04-05 a "
        "Sunday, so the period runs to Monday 2026-04-06; eFiling closes at 11:59 p.m. Eastern "
        "Time on the due date (5 C.F.R. 2429.24(a), 88 FR 80091)"
    )


def test_explanation_names_holidays_and_closures() -> None:
    result = compute_deadline(RULES["arbitration-exceptions"], D("2025-11-24"),
                              closure_policy="holiday")
    text = result.explanation
    assert "2025-12-24 is a federal closure (Christmas Eve closure)" in text
    assert "2025-12-25 Christmas Day (federal holiday)" in text
    assert "so the period runs to Monday 2025-12-29" in text
    assert result.due == D("2025-12-29") and result.alternative == D("2025-12-24")
    assert "if the Authority does not treat the closure on 2025-12-24" in text


def test_explanation_month_clamp_and_open_period() -> None:
    text = compute_deadline(RULES["ulp-charge"], D("2025-08-31")).explanation
    assert text.startswith("6 months after 2025-08-31 is 2026-02-28 (February 2026 has no day 31")
    window = compute_deadline(RULES["representation-open-period"], D("2026-09-30")).explanation
    assert "starts 105 days before, on 2026-06-17" in window
    assert "last working day before it, Friday 2026-07-31" in window


def test_as_dict_is_json_ready() -> None:
    import json

    result = compute_deadline(RULES["representation-open-period"], D("2026-09-30"))
    data = json.loads(json.dumps(result.as_dict()))
    assert data["rule"] == "representation-open-period"
    assert (data["opens"], data["due"]) == ("2026-06-17", "2026-07-31")
    assert data["explanation"]


# --- the catalogue ------------------------------------------------------------------------------


def test_required_rules_exist_with_citations() -> None:
    for rule_id, cite in [
        ("ulp-charge", "7118(a)(4)(A)"),
        ("arbitration-exceptions", "2425.2"),
        ("negotiability-appeal", "2424.21"),
        ("agency-head-review", "7114(c)"),
        ("representation-open-period", "2422.12(c)"),
    ]:
        assert cite in RULES[rule_id].citation
    assert RULES["ulp-charge"].period == Period(6, PeriodUnit.MONTHS)
    assert RULES["representation-open-period"].is_window
    assert all(r.trigger in TRIGGERS for r in RULES.values())
    assert all(r.trigger in TRIGGERS for r in DEFAULT_CBA_RULES)


def test_rules_for_trigger() -> None:
    ids = [r.id for r in rules_for_trigger("award_served", MatterKind.GRIEVANCE)]
    assert ids == ["arbitration-exceptions"]
    assert rules_for_trigger("award_served", "bargaining") == []
    cba = [r.id for r in rules_for_trigger("grievable_event", "grievance", DEFAULT_CBA_RULES)]
    assert cba == ["cba-grievance-filing"]
    assert rules_for_trigger("grievable_event", "grievance") == []
    with pytest.raises(DeadlineError, match="unknown matter kind"):
        rules_for_trigger("award_served", "lawsuit")


def test_triggers_for_kind() -> None:
    triggers = triggers_for_kind("bargaining", DEFAULT_CBA_RULES)
    assert "agreement_executed" in triggers and "agency_notice_received" in triggers
    assert "award_served" not in triggers


def test_get_rule_suggests_close_matches() -> None:
    assert get_rule("ULP-charge").id == "ulp-charge"
    with pytest.raises(UnknownRuleError, match="did you mean arbitration-exceptions") as info:
        get_rule("arbitration-exception")
    assert "\n" not in str(info.value)
    with pytest.raises(UnknownRuleError, match="known rules: "):
        get_rule("zzzz")
    assert get_rule("cba-step-answer", DEFAULT_CBA_RULES).cba


def test_extra_rules_cannot_shadow_builtins() -> None:
    clash = cba_rule("ulp-charge", "x", 5, "calendar", "t", "T", "CBA", ["grievance"], "T")
    with pytest.raises(DeadlineError, match="reserved"):
        all_rules([clash])
    with pytest.raises(DeadlineError, match="defined twice"):
        all_rules([DEFAULT_CBA_RULES[0], DEFAULT_CBA_RULES[0]])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"day_type": "fortnights"}, "must be 'calendar' or 'working'"),
        ({"days": 0}, "whole number from 1 to 730"),
        ({"days": "10"}, "whole number from 1 to 730"),
        ({"id": "Bad Id!"}, "rule id"),
        ({"trigger": "Has Space"}, "trigger code"),
        ({"applies_to": ["lawsuit"]}, "unknown matter kind"),
        ({"applies_to": []}, "names no kind"),
        ({"deadline_title": "  "}, "deadline title is empty"),
    ],
)
def test_cba_rule_validation(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {
        "id": "cba-x",
        "name": "X",
        "days": 10,
        "day_type": "working",
        "trigger": "grievance_filed",
        "trigger_label": "Grievance filed",
        "citation": "CBA Art. 12, as configured",
        "applies_to": ["grievance"],
        "deadline_title": "Answer due",
    }
    args.update(kwargs)
    with pytest.raises(DeadlineError, match=message):
        cba_rule(**args)  # type: ignore[arg-type]


def test_period_and_service_validation() -> None:
    with pytest.raises(DeadlineError, match="unit"):
        Period(3, "weeks")  # type: ignore[arg-type]
    with pytest.raises(DeadlineError, match="at least 1"):
        Period(-1)
    assert Period(1, "working_days").describe() == "1 working day"  # type: ignore[arg-type]
    assert parse_service(None) is ServiceMethod.PERSONAL
    assert parse_service(" MAIL ") is ServiceMethod.MAIL
    assert ServiceMethod.MAIL.extra_days == 5 and ServiceMethod.ELECTRONIC.extra_days == 0
    assert ServiceMethod.COMMERCIAL.label == "Commercial delivery"
    assert [m.value for m in ServiceMethod] == list(codes(SERVICE_METHODS))
    with pytest.raises(DeadlineError, match="unknown service method 'fax'"):
        compute_deadline(RULES["arbitration-exceptions"], D("2026-03-02"), "fax")


def test_impossible_input_gives_one_line_errors() -> None:
    rule_ = RULES["arbitration-exceptions"]
    with pytest.raises(DeadlineError, match="must be a date"):
        compute_deadline(rule_, datetime(2026, 3, 2, 9))
    with pytest.raises(DeadlineError, match="must be a date"):
        compute_deadline(rule_, "2026-03-02")  # type: ignore[arg-type]
    with pytest.raises(DeadlineError, match="covers 1979-2107 only") as info:
        compute_deadline(rule_, D("2107-12-15"))
    assert "\n" not in str(info.value)
    with pytest.raises(DeadlineError, match="covers"):
        compute_deadline(RULES["ulp-charge"], D("1970-01-01"))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(RULES)), st.dates(), st.sampled_from(codes(SERVICE_METHODS)))
def test_any_date_gives_a_deadline_or_a_one_line_refusal(rule_id: str, trigger: date,
                                                         service: str) -> None:
    """Whatever date is typed (the command line takes any YYYY-MM-DD, up to 9999-12-31), the
    answer is a deadline inside the calendar or a DeadlineError naming it: never an overflow."""
    try:
        result = compute_deadline(RULES[rule_id], trigger, service)
    except DeadlineError as exc:
        assert "\n" not in str(exc)
        assert "outside the federal calendar, which covers 1979-2107 only" in str(exc)
        # Refused only when the trigger, or the deadline counted from it, leaves the calendar.
        assert not 1980 <= trigger.year <= 2106
        return
    assert 1979 <= trigger.year <= 2107
    assert default_calendar().covers(result.due)


def test_window_rule_must_open_before_it_closes() -> None:
    with pytest.raises(DeadlineError, match="open before it closes"):
        DeadlineRule(
            id="w",
            name="w",
            trigger="agreement_expires",
            trigger_label="x",
            period=Period(105),
            window_opens=Period(60),
            service_adjustable=False,
            citation="c",
            applies_to=(MatterKind.FLRA,),
            deadline_title="t",
        )


def test_add_months() -> None:
    assert add_months(D("2026-01-31"), 1) == D("2026-02-28")
    assert add_months(D("2028-01-31"), 1) == D("2028-02-29")
    assert add_months(D("2026-12-15"), 1) == D("2027-01-15")
    assert add_months(D("2026-10-31"), 6) == D("2027-04-30")


def test_calendar_with_database_closures_is_used() -> None:
    snow = Closure(D("2026-04-01"), "Snow emergency", "OPM announcement")
    cal = default_calendar().with_closures([snow])
    result = compute_deadline(RULES["arbitration-exceptions"], D("2026-03-02"), calendar=cal,
                              closure_policy="holiday")
    assert result.due == D("2026-04-02")
    assert "federal closure (Snow emergency)" in result.explanation
    earlier = compute_deadline(RULES["arbitration-exceptions"], D("2026-03-02"), calendar=cal)
    assert (earlier.due, earlier.alternative) == (D("2026-04-01"), D("2026-04-02"))


# --- properties -------------------------------------------------------------------------------

CAL = default_calendar()
FORWARD_RULES = [r for r in [*RULES.values(), *DEFAULT_CBA_RULES] if not r.is_window]
trigger_dates = st.dates(min_value=date(1980, 1, 1), max_value=date(2106, 6, 30))
services = st.sampled_from(list(ServiceMethod))


def plain_count(rule_: DeadlineRule, trigger: date) -> date:
    if rule_.period.unit is PeriodUnit.MONTHS:
        return add_months(trigger, rule_.period.amount)
    return trigger + timedelta(days=rule_.period.amount)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(FORWARD_RULES), trigger_dates, services)
def test_due_is_a_working_day_and_never_before_the_plain_count(
    rule_: DeadlineRule, trigger: date, service: ServiceMethod
) -> None:
    result: ComputedDeadline = compute_deadline(rule_, trigger, service, CAL,
                                                closure_policy="holiday")
    assert CAL.is_working_day(result.due)
    assert result.due >= plain_count(rule_, trigger)
    assert result.due > trigger


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(FORWARD_RULES), trigger_dates, st.sampled_from(["mail", "commercial"]))
def test_mail_service_never_makes_a_deadline_earlier(
    rule_: DeadlineRule, trigger: date, service: str
) -> None:
    personal = compute_deadline(rule_, trigger, "personal", CAL).due
    assert compute_deadline(rule_, trigger, service, CAL).due >= personal


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=7), trigger_dates, services)
def test_short_periods_give_at_least_that_many_working_days(
    days: int, trigger: date, service: ServiceMethod
) -> None:
    result = compute_deadline(flra_days_rule(days), trigger, service, CAL,
                              closure_policy="holiday")
    assert CAL.working_days_between(trigger, result.due) >= days
    assert CAL.is_working_day(result.due)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1980, 6, 1), max_value=date(2107, 12, 31)))
def test_open_period_last_day_is_a_working_day_inside_the_window(expires: date) -> None:
    result = compute_deadline(RULES["representation-open-period"], expires, calendar=CAL,
                              closure_policy="holiday")
    assert result.opens == expires - timedelta(days=105)
    assert CAL.is_working_day(result.due)
    assert result.opens <= result.due <= expires - timedelta(days=60)


def test_every_builtin_rule_computes_for_a_recent_date() -> None:
    cal = FederalCalendar(default_calendar().closures)
    for rule_ in RULES.values():
        assert compute_deadline(rule_, D("2026-03-02"), "mail", cal).explanation


def test_domain_modules_import_no_qt_and_no_sqlalchemy() -> None:
    import subprocess
    import sys

    code = (
        "import sys, naij_tracker.domain.deadlines, naij_tracker.domain.calendar;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy')];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
