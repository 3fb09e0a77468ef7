"""Audience presets as stored data, and small groups left out of an aggregate packet's charts."""

from __future__ import annotations

from dataclasses import replace

import pytest
from reportlab.graphics.shapes import Drawing

from naij_tracker.db.opening import Database
from naij_tracker.domain.kinds import GRIEVANCE_STEPS, MatterKind
from naij_tracker.reports import packet_charts as charts
from naij_tracker.reports.audience import DEFAULT_AUDIENCES, Audience
from naij_tracker.reports.packet_data import PacketMatter
from naij_tracker.services.audiences import load_audiences, reset_audience, save_audience


def test_stored_presets_round_trip_and_bad_entries_keep_the_default() -> None:
    board = DEFAULT_AUDIENCES["board"]
    edited = replace(board, marking="Board only", sections=("summary", "analytics"))
    assert Audience.from_json("board", edited.to_json(), board) == edited
    junk = {"marking": 7, "sections": ["summary", "nonsense"], "min_group": True,
            "redact": "yes", "name": "Executive board"}
    read = Audience.from_json("board", junk, board)
    assert read.marking == board.marking and read.sections == ("summary",)
    assert read.min_group == board.min_group and read.redact is board.redact


@pytest.mark.parametrize(("change", "problem"), [
    ({"name": " "}, "needs a name"),
    ({"min_group": 0}, "between 1 and 100"),
    ({"aggregate": True, "redact": False}, "always redacted"),
])
def test_a_preset_that_cannot_work_is_refused(db: Database, change: dict, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        save_audience(db, replace(DEFAULT_AUDIENCES["member"], **change))
    assert load_audiences(db)["member"] == DEFAULT_AUDIENCES["member"]


def test_a_kept_preset_is_read_back_and_can_be_reset(db: Database) -> None:
    congress = replace(DEFAULT_AUDIENCES["congress"], min_group=10, cover_note="For the Hill")
    save_audience(db, congress)
    assert load_audiences(db)["congress"] == congress
    reset_audience(db, "congress")
    assert load_audiences(db)["congress"] == DEFAULT_AUDIENCES["congress"]


def _grievance(i: int, step: str) -> PacketMatter:
    return PacketMatter(id=i, kind=MatterKind.GRIEVANCE, reference=f"G-{i}", title="t",
                        status_label="Open", is_open=True, step=step)


def test_small_groups_draw_no_bar_in_an_aggregate_chart() -> None:
    matters = [_grievance(i, "Step 1") for i in range(7)] + [_grievance(9, "Step 3")]
    chart = charts.grievances_by_step(matters, 300, hide_below=5)
    steps = [s.label for s in GRIEVANCE_STEPS]
    at = {label: steps.index(label) for label in ("Step 1", "Step 3")}

    def drawn(drawing: Drawing) -> dict[str, int]:
        bars = next(c for c in drawing.contents if hasattr(c, "data"))
        return {label: bars.data[0][i] for label, i in at.items()}

    assert drawn(chart) == {"Step 1": 7, "Step 3": 0}  # the one grievance at step 3 is not drawn
    plain = charts.grievances_by_step(matters, 300)
    assert drawn(plain) == {"Step 1": 7, "Step 3": 1}
