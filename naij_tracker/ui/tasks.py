"""The one background-task helper: run a function off the GUI thread, get the answer back on it.

Usage::

    runner.submit(lambda control: list_matters(ctx.db, kind),
                  on_result=self._show_rows, on_error=self._show_error,
                  on_progress=progress_bar.update)

* The function runs on a ``QThreadPool`` thread and receives a ``TaskControl``: it may report
  ``control.progress(done, total, text)`` and should call ``control.check()`` now and then, which
  raises ``Cancelled`` once ``Task.cancel()`` was asked for.
* **Database access**: the function must open its own connection or session
  (``db.engine.connect()`` / ``db.sessions()``) inside the worker thread — the engine is
  thread-safe and hands every thread its own SQLite connection (``NullPool``); sessions and ORM
  objects are not, so none crosses threads. Return plain data (tuples, dataclasses).
* The function never touches widgets. Results, errors and progress arrive on the GUI thread as
  Qt signals of a ``Task`` object living there (the worker posts events to it), so callbacks
  may update widgets freely.
* ``submit(..., supersede="list")``: a newer task with the same key replaces the older one —
  the older is cancelled and its result or error is never delivered, so "the newest answer
  wins" without each view counting generations.
* ``shutdown`` waits only for this runner's own tasks (not the whole global pool) and says
  whether they all ended in time.
* **Writes** run here too (the editor's save, a delete, a tab's change): the widget disables
  itself and says "Saving…" while one runs, and never supersedes a write (a write that was
  cancelled after it committed would go unreported). ``continue_after`` lets a question such as
  "Save your changes?" go on with what the officer was doing once the save has succeeded.
* ``TaskRunner(synchronous=True)`` runs the function at once in the calling thread and emits the
  same signals, for tests and scripts (the idea of Picard's synchronous fake pool). There are no
  ``processEvents()`` loops anywhere.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRunnable, QThreadPool, Signal

# Why events and not queued signals: in PySide6 6.12 every queued signal delivered to a Python
# receiver drops one reference to ``True`` (measured: 200 deliveries, 200 references), which
# ends in "Fatal Python error: bool_dealloc" at exit. ``postEvent`` is thread-safe, carries no
# Python objects and does not leak, so the worker posts plain events to the Task instead.
_SETTLED = QEvent.Type(QEvent.registerEventType())
_PROGRESS = QEvent.Type(QEvent.registerEventType())


class Cancelled(Exception):
    """Raised inside a task by ``TaskControl.check()`` after cancellation was requested."""


class TaskControl:
    """What the running function may use: progress reports and cancellation checks."""

    def __init__(self, task: Task) -> None:
        self._task = task
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def progress(self, done: int, total: int = 0, text: str = "") -> None:
        self._task._report_progress(int(done), int(total), text)


class Task(QObject):
    """A submitted function; lives in the GUI thread and emits what the worker reported.

    The worker writes the outcome into the Task (once) and posts an event; the GUI thread
    handles the event and emits ``finished``/``failed``/``cancelled`` and then ``done``.
    """

    finished = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int, str)
    cancelled = Signal()
    #: Always emitted last, whatever the outcome.
    done = Signal()

    def __init__(self, fn: Callable[[TaskControl], Any], parent: QObject | None = None,
                 *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self._fn = fn
        self._synchronous = synchronous
        self.control = TaskControl(self)
        self._running = True
        #: A newer task of the same ``supersede`` key replaced this one: nothing is delivered.
        self.superseded = False
        #: Set once the function has returned or raised (on whichever thread ran it).
        self.ended = threading.Event()
        self._outcome: tuple[str, Any] = ("cancelled", None)
        self._progress: deque[tuple[int, int, str]] = deque()

    @property
    def is_running(self) -> bool:
        return self._running

    def cancel(self) -> None:
        self.control._cancel.set()

    def _post(self, kind: QEvent.Type) -> None:
        if self._synchronous:
            self._handle(kind)
        else:
            QCoreApplication.postEvent(self, QEvent(kind))

    def _report_progress(self, done: int, total: int, text: str) -> None:
        self._progress.append((done, total, text))  # deque: safe across threads
        self._post(_PROGRESS)

    def execute(self) -> None:
        """Run the function in the current thread; then report that the outcome is ready."""
        try:
            result = self._fn(self.control)
        except Cancelled:
            self._outcome = ("cancelled", None)
        except Exception as exc:  # noqa: BLE001 - delivered to the GUI thread, not swallowed
            self._outcome = ("error", exc)
        else:
            # A function that finished did its work (a commit that ended just after the click
            # did commit): report its result, not "cancelled".
            self._outcome = ("result", result)
        self.ended.set()
        self._post(_SETTLED)

    def customEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        self._handle(event.type())

    def _handle(self, kind: QEvent.Type) -> None:
        if kind == _PROGRESS:
            while self._progress:
                self.progress.emit(*self._progress.popleft())
        elif kind == _SETTLED:
            while self._progress:
                self.progress.emit(*self._progress.popleft())
            what, value = self._outcome
            self._outcome = ("cancelled", None)  # drop the reference to the result
            if what == "result":
                self.finished.emit(value)
            elif what == "error":
                self.failed.emit(value)
            else:
                self.cancelled.emit()
            self._running = False
            self.done.emit()


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task

    def run(self) -> None:
        self._task.execute()


class TaskRunner(QObject):
    """Submits tasks to a thread pool (or runs them at once when ``synchronous``)."""

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False,
                 pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._pool = pool or QThreadPool.globalInstance()
        self._live: set[Task] = set()
        self._latest: dict[str, Task] = {}

    def submit(self, fn: Callable[[TaskControl], Any], *,
               on_result: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None,
               on_progress: Callable[[int, int, str], None] | None = None,
               on_cancelled: Callable[[], None] | None = None,
               supersede: str | None = None) -> Task:
        task = Task(fn, synchronous=self.synchronous)
        if supersede is not None:
            older = self._latest.get(supersede)
            if older is not None:
                older.superseded = True
                older.cancel()
            self._latest[supersede] = task
            task.done.connect(lambda: self._forget(supersede, task))
            on_result = self._if_latest(task, on_result)
            on_error = self._if_latest(task, on_error)
        if on_result is not None:
            task.finished.connect(on_result)
        if on_error is not None:
            task.failed.connect(on_error)
        if on_progress is not None:
            task.progress.connect(on_progress)
        if on_cancelled is not None:
            task.cancelled.connect(on_cancelled)
        self._live.add(task)
        task.done.connect(lambda: self._live.discard(task))
        if self.synchronous:
            task.execute()
        else:
            self._pool.start(_Runnable(task))
        return task

    def drop(self, key: str) -> None:
        """Supersede the running task of ``key`` without starting another (the answer was got
        some other way): it is cancelled and delivers nothing."""
        older = self._latest.pop(key, None)
        if older is not None:
            older.superseded = True
            older.cancel()

    def _forget(self, key: str, task: Task) -> None:
        if self._latest.get(key) is task:
            del self._latest[key]

    @staticmethod
    def _if_latest(task: Task,
                   callback: Callable[[Any], None] | None) -> Callable[[Any], None] | None:
        """``callback``, called only if no newer task has superseded ``task``."""
        if callback is None:
            return None

        def deliver(value: Any) -> None:
            if not task.superseded:
                callback(value)

        return deliver

    @property
    def running(self) -> int:
        return len(self._live)

    def shutdown(self, wait_ms: int = 5000) -> bool:
        """Cancel this runner's tasks and wait for them to end (before closing a database).

        Returns False if one still runs after ``wait_ms`` milliseconds in all."""
        tasks = list(self._live)
        for task in tasks:
            task.cancel()
        if self.synchronous:
            return True
        deadline = time.monotonic() + wait_ms / 1000
        return all(task.ended.wait(max(0.0, deadline - time.monotonic())) for task in tasks)


def continue_after(start: Callable[[Callable[[], None]], object],
                   then: Callable[[], object] | None) -> bool:
    """Start work that calls the function it is given once it has succeeded (e.g. a save).

    Returns True if it already succeeded before ``start`` returned (a synchronous runner): the
    caller goes on at once. Otherwise returns False and ``then`` is called when it succeeds —
    never if it fails (the failure is shown where the work was started).
    """
    succeeded_at_once = False
    returned = False

    def succeeded() -> None:
        nonlocal succeeded_at_once
        if not returned:
            succeeded_at_once = True
        elif then is not None:
            then()

    start(succeeded)
    returned = True
    return succeeded_at_once
