"""``naij-tracker deadline`` and ``deadlines``: JSON output, errors, and the .ics export."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar

from naij_tracker.cli import main
from naij_tracker.db.opening import open_database
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.deadlines import DeadlineService
from naij_tracker.services.matters import MatterService


def test_deadline_json(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    assert main(["--db", str(tmp_path / "none.sqlite3"), "deadline", "arbitration-exceptions",
                 "--from", "2026-03-02", "--service", "mail", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["rule"] == "arbitration-exceptions" and out["due"] == "2026-04-06"
    assert "+5 days for service by mail" in out["explanation"]
    assert not (tmp_path / "none.sqlite3").exists()  # computing needs no database


def test_window_rule_reports_opens(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    assert main(["--db", str(tmp_path / "n.sqlite3"), "deadline", "representation-open-period",
                 "--from", "2027-03-01", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["opens"] == "2026-11-16" and out["due"] == "2026-12-31"


@pytest.mark.parametrize("args", [
    ["deadline", "no-such-rule", "--from", "2026-03-02"],
    ["deadline", "ulp-charge", "--from", "2026-02-30"],
    ["deadline", "ulp-charge", "--from", "2199-01-01"],
    ["deadline", "ulp-charge"],
])
def test_bad_input_is_one_line_exit_1(args: list[str], capsys: pytest.CaptureFixture,
                                      tmp_path: Path) -> None:
    assert main(["--db", str(tmp_path / "n.sqlite3"), *args]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_list_shows_citations(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    assert main(["--db", str(tmp_path / "n.sqlite3"), "deadline", "--list", "--json"]) == 0
    rules = {r["rule"]: r for r in json.loads(capsys.readouterr().out)}
    assert rules["ulp-charge"]["citation"].startswith("5 U.S.C. 7118")
    assert "cba-step-answer" in rules


def test_deadlines_ics_is_readable_and_uids_stable(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "db.sqlite3"
    db = open_database(path)
    mid = MatterService(db, "t").create(MatterKind.FLRA, {"title": "Award & <exceptions>",
                                                          "case_type": "arbitration_exceptions"})
    svc = DeadlineService(db, "t")
    svc.add_from_rule(mid, "arbitration-exceptions", date(2026, 3, 2), "mail")
    svc.add_manual(mid, "Brief", date(2026, 5, 1))
    db.close()
    ics = tmp_path / "d.ics"
    assert main(["--db", str(path), "deadlines", "--ics", str(ics)]) == 0
    cal = Calendar.from_ical(ics.read_bytes())
    events = [c for c in cal.walk("VEVENT")]
    assert sorted(e.decoded("DTSTART") for e in events) == [date(2026, 4, 6), date(2026, 5, 1)]
    assert any("arbitration-exceptions" in str(e.get("DESCRIPTION")) for e in events)
    uids = sorted(str(e["UID"]) for e in events)
    assert main(["--db", str(path), "deadlines", "--ics", str(ics)]) == 0
    again = Calendar.from_ical(ics.read_bytes())
    assert sorted(str(e["UID"]) for e in again.walk("VEVENT")) == uids
    capsys.readouterr()
    assert main(["--db", str(path), "deadlines", "--within", "10000", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2
