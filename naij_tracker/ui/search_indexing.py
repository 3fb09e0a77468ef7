"""Filling the search index after a large import, on the window's task runner.

The import commits its rows first (they are listed at once); their full-text entries are made
afterwards by ``db.search_backlog.catch_up``, a chunk per transaction. While that runs, search
says it is indexing; cancelled at close or cut short by a crash, the rest is made by the next
import.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtWidgets import QStatusBar

from naij_tracker.db import search_backlog
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.search import INDEXING, SearchField
from naij_tracker.ui.tasks import TaskControl, TaskRunner


def start_indexing(ctx: AppContext, runner: TaskRunner, search: SearchField,
                   status: QStatusBar) -> bool:
    """Make the search entries the database still waits for, in the background, the search
    field and the status bar saying so until done; whether there were any."""

    def show(busy: bool) -> None:
        search.show_indexing(busy)
        if busy:
            status.showMessage(INDEXING)
        elif status.currentMessage() == INDEXING:
            status.showMessage("Search finds the imported grievances now.", 5000)

    return run_indexing(ctx, runner, show)


def run_indexing(ctx: AppContext, runner: TaskRunner, show: Callable[[bool], None]) -> bool:
    """``start_indexing`` with ``show(True)`` before and ``show(False)`` after."""
    db = ctx.db
    if db.read_only or db.path is None or not search_backlog.pending(db):
        return False
    show(True)

    def run(control: TaskControl) -> int:
        return search_backlog.catch_up(db, progress=control.progress,
                                       cancelled=lambda: control.cancelled)

    def failed(exc: BaseException) -> None:
        # What is left stays in the backlog; the next import makes it.
        logging.getLogger(__name__).warning("Filling the search index stopped: %s", exc)
        show(False)

    runner.submit(run, on_result=lambda _n: show(False), on_error=failed,
                  on_cancelled=lambda: show(False))
    return True
