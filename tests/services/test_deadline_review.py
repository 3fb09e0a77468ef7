"""Reviewing open deadlines when closures, CBA limits, policy or a trigger date change."""

from __future__ import annotations

import json
from datetime import date

import pytest

from naij_tracker.db.opening import Database
from naij_tracker.domain.deadlines import RULESET_VERSION
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.deadlines import DeadlineService
from naij_tracker.services.matters import MatterService
from naij_tracker.services.queries import deadline_rows

D = date.fromisoformat


@pytest.fixture
def matters(db: Database) -> tuple[int, int]:
    ms = MatterService(db, "t")
    flra = ms.create(MatterKind.FLRA, {"title": "Award", "case_type": "arbitration_exceptions"})
    grievance = ms.create(MatterKind.GRIEVANCE, {"title": "Leave", "grievance_number": "G-7",
                                                 "filed_on": D("2026-10-01")})
    return flra, grievance


def _due(db: Database) -> dict[int, date]:
    return {r.id: r.due_on for r in deadline_rows(db)}


def test_closure_and_cba_change_are_reviewed_and_applied_only_where_chosen(
        db: Database, matters: tuple[int, int]) -> None:
    flra, grievance = matters
    svc = DeadlineService(db, "t")
    svc.set_closure_policy("holiday")
    exceptions = svc.add_from_rule(flra, "arbitration-exceptions", D("2026-11-24"))
    step = svc.add_from_rule(grievance, "cba-step-appeal", D("2026-11-02"))
    filing = svc.add_from_rule(grievance, "cba-grievance-filing", D("2026-10-01"))
    manual = svc.add_manual(grievance, "Brief due (arbitrator's order)", D("2026-12-24"))
    assert _due(db) == {exceptions: D("2026-12-24"), step: D("2026-11-17"),
                        filing: D("2026-11-02"), manual: D("2026-12-24")}
    assert svc.recheck() == []

    svc.add_closure(D("2026-12-24"), "Christmas Eve closure", "Executive order")
    svc.save_cba_rule("cba-step-appeal", "Appeal to the next step", 20, "calendar", "grievance",
                      "step_answer_received", "Appeal to next step due", "CBA Art. 9")
    items = {i.deadline_id: i for i in svc.recheck()}

    assert set(items) == {exceptions, step}  # not the unchanged one, never the manual one
    ex, st = items[exceptions], items[step]
    # 2026-12-24 closed, 12-25 Christmas, then the weekend (5 C.F.R. 2429.21(a), policy).
    assert (ex.old_due, ex.new_due) == (D("2026-12-24"), D("2026-12-28"))
    assert "closure added: 2026-12-24 (Christmas Eve closure)" in ex.why
    # 20 calendar days after 2026-11-02 is Sunday 11-22 -> Monday.
    assert (st.old_due, st.new_due) == (D("2026-11-17"), D("2026-11-23"))
    assert "time limit changed: 15 days -> 20 days" in st.why
    assert ex.as_dict()["new_due"] == "2026-12-28" and ex.as_dict()["filing_time"]

    assert svc.apply_review(items.values(), [exceptions]) == 1
    assert _due(db) == {exceptions: D("2026-12-28"), step: D("2026-11-17"),
                        filing: D("2026-11-02"), manual: D("2026-12-24")}
    (entry,) = [h for h in db.read(
        "SELECT summary, changes FROM history_entry WHERE entity = 'deadline' "
        "AND entity_id = :d AND summary LIKE 'Deadline reviewed%'", {"d": exceptions})]
    assert "was 2026-12-24" in entry[0] and "closure added" in entry[0]
    assert json.loads(entry[1])["due_on"] == ["2026-12-24", "2026-12-28"]
    assert not db.read("SELECT 1 FROM history_entry WHERE entity_id = :d "
                       "AND summary LIKE 'Deadline reviewed%'", {"d": step})
    # What was applied is recorded with its rule set; the kept one is still offered.
    stored = db.read("SELECT ruleset_version, alternative_due FROM deadline WHERE id = :d",
                     {"d": exceptions})
    assert stored[0][0] == RULESET_VERSION and str(stored[0][1]) == "2026-12-24"
    assert [i.deadline_id for i in svc.recheck()] == [step]


def test_apply_skips_a_deadline_changed_since_the_review(db: Database,
                                                         matters: tuple[int, int]) -> None:
    _, grievance = matters
    svc = DeadlineService(db, "t")
    step = svc.add_from_rule(grievance, "cba-step-appeal", D("2026-11-02"))
    svc.save_cba_rule("cba-step-appeal", "Appeal", 20, "calendar", "grievance",
                      "step_answer_received", "Appeal due", "CBA Art. 9")
    items = svc.recheck()
    svc.change_trigger(step, D("2026-11-03"))
    assert svc.apply_review(items, [step]) == 0


def test_trigger_change_reviews_every_deadline_from_the_same_event(
        db: Database, matters: tuple[int, int]) -> None:
    _, grievance = matters
    svc = DeadlineService(db, "t")
    svc.save_cba_rule("cba-info-request", "Information request", 10, "working", "grievance",
                      "grievance_filed", "Request information", "CBA Art. 9")
    answer = svc.add_from_rule(grievance, "cba-step-answer", D("2026-11-02"))
    info = svc.add_from_rule(grievance, "cba-info-request", D("2026-11-02"))
    other = svc.add_from_rule(grievance, "cba-step-answer", D("2026-10-01"))
    items = svc.review_trigger_change(answer, D("2026-11-09"))
    assert {i.deadline_id for i in items} == {answer, info}
    by_id = {i.deadline_id: i for i in items}
    assert by_id[answer].new_due == D("2026-11-24")
    assert "trigger date corrected: 2026-11-02 -> 2026-11-09" in by_id[info].why
    svc.apply_review(items, [answer])
    rows = {r.id: r for r in deadline_rows(db)}
    assert rows[answer].trigger_on == D("2026-11-09") and rows[answer].due_on == D("2026-11-24")
    assert rows[info].trigger_on == D("2026-11-02") and rows[other].trigger_on == D("2026-10-01")


def test_legacy_deadlines_are_offered_with_the_reason(db: Database,
                                                      matters: tuple[int, int]) -> None:
    """A deadline stored by an earlier version (mail days added before the roll) is listed."""
    flra, _ = matters
    svc = DeadlineService(db, "t")
    did = svc.add_from_rule(flra, "arbitration-exceptions", D("2026-05-07"), "mail")
    with db.sessions.begin() as session:
        from naij_tracker.db.models import Deadline

        row = session.get(Deadline, did)
        assert row is not None
        row.due_on, row.ruleset_version, row.computed_with = D("2026-06-11"), None, None
    (item,) = svc.recheck()
    assert (item.old_due, item.new_due) == (D("2026-06-11"), D("2026-06-15"))
    assert "before rule sets were recorded" in item.why and "27 FLRA No. 3" in item.why


def test_recorded_shutdown_warns_without_moving_the_deadline(db: Database,
                                                             matters: tuple[int, int]) -> None:
    """A lapse in appropriations is not a holiday (5 C.F.R. 2429.21(a)): the date stands, the
    deadline is offered once with the warning, and applying it stores the warning."""
    import pytest as _pytest

    from naij_tracker.domain.calendar import Shutdown
    from naij_tracker.domain.validation import ValidationError

    flra, _ = matters
    svc = DeadlineService(db, "t")
    did = svc.add_from_rule(flra, "arbitration-exceptions", D("2027-09-15"))
    assert svc.recheck() == []
    lapse = Shutdown(D("2027-10-01"), D("2027-10-20"), "Lapse in appropriations", "OPM notice")
    svc.save_shutdowns([lapse])
    assert svc.stored_shutdowns() == [lapse]
    (item,) = svc.recheck()
    assert item.old_due == item.new_due == D("2027-10-15")
    assert "recorded lapse in appropriations 2027-10-01 to 2027-10-20" in item.why
    assert "deadline stands" in item.why
    svc.apply_review([item], [did])
    (row,) = deadline_rows(db)
    assert row.due_on == D("2027-10-15") and "deadline stands" in (row.explanation or "")
    assert svc.recheck() == []
    with _pytest.raises(ValidationError, match="overlaps"):
        svc.save_shutdowns([lapse, Shutdown(D("2027-10-20"), D("2027-10-21"), "Lapse", "")])
