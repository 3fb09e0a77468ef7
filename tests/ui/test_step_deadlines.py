"""Deadlines proposed on save from the configured CBA limits, and "Add from rule…" defaults."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.overview import deadline_rows
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.deadline_dialogs import RuleDeadlineDialog
from naij_tracker.ui.field_widgets import ChoiceField
from naij_tracker.ui.matter_editor import MatterEditor
from naij_tracker.ui.proposed_deadlines import ProposedDeadlinesDialog
from naij_tracker.ui.tasks import TaskRunner

D = date.fromisoformat


@pytest.fixture
def editor(qtbot: QtBot, ctx: AppContext) -> MatterEditor:
    widget = MatterEditor(ctx, runner=TaskRunner(synchronous=True))
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def type_into(qtbot: QtBot, editor: MatterEditor, name: str, text: str) -> None:
    assert editor.form is not None
    widget = editor.form.field(name)
    target = getattr(widget, "edit", None) or widget
    target.setFocus()
    qtbot.keyClick(target, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(target, text)


def choose(editor: MatterEditor, name: str, code: str) -> None:
    assert editor.form is not None
    combo = editor.form.field(name)
    assert isinstance(combo, ChoiceField)
    index = combo.findData(code)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def test_saved_step_2_grievance_proposes_its_answer_deadline_from_the_configured_limit(
        qtbot: QtBot, editor: MatterEditor, ctx: AppContext,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The union's CBA: management answers within 10 working days.
    ctx.deadlines.save_cba_rule("cba-step-answer", "Management step answer", 10, "working",
                                "grievance", "grievance_filed", "Management answer due",
                                "CBA Art. 27, Sec. 4")
    shown: dict[str, object] = {}

    def officer_accepts(dialog: ProposedDeadlinesDialog) -> int:
        shown["titles"] = [row.title.value() for row in dialog.rows]
        shown["due"] = [row.due.text() for row in dialog.rows]
        shown["rule"] = [row.rule.text() for row in dialog.rows]
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ProposedDeadlinesDialog, "exec", officer_accepts)
    editor.new_matter(MatterKind.GRIEVANCE)
    type_into(qtbot, editor, "title", "Docket reassigned")
    type_into(qtbot, editor, "grievance_number", "G-2026-7")
    choose(editor, "step", "step2")
    type_into(qtbot, editor, "filed_on", "3/2/2026")
    with qtbot.waitSignal(editor.saved) as saved:
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert shown["titles"] == ["Management's Step 2 answer due"]
    # 10 working days from Monday 2026-03-02: Monday 2026-03-16.
    assert "due 2026-03-16" in shown["due"][0]  # type: ignore[index]
    assert "CBA Art. 27, Sec. 4" in shown["rule"][0]  # type: ignore[index]
    rows = deadline_rows(ctx.db, matter_id=saved.args[0])
    assert [(r.title, r.due_on, r.rule_id, r.trigger_on) for r in rows] == [
        ("Management's Step 2 answer due", D("2026-03-16"), "cba-step-answer", D("2026-03-02"))]
    assert editor.status_label.text() == "Saved; 1 deadline added."
    assert "(1)" in editor.tabs.tabText(editor.tabs.indexOf(editor.deadlines_tab))

    # Saving again without a change of step or date proposes nothing new.
    monkeypatch.setattr(ProposedDeadlinesDialog, "exec",
                        lambda _d: pytest.fail("nothing new to propose"))
    type_into(qtbot, editor, "title", "Docket reassigned (revised)")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert len(deadline_rows(ctx.db, matter_id=saved.args[0])) == 1


def test_the_officer_edits_the_event_date_in_the_review(
        qtbot: QtBot, editor: MatterEditor, ctx: AppContext,
        monkeypatch: pytest.MonkeyPatch) -> None:
    matter_id = ctx.matters.create(MatterKind.GRIEVANCE, {
        "title": "Leave", "grievance_number": "G-8", "filed_on": D("2026-03-02")})
    editor.load(matter_id)

    def officer_corrects(dialog: ProposedDeadlinesDialog) -> int:
        row = dialog.rows[0]
        row.trigger_on.edit.selectAll()
        qtbot.keyClicks(row.trigger_on.edit, "4/1/2026")
        assert "due 2026-04-16" in row.due.text()  # 15 calendar days (the default limit)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ProposedDeadlinesDialog, "exec", officer_corrects)
    choose(editor, "step", "step2")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    rows = deadline_rows(ctx.db, matter_id=matter_id)
    assert [(r.due_on, r.trigger_on) for r in rows] == [(D("2026-04-16"), D("2026-04-01"))]


def test_flra_decision_date_proposes_exceptions(
        qtbot: QtBot, editor: MatterEditor, ctx: AppContext,
        monkeypatch: pytest.MonkeyPatch) -> None:
    matter_id = ctx.matters.create(MatterKind.FLRA, {
        "title": "Charge", "case_type": "ulp_against_agency", "filed_on": D("2026-01-05")})
    editor.load(matter_id)
    titles: list[str] = []

    def look(dialog: ProposedDeadlinesDialog) -> int:
        titles.extend(row.proposal.rule.id for row in dialog.rows)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ProposedDeadlinesDialog, "exec", look)
    type_into(qtbot, editor, "decision_on", "2026-06-01")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert titles == ["alj-exceptions"]
    assert [r.rule_id for r in deadline_rows(ctx.db, matter_id=matter_id)] == ["alj-exceptions"]


def test_add_from_rule_starts_on_the_records_event_and_date(
        qtbot: QtBot, editor: MatterEditor, ctx: AppContext,
        monkeypatch: pytest.MonkeyPatch) -> None:
    matter_id = ctx.matters.create(MatterKind.GRIEVANCE, {
        "title": "Leave", "grievance_number": "G-9", "step": "step2",
        "filed_on": D("2026-03-02")})
    editor.load(matter_id)
    editor.tabs.setCurrentWidget(editor.deadlines_tab)
    seen: dict[str, object] = {}

    def look(dialog: RuleDeadlineDialog) -> int:
        seen["trigger"] = dialog.trigger.value()
        seen["on"] = dialog.trigger_on.value()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(RuleDeadlineDialog, "exec", look)
    qtbot.mouseClick(editor.deadlines_tab.add_rule, Qt.MouseButton.LeftButton)
    assert seen == {"trigger": "grievance_filed", "on": D("2026-03-02")}


def test_a_deadline_already_overdue_is_red_and_says_so_in_the_matters_tab(
        qtbot: QtBot, editor: MatterEditor, ctx: AppContext) -> None:
    from datetime import timedelta

    from naij_tracker.domain import clock

    matter_id = ctx.matters.create(MatterKind.GRIEVANCE, {
        "title": "Leave", "grievance_number": "G-10", "filed_on": D("2026-01-05")})
    ctx.deadlines.add_manual(matter_id, "Reply to the agency", clock.today() - timedelta(days=2))
    editor.load(matter_id)
    tab = editor.deadlines_tab
    model = tab.view.model()
    assert tab.view.selectionModel().isRowSelected(0)  # selected, and still red
    when = model.index(0, 2)
    assert when.data() == "Overdue by 2 days"
    assert when.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#c62828"
    option_palette_colour = _selected_text_colour(tab.view, when)
    assert option_palette_colour == "#c62828"


def _selected_text_colour(view: object, index: object) -> str:
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    view.itemDelegate().initStyleOption(option, index)  # type: ignore[attr-defined]
    return option.palette.color(QPalette.ColorRole.HighlightedText).name()
