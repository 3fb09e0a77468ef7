"""Single cells of a steward's spreadsheet as clean text and as dates.

``clean_text`` strips a cell and removes control characters; ``parse_date`` reads a real date
cell, an Excel serial number or the ways people type dates. Both are used a column at a time by
``rows`` through caches, so they stay plain functions of one cell.
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import date, datetime, time, timedelta

from naij_tracker.domain.field_rules import MAX_YEAR, MIN_YEAR
from naij_tracker.importing.sources import Cell, cell_text

_PIVOT = 69
# Excel's 1900 date system counts days from 1899-12-30 (the phantom 1900-02-29 included).
_EXCEL_EPOCH = date(1899, 12, 30)

# --- text --------------------------------------------------------------------------------------

# Control characters (C0, DEL, C1) except tab and newline; carriage returns are turned into
# newlines first so Windows line breaks inside a cell survive as line breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(value: Cell | None, *, single_line: bool = False) -> str | None:
    """A cell as clean text: stripped, control characters removed, None when blank.

    ``single_line`` also folds runs of whitespace (line breaks, tabs) into one space, for
    names and identifiers.
    """
    text = value if type(value) is str else cell_text(value)
    if not text:
        return None
    # str.isprintable runs in C and is true for nearly every cell: only cells with control,
    # format or non-ASCII space characters take the slower path.
    if not text.isprintable():
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = _CONTROL.sub("", text)
        if single_line:
            text = " ".join(text.split())
    elif single_line and "  " in text:
        text = " ".join(text.split())
    return text.strip() or None


# --- dates -------------------------------------------------------------------------------------

_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)
_MONTHS: dict[str, int] = {}
for _i, _name in enumerate(_MONTH_NAMES, start=1):
    _MONTHS[_name] = _i
    _MONTHS[_name[:3]] = _i
_MONTHS["sept"] = 9

_WEEKDAY = r"(?:(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,?\s+)?"
_TIME = (
    r"(?:(?:t|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?"
    r"\s*(?:z|[+-]\d{2}:?\d{2})?)?"
)
_ISO = re.compile(rf"(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_TIME}")
_US = re.compile(rf"{_WEEKDAY}(\d{{1,2}})[/-](\d{{1,2}})[/-](\d{{4}}|\d{{2}}){_TIME}")
_NAMED_MDY = re.compile(
    rf"{_WEEKDAY}([a-z]+)\.?\s*(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}}|\d{{2}}){_TIME}"
)
_NAMED_DMY = re.compile(
    rf"{_WEEKDAY}(\d{{1,2}})(?:st|nd|rd|th)?[\s\-/.]*([a-z]+)\.?[\s\-/.,]*(\d{{4}}|\d{{2}}){_TIME}"
)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")

_DATE_HINT = "write dates like 2024-03-05 or 3/5/2024"


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 1900 if year >= _PIVOT else 2000
    return year


def _make_date(original: str, year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise ValueError(f"'{original}' is not a real date: there is no month {month}.")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(
            f"'{original}' is not a plausible date: the year {year} is outside "
            f"{MIN_YEAR}–{MAX_YEAR}."
        )
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        month_name = _MONTH_NAMES[month - 1].capitalize()
        raise ValueError(
            f"'{original}' is not a real date: {month_name} {year} has {last} days."
        )
    return date(year, month, day)


def _from_serial(original: str, serial: float) -> date:
    if not math.isfinite(serial):
        raise ValueError(f"'{original}' is not a date; {_DATE_HINT}.")
    try:
        result = _EXCEL_EPOCH + timedelta(days=math.floor(serial))
    except OverflowError:
        result = date.max
    if not MIN_YEAR <= result.year <= MAX_YEAR:
        raise ValueError(
            f"'{original}' is a number, not a date (as an Excel date serial it would be "
            f"{result.isoformat()}); {_DATE_HINT}."
        )
    return result


def parse_date(value: Cell | None) -> date:
    """A date from a real date cell, an Excel serial number or text in ISO or US form.

    Accepted text: 2024-03-05, 2024/3/5, 3/5/2024, 03/05/24, 3-5-2024, March 5, 2024,
    Mar. 5 2024, 5 March 2024, 5-Mar-2024, 05-Mar-24, 20240305, with an optional weekday
    before and time after. Slashed numbers are month first (US). Raises ``ValueError``.
    """
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            raise ValueError(
                f"'{value.isoformat()}' is not a plausible date: the year {value.year} is "
                f"outside {MIN_YEAR}–{MAX_YEAR}."
            )
        return value
    if isinstance(value, bool):
        raise ValueError(f"'{cell_text(value)}' is not a date; {_DATE_HINT}.")
    if isinstance(value, int | float):
        return _from_serial(cell_text(value), float(value))
    if isinstance(value, time | timedelta):
        raise ValueError(f"'{cell_text(value)}' is a time of day, not a date; {_DATE_HINT}.")
    original = clean_text(value, single_line=True) or ""
    text = original.lower()
    if m := _ISO.fullmatch(text):
        return _make_date(original, int(m[1]), int(m[2]), int(m[3]))
    if m := _US.fullmatch(text):
        return _make_date(original, _year(m[3]), int(m[1]), int(m[2]))
    for pattern, order in ((_NAMED_MDY, "mdy"), (_NAMED_DMY, "dmy")):
        if m := pattern.fullmatch(text):
            month_text, day_text = (m[1], m[2]) if order == "mdy" else (m[2], m[1])
            month = _MONTHS.get(month_text)
            if month is None:
                break
            return _make_date(original, _year(m[3]), month, int(day_text))
    if m := _COMPACT.fullmatch(text):
        return _make_date(original, int(m[1]), int(m[2]), int(m[3]))
    if _SERIAL.fullmatch(text):
        return _from_serial(original, float(text))
    raise ValueError(f"'{original}' is not a date; {_DATE_HINT}.")
