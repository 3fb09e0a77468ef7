"""Members and metrics catalogue views: filter, add, edit, delete, and the matters of each."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from naij_tracker.db.models import HistoryEntry
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.members_view import MembersView
from naij_tracker.ui.metrics_view import MetricsView
from naij_tracker.ui.tasks import TaskRunner


@pytest.fixture
def members(qtbot: QtBot, sample_ctx: AppContext) -> MembersView:
    view = MembersView(sample_ctx, runner=TaskRunner(synchronous=True))
    qtbot.addWidget(view)
    view.resize(1040, 760)
    view.show()
    view.refresh()
    return view


def names(view: MembersView | MetricsView) -> list[str]:
    return [row.name for row in view.model.rows()]


def test_filter_members_by_name_or_court(qtbot: QtBot, members: MembersView) -> None:
    total = members.model.rowCount()
    assert total == 120
    qtbot.keyClicks(members.filter, "Baltimore")
    qtbot.waitUntil(lambda: members.model.rowCount() < total)
    assert all(row.court == "Baltimore" for row in members.model.rows())
    assert members.count_label.text().endswith("members")
    members.filter.clear()
    qtbot.waitUntil(lambda: members.model.rowCount() == total)


def test_member_matters_open_on_activation(qtbot: QtBot, members: MembersView,
                                           sample_ctx: AppContext) -> None:
    row = next(i for i, m in enumerate(members.model.rows()) if m.open_matters)
    members.view.selectRow(row)
    member = members.model.rows()[row]
    assert members.form.values()["name"] == member.name
    matters = members.matters_model.rows()
    assert matters and matters[0][1] == MatterKind.GRIEVANCE.label
    members.matters.setCurrentIndex(members.matters_model.index(0, 0))
    with qtbot.waitSignal(members.open_matter) as opened:
        qtbot.keyClick(members.matters, Qt.Key.Key_Return)
    assert opened.args == [matters[0][0]]
    with qtbot.waitSignal(members.open_matter):
        members.matters.activated.emit(members.matters_model.index(0, 2))


def test_add_member_with_validation(qtbot: QtBot, members: MembersView,
                                    sample_ctx: AppContext) -> None:
    qtbot.mouseClick(members.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(members.form.field("email"), "not-an-email")
    qtbot.mouseClick(members.save_button, Qt.MouseButton.LeftButton)
    assert members.form.error_text("name") == "Name is required."
    assert "name@example.org" in members.form.error_text("email")
    assert len(sample_ctx.people.members()) == 120

    qtbot.keyClicks(members.form.field("name"), "Zelda Quist")
    qtbot.keyClicks(members.form.field("court"), "Annandale")
    members.form.field("email").clear()
    qtbot.keyClicks(members.form.field("email"), "zq@example.org")
    qtbot.mouseClick(members.save_button, Qt.MouseButton.LeftButton)
    assert members.status.text() == "Saved."
    stored = [m for m in sample_ctx.people.members() if m.name == "Zelda Quist"]
    assert [(m.court, m.email) for m in stored] == [("Annandale", "zq@example.org")]
    assert members.current_id == stored[0].id


def test_edit_and_delete_member(qtbot: QtBot, members: MembersView, sample_ctx: AppContext,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    row = next(i for i, m in enumerate(members.model.rows())
               if not sample_ctx.people.member_matters(m.id))
    members.view.selectRow(row)
    member_id = members.current_id
    assert member_id is not None
    qtbot.keyClicks(members.form.field("phone"), "555-0100")
    assert members.is_dirty()
    qtbot.mouseClick(members.save_button, Qt.MouseButton.LeftButton)
    assert sample_ctx.people.member(member_id).phone == "555-0100"

    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(members.delete_button, Qt.MouseButton.LeftButton)
    assert member_id not in {m.id for m in sample_ctx.people.members()}
    assert members.current_id is None


def test_member_with_grievances_cannot_be_deleted(qtbot: QtBot, members: MembersView,
                                                  sample_ctx: AppContext,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    row = next(i for i, m in enumerate(members.model.rows()) if m.open_matters)
    members.view.selectRow(row)
    member_id = members.current_id
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(members.delete_button, Qt.MouseButton.LeftButton)
    assert "still has grievances" in members.status.text()
    assert member_id in {m.id for m in sample_ctx.people.members()}


def test_switching_member_with_unsaved_changes_asks(qtbot: QtBot, members: MembersView,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    members.view.selectRow(0)
    first = members.current_id
    qtbot.keyClicks(members.form.field("phone"), "1")
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Cancel)
    members.view.selectRow(1)
    assert members.current_id == first
    assert members.is_dirty()


def test_metrics_catalogue_add_edit_and_disputes(qtbot: QtBot, sample_ctx: AppContext) -> None:
    view = MetricsView(sample_ctx, runner=TaskRunner(synchronous=True))
    qtbot.addWidget(view)
    view.show()
    assert "Case completions" in names(view)
    row = names(view).index("Case completions")
    view.view.selectRow(row)
    disputes = view.matters_model.rows()
    assert disputes and all(d[1] == "Metric dispute" for d in disputes)
    with qtbot.waitSignal(view.open_matter) as opened:
        view.matters.activated.emit(view.matters_model.index(0, 0))
    assert opened.args == [disputes[0][0]]

    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(view.form.field("name"), "Asylum completions")
    qtbot.keyClicks(view.form.field("target"), "150")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    stored = {m.name: m for m in sample_ctx.people.metrics()}
    assert stored["Asylum completions"].target == 150.0
    assert "Asylum completions" in names(view)

    # Suspending it before it took effect is refused at the field.
    view.form.field("effective_on").set_value(date(2026, 5, 1))
    view.form.field("suspended_on").set_value(date(2026, 4, 1))
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert "on or after Effective" in view.form.error_text("suspended_on")


def test_a_metric_entered_by_mistake_can_be_deleted(qtbot: QtBot, sample_ctx: AppContext,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    view = MetricsView(sample_ctx, runner=TaskRunner(synchronous=True))
    qtbot.addWidget(view)
    view.show()
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(view.form.field("name"), "Completions (typo)")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert "Completions (typo)" in names(view)
    assert view.delete_button.isVisible()

    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert "Completions (typo)" not in names(view)
    assert "Completions (typo)" not in {m.name for m in sample_ctx.people.metrics()}
    assert view.current_id is None
    with sample_ctx.db.sessions() as session:
        latest = session.scalars(select(HistoryEntry).order_by(HistoryEntry.id.desc())).first()
        assert latest is not None
        assert (latest.entity, latest.action, latest.summary) == (
            "metric", "delete", "Removed metric Completions (typo)")


def test_a_metric_that_disputes_are_about_is_kept(qtbot: QtBot, sample_ctx: AppContext,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    view = MetricsView(sample_ctx, runner=TaskRunner(synchronous=True))
    qtbot.addWidget(view)
    view.show()
    view.view.selectRow(names(view).index("Case completions"))
    disputes = len(view.matters_model.rows())
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert view.status.text().startswith(f"{disputes} dispute")
    assert "set the date it was suspended" in view.status.text()
    assert "Case completions" in {m.name for m in sample_ctx.people.metrics()}


def test_models_pass_the_model_tester(qtmodeltester, members: MembersView,  # type: ignore[no-untyped-def]
                                      sample_ctx: AppContext) -> None:
    qtmodeltester.check(members.model)
    metrics = MetricsView(sample_ctx, runner=TaskRunner(synchronous=True))
    qtmodeltester.check(metrics.model)
    metrics.view.selectRow(0)
    qtmodeltester.check(metrics.matters_model)


def test_a_member_changed_elsewhere_is_a_conflict_and_the_edit_stays(
        qtbot: QtBot, members: MembersView, sample_ctx: AppContext,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from naij_tracker.services.people import PeopleService

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    members.view.selectRow(0)
    member = members.model.rows()[0]
    # Another officer saves a new phone number for the same member meanwhile.
    PeopleService(sample_ctx.db, "Other officer").update_member(member.id,
                                                                {"phone": "402-555-0100"})
    field = members.form.field("notes")
    field.setFocus()
    qtbot.keyClicks(field, "Called about the step 2 meeting")
    qtbot.mouseClick(members.save_button, Qt.MouseButton.LeftButton)
    assert shown and "changed by someone else" in shown[0]
    assert "Called about the step 2 meeting" in members.form.values()["notes"]
    stored = sample_ctx.people.member(member.id)
    assert stored.phone == "402-555-0100" and stored.notes == member.notes
