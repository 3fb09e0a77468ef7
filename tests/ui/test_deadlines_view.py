"""The Deadlines view: grouping, what each deadline explains, mark done, open, .ics export."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from naij_tracker.domain import clock
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.queries import deadline_rows
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.deadlines_view import ROW_ROLE, DeadlinesView, end_of_week, group_of


@pytest.fixture
def filled(ctx: AppContext) -> dict[str, int]:
    today = clock.today()
    matter = ctx.matters.create(MatterKind.GRIEVANCE, {
        "title": "Telework denied", "grievance_number": "G-1", "filed_on": today})
    ids = {
        "overdue": ctx.deadlines.add_manual(matter, "Answer was due", today - timedelta(days=3)),
        "week": ctx.deadlines.add_manual(matter, "Appeal to step 2", end_of_week(today)),
        "later": ctx.deadlines.add_from_rule(matter, "cba-invoke-arbitration", today),
    }
    ids["matter"] = matter
    return ids


@pytest.fixture
def view(qtbot: QtBot, ctx: AppContext, filled: dict[str, int]) -> DeadlinesView:
    widget = DeadlinesView(ctx)
    qtbot.addWidget(widget)
    widget.resize(1040, 700)
    widget.show()
    return widget


def group_titles(view: DeadlinesView) -> list[str]:
    return [view.model.item(g).text() for g in range(view.model.rowCount())]


def children(view: DeadlinesView, group: int) -> list[str]:
    head = view.model.item(group)
    return [head.child(r, 2).text() for r in range(head.rowCount())]


def test_groups_overdue_this_week_later(view: DeadlinesView) -> None:
    assert group_titles(view) == ["Overdue (1)", "This week (1)", "Later (1)"]
    assert children(view, 0) == ["Answer was due"]
    assert children(view, 1) == ["Appeal to step 2"]
    assert children(view, 2) == ["Invoke arbitration"]
    overdue = view.model.item(0).child(0, 2)
    brush = overdue.data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush) and brush.color().name() == "#c62828"
    assert "1 overdue" in view.summary.text()


def test_rule_citation_and_explanation_are_visible(view: DeadlinesView,
                                                   filled: dict[str, int]) -> None:
    later = view.model.item(2).child(0, 0)
    row = later.data(ROW_ROLE)
    assert view.model.item(2).child(0, 4).text() == "Invoke arbitration"  # the rule's name
    assert "CBA Art." in view.model.item(2).child(0, 5).text()
    assert row.explanation and row.explanation in later.toolTip()
    assert view.select_deadline(filled["later"])
    assert row.explanation in view.detail.text()


def test_mark_done_and_open_matter(qtbot: QtBot, view: DeadlinesView, ctx: AppContext,
                                   filled: dict[str, int]) -> None:
    assert view.select_deadline(filled["overdue"])
    with qtbot.waitSignal(view.open_matter) as opened:
        qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [filled["matter"]]
    with qtbot.waitSignal(view.open_matter):
        view.tree.activated.emit(view.tree.currentIndex())
    qtbot.mouseClick(view.done_button, Qt.MouseButton.LeftButton)
    assert filled["overdue"] not in {r.id for r in deadline_rows(ctx.db)}
    assert group_titles(view)[0] == "Overdue (0)"


def test_export_ics(qtbot: QtBot, view: DeadlinesView, tmp_path: Path,
                    monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "deadlines"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    written = tmp_path / "deadlines.ics"
    calendar = Calendar.from_ical(written.read_bytes())
    summaries = sorted(str(e["summary"]) for e in calendar.walk("VEVENT"))
    assert len(summaries) == 3 and any("Invoke arbitration" in s for s in summaries)
    assert "written to" in view.summary.text()


def test_group_boundaries() -> None:
    today = date(2026, 3, 2)  # a Monday: this week runs to Sunday 2026-03-08

    class Row:
        def __init__(self, due: date) -> None:
            self.due_on = due

    assert group_of(Row(date(2026, 3, 1)), today) == 0  # type: ignore[arg-type]
    assert group_of(Row(today), today) == 1  # type: ignore[arg-type]
    assert group_of(Row(date(2026, 3, 8)), today) == 1  # type: ignore[arg-type]
    assert group_of(Row(date(2026, 3, 9)), today) == 2  # type: ignore[arg-type]


def test_model_passes_the_model_tester(qtmodeltester, view: DeadlinesView) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(view.model)


def _plain(rich: str) -> str:
    """What a label shows for its rich text (entities decoded, tags dropped)."""
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(rich)
    return doc.toPlainText()


@pytest.mark.parametrize(("today", "holiday"), [
    (date(2026, 12, 2), "New Year's Day"),        # + 30 days = Friday 2027-01-01
    (date(2028, 1, 30), None),                     # + 30 days = Tuesday 2028-02-29, a leap day
    (date(2027, 1, 16), "Washington's Birthday"),  # + 30 days = Monday 2027-02-15
])
def test_explanation_reads_the_same_on_any_day(qtbot: QtBot, ctx: AppContext, today: date,
                                               holiday: str | None) -> None:
    """The detail pane shows the count exactly as computed, apostrophes included, on any day."""
    with clock.fixed(today):
        matter = ctx.matters.create(MatterKind.GRIEVANCE, {
            "title": "Telework denied", "grievance_number": "G-9", "filed_on": today})
        deadline = ctx.deadlines.add_from_rule(matter, "cba-invoke-arbitration", today)
        widget = DeadlinesView(ctx)
        qtbot.addWidget(widget)
        widget.show()
        assert widget.select_deadline(deadline)
        row = next(r for r in deadline_rows(ctx.db) if r.id == deadline)
        assert row.explanation and f"30 days after {today.isoformat()}" in row.explanation
        if holiday:
            assert holiday in row.explanation
        else:
            assert "2028-02-29" in row.explanation
        assert row.explanation in _plain(widget.detail.text())


@pytest.mark.parametrize(("today", "sunday"), [
    (date(2026, 11, 30), date(2026, 12, 6)),   # a Monday
    (date(2026, 12, 2), date(2026, 12, 6)),    # a Wednesday
    (date(2026, 12, 6), date(2026, 12, 6)),    # the Sunday itself
])
def test_this_week_is_monday_to_sunday(today: date, sunday: date) -> None:
    assert end_of_week(today) == sunday
    row = deadline_like(sunday)
    assert group_of(row, today) == 1
    assert group_of(deadline_like(sunday + timedelta(days=1)), today) == 2


def deadline_like(due: date):  # type: ignore[no-untyped-def]
    from naij_tracker.services.overview import DeadlineRow

    return DeadlineRow(1, 1, MatterKind.GRIEVANCE, "G-1", "t", "d", due, None, None, None, None,
                       None, None, None)


def test_member_column_names_the_grievant(qtbot: QtBot, ctx: AppContext) -> None:
    member = ctx.people.create_member({"name": "Zoë Núñez", "court": "El Paso"})
    matter = ctx.matters.create(MatterKind.GRIEVANCE, {
        "title": "Leave", "grievance_number": "G-77", "member_id": member,
        "filed_on": clock.today()})
    ctx.deadlines.add_manual(matter, "Reply", clock.today() + timedelta(days=40))
    widget = DeadlinesView(ctx)
    qtbot.addWidget(widget)
    widget.show()
    head = widget.model.item(2)
    assert widget.model.horizontalHeaderItem(3).text() == "Member"
    assert head.child(0, 3).text() == "Zoë Núñez"
