"""``collect_packet``: what the database gives a packet about matters inside and outside it."""

from __future__ import annotations

from datetime import date

from naij_tracker.db.opening import Database
from naij_tracker.services.matters import MatterService
from naij_tracker.services.packet_source import PacketSelection, collect_packet
from naij_tracker.services.related import RelatedService


def _grievance(db: Database, number: str, title: str) -> int:
    return MatterService(db, "t").create("grievance", {
        "title": title, "grievance_number": number, "filed_on": date(2026, 3, 2)})


def test_links_and_changes_name_matters_outside_the_selection(db: Database) -> None:
    chosen = _grievance(db, "G-100", "Chosen grievance")
    other = _grievance(db, "G-200", "Grievance left out")
    bargaining = MatterService(db, "t").create("bargaining", {
        "title": "Telework metric", "subject": "Telework", "bargaining_type": "substantive"})
    related = RelatedService(db, "t")
    related.link(chosen, other)
    related.link(bargaining, chosen)

    data = collect_packet(db, PacketSelection(matter_ids=(chosen,), since=date(2000, 1, 1)))

    assert [m.id for m in data.matters] == [chosen]
    links = {(lk.relation.endswith("(reverse)"), lk.reference, lk.title)
             for lk in data.matters[0].links}
    assert (False, "G-200", "Grievance left out") in links
    assert (True, f"B-{bargaining}", "Telework metric") in links
    assert len(data.matters[0].links) == 2
    # The change list covers every matter; each change names its matter even when that matter
    # is not in the packet.
    named = {(c.matter_reference, c.matter_title) for c in data.changes}
    assert ("G-200", "Grievance left out") in named
    assert (f"B-{bargaining}", "Telework metric") in named
    assert ("G-100", "Chosen grievance") in named
