"""The deadline review dialog: old and new dates, ticking, applying only the ticked ones."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.queries import deadline_rows
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.deadline_review import DeadlineReviewDialog
from naij_tracker.ui.tasks import TaskRunner

D = date.fromisoformat


def _changed(ctx: AppContext) -> tuple[int, int]:
    flra = ctx.matters.create(MatterKind.FLRA, {"title": "Award on telework",
                                                "case_type": "arbitration_exceptions"})
    grievance = ctx.matters.create(MatterKind.GRIEVANCE, {
        "title": "Leave denied", "grievance_number": "G-2026-014", "filed_on": D("2026-10-01")})
    ctx.deadlines.set_closure_policy("holiday")
    exceptions = ctx.deadlines.add_from_rule(flra, "arbitration-exceptions", D("2026-11-24"))
    step = ctx.deadlines.add_from_rule(grievance, "cba-step-appeal", D("2026-11-02"))
    ctx.deadlines.add_closure(D("2026-12-24"), "Christmas Eve closure", "Executive order")
    ctx.deadlines.save_cba_rule("cba-step-appeal", "Appeal to the next step", 20, "calendar",
                                "grievance", "step_answer_received", "Appeal to next step due",
                                "CBA Art. 9")
    return exceptions, step


def test_review_dialog_applies_only_the_ticked_deadline(qtbot: QtBot, ctx: AppContext,
                                                       tmp_path: Path) -> None:
    exceptions, step = _changed(ctx)
    dialog = DeadlineReviewDialog(ctx, ctx.deadlines.recheck())
    qtbot.addWidget(dialog)
    dialog.resize(980, 380)
    table = dialog.table
    rows = {table.item(r, 2).text(): r for r in range(table.rowCount())}
    ex_row = rows["File exceptions to arbitration award"]
    assert table.item(ex_row, 3).text() == "Thu 2026-12-24"
    assert table.item(ex_row, 4).text().startswith("Mon 2026-12-28, 11:59 p.m. ET")
    assert "closure added: 2026-12-24" in table.item(ex_row, 5).text()
    assert "15 days -> 20 days" in table.item(rows["Appeal to next step due"], 5).text()
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.grab().save(str(tmp_path / "review.png"))  # docs/make_deadline_screenshots.py

    # Untick the step appeal by clicking its box, then apply.
    step_row = rows["Appeal to next step due"]
    rect = table.visualItemRect(table.item(step_row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.topLeft() + rect.center() - rect.topLeft())
    if table.item(step_row, 0).checkState() == Qt.CheckState.Checked:  # style without a box hit
        table.item(step_row, 0).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.chosen_ids() == [exceptions]
    assert dialog.apply_button.text() == "A&pply 1 ticked"
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert dialog.applied == 1
    due = {r.id: r.due_on for r in deadline_rows(ctx.db)}
    assert due == {exceptions: D("2026-12-28"), step: D("2026-11-17")}


def test_keep_all_changes_nothing(qtbot: QtBot, ctx: AppContext) -> None:
    exceptions, step = _changed(ctx)
    dialog = DeadlineReviewDialog(ctx, ctx.deadlines.recheck())
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.select_none, Qt.MouseButton.LeftButton)
    assert not dialog.apply_button.isEnabled()
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    due = {r.id: r.due_on for r in deadline_rows(ctx.db)}
    assert due == {exceptions: D("2026-12-24"), step: D("2026-11-17")}
    assert len(ctx.deadlines.recheck()) == 2


def test_rule_dialog_records_same_day_service(qtbot: QtBot, ctx: AppContext) -> None:
    """5 C.F.R. 2425.2(c)(5): an award emailed the same day as mailed gets no mail days."""
    from naij_tracker.ui.deadline_dialogs import RuleDeadlineDialog

    dialog = RuleDeadlineDialog(ctx, MatterKind.FLRA)
    qtbot.addWidget(dialog)
    dialog.select_trigger("award_served")
    dialog.trigger_on.set_value(D("2026-05-07"))
    dialog.trigger_on.edited.emit()
    dialog.service.set_value("mail")
    assert "2026-06-15" in dialog.preview.text() and "11:59 p.m. Eastern" in dialog.preview.text()
    qtbot.mouseClick(dialog.same_day, Qt.MouseButton.LeftButton)
    assert dialog.service_methods() == ["mail", "electronic"]
    assert "2026-06-08" in dialog.preview.text() and "2425.2(c)(5)" in dialog.preview.text()
    assert not dialog.adverse.isHidden()
    qtbot.mouseClick(dialog.adverse, Qt.MouseButton.LeftButton)
    assert dialog.facts() == ["adverse_action"]
    assert "Federal Circuit" in dialog.preview.text()


def test_deadlines_view_flags_older_rules_and_reviews(qtbot: QtBot, ctx: AppContext,
                                                     monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A deadline stored before this rule set (mail days added first: 2026-06-11) is flagged,
    shown with the FLRA filing time, and corrected to 2026-06-15 only when the officer applies."""
    from naij_tracker.db.models import Deadline
    from naij_tracker.ui.deadlines_view import DeadlinesView

    flra = ctx.matters.create(MatterKind.FLRA, {"title": "Award",
                                                "case_type": "arbitration_exceptions"})
    did = ctx.deadlines.add_from_rule(flra, "arbitration-exceptions", D("2026-05-07"), "mail")
    with ctx.db.sessions.begin() as session:
        row = session.get(Deadline, did)
        assert row is not None
        row.due_on, row.ruleset_version, row.computed_with = D("2026-06-11"), None, None
    view = DeadlinesView(ctx)
    qtbot.addWidget(view)
    view.refresh()
    assert "1 computed with older rules" in view.summary.text()
    assert view.model.item(0).child(0, 0).text() == "2026-06-11, 11:59 p.m. ET"  # overdue
    seen: list[list[str]] = []

    def apply_all(dialog: DeadlineReviewDialog) -> int:
        seen.append([dialog.table.item(0, c).text() for c in (3, 4)])
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
        return 1

    monkeypatch.setattr(DeadlineReviewDialog, "exec", apply_all)
    qtbot.mouseClick(view.review_button, Qt.MouseButton.LeftButton)
    assert seen == [["Thu 2026-06-11", "Mon 2026-06-15, 11:59 p.m. ET"]]
    assert [r.due_on for r in deadline_rows(ctx.db)] == [D("2026-06-15")]
    assert "older rules" not in view.summary.text()


def test_preferences_policy_switch_offers_the_review(qtbot: QtBot, ctx: AppContext,
                                                    monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Closure days are not settled law (5 C.F.R. 2429.21(a)): the union chooses; the deadlines
    the choice moves are listed before anything changes."""
    from PySide6.QtWidgets import QComboBox

    from naij_tracker.ui.preferences import PreferencesDialog

    flra = ctx.matters.create(MatterKind.FLRA, {"title": "Award",
                                                "case_type": "arbitration_exceptions"})
    did = ctx.deadlines.add_from_rule(flra, "arbitration-exceptions", D("2026-11-24"))
    ctx.deadlines.add_closure(D("2026-12-24"), "Christmas Eve closure", "Executive order")
    assert ctx.deadlines.recheck()[0].new_alternative == D("2026-12-28")  # alternative moved
    ctx.deadlines.apply_review(ctx.deadlines.recheck(), [did])
    assert ctx.deadlines.recheck() == []
    offered: list[list[tuple[date, date]]] = []

    def keep_all(dialog: DeadlineReviewDialog) -> int:
        offered.append([(i.old_due, i.new_due) for i in dialog.items])
        qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
        return 0

    monkeypatch.setattr(DeadlineReviewDialog, "exec", keep_all)
    prefs = PreferencesDialog(ctx)
    qtbot.addWidget(prefs)
    prefs.show()
    prefs.tabs.setCurrentWidget(prefs.closures)
    combo = prefs.closures.policy
    assert isinstance(combo, QComboBox)
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # "Treat closure days as holidays…"
    assert combo.currentData() == "holiday"
    prefs.accept()
    assert ctx.deadlines.closure_policy() == "holiday"
    assert offered == [[(D("2026-12-24"), D("2026-12-28"))]]
    assert [r.due_on for r in deadline_rows(ctx.db)] == [D("2026-12-24")]  # kept


def test_trigger_correction_offers_the_deadlines_from_the_same_event(
        qtbot: QtBot, ctx: AppContext, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Correcting the date an award was served offers every deadline counted from it; the
    same-day email recorded with the first count is kept (5 C.F.R. 2425.2(c)(5))."""
    from PySide6.QtWidgets import QDialog

    from naij_tracker.ui.deadline_dialogs import TriggerDialog
    from naij_tracker.ui.matter_tabs.deadlines import DeadlinesTab

    grievance = ctx.matters.create(MatterKind.GRIEVANCE, {
        "title": "Leave denied", "grievance_number": "G-1", "filed_on": D("2026-01-05")})
    ctx.deadlines.save_cba_rule("cba-award-notice", "Notify the grievant of the award", 5,
                                "working", "grievance", "award_served", "Notify grievant",
                                "CBA Art. 10")
    exceptions = ctx.deadlines.add_from_rule(grievance, "arbitration-exceptions",
                                             D("2026-05-07"), ["mail", "electronic"])
    notice = ctx.deadlines.add_from_rule(grievance, "cba-award-notice", D("2026-05-07"))
    tab = DeadlinesTab(ctx, runner=TaskRunner(synchronous=True))
    qtbot.addWidget(tab)
    tab.set_matter(grievance, MatterKind.GRIEVANCE)
    tab.refresh()
    assert tab.model.index(0, 1).data() == ""  # the CBA notice (due first) has no filing time
    tab.view.selectRow(1)
    assert tab.selected().id == exceptions
    assert tab.model.index(1, 1).data() == "11:59 p.m. ET"

    def corrected(dialog: TriggerDialog) -> int:
        assert dialog.same_day.isChecked() and dialog.service_method() == "mail"
        dialog.trigger_on.set_value(D("2026-05-08"))
        dialog.trigger_on.edited.emit()
        assert "2026-06-08" in dialog.preview.text()  # 30 days: Sunday 06-07 -> Monday
        return QDialog.DialogCode.Accepted

    offered: list[set[int]] = []

    def apply_ticked(dialog: DeadlineReviewDialog) -> int:
        offered.append({i.deadline_id for i in dialog.items})
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
        return 1

    monkeypatch.setattr(TriggerDialog, "exec", corrected)
    monkeypatch.setattr(DeadlineReviewDialog, "exec", apply_ticked)
    qtbot.mouseClick(tab.change, Qt.MouseButton.LeftButton)
    assert offered == [{exceptions, notice}]
    rows = {r.id: r for r in deadline_rows(ctx.db)}
    assert rows[exceptions].due_on == D("2026-06-08")
    assert rows[notice].trigger_on == D("2026-05-08") and rows[notice].due_on == D("2026-05-15")


def test_edit_menu_reviews_deadlines(qtbot: QtBot, ctx: AppContext, ui_settings_store,
                                     monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Edit ▸ Review deadlines against current rules: says so when nothing would change,
    otherwise lists what would."""
    from PySide6.QtWidgets import QMessageBox

    from naij_tracker.ui.main_window import MainWindow
    from naij_tracker.ui.tasks import TaskRunner

    window = MainWindow(ctx, runner=TaskRunner(synchronous=True), store=ui_settings_store)
    qtbot.addWidget(window)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda _parent, _title, text: said.append(text))
    window.act_review_deadlines.trigger()
    assert said == ["No open deadline would change under the current rules."]
    exceptions, step = _changed(ctx)
    shown: list[int] = []

    def keep(dialog: DeadlineReviewDialog) -> int:
        shown.append(len(dialog.items))
        return 0

    monkeypatch.setattr(DeadlineReviewDialog, "exec", keep)
    window.act_review_deadlines.trigger()
    assert shown == [2]


def test_shutdown_recorded_in_preferences(qtbot: QtBot, ctx: AppContext,
                                          monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Preferences ▸ Shutdowns: a lapse in appropriations typed in is saved on OK; the deadline
    that falls in it keeps its date and is offered with the warning."""
    from naij_tracker.ui.preferences import PreferencesDialog

    flra = ctx.matters.create(MatterKind.FLRA, {"title": "Award",
                                                "case_type": "arbitration_exceptions"})
    ctx.deadlines.add_from_rule(flra, "arbitration-exceptions", D("2027-09-15"))
    offered: list[tuple[str, str]] = []

    def look(dialog: DeadlineReviewDialog) -> int:
        offered.append((dialog.table.item(0, 4).text(), dialog.table.item(0, 5).text()))
        return 0

    monkeypatch.setattr(DeadlineReviewDialog, "exec", look)
    prefs = PreferencesDialog(ctx)
    qtbot.addWidget(prefs)
    prefs.show()
    page = prefs.shutdowns
    prefs.tabs.setCurrentWidget(page)
    page.first.set_value(D("2027-10-01"))
    page.last.set_value(D("2027-09-30"))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.error.text() == "The last day comes before the first."
    page.last.set_value(D("2027-10-20"))
    qtbot.keyClicks(page.source, "OPM shutdown notice")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 1
    prefs.accept()
    (stored,) = ctx.deadlines.stored_shutdowns()
    assert (stored.first, stored.last, stored.source) == (D("2027-10-01"), D("2027-10-20"),
                                                          "OPM shutdown notice")
    assert offered and offered[0][0].startswith("Fri 2027-10-15")
    assert "deadline stands" in offered[0][1]
