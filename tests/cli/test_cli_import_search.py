"""``naij-tracker import`` keeps the search index right: the two bugs of a search text built
differently by the import than by the editor (``domain.search_text`` is now the one rule)."""

from __future__ import annotations

import csv
from pathlib import Path

from naij_tracker.cli import main
from naij_tracker.db.opening import open_database
from naij_tracker.services.matters import MatterService
from naij_tracker.services.queries import search

HEADER = ["Grievance Number", "Member", "Court", "Title", "Step", "Date filed"]


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(rows)
    return path


def _found(db_file: Path, query: str) -> list[str]:
    db = open_database(db_file)
    try:
        return [h.reference for h in search(db, query)]
    finally:
        db.close()


def test_an_import_changing_only_the_court_moves_the_grievance_in_search(tmp_path: Path) -> None:
    db_file = tmp_path / "db.sqlite3"
    first = _csv(tmp_path / "a.csv", [["G-1", "Union", "Boston", "Leave denied", "1",
                                       "2026-01-05"]])
    assert main(["--db", str(db_file), "import", str(first)]) == 0
    assert _found(db_file, "Boston") == ["G-1"]
    moved = _csv(tmp_path / "b.csv", [["G-1", "Union", "Chicago", "Leave denied", "1",
                                       "2026-01-05"]])
    assert main(["--db", str(db_file), "import", str(moved)]) == 0
    assert _found(db_file, "Chicago") == ["G-1"]
    assert _found(db_file, "Boston") == []


def test_an_import_changing_the_title_keeps_the_tags_searchable(tmp_path: Path) -> None:
    db_file = tmp_path / "db.sqlite3"
    first = _csv(tmp_path / "a.csv", [["G-1", "Ana Petrova", "Boston", "Leave denied", "1",
                                       "2026-01-05"]])
    assert main(["--db", str(db_file), "import", str(first)]) == 0
    db = open_database(db_file)
    try:
        service = MatterService(db, "officer")
        (hit,) = search(db, "G-1")
        service.update(hit.matter_id, {"tags": "hillvisit"})
    finally:
        db.close()
    assert _found(db_file, "hillvisit") == ["G-1"]
    retitled = _csv(tmp_path / "b.csv", [["G-1", "Ana Petrova", "Boston",
                                          "Annual leave denied", "1", "2026-01-05"]])
    assert main(["--db", str(db_file), "import", str(retitled)]) == 0
    assert _found(db_file, "hillvisit") == ["G-1"]
    assert _found(db_file, "Annual leave") == ["G-1"]
