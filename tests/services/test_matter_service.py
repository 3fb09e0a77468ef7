"""Matters through the service layer: validation, history in the same transaction, conflicts."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from naij_tracker.db.errors import ConflictError
from naij_tracker.db.models import HistoryEntry
from naij_tracker.db.opening import Database
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.domain.validation import ValidationError
from naij_tracker.services import history
from naij_tracker.services.matters import MatterService
from naij_tracker.services.people import PeopleService
from naij_tracker.services.queries import list_matters, search
from naij_tracker.services.related import AttachmentTooLarge, RelatedService


@pytest.fixture
def svc(db: Database) -> MatterService:
    return MatterService(db, "Officer Test")


def _history_count(db: Database) -> int:
    with db.sessions() as s:
        return s.scalar(select(func.count()).select_from(HistoryEntry)) or 0


def test_create_each_kind_and_read_back(db: Database, svc: MatterService) -> None:
    people = PeopleService(db, "Officer Test")
    member = people.create_member({"name": "Ana Petrova", "court": "Boston"})
    metric = people.create_metric({"name": "Case completions", "target": 700})
    ids = {
        MatterKind.GRIEVANCE: svc.create(MatterKind.GRIEVANCE, {
            "title": "Leave denied", "grievance_number": "0042", "member_id": member,
            "filed_on": date(2026, 3, 2)}),
        MatterKind.FLRA: svc.create(MatterKind.FLRA, {
            "title": "Petition", "case_number": "wa-rp-19-0067", "case_type": "representation"}),
        MatterKind.BARGAINING: svc.create(MatterKind.BARGAINING, {
            "title": "Metrics", "subject": "Quotas", "bargaining_type": "mid_term"}),
        MatterKind.METRIC_DISPUTE: svc.create(MatterKind.METRIC_DISPUTE, {
            "title": "Quota", "metric_id": metric, "scope": "unit"}),
    }
    g = svc.get(ids[MatterKind.GRIEVANCE])
    assert g.reference == "0042" and g.member_name == "Ana Petrova"
    assert g.values["opened_on"] == date(2026, 3, 2)
    assert svc.get(ids[MatterKind.FLRA]).reference == "WA-RP-19-0067"
    assert svc.get(ids[MatterKind.METRIC_DISPUTE]).metric_name == "Case completions"
    # one history entry per create, in the same transaction
    assert _history_count(db) == 2 + 4


@pytest.mark.parametrize(
    ("kind", "values", "field"),
    [
        (MatterKind.GRIEVANCE, {"title": "x", "filed_on": date(2026, 1, 1)}, "grievance_number"),
        (MatterKind.GRIEVANCE, {"title": "x", "grievance_number": "1"}, "filed_on"),
        (MatterKind.GRIEVANCE, {"title": " ", "grievance_number": "1",
                                "filed_on": date(2026, 1, 1)}, "title"),
        (MatterKind.FLRA, {"title": "x", "case_type": "representation",
                           "case_number": "RP-19"}, "case_number"),
        (MatterKind.FLRA, {"title": "x", "case_type": "nonsense"}, "case_type"),
        (MatterKind.BARGAINING, {"title": "x", "bargaining_type": "mid_term"}, "subject"),
        (MatterKind.GRIEVANCE, {"title": "x", "grievance_number": "1", "status": "finished",
                                "filed_on": date(2026, 1, 1)}, "status"),
    ],
)
def test_invalid_values_are_refused_and_nothing_written(db: Database, svc: MatterService,
                                                        kind: MatterKind, values: dict,
                                                        field: str) -> None:
    with pytest.raises(ValidationError) as info:
        svc.create(kind, values)
    assert field in {e.field for e in info.value.errors}
    assert _history_count(db) == 0


def test_duplicate_grievance_number_is_refused(svc: MatterService) -> None:
    svc.create(MatterKind.GRIEVANCE, {"title": "a", "grievance_number": "G-1",
                                      "filed_on": date(2026, 1, 1)})
    with pytest.raises(ValidationError, match="already used"):
        svc.create(MatterKind.GRIEVANCE, {"title": "b", "grievance_number": "G-1",
                                          "filed_on": date(2026, 1, 1)})


def test_update_records_old_and_new_values(db: Database, svc: MatterService) -> None:
    mid = svc.create(MatterKind.GRIEVANCE, {"title": "a", "grievance_number": "G-1",
                                            "filed_on": date(2026, 1, 1)})
    svc.update(mid, {"step": "step2", "title": "a"})
    with db.sessions() as s:
        items = history.for_matter(s, mid)
    assert items[0].action == "update"
    assert items[0].changes == {"step": ["step1", "step2"]}
    assert items[0].who == "Officer Test"


def test_closing_sets_closed_date_and_hides_from_list(db: Database, svc: MatterService) -> None:
    mid = svc.create(MatterKind.GRIEVANCE, {"title": "a", "grievance_number": "G-1",
                                            "filed_on": date(2026, 1, 1)})
    svc.close(mid, "settled", date(2026, 2, 1))
    assert svc.get(mid).values["closed_on"] == date(2026, 2, 1)
    assert list_matters(db, MatterKind.GRIEVANCE).rows == []
    assert len(list_matters(db, MatterKind.GRIEVANCE, include_closed=True).rows) == 1
    svc.update(mid, {"status": "open"})
    assert svc.get(mid).values["closed_on"] is None


def test_stale_version_is_a_conflict_not_an_overwrite(svc: MatterService) -> None:
    mid = svc.create(MatterKind.GRIEVANCE, {"title": "a", "grievance_number": "G-1",
                                            "filed_on": date(2026, 1, 1)})
    v = svc.get(mid).version
    svc.update(mid, {"title": "first officer"}, expected_version=v)
    with pytest.raises(ConflictError):
        svc.update(mid, {"title": "second officer"}, expected_version=v)
    assert svc.get(mid).title == "first officer"


def test_delete_cascades_but_keeps_a_history_record(db: Database, svc: MatterService) -> None:
    related = RelatedService(db, "Officer Test")
    mid = svc.create(MatterKind.GRIEVANCE, {"title": "a", "grievance_number": "G-1",
                                            "filed_on": date(2026, 1, 1)})
    related.add_timeline(mid, date(2026, 1, 2), "Filed")
    svc.delete(mid)
    with db.sessions() as s:
        last = s.scalars(select(HistoryEntry).order_by(HistoryEntry.id.desc())).first()
        assert last is not None and last.action == "delete" and last.entity_id == mid
        assert json.loads(last.changes)["grievance_number"] == ["G-1", None]
    assert related.timeline(mid) == []


def test_search_finds_by_number_member_and_text(db: Database, svc: MatterService) -> None:
    people = PeopleService(db, "t")
    member = people.create_member({"name": "Jovanović Petra", "court": "Denver"})
    svc.create(MatterKind.GRIEVANCE, {"title": "Telework ended", "grievance_number": "2026-0042",
                                      "member_id": member, "filed_on": date(2026, 1, 1)})
    svc.create(MatterKind.FLRA, {"title": "Decertification", "case_type": "representation",
                                 "case_number": "WA-RP-19-0067"})
    assert [h.reference for h in search(db, "0042")] == ["2026-0042"]
    assert [h.reference for h in search(db, "jovan")] == ["2026-0042"]
    assert [h.reference for h in search(db, "RP-19")] == ["WA-RP-19-0067"]
    assert [h.reference for h in search(db, "tele 42")] == ["2026-0042"]
    assert search(db, "zz") == []
    # quotes and FTS syntax in the query are text, not syntax
    assert search(db, '"AND" OR *') == []


def test_links_show_from_both_sides(db: Database, svc: MatterService) -> None:
    related = RelatedService(db, "t")
    a = svc.create(MatterKind.BARGAINING, {"title": "A", "subject": "s",
                                           "bargaining_type": "mid_term"})
    b = svc.create(MatterKind.FLRA, {"title": "B", "case_type": "ulp_against_agency"})
    related.link(a, b, "arises_from")
    assert [(i.other_id, i.direction) for i in related.links(a)] == [(b, "outgoing")]
    assert [(i.other_id, i.direction) for i in related.links(b)] == [(a, "incoming")]
    with pytest.raises(ValidationError):
        related.link(b, a, "arises_from")
    with pytest.raises(ValidationError):
        related.link(a, a)


def test_attachments_keep_bytes_and_refuse_oversized(db: Database, svc: MatterService,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    related = RelatedService(db, "t")
    mid = svc.create(MatterKind.BARGAINING, {"title": "A", "subject": "s",
                                             "bargaining_type": "mid_term"})
    aid = related.attach(mid, "notice.pdf", b"%PDF-1.4 notice")
    assert related.attachment_content(aid) == ("notice.pdf", b"%PDF-1.4 notice")
    (item,) = related.attachments(mid)
    assert item.media_type == "application/pdf" and item.size == 15
    import naij_tracker.services.related as rel

    monkeypatch.setattr(rel, "MAX_ATTACHMENT_BYTES", 10)
    with pytest.raises(AttachmentTooLarge, match="limited"):
        related.attach(mid, "big.bin", b"x" * 11)
