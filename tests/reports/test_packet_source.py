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
    links = {(lk.relation, lk.reference, lk.title) for lk in data.matters[0].links}
    # relations in plain words from both ends, never "(reverse)"
    assert ("Related to", "G-200", "Grievance left out") in links
    assert ("Related to", f"B-{bargaining}", "Telework metric") in links
    assert len(data.matters[0].links) == 2
    # The change list covers every matter; each change names its matter even when that matter
    # is not in the packet.
    named = {(c.matter_reference, c.matter_title) for c in data.changes}
    assert ("G-200", "Grievance left out") in named
    assert (f"B-{bargaining}", "Telework metric") in named
    assert ("G-100", "Chosen grievance") in named


def test_a_long_timeline_shows_the_latest_entries_and_counts_the_rest(db: Database) -> None:
    import io

    from pypdf import PdfReader

    from naij_tracker.reports.packet import build_packet
    from naij_tracker.reports.packet_style import TIMELINE_SHOWN
    from naij_tracker.reports.packet_text import register_fonts

    chosen = _grievance(db, "G-300", "Seven entries")
    related = RelatedService(db, "t")
    for day in range(1, 8):
        related.add_timeline(chosen, date(2026, 4, day), f"Entry of April {day}")

    data = collect_packet(db, PacketSelection(matter_ids=(chosen,)))

    entries = data.matters[0].timeline
    assert len(entries) == 7  # all of them: the packet decides how many to show
    assert [e.on.day for e in entries] == [7, 6, 5, 4, 3, 2, 1]  # newest first
    register_fonts()
    out = io.BytesIO()
    build_packet(data, out)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(out.getvalue())).pages)
    assert f"{7 - TIMELINE_SHOWN} earlier entries not shown." in text
    assert "Entry of April 7" in text and "Entry of April 1" not in text
