"""The background-task helper: results, errors, progress and cancellation on the GUI thread."""

from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot

from naij_tracker.services.queries import counts
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.tasks import TaskControl, TaskRunner


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
