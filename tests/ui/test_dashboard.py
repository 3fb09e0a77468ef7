"""The dashboard: deadlines added through the service show up; rows open matters; first run."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from naij_tracker.domain import clock
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.queries import counts, list_matters
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.dashboard import DashboardView
from naij_tracker.ui.table_models import OVERDUE_COLOR
from naij_tracker.ui.tasks import TaskRunner


def make_dashboard(qtbot: QtBot, ctx: AppContext) -> DashboardView:
    view = DashboardView(ctx, TaskRunner(synchronous=True))
    qtbot.addWidget(view)
    view.resize(1280, 760)
    view.show()
    view.refresh()
    return view


def table_texts(view: DashboardView, name: str, column: int) -> list[str]:
    table = getattr(view, name)
    model = table.model()
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_sample_dashboard_models(qtbot: QtBot, qtmodeltester: Any, sample_ctx: AppContext) -> None:
    view = make_dashboard(qtbot, sample_ctx)
    assert view.pages.currentWidget() is view.board_page
    for table in (view.overdue_table, view.upcoming_table, view.activity_table):
        qtmodeltester.check(table.model())
    assert view.activity_table.model().rowCount() > 0
    bars = view.chart.bars()
    assert [label for label, _v in bars] == [kind.plural for kind in MatterKind]
    counts = view.data.board.open_counts  # type: ignore[union-attr]
    assert [value for _l, value in bars] == [counts[kind] for kind in MatterKind]
    assert f"{MatterKind.GRIEVANCE.plural}: {counts[MatterKind.GRIEVANCE]:,}" in \
        view.chart.accessibleDescription()


def test_clicking_a_bar_opens_that_list(qtbot: QtBot, sample_ctx: AppContext) -> None:
    view = make_dashboard(qtbot, sample_ctx)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    i = list(MatterKind).index(MatterKind.FLRA)
    centre = view.chart.bar_rect(i).center().toPoint()
    with qtbot.waitSignal(view.show_list, timeout=2000) as blocker:
        qtbot.mouseClick(view.chart, Qt.MouseButton.LeftButton, pos=centre)
    assert blocker.args == [MatterKind.FLRA]
    # the longest bar is the largest count, and a smaller count has a shorter bar
    widths = [view.chart.bar_rect(j).width() for j in range(len(MatterKind))]
    values = [v for _l, v in view.chart.bars()]
    assert widths.index(max(widths)) == values.index(max(values))


def test_deadline_added_through_the_service_appears(qtbot: QtBot, sample_ctx: AppContext) -> None:
    view = make_dashboard(qtbot, sample_ctx)
    matter_id = list_matters(sample_ctx.db, MatterKind.FLRA).rows[0][0]
    today = clock.today()
    sample_ctx.deadlines.add_manual(matter_id, "File the opposition brief", today + timedelta(3))
    sample_ctx.deadlines.add_manual(matter_id, "Serve the exceptions", today - timedelta(2))
    view.refresh()
    assert "File the opposition brief" in table_texts(view, "upcoming_table", 2)
    overdue = table_texts(view, "overdue_table", 2)
    assert "Serve the exceptions" in overdue
    row = overdue.index("Serve the exceptions")
    brush = view.overdue_table.model().index(row, 0).data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QColor) and brush == OVERDUE_COLOR


def test_enter_on_a_row_opens_its_matter(qtbot: QtBot, sample_ctx: AppContext) -> None:
    view = make_dashboard(qtbot, sample_ctx)
    table = view.overdue_table
    assert table.model().rowCount() > 0
    table.setFocus()
    table.selectRow(0)
    expected = table.rows_model.matter_id(0)
    with qtbot.waitSignal(view.open_matter, timeout=2000) as blocker:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert blocker.args == [expected]


def test_first_run_offers_sample_data(qtbot: QtBot, ctx: AppContext) -> None:
    view = make_dashboard(qtbot, ctx)
    assert view.pages.currentWidget() is view.first_run
    changed: list[bool] = []
    view.changed.connect(lambda: changed.append(True))
    qtbot.mouseClick(view.first_run.sample_button, Qt.MouseButton.LeftButton)
    assert changed == [True]
    assert counts(ctx.db)["grievance"] > 0
    assert view.pages.currentWidget() is view.board_page
    assert view.first_run.sample_button.isEnabled()


def test_first_run_import_and_new_matter_buttons(qtbot: QtBot, ctx: AppContext) -> None:
    view = make_dashboard(qtbot, ctx)
    with qtbot.waitSignal(view.import_requested, timeout=1000):
        qtbot.mouseClick(view.first_run.import_button, Qt.MouseButton.LeftButton)
    menu = view.first_run.new_button.menu()
    action = next(a for a in menu.actions() if a.text() == MatterKind.GRIEVANCE.label)
    with qtbot.waitSignal(view.new_matter_requested, timeout=1000) as blocker:
        action.trigger()
    assert blocker.args == [MatterKind.GRIEVANCE]
