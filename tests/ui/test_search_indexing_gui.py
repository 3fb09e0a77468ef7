"""A large import through the window: its rows are listed as soon as they are committed, search
says it is indexing while their entries are made on the task runner, then finds them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot
from test_import_wizard import click, commit, go_to_check, go_to_mapping

from naij_tracker.db import search_backlog
from naij_tracker.importing.commit import DEFER_INDEX_FROM
from naij_tracker.services.queries import list_matters
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.import_wizard import ImportWizard
from naij_tracker.ui.main_window import MainWindow
from naij_tracker.ui.search import INDEXING
from naij_tracker.ui.tasks import TaskRunner

ROWS = DEFER_INDEX_FROM + 500


def test_a_large_import_is_listed_then_found_once_indexed(
        qtbot: QtBot, ctx: AppContext, ui_settings_store: QSettings, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "large.csv"
    src.write_text("Grievance #,Judge,Date filed\n" + "".join(
        f"QX-{i:05d},Ana Petrova,2026-03-05\n" for i in range(ROWS)), encoding="utf-8")
    window = MainWindow(ctx, runner=TaskRunner(), store=ui_settings_store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    def walk(wizard: ImportWizard) -> int:
        """The officer's walk through the (modal) wizard: file, columns, check, import."""
        wizard.show()
        qtbot.keyClicks(wizard.file_page.path_edit, str(src))
        go_to_mapping(qtbot, wizard)
        go_to_check(qtbot, wizard)
        commit(qtbot, wizard)
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
        return 1

    monkeypatch.setattr(ImportWizard, "exec", walk)
    window.act_import.trigger()
    # Committed and listed; the search entries are still being made.
    assert len(list_matters(ctx.db, "grievance").rows) == ROWS
    search = window.search
    assert INDEXING in search.placeholderText()
    assert window.statusBar().currentMessage() == INDEXING
    qtbot.waitUntil(lambda: INDEXING not in search.placeholderText(), timeout=30_000)
    assert search_backlog.pending(ctx.db) == 0
    assert "imported grievances now" in window.statusBar().currentMessage()
    search.setFocus()
    with qtbot.waitSignal(search.searched, timeout=10_000) as found:
        qtbot.keyClicks(search, "QX-01234")
        qtbot.keyClick(search, Qt.Key.Key_Return)
    assert found.args == [1]
    window.runner.shutdown()


def test_the_window_finishes_what_an_interrupted_import_left_to_index(
        qtbot: QtBot, ctx: AppContext, ui_settings_store: QSettings, tmp_path: Path) -> None:
    from naij_tracker.importing.commit import commit_plan
    from naij_tracker.importing.pipeline import build_plan
    from naij_tracker.services.queries import search

    src = tmp_path / "large.csv"
    src.write_text("Grievance #,Judge,Date filed\n" + "".join(
        f"QY-{i:05d},Ana Petrova,2026-03-05\n" for i in range(ROWS)), encoding="utf-8")
    commit_plan(ctx.db, build_plan(ctx.db, src), "Officer")  # the process ended here
    assert search_backlog.pending(ctx.db) == ROWS and search(ctx.db, "QY-00042") == []
    window = MainWindow(ctx, runner=TaskRunner(), store=ui_settings_store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: search_backlog.pending(ctx.db) == 0, timeout=30_000)
    qtbot.waitUntil(lambda: INDEXING not in window.search.placeholderText(), timeout=10_000)
    assert [h.reference for h in search(ctx.db, "QY-00042")] == ["QY-00042"]
    window.runner.shutdown()
