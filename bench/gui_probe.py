"""Child processes of the GUI benchmarks (run by ``bench/run.py``; one mode per process).

    python bench/gui_probe.py startup-app DB     # the real start-up (cli.main), dashboard painted
    python bench/gui_probe.py startup-bare       # a bare PySide6 QMainWindow, painted
    python bench/gui_probe.py memory-app DB      # window + grievances list loaded and painted
    python bench/gui_probe.py memory-bare DB     # bare window + the same rows as Python tuples
    python bench/gui_probe.py interactive DB N   # rows 2–5: N timed runs each, JSON on stdout

Start-up modes print ``PAINTED <time.time_ns()>`` once the window has painted (for the app: after
the dashboard's data arrived), then exit at once; the parent measures from spawn. Memory modes
print ``MAXRSS <KiB>`` from ``getrusage(RUSAGE_SELF)``. Run with ``QT_QPA_PLATFORM=offscreen``
and ``XDG_CONFIG_HOME`` pointing at a scratch folder (the parent does both), so the user's
window settings are neither read nor written.
"""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: The grievance list query (default view: open grievances, newest filed first), hand-written.
GRIEVANCE_SQL = """
SELECT m.id, g.grievance_number, mem.name, g.court, g.step, m.status, g.filed_on,
       nd.next_due, m.title
FROM matter m JOIN grievance g ON g.id = m.id
LEFT JOIN member mem ON mem.id = g.member_id
LEFT JOIN (SELECT matter_id, min(due_on) AS next_due FROM deadline
           WHERE done_on IS NULL GROUP BY matter_id) nd ON nd.matter_id = m.id
WHERE m.kind = 'grievance'
  AND m.status NOT IN ('denied', 'settled', 'sustained', 'withdrawn') {extra}
ORDER BY g.filed_on DESC, m.id DESC
"""
FTS_IN = "AND m.id IN (SELECT rowid FROM matter_fts WHERE matter_fts MATCH ?)"
SEARCH_SQL = """
SELECT m.id, m.kind, m.title, m.status, g.grievance_number, f.case_number
FROM matter m LEFT JOIN grievance g ON g.id = m.id LEFT JOIN flra_case f ON f.id = m.id
WHERE m.id IN (SELECT rowid FROM matter_fts WHERE matter_fts MATCH ?)
ORDER BY m.updated_at DESC LIMIT ?
"""
DEADLINE_SQL = """
SELECT d.id, d.matter_id, m.kind, g.grievance_number, f.case_number, m.title, d.title, d.due_on,
       d.opens_on, d.rule_id, d.citation, d.explanation, d.trigger_on, d.service_method,
       d.done_on
FROM deadline d JOIN matter m ON m.id = d.matter_id
LEFT JOIN grievance g ON g.id = m.id LEFT JOIN flra_case f ON f.id = m.id
WHERE d.done_on IS NULL AND {range}
ORDER BY d.due_on, d.id
"""
DASHBOARD_SQL = (
    (DEADLINE_SQL.format(range="d.due_on <= ?"), "yesterday"),
    (DEADLINE_SQL.format(range="d.due_on >= ? AND d.due_on <= ?"), "window"),
    ("SELECT kind, count(*) FROM matter WHERE NOT ("
     "(kind = 'bargaining' AND status IN ('agreement', 'implemented_without_bargaining', "
     "'withdrawn')) OR (kind = 'flra' AND status IN ('decided', 'dismissed', 'settled', "
     "'withdrawn')) OR (kind = 'grievance' AND status IN ('denied', 'settled', 'sustained', "
     "'withdrawn')) OR (kind = 'metric_dispute' AND status IN ('resolved', 'withdrawn'))) "
     "GROUP BY kind", None),
    ("SELECT at, who, summary, matter_id FROM history_entry ORDER BY at DESC, id DESC LIMIT 15",
     None),
    ("SELECT count(*) FROM matter", None),
)
FILTER_PREFIX = "Chi"
FILTER_KEY = "c"  # "Chi" → "Chic": the Chicago court's grievances
SEARCH_TERM = "Chen"

#: The honest baselines (issue 22): what a hand-written window needs to show the officer the same
#: thing — the count and the first visible rows (a page of 500, as the application reads) with
#: each row's next open deadline looked up per row, newest filed first through
#: ``ix_grievance_filed``; no GROUP BY over every deadline, no row fetched that is not shown.
OPEN_GRIEVANCE = ("m.kind = 'grievance' AND m.status NOT IN "
                  "('denied', 'settled', 'sustained', 'withdrawn')")
PLAIN_COUNT_SQL = ("SELECT count(*) FROM matter m JOIN grievance g ON g.id = m.id "
                   "WHERE " + OPEN_GRIEVANCE + " {extra}")
PLAIN_PAGE_SQL = """
SELECT m.id, g.grievance_number, mem.name, g.court, g.step, m.status, g.filed_on,
       (SELECT min(x.due_on) FROM deadline x WHERE x.matter_id = m.id
        AND coalesce(x.done_on, NULL) IS NULL), m.title
FROM grievance g INDEXED BY ix_grievance_filed JOIN matter m ON m.id = g.id
LEFT JOIN member mem ON mem.id = g.member_id
WHERE """ + OPEN_GRIEVANCE + """ {extra}
ORDER BY g.filed_on DESC, g.id DESC LIMIT 500
"""
PLAIN_HEADERS = ("Id", "Number", "Member", "Court", "Step", "Status", "Filed", "Next deadline",
                 "Title")


#: Set by ``bench/run.py`` when the unpatched application crashes on the large database.
PATCH_ENV = "NAIJ_BENCH_DEFER_DEADLINES"
#: An experiment for the README (not used by ``run.py``): list views query when first shown.
LAZY_LISTS_ENV = "NAIJ_BENCH_LAZY_LISTS"


def _lazy_lists() -> None:
    """``MatterListView`` skips its query while hidden (the window refreshes it when shown)."""
    from naij_tracker.ui import matter_list as ml

    original = ml.MatterListView.refresh

    def refresh(self: Any) -> None:
        if self.isVisible():
            original(self)

    ml.MatterListView.refresh = refresh  # type: ignore[method-assign]


def apply_workarounds() -> None:
    """Make ``DeadlinesView`` load when first shown rather than in its constructor.

    Only when ``NAIJ_BENCH_DEFER_DEADLINES=1``. As of this writing the view fills a
    ``QStandardItemModel`` with every open deadline (28,828 on the large database) on the GUI
    thread while the main window is being built; PySide6 6.12's ``QStandardItem.appendRow(list)``
    and ``setData(<Python object>)`` each drop a reference to ``None``, so the interpreter aborts
    ("none_dealloc"). This is the fix recommended in ``bench/README.md``, applied from outside so
    the other rows can be measured until the view itself is changed.
    """
    if os.environ.get(LAZY_LISTS_ENV) == "1":
        _lazy_lists()
    if os.environ.get(PATCH_ENV) != "1":
        return
    from naij_tracker.ui import deadlines_view as dv

    original = dv.DeadlinesView.refresh

    def refresh(self: Any) -> None:
        if self.isVisible():
            original(self)
        # else: the main window refreshes stale views when they are shown

    dv.DeadlinesView.refresh = refresh  # type: ignore[method-assign]


def maxrss_kib() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def vmhwm_kib() -> int:
    """Peak RSS of this program image (unlike ``ru_maxrss``, not inherited across fork/exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def sql_grievances(db_path: str, fts: str | None = None) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db_path)
    try:
        if fts is None:
            return conn.execute(GRIEVANCE_SQL.format(extra="")).fetchall()
        return conn.execute(GRIEVANCE_SQL.format(extra=FTS_IN), (f'"{fts}"',)).fetchall()
    finally:
        conn.close()


def sql_search(db_path: str, term: str, limit: int) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(SEARCH_SQL, (f'"{term}"', limit)).fetchall()
    finally:
        conn.close()


def sql_dashboard(db_path: str, today: date) -> list[list[tuple[Any, ...]]]:
    conn = sqlite3.connect(db_path)
    try:
        out = []
        for sql, params in DASHBOARD_SQL:
            args: tuple[Any, ...] = ()
            if params == "yesterday":
                args = ((today - timedelta(days=1)).isoformat(),)
            elif params == "window":
                args = (today.isoformat(), (today + timedelta(days=14)).isoformat())
            out.append(conn.execute(sql, args).fetchall())
        return out
    finally:
        conn.close()


def plain_list(db_path: str, fts: str | None = None) -> tuple[int, list[tuple[Any, ...]]]:
    """The count and the first 500 rows, through ``sqlite3`` (the list baselines)."""
    conn = sqlite3.connect(db_path)
    try:
        if fts is None:
            count = conn.execute(PLAIN_COUNT_SQL.format(extra="")).fetchone()[0]
            return count, conn.execute(PLAIN_PAGE_SQL.format(extra="")).fetchall()
        arg = (f'"{fts}"',)
        count = conn.execute(PLAIN_COUNT_SQL.format(extra=FTS_IN), arg).fetchone()[0]
        page = PLAIN_PAGE_SQL.format(extra=FTS_IN).replace(" INDEXED BY ix_grievance_filed", "")
        return count, conn.execute(page, arg).fetchall()
    finally:
        conn.close()


def plain_window() -> Any:
    """A hand-written window: a label, a plain ``QTableView`` over a minimal model, and plain
    tables for the dashboard baseline. ``show_rows``/``show_dashboard`` put data in them."""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import (
        QLabel,
        QMainWindow,
        QStackedWidget,
        QTableView,
        QVBoxLayout,
        QWidget,
    )

    class Rows(QAbstractTableModel):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[tuple[Any, ...]] = []
            self.width = len(PLAIN_HEADERS)

        def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: N802, B008
            return 0 if parent.isValid() else len(self.rows)

        def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: N802, B008
            return self.width

        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            if role == Qt.ItemDataRole.DisplayRole:
                value = self.rows[index.row()][index.column()]
                return "" if value is None else str(value)
            return None

        def headerData(self, section: int, orientation: Any,  # noqa: N802
                       role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
                return PLAIN_HEADERS[section] if section < len(PLAIN_HEADERS) else str(section)
            return None

        def set_rows(self, rows: list[tuple[Any, ...]]) -> None:
            self.beginResetModel()
            self.rows = rows
            self.width = len(rows[0]) if rows else self.width
            self.endResetModel()

    class Plain(QMainWindow):
        def __init__(self) -> None:
            super().__init__()
            self.stack = QStackedWidget()
            page = QWidget()
            box = QVBoxLayout(page)
            self.count = QLabel()
            self.model = Rows()
            self.table = QTableView()
            self.table.setModel(self.model)
            box.addWidget(self.count)
            box.addWidget(self.table)
            self.stack.addWidget(page)
            self.dash = QWidget()
            dbox = QVBoxLayout(self.dash)
            self.dash_label = QLabel()
            dbox.addWidget(self.dash_label)
            self.dash_models = [Rows() for _ in range(3)]
            for model in self.dash_models:
                table = QTableView()
                table.setModel(model)
                dbox.addWidget(table)
            self.stack.addWidget(self.dash)
            self.setCentralWidget(self.stack)
            self.resize(1280, 800)

        def show_rows(self, count: int, rows: list[tuple[Any, ...]]) -> None:
            self.stack.setCurrentIndex(0)
            self.count.setText(f"{count:,} grievances")
            self.model.set_rows(rows)

        def show_dashboard(self, results: list[list[tuple[Any, ...]]]) -> None:
            self.stack.setCurrentIndex(1)
            lists = [r for r in results if r and len(r[0]) > 3][:3]
            self.dash_label.setText(" · ".join(str(r) for res in results for r in res
                                               if len(r) <= 3)[:300])
            for model, rows in zip(self.dash_models, lists + [[]] * 3, strict=False):
                model.set_rows(rows)

    return Plain()


def record_dashboard_statements(db: Any) -> list[tuple[str, dict[str, Any]]]:
    """The statements the application's dashboard runs, captured from one refresh."""
    from naij_tracker.services import overview

    seen: list[tuple[str, dict[str, Any]]] = []
    read, read_many = db.read, db.read_many

    def _plain(params: Any) -> dict[str, Any]:
        return {k: (v.isoformat() if hasattr(v, "isoformat") else v)
                for k, v in dict(params or {}).items()}

    def rec_read(sql: str, params: Any = None) -> Any:
        seen.append((sql, _plain(params)))
        return read(sql, params)

    def rec_many(statements: Any) -> Any:
        seen.extend((sql, _plain(p)) for sql, p in statements)
        return read_many(statements)

    db.read, db.read_many = rec_read, rec_many
    try:
        overview.load_dashboard(db)
    finally:
        del db.read, db.read_many
    return seen


def plain_dashboard(db_path: str, statements: list[tuple[str, dict[str, Any]]]
                    ) -> list[list[tuple[Any, ...]]]:
    conn = sqlite3.connect(db_path)
    try:
        return [conn.execute(sql, params).fetchall() for sql, params in statements]
    finally:
        conn.close()


# -- start-up ---------------------------------------------------------------------------------

def _first_paint_window() -> Any:
    """A ``QMainWindow`` that reports its first paint (``_report_painted``) and exits."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMainWindow

    class Window(QMainWindow):
        painted = False

        def paintEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
            super().paintEvent(event)
            if not self.painted:
                self.painted = True
                QTimer.singleShot(0, _report_painted)

    return Window()


def startup_bare() -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)
    window = _first_paint_window()
    window.resize(1280, 800)
    window.show()
    return app.exec()


def startup_widgets() -> int:
    """The Qt floor of the first screen: the widgets the dashboard window is made of, empty.

    A main window with menus, a tool bar with a search field and its completer, a navigation
    list, three tables with models, labels, buttons and a status bar — no application code, no
    database. What it costs beyond ``startup-bare`` is PySide6 initialising the classes and
    enums those widgets use, which any window like ours pays (see ``bench/README.md``, row 1).
    """
    from PySide6.QtCore import QStringListModel, Qt
    from PySide6.QtGui import QAction, QStandardItemModel
    from PySide6.QtWidgets import (
        QApplication,
        QCompleter,
        QGridLayout,
        QHBoxLayout,
        QLabel,
        QLineEdit,
        QListWidget,
        QPushButton,
        QScrollArea,
        QSplitter,
        QStackedWidget,
        QTableView,
        QToolBar,
        QVBoxLayout,
        QWidget,
    )

    app = QApplication(sys.argv)
    window = _first_paint_window()
    for title in ("&File", "&Edit", "&View", "&Help"):
        menu = window.menuBar().addMenu(title)
        for i in range(6):
            menu.addAction(QAction(f"Action {i}", window))
    toolbar = QToolBar(window)
    search = QLineEdit(toolbar)
    search.setClearButtonEnabled(True)
    QCompleter(QStringListModel(), search).setWidget(search)
    toolbar.addWidget(search)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    nav = QListWidget()
    nav.addItems(["Dashboard", "Bargaining", "FLRA cases", "Grievances", "Metric disputes",
                  "Members", "Deadlines", "Metrics catalogue"])
    page = QWidget()
    grid = QGridLayout(page)
    left, right = QVBoxLayout(), QVBoxLayout()
    for box, n in ((left, 2), (right, 1)):
        for _ in range(n):
            box.addWidget(QLabel("Section"))
            model = QStandardItemModel(20, 4, page)
            table = QTableView()
            table.setModel(model)
            box.addWidget(table)
    buttons = QHBoxLayout()
    for kind in ("Bargaining", "FLRA cases", "Grievances", "Metric disputes"):
        buttons.addWidget(QPushButton(kind))
    right.insertLayout(0, buttons)
    grid.addLayout(left, 0, 0)
    grid.addLayout(right, 0, 1)
    scroll = QScrollArea()
    scroll.setWidget(page)
    scroll.setWidgetResizable(True)
    stack = QStackedWidget()
    stack.addWidget(scroll)
    splitter = QSplitter()
    splitter.addWidget(nav)
    splitter.addWidget(stack)
    window.setCentralWidget(splitter)
    window.statusBar().addWidget(QLabel("Database"), 1)
    window.resize(1280, 800)
    window.show()
    return app.exec()


def _report_painted(then: Callable[[], object] | None = None) -> None:
    print(f"PAINTED {time.time_ns()}", flush=True)
    if then is not None:
        then()
    os._exit(0)  # at once: no teardown, no waiting for background queries


def startup_app(db_path: str) -> int:
    """The real start-up path (``cli.main``); reports the first paint after dashboard data.

    The dashboard chart's ``paintEvent`` is wrapped, as the bare window's is overridden: Qt
    paints a window and its children in one pass, so the zero timer fires once the whole first
    frame with the data is painted. (The dashboard itself is covered by its children, so Qt does
    not call its own ``paintEvent``; and PySide6 only calls a Python ``paintEvent`` that the
    class defined when it was made, as ``BarChart`` does.) (An application-wide event filter would send every event of the
    start-up through Python — and make PySide6 resolve each event's type — which slowed the
    measured start by tens of milliseconds that the application itself does not spend.)
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from naij_tracker.ui.bar_chart import BarChart
    from naij_tracker.ui.dashboard import DashboardView

    original = BarChart.paintEvent
    reported = []

    def paint_event(self: Any, event: Any) -> None:
        original(self, event)
        dashboard = self.parentWidget()
        while dashboard is not None and not isinstance(dashboard, DashboardView):
            dashboard = dashboard.parentWidget()
        if not reported and dashboard is not None and dashboard.data is not None:
            reported.append(True)
            # After the time is taken, the session lock is released as on closing: a lock left
            # behind would make the next measured start clear it and show a notice about it.
            window = self.window()
            QTimer.singleShot(0, lambda: _report_painted(window.release_lock))

    BarChart.paintEvent = paint_event  # type: ignore[method-assign]
    QApplication(sys.argv)
    apply_workarounds()
    from naij_tracker.cli import main

    return main(["--db", db_path])


# -- memory ------------------------------------------------------------------------------------

def memory_bare(db_path: str) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv)
    window = QMainWindow()
    window.resize(1280, 800)
    window.show()
    rows = sql_grievances(db_path)

    def report() -> None:
        print(f"ROWS {len(rows)}")
        print(f"VMHWM {vmhwm_kib()}")
        print(f"MAXRSS {maxrss_kib()}", flush=True)
        os._exit(0)

    QTimer.singleShot(50, report)
    return app.exec()


def memory_plain(db_path: str) -> int:
    """The honest memory baseline: a window with the count and the same 500 visible rows."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)
    window = plain_window()
    count, rows = plain_list(db_path)
    window.show_rows(count, rows)
    window.show()

    def report() -> None:
        print(f"ROWS {count}")
        print(f"VMHWM {vmhwm_kib()}")
        print(f"MAXRSS {maxrss_kib()}", flush=True)
        os._exit(0)

    QTimer.singleShot(50, report)
    return app.exec()


def memory_app(db_path: str) -> int:
    from PySide6.QtWidgets import QApplication

    from naij_tracker.db.opening import open_database
    from naij_tracker.ui.context import AppContext
    from naij_tracker.ui.main_window import MainWindow

    app = QApplication(sys.argv)
    apply_workarounds()
    window = MainWindow(AppContext.for_database(open_database(db_path)))
    window.show()
    harness = Harness(app, window)
    harness.settle()
    elapsed, _cpu = harness.show_list()
    print(f"ROWS {window.list_view(_grievance()).model.total_rows()}")
    print(f"VMHWM {vmhwm_kib()}")
    print(f"MAXRSS {maxrss_kib()}", flush=True)
    os._exit(0)


def _grievance() -> Any:
    from naij_tracker.domain.kinds import MatterKind

    return MatterKind.GRIEVANCE


# -- interactive rows (2–5) ---------------------------------------------------------------------

class Harness:
    """Drives a MainWindow on the real (threaded) TaskRunner and times what the user sees."""

    def __init__(self, app: Any, window: Any) -> None:
        from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
        from PySide6.QtWidgets import QWidget

        self.app, self.window = app, window
        harness = self

        class Watcher(QObject):
            def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
                target = harness.target
                if (target is not None and event.type() == QEvent.Type.Paint
                        and isinstance(obj, QWidget) and (obj is target
                                                          or target.isAncestorOf(obj))
                        and harness.ready()):
                    harness.target = None
                    harness.loop.quit()
                return False

        self.QEventLoop, self.QTimer, self.QWidget = QEventLoop, QTimer, QWidget
        self.loop = QEventLoop()
        self.target: Any = None
        self.ready: Callable[[], bool] = lambda: True
        # Installed on the watched widget and its children for the time of one measurement,
        # not on the application: an application-wide filter would send every event of the
        # whole window through Python, slowing the application side of the comparison.
        self.watcher = Watcher()

    def run_until_painted(self, target: Any, ready: Callable[[], bool], action: Callable[[], Any],
                          timeout_ms: int = 60_000) -> tuple[float, float]:
        """(wall s, CPU s) from ``action()`` until ``target`` paints after ``ready()``."""
        self.target, self.ready = target, ready
        watched = [target, *target.findChildren(self.QWidget)]
        for widget in watched:
            widget.installEventFilter(self.watcher)
        timer = self.QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(self.loop.quit)
        timer.start(timeout_ms)
        w, c = time.perf_counter(), time.process_time()
        action()
        if self.target is not None:
            self.loop.exec()
        wall, cpu = time.perf_counter() - w, time.process_time() - c
        timer.stop()
        for widget in watched:
            widget.removeEventFilter(self.watcher)
        if self.target is not None:
            raise TimeoutError("nothing was painted in time")
        return wall, cpu

    def wait_idle(self, timeout_s: float = 120) -> None:
        """Process events until no background task of the window is running."""
        end = time.monotonic() + timeout_s
        while self.window.runner.running and time.monotonic() < end:
            self.app.processEvents(self.QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.005)
        for _ in range(3):
            self.app.processEvents()

    def settle(self) -> None:
        self.wait_idle()
        self.window.show_view("dashboard")
        self.wait_idle()

    def show_list(self) -> tuple[float, float]:
        """Dashboard → grievances (stale, so it re-queries) until its first rows are painted."""
        from naij_tracker.domain.kinds import MatterKind

        self.window.show_view("dashboard")
        self.window.refresh_all()  # every view stale; the dashboard refreshes
        self.wait_idle()
        view = self.window.list_view(MatterKind.GRIEVANCE)
        loaded = {"reset": False}

        def on_reset() -> None:
            loaded["reset"] = True

        view.model.modelReset.connect(on_reset)
        try:
            return self.run_until_painted(
                view.table.viewport(), lambda: loaded["reset"] and view.model.rowCount() > 0,
                lambda: self.window.show_view(MatterKind.GRIEVANCE.value))
        finally:
            view.model.modelReset.disconnect(on_reset)

    def keystroke(self) -> tuple[float, float]:
        """With "Chi" applied, type "c" and press Enter (skipping the debounce)."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        from naij_tracker.domain.kinds import MatterKind

        view = self.window.show_view(MatterKind.GRIEVANCE.value)
        self.wait_idle()
        view.filter_edit.setText(FILTER_PREFIX)
        view.refresh()
        self.wait_idle()
        loaded = {"reset": False}

        def on_reset() -> None:
            loaded["reset"] = True

        view.model.modelReset.connect(on_reset)

        def type_key() -> None:
            QTest.keyClick(view.filter_edit, FILTER_KEY)
            QTest.keyClick(view.filter_edit, Qt.Key.Key_Return)

        try:
            return self.run_until_painted(view.table.viewport(), lambda: loaded["reset"],
                                          type_key)
        finally:
            view.model.modelReset.disconnect(on_reset)
            view.filter_edit.clear()
            view.refresh()
            self.wait_idle()

    def search(self) -> tuple[float, float]:
        """Global search: from ``run_search`` until the hits are in the model (``searched``)."""
        field = self.window.search
        field.setText(SEARCH_TERM)
        got: list[int] = []

        def on_searched(n: int) -> None:
            got.append(n)
            self.loop.quit()

        field.searched.connect(on_searched)
        try:
            w, c = time.perf_counter(), time.process_time()
            field.run_search()
            if not got:
                self.loop.exec()
            return time.perf_counter() - w, time.process_time() - c
        finally:
            field.searched.disconnect(on_searched)
            field.clear()

    def dashboard(self) -> tuple[float, float]:
        """Dashboard refresh until it paints with the new data."""
        dash = self.window.show_view("dashboard")
        self.wait_idle()
        before = dash.data
        return self.run_until_painted(dash, lambda: dash.data is not before, dash.refresh)


def interactive(db_path: str, runs: int) -> int:
    from PySide6.QtWidgets import QApplication

    from naij_tracker.db.opening import open_database
    from naij_tracker.services import queries
    from naij_tracker.ui.context import AppContext
    from naij_tracker.ui.main_window import MainWindow
    from naij_tracker.ui.search import MAX_HITS

    app = QApplication(sys.argv)
    apply_workarounds()
    db = open_database(db_path)
    window = MainWindow(AppContext.for_database(db))
    window.show()
    h = Harness(app, window)
    h.settle()
    today = date.today()
    rows = {
        "list": (h.show_list, lambda: sql_grievances(db_path)),
        "filter": (h.keystroke, lambda: sql_grievances(db_path, FILTER_PREFIX + FILTER_KEY)),
        "search": (h.search, lambda: sql_search(db_path, SEARCH_TERM, MAX_HITS)),
        "dashboard": (h.dashboard, lambda: sql_dashboard(db_path, today)),
    }
    # What the benchmark compares must be the same rows: check once before timing.
    n_list = len(queries.list_matters(db, "grievance").rows)
    n_sql = len(sql_grievances(db_path))
    assert n_list == n_sql, (n_list, n_sql)
    n_filter = len(queries.list_matters(db, "grievance", text_filter="Chic").rows)
    assert n_filter == len(sql_grievances(db_path, "Chic")), n_filter
    # The honest baselines: a hand-written window showing the same thing, painted.
    plain = plain_window()
    plain.show()
    statements = record_dashboard_statements(db)

    def plain_rows(fts: str | None) -> Callable[[], tuple[float, float]]:
        def run() -> tuple[float, float]:
            def action() -> None:
                plain.show_rows(*plain_list(db_path, fts))
            return h.run_until_painted(plain.table.viewport(), lambda: True, action)
        return run

    def plain_dash() -> tuple[float, float]:
        return h.run_until_painted(
            plain.dash, lambda: True,
            lambda: plain.show_dashboard(plain_dashboard(db_path, statements)))

    plains: dict[str, Callable[[], tuple[float, float]]] = {
        "list": plain_rows(None), "filter": plain_rows(FILTER_PREFIX + FILTER_KEY),
        "dashboard": plain_dash}
    count, _rows = plain_list(db_path)
    assert count == n_list, (count, n_list)
    assert plain_list(db_path, "Chic")[0] == n_filter
    result: dict[str, Any] = {"counts": {"list": n_list, "filter": n_filter,
                                         "dashboard_statements": len(statements)}}
    for name, (app_fn, base_fn) in rows.items():
        app_t: list[tuple[float, float]] = []
        base_t: list[tuple[float, float]] = []
        plain_t: list[tuple[float, float]] = []
        plain_fn = plains.get(name)
        app_fn()  # warm-up (page cache, first-use imports)
        base_fn()
        if plain_fn is not None:
            plain_fn()
        for _ in range(runs):  # interleaved: app, plain window, SQL alone
            app_t.append(app_fn())
            if plain_fn is not None:
                plain_t.append(plain_fn())
            w, c = time.perf_counter(), time.process_time()
            base_fn()
            base_t.append((time.perf_counter() - w, time.process_time() - c))
        result[name] = {
            "app_wall": statistics.median(t[0] for t in app_t),
            "app_cpu": statistics.median(t[1] for t in app_t),
            "base_wall": statistics.median(t[0] for t in base_t),
            "base_cpu": statistics.median(t[1] for t in base_t),
        }
        if plain_t:
            result[name]["plain_wall"] = statistics.median(t[0] for t in plain_t)
            result[name]["plain_cpu"] = statistics.median(t[1] for t in plain_t)
    print("JSON " + json.dumps(result), flush=True)
    os._exit(0)


def main(argv: list[str]) -> int:
    mode = argv[0]
    if mode == "startup-bare":
        return startup_bare()
    if mode == "startup-widgets":
        return startup_widgets()
    if mode == "startup-app":
        return startup_app(argv[1])
    if mode == "memory-bare":
        return memory_bare(argv[1])
    if mode == "memory-app":
        return memory_app(argv[1])
    if mode == "memory-plain":
        return memory_plain(argv[1])
    if mode == "interactive":
        return interactive(argv[1], int(argv[2]))
    raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
