"""Turning spreadsheet rows into validated grievance records, and bad rows into plain errors.

``parse_rows`` applies a ``HeaderMapping`` to a ``SheetData``: each data row becomes a
``ParsedGrievance`` (plain, frozen, no database) or one or more ``RowError`` naming the row as
the spreadsheet shows it and the column header as written in the file. The value parsers
(``parse_date``, ``parse_step``, ``parse_status``…) are public so the wizard and the tests can
use them on single values; each raises ``ValueError`` whose text is the plain problem.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from itertools import compress, zip_longest
from operator import itemgetter
from typing import Any, NamedTuple

from naij_tracker.domain.field_rules import MAX_LENGTH, short_title
from naij_tracker.importing.cell_cache import (
    FAILED,
    MAX_TEXT_CHARS,
    Carry,
    NoteCache,
    ParsedCache,
    cache_keys,
    fresh_cache,
)
from naij_tracker.importing.cells import MAX_YEAR, MIN_YEAR, clean_text, parse_date
from naij_tracker.importing.errors import ImportFileError, RowError
from naij_tracker.importing.headers import REQUIRED_FIELDS, SYNONYMS, HeaderMapping
from naij_tracker.importing.sources import Cell, SheetData
from naij_tracker.importing.values import (
    ValueMap,
    choice_note,
    choice_parser,
    is_institutional,
    normalize_category,
    parse_priority,
    parse_status,
    parse_step,
)

__all__ = ["MAX_FIELD_CHARS", "MAX_TEXT_CHARS", "MAX_YEAR", "MIN_YEAR", "ParseResult",
           "ParsedGrievance", "clean_text", "default_title", "field_parser", "is_institutional",
           "normalize_category", "parse_date", "parse_priority", "parse_rows", "parse_status",
           "parse_step"]

#: Shorter limits where the database column is a bounded string (PostgreSQL enforces them).
MAX_FIELD_CHARS: dict[str, int] = {
    f: MAX_LENGTH[f] for f in ("grievance_number", "member_name", "court", "issue_category",
                               "cba_article", "owner")
}
#: Choice fields: their values are read by ``values`` (synonyms and the officer's mapping).
_CHOICES = ("step", "status", "priority", "issue_category")


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
    tags: str | None
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


# --- rows ----------------------------------------------------------------------------------------

_SINGLE_LINE = frozenset(
    {"grievance_number", "member_name", "court", "issue_category", "cba_article", "owner",
     "tags"}
)
#: The order ``parse_rows`` collects field values in.
_SLOTS = ("grievance_number", "member_name", "court", "title", "issue_category", "cba_article",
          "step", "status", "filed_on", "closed_on", "remedy_sought", "outcome", "summary",
          "owner", "priority", "tags")
_REQUIRED_NAMES = {"grievance_number": "grievance number", "filed_on": "filing date"}


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
    value_map: ValueMap | None = None,
    carry: Carry | None = None,
    columns: Sequence[Sequence[Cell]] | None = None,
) -> ParseResult:
    """Validate every data row of ``sheet`` under ``mapping``.

    Rows whose mapped cells are all blank are skipped. Raises ``ImportFileError`` only when the
    mapping lacks a required column; every problem inside a row becomes a ``RowError`` and
    leaves that row out of ``grievances``. A grievance number seen before in the file is an
    error on the later rows (naming the first), compared ignoring case. ``carry``: what the
    file's earlier parts left (``Carry``), updated with these rows. ``columns``: the data
    rows' cells a column at a time when already made (``sources.sheet_columns``).
    """
    _check_mapping(sheet, mapping)
    parser = _RowParser(sheet, mapping, keep_unknown_as_note, value_map)
    seen = carry.seen if carry is not None else None
    cached = carry.cache if carry is not None else fresh_cache
    data_rows = sheet.data_rows
    # Column by column: each column's cells go through a cache of parsed values keyed by the
    # raw cell (steps, statuses, categories, courts, dates and members repeat down a sheet),
    # so a cell mostly costs one lookup done in C. A row with anything wrong in it is parsed
    # again on its own by ``_RowParser.parse``, which says what is wrong.
    cells = list(map(itemgetter(1), data_rows))
    if columns is None:  # rows may stop early: "" past the end
        columns = list(zip_longest(*cells, fillvalue=""))
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
        cache = cached("parsed", index, partial(ParsedCache, parse))
        values = list(map(cache.__getitem__, cache_keys(raw[index])))
        if cache.failed:
            bad.update(i for i, v in enumerate(values) if v is FAILED)
        if cache.blank and field in REQUIRED_FIELDS:
            bad.update(i for i, v in enumerate(values) if v is None)
        slots[_SLOTS.index(field)] = values
    (gnums, members, courts, titles, categories, articles, steps, statuses, filed, closed,
     remedies, outcomes, summaries, owners, priorities, tags) = slots
    # A long or many-line title (an "Issue" column holding the whole description) is kept
    # whole in the summary; the title is its first line or sentence, shortened at a word.
    if titles is not nones and any(t is not None and _long_title(t) for t in titles):
        titles, summaries = list(titles), list(summaries)
        for i, t in enumerate(titles):
            if t is not None and _long_title(t):
                titles[i] = short_title(t)
                summaries[i] = f"{t}\n\n{summaries[i]}" if summaries[i] else t
    if parser.mapping.column_of("closed_on") is not None:
        bad.update(i for i, (c, f) in enumerate(zip(closed, filed, strict=True))
                   if isinstance(c, date) and isinstance(f, date) and c < f)
    notes: list[str | None] = nones
    parts: list[list[Any]] = []
    for index, field in parser.choice_columns:
        note = cached("choice", index, partial(ParsedCache, choice_note(field, value_map)))
        texts = list(map(note.__getitem__, cache_keys(raw[index])))
        if any(texts):
            parts.append(texts)
    if parser.note_columns or parts:
        for index in parser.note_columns:
            line = cached("note", index, partial(NoteCache, parser.names[index]))
            texts = list(map(line.__getitem__, cache_keys(raw[index])))
            if FAILED in texts:
                for i, text in enumerate(texts):
                    if text is FAILED:
                        bad.add(i)
                        texts[i] = None
            parts.append(texts)
        notes = [("\n".join(filter(None, p)) or None) for p in zip(*parts, strict=True)]

    # A grievance number seen before (ignoring case) is an error on the later rows; the first
    # row counts even when it is in error for another reason. ``seen`` carries the numbers of
    # the file's earlier parts (``pipeline.planned_parts``).
    first_row_of: dict[str, int] = seen if seen is not None else {}
    aligned = not bad  # then every number parsed, and ``folded`` lines up with the rows
    folded = list(map(str.casefold, gnums)) if aligned else [
        g.casefold() for g in gnums if type(g) is str]
    if (len(set(folded)) < len(folded) or not first_row_of.keys().isdisjoint(folded)
            or (seen is not None and not aligned)):
        for i, g in enumerate(gnums):
            if type(g) is str and first_row_of.setdefault(g.casefold(), numbers[i]) != numbers[i]:
                bad.add(i)
    elif seen is not None:
        seen.update(zip(folded, numbers, strict=True))

    defaulted = [t is None for t in titles]
    if titles is nones or None in titles:
        titles = [default_title(g, c, m) if t is None else t
                  for t, g, c, m in zip(titles, gnums, categories, members, strict=True)]
    out: list[ParsedGrievance | None] = list(map(
        ParsedGrievance, numbers, gnums, members, courts, titles, categories, articles, steps,
        statuses, filed, closed, remedies, outcomes, summaries, owners, priorities, tags, notes,
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


class _RowParser:
    """What stays the same from row to row: the columns to read and their names for errors."""

    def __init__(self, sheet: SheetData, mapping: HeaderMapping, keep_notes: bool,
                 value_map: ValueMap | None = None) -> None:
        self.file, self.sheet = sheet.file, sheet.sheet
        self.mapping = mapping
        self.value_map = value_map
        self.names = [sheet.column_name(i) for i in range(len(mapping.fields))]
        self.columns = [(i, f) for i, f in enumerate(mapping.fields) if f is not None]
        self.parsers = [(i, f, field_parser(f, value_map)) for i, f in self.columns]
        self.choice_columns = [(i, f) for i, f in self.columns if f in _CHOICES]
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
        for index, field in self.choice_columns:
            note = choice_note(field, self.value_map)(cells[index] if index < n else "")
            if note:
                lines.append(note)
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


def _long_title(text: str) -> bool:
    return len(text) > MAX_LENGTH["title"] or "\n" in text


def _text_field(field: str) -> Callable[[Cell], object]:
    """The parser of one text field: cleaning, length limit, then its vocabulary if any."""
    single_line = field in _SINGLE_LINE
    limit = MAX_FIELD_CHARS.get(field, MAX_TEXT_CHARS)
    then: Callable[[str], object] | None = None
    if field == "member_name":
        def then(text: str) -> object:
            return None if is_institutional(text) else text

    def parse(raw: Cell) -> object:
        text = clean_text(raw, single_line=single_line)
        if text is None:
            return None
        if len(text) > limit:
            raise ValueError(_too_long(len(text), limit))
        return text if then is None else then(text)

    return parse


def field_parser(field: str, value_map: ValueMap | None = None) -> Callable[[Cell], object]:
    """The function turning one cell into the value of ``field`` (None when blank)."""
    if field in ("filed_on", "closed_on"):
        return _date_field
    if field in _CHOICES:
        read = choice_parser(field, value_map)
        limit = MAX_FIELD_CHARS.get(field, MAX_TEXT_CHARS)

        def parse(raw: Cell) -> object:
            value = read(raw)
            if value is not None and len(value) > limit:
                raise ValueError(_too_long(len(value), limit))
            return value
        return parse
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
    summary: str | None = get("summary")
    if title is not None and _long_title(title):
        title, summary = short_title(title), (f"{title}\n\n{summary}" if summary else title)
    return ParsedGrievance(
        number, gnum, member, get("court"),
        title or default_title(gnum, category, member), category,
        get("cba_article"), get("step"), get("status"),
        v["filed_on"], get("closed_on"), get("remedy_sought"),
        get("outcome"), summary, get("owner"), get("priority"), get("tags"),
        get("extra_note"), title is None,
    )
