"""The trash: a deleted matter comes back whole (deadlines, timeline, links, attachments,
history), within 30 days, or is refused with a reason; emptying it is final."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from naij_tracker.db.opening import Database
from naij_tracker.domain import clock
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.domain.validation import ValidationError
from naij_tracker.services import history
from naij_tracker.services.deadlines import DeadlineService
from naij_tracker.services.errors import NotFound
from naij_tracker.services.matters import MatterService
from naij_tracker.services.people import PeopleService
from naij_tracker.services.related import RelatedService
from naij_tracker.services.trash import KEEP_DAYS, TrashService

D = date.fromisoformat


def test_a_deleted_matter_is_restored_whole(db: Database) -> None:
    matters, related = MatterService(db, "Ana"), RelatedService(db, "Ana")
    deadlines, trash = DeadlineService(db, "Ana"), TrashService(db, "Ana")
    member = PeopleService(db, "Ana").create_member({"name": "Zoë Park", "court": "Arlington"})
    gid = matters.create(MatterKind.GRIEVANCE, {"title": "Leave", "grievance_number": "G-1",
                                                "member_id": member, "filed_on": D("2026-03-02")})
    other = matters.create(MatterKind.FLRA, {"title": "Charge", "case_type": "ulp_against_agency"})
    matters.update(gid, {"step": "step2"})
    deadlines.add_from_rule(gid, "cba-step-answer", D("2026-03-02"))
    related.add_timeline(gid, D("2026-03-03"), "Met the ACIJ")
    related.link(gid, other)
    related.attach(gid, "letter.pdf", b"%PDF-1.4 bytes\x00\xff")
    before_history = [(h.action, h.summary) for h in matter_history(db, gid)]

    trash_id = matters.delete(gid)
    with pytest.raises(NotFound):
        matters.get(gid)
    [row] = trash.items()
    assert (row.reference, row.title, row.deadlines, row.attachments) == ("G-1", "Leave", 1, 1)
    assert row.expires_on == clock.today() + timedelta(days=KEEP_DAYS)

    assert trash.restore(trash_id) == gid
    record = matters.get(gid)
    assert record.values["step"] == "step2" and record.member_name == "Zoë Park"
    assert [d.rule_id for d in deadlines_of(db, gid)] == ["cba-step-answer"]
    assert [t.text for t in related.timeline(gid)] == ["Met the ACIJ"]
    assert [link.other_id for link in related.links(gid)] == [other]
    [attachment] = related.attachments(gid)
    assert related.attachment_content(attachment.id)[1] == b"%PDF-1.4 bytes\x00\xff"
    after = [(h.action, h.summary) for h in matter_history(db, gid)]
    assert set(before_history) < set(after)
    assert after[0] == ("undo", "Restored G-1 from the trash")
    assert any(a == "delete" for a, _ in after)
    assert trash.items() == []


def matter_history(db: Database, matter_id: int) -> list[history.HistoryItem]:
    with db.sessions() as session:
        return history.for_matter(session, matter_id)


def deadlines_of(db: Database, matter_id: int) -> list:  # type: ignore[type-arg]
    from naij_tracker.services.overview import deadline_rows

    return deadline_rows(db, matter_id=matter_id, include_done=True)


def test_restoring_when_the_number_was_taken_is_refused_and_changes_nothing(db: Database) -> None:
    matters, trash = MatterService(db, "Ana"), TrashService(db, "Ana")
    gid = matters.create(MatterKind.GRIEVANCE, {"title": "Leave", "grievance_number": "G-1",
                                                "filed_on": D("2026-03-02")})
    trash_id = matters.delete(gid)
    matters.create(MatterKind.GRIEVANCE, {"title": "Other", "grievance_number": "G-1",
                                          "filed_on": D("2026-03-02")})
    with pytest.raises(ValidationError, match="G-1 is now used by another grievance"):
        trash.restore(trash_id)
    assert len(trash.items()) == 1


def test_a_reused_id_gives_the_restored_matter_a_new_one(db: Database) -> None:
    matters, trash = MatterService(db, "Ana"), TrashService(db, "Ana")
    gid = matters.create(MatterKind.GRIEVANCE, {"title": "Leave", "grievance_number": "G-1",
                                                "filed_on": D("2026-03-02")})
    trash_id = matters.delete(gid)
    newer = matters.create(MatterKind.GRIEVANCE, {"title": "Newer", "grievance_number": "G-2",
                                                  "filed_on": D("2026-03-02")})
    restored = trash.restore(trash_id)
    assert restored != newer
    assert matters.get(restored).title == "Leave" and matters.get(newer).title == "Newer"


def test_copies_older_than_30_days_are_purged_and_empty_is_final(db: Database) -> None:
    matters, trash = MatterService(db, "Ana"), TrashService(db, "Ana")
    old = matters.create(MatterKind.BARGAINING, {"title": "Old", "subject": "s",
                                                 "bargaining_type": "mid_term"})
    matters.delete(old)
    with clock.fixed(clock.today() + timedelta(days=KEEP_DAYS + 1)):
        new = matters.create(MatterKind.BARGAINING, {"title": "New", "subject": "s",
                                                     "bargaining_type": "mid_term"})
        matters.delete(new)
        assert [r.title for r in trash.items()] == ["New"]
        assert trash.empty() == 1
        assert trash.items() == []
