"""History kept per import batch: the batch knows its rows, each row's history says which
batch (and spreadsheet row) created it, and undo restores every row and its history exactly."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from naij_tracker.db.opening import Database
from naij_tracker.importing.commit import CHUNK, commit_plan, created_runs
from naij_tracker.importing.pipeline import build_plan
from naij_tracker.importing.undo import undo_batch
from naij_tracker.services import history
from naij_tracker.services.analytics import compute_analytics
from naij_tracker.services.matters import MatterService
from naij_tracker.services.queries import list_matters

HEADER = "Grievance #,Judge,Court,Step,Status,Date filed,Date closed"


def write(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def row(i: int, step: str = "Step 1", status: str = "Open", closed: str = "") -> str:
    return f"G-{i:05d},Judge{i % 5} Lee,Boston,{step},{status},2026-01-05,{closed}"


def table(db: Database, name: str) -> list[tuple]:
    conn = sqlite3.connect(db.path or "")
    try:
        return conn.execute(f"SELECT * FROM {name} ORDER BY rowid").fetchall()  # noqa: S608
    finally:
        conn.close()


def ids_by_number(db: Database) -> dict[str, int]:
    service = MatterService(db, "t")
    return {service.get(r[0]).reference: r[0]
            for r in list_matters(db, "grievance", include_closed=True).rows}


def test_runs_follow_ids_and_rows() -> None:
    assert created_runs(range(10, 15), [2, 3, 4, 5, 6]) == [(10, 14, 2)]
    assert created_runs(range(10, 15), [2, 3, 5, 6, 9]) == [(10, 11, 2), (12, 13, 5),
                                                             (14, 14, 9)]
    assert created_runs([], []) == []


def test_undo_of_a_large_import_restores_every_row_and_its_history(db: Database,
                                                                   tmp_path: Path) -> None:
    first = commit_plan(db, build_plan(db, write(tmp_path / "a.csv",
                                                 [row(i) for i in range(0, 40, 2)])), "Officer")
    ids = ids_by_number(db)
    MatterService(db, "Steward").update(ids["G-00010"], {"title": "Edited by hand"})
    before = {t: table(db, t) for t in ("matter", "grievance", "member", "history_entry")}
    # Rows 0…39 moved on a step, new rows in between and after: created rows in several runs.
    n = CHUNK + 300
    second = commit_plan(db, build_plan(db, write(tmp_path / "b.csv", [
        row(i, "Step 2") if i < 40 and i % 2 == 0 else row(i) for i in range(n)])), "Officer")
    assert (second.created, second.updated) == (n - 20, 20)
    ids = ids_by_number(db)
    with db.sessions() as s:
        assert history.for_matter(s, ids["G-00003"])[0].summary == \
            f"Imported in batch {second.batch_id} (row 5 of b.csv)"
        assert history.for_matter(s, ids[f"G-{n - 1:05d}"])[0].summary == \
            f"Imported in batch {second.batch_id} (row {n + 1} of b.csv)"
        moved = [h.summary for h in history.for_matter(s, ids["G-00010"])]
        assert moved == ["Updated grievance G-00010 from import (row 12 of b.csv)",
                         "Edited G-00010",
                         f"Imported in batch {first.batch_id} (row 7 of a.csv)"]
    undone = undo_batch(db, second.batch_id, "Officer")
    assert (undone.removed, undone.restored) == (n - 20, 20)
    after = {t: table(db, t) for t in before}
    for name in ("grievance", "member"):
        assert after[name] == before[name]
    assert [r[:6] for r in after["matter"]] == [r[:6] for r in before["matter"]]
    # Every entry from before is still there, as it was; the import's own entries stay (the
    # audit trail), followed by the undo's.
    assert after["history_entry"][:len(before["history_entry"])] == before["history_entry"]
    added = [(r[2], r[4], r[5]) for r in after["history_entry"][len(before["history_entry"]):]]
    # The import's entries in the order things were done: its updates, then the batch's own
    # entry for the grievances it created (written once the last part is), then the undo's.
    assert [a[1] for a in added[:21]] == ["update"] * 20 + ["import"]
    assert added[20] == ("import_batch", "import",
                         f"Imported {n - 20:,} grievances from b.csv (batch {second.batch_id})")
    assert ("import_batch", "undo", f"Undid import batch {second.batch_id}: removed "
            f"{n - 20:,} grievances (b.csv)") in added
    with db.sessions() as s:
        assert [h.action for h in history.for_matter(s, ids["G-00010"])] == [
            "undo", "update", "update", "import"]


def test_an_id_given_again_is_not_the_batchs_row(db: Database, tmp_path: Path) -> None:
    commit_plan(db, build_plan(db, write(tmp_path / "a.csv", [row(1), row(2)])), "Officer")
    service = MatterService(db, "t")
    last = ids_by_number(db)["G-00002"]
    service.delete(last)
    again = service.create("grievance", {"grievance_number": "G-HAND", "title": "By hand",
                                         "filed_on": date(2026, 1, 6)})
    assert again == last
    with db.sessions() as s:
        assert [h.action for h in history.for_matter(s, last)] == ["create"]


def test_step_figures_count_imported_grievances_as_created_at_their_step(
        db: Database, tmp_path: Path) -> None:
    src = write(tmp_path / "a.csv", [row(1, "Step 2", "Settled", "2026-02-04"),
                                     row(2, "Step 2", "Settled", "2026-01-15"),
                                     row(3, "Step 1", "Settled", "2026-03-06")])
    commit_plan(db, build_plan(db, src), "Officer")
    steps = next(t for t in compute_analytics(db).tables if t.key == "step_days")
    assert steps.rows == (("Step 1", 1, 60, 60), ("Step 2", 2, 20, 30))
