"""The background-task helper: results, errors, progress and cancellation on the GUI thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from naij_tracker.services.queries import counts
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.tasks import TaskControl, TaskRunner, continue_after


def test_synchronous_runner_delivers_result_at_once() -> None:
    runner = TaskRunner(synchronous=True)
    got: list[object] = []
    runner.submit(lambda _c: 41 + 1, on_result=got.append)
    assert got == [42]
    assert runner.running == 0


def test_synchronous_runner_delivers_errors_and_progress() -> None:
    runner = TaskRunner(synchronous=True)
    errors: list[BaseException] = []
    progress: list[tuple[int, int, str]] = []

    def work(control: TaskControl) -> None:
        control.progress(1, 2, "half")
        raise ValueError("bad row")

    runner.submit(work, on_error=errors.append,
                  on_progress=lambda d, t, s: progress.append((d, t, s)))
    assert [str(e) for e in errors] == ["bad row"]
    assert progress == [(1, 2, "half")]


def test_pool_runs_off_the_gui_thread_and_answers_on_it(qtbot: QtBot, ctx: AppContext) -> None:
    runner = TaskRunner()
    gui_thread = threading.get_ident()
    seen: dict[str, int] = {}

    def work(control: TaskControl) -> dict[str, int]:
        seen["worker"] = threading.get_ident()
        control.progress(1, 1, "counted")
        return counts(ctx.db)  # its own connection, in the worker thread

    results: list[dict[str, int]] = []
    progress: list[int] = []

    def on_result(value: dict[str, int]) -> None:
        seen["callback"] = threading.get_ident()
        results.append(value)

    task = runner.submit(work, on_result=on_result, on_progress=lambda d, _t, _s: progress.append(d))
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert results and results[0]["grievance"] == 0
    assert seen["worker"] != gui_thread
    assert seen["callback"] == gui_thread
    assert progress == [1]
    assert not task.is_running


def test_pool_delivers_errors(qtbot: QtBot) -> None:
    runner = TaskRunner()
    errors: list[BaseException] = []
    task = runner.submit(lambda _c: 1 / 0, on_error=errors.append)
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert isinstance(errors[0], ZeroDivisionError)


def test_cancel_stops_a_cooperative_task(qtbot: QtBot) -> None:
    runner = TaskRunner()
    started = threading.Event()
    results: list[object] = []
    cancelled: list[bool] = []

    def work(control: TaskControl) -> str:
        started.set()
        for _ in range(500):
            control.check()
            threading.Event().wait(0.01)
        return "finished"

    task = runner.submit(work, on_result=results.append,
                         on_cancelled=lambda: cancelled.append(True))
    assert started.wait(5)
    task.cancel()
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert cancelled == [True]
    assert results == []


def test_shutdown_waits_for_workers() -> None:
    runner = TaskRunner()
    runner.submit(lambda c: [c.check() for _ in range(3)])
    assert runner.shutdown(5000)


@pytest.mark.parametrize("synchronous", [True, False])
def test_no_callbacks_is_fine(qtbot: QtBot, synchronous: bool) -> None:
    runner = TaskRunner(synchronous=synchronous)
    task = runner.submit(lambda _c: None)
    if not synchronous:
        qtbot.waitUntil(lambda: not task.is_running, timeout=5000)
    assert not task.is_running


def test_emit_refcount_guard_is_in_place() -> None:
    from naij_tracker.ui.pyside_workarounds import emit_leaks_true, guard_emit_refcount

    assert guard_emit_refcount() or not emit_leaks_true()


def test_a_newer_task_with_the_same_key_supersedes_the_older(qtbot: QtBot) -> None:
    """The newest answer wins: the older task is cancelled and never delivers its result."""
    runner = TaskRunner()
    release = threading.Event()
    results: list[str] = []
    errors: list[BaseException] = []

    def slow(control: TaskControl) -> str:
        release.wait(5)
        control.check()  # cancelled by the newer submission: raises
        return "old"

    def broken_slow(_control: TaskControl) -> str:
        release.wait(5)
        raise RuntimeError("old failure")  # ended anyway: its error must not be shown either

    first = runner.submit(slow, on_result=results.append, on_error=errors.append,
                          supersede="list")
    second = runner.submit(broken_slow, on_result=results.append, on_error=errors.append,
                           supersede="list")
    newest = runner.submit(lambda _c: "new", on_result=results.append, on_error=errors.append,
                           supersede="list")
    other = runner.submit(lambda _c: "other key", on_result=results.append, supersede="search")
    release.set()
    for task in (first, second, newest, other):
        qtbot.waitUntil(lambda t=task: not t.is_running, timeout=5000)
    assert sorted(results) == ["new", "other key"]
    assert errors == []
    assert first.control.cancelled and second.control.cancelled
    assert not newest.control.cancelled


def test_shutdown_waits_only_for_its_own_tasks(qtbot: QtBot) -> None:
    """A task of another runner on the shared pool does not hold up this runner's shutdown."""
    mine, theirs = TaskRunner(), TaskRunner()
    hold = threading.Event()
    started = threading.Event()

    def other_work(_control: TaskControl) -> None:
        started.set()
        hold.wait(10)

    theirs.submit(other_work)
    assert started.wait(5)
    mine.submit(lambda _c: None)
    began = time.monotonic()
    assert mine.shutdown(5000)
    assert time.monotonic() - began < 2
    # A task of its own that will not stop in time is reported, not waited for forever.
    stubborn = threading.Event()
    mine.submit(lambda _c: stubborn.wait(10))
    assert mine.shutdown(200) is False
    stubborn.set()
    hold.set()
    assert theirs.shutdown(5000)


@pytest.mark.parametrize("synchronous", [True, False])
def test_continue_after_goes_on_once_the_work_succeeded(qtbot: QtBot, synchronous: bool) -> None:
    """Now (True) when the work was over at once, else ``then`` later; never after a failure."""
    runner = TaskRunner(synchronous=synchronous)
    went_on: list[str] = []

    def start(succeed: bool) -> Callable[[Callable[[], None]], object]:
        def begin(succeeded: Callable[[], None]) -> object:
            def outcome(_control: TaskControl) -> None:
                if not succeed:
                    raise RuntimeError("not saved")

            return runner.submit(outcome, on_result=lambda _r: succeeded(),
                                 on_error=lambda _e: None)

        return begin

    now = continue_after(start(True), lambda: went_on.append("saved"))
    failed_now = continue_after(start(False), lambda: went_on.append("failed"))
    qtbot.waitUntil(lambda: runner.running == 0, timeout=5000)
    assert now is synchronous and failed_now is False
    assert went_on == ([] if synchronous else ["saved"])


def test_no_module_spins_the_event_loop_by_hand() -> None:
    """Long work runs on the task runner: no production code calls ``processEvents``."""
    import naij_tracker

    package = Path(naij_tracker.__file__).parent
    callers = [str(path.relative_to(package)) for path in sorted(package.rglob("*.py"))
               if ".processEvents(" in path.read_text(encoding="utf-8")]
    assert callers == []
