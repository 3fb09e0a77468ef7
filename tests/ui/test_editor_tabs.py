"""The matter editor's tabs: deadlines from rules, timeline, links, attachments."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QDropEvent
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from naij_tracker.db.models import MAX_ATTACHMENT_BYTES
from naij_tracker.domain import clock
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.queries import dashboard, deadline_rows
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.deadline_dialogs import ManualDeadlineDialog, RuleDeadlineDialog, TriggerDialog
from naij_tracker.ui.deadlines_view import DeadlinesView
from naij_tracker.ui.matter_editor import MatterEditor
from naij_tracker.ui.matter_tabs.links import LinkPicker
from naij_tracker.ui.tasks import TaskRunner


@pytest.fixture
def editor(qtbot: QtBot, ctx: AppContext) -> MatterEditor:
    widget = MatterEditor(ctx, runner=TaskRunner(synchronous=True))
    qtbot.addWidget(widget)
    widget.resize(1040, 760)
    widget.show()
    return widget


@pytest.fixture
def flra_id(ctx: AppContext) -> int:
    return ctx.matters.create(MatterKind.FLRA, {
        "title": "Exceptions to the telework award", "case_type": "arbitration_exceptions",
        "case_number": "0-AR-5812"})


@pytest.fixture
def grievance_id(ctx: AppContext) -> int:
    return ctx.matters.create(MatterKind.GRIEVANCE, {
        "title": "Telework denied", "grievance_number": "2026-0146",
        "filed_on": date(2026, 2, 20)})


def answer_yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def question(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


# -- deadlines ---------------------------------------------------------------------------------

def test_add_deadline_from_rule_previews_then_appears_everywhere(
        qtbot: QtBot, editor: MatterEditor, ctx: AppContext, flra_id: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    editor.load(flra_id)
    editor.tabs.setCurrentWidget(editor.deadlines_tab)
    seen: dict[str, str] = {}

    def officer_fills_in(dialog: RuleDeadlineDialog) -> int:
        dialog.select_trigger("award_served")
        assert dialog.selected_rule_ids() == ["arbitration-exceptions"]
        dialog.trigger_on.edit.setFocus()
        dialog.trigger_on.edit.selectAll()
        qtbot.keyClicks(dialog.trigger_on.edit, "3/2/2026")
        seen["personal"] = dialog.preview.text()
        dialog.service.setCurrentIndex(dialog.service.findData("mail"))
        seen["mail"] = dialog.preview.text()
        ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
        assert ok.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RuleDeadlineDialog, "exec", officer_fills_in)
    qtbot.mouseClick(editor.deadlines_tab.add_rule, Qt.MouseButton.LeftButton)

    # The computed date and its plain-language count were on screen before accepting.
    assert "2026-04-01" in seen["personal"]
    assert "2026-04-06" in seen["mail"]
    assert "+5 days for service by mail" in seen["mail"]
    assert "5 U.S.C. 7122(b)" in seen["mail"]

    rows = editor.deadlines_tab.model.rows()
    assert [(r.due_on, r.rule_id, r.service_method) for r in rows] == [
        (date(2026, 4, 6), "arbitration-exceptions", "mail")]
    assert "2026-04-06" in editor.deadlines_tab.detail.text()  # selected after adding
    assert editor.tabs.tabText(editor.tabs.indexOf(editor.deadlines_tab)) == "&Deadlines (1)"

    board = dashboard(ctx.db, today=date(2026, 3, 25))
    assert [(d.matter_id, d.due_on) for d in board.upcoming] == [(flra_id, date(2026, 4, 6))]
    view = DeadlinesView(ctx)
    qtbot.addWidget(view)
    assert view.select_deadline(rows[0].id)
    assert "+5 days for service by mail" in view.detail.text()


def test_window_rule_shows_when_it_opens(qtbot: QtBot, editor: MatterEditor,
                                         ctx: AppContext) -> None:
    matter_id = ctx.matters.create(MatterKind.FLRA, {"title": "Petition", "case_type":
                                                     "representation"})
    editor.load(matter_id)
    dialog = RuleDeadlineDialog(ctx, MatterKind.FLRA, editor)
    qtbot.addWidget(dialog)
    dialog.select_trigger("agreement_expires")
    assert "opens" in dialog.preview.text()


def test_recompute_mark_done_reopen_and_manual(qtbot: QtBot, editor: MatterEditor,
                                               ctx: AppContext, grievance_id: int,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    deadline_id = ctx.deadlines.add_from_rule(grievance_id, "cba-step-answer",
                                              date(2026, 2, 20))
    editor.load(grievance_id)
    tab = editor.deadlines_tab
    editor.tabs.setCurrentWidget(tab)
    tab.view.selectRow(0)

    def corrected(dialog: TriggerDialog) -> int:
        dialog.trigger_on.set_value(date(2026, 2, 23))
        dialog.trigger_on.edited.emit()
        assert "2026-03-10" in dialog.preview.text()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TriggerDialog, "exec", corrected)
    qtbot.mouseClick(tab.change, Qt.MouseButton.LeftButton)
    row = deadline_rows(ctx.db, matter_id=grievance_id)[0]
    assert (row.trigger_on, row.due_on) == (date(2026, 2, 23), date(2026, 3, 10))

    qtbot.mouseClick(tab.done, Qt.MouseButton.LeftButton)
    assert deadline_rows(ctx.db, matter_id=grievance_id) == []
    assert tab.model.rows()[0].done_on == clock.today()
    assert tab.reopen.isEnabled()
    qtbot.mouseClick(tab.reopen, Qt.MouseButton.LeftButton)
    assert [r.id for r in deadline_rows(ctx.db, matter_id=grievance_id)] == [deadline_id]

    def by_hand(dialog: ManualDeadlineDialog) -> int:
        qtbot.keyClicks(dialog.title_edit, "Post-hearing brief due")
        dialog.due.set_value(date(2026, 5, 1))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ManualDeadlineDialog, "exec", by_hand)
    qtbot.mouseClick(tab.add_manual, Qt.MouseButton.LeftButton)
    titles = {r.title: r.explanation for r in deadline_rows(ctx.db, matter_id=grievance_id)}
    assert titles["Post-hearing brief due"] == "Entered by hand."
    # History shows the deadline work.
    summaries = [editor.history_tab.tree.topLevelItem(i).text(2)
                 for i in range(editor.history_tab.tree.topLevelItemCount())]
    assert any("done" in s for s in summaries)
    assert any("recomputed" in s for s in summaries)


def test_manual_deadline_needs_a_title(qtbot: QtBot) -> None:
    dialog = ManualDeadlineDialog()
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.error.text() == "Give the deadline a title."
    assert dialog.result() != QDialog.DialogCode.Accepted


# -- timeline ----------------------------------------------------------------------------------

def test_timeline_add_and_remove(qtbot: QtBot, editor: MatterEditor, ctx: AppContext,
                                 grievance_id: int, monkeypatch: pytest.MonkeyPatch) -> None:
    editor.load(grievance_id)
    tab = editor.timeline_tab
    editor.tabs.setCurrentWidget(tab)
    qtbot.mouseClick(tab.add, Qt.MouseButton.LeftButton)  # nothing written yet
    assert tab.message.isVisible() and "Write what happened" in tab.message.text()
    tab.when.set_value(date(2026, 3, 4))
    tab.entry_kind.setCurrentIndex(tab.entry_kind.findData("meeting"))
    qtbot.keyClicks(tab.text, "Step 2 meeting held")
    qtbot.keyClick(tab.text, Qt.Key.Key_Return)
    items = ctx.related.timeline(grievance_id)
    assert [(i.occurred_on, i.kind, i.text) for i in items] == [
        (date(2026, 3, 4), "meeting", "Step 2 meeting held")]
    assert tab.model.rowCount() == 1 and tab.text.text() == ""
    assert not tab.message.isVisible()
    tab.view.selectRow(0)
    asked = answer_yes(monkeypatch)
    qtbot.mouseClick(tab.remove, Qt.MouseButton.LeftButton)
    assert asked and ctx.related.timeline(grievance_id) == []


# -- links -------------------------------------------------------------------------------------

def test_link_two_matters_seen_from_both_sides(qtbot: QtBot, editor: MatterEditor,
                                               ctx: AppContext, flra_id: int, grievance_id: int,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    editor.load(flra_id)
    editor.tabs.setCurrentWidget(editor.links_tab)

    def pick(dialog: LinkPicker) -> int:
        qtbot.keyClicks(dialog.query, "2026-0146")
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
        assert dialog.results.count() == 1
        assert "Telework denied" in dialog.results.item(0).text()
        dialog.relation.setCurrentIndex(dialog.relation.findData("arises_from"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(LinkPicker, "exec", pick)
    qtbot.mouseClick(editor.links_tab.add, Qt.MouseButton.LeftButton)
    rows = editor.links_tab.model.rows()
    assert [(r.other_reference, r.relation_label) for r in rows] == [("2026-0146", "Arises from")]

    editor.links_tab.view.selectRow(0)
    with qtbot.waitSignal(editor.open_matter) as opened:
        qtbot.mouseClick(editor.links_tab.open, Qt.MouseButton.LeftButton)
    assert opened.args == [grievance_id]

    editor.load(grievance_id)
    rows = editor.links_tab.model.rows()
    assert [(r.other_reference, r.relation_label) for r in rows] == [
        ("0-AR-5812", "Arises from (from the other side)")]
    assert editor.links_tab.model.index(0, 1).data() == "0-AR-5812"


def test_link_picker_excludes_the_matter_itself(qtbot: QtBot, ctx: AppContext,
                                                grievance_id: int) -> None:
    picker = LinkPicker(ctx, grievance_id)
    qtbot.addWidget(picker)
    qtbot.keyClicks(picker.query, "Telework")
    picker.run_search()
    assert picker.results.count() == 0
    assert not picker.buttons.button(picker.buttons.StandardButton.Ok).isEnabled()


# -- attachments -------------------------------------------------------------------------------

def test_attach_open_save_and_remove(qtbot: QtBot, editor: MatterEditor, ctx: AppContext,
                                     grievance_id: int, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "step2-answer.pdf"
    source.write_bytes(b"%PDF-1.4 step two answer")
    editor.load(grievance_id)
    tab = editor.attachments_tab
    editor.tabs.setCurrentWidget(tab)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *a, **k: ([str(source)], ""))
    qtbot.mouseClick(tab.add, Qt.MouseButton.LeftButton)
    assert [a.file_name for a in ctx.related.attachments(grievance_id)] == ["step2-answer.pdf"]
    assert tab.model.index(0, 1).data() == "application/pdf"
    assert editor.tabs.tabText(editor.tabs.indexOf(tab)) == "Atta&chments (1)"

    tab.view.selectRow(0)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    qtbot.mouseClick(tab.open, Qt.MouseButton.LeftButton)
    temp = Path(opened[0].toLocalFile())
    assert temp.read_bytes() == source.read_bytes() and temp != source

    copy = tmp_path / "copy.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), ""))
    qtbot.mouseClick(tab.save_copy, Qt.MouseButton.LeftButton)
    assert copy.read_bytes() == source.read_bytes()

    asked = answer_yes(monkeypatch)
    qtbot.mouseClick(tab.remove, Qt.MouseButton.LeftButton)
    assert asked and "step2-answer.pdf" in asked[0]
    assert ctx.related.attachments(grievance_id) == []


def test_a_crafted_attachment_name_opens_inside_the_private_folder(
        qtbot: QtBot, editor: MatterEditor, ctx: AppContext, grievance_id: int, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A received database may name an attachment '../../.bashrc' or '/home/x/.profile'."""
    import hashlib
    import sqlite3
    import stat

    assert ctx.db.path is not None
    payload = b"echo owned\n"
    conn = sqlite3.connect(ctx.db.path)
    with conn:
        for name in ("../../../../.bashrc", str(tmp_path / "outside" / ".profile")):
            conn.execute("INSERT INTO attachment (matter_id, file_name, media_type, sha256, size, "
                         "content, added_at) VALUES (?, ?, 'text/plain', ?, ?, ?, "
                         "'2026-03-02 10:00:00')", (grievance_id, name,
                                                    hashlib.sha256(payload).hexdigest(),
                                                    len(payload), payload))
    conn.close()
    editor.load(grievance_id)
    tab = editor.attachments_tab
    editor.tabs.setCurrentWidget(tab)
    assert [tab.model.index(r, 0).data() for r in range(2)] == [".bashrc", ".profile"]
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    for row in range(2):
        tab.view.selectRow(row)
        qtbot.mouseClick(tab.open, Qt.MouseButton.LeftButton)
    paths = [Path(u.toLocalFile()) for u in opened]
    assert [p.name for p in paths] == [".bashrc", ".profile"]
    for path in paths:
        assert path.read_bytes() == payload and stat.S_IMODE(path.stat().st_mode) == 0o600
        private = path.parent.parent
        assert private.name.startswith("naij-attachments-")
        assert stat.S_IMODE(private.stat().st_mode) == 0o700
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert not (tmp_path / "outside").exists()


def test_oversized_attachment_refused_with_visible_message(
        qtbot: QtBot, editor: MatterEditor, ctx: AppContext, grievance_id: int,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "hearing-video.mp4"
    with big.open("wb") as fh:  # sparse: no 26 MB actually written
        fh.truncate(MAX_ATTACHMENT_BYTES + 1_048_576)
    editor.load(grievance_id)
    tab = editor.attachments_tab
    editor.tabs.setCurrentWidget(tab)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(big)], ""))
    qtbot.mouseClick(tab.add, Qt.MouseButton.LeftButton)
    assert tab.message.isVisible()
    assert "hearing-video.mp4" in tab.message.text() and "limited to 25 MB" in tab.message.text()
    assert ctx.related.attachments(grievance_id) == []


def test_drop_files_to_attach(qtbot: QtBot, editor: MatterEditor, ctx: AppContext,
                              grievance_id: int, tmp_path: Path) -> None:
    note = tmp_path / "notes.txt"
    note.write_text("Met with the ACIJ", encoding="utf-8")
    editor.load(grievance_id)
    tab = editor.attachments_tab
    editor.tabs.setCurrentWidget(tab)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(os.fspath(note))])
    event = QDropEvent(QPointF(QPoint(20, 20)), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    tab.dropEvent(event)
    assert [a.file_name for a in ctx.related.attachments(grievance_id)] == ["notes.txt"]


def test_tabs_wait_until_a_new_matter_is_saved(editor: MatterEditor) -> None:
    editor.new_matter(MatterKind.GRIEVANCE)
    for tab in editor.matter_tabs():
        assert not tab.isEnabled()


def test_tab_models_pass_the_model_tester(qtmodeltester, editor: MatterEditor,  # type: ignore[no-untyped-def]
                                          ctx: AppContext, grievance_id: int) -> None:
    ctx.deadlines.add_from_rule(grievance_id, "cba-step-answer", date(2026, 2, 20))
    ctx.related.add_timeline(grievance_id, date(2026, 2, 21), "Filed")
    editor.load(grievance_id)
    for model in (editor.deadlines_tab.model, editor.timeline_tab.model,
                  editor.links_tab.model, editor.attachments_tab.model):
        qtmodeltester.check(model)
