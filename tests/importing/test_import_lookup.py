"""The plan looks up only the grievances the file names — whatever their letter case."""

from __future__ import annotations

from pathlib import Path

import pytest

from naij_tracker.db.opening import Database
from naij_tracker.importing.commit import StalePlan, commit_plan
from naij_tracker.importing.pipeline import build_plan
from naij_tracker.importing.plan import LOOKUP_CHUNK

NAMES = ["Carla Ruiz", "Dee Singh", "Eli Park", "Fay Moore", "Gus Hall", "Hana Ito", "Ida Cole"]


def write(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    lines = ["Grievance #,Judge,Step,Date filed"]
    lines += [f"{number},{judge},{step},2026-03-05" for number, judge, step in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_stored_numbers_are_found_in_any_letter_case_past_one_lookup(
        db: Database, tmp_path: Path) -> None:
    stored = [(f"g-{i:05d}", NAMES[i % 7], "Step 1") for i in range(LOOKUP_CHUNK * 2 + 7)]
    stored += [("gé-ÜBER-1", "Ana Petrova", "Step 1"), ("straße-9", "Ben Okafor", "Step 1")]
    commit_plan(db, build_plan(db, write(tmp_path / "a.csv", stored)), "Officer")
    # The same grievances written in capitals, one of them moved on a step and to another
    # member, and one new grievance.
    again = [(n.upper(), j, s) for n, j, s in stored]
    again[LOOKUP_CHUNK + 3] = (again[LOOKUP_CHUNK + 3][0], "Ana Petrova", "Step 2")
    again.append(("G-NEW", NAMES[1], "Step 1"))
    plan = build_plan(db, write(tmp_path / "b.csv", again))
    assert (plan.created, plan.updated, plan.unchanged) == (1, 1, len(stored) - 1)
    (update,) = [r for r in plan.rows if r.action == "update"]
    assert update.grievance_number == f"g-{LOOKUP_CHUNK + 3:05d}"
    assert update.changes["step"] == ("step1", "step2")
    assert update.changes["member"] == (NAMES[(LOOKUP_CHUNK + 3) % 7], "Ana Petrova")
    # Letters beyond ASCII (which SQLite's lower() leaves alone) are matched too.
    matched = {r.grievance_number: r.action for r in plan.rows}
    assert matched["gé-ÜBER-1"] == matched["straße-9"] == "unchanged"
    (created,) = [r for r in plan.rows if r.action == "create"]
    assert created.grievance_number == "G-NEW"


def test_a_number_added_since_the_preview_stops_the_commit(db: Database, tmp_path: Path) -> None:
    rows = [(f"g-{i:05d}", NAMES[i % 7], "Step 1") for i in range(LOOKUP_CHUNK + 5)]
    plan = build_plan(db, write(tmp_path / "a.csv", rows))
    commit_plan(db, build_plan(db, write(tmp_path / "b.csv", [(f"G-{LOOKUP_CHUNK + 2:05d}",
                                                               NAMES[0], "Step 2")])), "Other")
    with pytest.raises(StalePlan, match="a grievance number now exists"):
        commit_plan(db, plan, "Officer")
    assert build_plan(db, write(tmp_path / "c.csv", rows)).created == LOOKUP_CHUNK + 4
