"""Preferences: settings saved and reloaded, CBA time limits and closure days, OK/Cancel."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from naij_tracker.services.settings import load_settings
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.preferences import PreferencesDialog


@pytest.fixture
def dialog(qtbot: QtBot, ctx: AppContext) -> PreferencesDialog:
    widget = PreferencesDialog(ctx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def replace_text(qtbot: QtBot, field, text: str) -> None:  # type: ignore[no-untyped-def]
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def test_settings_saved_and_reloaded(qtbot: QtBot, dialog: PreferencesDialog,
                                     ctx: AppContext) -> None:
    page = dialog.general
    replace_text(qtbot, page.union_name, "NAIJ Local 1")
    replace_text(qtbot, page.officer_name, "Pat Officer")
    replace_text(qtbot, page.marking, "Confidential - for the board")
    page.keep_daily.setValue(10)
    page.keep_weekly.setValue(4)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter presses OK
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = load_settings(ctx.db)
    assert (stored.union_name, stored.officer_name, stored.packet_marking,
            stored.backup_keep_daily, stored.backup_keep_weekly) == (
        "NAIJ Local 1", "Pat Officer", "Confidential - for the board", 10, 4)
    assert ctx.who == "Pat Officer"

    again = PreferencesDialog(ctx)
    qtbot.addWidget(again)
    assert again.general.union_name.text() == "NAIJ Local 1"
    assert again.general.keep_daily.value() == 10


def test_empty_union_name_is_refused(qtbot: QtBot, dialog: PreferencesDialog,
                                     ctx: AppContext) -> None:
    dialog.general.union_name.clear()
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.general.union_error.isVisible()
    assert dialog.general.union_error.text() == "Union name is required."
    assert load_settings(ctx.db).union_name == "National Association of Immigration Judges"


def test_escape_cancels_everything(qtbot: QtBot, dialog: PreferencesDialog,
                                   ctx: AppContext) -> None:
    replace_text(qtbot, dialog.general.union_name, "Not saved")
    dialog.rules.set_days("cba-step-answer", 20)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert load_settings(ctx.db).union_name != "Not saved"
    assert ctx.deadlines.rules()["cba-step-answer"].period.amount == 15


def test_edit_cba_time_limit(qtbot: QtBot, dialog: PreferencesDialog, ctx: AppContext) -> None:
    page = dialog.rules
    dialog.tabs.setCurrentWidget(page)
    row = next(i for i, d in enumerate(page.model.rows()) if d.id == "cba-step-answer")
    page.view.selectRow(row)
    assert page.name.text() == "Management step answer"
    page.days.setValue(10)
    page.day_type.setCurrentIndex(page.day_type.findData("working"))
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    assert page.drafts["cba-step-answer"].days == 10
    dialog.accept()
    rule = ctx.deadlines.rules()["cba-step-answer"]
    assert (rule.period.amount, rule.period.unit.value) == (10, "working_days")


def test_add_and_remove_cba_time_limit(qtbot: QtBot, dialog: PreferencesDialog,
                                       ctx: AppContext) -> None:
    page = dialog.rules
    dialog.tabs.setCurrentWidget(page)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.rule_id, "cba-step3-meeting")
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    assert page.error.isVisible() and "name" in page.error.text()
    qtbot.keyClicks(page.name, "Step 3 meeting")
    qtbot.keyClicks(page.deadline_title, "Hold step 3 meeting")
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    assert not page.error.isVisible()
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.rule_id, "ulp-charge")
    qtbot.keyClicks(page.name, "Clash")
    qtbot.keyClicks(page.deadline_title, "Clash")
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    assert "built-in" in page.error.text()
    row = next(i for i, d in enumerate(page.model.rows()) if d.id == "cba-invoke-arbitration")
    page.view.selectRow(row)
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    dialog.accept()
    rules = ctx.deadlines.rules()
    assert rules["cba-step3-meeting"].name == "Step 3 meeting"
    assert "cba-invoke-arbitration" not in rules


def test_closure_days(qtbot: QtBot, dialog: PreferencesDialog, ctx: AppContext) -> None:
    page = dialog.closures
    dialog.tabs.setCurrentWidget(page)
    page.day.set_value(date(2026, 12, 24))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.error.text() == "Say why the offices were closed."
    qtbot.keyClicks(page.reason, "Executive order: Christmas Eve")
    qtbot.keyClicks(page.source, "E.O. 14999")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    page.day.set_value(date(2026, 12, 26))  # a Saturday
    qtbot.keyClicks(page.reason, "Nope")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert "Saturday" in page.error.text()
    dialog.accept()
    stored = ctx.deadlines.stored_closures()
    assert [(c.day, c.reason, c.source) for _, c in stored] == [
        (date(2026, 12, 24), "Executive order: Christmas Eve", "E.O. 14999")]

    again = PreferencesDialog(ctx)
    qtbot.addWidget(again)
    again.closures.view.selectRow(0)
    qtbot.mouseClick(again.closures.remove_button, Qt.MouseButton.LeftButton)
    again.accept()
    assert ctx.deadlines.stored_closures() == []


def test_models_pass_the_model_tester(qtmodeltester, dialog: PreferencesDialog) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(dialog.rules.model)
    qtmodeltester.check(dialog.closures.model)
