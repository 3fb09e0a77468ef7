"""The matter editor driven as an officer would: typing, clicking Save, answering prompts."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QTreeWidget
from pytestqt.qtbot import QtBot

from naij_tracker.domain import clock
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.queries import counts
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.field_widgets import ChoiceField, MemberPicker, MetricPicker
from naij_tracker.ui.matter_editor import MatterEditor
from naij_tracker.ui.tasks import TaskRunner


@pytest.fixture
def editor(qtbot: QtBot, ctx: AppContext) -> MatterEditor:
    widget = MatterEditor(ctx, runner=TaskRunner(synchronous=True))
    qtbot.addWidget(widget)
    widget.resize(1040, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def type_into(qtbot: QtBot, editor: MatterEditor, name: str, text: str) -> None:
    assert editor.form is not None
    widget = editor.form.field(name)
    target = widget.lineEdit() if hasattr(widget, "lineEdit") else widget
    target.setFocus()
    qtbot.keyClicks(target, text)


def choose(editor: MatterEditor, name: str, code: str) -> None:
    assert editor.form is not None
    combo = editor.form.field(name)
    assert isinstance(combo, ChoiceField)
    index = combo.findData(code)
    assert index >= 0
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def click_save(qtbot: QtBot, editor: MatterEditor) -> None:
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)


def error_at(editor: MatterEditor, name: str) -> str:
    assert editor.form is not None
    return editor.form.error_text(name)


def test_create_one_matter_of_each_kind(qtbot: QtBot, editor: MatterEditor,
                                        ctx: AppContext) -> None:
    member_id = ctx.people.create_member({"name": "Ada Alvarez", "court": "Baltimore"})
    ctx.people.create_metric({"name": "Annual completions", "target": 700.0})
    created: dict[MatterKind, int] = {}
    for kind in MatterKind:
        editor.new_matter(kind)
        assert editor.reference_label.text().startswith("New ")
        type_into(qtbot, editor, "title", f"A {kind.label} made in the editor")
        if kind is MatterKind.BARGAINING:
            type_into(qtbot, editor, "subject", "New completion metric")
            choose(editor, "bargaining_type", "impact_and_implementation")
        elif kind is MatterKind.FLRA:
            type_into(qtbot, editor, "case_number", "wa-ca-26-0042")
            choose(editor, "case_type", "ulp_against_agency")
            type_into(qtbot, editor, "region", "Washington")
        elif kind is MatterKind.GRIEVANCE:
            type_into(qtbot, editor, "grievance_number", "G-2026-001")
            type_into(qtbot, editor, "member_id", "Ada Alvarez")
            choose(editor, "step", "step2")
        else:
            type_into(qtbot, editor, "metric_id", "Annual completions")
            type_into(qtbot, editor, "measured_value", "612")
        assert editor.is_dirty()
        with qtbot.waitSignal(editor.saved) as saved:
            click_save(qtbot, editor)
        created[kind] = saved.args[0]
        assert not editor.is_dirty()
        assert editor.status_label.text() == "Saved."

    records = {kind: ctx.matters.get(mid) for kind, mid in created.items()}
    assert records[MatterKind.FLRA].values["case_number"] == "WA-CA-26-0042"
    assert records[MatterKind.FLRA].values["region"] == "Washington"
    assert records[MatterKind.GRIEVANCE].values["member_id"] == member_id
    assert records[MatterKind.GRIEVANCE].values["step"] == "step2"
    assert records[MatterKind.GRIEVANCE].values["filed_on"] == clock.today()
    assert records[MatterKind.BARGAINING].values["bargaining_type"] == "impact_and_implementation"
    assert records[MatterKind.METRIC_DISPUTE].values["measured_value"] == 612.0
    assert records[MatterKind.METRIC_DISPUTE].metric_name == "Annual completions"
    # After saving, the editor shows the stored matter with its reference.
    assert editor.reference_label.text() == records[MatterKind.METRIC_DISPUTE].reference


def test_empty_grievance_number_is_refused_at_the_field(qtbot: QtBot, editor: MatterEditor,
                                                        ctx: AppContext) -> None:
    editor.new_matter(MatterKind.GRIEVANCE)
    type_into(qtbot, editor, "title", "Leave denied")
    click_save(qtbot, editor)
    assert error_at(editor, "grievance_number") == "Grievance number is required."
    assert editor.form is not None
    assert editor.form.rows["grievance_number"].error.isVisible()
    assert "Not saved" in editor.status_label.text()
    assert counts(ctx.db)["grievance"] == 0
    # The edit is still on screen; fixing the field clears the error on the next save.
    assert editor.form.values()["title"] == "Leave denied"
    type_into(qtbot, editor, "grievance_number", "G-7")
    click_save(qtbot, editor)
    assert error_at(editor, "grievance_number") == ""
    assert counts(ctx.db)["grievance"] == 1


def test_malformed_flra_case_number_is_refused(qtbot: QtBot, editor: MatterEditor,
                                               ctx: AppContext) -> None:
    editor.new_matter(MatterKind.FLRA)
    type_into(qtbot, editor, "title", "Charge over the new metric")
    type_into(qtbot, editor, "case_number", "WA-XX-1")
    click_save(qtbot, editor)
    assert "FLRA form" in error_at(editor, "case_number")
    assert counts(ctx.db)["flra"] == 0
    assert editor.is_dirty()


def test_member_not_in_the_list_is_refused(qtbot: QtBot, editor: MatterEditor,
                                           ctx: AppContext) -> None:
    ctx.people.create_member({"name": "Ada Alvarez", "court": "Baltimore"})
    editor.new_matter(MatterKind.GRIEVANCE)
    type_into(qtbot, editor, "title", "Leave denied")
    type_into(qtbot, editor, "grievance_number", "G-8")
    type_into(qtbot, editor, "member_id", "Nobody Known")
    click_save(qtbot, editor)
    assert "chosen from the list" in error_at(editor, "member_id")
    assert counts(ctx.db)["grievance"] == 0


def test_pickers_offer_members_and_metrics(editor: MatterEditor, ctx: AppContext) -> None:
    ctx.people.create_member({"name": "Ada Alvarez", "court": "Baltimore"})
    ctx.people.create_metric({"name": "Remand rate"})
    editor.new_matter(MatterKind.METRIC_DISPUTE)
    assert editor.form is not None
    member = editor.form.field("member_id")
    metric = editor.form.field("metric_id")
    assert isinstance(member, MemberPicker) and isinstance(metric, MetricPicker)
    assert member.findText("Ada Alvarez — Baltimore") > 0
    assert metric.findText("Remand rate") >= 0
    assert member.value() is None  # empty = union / institutional


def test_ctrl_s_saves(qtbot: QtBot, editor: MatterEditor, ctx: AppContext) -> None:
    matter_id = ctx.matters.create(MatterKind.BARGAINING, {
        "title": "Telework notice", "subject": "Telework", "bargaining_type": "mid_term"})
    editor.load(matter_id)
    editor.activateWindow()
    type_into(qtbot, editor, "title", " (revised)")
    with qtbot.waitSignal(editor.saved, timeout=2000):
        qtbot.keyClick(editor.form.field("title"), Qt.Key.Key_S,  # type: ignore[union-attr]
                       Qt.KeyboardModifier.ControlModifier)
    assert ctx.matters.get(matter_id).title == "Telework notice (revised)"


def test_edit_shows_history_entry(qtbot: QtBot, editor: MatterEditor, ctx: AppContext) -> None:
    matter_id = ctx.matters.create(MatterKind.GRIEVANCE, {
        "title": "Docket reassigned", "grievance_number": "G-1", "filed_on": date(2026, 3, 2)})
    editor.load(matter_id)
    choose(editor, "step", "step2")
    click_save(qtbot, editor)
    editor.tabs.setCurrentWidget(editor.history_tab)
    tree: QTreeWidget = editor.history_tab.tree
    newest = tree.topLevelItem(0)
    assert newest is not None
    assert newest.text(1) == "Test Officer"
    assert newest.text(2) == "Edited G-1"
    changes = [newest.child(i).text(2) for i in range(newest.childCount())]
    assert "Step: Step 1 → Step 2" in changes
    assert tree.topLevelItemCount() == 2  # created, edited
    assert editor.tabs.tabText(editor.tabs.indexOf(editor.history_tab)).endswith("(2)")


@pytest.mark.parametrize("answer", ["cancel", "discard", "save"])
def test_unsaved_changes_prompt(qtbot: QtBot, editor: MatterEditor, ctx: AppContext,
                                monkeypatch: pytest.MonkeyPatch, answer: str) -> None:
    matter_id = ctx.matters.create(MatterKind.BARGAINING, {
        "title": "Telework notice", "subject": "Telework", "bargaining_type": "mid_term"})
    editor.load(matter_id)
    assert editor.maybe_leave()  # nothing changed: no question asked
    type_into(qtbot, editor, "title", " - draft")
    asked: list[str] = []
    buttons = {"cancel": QMessageBox.StandardButton.Cancel,
               "discard": QMessageBox.StandardButton.Discard,
               "save": QMessageBox.StandardButton.Save}

    def question(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return buttons[answer]

    monkeypatch.setattr(QMessageBox, "question", question)
    result = editor.maybe_leave()
    assert asked and "not saved" in asked[0]
    stored = ctx.matters.get(matter_id).title
    if answer == "cancel":
        assert result is False
        assert editor.is_dirty()
        assert stored == "Telework notice"
    elif answer == "discard":
        assert result is True
        assert not editor.is_dirty()
        assert editor.form is not None and editor.form.values()["title"] == "Telework notice"
        assert stored == "Telework notice"
    else:
        assert result is True
        assert stored == "Telework notice - draft"


def test_conflict_keeps_the_edit_on_screen(qtbot: QtBot, editor: MatterEditor, ctx: AppContext,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    matter_id = ctx.matters.create(MatterKind.BARGAINING, {
        "title": "Telework notice", "subject": "Telework", "bargaining_type": "mid_term"})
    editor.load(matter_id)
    ctx.matters.update(matter_id, {"subject": "Changed by another officer"})
    type_into(qtbot, editor, "title", " - mine")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    click_save(qtbot, editor)
    assert shown and "someone else" in shown[0]
    assert "Not saved" in editor.status_label.text()
    assert editor.form is not None
    assert editor.form.values()["title"] == "Telework notice - mine"
    assert ctx.matters.get(matter_id).title == "Telework notice"


def test_delete_asks_first(qtbot: QtBot, editor: MatterEditor, ctx: AppContext,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    matter_id = ctx.matters.create(MatterKind.GRIEVANCE, {"title": "x", "grievance_number": "G-9",
                                                          "filed_on": date(2026, 1, 5)})
    editor.load(matter_id)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.No)
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    assert counts(ctx.db)["grievance"] == 1
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(editor.deleted) as deleted:
        qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    assert deleted.args == [matter_id]
    assert counts(ctx.db)["grievance"] == 0
    assert not editor.is_dirty()


def test_optional_date_is_cleared_with_the_keyboard(qtbot: QtBot, editor: MatterEditor,
                                                    ctx: AppContext) -> None:
    matter_id = ctx.matters.create(MatterKind.FLRA, {"title": "Petition",
                                                     "case_type": "representation"})
    editor.load(matter_id)
    assert editor.form is not None
    hearing = editor.form.field("hearing_on")
    assert hearing.value() is None
    assert hearing.edit.placeholderText() == "No date"  # type: ignore[attr-defined]
    hearing.edit.setFocus()  # type: ignore[attr-defined]
    qtbot.keyClicks(hearing.edit, "1/15/2027")  # type: ignore[attr-defined]
    click_save(qtbot, editor)
    assert ctx.matters.get(matter_id).values["hearing_on"] == date(2027, 1, 15)
    hearing.edit.setFocus()  # type: ignore[attr-defined]
    qtbot.keyClick(hearing.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    qtbot.keyClick(hearing.edit, Qt.Key.Key_Delete)  # type: ignore[attr-defined]
    assert hearing.value() is None
    click_save(qtbot, editor)
    assert ctx.matters.get(matter_id).values["hearing_on"] is None


def test_labels_have_mnemonics_and_inputs_accessible_names(editor: MatterEditor) -> None:
    for kind in MatterKind:
        editor.new_matter(kind)
        assert editor.form is not None
        keys: list[str] = []
        for row in editor.form.rows.values():
            assert row.input.accessibleName() == row.spec.label
            assert row.label.buddy() is row.input
            text = row.label.text()
            if "&" in text:
                keys.append(text[text.index("&") + 1].lower())
        assert len(keys) == len(set(keys)), "each Alt+letter reaches one field"
        assert not set(keys) & set("sedtlcyv"), "the editor's buttons and tabs keep theirs"
        assert len(keys) >= 10


def test_loading_a_deleted_matter_says_so(editor: MatterEditor, ctx: AppContext) -> None:
    matter_id = ctx.matters.create(MatterKind.BARGAINING, {
        "title": "Gone", "subject": "Gone", "bargaining_type": "mid_term"})
    ctx.matters.delete(matter_id)
    editor.load(matter_id)
    assert editor.stack.currentWidget() is editor.empty
    assert "no longer exists" in editor.empty.text()


def test_form_uses_one_column_in_a_narrow_pane(qtbot: QtBot, editor: MatterEditor,
                                               ctx: AppContext) -> None:
    editor.new_matter(MatterKind.GRIEVANCE)
    assert editor.form is not None
    editor.resize(1100, 760)
    qtbot.waitUntil(lambda: editor.form._mode == 2)  # type: ignore[union-attr]
    status = editor.form.field("status")
    title = editor.form.field("grievance_number")
    assert status.mapTo(editor, status.rect().topLeft()).x() > \
        title.mapTo(editor, title.rect().topLeft()).x() + 200
    editor.resize(600, 760)
    qtbot.waitUntil(lambda: editor.form._mode == 1)  # type: ignore[union-attr]
    assert editor.minimumSizeHint().width() <= 600
    # Typing still works after the fields moved.
    type_into(qtbot, editor, "title", "Still here")
    assert editor.form.values()["title"] == "Still here"


def test_read_only_editor_shows_but_cannot_change(qtbot, sample_ctx) -> None:  # type: ignore[no-untyped-def]
    from naij_tracker.services.queries import list_matters
    from naij_tracker.ui.matter_editor import MatterEditor

    editor = MatterEditor(sample_ctx, runner=TaskRunner(synchronous=True))
    qtbot.addWidget(editor)
    mid = list_matters(sample_ctx.db, "grievance").rows[0][0]
    editor.load(mid)
    editor.set_read_only(True)
    assert not editor.save_button.isEnabled() and not editor.delete_button.isEnabled()
    assert editor.form is not None and not editor.form.isEnabled()
    assert editor.record is not None and editor.record.id == mid
    editor.set_read_only(False)
    assert editor.form.isEnabled() and editor.delete_button.isEnabled()
