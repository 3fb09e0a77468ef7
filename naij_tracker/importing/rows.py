"""Turning spreadsheet rows into validated grievance records, and bad rows into plain errors.

``parse_rows`` applies a ``HeaderMapping`` to a ``SheetData``: each data row becomes a
``ParsedGrievance`` (plain, frozen, no database) or one or more ``RowError`` naming the row as
the spreadsheet shows it and the column header as written in the file. The value parsers
(``parse_date``, ``parse_step``, ``parse_status``…) are public so the wizard and the tests can
use them on single values; each raises ``ValueError`` whose text is the plain problem.
"""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import compress, zip_longest
from operator import itemgetter
from typing import Any, NamedTuple

from naij_tracker.domain.field_rules import LONG_TEXT_LIMIT, MAX_LENGTH, MAX_YEAR, MIN_YEAR
from naij_tracker.domain.kinds import (
    GRIEVANCE_ISSUE_CATEGORIES,
    GRIEVANCE_STATUSES,
    GRIEVANCE_STEPS,
    PRIORITIES,
)
from naij_tracker.importing.errors import ImportFileError, RowError
from naij_tracker.importing.headers import REQUIRED_FIELDS, SYNONYMS, HeaderMapping
from naij_tracker.importing.sources import Cell, SheetData, cell_text

#: Longest free-text value (summary, remedy, outcome, notes) accepted from one cell.
MAX_TEXT_CHARS = LONG_TEXT_LIMIT
#: Shorter limits where the database column is a bounded string (PostgreSQL enforces them).
MAX_FIELD_CHARS: dict[str, int] = {
    f: MAX_LENGTH[f] for f in ("grievance_number", "member_name", "court", "title",
                               "issue_category", "cba_article", "owner")
}

# Two-digit years: 69–99 are 1900s and 00–68 are 2000s, the same pivot as strptime's %y.
_PIVOT = 69
# Excel's 1900 date system counts days from 1899-12-30 (the phantom 1900-02-29 included).
_EXCEL_EPOCH = date(1899, 12, 30)


class ParsedGrievance(NamedTuple):
    """One valid grievance row, in the vocabulary of ``naij_tracker.domain.kinds``.

    ``member_name`` None means a union (institutional) grievance: the cell was blank or said
    "Union", "Institutional" or "NAIJ". ``step``, ``status`` and ``priority`` are codes, or None
    when the cell was blank or the column absent (the caller applies its defaults on create and
    leaves the stored value alone on update). ``title`` is never empty: a default is made from
    the category and the member. ``extra_note`` holds the unknown columns as "Header: value"
    lines, when asked for. A named tuple: immutable, and cheap to make 100,000 of.
    """

    row_number: int
    grievance_number: str
    member_name: str | None
    court: str | None
    title: str
    issue_category: str | None
    cba_article: str | None
    step: str | None
    status: str | None
    filed_on: date
    closed_on: date | None
    remedy_sought: str | None
    outcome: str | None
    summary: str | None
    owner: str | None
    priority: str | None
    extra_note: str | None
    title_defaulted: bool = False


@dataclass(frozen=True, slots=True)
class ParseResult:
    """Every data row of a sheet, either parsed or in error.

    ``fields_present`` are the fields some column fills: a caller updating existing grievances
    should compare only those, so a file without a "Priority" column does not clear priorities.
    """

    file: str
    sheet: str
    header_row: int
    fields_present: frozenset[str]
    grievances: tuple[ParsedGrievance, ...]
    errors: tuple[RowError, ...]
    rows_read: int

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_rows(self) -> frozenset[int]:
        return frozenset(e.row for e in self.errors)


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


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    """Lower-case letters and digits only: the form spellings are compared in.

    Cached: the same few spellings ("Step 2", "Open") fill whole columns.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


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


# --- vocabularies --------------------------------------------------------------------------------


def _step_spellings() -> dict[str, str]:
    spellings: dict[str, str] = {}
    forms = {
        "step1": ("1", "i", "1st", "first", "one"),
        "step2": ("2", "ii", "2nd", "second", "two"),
        "step3": ("3", "iii", "3rd", "third", "three"),
    }
    for code, variants in forms.items():
        for v in variants:
            for key in (v, f"step{v}", f"{v}step", f"s{v}"):
                spellings[key] = code
    for key in (
        "arb", "arbitration", "arbitrate", "arbitrated", "inarbitration", "arbitrationinvoked",
        "invokedarbitration", "arbitrationstep", "steparbitration", "steparb",
    ):
        spellings[key] = "arbitration"
    for choice in GRIEVANCE_STEPS:
        spellings[_key(choice.code)] = choice.code
        spellings[_key(choice.label)] = choice.code
    return spellings


_STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "open": ("open", "opened", "pending", "active", "new", "filed", "inprogress", "ongoing"),
    "awaiting_answer": (
        "awaitinganswer", "awaitingresponse", "awaitingreply", "awaitingdecision", "awaiting",
        "pendinganswer", "pendingresponse", "pendingdecision", "answerpending",
        "responsepending", "decisionpending", "waiting", "waitingforanswer",
        "waitingforresponse",
    ),
    "appealed": ("appealed", "appeal", "appealpending", "elevated", "escalated"),
    "arbitration": (
        "arbitration", "inarbitration", "arb", "arbitrationinvoked", "invokedarbitration",
        "arbitrationpending", "pendingarbitration", "arbitrationrequested",
    ),
    "settled": ("settled", "settlement", "resolved", "settledinformally"),
    "sustained": (
        "sustained", "won", "win", "granted", "upheld", "grantedinpart", "sustainedinpart",
        "partiallysustained", "partiallygranted",
    ),
    "denied": ("denied", "lost", "loss", "rejected", "dismissed"),
    "withdrawn": ("withdrawn", "withdrew", "withdraw", "cancelled", "canceled"),
}


def _status_spellings() -> dict[str, str]:
    spellings = {word: code for code, words in _STATUS_WORDS.items() for word in words}
    for choice in GRIEVANCE_STATUSES:
        spellings[_key(choice.code)] = choice.code
        spellings[_key(choice.label)] = choice.code
    return spellings


def _priority_spellings() -> dict[str, str]:
    spellings = {
        "low": "low", "l": "low", "minor": "low",
        "normal": "normal", "n": "normal", "medium": "normal", "med": "normal", "m": "normal",
        "moderate": "normal", "standard": "normal", "routine": "normal",
        "high": "high", "h": "high", "important": "high",
        "urgent": "urgent", "u": "urgent", "critical": "urgent", "emergency": "urgent",
        "asap": "urgent", "highest": "urgent",
    }
    for choice in PRIORITIES:
        spellings[_key(choice.code)] = choice.code
    return spellings


def _category_spellings() -> dict[str, str]:
    by_key = {_key(c): c for c in GRIEVANCE_ISSUE_CATEGORIES}
    extra = {
        "Performance metrics": ("metrics", "metric", "performance", "performancemetric",
                                "casecompletiongoals", "quotas", "quota"),
        "Case assignment": ("caseassignments", "assignment", "assignments", "docketassignment"),
        "Leave": ("annualleave", "sickleave", "fmla"),
        "Telework": ("remotework", "telecommuting", "telecommute", "workfromhome", "wfh"),
        "Discipline": ("disciplinary", "adverseaction", "reprimand", "suspension"),
        "Workload": ("caseload",),
        "Travel / details": ("travel", "details", "detail", "traveldetails"),
        "Health and safety": ("safety", "healthsafety", "health"),
        "Pay": ("compensation", "salary", "overtime"),
        "Other": ("misc", "miscellaneous"),
    }
    for category, keys in extra.items():
        for k in keys:
            by_key.setdefault(k, category)
    return by_key


_STEPS = _step_spellings()
_STATUSES = _status_spellings()
_PRIORITY = _priority_spellings()
_CATEGORIES = _category_spellings()
_INSTITUTIONAL = frozenset(
    {"union", "institutional", "naij", "theunion", "unioninstitutional", "institutionalunion",
     "naijunion", "naijinstitutional", "uniongrievance", "institutionalgrievance", "unionwide"}
)


def _labels(choices: tuple[object, ...]) -> str:
    labels = [getattr(c, "label", str(c)) for c in choices]
    return ", ".join(labels[:-1]) + " or " + labels[-1]


def parse_step(value: Cell | None) -> str:
    """A step code (step1, step2, step3, arbitration) from "Step 2", "2", "II", "2nd", "Arb."…"""
    text = clean_text(value, single_line=True) or ""
    code = _STEPS.get(_key(text))
    if code is None:
        raise ValueError(
            f"'{text}' is not a grievance step; use {_labels(GRIEVANCE_STEPS)} "
            "(also written 1, 2, 3, II, 2nd or Arb.)."
        )
    return code


def parse_status(value: Cell | None) -> str:
    """A status code from "Open", "Pending", "Closed - settled", "Won", "Lost"…"""
    text = clean_text(value, single_line=True) or ""
    key = _key(text)
    code = _STATUSES.get(key)
    if code is None:
        # "Closed - settled", "Settled (closed)": the word "closed" adds nothing once the way
        # it closed is said; alone it says too little.
        trimmed = key.removeprefix("closed").removesuffix("closed")
        code = _STATUSES.get(trimmed) if trimmed else None
        if code is None and key in ("closed", "close", "done", "complete", "completed"):
            raise ValueError(
                f"'{text}' does not say how the grievance ended; use Settled, Sustained, "
                "Denied or Withdrawn."
            )
    if code is None:
        raise ValueError(
            f"'{text}' is not a grievance status; use {_labels(GRIEVANCE_STATUSES)} "
            "(also written Pending, Won, Lost or Closed - settled)."
        )
    return code


def parse_priority(value: Cell | None) -> str:
    """A priority code (low, normal, high, urgent) from common spellings."""
    text = clean_text(value, single_line=True) or ""
    code = _PRIORITY.get(_key(text))
    if code is None:
        raise ValueError(f"'{text}' is not a priority; use {_labels(PRIORITIES)}.")
    return code


def normalize_category(text: str) -> str:
    """The catalogue spelling of a known issue category; any other text is kept as written."""
    return _CATEGORIES.get(_key(text), text)


def is_institutional(name: str) -> bool:
    """True when a member cell names the union itself ("Union", "Institutional", "NAIJ")."""
    return _key(name) in _INSTITUTIONAL


# --- rows ----------------------------------------------------------------------------------------

_SINGLE_LINE = frozenset(
    {"grievance_number", "member_name", "court", "title", "issue_category", "cba_article",
     "owner"}
)
#: Distinct raw values remembered per column by ``parse_rows`` (grievance numbers and free
#: text rarely repeat; past this many the cache only answers, it no longer grows).
_CACHE_LIMIT = 4096
_FAILED = object()
#: The order ``parse_rows`` collects field values in.
_SLOTS = ("grievance_number", "member_name", "court", "title", "issue_category", "cba_article",
          "step", "status", "filed_on", "closed_on", "remedy_sought", "outcome", "summary",
          "owner", "priority")
_REQUIRED_NAMES = {"grievance_number": "grievance number", "filed_on": "filing date"}
_VOCABULARY: dict[str, Callable[[Cell | None], str]] = {
    "step": parse_step,
    "status": parse_status,
    "priority": parse_priority,
}


def _check_mapping(sheet: SheetData, mapping: HeaderMapping) -> None:
    missing = mapping.missing_required
    if not missing:
        return
    found = ", ".join(f"'{h}'" for h in mapping.headers if h) or "none"
    needed = "; ".join(
        f"{_REQUIRED_NAMES[f]} (e.g. '{SYNONYMS[f][0]}')" for f in REQUIRED_FIELDS
    )
    lacking = " and ".join(_REQUIRED_NAMES[f] for f in missing)
    raise ImportFileError(
        f"{sheet.file}: sheet '{sheet.sheet}' has no column for the {lacking} (headers in row "
        f"{sheet.header_row_number}: {found}); required columns: {needed}.",
        file=sheet.file,
    )


def parse_rows(
    sheet: SheetData,
    mapping: HeaderMapping,
    keep_unknown_as_note: bool = True,
) -> ParseResult:
    """Validate every data row of ``sheet`` under ``mapping``.

    Rows whose mapped cells are all blank are skipped. Raises ``ImportFileError`` only when the
    mapping lacks a required column; every problem inside a row becomes a ``RowError`` and
    leaves that row out of ``grievances``. A grievance number seen before in the file is an
    error on the later rows (naming the first), compared ignoring case.
    """
    _check_mapping(sheet, mapping)
    parser = _RowParser(sheet, mapping, keep_unknown_as_note)
    data_rows = sheet.data_rows
    # Column by column: each column's cells go through a cache of parsed values keyed by the
    # raw cell (steps, statuses, categories, courts, dates and members repeat down a sheet),
    # so a cell mostly costs one lookup done in C. A row with anything wrong in it is parsed
    # again on its own by ``_RowParser.parse``, which says what is wrong.
    cells = list(map(itemgetter(1), data_rows))
    columns = list(zip_longest(*cells, fillvalue=""))  # rows may stop early: "" past the end
    empty = ("",) * len(cells)
    raw = {index: columns[index] if index < len(columns) else empty for index in parser.used}
    # Blank rows (no used cell holds anything) are skipped; the first used column (the
    # grievance number, mostly) usually settles it.
    blank: list[bool] | None = None
    for index in parser.used:
        if blank is None:
            blank = [type(c) is str and not c.strip() for c in raw[index]]
        else:
            blank = [b and type(c) is str and not c.strip()
                     for b, c in zip(blank, raw[index], strict=True)]
        if not any(blank):
            break
    if blank and any(blank):
        keep = [not b for b in blank]
        data_rows = tuple(compress(data_rows, keep))
        cells = list(compress(cells, keep))
        raw = {index: tuple(compress(col, keep)) for index, col in raw.items()}
    n = len(data_rows)
    numbers = list(map(itemgetter(0), data_rows))

    bad: set[int] = set()
    nones: list[Any] = [None] * n  # the values of a field no column fills
    slots: list[list[Any]] = [nones] * len(_SLOTS)
    for index, field, parse in parser.parsers:
        cache = _ParsedCache(parse)
        values = list(map(cache.__getitem__, _cache_keys(raw[index])))
        if cache.failed:
            bad.update(i for i, v in enumerate(values) if v is _FAILED)
        if cache.blank and field in REQUIRED_FIELDS:
            bad.update(i for i, v in enumerate(values) if v is None)
        slots[_SLOTS.index(field)] = values
    (gnums, members, courts, titles, categories, articles, steps, statuses, filed, closed,
     remedies, outcomes, summaries, owners, priorities) = slots
    if parser.mapping.column_of("closed_on") is not None:
        bad.update(i for i, (c, f) in enumerate(zip(closed, filed, strict=True))
                   if isinstance(c, date) and isinstance(f, date) and c < f)
    notes: list[str | None] = nones
    if parser.note_columns:
        parts = []
        for index in parser.note_columns:
            texts = list(map(_NoteCache(parser.names[index]).__getitem__,
                             _cache_keys(raw[index])))
            if _FAILED in texts:
                for i, text in enumerate(texts):
                    if text is _FAILED:
                        bad.add(i)
                        texts[i] = None
            parts.append(texts)
        notes = [("\n".join(filter(None, p)) or None) for p in zip(*parts, strict=True)]

    # A grievance number seen before (ignoring case) is an error on the later rows; the first
    # row counts even when it is in error for another reason.
    first_row_of: dict[str, int] = {}
    folded = list(map(str.casefold, gnums)) if not bad else [
        g.casefold() for g in gnums if type(g) is str]
    if len(set(folded)) < len(folded):
        for i, g in enumerate(gnums):
            if type(g) is str and first_row_of.setdefault(g.casefold(), numbers[i]) != numbers[i]:
                bad.add(i)

    defaulted = [t is None for t in titles]
    if titles is nones or None in titles:
        titles = [default_title(g, c, m) if t is None else t
                  for t, g, c, m in zip(titles, gnums, categories, members, strict=True)]
    out: list[ParsedGrievance | None] = list(map(
        ParsedGrievance, numbers, gnums, members, courts, titles, categories, articles, steps,
        statuses, filed, closed, remedies, outcomes, summaries, owners, priorities, notes,
        defaulted))
    errors: list[RowError] = []
    number_column = mapping.column_of("grievance_number")
    for i in sorted(bad):
        number = numbers[i]
        parsed, row_errors = parser.parse(number, cells[i])
        gnum = parsed.get("grievance_number")
        if isinstance(gnum, str):
            first = first_row_of.setdefault(gnum.casefold(), number)
            if first != number:
                row_errors.append(parser.error(
                    number, number_column, "grievance_number",
                    f"grievance number '{gnum}' already appears in row {first}; each grievance "
                    "may appear only once in a file.",
                ))
        errors.extend(row_errors)
        out[i] = None if row_errors else _build(number, parsed)

    return ParseResult(
        file=sheet.file,
        sheet=sheet.sheet,
        header_row=sheet.header_row_number,
        fields_present=mapping.mapped_fields,
        grievances=tuple(g for g in out if g is not None),
        errors=tuple(errors),
        rows_read=n,
    )


class _ParsedCache(dict[Any, Any]):
    """Raw cell (see ``_cache_keys``) → parsed value, or ``_FAILED``; computed on first use."""

    def __init__(self, parse: Callable[[Cell], object]) -> None:
        super().__init__()
        self.parse = parse
        self.failed = False  # some cell did not parse
        self.blank = False  # some cell parsed to None (blank)

    def __missing__(self, key: Any) -> Any:
        try:
            value = self.parse(key if type(key) is not tuple else key[1])
        except ValueError:
            value = _FAILED
            self.failed = True
        if value is None:
            self.blank = True
        if len(self) < _CACHE_LIMIT:
            self[key] = value
        return value


class _NoteCache(dict[Any, Any]):
    """Raw cell (see ``_cache_keys``) → its "Header: text" note line, None when blank,
    ``_FAILED`` when too long."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def __missing__(self, key: Any) -> Any:
        text = clean_text(key if type(key) is not tuple else key[1])
        line: Any = None
        if text is not None:
            line = _FAILED if len(text) > MAX_TEXT_CHARS else f"{self.name}: {text}"
        if len(self) < _CACHE_LIMIT:
            self[key] = line
        return line


def _cache_keys(column: Sequence[Cell]) -> Sequence[Any]:
    """Cache keys for a column's cells: the cells themselves when no two different cells can be
    equal; else (type, cell) for the non-text ones, since True, 1 and 1.0 are equal as keys but
    read differently (and 10**15 reads differently from 1e15)."""
    try:
        "".join(column)  # type: ignore[arg-type]  # a cheap test that every cell is text
        return column
    except TypeError:
        pass
    if set(map(type, column)) <= {str, float, date, datetime, time, timedelta}:
        return column
    return [c if type(c) is str else (type(c), c) for c in column]


class _RowParser:
    """What stays the same from row to row: the columns to read and their names for errors."""

    def __init__(self, sheet: SheetData, mapping: HeaderMapping, keep_notes: bool) -> None:
        self.file, self.sheet = sheet.file, sheet.sheet
        self.mapping = mapping
        self.names = [sheet.column_name(i) for i in range(len(mapping.fields))]
        self.columns = [(i, f) for i, f in enumerate(mapping.fields) if f is not None]
        self.parsers = [(i, f, field_parser(f)) for i, f in self.columns]
        self.note_columns: list[int] = []
        if keep_notes:
            self.note_columns = sorted(
                {*mapping.unknown, *mapping.duplicates} - set(mapping.ignored)
            )
        self.used = [i for i, _f in self.columns] + self.note_columns

    def is_blank(self, cells: Sequence[Cell]) -> bool:
        n = len(cells)
        for i in self.used:
            if i < n:
                c = cells[i]
                if type(c) is not str or c.strip():
                    return False
        return True

    def error(self, row: int, column: int | None, field: str | None, problem: str) -> RowError:
        name = self.names[column] if column is not None else None
        return RowError.at(self.file, self.sheet, row, name, field, problem)

    def parse(self, number: int, cells: Sequence[Cell]) -> tuple[dict[str, Any], list[RowError]]:
        values: dict[str, Any] = {}
        errors: list[RowError] = []
        n = len(cells)
        for index, field, parse in self.parsers:
            try:
                values[field] = parse(cells[index] if index < n else "")
            except ValueError as exc:
                errors.append(self.error(number, index, field, str(exc)))

        for field in REQUIRED_FIELDS:
            if values.get(field) is None and not any(e.field == field for e in errors):
                errors.append(self.error(number, self.mapping.column_of(field), field,
                                         f"the {_REQUIRED_NAMES[field]} is missing; every row "
                                         "needs one."))

        filed, closed = values.get("filed_on"), values.get("closed_on")
        if isinstance(filed, date) and isinstance(closed, date) and closed < filed:
            errors.append(self.error(
                number, self.mapping.column_of("closed_on"), "closed_on",
                f"the closed date {closed.isoformat()} is before the filed date "
                f"{filed.isoformat()}.",
            ))

        lines: list[str] = []
        for index in self.note_columns:
            text = clean_text(cells[index]) if index < n else None
            if text is None:
                continue
            if len(text) > MAX_TEXT_CHARS:
                errors.append(self.error(number, index, None, _too_long(len(text), MAX_TEXT_CHARS)))
                continue
            lines.append(f"{self.names[index]}: {text}")
        values["extra_note"] = "\n".join(lines) or None
        return values, errors


def _too_long(length: int, limit: int) -> str:
    return f"the text is {length:,} characters long; at most {limit:,} are allowed."


def _date_field(raw: Cell) -> date | None:
    if type(raw) is str and not raw.strip():
        return None
    return parse_date(raw)


def _text_field(field: str) -> Callable[[Cell], object]:
    """The parser of one text field: cleaning, length limit, then its vocabulary if any."""
    single_line = field in _SINGLE_LINE
    limit = MAX_FIELD_CHARS.get(field, MAX_TEXT_CHARS)
    then: Callable[[str], object] | None = _VOCABULARY.get(field)
    if field == "member_name":
        def then(text: str) -> object:
            return None if is_institutional(text) else text
    elif field == "issue_category":
        then = normalize_category

    def parse(raw: Cell) -> object:
        text = clean_text(raw, single_line=single_line)
        if text is None:
            return None
        if len(text) > limit:
            raise ValueError(_too_long(len(text), limit))
        return text if then is None else then(text)

    return parse


def field_parser(field: str) -> Callable[[Cell], object]:
    """The function turning one cell into the value of ``field`` (None when blank)."""
    if field in ("filed_on", "closed_on"):
        return _date_field
    return _text_field(field)


def default_title(number: str, category: str | None, member: str | None) -> str:
    """The title given to a row without one: "<category> — <member or Union>"."""
    who = member or "Union"
    return f"{category} — {who}" if category else f"Grievance {number} — {who}"


def _build(number: int, v: dict[str, Any]) -> ParsedGrievance:
    # Every value was produced by this module's parsers: text fields hold str or None, date
    # fields date or None, and the required ones are present (rows missing them are errors).
    get = v.get
    gnum: str = v["grievance_number"]
    member: str | None = get("member_name")
    category: str | None = get("issue_category")
    title: str | None = get("title")
    return ParsedGrievance(
        number, gnum, member, get("court"),
        title or default_title(gnum, category, member), category,
        get("cba_article"), get("step"), get("status"),
        v["filed_on"], get("closed_on"), get("remedy_sought"),
        get("outcome"), get("summary"), get("owner"), get("priority"),
        get("extra_note"), title is None,
    )
