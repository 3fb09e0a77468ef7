"""The sidebar draws the chosen view as an accent-coloured pill, and keeps its items' text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from naij_tracker.ui.navigation import NavigationList
from naij_tracker.ui.style import ACCENT

LABELS = ["Dashboard", "Bargaining", "FLRA cases", "Grievances"]


def test_the_chosen_item_is_a_pill_and_the_others_plain(qtbot: QtBot) -> None:
    nav = NavigationList(LABELS)
    qtbot.addWidget(nav)
    nav.resize(200, 300)
    nav.show()
    qtbot.waitExposed(nav)
    nav.setCurrentRow(2)
    image = nav.viewport().grab().toImage()
    chosen = nav.visualItemRect(nav.item(2))
    other = nav.visualItemRect(nav.item(1))
    # inside the pill, left of the text: the accent colour; the same place on another row: not
    assert image.pixelColor(chosen.left() + 10, chosen.center().y()) == QColor(ACCENT)
    assert image.pixelColor(other.left() + 10, other.center().y()) != QColor(ACCENT)


def test_items_keep_their_text_tooltip_and_room(qtbot: QtBot) -> None:
    nav = NavigationList(LABELS)
    qtbot.addWidget(nav)
    assert [nav.item(i).text() for i in range(nav.count())] == LABELS
    assert nav.item(3).toolTip() == "Grievances (Ctrl+4)"
    assert nav.visualItemRect(nav.item(0)).height() >= nav.fontMetrics().height() + 16
    nav.setFocus()
    qtbot.keyClick(nav, Qt.Key.Key_Down)
    assert nav.currentRow() in (0, 1)  # the keyboard moves through the views


def test_the_row_under_the_mouse_is_lighter(qtbot: QtBot) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QMouseEvent, QPalette
    from PySide6.QtWidgets import QApplication

    nav = NavigationList(LABELS)
    qtbot.addWidget(nav)
    nav.resize(200, 300)
    nav.show()
    qtbot.waitExposed(nav)
    nav.setCurrentRow(0)
    rect = nav.visualItemRect(nav.item(2))
    move = QMouseEvent(QMouseEvent.Type.MouseMove, QPointF(rect.center()),
                       QPointF(nav.viewport().mapToGlobal(rect.center())),
                       Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(nav.viewport(), move)
    image = nav.viewport().grab().toImage()
    lighter = nav.palette().color(QPalette.ColorRole.Midlight)
    assert image.pixelColor(rect.left() + 10, rect.center().y()).name() == lighter.name()
    other = nav.visualItemRect(nav.item(3))
    assert image.pixelColor(other.left() + 10, other.center().y()).name() != lighter.name()
