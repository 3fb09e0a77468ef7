"""Reading the dates officers type, and saying back in words the date that was understood.

``parse_date`` accepts the forms people actually type and refuses everything else with a message
that says why — it never guesses a different date than the one typed:

* ISO: ``2019-08-09`` (also ``2019/08/09``);
* US numeric, month first: ``3/7/2025``, ``03/07/2025``, ``3-7-2025``, ``03/07/25``;
* month names, US order or day first: ``Nov 24 2026``, ``Nov. 24, 2026``, ``November 24, 2026``,
  ``24 November 2026``, ``24 Nov 2026``, with or without a weekday in front
  (``Tuesday, November 24, 2026`` — the words ``describe_date`` shows back).

Numeric dates are read **month first**, as in the United States (``3/7/2025`` is March 7, never
3 July); ``13/1/2026`` is refused rather than read day first. A **two-digit year** is read as
POSIX and Python's ``%y`` read it: 00–68 are 2000–2068, 69–99 are 1969–1999 (``03/07/25`` is
March 7, 2025). Both rules are stated in ``DATE_HINT`` beside every date field.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

#: Shown beside date fields and in their tooltips.
DATE_HINT = ("Type e.g. 11/24/2026, 2026-11-24 or Nov 24 2026. Numbers are read month first "
             "(US usage); two-digit years 00–68 are 2000–2068, 69–99 are 1969–1999.")

# English names written out: ``calendar.month_name`` follows the process locale, which Qt sets.
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS: dict[str, int] = {}
for _number, _name in enumerate(MONTH_NAMES, start=1):
    _MONTHS[_name.lower()] = _number
    _MONTHS[_name[:3].lower()] = _number
_MONTHS["sept"] = 9
_WEEKDAYS = {d.lower() for d in DAY_NAMES} | {d[:3].lower() for d in DAY_NAMES} | {
    "tues", "thur", "thurs"}

_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_US = re.compile(r"(\d{1,2})([/-])(\d{1,2})\2(\d{2}|\d{4})")
_WORDS = re.compile(r"[a-z]+\.?|\d+")


class DateParseError(ValueError):
    """The text is not a date this module reads; the message says why, in one line."""


def _year(text: str) -> int:
    if len(text) == 2:
        two = int(text)
        return 2000 + two if two <= 68 else 1900 + two
    if len(text) != 4:
        raise DateParseError(f"“{text}” is not a year: use four digits, e.g. 2026.")
    return int(text)


def _make(year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise DateParseError(f"There is no month {month}: numbers are read month first "
                             "(US usage), e.g. 1/13/2026 for January 13.")
    last = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
    if not 1 <= day <= last:
        raise DateParseError(f"{MONTH_NAMES[month - 1]} {year} has no day {day} "
                             f"(it has {last}).")
    if not 1 <= year <= 9999:
        raise DateParseError(f"{year} is not a year this application can store.")
    return date(year, month, day)


def _from_words(text: str) -> date | None:
    tokens = [t.rstrip(".") for t in _WORDS.findall(text)]
    if tokens and tokens[0] in _WEEKDAYS:
        tokens = tokens[1:]
    if len(tokens) != 3:
        return None
    names = [t for t in tokens if not t.isdigit()]
    if len(names) != 1 or names[0] not in _MONTHS:
        return None
    month = _MONTHS[names[0]]
    if tokens[0] == names[0]:  # Nov 24 2026
        day_text, year_text = tokens[1], tokens[2]
    elif tokens[1] == names[0]:  # 24 November 2026
        day_text, year_text = tokens[0], tokens[2]
    else:
        return None
    if len(day_text) > 2:
        return None
    return _make(_year(year_text), month, int(day_text))


def parse_date(text: str) -> date:
    """The date ``text`` names, or ``DateParseError`` saying why it is not one.

    Leading and trailing spaces are ignored; an empty text is an error (callers decide whether a
    field may be empty).
    """
    cleaned = " ".join(text.strip().split()).lower()
    if not cleaned:
        raise DateParseError("No date typed.")
    match = _ISO.fullmatch(cleaned)
    if match:
        return _make(int(match[1]), int(match[2]), int(match[3]))
    match = _US.fullmatch(cleaned)
    if match:
        return _make(_year(match[4]), int(match[1]), int(match[3]))
    found = _from_words(cleaned.replace(",", " "))
    if found is not None:
        return found
    raise DateParseError(f"“{text.strip()[:40]}” is not a date. {DATE_HINT}")


def reading_note(text: str) -> str:
    """How a numeric date was read, when US usage decided it ("" when nothing was ambiguous).

    ``3/7/2025`` → "read month first, US usage"; ``03/07/25`` → also "two-digit year 2025".
    """
    match = _US.fullmatch(" ".join(text.strip().split()))
    if not match:
        return ""
    notes = []
    if int(match[1]) <= 12 and int(match[3]) <= 12 and match[1].lstrip("0") != match[3].lstrip("0"):
        notes.append("read month first, US usage")
    if len(match[4]) == 2:
        notes.append(f"two-digit year {_year(match[4])}")
    return "; ".join(notes)


def describe_date(value: date) -> str:
    """The date in words, the way it is read aloud in the US: "Tuesday, November 24, 2026"."""
    return f"{DAY_NAMES[value.weekday()]}, {MONTH_NAMES[value.month - 1]} {value.day}, " \
           f"{value.year}"


def format_us(value: date) -> str:
    """``3/7/2025``: the US numeric form (month first, four-digit year)."""
    return f"{value.month}/{value.day}/{value.year}"
