"""The lists at the keyboard and at any width: Tab leaves the table, Enter opens the row into
its first field, a new matter starts on its first field, columns fit and can be chosen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from naij_tracker.domain.kinds import MatterKind
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.matter_list import MatterListView
from naij_tracker.ui.tasks import TaskRunner


@pytest.fixture
def grievances(qtbot: QtBot, sample_ctx: AppContext) -> MatterListView:
    view = MatterListView(sample_ctx, MatterKind.GRIEVANCE, TaskRunner(synchronous=True))
    qtbot.addWidget(view)
    view.resize(1400, 860)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_tab_leaves_the_grievance_list_in_one_press(qtbot: QtBot,
                                                    grievances: MatterListView) -> None:
    table = grievances.table
    table.setFocus()
    table.setCurrentIndex(grievances.model.index(0, 0))
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is not table and focused is not None
    assert not table.isAncestorOf(focused)


def test_enter_opens_the_selected_row_into_its_first_field(
        qtbot: QtBot, grievances: MatterListView) -> None:
    table = grievances.table
    table.setFocus()
    table.setCurrentIndex(grievances.model.index(3, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    editor = grievances.editor
    assert editor.record is not None and editor.record.id == grievances.model.matter_id(3)
    assert editor.form is not None
    assert QApplication.focusWidget() is editor.form.field("title")


def test_a_new_matter_starts_on_its_first_field(qtbot: QtBot,
                                                grievances: MatterListView) -> None:
    qtbot.mouseClick(grievances.new_button, Qt.MouseButton.LeftButton)
    editor = grievances.editor
    assert editor.form is not None
    assert QApplication.focusWidget() is editor.form.field("title")
    qtbot.keyClicks(QApplication.focusWidget(), "Typed at once")
    assert editor.form.values()["title"] == "Typed at once"


def test_every_input_is_named_as_its_label_reads(grievances: MatterListView) -> None:
    grievances.new_matter()
    for label in grievances.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is None or not label.isVisible():
            continue
        visible = label.text().replace("&", "").rstrip(" *:")
        assert buddy.accessibleName() == visible, label.text()


def test_columns_fit_the_width_least_important_hiding_first(
        qtbot: QtBot, grievances: MatterListView) -> None:
    grievances.splitter.setSizes([900, 500])
    qtbot.waitUntil(lambda: "next_due" in grievances.column_fitter.visible_column_keys())
    wide = grievances.column_fitter.visible_column_keys()
    assert {"number", "title", "member", "status", "filed", "next_due"} <= set(wide)
    grievances.splitter.setSizes([420, 980])
    qtbot.waitUntil(lambda: "filed" not in grievances.column_fitter.visible_column_keys())
    narrow = grievances.column_fitter.visible_column_keys()
    assert {"number", "title"} <= set(narrow)
    assert "court" not in narrow  # the least important went first
    assert len(narrow) < len(wide)


def test_at_1400_by_900_the_grievance_list_shows_status_and_next_deadline(
        qtbot: QtBot, sample_ctx: AppContext, ui_settings_store: QSettings) -> None:
    from naij_tracker.ui.main_window import MainWindow

    window = MainWindow(sample_ctx, runner=TaskRunner(synchronous=True), store=ui_settings_store)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    view = window.show_view(MatterKind.GRIEVANCE.value)
    assert isinstance(view, MatterListView)
    qtbot.waitUntil(lambda: "next_due" in view.column_fitter.visible_column_keys())
    assert {"number", "title", "status", "next_due"} <= set(view.column_fitter.visible_column_keys())
    header = view.table.horizontalHeader()
    assert header.length() <= view.table.viewport().width()  # no sideways scrolling


def test_columns_chosen_from_the_header_are_remembered(
        qtbot: QtBot, grievances: MatterListView, sample_ctx: AppContext) -> None:
    grievances.splitter.setSizes([1000, 400])
    qtbot.waitUntil(lambda: "member" in grievances.column_fitter.visible_column_keys())
    grievances.column_fitter.choose_column("member", False)
    assert "member" not in grievances.column_fitter.visible_column_keys()
    again = MatterListView(sample_ctx, MatterKind.GRIEVANCE, TaskRunner(synchronous=True))
    qtbot.addWidget(again)
    again.resize(1400, 860)
    again.show()
    again.splitter.setSizes([1000, 400])
    qtbot.waitUntil(lambda: "status" in again.column_fitter.visible_column_keys())
    assert "member" not in again.column_fitter.visible_column_keys()
    assert QSettings().value("lists/grievance/hidden_columns") in (["member"], "member")
    again.column_fitter.choose_column("member", True)
    assert "member" in again.column_fitter.visible_column_keys()
