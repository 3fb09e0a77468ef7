"""Deadlines on matters: proposed from rules, configured CBA limits and closures, recomputed."""

from __future__ import annotations

from datetime import date

import pytest

from naij_tracker.db.opening import Database
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.domain.validation import ValidationError
from naij_tracker.services.deadlines import DeadlineService
from naij_tracker.services.matters import MatterService
from naij_tracker.services.queries import dashboard, deadline_rows


@pytest.fixture
def flra_case(db: Database) -> int:
    return MatterService(db, "t").create(MatterKind.FLRA, {
        "title": "Award", "case_type": "arbitration_exceptions"})


def test_award_served_by_mail_proposes_and_stores_the_deadline(db: Database,
                                                               flra_case: int) -> None:
    svc = DeadlineService(db, "t")
    rules = [r.id for r in svc.rules_for_trigger("award_served", MatterKind.FLRA)]
    assert "arbitration-exceptions" in rules
    did = svc.add_from_rule(flra_case, "arbitration-exceptions", date(2026, 3, 2), "mail")
    (row,) = deadline_rows(db, matter_id=flra_case)
    assert row.id == did and row.due_on == date(2026, 4, 6)
    assert row.rule_id == "arbitration-exceptions" and row.service_method == "mail"
    assert "+5 days for service by mail (2429.22) = Monday 2026-04-06" in (row.explanation or "")
    # changing the trigger recomputes
    svc.change_trigger(did, date(2026, 3, 9), "personal")
    (row,) = deadline_rows(db, matter_id=flra_case)
    assert row.due_on == date(2026, 4, 8)
    svc.mark_done(did, date(2026, 4, 1))
    assert deadline_rows(db, matter_id=flra_case) == []
    (done,) = deadline_rows(db, matter_id=flra_case, include_done=True)
    assert done.done_on == date(2026, 4, 1)


def test_officer_closure_day_moves_a_deadline(db: Database, flra_case: int) -> None:
    svc = DeadlineService(db, "t")
    before = svc.preview("arbitration-exceptions", date(2026, 3, 2), "personal")
    assert before.due == date(2026, 4, 1)
    svc.add_closure(date(2026, 4, 1), "Snow closure (OPM)", "OPM announcement")
    after = svc.preview("arbitration-exceptions", date(2026, 3, 2), "personal")
    # 2429.21(a) names no closures: the earlier date stands, the later one is the alternative.
    assert (after.due, after.alternative) == (date(2026, 4, 1), date(2026, 4, 2))
    svc.set_closure_policy("holiday")
    assert svc.closure_policy() == "holiday"
    held = svc.preview("arbitration-exceptions", date(2026, 3, 2), "personal")
    assert (held.due, held.alternative) == (date(2026, 4, 2), date(2026, 4, 1))


def test_cba_rules_are_seeded_and_editable(db: Database) -> None:
    svc = DeadlineService(db, "t")
    ids = {r.id for r in svc.cba_rules()}
    assert "cba-step-answer" in ids
    svc.save_cba_rule("cba-step-answer", "Management step answer", 10, "working", "grievance",
                      "grievance_filed", "Management answer due", "CBA Art. 9, sec. 4")
    rule = svc.rules()["cba-step-answer"]
    assert rule.period.amount == 10 and rule.citation == "CBA Art. 9, sec. 4"
    # 10 working days after Friday 2026-07-03 (a holiday): Jul 6..17 → 2026-07-17
    assert svc.preview("cba-step-answer", date(2026, 7, 3)).due == date(2026, 7, 17)
    with pytest.raises(ValidationError):
        svc.save_cba_rule("ulp-charge", "x", 5, "calendar", "flra", "ulp_act", "x", "x")
    with pytest.raises(ValidationError):
        svc.save_cba_rule("cba-x", "x", 0, "calendar", "grievance", "grievance_filed", "x", "x")


def test_dashboard_shows_overdue_and_upcoming(db: Database, flra_case: int) -> None:
    svc = DeadlineService(db, "t")
    svc.add_manual(flra_case, "Brief due", date(2026, 11, 20))
    svc.add_manual(flra_case, "Hearing prep", date(2026, 11, 30))
    svc.add_manual(flra_case, "Far away", date(2027, 6, 1))
    board = dashboard(db, today=date(2026, 11, 23))
    assert [d.title for d in board.overdue] == ["Brief due"]
    assert [d.title for d in board.upcoming] == ["Hearing prep"]
    assert board.open_counts[MatterKind.FLRA] == 1


def test_dashboard_shows_the_first_rows_and_counts_them_all(
        db: Database, flra_case: int, monkeypatch: pytest.MonkeyPatch) -> None:
    import naij_tracker.services.overview as overview

    monkeypatch.setattr(overview, "DASHBOARD_ROWS", 2)
    svc = DeadlineService(db, "t")
    for day in (10, 11, 12):
        svc.add_manual(flra_case, f"Late {day}", date(2026, 11, day))
    board = dashboard(db, today=date(2026, 11, 23))
    assert [d.title for d in board.overdue] == ["Late 10", "Late 11"]
    assert board.overdue_count == 3 and board.upcoming_count == 0
