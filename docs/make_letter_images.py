"""Render two filled letters for the documentation, from the sample data.

Loads the sample data into a temporary database, sets what an officer sets once in Preferences
(name, role, the CBA's articles), fills the demand to bargain for the docket-reassignment notice
and a Step 2 grievance, writes their PDFs (``docs/letters/*.pdf``), renders the first page of
each with ``pdftoppm`` (poppler-utils) to ``docs/letters/*.png``, and grabs the Letters… dialog
and Preferences ▸ Letters into ``docs/screenshots/``.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_letter_images.py [--dpi 70]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from naij_tracker.db.opening import open_database  # noqa: E402
from naij_tracker.domain import clock  # noqa: E402
from naij_tracker.reports.letter_pdf import letter_pdf  # noqa: E402
from naij_tracker.services.deadlines import DeadlineService  # noqa: E402
from naij_tracker.services.letters import (  # noqa: E402
    LetterService,
    LetterSettings,
    save_letter_settings,
)
from naij_tracker.services.sample_data import load_sample_data  # noqa: E402
from naij_tracker.services.settings import load_settings, save_settings  # noqa: E402

DAY = date(2026, 12, 2)
AGENCY = {"name": "Jordan Alvarez", "title": "Deputy Chief Immigration Judge",
          "organization": "Executive Office for Immigration Review",
          "address": "5107 Leesburg Pike\nFalls Church, VA 22041"}


def configure(db) -> None:
    settings = load_settings(db)
    settings.officer_name = "Dana Whitfield"
    save_settings(db, settings)
    save_letter_settings(db, LetterSettings(officer_role="Vice President for Labor Relations",
                                            officer_email="dwhitfield@naij.example",
                                            officer_phone="(202) 555-0142"))
    deadlines = DeadlineService(db, "docs")
    for rule in deadlines.cba_rules():
        article = ("Article 30, Section 1 of the CBA" if "arbitration" in rule.id
                   else "Article 29, Section 4 of the CBA")
        deadlines.save_cba_rule(rule.id, rule.name, rule.period.amount, "calendar",
                                rule.applies_to[0], rule.trigger, rule.deadline_title, article)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=70)
    args = parser.parse_args()
    out = ROOT / "docs" / "letters"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, clock.fixed(DAY):
        db = open_database(Path(tmp) / "sample.sqlite3")
        load_sample_data(db, grievances=60)
        configure(db)
        service = LetterService(db, "docs")
        bargaining = service.resolve_reference("B-3")
        grievance = db.read("SELECT g.grievance_number FROM grievance g JOIN matter m "
                            "ON m.id = g.id WHERE g.member_id IS NOT NULL AND m.status = "
                            "'awaiting_answer' ORDER BY g.id LIMIT 1")[0][0]
        letters = {
            "demand-to-bargain": service.prepare(bargaining, "demand-to-bargain", {
                "additional_requests": "Please also name the agency's bargaining team."},
                AGENCY),
            "grievance-step-2": service.prepare(
                service.resolve_reference(grievance), "grievance-step-2", {
                    "step_1_answer": "dated November 20, 2026, denying the grievance",
                    "reasons_for_appeal": "The answer does not address the notice the "
                                          "agreement requires before a docket is reassigned, "
                                          "and it offers no remedy."},
                {**AGENCY, "name": "Morgan Ellis", "title": "Assistant Chief Immigration "
                                                            "Judge"}),
        }
        for name, letter in letters.items():
            pdf = out / f"{name}.pdf"
            pdf.write_bytes(letter_pdf(letter))
            subprocess.run(["pdftoppm", "-r", str(args.dpi), "-png", "-f", "1", "-l", "1",
                            "-singlefile", str(pdf), str(out / name)], check=True)
            print(out / f"{name}.png", "gaps:", letter.gaps)
        screenshots(db, bargaining)
        db.close()


def screenshots(db, matter_id: int) -> None:
    from PySide6.QtWidgets import QApplication

    from naij_tracker.ui.context import AppContext
    from naij_tracker.ui.letters_dialog import LettersDialog
    from naij_tracker.ui.preferences import PreferencesDialog

    app = QApplication.instance() or QApplication([])
    ctx = AppContext.for_database(db)
    dialog = LettersDialog(ctx, matter_id, "bargaining", "B-3")
    for name, value in AGENCY.items():
        widget = dialog.recipient[name]
        widget.setText(value) if hasattr(widget, "setText") else widget.setPlainText(value)
    dialog.select_template("information-request")
    dialog.free["information_requested"].setPlainText(
        "1. The draft procedures for reassigning pending cases.\n2. The list of courts where "
        "they will apply.")
    dialog.refresh_preview()
    dialog.resize(1180, 760)
    dialog.show()
    app.processEvents()
    shots = ROOT / "docs" / "screenshots"
    dialog.grab().save(str(shots / "letters-dialog.png"))
    prefs = PreferencesDialog(ctx)
    prefs.tabs.setCurrentWidget(prefs.letters)
    prefs.resize(760, 560)
    prefs.show()
    app.processEvents()
    prefs.grab().save(str(shots / "preferences-letters.png"))
    print(shots / "letters-dialog.png", shots / "preferences-letters.png")


if __name__ == "__main__":
    main()
