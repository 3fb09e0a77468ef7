"""Footer and total rows at the end of a sheet ("Total open: 14", "Count", a lone sum).

Stewards end their sheets with a line of totals. Such a row is not a grievance: it is left out
before the rows are checked, and the preview says so (``FooterRows.lines``). Only rows after the
last grievance are looked at, so a grievance in the middle of a sheet is never taken for one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from naij_tracker.importing.headers import HeaderMapping
from naij_tracker.importing.sources import Cell, SheetData, SheetRow, cell_text

_FOOTER_WORD = re.compile(
    r"^\s*(grand\s+)?(total|totals|sub-?total|count|sum|average|avg|number of)\b[\s\w]*[:=]?",
    re.IGNORECASE)


def _blank(cell: Cell) -> bool:
    return type(cell) is str and not cell.strip()


def _is_number(cell: Cell) -> bool:
    if isinstance(cell, bool):
        return False
    if isinstance(cell, int | float):
        return True
    return isinstance(cell, str) and cell.strip().replace(",", "").isdigit()


def _is_footer(row: SheetRow, mapping: HeaderMapping) -> bool:
    filled = [c for c in row.cells if not _blank(c)]
    if not filled:
        return False
    if isinstance(filled[0], str) and _FOOTER_WORD.match(filled[0]):
        return True
    # A lone count or sum: no grievance number, no filing date, and only a number or two
    # (with perhaps a word) in the first cells.
    number = mapping.column_of("grievance_number")
    filed = mapping.column_of("filed_on")
    if number is not None and not _blank(row.get(number)) and not _is_number(row.get(number)):
        return False
    if filed is not None and not _blank(row.get(filed)):
        return False
    last_filled = max(i for i, c in enumerate(row.cells) if not _blank(c))
    return len(filled) <= 2 and any(_is_number(c) for c in filled) and last_filled <= 3 \
        and (number is None or _blank(row.get(number)))


@dataclass(frozen=True)
class FooterRows:
    """The footer rows found, and the sheet without them."""

    rows: tuple[SheetRow, ...]
    data: SheetData

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(r.number for r in self.rows)

    @property
    def lines(self) -> tuple[str, ...]:
        """One line per footer row for the preview."""
        return tuple(
            f"Row {r.number} looks like a total, not a grievance, and is left out: "
            f"{' '.join(cell_text(c).strip() for c in r.cells if not _blank(c))[:80]}"
            for r in self.rows)


def strip_footers(data: SheetData, mapping: HeaderMapping) -> FooterRows:
    """The trailing footer rows of ``data`` (blank rows between them allowed), and the sheet
    without them."""
    rows = data.data_rows
    found: list[SheetRow] = []
    for row in reversed(rows):
        if all(_blank(c) for c in row.cells):
            continue
        if not _is_footer(row, mapping):
            break
        found.append(row)
    if not found:
        return FooterRows((), data)
    drop = {r.number for r in found}
    kept = tuple(r for i, r in enumerate(data.rows)
                 if i <= data.header_index or r.number not in drop)
    return FooterRows(tuple(reversed(found)), replace(data, rows=kept))
