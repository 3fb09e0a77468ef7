"""The command line plans a file a part at a time while the parts before are written
(``pipeline.planned_parts``, ``commit.commit_parts``): the parts must say and write exactly what
one plan of the whole file says and writes — a number repeated in a later part, a name in two
parts, an error in the last part."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from naij_tracker.cli import main
from naij_tracker.db.opening import Database, open_database
from naij_tracker.importing import pipeline
from naij_tracker.importing.commit import ImportRejected, commit_parts, commit_plan
from naij_tracker.importing.pipeline import build_plan, first_stages, joined, planned_parts
from naij_tracker.importing.undo import undo_batch

HEADER = ["Grievance #", "Judge", "IC", "Step", "Status", "Date Filed", "Remedy"]


def rows(errors: bool = True) -> list[list[str]]:
    out = [[f"P-{i:03d}", ["Ana Petrova", "Lee, Grace", "Hon. T. Villanueva", "Union"][i % 4],
            ["Boston", "Denver"][i % 2], "Step 1", ["Open", "Closed", "Pending"][i % 3],
            f"3/{1 + i % 28}/2026", "Make whole"] for i in range(23)]
    if errors:
        out[17][0] = "p-004"  # the number of row 4 again, in another case, in a later part
        out[21][5] = "31/31/2026"  # a date that is none
    return out


def write(path: Path, data: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["NAIJ grievance log"])
        w.writerow(HEADER)
        w.writerows(data)
    return path


def _moment(x: object) -> bool:
    return isinstance(x, str) and len(x) >= 19 and x[4] == "-" and x[10] == " "


def timeless(data: list[tuple]) -> list[tuple]:
    """Rows without their moments (created, updated, imported at: the clock runs on)."""
    return [tuple(x for x in r if not _moment(x)) for r in data]


def table(db: Database, name: str) -> list[tuple]:
    assert db.path is not None
    conn = sqlite3.connect(db.path)
    try:
        return conn.execute(f"SELECT * FROM {name} ORDER BY rowid").fetchall()  # noqa: S608
    finally:
        conn.close()


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(size=st.integers(min_value=1, max_value=25))
def test_the_parts_plan_what_one_plan_of_the_whole_file_plans(
        db: Database, tmp_path: Path, size: int) -> None:
    path = write(tmp_path / "log.csv", rows())
    if not table(db, "grievance"):  # some rows stored already: updates and unchanged rows
        commit_plan(db, build_plan(db, write(tmp_path / "old.csv", rows(False)[:6])), "Officer")
    whole = build_plan(db, path)
    h, v, m = first_stages(db, path)
    parts = list(planned_parts(db, path, h, v, m, rows_per_part=size))
    assert len(parts) == -(-23 // size)
    together = joined(parts)
    assert together.rows == whole.rows
    assert [str(e) for e in together.errors] == [str(e) for e in whole.errors]
    assert "already appears in row 7" in str(together.errors[0])  # named across parts
    assert (together.rows_read, together.file_sha256) == (whole.rows_read, whole.file_sha256)
    assert (together.created, together.updated, together.unchanged) == (
        whole.created, whole.updated, whole.unchanged)


def test_parts_write_what_one_plan_writes(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", rows(False))
    one = open_database(tmp_path / "one.sqlite3")
    many = open_database(tmp_path / "many.sqlite3")
    try:
        for db in (one, many):
            commit_plan(db, build_plan(db, write(tmp_path / "old.csv", rows(False)[:6])), "O")
            path.write_text(path.read_text(encoding="utf-8").replace("Make whole", "Back pay"),
                            encoding="utf-8")
        commit_plan(one, build_plan(one, path), "Officer")
        h, v, m = first_stages(many, path)
        result = commit_parts(many, planned_parts(many, path, h, v, m, rows_per_part=4),
                              "Officer", expected=23)
        assert (result.created, result.updated, result.new_members) == (17, 6, 0)
        for name in ("matter", "grievance", "member", "import_batch", "import_batch_row"):
            assert timeless(table(many, name)) == timeless(table(one, name)), name
        # The same entries; a part's members and updates come before the next part's.
        assert sorted(map(repr, (r[1:] for r in timeless(table(many, "history_entry"))))) == sorted(
            map(repr, (r[1:] for r in timeless(table(one, "history_entry")))))
        undo_batch(many, result.batch_id, "Officer")
        assert len(table(many, "grievance")) == 6
    finally:
        one.close()
        many.close()


def test_an_error_in_a_later_part_writes_nothing(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", rows())
    h, v, m = first_stages(db, path)
    with pytest.raises(ImportRejected, match="have errors; nothing was imported"):
        commit_parts(db, planned_parts(db, path, h, v, m, rows_per_part=5), "Officer",
                     expected=23)
    assert table(db, "matter") == [] and table(db, "import_batch") == []


def test_the_command_reports_every_error_of_the_file_and_writes_nothing(
        db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(pipeline, "PART_ROWS", 5)
    path = write(tmp_path / "log.csv", rows())
    assert main(["--db", str(db_path), "import", str(path)]) != 0
    said = capsys.readouterr()
    text = said.out + said.err
    assert "Row 20" in text and "already appears in row 7" in text  # the fourth part
    assert "Row 24" in text and "31/31/2026" in text  # the fifth
    assert "Committed" not in text
    assert "2 row(s) have errors; nothing was imported" in said.err  # the whole file's count
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM matter").fetchone() == (0,)
    conn.close()
    # Skipping the rows in error, the parts write the others, once each.
    assert main(["--db", str(db_path), "import", str(path), "--skip-errors"]) == 0
    assert "Committed as import batch" in capsys.readouterr().out
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*), count(DISTINCT lower(grievance_number)) "
                        "FROM grievance").fetchone() == (21, 21)
    assert conn.execute("SELECT created_count, skipped_count FROM import_batch").fetchone() \
        == (21, 2)
    conn.close()
