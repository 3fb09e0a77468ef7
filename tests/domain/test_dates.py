"""Reading typed dates: every accepted form, every refusal, and round trips for any date.

US usage: numeric dates month first ("3/7/2025" is March 7). Two-digit years as POSIX
``strptime`` reads ``%y`` (IEEE Std 1003.1, strptime(): "values in the range [69,99] shall refer
to years 1969 to 1999 inclusive, and values in the range [00,68] shall refer to years 2000 to
2068 inclusive").
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naij_tracker.domain.dates import (
    DateParseError,
    describe_date,
    format_us,
    parse_date,
    reading_note,
)

D = date.fromisoformat

ACCEPTED = [
    ("2019-08-09", D("2019-08-09")),
    ("2019/8/9", D("2019-08-09")),
    ("3/7/2025", D("2025-03-07")),
    ("03/07/2025", D("2025-03-07")),
    ("3-7-2025", D("2025-03-07")),
    ("03/07/25", D("2025-03-07")),
    ("12/31/69", D("1969-12-31")),
    ("1/1/68", D("2068-01-01")),
    ("Nov 24 2026", D("2026-11-24")),
    ("Nov. 24, 2026", D("2026-11-24")),
    ("November 24, 2026", D("2026-11-24")),
    ("24 November 2026", D("2026-11-24")),
    ("24 nov 2026", D("2026-11-24")),
    ("Sept 9 2026", D("2026-09-09")),
    ("Tuesday, November 24, 2026", D("2026-11-24")),
    ("  2/29/2028 ", D("2028-02-29")),
]

REFUSED = [
    ("2/30/2026", "has no day 30"),
    ("13/1/2026", "no month 13"),
    ("abc", "is not a date"),
    ("", "No date typed"),
    ("2/29/2026", "has no day 29"),
    ("2026-13-01", "no month 13"),
    ("Nov 2026", "is not a date"),
    ("1/2/026", "is not a date"),
    ("Smarch 3 2026", "is not a date"),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_accepted_forms(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "why"), REFUSED)
def test_refused_with_a_reason(text: str, why: str) -> None:
    with pytest.raises(DateParseError, match=why):
        parse_date(text)


def test_words_and_reading_notes() -> None:
    assert describe_date(D("2026-11-24")) == "Tuesday, November 24, 2026"
    assert reading_note("3/7/2025") == "read month first, US usage"
    assert reading_note("03/07/25") == "read month first, US usage; two-digit year 2025"
    assert reading_note("3/3/2025") == ""
    assert reading_note("2025-03-07") == ""


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)))
def test_any_date_typed_iso_or_us_reads_back_as_itself(day: date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(format_us(day)) == day
    assert parse_date(f"{day.month:02d}/{day.day:02d}/{day.year}") == day
    assert parse_date(describe_date(day)) == day
