"""Writes run on the task runner, off the GUI thread: a slow database server does not freeze the
window, the editor says "Saving…" meanwhile, and leaving a changed matter with "Save" goes on
once the save has succeeded.

The "slow server" is the service patched to wait up to 2 s for a signal that only the GUI
thread's event loop can give (a timer's fifth tick): if the save ran on the GUI thread, the
timer could not tick and the wait would run out.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from naij_tracker.db.errors import ConflictError
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.matters import MatterService, NotFound
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.main_window import MainWindow
from naij_tracker.ui.matter_editor import MatterEditor
from naij_tracker.ui.members_view import MembersView
from naij_tracker.ui.tasks import TaskRunner

SLOW_SERVER_S = 2.0


class SlowServer:
    """``MatterService.update`` waiting up to 2 s for the GUI thread's timer before it writes."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, method: str = "update") -> None:
        self.released = threading.Event()
        self.released_in_time: list[bool] = []
        self.threads: list[threading.Thread] = []
        original = getattr(MatterService, method)

        def slow(service: MatterService, *args: Any, **kwargs: Any) -> Any:
            self.threads.append(threading.current_thread())
            self.released_in_time.append(self.released.wait(SLOW_SERVER_S))
            return original(service, *args, **kwargs)

        monkeypatch.setattr(MatterService, method, slow)


def slowed(monkeypatch: pytest.MonkeyPatch, cls: type, method: str) -> threading.Event:
    """``cls.method`` made to wait up to 2 s for the returned event before it writes."""
    release = threading.Event()
    original = getattr(cls, method)

    def slow(service: Any, *args: Any, **kwargs: Any) -> Any:
        release.wait(SLOW_SERVER_S)
        return original(service, *args, **kwargs)

    monkeypatch.setattr(cls, method, slow)
    return release


class Ticker:
    """A timer on the GUI thread noting what the editor shows at each tick."""

    def __init__(self, editor: MatterEditor, server: SlowServer) -> None:
        self.seen: list[tuple[bool, str, str]] = []
        self.timer = QTimer(editor)  # ends with the editor
        self.timer.setInterval(20)

        def tick() -> None:
            self.seen.append((editor.saving, editor.status_label.text(),
                              editor.save_button.text()))
            if len(self.seen) >= 5:
                server.released.set()

        self.timer.timeout.connect(tick)
        self.timer.start()


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext, ui_settings_store: QSettings) -> Iterator[MainWindow]:
    win = MainWindow(ctx, runner=TaskRunner(), store=ui_settings_store)  # threaded, as in use
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    qtbot.waitUntil(lambda: win.runner.running == 0, timeout=5000)


def answer_save(monkeypatch: pytest.MonkeyPatch) -> None:
    """The officer answers "Save" when asked about unsaved changes."""
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Save)


def two_grievances(ctx: AppContext) -> tuple[int, int]:
    first = ctx.matters.create(MatterKind.GRIEVANCE, {
        "title": "Docket reassigned", "grievance_number": "G-1", "filed_on": date(2026, 3, 2)})
    second = ctx.matters.create(MatterKind.GRIEVANCE, {
        "title": "Leave denied", "grievance_number": "G-2", "filed_on": date(2026, 3, 9)})
    return first, second


def open_and_edit(qtbot: QtBot, window: MainWindow, matter_id: int, text: str) -> MatterEditor:
    window.open_matter(matter_id)
    editor = window.list_view(MatterKind.GRIEVANCE).editor
    qtbot.waitUntil(lambda: editor.matter_id == matter_id)
    assert editor.form is not None
    field = editor.form.field("title")
    field.setFocus()
    qtbot.keyClicks(field, text)
    assert editor.is_dirty()
    return editor


def test_a_save_on_a_slow_server_leaves_the_window_responsive_and_says_saving(
        qtbot: QtBot, window: MainWindow, ctx: AppContext,
        monkeypatch: pytest.MonkeyPatch) -> None:
    matter_id, _other = two_grievances(ctx)
    editor = open_and_edit(qtbot, window, matter_id, " (step 2)")
    server = SlowServer(monkeypatch)

    ticker = Ticker(editor, server)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    # Back from the click at once, with the save still running: the editor says so.
    assert editor.saving
    assert editor.status_label.text() == "Saving…" == editor.save_button.text()
    assert not editor.tabs.isEnabled() and not editor.save_button.isEnabled()
    assert ctx.matters.get(matter_id).title == "Docket reassigned"

    qtbot.waitUntil(lambda: not editor.saving, timeout=10_000)
    ticker.timer.stop()
    # The event loop ran the timer while the service waited: it was released in time, and
    # every tick during the save found the editor showing "Saving…".
    assert server.released_in_time == [True]
    assert server.threads[0] is not threading.main_thread()
    during = [seen for seen in ticker.seen if seen[0]]
    assert len(during) >= 5
    assert all(status == "Saving…" and button == "Saving…" for _s, status, button in during)
    # The value is in the database, read back; the editor is usable again.
    assert ctx.matters.get(matter_id).title == "Docket reassigned (step 2)"
    assert editor.status_label.text() == "Saved."
    assert editor.tabs.isEnabled() and not editor.is_dirty()
    assert editor.save_button.text() == "&Save"


def test_leaving_a_changed_matter_with_save_saves_then_goes_on(
        qtbot: QtBot, window: MainWindow, ctx: AppContext,
        monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = two_grievances(ctx)
    editor = open_and_edit(qtbot, window, first, " - draft")
    view = window.list_view(MatterKind.GRIEVANCE)
    asked: list[str] = []

    def answer_save(_parent: object, _title: str, text: str, *_a: object) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.Save

    monkeypatch.setattr(QMessageBox, "question", answer_save)
    server = SlowServer(monkeypatch)
    ticker = Ticker(editor, server)
    # The officer clicks the other grievance in the list.
    qtbot.waitUntil(lambda: view.model.row_of(second) >= 0)
    shown = next(c for c in range(view.model.columnCount()) if not view.table.isColumnHidden(c))
    rect = view.table.visualRect(view.model.index(view.model.row_of(second), shown))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert asked and "not saved" in asked[0]
    # Saving first: the edited matter stays on screen until its save has succeeded …
    assert editor.saving and editor.matter_id == first
    qtbot.waitUntil(lambda: editor.matter_id == second, timeout=10_000)
    ticker.timer.stop()
    # … then the chosen one is shown, and selected in the list.
    assert ctx.matters.get(first).title == "Docket reassigned - draft"
    assert view.shown_matter_id == second and not editor.is_dirty()
    assert editor.form is not None and editor.form.values()["title"] == "Leave denied"
    qtbot.waitUntil(lambda: view.current_matter_id() == second and window.runner.running == 0)
    assert view.current_matter_id() == second


def test_a_failed_save_keeps_the_officer_on_the_edit(
        qtbot: QtBot, window: MainWindow, ctx: AppContext,
        monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = two_grievances(ctx)
    editor = open_and_edit(qtbot, window, first, " - mine")
    answer_save(monkeypatch)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)

    def conflict(*_a: object, **_k: object) -> None:
        raise ConflictError("Changed by Other Officer at 10:02.")

    monkeypatch.setattr(MatterService, "update", conflict)
    window.open_matter(second)  # e.g. from the search field
    qtbot.waitUntil(lambda: not editor.saving, timeout=5000)  # a success would go on here
    assert shown and "someone else" in shown[0]
    assert editor.matter_id == first and editor.is_dirty()
    assert editor.form is not None and editor.form.values()["title"] == "Docket reassigned - mine"
    assert "Not saved" in editor.status_label.text()


def test_closing_the_window_with_unsaved_changes_saves_then_closes(
        qtbot: QtBot, window: MainWindow, ctx: AppContext,
        monkeypatch: pytest.MonkeyPatch) -> None:
    first, _second = two_grievances(ctx)
    editor = open_and_edit(qtbot, window, first, " - final")
    answer_save(monkeypatch)
    server = SlowServer(monkeypatch)
    ticker = Ticker(editor, server)
    assert not window.close()  # not yet: the save runs first
    assert window.isVisible() and editor.saving
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    ticker.timer.stop()
    assert server.released_in_time == [True]
    assert ctx.matters.get(first).title == "Docket reassigned - final"


def test_a_member_saved_on_a_slow_server_shows_saving_and_is_stored(
        qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    from naij_tracker.services.people import PeopleService

    release = slowed(monkeypatch, PeopleService, "create_member")
    view = MembersView(ctx, runner=TaskRunner())
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.form.set_values({"name": "Omar Haddad", "court": "Houston",
                          "membership_status": "member"})
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert view.status.text() == "Saving…" and not view.details.isEnabled()
    QTimer.singleShot(10, release.set)  # the GUI thread's loop releases the "server"
    qtbot.waitUntil(lambda: view.status.text() == "Saved.", timeout=5000)
    assert view.details.isEnabled()
    assert [m.name for m in ctx.people.members()] == ["Omar Haddad"]
    qtbot.waitUntil(lambda: view.runner.running == 0)


def test_a_delete_from_the_list_on_a_slow_server_says_so_then_goes(
        qtbot: QtBot, window: MainWindow, ctx: AppContext,
        monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = two_grievances(ctx)
    window.open_matter(first)
    view = window.list_view(MatterKind.GRIEVANCE)
    qtbot.waitUntil(lambda: view.current_matter_id() == first)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    server = SlowServer(monkeypatch, "delete")
    QTimer.singleShot(20, server.released.set)  # only the GUI thread's loop releases it
    assert view.delete_selected()
    assert not view.table.isEnabled() and view.count_label.text().startswith("Deleting G-1")
    qtbot.waitUntil(lambda: view.table.isEnabled(), timeout=10_000)
    assert server.released_in_time == [True]
    qtbot.waitUntil(lambda: view.model.row_of(first) < 0 and window.runner.running == 0)
    with pytest.raises(NotFound):
        ctx.matters.get(first)
    assert view.model.row_of(second) >= 0


def test_a_timeline_entry_on_a_slow_server_disables_the_tab_until_written(
        qtbot: QtBot, window: MainWindow, ctx: AppContext,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from naij_tracker.services.related import RelatedService

    first, _second = two_grievances(ctx)
    window.open_matter(first)
    tab = window.list_view(MatterKind.GRIEVANCE).editor.timeline_tab
    release = slowed(monkeypatch, RelatedService, "add_timeline")
    tab.text.setText("Step 2 meeting held")
    tab.add.click()
    assert not tab.isEnabled()
    QTimer.singleShot(10, release.set)
    qtbot.waitUntil(tab.isEnabled, timeout=5000)
    assert [item.text for item in ctx.related.timeline(first)] == ["Step 2 meeting held"]
    assert tab.count() == 1 and tab.text.text() == ""


def test_a_deadline_marked_done_on_a_slow_server_says_so_then_is_done(
        qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    from naij_tracker.services.deadlines import DeadlineService
    from naij_tracker.services.queries import deadline_rows
    from naij_tracker.ui.deadlines_view import DeadlinesView

    matter = ctx.matters.create("grievance", {"title": "Leave denied",
                                              "grievance_number": "2026-0009",
                                              "filed_on": date(2026, 11, 30)})
    deadline = ctx.deadlines.add_manual(matter, "Step 2 appeal", date(2026, 12, 20))
    release = slowed(monkeypatch, DeadlineService, "mark_done")
    view = DeadlinesView(ctx, runner=TaskRunner())
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    assert view.select_deadline(deadline)
    heard = []
    view.changed.connect(heard.append)
    qtbot.mouseClick(view.done_button, Qt.MouseButton.LeftButton)
    assert view.done_button.text() == "Marking…" and not view.done_button.isEnabled()
    QTimer.singleShot(10, release.set)  # the GUI thread's loop releases the "server"
    qtbot.waitUntil(lambda: view.done_button.text() == "&Mark done", timeout=5000)
    assert deadline_rows(ctx.db) == []  # done: no open deadline left
    assert len(heard) == 1 and heard[0].deadlines  # the other views hear of it
    qtbot.waitUntil(lambda: view.runner.running == 0)
