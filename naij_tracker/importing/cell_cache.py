"""Caches of parsed cells for ``rows.parse_rows``: a column's repeated values parsed once.

Steps, statuses, categories, courts, dates and members repeat down a sheet, so each column's
cells go through a dict keyed by the raw cell and a cell mostly costs one lookup done in C.
``Carry`` keeps the caches (and the grievance numbers seen) from one part of a file to the next
when the command line parses it a part at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from naij_tracker.domain.field_rules import LONG_TEXT_LIMIT
from naij_tracker.importing.cells import clean_text
from naij_tracker.importing.sources import Cell

#: Distinct raw values remembered per column (grievance numbers and free text rarely repeat;
#: past this many a cache only answers, it no longer grows).
CACHE_LIMIT = 4096
#: A cell that did not parse (or a note too long), in place of its value.
FAILED = object()
#: Longest free-text value (summary, remedy, outcome, notes) accepted from one cell.
MAX_TEXT_CHARS = LONG_TEXT_LIMIT

C = TypeVar("C", bound=dict[Any, Any])


def fresh_cache(_kind: str, _index: int, make: Callable[[], C]) -> C:
    """A new cache (parsing a whole file at once: nothing to carry)."""
    return make()


@dataclass
class Carry:
    """What parsing a file a part at a time carries from one part to the next
    (``pipeline.planned_parts``): the grievance numbers seen (case-folded → row) and each
    column's cache of parsed cells (dates, steps and courts repeat down a whole file)."""

    seen: dict[str, int] = field(default_factory=dict)
    caches: dict[tuple[str, int], dict[Any, Any]] = field(default_factory=dict)

    def cache(self, kind: str, index: int, make: Callable[[], C]) -> C:
        """Column ``index``'s cache of this ``kind``, made by ``make`` the first time."""
        found = self.caches.get((kind, index))
        if found is None:
            found = self.caches[(kind, index)] = make()
        return found  # type: ignore[return-value]


class ParsedCache(dict[Any, Any]):
    """Raw cell (see ``cache_keys``) → parsed value, or ``FAILED``; computed on first use."""

    def __init__(self, parse: Callable[[Cell], object]) -> None:
        super().__init__()
        self.parse = parse
        self.failed = False  # some cell did not parse
        self.blank = False  # some cell parsed to None (blank)

    def __missing__(self, key: Any) -> Any:
        try:
            value = self.parse(key if type(key) is not tuple else key[1])
        except ValueError:
            value = FAILED
            self.failed = True
        if value is None:
            self.blank = True
        if len(self) < CACHE_LIMIT:
            self[key] = value
        return value


class NoteCache(dict[Any, Any]):
    """Raw cell (see ``cache_keys``) → its "Header: text" note line, None when blank,
    ``FAILED`` when too long."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def __missing__(self, key: Any) -> Any:
        text = clean_text(key if type(key) is not tuple else key[1])
        line: Any = None
        if text is not None:
            line = FAILED if len(text) > MAX_TEXT_CHARS else f"{self.name}: {text}"
        if len(self) < CACHE_LIMIT:
            self[key] = line
        return line


def cache_keys(column: Sequence[Cell]) -> Sequence[Any]:
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
