"""The dashboard's and status bar's counts agree with counting every matter one by one."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date

from naij_tracker.db.opening import Database
from naij_tracker.domain import kinds as k
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services import overview
from naij_tracker.services.matters import MatterService
from naij_tracker.services.queries import list_matters
from naij_tracker.services.sample_data import load_sample_data


def counted_by_hand(db: Database) -> tuple[Counter[MatterKind], Counter[str]]:
    conn = sqlite3.connect(db.path or "")
    try:
        rows = conn.execute("SELECT kind, status FROM matter").fetchall()
    finally:
        conn.close()
    open_ = Counter(MatterKind(kind) for kind, status in rows
                    if status not in k.CLOSED_STATUSES[MatterKind(kind)])
    return open_, Counter(kind for kind, _status in rows)


def test_open_and_total_counts_match_the_rows_after_changes(db: Database) -> None:
    load_sample_data(db, today=date(2026, 3, 2))
    service = MatterService(db, "Officer")
    # Close some matters of every kind, open one, so both counts move.
    for kind in MatterKind:
        for row in list_matters(db, kind).rows[:2]:
            closed = sorted(k.CLOSED_STATUSES[kind])[0]
            service.update(row[0], {"status": closed, "closed_on": date(2026, 3, 1)})
    service.create(MatterKind.FLRA, {"title": "New ULP charge", "case_number": "WA-CA-26-0999",
                                     "case_type": k.codes(k.FLRA_CASE_TYPES)[0]})
    open_, total = counted_by_hand(db)
    board = overview.dashboard(db, date(2026, 3, 2))
    assert board.open_counts == {kind: open_[kind] for kind in MatterKind}
    assert board.total_matters == sum(total.values())
    assert {kind.value: board.totals[kind.value] for kind in MatterKind} == {
        kind.value: total[kind.value] for kind in MatterKind}
    assert overview.open_counts(db) == board.open_counts
    assert overview.counts(db) == board.totals
