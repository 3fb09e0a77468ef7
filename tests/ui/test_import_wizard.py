"""The grievance import wizard, walked as an officer would: file → sheet → columns → check → import.

Fixture spreadsheets are written by the tests (csv module, openpyxl) in ``tmp_path``; the
database is the ``ctx`` fixture's empty temporary one. Work runs on the real thread pool, so the
tests wait for it with ``qtbot.waitUntil`` / ``qtbot.waitSignal``.
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from naij_tracker.db.models import ImportBatch
from naij_tracker.importing.headers import map_headers
from naij_tracker.importing.plan import remembered_mapping
from naij_tracker.services.queries import list_matters
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.import_pages import commit_page
from naij_tracker.ui.import_pages.column_choices import NOTE, for_remembering
from naij_tracker.ui.import_pages.outcomes import CHANGED, ERROR, NEW, UNCHANGED
from naij_tracker.ui.import_wizard import (
    PAGE_CHECK,
    PAGE_COMMIT,
    PAGE_MAPPING,
    PAGE_SHEET,
    ImportWizard,
)

HEADERS = ["Griev. No.", "Judge", "IC", "Date filed", "Step", "Status", "Issue", "Widget notes"]
GOOD_ROWS = [
    ["G-0001", "Ana Ruiz", "Chicago", "2025-01-15", "Step 1", "Open", "Metric memo",
     "late docket"],
    ["G-0002", "Ben Cole", "Denver", "2025-02-03", "2", "Open", "Leave denial", ""],
    ["G-0003", "Union", "", "2025-02-20", "Step 3", "Appealed", "Telework", "unit-wide"],
    ["G-0004", "Cy Park", "Chicago", "2025-03-01", "Arb.", "Open", "Overtime", ""],
    ["G-0005", "Di Moss", "Newark", "2025-03-11", "Step 1", "Open", "Training", "note"],
]
BAD_ROW = ["G-0006", "Ed Lane", "Boston", "not a date", "Step 1", "Open", "Travel", ""]


def write_csv(path: Path, rows: Sequence[Sequence[str]], title: bool = True) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        if title:
            writer.writerow(["Grievances kept by the Chicago stewards"])
            writer.writerow([])
        writer.writerow(HEADERS)
        writer.writerows(rows)
    return path


@pytest.fixture
def steward_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "stewards.csv", [*GOOD_ROWS, BAD_ROW])


def grievance_count(ctx: AppContext) -> int:
    return len(list_matters(ctx.db, "grievance", include_closed=True).rows)


def batch_count(ctx: AppContext) -> int:
    with ctx.db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(ImportBatch)).scalar_one())


def open_wizard(qtbot: QtBot, ctx: AppContext, path: Path | None = None) -> ImportWizard:
    wizard = ImportWizard(ctx, None, path)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def click(qtbot: QtBot, wizard: ImportWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isEnabled(), f"{which} is disabled on page {wizard.currentId()}"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def go_to_mapping(qtbot: QtBot, wizard: ImportWizard) -> None:
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == PAGE_SHEET
    qtbot.waitUntil(wizard.sheet_page.isComplete, timeout=10_000)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == PAGE_MAPPING


def go_to_check(qtbot: QtBot, wizard: ImportWizard) -> None:
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == PAGE_CHECK
    qtbot.waitUntil(lambda: wizard.check_page.result is not None, timeout=10_000)


def commit(qtbot: QtBot, wizard: ImportWizard) -> int:
    with qtbot.waitSignal(wizard.imported, timeout=10_000) as blocker:
        click(qtbot, wizard, QWizard.WizardButton.CommitButton)
        assert wizard.currentId() == PAGE_COMMIT
    return int(blocker.args[0])


# --- the whole walk ----------------------------------------------------------------------------


def test_walk_the_wizard_end_to_end_then_undo(qtbot: QtBot, ctx: AppContext,
                                              steward_csv: Path) -> None:
    wizard = open_wizard(qtbot, ctx)
    files = wizard.file_page
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    qtbot.keyClicks(files.path_edit, str(steward_csv))
    assert not files.message.isVisible()

    go_to_mapping(qtbot, wizard)
    sheet = wizard.sheet_page
    assert sheet.header_spin.value() == 3  # the title row and the blank row are skipped
    assert "found in row 3" in sheet.detected_label.text()
    assert "6 rows below the header" in sheet.info_label.text()

    mapping = wizard.mapping_page
    assert mapping.combo_for("Griev. No.").currentData() == "grievance_number"
    assert mapping.combo_for("Judge").currentData() == "member_name"
    notes = mapping.combo_for("Widget notes")
    assert notes.currentData() == NOTE  # unknown header: kept as a note by default
    notes.setCurrentIndex(notes.findData("summary"))
    assert "→ Summary" in mapping.preview.horizontalHeaderItem(7).text()
    assert mapping.isComplete()

    go_to_check(qtbot, wizard)
    check = wizard.check_page
    buttons = check.filter_buttons
    assert buttons[NEW].text() == "New (5)"
    assert buttons[ERROR].text() == "Errors (1)"
    assert buttons[CHANGED].text() == "Changed (0)"
    # A row in error: importing needs the explicit choice to skip it.
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    qtbot.mouseClick(buttons[ERROR], Qt.MouseButton.LeftButton)
    assert check.proxy.rowCount() == 1
    row = [check.proxy.index(0, c).data() for c in range(4)]
    assert row[0] == 9 and row[1] == "G-0006" and row[2] == "Error"
    assert "Column 'Date filed'" in row[3]
    qtbot.mouseClick(buttons[None], Qt.MouseButton.LeftButton)
    assert check.proxy.rowCount() == 6
    check.skip_errors.click()

    batch_id = commit(qtbot, wizard)
    finished = wizard.commit_page
    assert finished.batch_id == batch_id
    assert f"import batch {batch_id}" in finished.status.text()
    assert "5 created" in finished.status.text() and "1 row with errors skipped" in \
        finished.status.text()
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert grievance_count(ctx) == 5
    record = ctx.matters.get(list_matters(ctx.db, "grievance", text_filter="G-0001").rows[0][0])
    assert record.values["summary"] == "late docket"  # the column mapped in the wizard

    # The corrected mapping is remembered for the next file with the same headers.
    remembered = remembered_mapping(ctx.db, map_headers(HEADERS).signature)
    assert remembered is not None and remembered["Widget notes"] == "summary"

    assert finished.undo_button.isVisible()
    with qtbot.waitSignal(wizard.undone, timeout=10_000):
        qtbot.mouseClick(finished.undo_button, Qt.MouseButton.LeftButton)
    assert grievance_count(ctx) == 0
    assert "was undone" in finished.status.text()
    assert not finished.undo_button.isVisible()
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert not wizard.isVisible()


def test_keyboard_only_import_of_a_clean_xlsx(qtbot: QtBot, ctx: AppContext,
                                              tmp_path: Path) -> None:
    path = tmp_path / "stewards.xlsx"
    book = openpyxl.Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Read me"
    cover.append(["This workbook lists our grievances"])
    data = book.create_sheet("Grievances")
    data.append(HEADERS)
    for r in GOOD_ROWS:
        data.append(r)
    book.save(path)

    wizard = open_wizard(qtbot, ctx, path)
    assert wizard.file_page.path_edit.text() == str(path)
    qtbot.keyClick(wizard, Qt.Key.Key_Return)  # Next is the default button
    assert wizard.currentId() == PAGE_SHEET
    qtbot.waitUntil(wizard.sheet_page.isComplete, timeout=10_000)
    # The first sheet with data is chosen; the other sheets stay one keystroke away.
    assert wizard.sheet_page.sheet_combo.currentText() == "Grievances"
    assert wizard.sheet_page.sheet_combo.count() == 2
    assert "'Read me'" in wizard.sheet_page.skipped_label.text()  # the cover sheet was passed
    qtbot.keyClick(wizard, Qt.Key.Key_Return)
    assert wizard.currentId() == PAGE_MAPPING
    qtbot.keyClick(wizard, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.check_page.result is not None, timeout=10_000)
    assert not wizard.check_page.skip_errors.isVisible()
    with qtbot.waitSignal(wizard.imported, timeout=10_000):
        qtbot.keyClick(wizard, Qt.Key.Key_Return)
    assert grievance_count(ctx) == 5


def test_reimport_shows_changes_and_unchanged_rows(qtbot: QtBot, ctx: AppContext,
                                                   tmp_path: Path) -> None:
    path = write_csv(tmp_path / "first.csv", GOOD_ROWS)
    wizard = open_wizard(qtbot, ctx, path)
    go_to_mapping(qtbot, wizard)
    go_to_check(qtbot, wizard)
    commit(qtbot, wizard)
    wizard.close()

    changed = [list(r) for r in GOOD_ROWS]
    changed[1][4] = "Step 3"
    path2 = write_csv(tmp_path / "second.csv", changed)
    wizard = open_wizard(qtbot, ctx, path2)
    go_to_mapping(qtbot, wizard)
    go_to_check(qtbot, wizard)
    check = wizard.check_page
    assert check.filter_buttons[CHANGED].text() == "Changed (1)"
    assert check.filter_buttons[UNCHANGED].text() == "Unchanged (4)"
    qtbot.mouseClick(check.filter_buttons[CHANGED], Qt.MouseButton.LeftButton)
    assert check.proxy.rowCount() == 1
    assert check.proxy.index(0, 3).data() == "Step: Step 2 → Step 3"
    commit(qtbot, wizard)
    assert "1 updated" in wizard.commit_page.status.text()


def test_remembered_mapping_is_applied(qtbot: QtBot, ctx: AppContext, steward_csv: Path) -> None:
    wizard = open_wizard(qtbot, ctx, steward_csv)
    go_to_mapping(qtbot, wizard)
    combo = wizard.mapping_page.combo_for("Widget notes")
    combo.setCurrentIndex(combo.findData("remedy_sought"))
    go_to_check(qtbot, wizard)
    wizard.reject()  # closed without importing: the mapping is remembered all the same

    again = open_wizard(qtbot, ctx, steward_csv)
    go_to_mapping(qtbot, again)
    assert again.mapping_page.remembered_label.isVisible()
    assert again.mapping_page.combo_for("Widget notes").currentData() == "remedy_sought"


def test_mapping_problems_block_next(qtbot: QtBot, ctx: AppContext, steward_csv: Path) -> None:
    wizard = open_wizard(qtbot, ctx, steward_csv)
    go_to_mapping(qtbot, wizard)
    page = wizard.mapping_page
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    filed = page.combo_for("Date filed")
    filed.setCurrentIndex(filed.findData(None))  # Don't import a required column
    assert not next_button.isEnabled()
    assert "filed on" in page.message.text().lower()
    assert "✗ Filed on" in page.required_label.text()
    filed.setCurrentIndex(filed.findData("filed_on"))
    judge = page.combo_for("IC")
    judge.setCurrentIndex(judge.findData("member_name"))  # Member twice
    assert not next_button.isEnabled()
    assert "Member is chosen for" in page.message.text()
    judge.setCurrentIndex(judge.findData("court"))
    assert next_button.isEnabled()


def test_error_report_is_saved(qtbot: QtBot, ctx: AppContext, steward_csv: Path,
                               tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "errors.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_a, **_k: (str(target), "CSV files (*.csv)"))
    wizard = open_wizard(qtbot, ctx, steward_csv)
    go_to_mapping(qtbot, wizard)
    go_to_check(qtbot, wizard)
    qtbot.mouseClick(wizard.check_page.save_button, Qt.MouseButton.LeftButton)
    with target.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["File", "Sheet", "Row", "Column", "Field", "Problem"]
    assert rows[1][2:4] == ["9", "Date filed"]
    assert "Saved 1 error" in wizard.check_page.note.text()


# --- files that cannot be imported -------------------------------------------------------------


def test_missing_or_unsupported_file_stays_on_page_one(qtbot: QtBot, ctx: AppContext,
                                                       tmp_path: Path) -> None:
    wizard = open_wizard(qtbot, ctx)
    page = wizard.file_page
    page.set_path(tmp_path / "nowhere.xlsx")
    assert page.message.isVisible() and "There is no file" in page.message.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    memo = tmp_path / "memo.pdf"
    memo.write_bytes(b"%PDF-1.4")
    page.set_path(memo)
    assert "'.pdf' files cannot be imported" in page.message.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("broken.xlsx", b"PK\x03\x04 this is not really a workbook" * 20, "broken.xlsx"),
    ("letters.csv", b"Dear steward,\nplease find the list attached.\n",
     "no recognisable header"),
])
def test_broken_file_shows_message_on_page_two(qtbot: QtBot, ctx: AppContext, tmp_path: Path,
                                               name: str, content: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    wizard = open_wizard(qtbot, ctx, path)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    page = wizard.sheet_page
    qtbot.waitUntil(page.message.isVisible, timeout=15_000)
    assert expected in page.message.text()
    assert "Traceback" not in page.message.text()
    assert not page.isComplete()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert wizard.currentId() == PAGE_SHEET
    # Back to page 1, choose a good file: the wizard recovers.
    click(qtbot, wizard, QWizard.WizardButton.BackButton)
    good = write_csv(tmp_path / "good.csv", GOOD_ROWS)
    wizard.file_page.set_path(good)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(page.isComplete, timeout=10_000)
    assert not page.message.isVisible()


def test_header_row_can_be_moved(qtbot: QtBot, ctx: AppContext, steward_csv: Path) -> None:
    wizard = open_wizard(qtbot, ctx, steward_csv)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    page = wizard.sheet_page
    qtbot.waitUntil(page.isComplete, timeout=10_000)
    page.header_spin.setValue(2)  # the blank row
    assert "blank" in page.message.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    page.header_spin.setValue(4)  # a data row: allowed, but flagged
    assert "does not look like a header row" in page.message.text()
    page.header_spin.setValue(3)
    assert not page.message.isVisible()
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_file_can_be_dropped_on_the_first_page(qtbot: QtBot, ctx: AppContext,
                                               steward_csv: Path) -> None:
    wizard = open_wizard(qtbot, ctx)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(steward_csv))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    wizard.file_page.dropEvent(event)
    assert wizard.file_page.path_edit.text() == str(steward_csv)
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()


# --- cancelling ----------------------------------------------------------------------------------


def test_cancel_during_commit_writes_nothing(qtbot: QtBot, ctx: AppContext, steward_csv: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    cancel_pressed = threading.Event()
    real_commit = commit_page.commit_plan

    def commit_after_the_click(*args: Any, **kwargs: Any) -> Any:
        # The real commit, with its first cancellation check held until Cancel was clicked.
        asked = kwargs["cancelled"]

        def cancelled() -> bool:
            cancel_pressed.wait(10)
            return bool(asked())

        return real_commit(*args, **{**kwargs, "cancelled": cancelled})

    monkeypatch.setattr(commit_page, "commit_plan", commit_after_the_click)
    wizard = open_wizard(qtbot, ctx, steward_csv)
    go_to_mapping(qtbot, wizard)
    go_to_check(qtbot, wizard)
    wizard.check_page.skip_errors.click()
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    page = wizard.commit_page
    assert page.running and not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    cancel_pressed.set()
    qtbot.waitUntil(lambda: not page.running, timeout=10_000)
    assert page.status.text() == "Import cancelled: nothing was written."
    assert not page.finished_ok and not page.undo_button.isVisible()
    assert grievance_count(ctx) == 0
    assert batch_count(ctx) == 0


def test_escape_during_commit_cancels_instead_of_closing(qtbot: QtBot, ctx: AppContext,
                                                         steward_csv: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    real_commit = commit_page.commit_plan

    def held(*args: Any, **kwargs: Any) -> Any:
        asked = kwargs["cancelled"]
        return real_commit(*args, **{**kwargs,
                                     "cancelled": lambda: release.wait(10) and bool(asked())})

    monkeypatch.setattr(commit_page, "commit_plan", held)
    wizard = open_wizard(qtbot, ctx, steward_csv)
    go_to_mapping(qtbot, wizard)
    go_to_check(qtbot, wizard)
    wizard.check_page.skip_errors.click()
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    wizard.reject()  # Escape, or the window's close button
    release.set()
    assert wizard.isVisible()
    qtbot.waitUntil(lambda: not wizard.commit_page.running, timeout=10_000)
    assert "nothing was written" in wizard.commit_page.status.text()
    assert grievance_count(ctx) == 0


# --- plain logic ---------------------------------------------------------------------------------


def test_remembering_keeps_note_columns_as_notes() -> None:
    mapping = map_headers(HEADERS, {"Step": None})
    stored = for_remembering(mapping).as_overrides()
    assert "Widget notes" not in stored  # stays a note next time, not "don't import"
    assert stored["Step"] is None and stored["Judge"] == "member_name"
    assert for_remembering(mapping).signature == mapping.signature
