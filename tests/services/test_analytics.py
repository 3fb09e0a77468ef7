"""Grievance analytics checked figure by figure against a small database counted by hand."""

from __future__ import annotations

from datetime import date

import pytest

from naij_tracker.db.opening import Database
from naij_tracker.domain import clock
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.analytics import (
    AnalyticsFilter,
    compute_analytics,
    median,
    percentile,
    suppress_small,
)
from naij_tracker.services.deadlines import DeadlineService
from naij_tracker.services.matters import MatterService
from naij_tracker.services.people import PeopleService

NR = "(not recorded)"

#: number, court, article, issue, step, status, filed, closed   (days to resolution)
GRIEVANCES = [
    ("G1", "Miami", "Art. 12", "Leave", "step1", "sustained", date(2026, 1, 1), date(2026, 1, 11)),   # 10
    ("G2", "Miami", "Art. 12", "Leave", "step2", "settled", date(2026, 1, 1), date(2026, 1, 31)),     # 30
    ("G3", "Miami", "Art. 15", "Pay", "step2", "denied", date(2026, 2, 1), date(2026, 3, 3)),         # 30
    ("G4", "Boston", "Art. 15", "Pay", "step3", "withdrawn", date(2026, 2, 1), date(2026, 2, 21)),    # 20
    ("G5", "Boston", None, "Leave", "step1", "open", date(2026, 3, 1), None),
    ("G6", "Boston", "Art. 12", "Pay", "arbitration", "arbitration", date(2026, 4, 1), None),
    ("G7", None, "Art. 12", "Leave", "step1", "denied", date(2026, 3, 1), date(2026, 3, 11)),         # 10
]


@pytest.fixture()
def counted(db: Database) -> Database:
    matters = MatterService(db, "t")
    ids = {}
    for number, court, article, issue, step, status, filed, closed in GRIEVANCES:
        ids[number] = matters.create("grievance", {
            "title": f"Grievance {number}", "grievance_number": number, "court": court,
            "cba_article": article, "issue_category": issue, "step": step, "status": status,
            "filed_on": filed, "closed_on": closed})
    bargaining = matters.create("bargaining", {"title": "Telework", "subject": "Telework",
                                               "bargaining_type": "substantive"})
    deadlines = DeadlineService(db, "t")
    met = deadlines.add_manual(ids["G1"], "Step 2 appeal", date(2026, 1, 10))
    deadlines.mark_done(met, date(2026, 1, 9))
    late = deadlines.add_manual(ids["G1"], "Reply", date(2026, 1, 20))
    deadlines.mark_done(late, date(2026, 1, 22))
    deadlines.add_manual(ids["G5"], "Step 1 answer", date(2026, 11, 1))     # overdue
    deadlines.add_manual(ids["G5"], "Step 2 appeal", date(2026, 12, 20))    # not yet due
    on_day = deadlines.add_manual(bargaining, "Demand", date(2026, 5, 1))
    deadlines.mark_done(on_day, date(2026, 5, 1))                           # met on the day
    people = PeopleService(db, "t")
    metric = people.create_metric({"name": "Case completions", "target": 700,
                                   "effective_on": date(2018, 10, 1),
                                   "suspended_on": date(2021, 10, 1)})
    for opened in (date(2019, 3, 1), date(2019, 6, 1), date(2022, 1, 5)):
        matters.create("metric_dispute", {"title": f"Quota {opened}", "metric_id": metric,
                                          "opened_on": opened})
    return db


def rows(a, key):  # noqa: ANN001, ANN201 - test helper
    return list(a.table(key).rows)


def test_counts_by_court_article_issue_and_step(counted: Database) -> None:
    a = compute_analytics(counted, today=clock.today())
    assert a.grievances == 7
    assert rows(a, "court") == [(NR, 0, 1, 1), ("Boston", 2, 1, 3), ("Miami", 0, 3, 3)]
    assert rows(a, "article") == [(NR, 1, 0, 1), ("Art. 12", 1, 3, 4), ("Art. 15", 0, 2, 2)]
    assert rows(a, "issue") == [("Leave", 1, 3, 4), ("Pay", 1, 2, 3)]
    assert rows(a, "step") == [("Step 1", 1, 2, 3), ("Step 2", 0, 2, 2), ("Step 3", 0, 1, 1),
                               ("Arbitration", 1, 0, 1)]


def test_outcomes_and_win_rate(counted: Database) -> None:
    a = compute_analytics(counted)
    assert rows(a, "outcomes") == [("Sustained", 1, "20%"), ("Settled", 1, "20%"),
                                   ("Denied", 2, "40%"), ("Withdrawn", 1, "20%")]
    # (sustained + settled) / (sustained + settled + denied) = 2 / 4; withdrawn is not decided
    assert a.win_rate == 0.5 and a.decided == 4
    assert "50% (2 of 4 decided)" in a.table("outcomes").note


def test_days_to_resolution_median_and_90th_percentile(counted: Database) -> None:
    a = compute_analytics(counted)
    # all: 10, 10, 20, 30, 30 -> median 20, 90th percentile the 5th value (⌈4.5⌉) = 30
    assert rows(a, "durations") == [("All closed grievances", 5, 20, 30),
                                    ("Closed at Step 1", 2, 10, 10),
                                    ("Closed at Step 2", 2, 30, 30),
                                    ("Closed at Step 3", 1, 20, 20)]
    # created at their step and closed there: the whole time is time at that step
    assert rows(a, "step_days") == [("Step 1", 2, 10, 10), ("Step 2", 2, 30, 30),
                                    ("Step 3", 1, 20, 20)]


def test_days_at_each_step_from_recorded_changes(db: Database) -> None:
    matters = MatterService(db, "t")
    with clock.fixed(date(2026, 1, 5)):
        moved = matters.create("grievance", {"title": "Moves up", "grievance_number": "S1",
                                             "filed_on": date(2026, 1, 1)})
        still = matters.create("grievance", {"title": "Still open", "grievance_number": "S2",
                                             "filed_on": date(2026, 1, 1)})
    with clock.fixed(date(2026, 1, 11)):
        matters.update(moved, {"step": "step2"})     # 10 days at step 1
    with clock.fixed(date(2026, 1, 21)):
        matters.update(still, {"step": "step2"})     # 20 days at step 1, step 2 not over
    with clock.fixed(date(2026, 1, 31)):
        matters.update(moved, {"step": "step3"})     # 20 days at step 2
    with clock.fixed(date(2026, 2, 10)):
        matters.close(moved, "settled")               # 10 days at step 3
    a = compute_analytics(db)
    assert rows(a, "step_days") == [("Step 1", 2, 15, 20), ("Step 2", 1, 20, 20),
                                    ("Step 3", 1, 10, 10)]


def test_deadlines_met_missed_and_overdue(counted: Database) -> None:
    a = compute_analytics(counted, today=date(2026, 12, 2))
    assert rows(a, "deadlines") == [("Bargaining", 1, 0, 0, 0), ("Grievances", 1, 1, 1, 1),
                                    ("All kinds", 2, 1, 1, 1)]


def test_metric_disputes_per_year_against_the_catalogue(counted: Database) -> None:
    a = compute_analytics(counted)
    span = "in force from 2018-10-01, suspended 2021-10-01"
    assert rows(a, "disputes") == [("Case completions 2019", 2, "in force", span),
                                   ("Case completions 2022", 1, "suspended", span)]


def test_filters_by_court_article_dates_and_kind(counted: Database) -> None:
    boston = compute_analytics(counted, AnalyticsFilter(court="Boston"), today=date(2026, 12, 2))
    assert rows(boston, "step") == [("Step 1", 1, 0, 1), ("Step 3", 0, 1, 1),
                                    ("Arbitration", 1, 0, 1)]
    assert boston.win_rate is None  # G4 was withdrawn: nothing decided
    assert rows(boston, "deadlines") == [("Grievances", 0, 0, 1, 1), ("All kinds", 0, 0, 1, 1)]
    assert rows(boston, "disputes") == []
    art12 = compute_analytics(counted, AnalyticsFilter(article="Art. 12"))
    assert rows(art12, "court") == [(NR, 0, 1, 1), ("Boston", 1, 0, 1), ("Miami", 0, 2, 2)]
    assert art12.win_rate == pytest.approx(2 / 3)
    spring = compute_analytics(counted, AnalyticsFilter(date_from=date(2026, 2, 1),
                                                        date_to=date(2026, 3, 31)))
    assert rows(spring, "court") == [(NR, 0, 1, 1), ("Boston", 1, 1, 2), ("Miami", 0, 1, 1)]
    disputes_only = compute_analytics(counted, AnalyticsFilter(kind=MatterKind.METRIC_DISPUTE))
    assert [t.key for t in disputes_only.tables] == ["deadlines", "disputes"]
    assert [t.key for t in boston.tables] == ["court", "article", "issue", "step", "outcomes",
                                              "durations", "step_days", "deadlines",
                                              "disputes"]
    assert rows(disputes_only, "deadlines") == []


def test_small_groups_are_suppressed_for_an_aggregate_audience(counted: Database) -> None:
    a = suppress_small(compute_analytics(counted), 2, {"Miami": 2, "Boston": 1})
    assert rows(a, "court") == [("Miami", 0, 3, 3),
                                ("Other courts", 2, 2, 4)]
    assert rows(a, "step")[2] == ("Step 3", 0, "fewer than 2", "fewer than 2")
    # open 1 of 4: the closed count is withheld too, or 4 - 3 would give the 1 away
    assert rows(a, "article")[1] == ("Art. 12", "fewer than 2", "withheld", 4)
    assert rows(a, "outcomes")[0] == ("Sustained", "fewer than 2", "withheld")
    # won of decided would give the hidden outcomes away
    assert a.win_rate is None and a.table("outcomes").note.startswith("The win rate is withheld")
    # a column adds up to a total printed elsewhere: no column keeps exactly one hidden cell
    for key in ("court", "article", "issue", "step"):
        for col in (1, 2, 3):
            cells = [r[col] for r in rows(a, key)]
            assert sum(isinstance(v, str) for v in cells) != 1, (key, col, cells)


def test_median_and_percentile_definitions() -> None:
    assert median([]) is None and percentile([], 90) is None
    assert median([1, 2, 3, 4]) == 2.5 and median([5]) == 5
    assert percentile(list(range(1, 11)), 90) == 9 and percentile([7], 90) == 7
