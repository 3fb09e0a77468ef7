"""Helpers for the letter tests: an officer's settings, small templates and odd zip files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx import Document

from naij_tracker.db.opening import Database
from naij_tracker.services.deadlines import DeadlineService
from naij_tracker.services.letters import LetterSettings, save_letter_settings
from naij_tracker.services.settings import load_settings, save_settings

OFFICER = "Dana Whitfield"
ROLE = "Vice President for Labor Relations"
GRIEVANCE_ARTICLE = "Article 29, Section 4 of the CBA"
ARBITRATION_ARTICLE = "Article 30, Section 1 of the CBA"


def configure(db: Database, letters_folder: Path | None = None) -> None:
    """What an officer sets once in Preferences: name, role, and the CBA's articles."""
    settings = load_settings(db)
    settings.officer_name = OFFICER
    save_settings(db, settings)
    save_letter_settings(db, LetterSettings(
        letters_folder=str(letters_folder or ""), officer_role=ROLE,
        officer_email="dwhitfield@naij.example", officer_phone="(202) 555-0142"))
    deadlines = DeadlineService(db, "test")
    for rule in deadlines.cba_rules():
        article = ARBITRATION_ARTICLE if "arbitration" in rule.id else GRIEVANCE_ARTICLE
        if rule.id == "cba-bargaining-response":
            article = "Article 9 of the CBA"
        deadlines.save_cba_rule(rule.id, rule.name, rule.period.amount,
                                "working" if rule.period.unit.value == "working_days"
                                else "calendar", rule.applies_to[0], rule.trigger,
                                rule.deadline_title, article)


def make_template(path: Path, *paragraphs: str, title: str = "Test letter",
                  kinds: str = "", comments: str = "") -> Path:
    """A small .docx template with the given paragraphs (placeholders allowed)."""
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    doc.core_properties.title = title
    doc.core_properties.keywords = kinds
    doc.core_properties.comments = comments
    doc.save(str(path))
    return path


def zip_with(path: Path, parts: dict[str, bytes]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    path.write_bytes(buffer.getvalue())
    return path
