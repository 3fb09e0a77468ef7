"""Plan → commit → re-import → undo, against a real database; all-or-nothing guarantees."""

from __future__ import annotations

import csv
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from naij_tracker.db import search_backlog
from naij_tracker.db.opening import Database
from naij_tracker.domain import clock
from naij_tracker.importing.commit import CHUNK, ImportCancelled, ImportRejected, commit_plan
from naij_tracker.importing.headers import map_headers
from naij_tracker.importing.pipeline import build_plan
from naij_tracker.importing.plan import remember_mapping
from naij_tracker.importing.undo import undo_batch
from naij_tracker.services import history
from naij_tracker.services.matters import MatterService
from naij_tracker.services.queries import list_matters

HEADER = ["Grievance #", "Judge", "IC", "Step", "Status", "Date Filed", "Remedy", "Shoe size"]
ROWS = [
    ["0042", "Ana Petrova", "Boston", "Step 2", "Pending", "3/5/2026", "Restore leave", "9"],
    ["0043", "Union", "Arlington", "I", "open", "2026-03-06", "Cease", ""],
    ["0044", "Ben Okafor", "Denver", "Arb.", "arbitration", "March 7, 2026", "Make whole", "10"],
]


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["NAIJ grievance log"])
        w.writerow([])
        w.writerow(header)
        w.writerows(rows)
    return path


def content(db: Database) -> dict[str, list[tuple]]:
    """Every row of every data table: 'byte-for-byte unchanged in content'."""
    assert db.path is not None
    conn = sqlite3.connect(db.path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'matter_fts%' "
            "AND name NOT LIKE 'sqlite_%'")]
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}
    finally:
        conn.close()


def test_import_creates_grievances_members_and_one_batch(db: Database, tmp_path: Path) -> None:
    plan = build_plan(db, write_csv(tmp_path / "log.csv", ROWS))
    assert (plan.created, plan.updated, plan.unchanged, plan.new_members) == (3, 0, 0, 2)
    assert plan.header_row == 3 and plan.unknown_columns == ("Shoe size",)
    result = commit_plan(db, plan, "Officer")
    rows = list_matters(db, "grievance", include_closed=True, sort_key="number").rows
    assert [r[1] for r in rows] == ["0042", "0043", "0044"]
    assert [r[2] for r in rows] == ["Ana Petrova", None, "Ben Okafor"]
    assert [r[4] for r in rows] == ["Step 2", "Step 1", "Arbitration"]
    g = MatterService(db, "t").get(rows[0][0])
    assert g.values["filed_on"] == date(2026, 3, 5)
    assert "Shoe size: 9" in (g.values["summary"] or "")
    with db.sessions() as s:
        (entry,) = history.for_matter(s, rows[0][0])
        (third,) = history.for_matter(s, rows[2][0])
    assert (entry.action, entry.who) == ("import", "Officer")
    assert entry.summary == "Imported in batch 1 (row 4 of log.csv)"
    assert third.summary == "Imported in batch 1 (row 6 of log.csv)"
    assert result.batch_id == 1
    # One history entry for the batch, none per grievance: the batch knows its rows.
    assert [e[1:] for e in history_rows(db) if e[1] != "member"] == [
        ("import_batch", "Imported 3 grievances from log.csv (batch 1)")]


def test_history_names_a_file_whose_name_has_braces(db: Database, tmp_path: Path) -> None:
    commit_plan(db, build_plan(db, write_csv(tmp_path / "log {2026} %s.csv", ROWS)), "Officer")
    mid = list_matters(db, "grievance", sort_key="number").rows[0][0]
    with db.sessions() as s:
        (entry,) = history.for_matter(s, mid)
    assert entry.summary == "Imported in batch 1 (row 4 of log {2026} %s.csv)"


def test_reimport_is_idempotent_and_updates_only_changes(db: Database, tmp_path: Path) -> None:
    commit_plan(db, build_plan(db, write_csv(tmp_path / "a.csv", ROWS)), "Officer")
    again = build_plan(db, write_csv(tmp_path / "b.csv", ROWS))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    before = content(db)
    commit_plan(db, again, "Officer")
    after = content(db)
    assert after["matter"] == before["matter"] and after["grievance"] == before["grievance"]

    changed = [r[:] for r in ROWS]
    changed[0][3] = "Step 3"
    plan = build_plan(db, write_csv(tmp_path / "c.csv", changed))
    (upd,) = [r for r in plan.rows if r.action == "update"]
    assert upd.changes == {"step": ("step2", "step3")}
    commit_plan(db, plan, "Officer")
    g = MatterService(db, "t").get(upd.matter_id or 0)
    assert g.values["step"] == "step3"
    with db.sessions() as s:
        latest = history.for_matter(s, g.id)[0]
    assert latest.changes == {"step": ["step2", "step3"]}


def test_error_in_last_row_leaves_database_unchanged(db: Database, tmp_path: Path) -> None:
    commit_plan(db, build_plan(db, write_csv(tmp_path / "a.csv", ROWS[:1])), "Officer")
    before = content(db)
    bad = ROWS + [["0045", "Cy", "Miami", "Step 2", "open", "2/30/2026", "x", ""]]
    plan = build_plan(db, write_csv(tmp_path / "bad.csv", bad))
    (err,) = plan.errors
    assert err.row == 7 and err.column == "Date Filed" and "not a real date" in err.message
    with pytest.raises(ImportRejected, match="nothing was imported"):
        commit_plan(db, plan, "Officer")
    assert content(db) == before


def test_skip_errors_imports_the_good_rows(db: Database, tmp_path: Path) -> None:
    bad = ROWS + [["0042", "Dup", "Miami", "Step 2", "open", "2026-01-01", "x", ""]]
    plan = build_plan(db, write_csv(tmp_path / "dup.csv", bad))
    assert len(plan.errors) == 1 and "0042" in plan.errors[0].message
    result = commit_plan(db, plan, "Officer", skip_errors=True)
    assert (result.created, result.skipped) == (3, 1)


def test_cancel_rolls_back_everything(db: Database, tmp_path: Path) -> None:
    before = content(db)
    plan = build_plan(db, write_csv(tmp_path / "a.csv", ROWS))
    with pytest.raises(ImportCancelled):
        commit_plan(db, plan, "Officer", cancelled=lambda: True)
    assert content(db) == before


def test_undo_restores_updates_and_removes_creations(db: Database, tmp_path: Path) -> None:
    first = commit_plan(db, build_plan(db, write_csv(tmp_path / "a.csv", ROWS)), "Officer")
    after_first = content(db)
    changed = [r[:] for r in ROWS]
    changed[0][3] = "Step 3"
    changed[2][1] = "Carla Ruiz"
    changed.append(["0046", "Dee Singh", "Houston", "1", "open", "2026-04-01", "x", ""])
    second = commit_plan(db, build_plan(db, write_csv(tmp_path / "b.csv", changed)), "Officer")
    assert (second.created, second.updated, second.new_members) == (1, 2, 2)
    undone = undo_batch(db, second.batch_id, "Officer")
    assert (undone.removed, undone.restored, undone.members_removed) == (1, 2, 2)
    now = content(db)
    for table in ("grievance", "member"):
        assert now[table] == after_first[table]
    assert [r[:6] for r in now["matter"]] == [r[:6] for r in after_first["matter"]]
    with pytest.raises(ValueError, match="already undone"):
        undo_batch(db, second.batch_id, "Officer")
    undo_batch(db, first.batch_id, "Officer")
    assert list_matters(db, "grievance", include_closed=True).rows == []


def test_undo_refuses_when_a_grievance_was_edited_after(db: Database, tmp_path: Path) -> None:
    result = commit_plan(db, build_plan(db, write_csv(tmp_path / "a.csv", ROWS)), "Officer")
    mid = list_matters(db, "grievance", sort_key="number").rows[0][0]
    MatterService(db, "t").update(mid, {"title": "Edited by hand"})
    with pytest.raises(ValueError, match="changed after this import"):
        undo_batch(db, result.batch_id, "Officer")


def test_xlsx_with_numbers_as_identifiers_and_real_dates(db: Database, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Griev. No.", "Grievant", "Location", "Filing date", "Step"])
    ws.append(["0042", "Ana Petrova", "Boston", date(2026, 3, 5), 2])
    ws.append([43, "Ben Okafor", "Denver", 46087, "II"])  # 46087 = 2026-03-06 (Excel serial)
    path = tmp_path / "log.xlsx"
    wb.save(path)
    plan = build_plan(db, path)
    assert not plan.errors
    assert [r.grievance_number for r in plan.rows] == ["0042", "43"]
    assert [r.values["filed_on"] for r in plan.rows] == [date(2026, 3, 5), date(2026, 3, 6)]
    assert [r.values["step"] for r in plan.rows] == ["step2", "step2"]


def test_corrected_mapping_is_remembered(db: Database, tmp_path: Path) -> None:
    header = ["Ref", "Judge", "When"]
    path = tmp_path / "odd.csv"
    with path.open("w", newline="") as fh:
        csv.writer(fh).writerows([header, ["A-1", "Ana", "2026-01-02"]])
    mapping = map_headers(header, {"Ref": "grievance_number", "When": "filed_on"})
    remember_mapping(db, mapping)
    plan = build_plan(db, path)
    assert [r.grievance_number for r in plan.rows] == ["A-1"]


def many_rows(n: int) -> list[list[str]]:
    """``n`` valid rows, members repeating (more rows than one write chunk holds)."""
    return [[f"G-{i:05d}", f"Judge {i % 37}", ("Boston", "Denver", "Miami")[i % 37 % 3],
             f"Step {1 + i % 3}", "open", f"2026-0{1 + i % 9}-{1 + i % 28:02d}", "Restore", ""]
            for i in range(n)]


def test_a_file_larger_than_one_chunk_is_written_whole_and_in_order(
        db: Database, tmp_path: Path) -> None:
    n = 2 * CHUNK + 123
    plan = build_plan(db, write_csv(tmp_path / "many.csv", many_rows(n)))
    result = commit_plan(db, plan, "Officer")
    assert (result.created, result.new_members) == (n, 37)
    tables = content(db)
    numbers = [r[1] for r in tables["grievance"]]
    assert numbers == [f"G-{i:05d}" for i in range(n)]
    assert [r[0] for r in tables["matter"]] == list(range(1, n + 1))
    # History in the order things were done: the 37 members, then the batch's grievances;
    # each grievance's history names its batch and row.
    entries = history_rows(db)
    assert [e[1] for e in entries] == ["member"] * 37 + ["import_batch"]
    with db.sessions() as s:
        assert [history.for_matter(s, i)[0].summary for i in (1, n)] == [
            "Imported in batch 1 (row 4 of many.csv)", f"Imported in batch 1 (row {n + 3} of "
            "many.csv)"]
    search_backlog.catch_up(db)  # a large import's search entries are made after its commit
    conn = sqlite3.connect(db.path or "")
    try:
        hits = conn.execute("SELECT rowid FROM matter_fts WHERE matter_fts MATCH ?",
                            ('"G-02049"',)).fetchall()
    finally:
        conn.close()
    assert hits == [(2050,)]


def history_rows(db: Database) -> list[tuple]:
    conn = sqlite3.connect(db.path or "")
    try:
        return conn.execute(
            "SELECT matter_id, entity, summary FROM history_entry ORDER BY id").fetchall()
    finally:
        conn.close()


def test_cancelling_after_the_first_chunk_writes_nothing(db: Database, tmp_path: Path) -> None:
    commit_plan(db, build_plan(db, write_csv(tmp_path / "a.csv", ROWS)), "Officer")
    before = content(db)
    plan = build_plan(db, write_csv(tmp_path / "many.csv", many_rows(3 * CHUNK)))
    seen: list[int] = []
    with pytest.raises(ImportCancelled):
        commit_plan(db, plan, "Officer", progress=lambda done, _total: seen.append(done),
                    cancelled=lambda: bool(seen))
    assert seen == [CHUNK]
    assert content(db) == before


def test_the_import_settles_the_closed_date_as_the_editor_does(db: Database,
                                                               tmp_path: Path) -> None:
    """A grievance imported as closed without a date is closed today, as when an officer picks
    a closed status in the editor; one reopened by an import loses its closed date; and
    re-importing the same file changes nothing."""
    header = ["Grievance #", "Status", "Date filed", "Date closed"]
    src = write_csv(tmp_path / "a.csv", [["G-1", "Settled", "2026-01-05", ""],
                                         ["G-2", "Open", "2026-01-05", "2026-02-01"]], header)
    commit_plan(db, build_plan(db, src), "tester")
    service = MatterService(db, "tester")
    ids = {service.get(r[0]).reference: r[0]
           for r in list_matters(db, "grievance", include_closed=True).rows}
    assert service.get(ids["G-1"]).values["closed_on"] == clock.today()
    assert service.get(ids["G-2"]).values["closed_on"] is None
    again = build_plan(db, src)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    reopened = write_csv(tmp_path / "b.csv", [["G-1", "Open", "2026-01-05", ""]], header)
    commit_plan(db, build_plan(db, reopened), "tester")
    assert service.get(ids["G-1"]).values["closed_on"] is None
