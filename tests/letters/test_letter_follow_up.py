"""The deadline a letter starts: the configured CBA rule when there is one, else the template's
days; written when the letter is marked sent, with the timeline entry."""

from __future__ import annotations

from datetime import date

from naij_tracker.db.opening import Database
from naij_tracker.domain import deadlines as engine
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.letters.fields import SCHEMA
from naij_tracker.services.deadlines import DeadlineService
from naij_tracker.services.letters import LetterService
from naij_tracker.services.overview import deadline_rows

SENT = date(2026, 12, 3)  # a Thursday


def _rows(db: Database, matter_id: int) -> dict[str, object]:
    return {r.title: r for r in deadline_rows(db, matter_id=matter_id, include_done=True)}


def test_template_days_when_the_rule_is_not_configured(letters_db: Database) -> None:
    service = LetterService(letters_db, "test")
    template = service.template("information-request")
    proposal = service.follow_up(template, SENT)
    assert proposal is not None and proposal.rule_id is None
    # 14 calendar days from Thursday 2026-12-03 is Thursday 2026-12-17.
    assert proposal.deadline.due == date(2026, 12, 17)
    assert proposal.period == "14 calendar days"
    mid = service.resolve_reference("B-3")
    entry, deadline_id = service.mark_sent(mid, template, SENT)
    row = _rows(letters_db, mid)["Agency answer to the request for information due"]
    assert row.id == deadline_id and row.due_on == date(2026, 12, 17)
    assert row.trigger_on == SENT and row.rule_id is None
    assert row.citation == "Request for information template: 14 calendar days"
    assert "14 days" in row.explanation
    timeline = service_timeline(letters_db, mid)
    assert "Letter: Request for information sent 2026-12-03" in timeline


def test_the_configured_cba_rule_wins(letters_db: Database) -> None:
    DeadlineService(letters_db, "test").save_cba_rule(
        "cba-demand-answer", "Agency answer to a demand to bargain", 10, "working",
        MatterKind.BARGAINING, "agency_notice_received", "Agency answer due",
        "Article 9, Section 3 of the CBA")
    service = LetterService(letters_db, "test")
    template = service.template("demand-to-bargain")
    proposal = service.follow_up(template, SENT)
    assert proposal is not None and proposal.rule_id == "cba-demand-answer"
    # 10 working days from Thu 2026-12-03: Dec 4, 7-11, 14-17 → Thu 2026-12-17.
    assert proposal.deadline.due == date(2026, 12, 17)
    assert proposal.period == "10 working days"
    mid = service.resolve_reference("B-3")
    letter = service.prepare(mid, template, {}, {"name": "Jordan Alvarez"}, today=SENT)
    assert "in writing by December 17, 2026" in letter.text
    _, deadline_id = service.mark_sent(mid, template, SENT)
    row = _rows(letters_db, mid)["Agency response to the demand to bargain due"]
    assert row.id == deadline_id and row.rule_id == "cba-demand-answer"
    assert row.citation == "Article 9, Section 3 of the CBA"


def test_a_holiday_moves_the_follow_up(letters_db: Database) -> None:
    """15 calendar days from 2026-12-10 is Christmas Day (5 U.S.C. 6103(a)): the answer is due
    the next working day, Monday 2026-12-28."""
    service = LetterService(letters_db, "test")
    proposal = service.follow_up(service.template("demand-to-bargain"), date(2026, 12, 10))
    assert proposal is not None and proposal.deadline.due == date(2026, 12, 28)


def test_no_follow_up_when_the_template_declares_none_or_the_officer_declines(
        letters_db: Database) -> None:
    service = LetterService(letters_db, "test")
    mid = service.resolve_reference("B-3")
    before = len(_rows(letters_db, mid))
    assert service.follow_up(service.template("fsip-request"), SENT) is None
    assert service.mark_sent(mid, service.template("fsip-request"), SENT)[1] is None
    assert service.mark_sent(mid, service.template("demand-to-bargain"), SENT, False)[1] is None
    assert len(_rows(letters_db, mid)) == before
    assert service_timeline(letters_db, mid).count("Letter: Demand to bargain sent 2026-12-03") \
        == 1


def test_follow_up_rule_ids_are_real_cba_rules() -> None:
    """The grievance letters follow up with the shipped CBA rule for management's answer."""
    defaults = {r.id for r in engine.DEFAULT_CBA_RULES}
    assert "cba-step-answer" in defaults
    assert set(SCHEMA["cba"]) == {r.id.removeprefix("cba-").replace("-", "_")
                                  for r in engine.DEFAULT_CBA_RULES}


def service_timeline(db: Database, matter_id: int) -> list[str]:
    from naij_tracker.services.related import RelatedService

    return [t.text for t in RelatedService(db, "test").timeline(matter_id)]


def test_every_field_is_documented() -> None:
    """docs/letters/README.md lists every field a template may use (the schema is the source)."""
    from pathlib import Path

    doc = (Path(__file__).parents[2] / "docs" / "letters" / "README.md").read_text("utf-8")
    for name, node in SCHEMA.items():
        assert f"`{name}" in doc, name
        if name == "matter":
            for field in node:
                assert f"`{field}`" in doc or f"matter.{field}" in doc, field
