"""Undo and trash in the open window: Ctrl+Z after a delete, the Trash view restoring a matter
with its deadlines and history, and an import undone from Import history while the app is open."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from naij_tracker.domain.kinds import MatterKind
from naij_tracker.importing.commit import commit_plan
from naij_tracker.importing.pipeline import build_plan
from naij_tracker.services import history
from naij_tracker.services.matters import NotFound
from naij_tracker.services.overview import deadline_rows
from naij_tracker.services.queries import list_matters
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.import_history import ImportHistoryView
from naij_tracker.ui.main_window import MainWindow
from naij_tracker.ui.tasks import TaskRunner
from naij_tracker.ui.trash_view import TrashView

D = date.fromisoformat


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext, ui_settings_store: QSettings) -> MainWindow:
    win = MainWindow(ctx, runner=TaskRunner(synchronous=True), store=ui_settings_store)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def grievance(ctx: AppContext) -> int:
    gid = ctx.matters.create(MatterKind.GRIEVANCE, {
        "title": "Docket reassigned", "grievance_number": "G-2026-9", "step": "step2",
        "filed_on": D("2026-03-02")})
    ctx.deadlines.add_from_rule(gid, "cba-step-answer", D("2026-03-02"))
    ctx.related.add_timeline(gid, D("2026-03-04"), "Met the ACIJ")
    return gid


def yes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)


def history_of(ctx: AppContext, matter_id: int) -> list[str]:
    with ctx.db.sessions() as session:
        return [h.summary for h in history.for_matter(session, matter_id)]


def test_ctrl_z_after_a_delete_brings_the_matter_back(
        qtbot: QtBot, window: MainWindow, ctx: AppContext, grievance: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    view = window.list_view(MatterKind.GRIEVANCE)
    window.show_view(MatterKind.GRIEVANCE.value)
    assert view.show_matter(grievance)
    view.table.setFocus()
    yes(monkeypatch)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    with pytest.raises(NotFound):
        ctx.matters.get(grievance)
    assert window.session_tools.act_undo.text() == "&Undo delete of G-2026-9 “Docket reassigned”"
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    record = ctx.matters.get(grievance)
    assert record.title == "Docket reassigned"
    assert [r.title for r in deadline_rows(ctx.db, matter_id=grievance)] == \
        ["Management answer due"]
    assert "G-2026-9" in [row[1] for row in list_matters(ctx.db, MatterKind.GRIEVANCE).rows]
    assert view.model.row_of(grievance) >= 0  # the list shows it again
    assert "done" in window.statusBar().currentMessage()
    assert window.session_tools.act_undo.text() == "&Undo"


def test_ctrl_z_undoes_a_saved_edit_and_a_deadline_done(
        qtbot: QtBot, window: MainWindow, ctx: AppContext, grievance: int) -> None:
    view = window.list_view(MatterKind.GRIEVANCE)
    window.show_view(MatterKind.GRIEVANCE.value)
    view.show_matter(grievance)
    editor = view.editor
    assert editor.form is not None
    title = editor.form.field("title")
    title.setFocus()
    qtbot.keyClicks(title, " (revised)")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert ctx.matters.get(grievance).title == "Docket reassigned (revised)"
    editor.tabs.setCurrentWidget(editor.deadlines_tab)
    qtbot.mouseClick(editor.deadlines_tab.done, Qt.MouseButton.LeftButton)
    assert deadline_rows(ctx.db, matter_id=grievance) == []  # done: no longer open
    window.session_tools.act_undo.trigger()
    assert [r.title for r in deadline_rows(ctx.db, matter_id=grievance)] == \
        ["Management answer due"]
    window.session_tools.act_undo.trigger()
    assert ctx.matters.get(grievance).title == "Docket reassigned"
    assert editor.form.values()["title"] == "Docket reassigned"  # the editor shows it


def test_trash_view_restores_a_matter_with_its_deadlines_and_history(
        qtbot: QtBot, window: MainWindow, ctx: AppContext, grievance: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    before = history_of(ctx, grievance)
    window.show_view(MatterKind.GRIEVANCE.value)
    view = window.list_view(MatterKind.GRIEVANCE)
    view.show_matter(grievance)
    yes(monkeypatch)
    qtbot.mouseClick(view.editor.delete_button, Qt.MouseButton.LeftButton)
    window.session_tools.act_trash.trigger()
    trash = window.session_tools.windows["trash"]
    assert isinstance(trash, TrashView) and trash.isVisible()
    assert trash.table.rowCount() == 1
    assert trash.table.item(0, 1).text() == "G-2026-9"
    assert trash.table.item(0, 4).text() == "1"  # its deadline travels with it
    qtbot.mouseClick(trash.restore_button, Qt.MouseButton.LeftButton)
    assert trash.table.rowCount() == 0
    assert ctx.matters.get(grievance).values["step"] == "step2"
    assert [r.title for r in deadline_rows(ctx.db, matter_id=grievance)] == \
        ["Management answer due"]
    assert [t.text for t in ctx.related.timeline(grievance)] == ["Met the ACIJ"]
    after = history_of(ctx, grievance)
    assert after[0] == "Restored G-2026-9 from the trash"
    assert set(before) <= set(after)
    assert view.model.row_of(grievance) >= 0


def test_empty_trash_asks_first(qtbot: QtBot, ctx: AppContext, grievance: int,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    ctx.matters.delete(grievance)
    trash = TrashView(ctx)
    qtbot.addWidget(trash)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    qtbot.mouseClick(trash.empty_button, Qt.MouseButton.LeftButton)
    assert asked and "for good" in asked[0]
    assert trash.table.rowCount() == 1
    yes(monkeypatch)
    qtbot.mouseClick(trash.empty_button, Qt.MouseButton.LeftButton)
    assert trash.table.rowCount() == 0 and ctx.trash.items() == []


def test_an_import_is_undone_from_import_history_while_the_window_is_open(
        qtbot: QtBot, window: MainWindow, ctx: AppContext, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "steward-log.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Grievance #", "Judge", "IC", "Step", "Status", "Date Filed"])
        writer.writerow(["0042", "Ana Petrova", "Boston", "Step 2", "Pending", "3/5/2026"])
        writer.writerow(["0043", "Union", "Arlington", "I", "open", "2026-03-06"])
    commit_plan(ctx.db, build_plan(ctx.db, path), "Test Officer")
    window.show_view(MatterKind.GRIEVANCE.value)
    assert window.list_view(MatterKind.GRIEVANCE).model.total_rows() == 2
    window.session_tools.act_imports.trigger()
    imports = window.session_tools.windows["imports"]
    assert isinstance(imports, ImportHistoryView)
    assert imports.table.item(0, 1).text() == "steward-log.csv"
    assert imports.table.item(0, 2).text() == "Test Officer"
    assert imports.table.item(0, 3).text() == "2"
    yes(monkeypatch)
    qtbot.mouseClick(imports.undo_button, Qt.MouseButton.LeftButton)
    assert list_matters(ctx.db, MatterKind.GRIEVANCE).rows == []
    assert imports.table.item(0, 7).text() != ""  # marked undone
    assert not imports.undo_button.isEnabled()
    assert window.list_view(MatterKind.GRIEVANCE).model.total_rows() == 0


def test_ctrl_z_undoes_a_link(qtbot: QtBot, window: MainWindow, ctx: AppContext,
                              grievance: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QDialog

    from naij_tracker.ui.matter_tabs.links import LinkPicker

    other = ctx.matters.create(MatterKind.FLRA, {"title": "Charge",
                                                 "case_type": "ulp_against_agency"})
    window.show_view(MatterKind.GRIEVANCE.value)
    view = window.list_view(MatterKind.GRIEVANCE)
    view.show_matter(grievance)
    monkeypatch.setattr(LinkPicker, "exec", lambda _p: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(LinkPicker, "chosen_id", lambda _p: other)
    qtbot.mouseClick(view.editor.links_tab.add, Qt.MouseButton.LeftButton)
    assert [link.other_id for link in ctx.related.links(grievance)] == [other]
    assert window.session_tools.act_undo.text() == "&Undo link"
    window.session_tools.act_undo.trigger()
    assert ctx.related.links(grievance) == []
