"""The matter lists: filter as you type, by status, closed toggle, header sort, delete, editor."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from naij_tracker.domain import clock
from naij_tracker.domain import kinds as k
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.matters import NotFound
from naij_tracker.services.queries import LIST_COLUMNS
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.matter_list import MatterListView
from naij_tracker.ui.table_models import Roles, TupleTableModel
from naij_tracker.ui.tasks import TaskRunner


@pytest.fixture
def grievances(qtbot: QtBot, sample_ctx: AppContext) -> MatterListView:
    view = MatterListView(sample_ctx, MatterKind.GRIEVANCE, TaskRunner(synchronous=True))
    qtbot.addWidget(view)
    view.resize(1280, 760)
    view.show()
    qtbot.waitExposed(view)
    return view


def column_values(view: MatterListView, key: str) -> list[Any]:
    col = view.model.column_of(key)
    return [view.model.index(r, col).data() for r in range(view.model.rowCount())]


def click_header(qtbot: QtBot, view: MatterListView, key: str) -> None:
    header = view.table.horizontalHeader()
    col = view.model.column_of(key)
    x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def test_model_passes_the_model_tester(qtmodeltester: Any, grievances: MatterListView) -> None:
    assert grievances.model.rowCount() > 0
    qtmodeltester.check(grievances.model)


def test_closed_matters_are_hidden_until_shown(grievances: MatterListView) -> None:
    closed = {c.label for c in k.GRIEVANCE_STATUSES if c.code in k.CLOSED_STATUSES[MatterKind.GRIEVANCE]}
    open_rows = grievances.model.total_rows()
    assert not closed & set(column_values(grievances, "status"))
    assert "open grievances" in grievances.count_label.text()
    grievances.closed_check.click()
    assert grievances.model.total_rows() == 300
    grievances.model.fetch_all_until(299)
    assert closed & set(column_values(grievances, "status"))
    assert grievances.model.total_rows() > open_rows


def test_filter_by_text_as_you_type(qtbot: QtBot, grievances: MatterListView) -> None:
    member = column_values(grievances, "member")[0]
    last_name = member.split()[-1]
    qtbot.keyClicks(grievances.filter_edit, last_name)
    qtbot.waitUntil(lambda: 0 < grievances.model.total_rows() < 157, timeout=3000)
    members = column_values(grievances, "member")
    assert members and all(last_name in m for m in members)
    grievances.filter_edit.clear()
    qtbot.waitUntil(lambda: grievances.model.total_rows() == 157, timeout=3000)


def test_filter_by_status(qtbot: QtBot, grievances: MatterListView) -> None:
    combo = grievances.status_combo
    combo.setFocus()
    index = combo.findText("Appealed")
    combo.setCurrentIndex(index)
    statuses = set(column_values(grievances, "status"))
    assert statuses == {"Appealed"}
    # A closed status is shown even though "Show closed" is off.
    combo.setCurrentIndex(combo.findText("Withdrawn"))
    assert set(column_values(grievances, "status")) <= {"Withdrawn"}
    combo.setCurrentIndex(0)
    assert grievances.model.total_rows() == 157


def test_header_click_sorts_through_sql(qtbot: QtBot, grievances: MatterListView) -> None:
    click_header(qtbot, grievances, "number")
    numbers = column_values(grievances, "number")
    assert numbers == sorted(numbers)
    click_header(qtbot, grievances, "number")
    numbers = column_values(grievances, "number")
    assert numbers == sorted(numbers, reverse=True)
    assert grievances.query_arguments()["sort_key"] == "number"
    assert grievances.query_arguments()["descending"] is True


def test_selecting_a_row_shows_it_in_the_editor(qtbot: QtBot, grievances: MatterListView) -> None:
    rect = grievances.table.visualRect(grievances.model.index(2, 1))
    qtbot.mouseClick(grievances.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    expected = grievances.model.index(2, 0).data(Roles.MATTER_ID)
    assert grievances.shown_matter_id == expected


def test_enter_focuses_the_editor(qtbot: QtBot, grievances: MatterListView) -> None:
    grievances.activateWindow()
    grievances.table.setFocus()
    grievances.table.selectRow(0)
    qtbot.keyClick(grievances.table, Qt.Key.Key_Return)
    focused = QApplication.focusWidget()
    assert grievances.shown_matter_id == grievances.model.matter_id(0)
    assert focused is not None and grievances.editor.isAncestorOf(focused)


def test_delete_asks_and_deletes(qtbot: QtBot, grievances: MatterListView,
                                 sample_ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def answer(choice: QMessageBox.StandardButton) -> Any:
        def question(_parent: Any, _title: str, text: str, *_a: Any) -> QMessageBox.StandardButton:
            asked.append(text)
            return choice
        return question

    grievances.table.setFocus()
    grievances.table.selectRow(0)
    victim = grievances.current_matter_id()
    assert victim is not None
    number = grievances.model.index(0, 0).data()

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    qtbot.keyClick(grievances.table, Qt.Key.Key_Delete)
    assert number in asked[0]
    assert sample_ctx.matters.get(victim)

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    qtbot.keyClick(grievances.table, Qt.Key.Key_Delete)
    with pytest.raises(NotFound):
        sample_ctx.matters.get(victim)
    assert victim not in [grievances.model.matter_id(r) for r in range(grievances.model.rowCount())]
    assert grievances.model.total_rows() == 156


def test_new_button_starts_a_new_matter(qtbot: QtBot, grievances: MatterListView,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[MatterKind] = []
    monkeypatch.setattr(grievances.editor, "new_matter", started.append)
    grievances.table.selectRow(0)
    qtbot.mouseClick(grievances.new_button, Qt.MouseButton.LeftButton)
    assert started == [MatterKind.GRIEVANCE]
    assert grievances.current_matter_id() is None


def test_saving_in_the_editor_refreshes_and_selects(grievances: MatterListView,
                                                    sample_ctx: AppContext) -> None:
    new_id = sample_ctx.matters.create(MatterKind.GRIEVANCE, {
        "title": "Parking", "grievance_number": "2099-0001", "filed_on": clock.today()})
    grievances.editor.saved.emit(new_id)
    assert grievances.current_matter_id() == new_id
    assert grievances.model.total_rows() == 158


@pytest.mark.parametrize("kind", list(MatterKind))
def test_every_kind_lists_and_passes_the_model_tester(qtbot: QtBot, qtmodeltester: Any,
                                                      sample_ctx: AppContext,
                                                      kind: MatterKind) -> None:
    view = MatterListView(sample_ctx, kind, TaskRunner(synchronous=True))
    qtbot.addWidget(view)
    view.closed_check.setChecked(True)
    assert view.model.total_rows() > 0
    assert [view.model.headerData(i, Qt.Orientation.Horizontal)
            for i in range(view.model.columnCount())] == [c.label for c in LIST_COLUMNS[kind]]
    qtmodeltester.check(view.model)


def test_big_lists_are_fetched_in_pages(qtmodeltester: Any) -> None:
    columns = LIST_COLUMNS[MatterKind.GRIEVANCE]
    rows = [(i, f"2026-{i:06d}", "Member", "Court", "Step 1", "Open", None, None, "Title")
            for i in range(100_000)]
    model = TupleTableModel(columns)
    model.set_rows(columns, rows)
    assert model.total_rows() == 100_000
    assert model.rowCount() == TupleTableModel.PAGE
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 2 * TupleTableModel.PAGE
    assert model.row_of(99_999) == 99_999
    assert model.rowCount() == 100_000
    assert not model.canFetchMore()
    model.set_rows(columns, rows[:2000])
    qtmodeltester.check(model)
