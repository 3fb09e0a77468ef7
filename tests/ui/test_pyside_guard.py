"""The PySide6 singleton-reference guard: a busy GUI must not end in 'none_dealloc'."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject
from PySide6.QtGui import QStandardItem, QStandardItemModel

from naij_tracker.ui.pyside_workarounds import (
    emit_leaks_true,
    guard_emit_refcount,
    void_call_leaks_none,
)


def test_guard_is_applied_wherever_the_defect_exists() -> None:
    leaks = emit_leaks_true() or void_call_leaks_none()
    assert guard_emit_refcount() == (leaks and sys.version_info < (3, 12))


def test_many_void_calls_and_model_rows_do_not_end_the_process(qapp: object) -> None:
    # Without the guard, PySide6 6.12.0 on Python 3.11 aborts the process long before this ends
    # (None starts with a few tens of thousands of references).
    probe = QObject()
    for _ in range(150_000):
        probe.setObjectName("x")
    model = QStandardItemModel()
    for _ in range(30_000):
        model.appendRow([QStandardItem("row")])
    assert model.rowCount() == 30_000
