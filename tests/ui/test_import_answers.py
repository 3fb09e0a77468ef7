"""The wizard's questions, answered as an officer would: what an unknown value means (and the
answer reused for the next file), who a near-matching name is, and a cell fixed on the check
page — by clicking and typing into the real widgets."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from naij_tracker.services.matters import MatterService
from naij_tracker.services.people import PeopleService
from naij_tracker.services.queries import list_matters
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.import_wizard import (
    PAGE_CHECK,
    PAGE_COMMIT,
    PAGE_MAPPING,
    PAGE_MEMBERS,
    PAGE_SHEET,
    PAGE_VALUES,
    ImportWizard,
)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
HEADERS = ["Grievance #", "Judge", "IC", "Status", "Date filed"]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADERS)
        writer.writerows(rows)
    return path


def open_wizard(qtbot: QtBot, ctx: AppContext, path: Path) -> ImportWizard:
    wizard = ImportWizard(ctx, None, path)
    qtbot.addWidget(wizard)
    wizard.resize(900, 650)
    wizard.show()
    return wizard


def click_next(qtbot: QtBot, wizard: ImportWizard) -> None:
    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled(), f"Next is disabled on page {wizard.currentId()}"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def to_columns(qtbot: QtBot, wizard: ImportWizard) -> None:
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_SHEET
    qtbot.waitUntil(wizard.sheet_page.isComplete, timeout=10_000)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_MAPPING


def wait_for_check(qtbot: QtBot, wizard: ImportWizard) -> None:
    assert wizard.currentId() == PAGE_CHECK
    qtbot.waitUntil(lambda: wizard.check_page.result is not None, timeout=10_000)


def commit(qtbot: QtBot, wizard: ImportWizard) -> int:
    with qtbot.waitSignal(wizard.imported, timeout=10_000) as blocker:
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton),
                         Qt.MouseButton.LeftButton)
        assert wizard.currentId() == PAGE_COMMIT
    return int(blocker.args[0])


def statuses(ctx: AppContext) -> dict[str, str]:
    service = MatterService(ctx.db, "t")
    out = {}
    for row in list_matters(ctx.db, "grievance", include_closed=True).rows:
        record = service.get(row[0])
        out[record.reference] = record.values["status"]
    return out


def test_a_value_mapped_on_the_values_page_is_reused_for_the_next_file(
        qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    first = write_csv(tmp_path / "boston.csv", [
        ["G-1", "Union", "Boston", "Done with it", "2026-01-05"],
        ["G-2", "Union", "Boston", "Pending mgmt response", "2026-01-06"],
        ["G-3", "Union", "Boston", "Done with it", "2026-01-07"]])
    wizard = open_wizard(qtbot, ctx, first)
    to_columns(qtbot, wizard)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_VALUES
    page = wizard.values_page
    assert page.table.rowCount() == 1  # each unknown value once…
    assert page.table.item(0, page.VALUE).text() == "Done with it"
    assert page.table.item(0, page.ROWS).text().startswith("2 ")  # …with its count
    combo = page.combo_for("Done with it")
    combo.setFocus()
    QTest.keyClicks(combo, "Withdrawn")
    assert combo.currentText() == "Withdrawn"
    wizard.grab().save(str(SCREENSHOTS / "import-values.png"))
    click_next(qtbot, wizard)
    wait_for_check(qtbot, wizard)
    assert wizard.check_page.result is not None
    assert wizard.check_page.result.plan.errors == ()
    commit(qtbot, wizard)
    assert statuses(ctx) == {"G-1": "withdrawn", "G-2": "awaiting_answer", "G-3": "withdrawn"}
    wizard.close()

    # The next file laid out the same way asks nothing: the profile remembers the answer.
    second = write_csv(tmp_path / "boston-march.csv", [
        ["G-4", "Union", "Boston", "Done with it", "2026-03-02"]])
    again = open_wizard(qtbot, ctx, second)
    to_columns(qtbot, again)
    click_next(qtbot, again)
    wait_for_check(qtbot, again)  # the values page was not needed
    commit(qtbot, again)
    assert statuses(ctx)["G-4"] == "withdrawn"


def test_the_members_page_offers_the_near_match(qtbot: QtBot, ctx: AppContext,
                                                tmp_path: Path) -> None:
    people = PeopleService(ctx.db, "t")
    wen = people.create_member({"name": "Wen Castellanos", "court": "Chicago"})
    grace = people.create_member({"name": "Grace Lee", "court": "Boston"})
    src = write_csv(tmp_path / "log.csv", [
        ["G-1", "Wen Castelanos", "Chicago", "Open", "2026-01-05"],
        ["G-2", "Lee, Grace", "Boston", "Open", "2026-01-06"],
        ["G-3", "Hon. Grace Lee", "Boston", "Open", "2026-01-07"]])
    wizard = open_wizard(qtbot, ctx, src)
    to_columns(qtbot, wizard)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_MEMBERS
    page = wizard.members_page
    assert page.table.rowCount() == 1
    combo = page.combo_for("Wen Castelanos")
    options = [combo.itemText(i) for i in range(combo.count())]
    assert options == ["Choose…", "Did you mean Wen Castellanos, Chicago? (one letter off)",
                       "A new member: Wen Castelanos"]
    assert "Grace Lee" in page.matched.text()  # found under another spelling
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    combo.setFocus()
    QTest.keyClicks(combo, "Did")
    assert combo.currentData() == wen
    wizard.grab().save(str(SCREENSHOTS / "import-members.png"))
    click_next(qtbot, wizard)
    wait_for_check(qtbot, wizard)
    plan = wizard.check_page.result.plan  # type: ignore[union-attr]
    assert plan.new_members == 0 and plan.errors == ()
    commit(qtbot, wizard)
    service = MatterService(ctx.db, "t")
    members = {service.get(r[0]).reference: service.get(r[0]).values["member_id"]
               for r in list_matters(ctx.db, "grievance").rows}
    assert members == {"G-1": wen, "G-2": grace, "G-3": grace}
    assert len(people.members()) == 2


def test_a_cell_fixed_on_the_check_page_is_checked_again_and_the_fix_applied_to_all(
        qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    src = write_csv(tmp_path / "log.csv", [
        ["G-1", "Union", "Boston", "Open", "2026-01-05"],
        ["G-2", "Union", "Boston", "Open", "sometime in May"],
        ["G-3", "Union", "Boston", "Open", "sometime in May"],
        ["G-4", "Union", "Boston", "Open", "sometime in May"]])
    wizard = open_wizard(qtbot, ctx, src)
    to_columns(qtbot, wizard)
    click_next(qtbot, wizard)
    wait_for_check(qtbot, wizard)
    check = wizard.check_page
    fixes = check.fixes
    assert fixes.isVisible() and fixes.row_numbers == [3, 4, 5]
    # Double-clicking a row in error in the results takes the officer to its cells.
    view = check.table
    target = next(r for r in range(check.proxy.rowCount())
                  if check.proxy.index(r, 0).data() == 4)
    rect = view.visualRect(check.proxy.index(target, 2))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert fixes.currentRow() == fixes.row_numbers.index(4)
    item = fixes.item_at(3, 4)
    assert item is not None and item.text() == "sometime in May"
    fixes.setCurrentItem(item)
    fixes.editItem(item)
    editor = QApplication.focusWidget()
    assert editor is not None
    QTest.keySequence(editor, "Ctrl+A")
    QTest.keyClicks(editor, "2026-05-04")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: check.result is not None and fixes.row_numbers == [4, 5],
                    timeout=10_000)
    assert check.result is not None and check.result.error_rows == 2  # row 3 passes now
    assert check.apply_all.isVisible()
    assert check.apply_all.text().startswith("Apply the same fix to all 2 rows with "
                                             "'sometime in May'")
    wizard.grab().save(str(SCREENSHOTS / "import-fix-rows.png"))
    qtbot.mouseClick(check.apply_all, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: check.result is not None and check.result.error_rows == 0,
                    timeout=10_000)
    assert not fixes.isVisible() and not check.apply_all.isVisible()
    commit(qtbot, wizard)
    service = MatterService(ctx.db, "t")
    filed = {service.get(r[0]).reference: service.get(r[0]).values["filed_on"].isoformat()
             for r in list_matters(ctx.db, "grievance").rows}
    assert filed == {"G-1": "2026-01-05", "G-2": "2026-05-04", "G-3": "2026-05-04",
                     "G-4": "2026-05-04"}


def test_a_libreoffice_sheet_then_an_openpyxl_one_with_the_same_layout(
        qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    """The steward's LibreOffice sheet: its unknown value is mapped on the values page; the next
    sheet of that layout (written by openpyxl) is imported without a question."""
    import openpyxl

    from naij_tracker.importing.sources import read_sheet

    ods = Path(__file__).resolve().parents[1] / "data" / "steward-log-libreoffice.ods"
    wizard = open_wizard(qtbot, ctx, ods)
    click_next(qtbot, wizard)
    qtbot.waitUntil(wizard.sheet_page.isComplete, timeout=10_000)
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_VALUES
    combo = wizard.values_page.combo_for("Done with it")
    combo.setFocus()
    QTest.keyClicks(combo, "Withdrawn")
    click_next(qtbot, wizard)
    wait_for_check(qtbot, wizard)
    result = wizard.check_page.result
    assert result is not None and result.plan.errors == () and result.plan.created == 9
    assert "Total open: 14" in wizard.check_page.summary.text()  # the footer, left out
    commit(qtbot, wizard)
    wizard.close()

    headers = list(read_sheet(ods, None).headers)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(headers)
    sheet.append(["S-10", "Ana Petrova", "Boston", "Parking", "Other", "Step 1", "Done with it",
                  "2025-02-03", "Normal", None, None])
    second = tmp_path / "steward-log-february.xlsx"
    book.save(second)
    again = open_wizard(qtbot, ctx, second)
    to_columns(qtbot, again)
    click_next(qtbot, again)
    wait_for_check(qtbot, again)  # no values page: the profile knew "Done with it"
    commit(qtbot, again)
    assert statuses(ctx)["S-10"] == "withdrawn"
