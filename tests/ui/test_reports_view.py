"""The Reports view: figures with charts and tables, filters that change them, export."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from naij_tracker.services.analytics import compute_analytics
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.main_window import MainWindow
from naij_tracker.ui.reports_view import ReportsView
from naij_tracker.ui.tasks import TaskRunner


def make_view(qtbot: QtBot, ctx: AppContext) -> ReportsView:
    view = ReportsView(ctx)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_every_figure_has_a_chart_and_its_table(qtbot: QtBot, sample_ctx: AppContext) -> None:
    view = make_view(qtbot, sample_ctx)
    expected = compute_analytics(sample_ctx.db)
    assert set(view.cards) == {t.key for t in expected.tables if t.rows}
    court = view.cards["court"]
    table = expected.table("court")
    assert court.table.rowCount() == len(table.rows)
    assert court.chart.bars() == [(str(r[0]), float(r[3])) for r in table.rows]
    assert court.table.item(0, 3).text() == f"{table.rows[0][3]:,}"
    assert "win rate" in view.heading.text()


def test_choosing_a_court_filters_every_figure(qtbot: QtBot, sample_ctx: AppContext) -> None:
    view = make_view(qtbot, sample_ctx)
    all_total = sum(int(r[3]) for r in view.analytics.table("court").rows)
    court = view.court.itemText(1)
    view.court.setFocus()
    qtbot.keyClicks(view.court, court)
    assert view.court.currentText() == court
    rows = view.analytics.table("court").rows
    assert [r[0] for r in rows] == [court]
    assert sum(int(r[3]) for r in view.analytics.table("step").rows) == rows[0][3] < all_total
    assert view.cards["court"].table.rowCount() == 1


def test_a_table_exports_to_xlsx(qtbot: QtBot, sample_ctx: AppContext, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    view = make_view(qtbot, sample_ctx)
    target = tmp_path / "outcomes"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_a, **_k: (str(target), "Excel workbook (*.xlsx)"))
    card = view.cards["outcomes"]
    qtbot.mouseClick(card.export_button, Qt.MouseButton.LeftButton)
    sheet = load_workbook(tmp_path / "outcomes.xlsx").active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["Outcome", "Grievances", "Share"]
    assert values[1][0] == "Sustained" and values[1][1] == card.figure.rows[0][1]
    every = view.export_all(str(tmp_path / "all.csv"))
    assert every is not None and "Grievances by court" in every.read_text(encoding="utf-8-sig")


def test_reports_is_a_view_of_the_main_window(qtbot: QtBot, sample_ctx: AppContext,
                                              ui_settings_store: QSettings) -> None:
    window = MainWindow(sample_ctx, runner=TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    window.show()
    view = window.show_view("reports")
    assert isinstance(view, ReportsView) and window.stack.currentWidget() is view


def test_figures_are_counted_off_the_gui_thread(qtbot: QtBot, sample_ctx: AppContext) -> None:
    runner = TaskRunner()
    view = ReportsView(sample_ctx, runner=runner)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: "win rate" in view.heading.text(), timeout=10_000)
    assert "court" in view.cards
    article = view.article.itemText(1)
    view.article.setCurrentIndex(1)
    qtbot.waitUntil(lambda: view.analytics is not None
                    and view.analytics.filter.article == article, timeout=10_000)
    assert {str(r[0]) for r in view.analytics.table("article").rows} == {article}
    runner.shutdown()
