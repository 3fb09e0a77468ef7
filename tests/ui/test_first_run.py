"""The first-run assistant: kept defaults, the officer's own values, and no placeholder left."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWizard
from pytestqt.qtbot import QtBot

from naij_tracker.services.settings import acting_user, load_settings
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.first_run import FirstRunWizard, needs_first_run
from naij_tracker.ui.preferences import PreferencesDialog


def test_first_run_asks_once_and_leaves_no_placeholder(qtbot: QtBot, ctx: AppContext) -> None:
    assert needs_first_run(ctx)
    wizard = FirstRunWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.union_name.value() == "National Association of Immigration Judges"
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert not next_button.isEnabled()  # the officer's name is required
    wizard.officer_name.setFocus()
    qtbot.keyClicks(wizard.officer_name, "Ana Petrova")
    qtbot.keyClicks(wizard.officer_role, "Vice President")
    assert next_button.isEnabled()
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()  # the articles replace the placeholders
    for key, text in (("grievance", "Art. 27"), ("arbitration", "Art. 28"),
                      ("bargaining", "Art. 9")):
        qtbot.keyClicks(wizard.articles[key], text)
    days, kind = wizard.limits["cba-step-answer"]
    days.setValue(10)
    kind.set_value("working")
    assert finish.isEnabled()
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert wizard.result() == QDialog.DialogCode.Accepted

    stored = load_settings(ctx.db)
    assert (stored.officer_name, stored.officer_role, stored.setup_done) == \
        ("Ana Petrova", "Vice President", True)
    assert acting_user(ctx.db) == "Ana Petrova"
    rules = {r.id: r for r in ctx.deadlines.cba_rules()}
    assert rules["cba-step-answer"].citation == "CBA Art. 27"
    assert rules["cba-step-answer"].describe_period() == "10 working days"
    assert rules["cba-invoke-arbitration"].citation == "CBA Art. 28"
    assert rules["cba-grievance-filing"].period.amount == 30  # kept as it was
    assert not any("as configured" in r.citation for r in rules.values())
    computed = ctx.deadlines.preview("cba-step-answer", date(2026, 3, 2))
    assert "CBA Art. 27" in computed.citation
    assert not needs_first_run(ctx)


def test_the_assistant_reopens_from_preferences_with_current_values(
        qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx.deadlines.save_cba_rule("cba-step-answer", "Management step answer", 20, "working",
                                "grievance", "grievance_filed", "Management answer due",
                                "CBA Art. 31, Sec. 2")
    opened: list[FirstRunWizard] = []
    monkeypatch.setattr(FirstRunWizard, "exec", lambda w: opened.append(w) or 0)
    prefs = PreferencesDialog(ctx)
    qtbot.addWidget(prefs)
    qtbot.mouseClick(prefs.assistant_button, Qt.MouseButton.LeftButton)
    [wizard] = opened
    assert wizard.articles["grievance"].value() == "Art. 31, Sec. 2"
    assert wizard.limits["cba-step-answer"][0].value() == 20
    assert wizard.limits["cba-step-answer"][1].value() == "working"
