"""Grab each page of the grievance import wizard offscreen at 900×650, for looking at (not a test).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/look_import_wizard.py [OUT_DIR]
(default OUT_DIR: /tmp/look_import). A temporary database gets the sample data and a first
import of a generated steward's workbook; the wizard then imports a second version of it, so the
check page shows new, changed, unchanged and error rows. Work runs synchronously here
(``TaskRunner(synchronous=True)``) so that each grab shows a finished page.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import openpyxl
from PySide6.QtWidgets import QApplication, QWidget

from naij_tracker.db.opening import open_database
from naij_tracker.importing.commit import commit_plan
from naij_tracker.importing.pipeline import build_plan
from naij_tracker.services.sample_data import load_sample_data
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.import_wizard import ImportWizard
from naij_tracker.ui.style import apply_style, choose_style
from naij_tracker.ui.tasks import TaskRunner

HEADERS = ["Griev. No.", "Judge", "IC", "Date filed", "Step", "Status", "Issue", "CBA Art.",
           "Steward", "Remedy", "Follow-up"]
COURTS = ["Chicago", "Denver", "Newark", "San Francisco", "Houston", "Arlington"]
ISSUES = ["Performance metrics", "Telework", "Leave", "Overtime", "Training", "Discipline"]
NAMES = ["Ana Ruiz", "Ben Cole", "Cy Park", "Di Moss", "Ed Lane", "Flo Grant", "Gus Hale",
         "Hana Ito", "Ivan Petrov", "June Okafor"]


def workbook(path: Path, version: int) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Grievances 2025"
    sheet.append(["Chicago & Midwest stewards — grievance log"])
    sheet.append([f"Updated by J. Okafor, version {version}"])
    sheet.append([])
    sheet.append(HEADERS)
    count = 40 if version == 1 else 52
    for i in range(count):
        step = ["Step 1", "Step 2", "3", "Arb."][i % 4]
        if version == 2 and i % 9 == 0:
            step = "Step 3"
        filed = f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}"
        if version == 2 and i in (44, 47):
            filed = "sometime in May"
        sheet.append([f"CHI-25-{i + 1:04d}", NAMES[i % len(NAMES)], COURTS[i % len(COURTS)],
                      filed, step, "Open" if i % 5 else "Appealed", ISSUES[i % len(ISSUES)],
                      f"Art. {10 + i % 20}", "J. Okafor", "Rescind the memo",
                      "call back" if i % 7 == 0 else ""])
    if version == 2:
        sheet.append(["CHI-25-0003", "Cy Park", "Chicago", "2025-04-04", "Step 1", "Open",
                      "Leave", "Art. 9", "J. Okafor", "", ""])
    book.create_sheet("Notes").append(["Nothing here"])
    book.save(path)
    return path


def grab(widget: QWidget, path: Path) -> None:
    QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


def main() -> None:
    choose_style()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    apply_style(app)
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/look_import")
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="look_import_"))
    db = open_database(work / "look.sqlite3")
    load_sample_data(db)
    ctx = AppContext.for_database(db)
    commit_plan(db, build_plan(db, workbook(work / "first.xlsx", 1)), ctx.who)
    path = workbook(work / "stewards-2025.xlsx", 2)

    wizard = ImportWizard(ctx, None, runner=TaskRunner(synchronous=True))
    wizard.resize(900, 650)
    wizard.show()
    grab(wizard, out / "import_1_file_empty.png")
    wizard.file_page.set_path(path)
    grab(wizard, out / "import_1_file.png")
    wizard.next()
    grab(wizard, out / "import_2_sheet.png")
    wizard.next()
    combo = wizard.mapping_page.combo_for("Follow-up")
    combo.setCurrentIndex(combo.findData("outcome"))
    grab(wizard, out / "import_3_columns.png")
    wizard.next()
    grab(wizard, out / "import_4_check.png")
    wizard.check_page.show_category("error")
    grab(wizard, out / "import_4_check_errors.png")
    wizard.check_page.show_category("changed")
    grab(wizard, out / "import_4_check_changed.png")
    wizard.check_page.show_category(None)
    wizard.check_page.skip_errors.setChecked(True)
    wizard.next()
    grab(wizard, out / "import_5_done.png")
    wizard.commit_page.undo()
    grab(wizard, out / "import_5_undone.png")
    wizard.close()
    db.close()


if __name__ == "__main__":
    main()
