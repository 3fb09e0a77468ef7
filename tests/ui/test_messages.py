"""What the officer reads when something fails: a plain sentence for known failures."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from naij_tracker.db.errors import ConflictError, StorageError, driver_error
from naij_tracker.domain.validation import FieldError, ValidationError
from naij_tracker.services.errors import NotFound
from naij_tracker.ui.messages import human_message

DISK_FULL = sqlite3.OperationalError("database or disk is full")


@pytest.mark.parametrize(("exc", "expected", "known"), [
    (ValidationError([FieldError("title", "Title is required."),
                      FieldError("filed_on", "Filed is not a date.")]),
     "Please correct the following:\n• Title is required.\n• Filed is not a date.", True),
    (ConflictError("Someone else saved it."), "Someone else saved it.", True),
    (StorageError("The file is read-only."), "The file is read-only.", True),
    (NotFound("That matter no longer exists."), "That matter no longer exists.", True),
    # SQLAlchemy's wrapper around a driver error: the driver's meaning, in plain words
    (OperationalError("INSERT …", {}, DISK_FULL), "The disk is full", True),
    (DISK_FULL, "Something went wrong", False),  # a bare driver error is not expected here
    (PermissionError(13, "Permission denied"), "The file could not be used: Permission denied.",
     True),
    (RuntimeError("boom"), "Something went wrong: boom", False),
])
def test_messages_for_failures(exc: BaseException, expected: str, known: bool) -> None:
    message, is_known = human_message(exc)
    assert message.startswith(expected)
    assert is_known is known


def test_driver_error_unwraps_only_sqlalchemy_wrappers() -> None:
    wrapped = OperationalError("SELECT 1", {}, DISK_FULL)
    assert driver_error(wrapped) is DISK_FULL
    assert driver_error(DISK_FULL) is DISK_FULL
    plain = ValueError("x")
    assert driver_error(plain) is plain
