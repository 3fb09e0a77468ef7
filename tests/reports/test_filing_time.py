"""The FLRA filing time (11:59 p.m. Eastern, 88 FR 80091) goes with FLRA due dates in the packet
and in the calendar file; CBA deadlines carry none."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pypdf
from icalendar import Calendar

from naij_tracker.db.opening import Database
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.reports.packet import build_packet
from naij_tracker.reports.packet_data import PacketData, PacketDeadline, PacketMatter, PacketOptions
from naij_tracker.services.calendar_feed import export_ics, open_deadlines
from naij_tracker.services.deadlines import DeadlineService
from naij_tracker.services.matters import MatterService

AS_OF = date(2026, 5, 1)


def test_packet_due_cell_shows_the_filing_time(tmp_path: Path) -> None:
    flra = PacketDeadline("FLRA-1", "Award", "File exceptions to arbitration award",
                          date(2026, 6, 15), "arbitration-exceptions", "Exceptions",
                          "5 C.F.R. 2425.2(b)", "30 days ...", matter_id=1)
    cba = PacketDeadline("G-1", "Leave", "Appeal to next step due", date(2026, 6, 16),
                         "cba-step-appeal", "Appeal", "CBA Art. 9", "15 days ...", matter_id=2)
    matter = PacketMatter(id=1, kind=MatterKind.FLRA, reference="FLRA-1", title="Award",
                          status_label="Open", is_open=True, opened_on=AS_OF - timedelta(30),
                          deadlines=[flra, cba])
    opts = PacketOptions(as_of=AS_OF, kinds=(MatterKind.FLRA,))
    out = tmp_path / "p.pdf"
    build_packet(PacketData(opts, [matter]), out)
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(out).pages)
    squashed = " ".join(text.split())
    assert "by 11:59 p.m. Eastern Time" in squashed
    assert squashed.count("by 11:59 p.m. Eastern Time") == 2  # the Deadlines table and the brief


def test_ics_event_titles_carry_the_filing_time(db: Database, tmp_path: Path) -> None:
    flra = MatterService(db, "t").create(MatterKind.FLRA, {
        "title": "Award", "case_type": "arbitration_exceptions"})
    svc = DeadlineService(db, "t")
    svc.add_from_rule(flra, "arbitration-exceptions", date(2026, 5, 7), "mail")
    svc.add_from_rule(flra, "cba-step-appeal", date(2026, 5, 7))
    path = export_ics(db, tmp_path / "d.ics", open_deadlines(db))
    events = {str(e["summary"]) for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}
    assert any(s.startswith("File exceptions to arbitration award (by 11:59 p.m. Eastern Time)")
               for s in events)
    assert any(s.startswith("Appeal to next step due —") for s in events)
