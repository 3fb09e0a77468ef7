"""The date field typed into as an officer types: every accepted form, refusals, the calendar."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from naij_tracker.domain.dates import format_us
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.field_widgets import DateField
from naij_tracker.ui.matter_editor import MatterEditor
from naij_tracker.ui.tasks import TaskRunner

D = date.fromisoformat


@pytest.fixture
def grievance(qtbot: QtBot, ctx: AppContext) -> tuple[MatterEditor, int]:
    matter_id = ctx.matters.create(MatterKind.GRIEVANCE, {
        "title": "Leave denied", "grievance_number": "G-1", "filed_on": D("2026-01-05")})
    editor = MatterEditor(ctx, runner=TaskRunner(synchronous=True))
    qtbot.addWidget(editor)
    editor.resize(1100, 760)
    editor.show()
    qtbot.waitExposed(editor)
    editor.load(matter_id)
    return editor, matter_id


def filed_field(editor: MatterEditor) -> DateField:
    assert editor.form is not None
    field = editor.form.field("filed_on")
    assert isinstance(field, DateField)
    return field


def retype(qtbot: QtBot, field: DateField, text: str) -> None:
    field.edit.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field.edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(field.edit, text)
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)


@pytest.mark.parametrize(("typed", "stored", "echo"), [
    ("2019-08-09", D("2019-08-09"), "Friday, August 9, 2019"),
    ("3/7/2025", D("2025-03-07"), "Friday, March 7, 2025 (read month first, US usage)"),
    ("03/07/25", D("2025-03-07"),
     "Friday, March 7, 2025 (read month first, US usage; two-digit year 2025)"),
    ("Nov 24 2026", D("2026-11-24"), "Tuesday, November 24, 2026"),
    ("24 November 2026", D("2026-11-24"), "Tuesday, November 24, 2026"),
])
def test_every_form_typed_is_echoed_and_saved_as_typed(
        qtbot: QtBot, grievance: tuple[MatterEditor, int], ctx: AppContext,
        typed: str, stored: date, echo: str) -> None:
    editor, matter_id = grievance
    field = filed_field(editor)
    retype(qtbot, field, typed)
    assert field.echo.text() == echo
    assert editor.save_button.isEnabled()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert ctx.matters.get(matter_id).values["filed_on"] == stored


@pytest.mark.parametrize(("typed", "why"), [
    ("2/30/2026", "February 2026 has no day 30"),
    ("13/1/2026", "There is no month 13"),
    ("abc", "is not a date"),
])
def test_anything_else_is_refused_at_the_field_and_save_stays_off(
        qtbot: QtBot, grievance: tuple[MatterEditor, int], ctx: AppContext,
        typed: str, why: str) -> None:
    editor, matter_id = grievance
    field = filed_field(editor)
    retype(qtbot, field, typed)
    assert why in field.echo.text()
    assert field.echo.isVisible()
    assert field.edit.property("invalid") is True
    assert not editor.save_button.isEnabled()
    assert "Save is off until Filed holds a date" in editor.status_label.text()
    # Ctrl+S does not get round it either: the stored date is untouched.
    qtbot.keyClick(field.edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    editor.save()
    assert ctx.matters.get(matter_id).values["filed_on"] == D("2026-01-05")
    # Correcting the text brings Save back.
    retype(qtbot, field, "1/6/2026")
    assert editor.save_button.isEnabled()
    assert field.edit.property("invalid") is False


def test_calendar_pop_up_picks_a_day(qtbot: QtBot, grievance: tuple[MatterEditor, int],
                                     ctx: AppContext) -> None:
    editor, matter_id = grievance
    field = filed_field(editor)
    field.edit.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = field._popup
    assert popup is not None and popup.isVisible()
    assert popup.calendar.selectedDate().toString("yyyy-MM-dd") == "2026-01-05"
    grid = popup.calendar.findChild(QTableView)  # the calendar's day grid takes the keys
    assert grid is not None
    qtbot.keyClick(grid, Qt.Key.Key_Right)  # the next day
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert field.value() == D("2026-01-06")
    assert field.echo.text() == "Tuesday, January 6, 2026"
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert ctx.matters.get(matter_id).values["filed_on"] == D("2026-01-06")


def test_a_date_field_is_one_tab_stop(qtbot: QtBot, grievance: tuple[MatterEditor, int]) -> None:
    editor, _ = grievance
    assert editor.form is not None
    field = filed_field(editor)
    field.edit.setFocus()
    qtbot.waitUntil(field.edit.hasFocus)
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)
    focused = editor.focusWidget()
    assert focused is not field.button
    assert focused is not None and not field.isAncestorOf(focused)
    assert field.button.focusPolicy() == Qt.FocusPolicy.NoFocus


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)),
       us=st.booleans())
def test_any_date_typed_iso_or_us_is_saved_as_itself(
        qtbot: QtBot, grievance: tuple[MatterEditor, int], ctx: AppContext,
        day: date, us: bool) -> None:
    editor, matter_id = grievance
    field = filed_field(editor)
    retype(qtbot, field, format_us(day) if us else day.isoformat())
    assert field.value() == day
    if editor.is_dirty():
        assert editor.save()
    assert ctx.matters.get(matter_id).values["filed_on"] == day


def test_a_dialogs_ok_stays_off_while_its_date_is_refused(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from naij_tracker.ui.deadline_dialogs import ManualDeadlineDialog

    dialog = ManualDeadlineDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()
    dialog.due.edit.setFocus()
    dialog.due.edit.selectAll()
    qtbot.keyClicks(dialog.due.edit, "13/1/2026")
    assert not ok.isEnabled()
    dialog.due.edit.selectAll()
    qtbot.keyClicks(dialog.due.edit, "1/13/2026")
    assert ok.isEnabled()
    assert dialog.due.value() == D("2026-01-13")
