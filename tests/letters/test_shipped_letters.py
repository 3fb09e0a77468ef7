"""Every shipped template filled from the sample data, read back from the .docx and the PDF."""

from __future__ import annotations

import io
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from letter_helpers import ARBITRATION_ARTICLE, GRIEVANCE_ARTICLE, OFFICER, ROLE
from pypdf import PdfReader

from naij_tracker.db.opening import Database
from naij_tracker.domain import clock
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.letters.fields import date_in_words
from naij_tracker.letters.templates import load_template, shipped_folder
from naij_tracker.reports.letter_pdf import letter_pdf
from naij_tracker.services.letters import LetterService
from naij_tracker.services.overview import deadline_rows

SHIPPED = ("demand-to-bargain", "information-request", "grievance-step-1", "grievance-step-2",
           "grievance-step-3", "invoke-arbitration", "fsip-request", "missed-response-notice",
           "packet-cover-letter")

RECIPIENT = {"name": "Jordan Alvarez", "title": "Assistant Chief Immigration Judge",
             "organization": "Executive Office for Immigration Review",
             "address": "5107 Leesburg Pike\nFalls Church, VA 22041"}


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.sections[0].header.paragraphs]
    parts += [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _matter(db: Database, kind: MatterKind) -> dict:
    """A representative matter of each kind from the sample data, and what its letters say:
    ``facts`` in every letter, ``detail`` in the letters written for that kind alone."""
    conn = sqlite3.connect(db.path)
    try:
        if kind is MatterKind.BARGAINING:
            mid, title, subject, article, notice = conn.execute(
                "SELECT m.id, m.title, b.subject, b.cba_article, b.agency_notice_on "
                "FROM matter m JOIN bargaining_obligation b ON b.id = m.id WHERE m.title = "
                "'Docket reassignment procedures'").fetchone()
            return {"id": mid, "facts": [f"B-{mid}"],
                    "detail": [subject, article, date_in_words(date.fromisoformat(notice))]}
        if kind is MatterKind.FLRA:
            mid, number = conn.execute(
                "SELECT id, case_number FROM flra_case "
                "WHERE case_number = 'WA-RP-19-0067'").fetchone()
            return {"id": mid, "facts": [number], "detail": []}
        if kind is MatterKind.GRIEVANCE:
            mid, number, article, filed, name = conn.execute(
                "SELECT g.id, g.grievance_number, g.cba_article, g.filed_on, p.name "
                "FROM grievance g JOIN member p ON p.id = g.member_id "
                "ORDER BY g.id LIMIT 1").fetchone()
            return {"id": mid, "facts": [number, article],
                    "detail": [name, date_in_words(date.fromisoformat(filed))]}
        mid, title = conn.execute(
            "SELECT m.id, m.title FROM matter m WHERE m.kind = 'metric_dispute' "
            "ORDER BY m.id LIMIT 1").fetchone()
        return {"id": mid, "facts": [f"MD-{mid}", title], "detail": []}
    finally:
        conn.close()


def test_the_starter_set_is_complete() -> None:
    names = sorted(p.stem for p in shipped_folder().glob("*.docx"))
    assert names == sorted(SHIPPED)


CASES = [(name, kind) for name in SHIPPED
         for kind in load_template(shipped_folder() / f"{name}.docx", "shipped").kinds]


@pytest.mark.parametrize(("name", "kind"), CASES, ids=[f"{n}-{k.value}" for n, k in CASES])
def test_every_shipped_template_fills_from_the_sample_data(letters_db: Database, name: str,
                                                           kind: MatterKind) -> None:
    matter = _matter(letters_db, kind)
    service = LetterService(letters_db, "test")
    template = service.template(name)
    fills = {part: f"Filled in: {part.replace('_', ' ')}." for part in template.free_parts}
    letter = service.prepare(matter["id"], template, fills, RECIPIENT)
    overdue = [r for r in deadline_rows(letters_db, matter_id=matter["id"])
               if r.due_on < clock.today()]
    pdf = letter_pdf(letter)
    today = date_in_words(clock.today())
    for label, text in (("docx", docx_text(letter.docx)), ("pdf", pdf_text(pdf)),
                        ("preview", letter.text)):
        text = flat(text)
        assert "{{" not in text and "{%" not in text and "}}" not in text, label
        assert "National Association of Immigration Judges" in text, label
        assert today in text, label
        assert OFFICER in text and ROLE in text, label
        assert RECIPIENT["name"] in text, label
        for fact in matter["facts"]:
            assert flat(fact) in text, (label, fact)
        if len(template.kinds) == 1:
            for fact in matter["detail"]:
                assert flat(fact) in text, (label, fact)
        for part in template.free_parts:
            if part != "missed_response" or not overdue:
                assert f"Filled in: {part.replace('_', ' ')}." in text, (label, part)
        if name == "missed-response-notice":
            for row in overdue:  # each missed deadline, with its due date in words
                assert f"{row.title}, due {date_in_words(row.due_on)}" in text, (label, row)
        if kind is MatterKind.GRIEVANCE and name.startswith(("grievance", "invoke")):
            article = ARBITRATION_ARTICLE if name == "invoke-arbitration" else GRIEVANCE_ARTICLE
            assert article in text, label
        assert "not recorded" not in text and "not configured" not in text, (label, text)
    assert letter.gaps == []


def test_follow_up_dates_and_linked_matters_are_in_the_letter(letters_db: Database) -> None:
    service = LetterService(letters_db, "test")
    matter = _matter(letters_db, MatterKind.GRIEVANCE)
    letter = service.prepare(matter["id"], "grievance-step-1", {}, RECIPIENT)
    due = service.follow_up(service.template("grievance-step-1"), clock.today())
    assert due is not None
    text = flat(letter.text)
    assert f"that is by {date_in_words(due.deadline.due)}" in text
    assert "within 15 calendar days of receipt" in text
    # The FLRA arbitration case is linked to the 2018 metrics obligation in the sample data.
    conn = sqlite3.connect(letters_db.path)
    linked = conn.execute("SELECT from_matter_id, to_matter_id FROM matter_link").fetchone()
    conn.close()
    with_link = service.prepare(linked[1], "information-request", {}, RECIPIENT)
    assert "Related matters: 0-AR-5812 (Exceptions to the telework arbitration award)." in \
        flat(with_link.text)


def test_a_gap_in_the_record_is_shown_not_left_blank(letters_db: Database) -> None:
    service = LetterService(letters_db, "test")
    matter = _matter(letters_db, MatterKind.BARGAINING)
    letter = service.prepare(matter["id"], "information-request", {},
                             {"name": "Jordan Alvarez"})
    text = flat(letter.text)
    assert "[Particularized need to be filled in]" in text
    assert "[Recipient's title not filled in]" in text
    assert "[Particularized need to be filled in]" in letter.gaps


def test_shipped_cba_placeholders_show_as_not_configured(db: Database) -> None:
    """On a new database the CBA rules still cite "CBA Art. (…), as configured": the letter
    says the article is not configured instead of printing the placeholder as if it were one."""
    from naij_tracker.services.matters import MatterService

    mid = MatterService(db, "test").create(MatterKind.GRIEVANCE, {
        "title": "Leave denied", "grievance_number": "2026-0900", "step": "step1",
        "status": "open", "priority": "normal", "filed_on": clock.today(),
        "cba_article": "Art. 20"})
    letter = LetterService(db, "test").prepare(mid, "grievance-step-1", {}, RECIPIENT)
    text = flat(letter.text)
    assert "as configured" not in text
    assert "[CBA article for management step answer not configured in Preferences]" in text
    assert "Art. 20" in text and "2026-0900" in text
    assert "Leave denied" in text
    assert "union/institutional" not in text
    assert "National Association of Immigration Judges (institutional grievance)" in text


def test_the_committed_templates_are_what_the_script_builds(tmp_path: Path) -> None:
    import importlib.util

    script = Path(__file__).parents[2] / "docs" / "make_letter_templates.py"
    spec = importlib.util.spec_from_file_location("make_letter_templates", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, spec_ in module.TEMPLATES.items():
        built = Document(str(module.build(name, spec_, tmp_path)))
        shipped = Document(str(shipped_folder() / f"{name}.docx"))
        assert [p.text for p in built.paragraphs] == [p.text for p in shipped.paragraphs], name
        for prop in ("title", "keywords", "comments"):
            assert getattr(built.core_properties, prop) == \
                getattr(shipped.core_properties, prop), (name, prop)


def test_names_in_any_script_reach_the_pdf(letters_db: Database) -> None:
    from naij_tracker.services.matters import MatterService
    from naij_tracker.services.people import PeopleService

    member = PeopleService(letters_db, "test").create_member(
        {"name": "王小明 Zoë O'Connor-Jovanović", "court": "San Francisco"})
    mid = MatterService(letters_db, "test").create(MatterKind.GRIEVANCE, {
        "title": "Telework <ended> & not restored", "grievance_number": "2026-0777",
        "member_id": member, "step": "step1", "status": "open", "priority": "normal",
        "filed_on": date(2026, 11, 30), "cba_article": "Art. 23"})
    letter = LetterService(letters_db, "test").prepare(mid, "grievance-step-1", {}, RECIPIENT)
    text = flat(pdf_text(letter_pdf(letter)))
    assert "王小明 Zoë O'Connor-Jovanović" in text
    assert "Telework <ended> & not restored" in text
    assert "November 30, 2026" in text and "2026-0777" in text and "Art. 23" in text
