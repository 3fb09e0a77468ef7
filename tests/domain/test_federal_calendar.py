"""The federal working-day calendar: 5 U.S.C. 6103 holidays with observed days, and closures."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import holidays
import pytest

from naij_tracker.domain.calendar import (
    MAX_YEAR,
    MIN_YEAR,
    CalendarRangeError,
    Closure,
    ClosureFileError,
    FederalCalendar,
    default_calendar,
    load_builtin_closures,
    load_closures,
)

D = date.fromisoformat


@pytest.fixture(scope="module")
def cal() -> FederalCalendar:
    return default_calendar()


# (day, expected why_not_working, source)
WHY_CASES = [
    ("2026-03-02", None, "an ordinary Monday"),
    ("2026-03-07", "Saturday", "5 C.F.R. 2429.21(a): Saturdays"),
    ("2026-03-08", "Sunday", "5 C.F.R. 2429.21(a): Sundays"),
    ("2026-11-26", "Thanksgiving Day (federal holiday)", "5 U.S.C. 6103(a)"),
    ("2026-11-27", None, "the Friday after Thanksgiving is not a federal holiday"),
    ("2021-12-31", "New Year's Day (observed)", "6103(b): 2022-01-01 was a Saturday"),
    ("2022-01-01", "Saturday", "the holiday itself fell on a Saturday"),
    ("2021-12-24", "Christmas Day (observed)", "6103(b): 2021-12-25 was a Saturday"),
    ("2022-12-26", "Christmas Day (observed)", "6103(b): 2022-12-25 was a Sunday"),
    ("2026-07-03", "Independence Day (observed)", "6103(b): 2026-07-04 is a Saturday"),
    ("2023-11-10", "Veterans Day (observed)", "6103(b): 2023-11-11 was a Saturday"),
    ("2020-06-19", None, "Juneteenth is a holiday only from 2021 (Pub. L. 117-17)"),
    ("2021-06-18", "Juneteenth National Independence Day (observed)", "Pub. L. 117-17"),
    ("2022-06-20", "Juneteenth National Independence Day (observed)", "6103(b)"),
    ("2026-01-19", "Martin Luther King Jr. Day (federal holiday)", "6103(a)"),
    ("2026-02-16", "Washington's Birthday (federal holiday)", "6103(a)"),
    ("2026-10-12", "Columbus Day (federal holiday)", "6103(a)"),
    ("2017-01-20", None, "Inauguration Day is a holiday only in the D.C. area, 6103(c)"),
    ("2021-01-20", None, "Inauguration Day is a holiday only in the D.C. area, 6103(c)"),
    (
        "2018-12-05",
        "closure: National Day of Mourning for former President George H. W. Bush",
        "EO 13852",
    ),
    ("2018-12-24", "closure: Christmas Eve closure", "EO 13854"),
    ("2019-12-24", "closure: Christmas Eve closure", "EO 13900"),
    ("2020-12-24", "closure: Christmas Eve closure", "EO 13965"),
    ("2024-12-24", "closure: Christmas Eve closure", "EO 14129"),
    (
        "2025-01-09",
        "closure: National Day of Mourning for former President Jimmy Carter",
        "EO 14133",
    ),
    ("2025-12-26", "closure: Day after Christmas closure", "EO 14371"),
]


@pytest.mark.parametrize(("day", "expected", "source"), WHY_CASES, ids=[c[0] for c in WHY_CASES])
def test_why_not_working(cal: FederalCalendar, day: str, expected: str | None, source: str) -> None:
    assert cal.why_not_working(D(day)) == expected, source
    assert cal.is_working_day(D(day)) is (expected is None)


# (start, expected next working day, source)
NEXT_CASES = [
    ("2026-03-02", "2026-03-02", "a working day is its own next working day"),
    ("2026-03-07", "2026-03-09", "Saturday -> Monday"),
    ("2021-12-31", "2022-01-03", "New Year's observed Friday, then the weekend"),
    ("2025-12-24", "2025-12-29", "closure, Christmas, closure, weekend (EO 14371)"),
    ("2026-05-23", "2026-05-26", "weekend then Memorial Day"),
]


@pytest.mark.parametrize(("start", "expected", "source"), NEXT_CASES)
def test_next_working_day(cal: FederalCalendar, start: str, expected: str, source: str) -> None:
    assert cal.next_working_day(D(start)) == D(expected), source


def test_previous_working_day(cal: FederalCalendar) -> None:
    assert cal.previous_working_day(D("2026-09-07")) == D("2026-09-04")  # Labor Day
    assert cal.previous_working_day(D("2026-09-08")) == D("2026-09-08")


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2026-03-05", 0, "2026-03-05"),
        ("2026-03-05", 1, "2026-03-06"),
        ("2026-03-05", 2, "2026-03-09"),
        ("2026-11-25", 1, "2026-11-27"),  # over Thanksgiving
        ("2026-03-09", -1, "2026-03-06"),  # backwards over a weekend
        ("2025-12-23", 1, "2025-12-29"),  # closures and Christmas 2025
    ],
)
def test_add_working_days(cal: FederalCalendar, start: str, n: int, expected: str) -> None:
    assert cal.add_working_days(D(start), n) == D(expected)


def test_working_days_between_counts_days_after_start(cal: FederalCalendar) -> None:
    assert cal.working_days_between(D("2026-03-06"), D("2026-03-09")) == 1
    assert cal.working_days_between(D("2026-03-02"), D("2026-03-02")) == 0


def test_non_working_days_lists_reasons(cal: FederalCalendar) -> None:
    days = cal.non_working_days(D("2025-12-24"), D("2025-12-28"))
    assert [d for d, _ in days] == [D(f"2025-12-{n}") for n in (24, 25, 26, 27, 28)]


def test_range_is_enforced() -> None:
    cal = FederalCalendar()
    with pytest.raises(CalendarRangeError, match=f"{MIN_YEAR}-{MAX_YEAR}"):
        cal.is_working_day(date(MIN_YEAR - 1, 6, 1))
    with pytest.raises(CalendarRangeError):
        cal.next_working_day(date(MAX_YEAR + 1, 1, 1))
    # Walking off the end is refused, not guessed: 2107-12-31 is a Saturday.
    with pytest.raises(CalendarRangeError):
        cal.next_working_day(date(MAX_YEAR, 12, 31))
    assert cal.covers(date(MAX_YEAR, 12, 31))
    assert not cal.covers(date(MIN_YEAR - 1, 12, 31))
    with pytest.raises(ValueError):
        FederalCalendar(first_year=1900)


def test_datetime_is_refused() -> None:
    from datetime import datetime

    with pytest.raises(TypeError):
        FederalCalendar().is_working_day(datetime(2026, 3, 2, 9, 0))  # type: ignore[arg-type]


def test_closures_are_data_and_later_entries_override() -> None:
    day = D("2026-03-04")
    cal = FederalCalendar([Closure(day, "Snow", "OPM"), Closure(day, "Hurricane", "OPM")])
    assert cal.why_not_working(day) == "closure: Hurricane"
    assert FederalCalendar().is_working_day(day)
    more = FederalCalendar().with_closures([Closure(day, "Snow", "OPM announcement")])
    assert not more.is_working_day(day)
    assert more.closures == (Closure(day, "Snow", "OPM announcement"),)
    with pytest.raises(ValueError, match="reason"):
        Closure(day, "  ", "x")


def test_builtin_closures_have_sources_and_are_weekdays() -> None:
    closures = load_builtin_closures()
    days = [c.day for c in closures]
    assert len(days) == len(set(days))
    required = {
        D("2018-12-05"),
        D("2018-12-24"),
        D("2019-12-24"),
        D("2020-12-24"),
        D("2024-12-24"),
        D("2025-01-09"),
    }
    assert required <= set(days)
    for c in closures:
        assert c.source.strip() and "Executive Order" in c.source, c
        assert c.day.weekday() < 5, c


def test_builtin_closures_agree_with_holidays_package_government_closings() -> None:
    """Cross-check: every whole-day closure we ship is one the ``holidays`` package also lists
    for the federal government (category ``government``), and vice versa since 2001."""
    years = range(2001, 2026)
    gov = holidays.US(categories=("government",), observed=True, years=years)
    public = holidays.US(categories=("public",), observed=True, years=years)
    extra = {d for d, name in gov.items() if d not in public and "half-day" not in name}
    ours = {c.day for c in load_builtin_closures() if c.day.year in years}
    assert ours == extra


def test_load_closures_reports_bad_files(tmp_path: Path) -> None:
    bad_json = tmp_path / "a.json"
    bad_json.write_text("{not json", encoding="utf-8")
    with pytest.raises(ClosureFileError, match="not valid JSON"):
        load_closures(bad_json)
    bad_day = tmp_path / "b.json"
    bad_day.write_text(
        json.dumps({"closures": [{"day": "2026-02-30", "reason": "x", "source": "y"}]}),
        encoding="utf-8",
    )
    with pytest.raises(ClosureFileError, match="entry 1: day '2026-02-30'"):
        load_closures(bad_day)
    missing = tmp_path / "c.json"
    missing.write_text(json.dumps([{"day": "2026-02-03"}]), encoding="utf-8")
    with pytest.raises(ClosureFileError, match="reason, source"):
        load_closures(missing)
    with pytest.raises(ClosureFileError, match="cannot read"):
        load_closures(tmp_path / "nope.json")
