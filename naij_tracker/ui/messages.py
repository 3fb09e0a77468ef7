"""Turning exceptions from the services into sentences a union officer can act on.

Known failures (storage, validation, conflicts, missing records) become a message box with a
plain sentence. Anything else is a bug: it is still shown politely, with the technical detail
folded away, and re-logged so that it is not silently lost.
"""

from __future__ import annotations

import logging
import sys
import traceback

from PySide6 import QtWidgets
from PySide6.QtWidgets import QWidget

from naij_tracker.db.errors import ConflictError, StorageError, describe_sqlite_error, driver_error
from naij_tracker.services.errors import NotFound

log = logging.getLogger(__name__)

APP_TITLE = "NAIJ Case Tracker"


def human_message(exc: BaseException) -> tuple[str, bool]:
    """(message, is_known) for an exception raised by a service or a task."""
    validation = sys.modules.get("naij_tracker.domain.validation")  # loaded by whatever raised
    if validation is not None and isinstance(exc, validation.ValidationError):
        lines = [e.message for e in exc.errors] or [str(exc)]
        return "Please correct the following:\n• " + "\n• ".join(lines), True
    if isinstance(exc, ConflictError | StorageError | NotFound):
        return str(exc), True
    if driver_error(exc) is not exc:
        known = describe_sqlite_error(exc)
        if known is not None:
            return str(known), True
    if isinstance(exc, OSError):
        return f"The file could not be used: {exc.strerror or exc}.", True
    return f"Something went wrong: {exc}", False


def show_error(parent: QWidget | None, title: str, exc: BaseException) -> None:
    """A warning box for a known failure, a critical one (with details) for a bug."""
    message, known = human_message(exc)
    box = QtWidgets.QMessageBox(parent)
    box.setWindowTitle(f"{title} — {APP_TITLE}" if title else APP_TITLE)
    box.setText(message)
    if known:
        box.setIcon(QtWidgets.QMessageBox.Icon.Warning)
    else:
        log.error("Unexpected error", exc_info=exc)
        box.setIcon(QtWidgets.QMessageBox.Icon.Critical)
        from naij_tracker.app_log import log_file

        box.setInformativeText("The last change may not have been saved; look before doing it "
                               f"again. The details are also in {log_file()}.")
        box.setDetailedText("".join(traceback.format_exception(exc)))
    box.exec()
