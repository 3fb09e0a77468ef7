"""Views refresh from a change notice: a write marks stale only the views that show what it
changed (``Change`` and ``view_registry.SHOWS``), and the one shown refreshes at once.

Each window test builds every view, forgets that they start stale, makes one write by clicking,
and compares the views marked stale with what they show; marking every view stale fails each.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.queries import deadline_rows, list_matters
from naij_tracker.ui.catalogue_view import CatalogueView
from naij_tracker.ui.changes import Change
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.main_window import NAVIGATION, MainWindow
from naij_tracker.ui.tasks import TaskRunner
from naij_tracker.ui.trash_view import TrashView
from naij_tracker.ui.view_registry import shows

G, B, F, M = (MatterKind.GRIEVANCE.value, MatterKind.BARGAINING.value, MatterKind.FLRA.value,
              MatterKind.METRIC_DISPUTE.value)
ALL = {key for key, _label in NAVIGATION}


@pytest.fixture
def window(qtbot: QtBot, sample_ctx: AppContext, ui_settings_store: QSettings) -> MainWindow:
    win = MainWindow(sample_ctx, runner=TaskRunner(synchronous=True), store=ui_settings_store)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    for key in ALL:  # every view built and shown once, so none is stale from the start
        win.show_view(key)
    win.registry.stale.clear()
    return win


def edit_catalogue(qtbot: QtBot, window: MainWindow, key: str, field: str, text: str) -> None:
    """Show the catalogue ``key``, type ``text`` into the first record's ``field``, save."""
    window.show_view(key)
    view = window.views[key]
    assert isinstance(view, CatalogueView)
    view.view.selectRow(0)
    qtbot.keyClicks(view.form.field(field), text)
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert view.status.text() == "Saved."


def test_saving_a_grievance_marks_what_shows_grievances(qtbot: QtBot, window: MainWindow) -> None:
    window.show_view(G)
    view = window.list_view(MatterKind.GRIEVANCE)
    view.show_matter(list_matters(window.ctx.db, MatterKind.GRIEVANCE).rows[0][0])
    editor = view.editor
    assert editor.form is not None
    title = editor.form.field("title")
    title.setFocus()
    qtbot.keyClicks(title, " (revised)")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.status_label.text() == "Saved."
    # The members view counts each member's open grievances; the other lists, the metrics
    # catalogue and the grievance list itself (it refreshed) are left alone.
    assert window.registry.stale == {"dashboard", "members", "deadlines", "reports"}


def test_a_deadline_done_in_the_editor_marks_the_deadlines_and_dashboard(
        qtbot: QtBot, window: MainWindow) -> None:
    ctx = window.ctx
    matter_id = next(r.matter_id for r in deadline_rows(ctx.db)
                     if r.kind is MatterKind.GRIEVANCE)
    window.show_view(G)
    view = window.list_view(MatterKind.GRIEVANCE)
    view.show_matter(matter_id)
    tab = view.editor.deadlines_tab
    view.editor.tabs.setCurrentWidget(tab)
    tab.view.selectRow(next(i for i, r in enumerate(tab.model.rows()) if r.done_on is None))
    open_before = len(deadline_rows(ctx.db, matter_id=matter_id))
    qtbot.mouseClick(tab.done, Qt.MouseButton.LeftButton)
    assert len(deadline_rows(ctx.db, matter_id=matter_id)) == open_before - 1
    assert window.registry.stale == {"dashboard", "members", "deadlines", "reports"}


def test_a_deadline_done_in_the_deadlines_view_marks_the_dashboard_lists_and_reports(
        qtbot: QtBot, window: MainWindow) -> None:
    ctx = window.ctx
    window.show_view("deadlines")
    view = window.views["deadlines"]
    first = deadline_rows(ctx.db)[0]
    assert view.select_deadline(first.id)  # type: ignore[attr-defined]
    open_before = len(deadline_rows(ctx.db))
    qtbot.mouseClick(view.done_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert len(deadline_rows(ctx.db)) == open_before - 1
    # every list has a next-deadline column; members and the catalogue do not show deadlines
    assert window.registry.stale == {"dashboard", G, B, F, M, "reports"}


def test_editing_a_member_marks_the_lists_with_a_member_column(
        qtbot: QtBot, window: MainWindow) -> None:
    edit_catalogue(qtbot, window, "members", "phone", "555-0100")
    assert window.registry.stale == {G, M, "deadlines"}


def test_editing_a_metric_marks_the_disputes_and_reports(qtbot: QtBot,
                                                         window: MainWindow) -> None:
    edit_catalogue(qtbot, window, "metrics", "source", " (amended)")
    assert window.registry.stale == {M, "reports"}


def test_a_restore_from_the_trash_refreshes_the_shown_view_that_shows_it(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    window.show_view(B)
    bargaining = window.list_view(MatterKind.BARGAINING)
    bargaining.show_matter(bargaining.model.matter_id(0) or 0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(bargaining.editor.delete_button, Qt.MouseButton.LeftButton)
    window.registry.stale.clear()
    window.show_view("metrics")  # shown, but shows no bargaining obligation
    refreshed: list[str] = []
    real_refresh = window.registry.refresh_view
    monkeypatch.setattr(window.registry, "refresh_view",
                        lambda key: (refreshed.append(key), real_refresh(key)))
    window.session_tools.act_trash.trigger()
    trash = window.session_tools.windows["trash"]
    assert isinstance(trash, TrashView)
    trash.table.selectRow(0)
    qtbot.mouseClick(trash.restore_button, Qt.MouseButton.LeftButton)
    assert window.registry.stale == {"dashboard", B, "deadlines", "reports"}
    assert refreshed == []  # the metrics catalogue shown is not read again
    trash.close()

    window.show_view(B)
    bargaining.show_matter(bargaining.model.matter_id(0) or 0)
    qtbot.mouseClick(bargaining.editor.delete_button, Qt.MouseButton.LeftButton)
    window.show_view("dashboard")
    refreshed.clear()
    window.session_tools.act_trash.trigger()
    trash.refresh()
    trash.table.selectRow(0)
    qtbot.mouseClick(trash.restore_button, Qt.MouseButton.LeftButton)
    assert refreshed == ["dashboard"]  # shown and showing it: read again at once
    assert "dashboard" not in window.registry.stale
    assert "metrics" not in window.registry.stale


def test_an_import_marks_every_view(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from naij_tracker.ui.import_wizard import ImportWizard

    monkeypatch.setattr(ImportWizard, "exec", lambda self: 1)
    window.show_view("metrics")
    refreshed: list[str] = []
    real_refresh = window.registry.refresh_view
    monkeypatch.setattr(window.registry, "refresh_view",
                        lambda key: (refreshed.append(key), real_refresh(key)))
    window.dialogs.import_requested()
    assert window.registry.stale == ALL - {"metrics"}
    assert refreshed == ["metrics"]  # even the metrics catalogue shown is read again


def test_deadlines_of_named_kinds_reach_only_their_lists() -> None:
    of_grievances = Change.of_matter(MatterKind.GRIEVANCE, G, deadlines=True)
    assert {k for k in ALL if shows(k, of_grievances)} == \
        {"dashboard", G, "members", "deadlines", "reports"}
    # Deadlines moved by a review of every open deadline: every list's next deadline.
    assert {k for k in ALL if shows(k, Change.of_deadlines("deadlines"))} == \
        {"dashboard", G, B, F, M, "deadlines", "reports"}
    assert {k for k in ALL if shows(k, Change.of_everything())} == ALL
