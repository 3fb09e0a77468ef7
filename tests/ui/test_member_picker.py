"""The member picker where the officer is: any part of the name, a new member from the picker,
pickers in step with the members list, the court filled in from the member."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.queries import counts
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.field_widgets import MemberPicker, fold_for_matching
from naij_tracker.ui.matter_editor import MatterEditor
from naij_tracker.ui.member_dialog import NewMemberDialog
from naij_tracker.ui.members_view import MembersView
from naij_tracker.ui.tasks import TaskRunner


@pytest.fixture
def editor(qtbot: QtBot, ctx: AppContext) -> MatterEditor:
    widget = MatterEditor(ctx, runner=TaskRunner(synchronous=True))
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def picker_of(editor: MatterEditor) -> MemberPicker:
    assert editor.form is not None
    picker = editor.form.field("member_id")
    assert isinstance(picker, MemberPicker)
    return picker


def type_into(qtbot: QtBot, editor: MatterEditor, name: str, text: str) -> None:
    assert editor.form is not None
    widget = editor.form.field(name)
    target = widget.lineEdit() if hasattr(widget, "lineEdit") else widget
    target.setFocus()
    qtbot.keyClicks(target, text)


def test_folding_ignores_accents_and_case() -> None:
    assert fold_for_matching("  Zoë  NÚÑEZ-Ørsted ") == "zoe nunez-ørsted"
    assert fold_for_matching("José") == fold_for_matching("JOSE")


def test_completion_finds_any_part_of_the_name_without_accents(
        qtbot: QtBot, editor: MatterEditor, ctx: AppContext) -> None:
    ctx.people.create_member({"name": "Zoë Núñez", "court": "El Paso"})
    ctx.people.create_member({"name": "Ada Alvarez", "court": "Baltimore"})
    editor.new_matter(MatterKind.GRIEVANCE)
    picker = picker_of(editor)
    type_into(qtbot, editor, "member_id", "nun")
    completer = picker.completer()
    assert completer is not None
    shown = [completer.completionModel().index(i, 0).data()
             for i in range(completer.completionCount())]
    assert shown == ["Zoë Núñez — El Paso"]
    # The full name typed without accents or court is the member itself.
    picker.lineEdit().clear()
    type_into(qtbot, editor, "member_id", "zoe nunez")
    assert isinstance(picker.value(), int)
    assert not picker.add_button.isVisible()


def test_new_grievance_for_a_new_member_from_the_picker(
        qtbot: QtBot, editor: MatterEditor, ctx: AppContext,
        monkeypatch: pytest.MonkeyPatch) -> None:
    editor.new_matter(MatterKind.GRIEVANCE)
    type_into(qtbot, editor, "title", "Leave denied")
    type_into(qtbot, editor, "grievance_number", "G-2026-101")
    type_into(qtbot, editor, "member_id", "Priya Raman")
    picker = picker_of(editor)
    assert picker.add_button.isVisible()
    assert picker.add_button.text() == "Add new member “Priya Raman”…"

    def officer_fills_in(dialog: NewMemberDialog) -> int:
        assert dialog.name.value() == "Priya Raman"
        dialog.court.setFocus()
        qtbot.keyClicks(dialog.court, "Arlington")
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewMemberDialog, "exec", officer_fills_in)
    qtbot.mouseClick(picker.add_button, Qt.MouseButton.LeftButton)
    member = next(m for m in ctx.people.members() if m.name == "Priya Raman")
    assert picker.value() == member.id
    assert picker.currentText() == "Priya Raman — Arlington"
    assert not picker.add_button.isVisible()
    assert editor.form is not None
    assert editor.form.rows["court"].value() == "Arlington"  # filled in from the member
    with qtbot.waitSignal(editor.saved) as saved:
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    record = ctx.matters.get(saved.args[0])
    assert record.values["member_id"] == member.id
    assert record.values["court"] == "Arlington"
    assert counts(ctx.db)["grievance"] == 1


def test_choosing_a_member_fills_an_empty_court_only(
        qtbot: QtBot, editor: MatterEditor, ctx: AppContext) -> None:
    ctx.people.create_member({"name": "Ada Alvarez", "court": "Baltimore"})
    editor.new_matter(MatterKind.GRIEVANCE)
    type_into(qtbot, editor, "member_id", "Ada Alvarez")
    assert editor.form is not None
    assert editor.form.rows["court"].value() == "Baltimore"
    editor.new_matter(MatterKind.GRIEVANCE)
    type_into(qtbot, editor, "court", "Chicago")
    type_into(qtbot, editor, "member_id", "Ada Alvarez")
    assert editor.form.rows["court"].value() == "Chicago"


def test_an_open_draft_sees_a_member_added_in_the_members_view(
        qtbot: QtBot, editor: MatterEditor, ctx: AppContext) -> None:
    editor.new_matter(MatterKind.GRIEVANCE)
    type_into(qtbot, editor, "title", "Docket reassigned")
    type_into(qtbot, editor, "member_id", "Omar Haddad")
    picker = picker_of(editor)
    assert picker.value() == "Omar Haddad"
    members = MembersView(ctx, runner=TaskRunner(synchronous=True))
    qtbot.addWidget(members)
    members.form.set_values({"name": "Omar Haddad", "court": "Houston",
                             "membership_status": "member"})
    assert members.save()
    # The draft keeps its text, and now it names a member.
    assert isinstance(picker.value(), int)
    assert editor.form is not None and editor.form.values()["title"] == "Docket reassigned"
