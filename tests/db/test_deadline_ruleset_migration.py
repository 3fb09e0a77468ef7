"""Migration 0003_deadline_rulesets: deadlines stored before it keep every value, gain empty
rule-set columns, and are offered for review by the current rules (never changed silently)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from naij_tracker.db import migrate
from naij_tracker.db.engine import sqlite_url
from naij_tracker.db.opening import open_database
from naij_tracker.services.deadlines import DeadlineService


def _fill_0002(path: Path) -> None:
    """A FLRA case with two deadlines as the previous engine stored them (mail days added
    before the roll: 2026-06-11), and one entered by hand."""
    conn = sqlite3.connect(path)
    now = "2026-05-08 09:00:00"
    conn.executescript(f"""
        INSERT INTO matter (id, kind, title, status, priority, created_at, updated_at, version,
                            search_text)
            VALUES (1, 'flra', 'Award', 'filed', 'normal', '{now}', '{now}', 1, 'Award');
        INSERT INTO flra_case (id, case_type) VALUES (1, 'arbitration_exceptions');
        INSERT INTO deadline (id, matter_id, title, due_on, rule_id, citation, trigger_on,
                              service_method, explanation, created_at)
            VALUES (1, 1, 'File exceptions to arbitration award', '2026-06-11',
                    'arbitration-exceptions', '5 U.S.C. 7122(b)', '2026-05-07', 'mail',
                    '30 days after 2026-05-07 is 2026-06-06; +5 days = 2026-06-11', '{now}'),
                   (2, 1, 'Brief due', '2026-06-11', NULL, NULL, NULL, NULL,
                    'Entered by hand.', '{now}');
    """)
    conn.commit()
    conn.close()


def test_old_deadlines_survive_and_are_offered_for_review(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    migrate.upgrade(sqlite_url(str(path)), "0002_search_index")
    _fill_0002(path)
    db = open_database(path)  # backs up, then upgrades to the head
    try:
        assert db.backups_made and db.backups_made[0].exists()
        rows = db.read("SELECT id, due_on, ruleset_version, computed_with, alternative_due "
                       "FROM deadline ORDER BY id")
        assert [(r[0], str(r[1]), r[2], r[3], r[4]) for r in rows] == [
            (1, "2026-06-11", None, None, None), (2, "2026-06-11", None, None, None)]
        (item,) = DeadlineService(db, "t").recheck()  # never the one entered by hand
        assert (item.deadline_id, item.old_due, item.new_due) == (
            1, date(2026, 6, 11), date(2026, 6, 15))
        assert "before rule sets were recorded" in item.why
    finally:
        db.close()
    migrate.downgrade(sqlite_url(str(path)), "0002_search_index")
    conn = sqlite3.connect(path)
    try:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(deadline)")]
        assert "ruleset_version" not in columns
        assert conn.execute("SELECT count(*) FROM deadline").fetchone()[0] == 2
    finally:
        conn.close()
