"""Deleting a matter, from its list or its editor: asked first, run on the task runner, then
offered in Edit ▸ Undo.

The delete runs off the GUI thread (a slow server does not freeze the window); the caller shows
that it is under way. A failure is one message: the delete is one
transaction, so nothing was half-done.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from naij_tracker.ui.context import AppContext
from naij_tracker.ui.messages import show_error
from naij_tracker.ui.tasks import TaskRunner


def confirm_delete(parent: QWidget, title: str, text: str) -> bool:
    """Ask before deleting (No is the default answer)."""
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    return QMessageBox.question(parent, title, text, yes | no, no) == yes


def delete_matter(parent: QWidget, ctx: AppContext, runner: TaskRunner, matter_id: int,
                  name: str, *, deleted: Callable[[], None], failed: Callable[[], None]) -> None:
    """Move the matter to the trash; ``deleted`` (after the undo entry is pushed) or ``failed``
    (before the message) is called on the GUI thread when it has ended."""
    matters, trash, undo = ctx.matters, ctx.trash, ctx.undo

    def done(trash_id: int) -> None:
        undo.push(f"Undo delete of {name}", lambda: trash.restore(trash_id))
        deleted()

    def refused(exc: BaseException) -> None:
        failed()
        show_error(parent, "Delete", exc)

    runner.submit(lambda _control: matters.delete(matter_id), on_result=done, on_error=refused)
