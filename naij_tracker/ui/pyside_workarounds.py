"""Work-arounds for defects of the installed PySide6, each detected at run time before applying.

``SignalInstance.emit()`` in PySide6 6.12.0 returns ``True`` without taking a reference to it,
so every ``signal.emit()`` made from Python drops one reference to ``True``. On Python 3.11
(where ``True`` is not yet immortal) a few hundred emits end the process with
"Fatal Python error: bool_dealloc" — in a GUI that emits on every keystroke, within minutes.

``guard_emit_refcount`` measures the leak with a throw-away signal and, only if it is there,
gives ``True`` a very large reference count (what Python 3.12 does for all singletons).
Remove this module once the pinned PySide6 no longer has the defect.
"""

from __future__ import annotations

import ctypes
import sys

_applied = False


def emit_leaks_true() -> bool:
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(10):
        probe.ping.emit()
    return sys.getrefcount(True) < before - 5


def guard_emit_refcount() -> bool:
    """Apply the guard if the defect is present; True if it was applied (now or before)."""
    global _applied
    if _applied:
        return True
    if sys.version_info >= (3, 12) or not emit_leaks_true():
        return False
    refcount = ctypes.c_ssize_t.from_address(id(True))
    refcount.value += 1 << 40
    _applied = True
    return True
