"""Finding people: global search shows the member's name."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.queries import search
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.search import SearchField
from naij_tracker.ui.tasks import TaskRunner


def test_search_hits_name_the_member(qtbot: QtBot, ctx: AppContext,
                                     ui_settings_store: QSettings) -> None:
    member = ctx.people.create_member({"name": "Priya Raman", "court": "Arlington"})
    ctx.matters.create(MatterKind.GRIEVANCE, {"title": "Leave denied", "grievance_number": "G-5",
                                              "filed_on": date(2026, 3, 2), "member_id": member})
    ctx.matters.create(MatterKind.BARGAINING, {"title": "Raman rule", "subject": "x",
                                               "bargaining_type": "mid_term"})
    hits = {h.reference: h.member_name for h in search(ctx.db, "Raman")}
    assert hits["G-5"] == "Priya Raman"
    assert None in hits.values()  # the bargaining obligation has no member
    field = SearchField(ctx, TaskRunner(synchronous=True))
    qtbot.addWidget(field)
    field.show()
    with qtbot.waitSignal(field.searched, timeout=3000):
        qtbot.keyClicks(field, "priya")
    shown = field.popup().model().index(0, 0).data()
    assert shown.startswith("G-5") and "Priya Raman" in shown


def test_only_the_newest_search_is_shown(qtbot: QtBot, ctx: AppContext,
                                         ui_settings_store: QSettings,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A slow answer to an older text never replaces the answer to the newer one."""
    from naij_tracker.services import queries

    ctx.matters.create(MatterKind.GRIEVANCE, {"title": "Leave denied", "grievance_number": "G-5",
                                              "filed_on": date(2026, 3, 2)})
    ctx.matters.create(MatterKind.GRIEVANCE, {"title": "Leave revoked", "grievance_number": "G-6",
                                              "filed_on": date(2026, 3, 3)})
    release = threading.Event()
    original = queries.search

    def slow_for_the_first(db: object, text: str, **kwargs: object) -> object:
        if text == "leave":
            release.wait(5)  # the first answer comes last
        return original(db, text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(queries, "search", slow_for_the_first)
    field = SearchField(ctx, TaskRunner())
    qtbot.addWidget(field)
    field.show()
    field.setText("leave")
    field.run_search()
    field.setText("revoked")
    with qtbot.waitSignal(field.searched, timeout=3000):
        field.run_search()
    release.set()
    qtbot.waitUntil(lambda: field.runner.running == 0, timeout=5000)
    assert [field.hits.hit(i).reference for i in range(field.hits.rowCount())] == ["G-6"]
