"""The dates the FLRA itself computed, and the rules of issue 15, each case citing its source.

Every case is counted by the version of the rule in force on the day of the triggering event
(``get_rule(..., on=trigger)``). The properties at the end hold for every rule, every service
method and every start date from 1990 to 2099.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naij_tracker.domain.calendar import default_calendar
from naij_tracker.domain.deadlines import (
    DEFAULT_CBA_RULES,
    RULESET_VERSION,
    ServiceMethod,
    all_rule_versions,
    compute_deadline,
    get_rule,
    rule_versions,
)

D = date.fromisoformat

# (rule, trigger, services, expected due, source — decision or regulation and paragraph)
# fmt: off
AUTHORITY_CASES: list[tuple[str, str, str, str, str]] = [
    ("arbitration-exceptions", "1987-03-20", "mail", "1987-04-27",
     "27 FLRA No. 3 (1987): 30th day Sat 04-18 -> Mon 04-20, +5 = Sat 04-25 -> Mon 04-27 "
     "(adding first would give Thu 04-23)"),
    ("arbitration-exceptions", "1986-11-15", "mail", "1986-12-22",
     "25 FLRA No. 28 (1986): 30th day Sun 12-14 -> Mon 12-15, +5 = Sat 12-20 -> Mon 12-22"),
    ("arbitration-exceptions", "1986-08-12", "mail", "1986-09-15",
     "24 FLRA No. 14 (1986): 30th day Wed 09-10, +5 = Mon 09-15"),
    ("arbitration-exceptions", "1986-09-24", "mail", "1986-10-28",
     "24 FLRA No. 44 (1986): 30th day Thu 10-23, +5 = Tue 10-28"),
    ("arbitration-exceptions", "1987-12-22", "mail", "1988-01-25",
     "31 FLRA No. 90 (1988): 30 days beginning on service end Wed 01-20, +5 = Mon 01-25"),
    ("reconsideration", "1987-03-25", "mail", "1987-04-13",
     "27 FLRA No. 39 (1987), 5 C.F.R. 2429.17: day 10 Sat 04-04 -> Mon 04-06, +5 = Sat 04-11 "
     "-> Mon 04-13"),
    ("reconsideration", "1993-02-26", "mail", "1993-03-15",
     "47 FLRA No. 47 (1993), 5 C.F.R. 2429.17: Mon 03-08, +5 = Sat 03-13 -> Mon 03-15"),
    ("reconsideration", "1990-12-18", "mail", "1991-01-02",
     "39 FLRA No. 26 (1991), 5 C.F.R. 2429.17: Fri 12-28, +5 = Wed 01-02"),
    ("negotiability-appeal", "1984-02-28", "mail", "1984-03-19",
     "16 FLRA No. 13 (1984), 5 C.F.R. 2424.21(a)(1): 15 days, +5"),
]

ISSUE_CASES: list[tuple[str, str, str, str, str]] = [
    # 1. the mail-day order (5 C.F.R. 2429.21(a), 2429.22)
    ("arbitration-exceptions", "2026-05-07", "mail", "2026-06-15",
     "issue 15 example: 30th day Sat 06-06 -> Mon 06-08, +5 = Sat 06-13 -> Mon 06-15 "
     "(5 C.F.R. 2425.2(b), 2429.21(a), 2429.22)"),
    ("arbitration-exceptions", "2026-05-07", "commercial", "2026-06-15",
     "5 C.F.R. 2429.22: commercial delivery is counted like mail"),
    ("arbitration-exceptions", "2026-05-07", "personal", "2026-06-08",
     "5 C.F.R. 2425.2(b), 2429.21(a): personal service, Saturday rolled to Monday"),
    # 2. periods that run from receipt: no mail days (2424.24(b), 2424.25(b), 2424.26(b))
    ("negotiability-agency-statement", "2026-03-02", "mail", "2026-04-01",
     "5 C.F.R. 2424.24(b): 30 days after the agency head receives the petition"),
    ("negotiability-response", "2026-03-02", "mail", "2026-03-17",
     "5 C.F.R. 2424.25(b): 15 days after the union receives the statement"),
    ("negotiability-agency-reply", "2026-03-02", "mail", "2026-03-17",
     "5 C.F.R. 2424.26(b): 15 days after the agency receives the response"),
    ("fsip-recommendations-response", "2026-03-02", "mail", "2026-04-01",
     "5 C.F.R. 2471.10(a): 30 calendar days after receipt of the recommendations"),
    # 3. same-day service by more than one method (2425.2(c)(5))
    ("arbitration-exceptions", "2026-05-07", "mail,electronic", "2026-06-08",
     "5 C.F.R. 2425.2(c)(5): email the same day as mail -> no days added"),
    ("arbitration-exceptions", "2026-05-07", "personal,mail", "2026-06-08",
     "5 C.F.R. 2425.2(c)(5): in person the same day as mail -> no days added"),
    ("arbitration-exceptions", "2026-05-07", "mail,commercial", "2026-06-15",
     "5 C.F.R. 2429.22: mail and commercial delivery both add 5 days"),
    # 7. the rules that were missing, each checked against the current text
    ("arbitration-opposition", "2026-05-07", "mail", "2026-06-15",
     "5 C.F.R. 2425.3(b): 30 days after the exceptions are served, + 2429.22"),
    ("reconsideration", "2026-05-07", "personal", "2026-05-18",
     "5 C.F.R. 2429.17: 10 days after service, Sun 05-17 -> Mon 05-18"),
    ("judicial-review", "2026-05-07", "mail", "2026-07-06",
     "5 U.S.C. 7123(a): 60 days after the order issued, Mon 07-06; no mail days"),
    ("federal-circuit-award-review", "2026-05-07", "mail", "2026-07-06",
     "5 U.S.C. 7703(b)(1)(A), 7121(f): 60 days, no mail days"),
    ("mspb-appeal", "2026-05-07", "personal", "2026-06-08",
     "5 C.F.R. 1201.22(b)(1): 30 days, Sat 06-06 -> Mon 06-08"),
    ("eeo-counselor-contact", "2026-05-07", "personal", "2026-06-22",
     "29 C.F.R. 1614.105(a)(1): 45 days, Sun 06-21 -> Mon 06-22"),
    ("negotiability-late-allegation", "2026-05-07", "mail", "2026-05-27",
     "5 C.F.R. 2424.21(b)(1): a late allegation starts 15 days again; Fri 05-22, +5 = Wed 05-27"),
    # 6. the 2026 interim rule (91 FR 13933): 60 days from the decision, no mail days
    ("rd-application-for-review", "2026-05-07", "mail", "2026-07-06",
     "5 U.S.C. 7105(f), 5 C.F.R. 2422.35(d): 60 days, Mon 07-06; 2429.22 adds none"),
]
# fmt: on


@pytest.mark.parametrize(("rule_id", "trigger", "services", "expected", "source"),
                         AUTHORITY_CASES + ISSUE_CASES,
                         ids=[f"{c[0]}:{c[1]}:{c[2]}" for c in AUTHORITY_CASES + ISSUE_CASES])
def test_dates_the_authority_would_compute(rule_id: str, trigger: str, services: str,
                                           expected: str, source: str) -> None:
    rule = get_rule(rule_id, on=D(trigger))
    result = compute_deadline(rule, D(trigger), services)
    assert result.due == D(expected), f"{source}\n{result.explanation}"


def test_explanation_walks_through_roll_plus_five_roll() -> None:
    """Source: 27 FLRA No. 3 (1987); 5 C.F.R. 2429.21(a), 2429.22."""
    result = compute_deadline(get_rule("arbitration-exceptions"), D("2026-05-07"), "mail")
    text = result.explanation
    steps = [
        "30 days after 2026-05-07 is 2026-06-06",
        "so the last day moves to Monday 2026-06-08 (2429.21(a))",
        "+5 days for service by mail (2429.22) = Saturday 2026-06-13",
        "so the period runs to Monday 2026-06-15",
    ]
    positions = [text.index(s) for s in steps]
    assert positions == sorted(positions)
    assert result.raw_end == D("2026-06-06")
    assert result.filing_time == "11:59 p.m. Eastern Time"
    assert result.due_text() == "2026-06-15 (Monday), by 11:59 p.m. Eastern Time"


def test_receipt_periods_say_received_on_and_add_nothing() -> None:
    """Source: 5 C.F.R. 2424.25(b); 2429.22 applies only to periods 'after service'."""
    rule = get_rule("negotiability-response")
    assert rule.citation == "5 C.F.R. 2424.25(b)" and rule.from_receipt
    result = compute_deadline(rule, D("2026-03-02"), "mail")
    assert result.explanation.startswith("received on 2026-03-02; 15 days after receipt")
    assert "mail adds no days" in result.explanation
    assert get_rule("negotiability-agency-statement").citation == "5 C.F.R. 2424.24(b)"
    assert get_rule("negotiability-agency-reply").citation == "5 C.F.R. 2424.26(b)"


def test_same_day_service_explains_which_method_controls() -> None:
    """Source: 5 C.F.R. 2425.2(c)(5)."""
    result = compute_deadline(get_rule("arbitration-exceptions"), D("2026-05-07"),
                              ["mail", "electronic"])
    assert result.service is ServiceMethod.ELECTRONIC
    assert result.services == (ServiceMethod.MAIL, ServiceMethod.ELECTRONIC)
    assert "served by mail and electronic means on the same day" in result.explanation
    assert "(2425.2(c)(5))" in result.explanation


def test_corrected_citations() -> None:
    """Sources: 5 C.F.R. 2422.31(a) (60 days), 2424.24(b), 2425.2(b) (time limit)."""
    old_rd = get_rule("rd-application-for-review", on=D("2020-01-02"))
    assert "2422.31(a)" in old_rd.citation and "2422.31(b)" not in old_rd.citation
    assert "2425.2(b)" in get_rule("arbitration-exceptions").description
    assert "2425.2(a)" not in get_rule("arbitration-exceptions").description


def test_closure_days_give_the_earlier_date_and_name_the_later() -> None:
    """Source: 5 C.F.R. 2429.21(a) names only weekends and legal holidays; EO 14371 (2025)."""
    result = compute_deadline(get_rule("arbitration-exceptions"), D("2025-11-24"))
    assert result.due == D("2025-12-24")
    assert result.alternative == D("2025-12-29")
    assert result.alternative_note.startswith(
        "if the Authority treats the closure on 2025-12-24 (Christmas Eve closure)")
    assert result.alternative_note.endswith("Monday 2025-12-29")
    policy = compute_deadline(get_rule("arbitration-exceptions"), D("2025-11-24"),
                              closure_policy="holiday")
    assert (policy.due, policy.alternative) == (D("2025-12-29"), D("2025-12-24"))


def test_nixon_closure_is_listed() -> None:
    """Source: Executive Order 12900 (59 FR 21915): offices closed 1994-04-27."""
    closure = default_calendar().closure_on(D("1994-04-27"))
    assert closure is not None and "12900" in closure.source
    # 5 C.F.R. 2429.17: 10 days after 1994-04-17 is the closure day itself.
    result = compute_deadline(get_rule("reconsideration"), D("1994-04-17"))
    assert (result.due, result.alternative) == (D("1994-04-27"), D("1994-04-28"))
    assert "Richard M. Nixon" in result.alternative_note


def test_shutdown_is_not_a_holiday_but_warns() -> None:
    """A lapse in appropriations (2025-10-01 to 2025-11-12) does not extend a period."""
    result = compute_deadline(get_rule("arbitration-exceptions"), D("2025-09-15"))
    assert result.due == D("2025-10-15")
    assert any("lapse in appropriations" in w and "deadline stands" in w for w in result.warnings)
    assert "Warning:" in result.explanation


def test_interim_rule_2026_for_applications_for_review() -> None:
    """Source: 91 FR 13933 (2026), effective 2026-04-23; 5 C.F.R. 2422.35(a), (d)."""
    versions = rule_versions("rd-application-for-review")
    assert [v.describe_in_force() for v in versions] == ["until 2026-04-22", "from 2026-04-23"]
    new = get_rule("rd-application-for-review", on=D("2026-04-23"))
    assert "2422.35(d)" in new.citation and "91 FR 13933" in new.citation
    result = compute_deadline(new, D("2026-05-07"), "mail")
    assert any("lacks a quorum" in w for w in result.warnings)
    assert get_rule("rd-application-for-review", on=D("2026-04-22")) is versions[0]


def test_adverse_action_awards_warn_about_the_federal_circuit() -> None:
    """Sources: 5 U.S.C. 7121(f), 7122(a), 7703(b)(1)(A)."""
    rule = get_rule("arbitration-exceptions")
    plain = compute_deadline(rule, D("2026-05-07"), "mail")
    assert not plain.warnings
    warned = compute_deadline(rule, D("2026-05-07"), "mail", facts={"adverse_action"})
    assert any("Federal Circuit" in w and "7703(b)(1)(A)" in w for w in warned.warnings)


def test_pre_2010_rule_counts_the_day_of_service() -> None:
    """Source: 5 C.F.R. 2425.1(b) (1984-2010): '30 days beginning on the date the award is
    served'; 75 FR 42283 (2010) changed it to 30 days after (2425.2(b))."""
    assert get_rule("arbitration-exceptions", on=D("2010-09-30")).counts_trigger_day
    assert not get_rule("arbitration-exceptions", on=D("2010-10-01")).counts_trigger_day


def test_every_rule_version_carries_citation_and_in_force_dates() -> None:
    for rule in all_rule_versions():
        assert rule.citation and rule.describe_in_force()
    assert RULESET_VERSION


# --- properties: every rule, every method, every start date 1990-2099 ------------------------

CAL = default_calendar()
FORWARD = [r for r in [*all_rule_versions(), *DEFAULT_CBA_RULES] if not r.is_window]
METHODS = st.lists(st.sampled_from(list(ServiceMethod)), min_size=1, max_size=3, unique=True)


def _in_force_date(rule, data) -> date:  # type: ignore[no-untyped-def]
    first = max(date(1990, 1, 1), rule.in_force_from or date(1990, 1, 1))
    last = min(date(2099, 12, 31), rule.in_force_until or date(2099, 12, 31))
    return data.draw(st.dates(min_value=first, max_value=last))


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(FORWARD), METHODS, st.sampled_from(["earlier", "holiday"]), st.data())
def test_due_is_a_workday_never_before_the_raw_end_and_mail_never_earlier(
    rule, methods, policy, data  # type: ignore[no-untyped-def]
) -> None:
    trigger = _in_force_date(rule, data)
    result = compute_deadline(rule, trigger, methods, CAL, closure_policy=policy)
    # Never a Saturday, Sunday or legal holiday (5 C.F.R. 2429.21(a)); under the 'holiday'
    # policy never a closure day either.
    assert CAL.without_closures().is_working_day(result.due)
    if policy == "holiday":
        assert CAL.is_working_day(result.due)
    assert result.raw_end is not None and result.due >= result.raw_end
    assert result.due > trigger - timedelta(days=1)
    personal = compute_deadline(rule, trigger, "personal", CAL, closure_policy=policy)
    mail = compute_deadline(rule, trigger, "mail", CAL, closure_policy=policy)
    assert mail.due >= personal.due
    assert result.due >= personal.due


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)))
def test_alternative_is_always_later_under_the_earlier_policy(trigger: date) -> None:
    for rule_id in ("arbitration-exceptions", "reconsideration", "negotiability-appeal"):
        result = compute_deadline(get_rule(rule_id, on=trigger), trigger, "mail", CAL)
        if result.alternative is not None:
            assert result.alternative > result.due


def test_shutdown_list_is_read_and_a_bad_entry_named(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from naij_tracker.domain.calendar import (
        ClosureFileError,
        load_builtin_shutdowns,
        load_shutdowns,
    )

    assert any(s.first == D("2013-10-01") and s.last == D("2013-10-16")
               for s in load_builtin_shutdowns())
    bad = tmp_path / "closures.json"
    bad.write_text(json.dumps({"closures": [], "shutdowns": [
        {"first": "2019-01-25", "last": "2018-12-22", "reason": "Lapse", "source": "x"}]}))
    with pytest.raises(ClosureFileError, match=r"closures.json, shutdown 1: .*ends before"):
        load_shutdowns(bad)
    bad.write_text(json.dumps({"closures": []}))
    assert load_shutdowns(bad) == []
