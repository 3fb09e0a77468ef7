"""File ▸ Import grievances…: the wizard that imports a steward's grievance spreadsheet.

Choose the file → sheet and header row → columns → (what unknown values mean) → (who the names
that are only near matches of members are) → check and fix the rows (the dry run) → import, with
progress and a Cancel that really cancels, then a summary with "Undo this import". The pages
call the stages of ``importing.pipeline`` in their order. The pages and
the plain logic behind them are in the ``import_pages`` package, one module per page; the
reading, mapping, planning, commit and undo are ``naij_tracker.importing``'s. Slow work runs through ``TaskRunner`` off the
GUI thread, so the wizard stays responsive on a 100,000-row file.

The main window opens it as ``ImportWizard(ctx, parent).exec()``; ``imported(batch_id)`` and
``undone(batch_id)`` let views refresh.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWidget, QWizard

from naij_tracker.ui.context import AppContext
from naij_tracker.ui.import_pages.base import (
    PAGE_CHECK,
    PAGE_COMMIT,
    PAGE_FILE,
    PAGE_MAPPING,
    PAGE_MEMBERS,
    PAGE_SHEET,
    PAGE_VALUES,
    ImportState,
)
from naij_tracker.ui.import_pages.check_page import CheckPage
from naij_tracker.ui.import_pages.commit_page import CommitPage
from naij_tracker.ui.import_pages.file_page import FilePage
from naij_tracker.ui.import_pages.mapping_page import MappingPage
from naij_tracker.ui.import_pages.members_page import MembersPage
from naij_tracker.ui.import_pages.sheet_page import SheetPage
from naij_tracker.ui.import_pages.values_page import ValuesPage
from naij_tracker.ui.messages import APP_TITLE
from naij_tracker.ui.tasks import TaskRunner

__all__ = ["PAGE_CHECK", "PAGE_COMMIT", "PAGE_FILE", "PAGE_MAPPING", "PAGE_MEMBERS",
           "PAGE_SHEET", "PAGE_VALUES", "ImportWizard"]


class ImportWizard(QWizard):
    """Import a grievance spreadsheet in five steps; nothing is written before the last."""

    #: A batch was committed (its id).
    imported = Signal(int)
    #: A batch committed in this wizard was undone (its id).
    undone = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 path: str | Path | None = None, *, runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.state = ImportState()
        self.runner = runner or TaskRunner(self)
        self.setWindowTitle(f"Import grievances — {APP_TITLE}")
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)

        self.file_page = FilePage(ctx, self.state, self.runner)
        self.sheet_page = SheetPage(ctx, self.state, self.runner)
        self.mapping_page = MappingPage(ctx, self.state, self.runner)
        self.values_page = ValuesPage(ctx, self.state, self.runner)
        self.members_page = MembersPage(ctx, self.state, self.runner)
        self.check_page = CheckPage(ctx, self.state, self.runner)
        self.commit_page = CommitPage(ctx, self.state, self.runner,
                                      on_imported=self.imported.emit,
                                      on_undone=self.undone.emit)
        for page_id, page in ((PAGE_FILE, self.file_page), (PAGE_SHEET, self.sheet_page),
                              (PAGE_MAPPING, self.mapping_page), (PAGE_CHECK, self.check_page),
                              (PAGE_COMMIT, self.commit_page), (PAGE_VALUES, self.values_page),
                              (PAGE_MEMBERS, self.members_page)):
            self.setPage(page_id, page)
        self.setStartId(PAGE_FILE)
        if path is not None:
            self.file_page.set_path(path)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(900, 650)

    def reject(self) -> None:
        """Cancel/Escape/closing the window: while the commit runs, cancel it and stay open.

        The commit rolls back and the last page says "nothing was written"; the wizard closes
        the next time once nothing is running.
        """
        if self.commit_page.busy:
            self.commit_page.request_cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.commit_page.busy:
            self.commit_page.request_cancel()
            event.ignore()
            return
        super().closeEvent(event)

    def done(self, result: int) -> None:
        # Reads and dry runs still going have nothing to deliver once the wizard is closed.
        self.sheet_page.cleanupPage()
        self.check_page.cleanupPage()
        super().done(result)
