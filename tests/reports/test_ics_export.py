"""Calendar export (RFC 5545): read back with ``icalendar``; re-export keeps the UIDs."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from naij_tracker.reports.calendar_export import (
    PRODID,
    CalendarExportError,
    IcsDeadline,
    build_ics,
    deadline_uid,
    write_ics,
)

NOW = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)


def sample() -> list[IcsDeadline]:
    return [
        IcsDeadline(
            deadline_id=7,
            matter_id=3,
            matter_label="Grievance G-2026-014 (Arlington)",
            title="File exceptions to arbitration award",
            due=date(2026, 4, 6),
            rule_id="arbitration-exceptions",
            citation="5 U.S.C. 7122(b); 5 C.F.R. 2425.2; 5 C.F.R. 2429.22",
            explanation=(
                "30 days after 2026-03-02 is 2026-04-01; +5 days for service by mail = 2026-04-06"
            ),
            done=False,
        ),
        IcsDeadline(
            deadline_id=2,
            matter_id=5,
            matter_label="Bargaining: 700-completion metric",
            title="Request to bargain, proposals due",
            due=date(2026, 3, 20),
            rule_id=None,
            citation="",
            explanation="",
            done=True,
        ),
    ]


def events(data: bytes) -> list:
    return Calendar.from_ical(data).walk("VEVENT")


def test_round_trip_through_icalendar() -> None:
    data = build_ics(sample(), "db1", "NAIJ deadlines", now=NOW)
    cal = Calendar.from_ical(data)
    assert str(cal["PRODID"]) == PRODID
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["X-WR-CALNAME"]) == "NAIJ deadlines"
    evs = events(data)
    assert [str(e["UID"]) for e in evs] == [
        "deadline-2-db1@naij-tracker",
        "deadline-7-db1@naij-tracker",
    ]  # sorted by due date
    first, second = evs
    # All-day events: DTSTART is a date, DTEND the (exclusive) next day.
    assert second.decoded("DTSTART") == date(2026, 4, 6)
    assert second.decoded("DTEND") == date(2026, 4, 7)
    assert not isinstance(second.decoded("DTSTART"), datetime)
    assert second.decoded("DTSTAMP") == NOW
    assert str(second["SUMMARY"]) == (
        "File exceptions to arbitration award — Grievance G-2026-014 (Arlington)"
    )
    description = str(second["DESCRIPTION"])
    assert "Matter: Grievance G-2026-014 (Arlington) (#3)" in description
    assert "Rule: arbitration-exceptions" in description
    assert "Citation: 5 U.S.C. 7122(b)" in description
    assert "+5 days for service by mail = 2026-04-06" in description
    alarms = second.walk("VALARM")
    assert len(alarms) == 1
    assert alarms[0].decoded("TRIGGER") == timedelta(days=-3)
    # The done deadline is marked and gets no reminder.
    assert str(first["SUMMARY"]).startswith("Done: ")
    assert first.walk("VALARM") == []
    assert "Rule:" not in str(first["DESCRIPTION"])


def test_reexport_keeps_uids_and_updates_content(tmp_path: Path) -> None:
    path = tmp_path / "deadlines.ics"
    write_ics(sample(), path, "db1", "NAIJ deadlines", now=NOW)
    before = {str(e["UID"]): e.decoded("DTSTART") for e in events(path.read_bytes())}
    moved = [
        replace(d, due=d.due + timedelta(days=1)) if d.deadline_id == 7 else d for d in sample()
    ]
    write_ics(moved, path, "db1", "NAIJ deadlines", now=NOW + timedelta(days=1))
    after = {str(e["UID"]): e.decoded("DTSTART") for e in events(path.read_bytes())}
    assert set(after) == set(before)
    assert after["deadline-7-db1@naij-tracker"] == date(2026, 4, 7)
    assert [p.name for p in tmp_path.iterdir()] == ["deadlines.ics"]  # no temp file left


def test_export_is_deterministic_for_a_fixed_stamp() -> None:
    assert build_ics(sample(), "db1", "N", now=NOW) == build_ics(
        list(reversed(sample())), "db1", "N", now=NOW
    )


def test_namespace_separates_databases_and_is_sanitised() -> None:
    assert deadline_uid(7, "db1") != deadline_uid(7, "db2")
    assert deadline_uid(7, " my db/@home ") == "deadline-7-my-db-home@naij-tracker"
    with pytest.raises(CalendarExportError, match="namespace"):
        build_ics(sample(), " @ ", "N")


def test_no_alarm_when_disabled_and_empty_calendar_is_valid() -> None:
    data = build_ics(sample(), "db1", "N", alarm_days_before=None, now=NOW)
    assert all(e.walk("VALARM") == [] for e in events(data))
    empty = Calendar.from_ical(build_ics([], "db1", "N", now=NOW))
    assert empty.walk("VEVENT") == []


def test_errors_are_clear(tmp_path: Path) -> None:
    dup = [sample()[0], sample()[0]]
    with pytest.raises(CalendarExportError, match="appears twice"):
        build_ics(dup, "db1", "N")
    with pytest.raises(CalendarExportError, match="does not exist"):
        write_ics(sample(), tmp_path / "missing" / "x.ics", "db1", "N")
    bad = IcsDeadline(1, 1, "m", "t", datetime(2026, 1, 1, 9), None, "", "")  # type: ignore[arg-type]
    with pytest.raises(CalendarExportError, match="not a date"):
        build_ics([bad], "db1", "N")
