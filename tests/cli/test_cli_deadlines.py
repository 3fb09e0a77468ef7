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


def test_issue_example_walks_through_roll_plus_five_roll(capsys: pytest.CaptureFixture,
                                                         tmp_path: Path) -> None:
    """27 FLRA No. 3 (1987) order; 5 C.F.R. 2429.21(a), 2429.22; issue 15's example."""
    assert main(["--db", str(tmp_path / "n.sqlite3"), "deadline", "arbitration-exceptions",
                 "--from", "2026-05-07", "--service", "mail", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["due"] == "2026-06-15"
    text = out["explanation"]
    assert text.index("so the last day moves to Monday 2026-06-08") < text.index(
        "+5 days for service by mail (2429.22) = Saturday 2026-06-13") < text.index(
        "so the period runs to Monday 2026-06-15")
    assert out["filing_time"] == "11:59 p.m. Eastern Time" and out["ruleset"]


def test_same_day_methods_and_the_text_output(capsys: pytest.CaptureFixture,
                                              tmp_path: Path) -> None:
    assert main(["--db", str(tmp_path / "n.sqlite3"), "deadline", "arbitration-exceptions",
                 "--from", "2026-05-07", "--service", "mail", "--service", "electronic"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Exceptions to an arbitration award: due 2026-06-08 (Monday), by "
                          "11:59 p.m. Eastern Time")
    assert "(2425.2(c)(5))" in out and "from 2010-10-01" in out


def test_list_shows_every_rule_with_in_force_dates(capsys: pytest.CaptureFixture,
                                                  tmp_path: Path) -> None:
    assert main(["--db", str(tmp_path / "n.sqlite3"), "deadline", "--list"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Rule set ")
    rd = [line for line in out.splitlines() if line.startswith("rd-application-for-review")]
    assert "until 2026-04-22" in rd[0] and "from 2026-04-23" in rd[1] and "2422.35(d)" in rd[1]
    assert main(["--db", str(tmp_path / "n.sqlite3"), "deadline", "--list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    for rule_id in ("arbitration-opposition", "reconsideration", "fsip-recommendations-response",
                    "judicial-review", "federal-circuit-award-review", "mspb-appeal",
                    "eeo-counselor-contact", "negotiability-late-allegation"):
        assert any(r["rule"] == rule_id and r["in_force"] for r in rows), rule_id


def test_deadlines_recheck_lists_without_changing(capsys: pytest.CaptureFixture,
                                                  tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    db = open_database(path)
    mid = MatterService(db, "t").create(MatterKind.GRIEVANCE, {
        "title": "Leave", "grievance_number": "G-9", "filed_on": date(2026, 10, 1)})
    svc = DeadlineService(db, "t")
    did = svc.add_from_rule(mid, "cba-step-appeal", date(2026, 11, 2))
    svc.save_cba_rule("cba-step-appeal", "Appeal", 20, "calendar", "grievance",
                      "step_answer_received", "Appeal due", "CBA Art. 9")
    db.close()
    assert main(["--db", str(path), "deadlines", "--recheck", "--json"]) == 0
    (item,) = json.loads(capsys.readouterr().out)
    assert (item["id"], item["old_due"], item["new_due"]) == (did, "2026-11-17", "2026-11-23")
    assert "15 days -> 20 days" in item["why"]
    assert main(["--db", str(path), "deadlines", "--recheck"]) == 0
    assert "2026-11-17 -> 2026-11-23" in capsys.readouterr().out
    assert main(["--db", str(path), "deadlines", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["due"] == "2026-11-17"  # nothing changed
