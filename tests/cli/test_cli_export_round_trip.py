"""Exporting the sample database's grievances and importing the file back changes nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from naij_tracker.cli import main


def _snapshot(db_file: Path) -> tuple[list[tuple], list[tuple], int]:
    conn = sqlite3.connect(db_file)
    try:
        matters = conn.execute(
            "SELECT m.id, m.title, m.status, m.priority, m.owner, m.closed_on, m.summary, "
            "m.tags, m.search_text, m.version, g.grievance_number, g.member_id, g.court, "
            "g.issue_category, g.cba_article, g.step, g.filed_on, g.remedy_sought, g.outcome "
            "FROM matter m JOIN grievance g ON g.id = m.id ORDER BY m.id").fetchall()
        members = conn.execute("SELECT id, name, court FROM member ORDER BY id").fetchall()
        batches = conn.execute("SELECT count(*) FROM import_batch").fetchone()[0]
        return matters, members, batches
    finally:
        conn.close()


@pytest.mark.slow
def test_sample_grievances_exported_to_xlsx_import_back_unchanged(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "sample.sqlite3"
    assert main(["--db", str(db), "demo"]) == 0
    out = tmp_path / "grievances.xlsx"
    assert main(["--db", str(db), "export", "grievances", "--out", str(out),
                 "--include-closed"]) == 0
    capsys.readouterr()
    before = _snapshot(db)
    assert len(before[0]) > 100
    assert main(["--db", str(db), "import", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["created"], report["updated"], report["new_members"]) == (0, 0, 0)
    assert report["unchanged"] == len(before[0])
    assert report["errors"] == [] and report["unknown_columns"] == []
    assert report["not_imported_columns"] == ["Next deadline"]
    after = _snapshot(db)
    assert after[:2] == before[:2]  # every grievance and member exactly as it was
    summaries = [m[6] or "" for m in after[0]]
    assert not any("Next deadline" in s for s in summaries)
