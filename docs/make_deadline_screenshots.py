"""Screenshots of the deadline dialogs: the review of open deadlines after a change of closure
days and CBA limits, the rule dialog with same-day service, and the closure-day and shutdown preferences.

Run ``QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_deadline_screenshots.py``. Everything
happens in a temporary database; images go to ``docs/screenshots/deadline_*.png``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from naij_tracker.db.opening import open_database  # noqa: E402
from naij_tracker.domain import clock  # noqa: E402
from naij_tracker.domain.kinds import MatterKind  # noqa: E402
from naij_tracker.ui.context import AppContext  # noqa: E402
from naij_tracker.ui.deadline_dialogs import RuleDeadlineDialog  # noqa: E402
from naij_tracker.ui.deadline_review import DeadlineReviewDialog  # noqa: E402
from naij_tracker.ui.preferences import PreferencesDialog  # noqa: E402
from naij_tracker.ui.style import apply_style, choose_style  # noqa: E402

OUT = Path(__file__).resolve().parent / "screenshots"
D = date.fromisoformat


def _shoot(app: QApplication, widget, name: str, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    widget.resize(*size)
    widget.show()
    for _ in range(3):
        app.processEvents()
    widget.grab().save(str(OUT / name))
    widget.close()


def main() -> int:
    choose_style()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    apply_style(app)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, clock.fixed(D("2026-11-20")):
        db = open_database(Path(tmp) / "cases.sqlite3")
        ctx = AppContext.for_database(db, who="Screenshot")
        flra = ctx.matters.create(MatterKind.FLRA, {"title": "Award on telework",
                                                    "case_type": "arbitration_exceptions"})
        grievance = ctx.matters.create(MatterKind.GRIEVANCE, {
            "title": "Leave denied", "grievance_number": "G-2026-014",
            "filed_on": D("2026-10-01")})
        ctx.deadlines.set_closure_policy("holiday")
        ctx.deadlines.add_from_rule(flra, "arbitration-exceptions", D("2026-11-24"))
        ctx.deadlines.add_from_rule(grievance, "cba-step-appeal", D("2026-11-02"))
        ctx.deadlines.add_from_rule(grievance, "cba-grievance-filing", D("2026-10-01"))
        ctx.deadlines.add_closure(D("2026-12-24"), "Christmas Eve closure", "Executive order")
        ctx.deadlines.save_cba_rule("cba-step-appeal", "Appeal to the next step", 20, "calendar",
                                    "grievance", "step_answer_received",
                                    "Appeal to next step due", "CBA Art. 9")
        _shoot(app, DeadlineReviewDialog(ctx, ctx.deadlines.recheck()), "deadline_review.png",
               (980, 380))

        rule = RuleDeadlineDialog(ctx, MatterKind.FLRA, reference="FLRA-1")
        rule.select_trigger("award_served")
        rule.trigger_on.set_value(D("2026-05-07"))
        rule.trigger_on.edited.emit()
        rule.service.set_value("mail")
        rule.same_day.setChecked(True)
        _shoot(app, rule, "deadline_rule_dialog.png", (720, 600))

        prefs = PreferencesDialog(ctx)
        prefs.tabs.setCurrentWidget(prefs.closures)
        _shoot(app, prefs, "deadline_closure_preferences.png", (760, 560))

        from naij_tracker.domain.calendar import Shutdown

        ctx.deadlines.save_shutdowns([Shutdown(D("2027-10-01"), D("2027-10-20"),
                                               "Lapse in appropriations", "OPM shutdown notice")])
        prefs = PreferencesDialog(ctx)
        prefs.tabs.setCurrentWidget(prefs.shutdowns)
        _shoot(app, prefs, "deadline_shutdown_preferences.png", (760, 560))
        db.close()
    print(f"Screenshots written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
