"""Work-arounds for defects of the installed PySide6, each detected at run time before applying.

PySide6 6.12.0 returns Python's singletons without taking a reference to them: every
``signal.emit()`` made from Python drops one reference to ``True``, and every call of a ``void``
C++ method (``QStandardItemModel.appendRow``, ``QStandardItem.setData``, ``setText``…) drops one
reference to ``None``. On Python 3.11, where the singletons are not yet immortal, the count
reaches zero after a few hundred thousand calls and the process ends with "Fatal Python error:
bool_dealloc" / "none_dealloc" — in a GUI, within minutes of ordinary use, or at once when a
view fills a model of thirty thousand rows.

``guard_emit_refcount`` measures both leaks with throw-away objects and, only if one is there,
gives ``None``, ``True`` and ``False`` a very large reference count (what Python 3.12 does for
every singleton, PEP 683). The singletons are never freed in any case, so this changes nothing
but the count. Remove this module once the required PySide6 no longer has the defect.
"""

from __future__ import annotations

import ctypes
import sys

_applied = False
_PROBES = 50


def emit_leaks_true() -> bool:
    """True if emitting a signal loses a reference to ``True``."""
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.ping.emit()
    return sys.getrefcount(True) < before - _PROBES // 2


def void_call_leaks_none() -> bool:
    """True if calling a void C++ method loses a reference to ``None``."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(_PROBES):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before - _PROBES // 2


def guard_emit_refcount() -> bool:
    """Apply the guard if a defect is present; True if it was applied (now or before)."""
    global _applied
    if _applied:
        return True
    if sys.version_info >= (3, 12) or not (emit_leaks_true() or void_call_leaks_none()):
        return False
    for singleton in (None, True, False):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        refcount.value += 1 << 40
    _applied = True
    return True
