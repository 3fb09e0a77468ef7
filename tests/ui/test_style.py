"""The look without an application-wide style sheet: palettes and a few local sheets."""

from __future__ import annotations

import os

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from naij_tracker.ui.style import (
    ERROR_COLOR,
    apply_style,
    mark_invalid,
    mute,
    set_text_color,
)


def test_the_application_has_no_global_style_sheet(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_style(app)
    assert app.styleSheet() == ""  # every widget would be drawn through the slow sheet style


def test_a_refused_field_is_outlined_until_corrected(qtbot: QtBot) -> None:
    field = QLineEdit()
    qtbot.addWidget(field)
    mark_invalid(field, True)
    assert field.property("invalid") is True
    assert ERROR_COLOR in field.styleSheet()
    mark_invalid(field, False)
    assert field.property("invalid") is False
    assert field.styleSheet() == ""


def test_muted_and_coloured_text_use_the_palette(qtbot: QtBot) -> None:
    label = QLabel("secondary")
    qtbot.addWidget(label)
    mute(label)
    role = QPalette.ColorRole.WindowText
    assert label.palette().color(role) == label.palette().color(QPalette.ColorRole.PlaceholderText)
    set_text_color(label, ERROR_COLOR, bold=True)
    assert label.palette().color(role) == QColor(ERROR_COLOR)
    assert label.font().bold()
    set_text_color(label, None)
    assert label.palette().color(role) == QApplication.palette(label).color(role)


def test_fusion_is_chosen_before_the_application_unless_the_person_chose(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from naij_tracker.ui.style import choose_style

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("QT_STYLE_OVERRIDE", raising=False)
    choose_style()
    assert os.environ["QT_STYLE_OVERRIDE"] == "Fusion"
    monkeypatch.setenv("QT_STYLE_OVERRIDE", "Windows")
    choose_style()
    assert os.environ["QT_STYLE_OVERRIDE"] == "Windows"  # the person's own choice stays
    monkeypatch.delenv("QT_STYLE_OVERRIDE")
    monkeypatch.setattr(sys, "platform", "darwin")
    choose_style()
    assert "QT_STYLE_OVERRIDE" not in os.environ  # macOS keeps its native style
