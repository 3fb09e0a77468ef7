"""Reading a steward's spreadsheet into plain rows: xlsx, xlsm, xls, ods and csv.

Workbooks are read through python-calamine in a limited child process (see ``safety``); CSV is
read here with the csv module after detecting the encoding and sniffing the delimiter. Either
way the result is a ``SheetData``: the non-blank rows, each tagged with the row number the user
sees in the spreadsheet program, and the header row found by scoring candidate rows against the
header synonyms (so title rows above the header are skipped).

Cell values keep their types (dates, datetimes, numbers, text); turning them into grievance
fields is ``rows``' job, because only the column says whether 42.0 is a grievance number, an
Excel date serial or an article.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from itertools import repeat, zip_longest
from pathlib import Path
from typing import NamedTuple, TypeAlias

from naij_tracker.domain.labels import alphabetic_label
from naij_tracker.importing import safety
from naij_tracker.importing.errors import ImportFileError
from naij_tracker.importing.headers import REQUIRED_FIELDS, SYNONYMS, header_score

#: A cell value as read. Empty cells are "" (never None).
Cell: TypeAlias = str | int | float | bool | date | datetime | time | timedelta

#: How many non-blank rows from the top are considered as the header row.
HEADER_SCAN_ROWS = safety.HEADER_ROWS
#: A row must name at least this many distinct fields to be taken for the header.
MIN_HEADER_SCORE = 2
#: Candidate CSV delimiters, in order of preference when they score the same.
CSV_DELIMITERS = (",", ";", "\t", "|")


class SheetRow(NamedTuple):
    """One non-blank row: its 1-based row number as the spreadsheet shows it, and its cells.

    An empty cell is ``""`` (what calamine and the csv module both give); trailing empty cells
    are dropped, so ``cells`` may be shorter than the sheet is wide. Treat ``cells`` as
    read-only: it is the list the reader produced, not copied, to keep 100,000-row reads fast.
    """

    number: int
    cells: Sequence[Cell]

    def get(self, index: int) -> Cell:
        """The cell at ``index``, or "" past the row's last non-empty cell."""
        cells = self.cells
        return cells[index] if index < len(cells) else ""


@dataclass(frozen=True, slots=True)
class SheetData:
    """The rows of one sheet, ready for header mapping.

    ``rows`` holds every non-blank row (title rows included); ``header_index`` points at the
    header row within ``rows``; ``width`` counts the columns from the header row down, up to the
    last one holding anything (trailing empty columns are dropped). ``column_offset`` is the
    0-based spreadsheet column of the first cell of each row (calamine trims empty leading
    columns), used to name columns by letter. ``encoding`` and ``delimiter`` are set for CSV.
    """

    file: str
    path: str
    sheet: str
    sheets: tuple[str, ...]
    rows: tuple[SheetRow, ...]
    header_index: int
    width: int = 0
    column_offset: int = 0
    encoding: str | None = None
    delimiter: str | None = None

    @property
    def header_row(self) -> SheetRow:
        return self.rows[self.header_index]

    @property
    def header_row_number(self) -> int:
        return self.rows[self.header_index].number

    @property
    def headers(self) -> tuple[str, ...]:
        """Header text per column, as written in the file ('' for a blank header cell)."""
        width = self.width
        return tuple(cell_text(self.header_row.get(i)).strip() for i in range(width))

    @property
    def data_rows(self) -> tuple[SheetRow, ...]:
        return self.rows[self.header_index + 1 :]

    def column_letter(self, index: int) -> str:
        """Spreadsheet letters of column ``index`` of this sheet (0 → the first used column)."""
        return column_letters(self.column_offset + index)

    def column_name(self, index: int) -> str:
        """The header of a column, or "column F" when its header cell is blank."""
        headers = self.headers
        header = headers[index] if index < len(headers) else ""
        return header or f"column {self.column_letter(index)}"

    def with_cells(self, fixes: Mapping[tuple[int, int], Cell]) -> SheetData:
        """The same sheet with some cells replaced: (row number, column index) → new value
        (the officer's corrections on the check page; the file itself is not touched)."""
        by_row: dict[int, dict[int, Cell]] = {}
        for (number, index), value in fixes.items():
            by_row.setdefault(number, {})[index] = value
        rows = []
        for row in self.rows:
            changed = by_row.get(row.number)
            if changed:
                cells = list(row.cells)
                cells.extend([""] * (max(changed) + 1 - len(cells)))
                for index, value in changed.items():
                    cells[index] = value
                row = SheetRow(row.number, cells)
            rows.append(row)
        return replace(self, rows=tuple(rows))

    def with_header_row(self, row_number: int) -> SheetData:
        """The same sheet with the header at spreadsheet row ``row_number`` (wizard override)."""
        for index, row in enumerate(self.rows):
            if row.number == row_number:
                return _with_header_index(self, index)
        raise ImportFileError(
            f"{self.file}: row {row_number} of sheet '{self.sheet}' is blank or does not exist, "
            "so it cannot be the header row.",
            file=self.file,
        )


def _with_header_index(data: SheetData, index: int) -> SheetData:
    width = max((len(r.cells) for r in data.rows[index:]), default=0)
    return replace(data, header_index=index, width=width)


def sheet_columns(data: SheetData) -> list[tuple[Cell, ...]]:
    """The data rows' cells a column at a time ("" past the end of a short row): built once
    in C by ``zip_longest`` and shared by the stages that read whole columns."""
    return list(zip_longest(*(row.cells for row in data.data_rows), fillvalue=""))


def column_letters(index: int) -> str:
    """0-based column index → spreadsheet letters (0 → A, 26 → AA)."""
    return alphabetic_label(index)


def cell_text(value: Cell | None) -> str:
    """A cell as the text a person would read, for identifiers, previews and notes.

    Whole floats lose their ``.0`` (calamine returns every number as a float, and a grievance
    number 42 must not become "42.0"); dates print as ISO dates.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


# --- public entry points -----------------------------------------------------------------------


def list_sheets(path: str | os.PathLike[str]) -> list[str]:
    """Names of the sheets of a workbook; a CSV file has one, named after the file."""
    p = Path(path)
    if safety.detect_format(p) is safety.FileFormat.CSV:
        return [p.stem]
    return safety.list_workbook_sheets(p)


def read_sheet(
    path: str | os.PathLike[str],
    sheet: str | None = None,
    *,
    header_row: int | None = None,
) -> SheetData:
    """Read one sheet (default: the first with data) and find its header row.

    ``header_row`` (a 1-based spreadsheet row number) overrides the automatic choice. Raises
    ``ImportFileError`` for any whole-file problem: not a spreadsheet, encrypted, damaged, over
    the limits, empty, or no recognisable header.
    """
    p = Path(path)
    fmt = safety.detect_format(p)
    if fmt is safety.FileFormat.CSV:
        if sheet is not None and sheet != p.stem:
            raise ImportFileError(
                f"{p.name}: a CSV file has a single sheet, '{p.stem}'; there is no sheet "
                f"'{sheet}'.",
                file=p.name,
            )
        data = _read_csv(p)
    else:
        got = safety.read_workbook_rows(p, sheet)
        # tuple.__new__ builds the named tuples in C: SheetRow(...) would run a Python-level
        # __new__ per row, a noticeable share of a 100,000-row read.
        rows = tuple(map(tuple.__new__, repeat(SheetRow), zip(got.numbers, got.rows, strict=True)))
        data = SheetData(
            file=p.name, path=str(p), sheet=got.sheet, sheets=got.sheets, rows=rows,
            header_index=0, column_offset=got.column_offset,
        )
    if not data.rows:
        raise ImportFileError(
            f"{p.name}: sheet '{data.sheet}' is empty; there is nothing to import.", file=p.name
        )
    if header_row is not None:
        data = data.with_header_row(header_row)
    else:
        data = _with_header_index(data, find_header_index(data))
    if len(data.data_rows) > safety.MAX_ROWS:
        raise ImportFileError(
            f"{p.name}: sheet '{data.sheet}' has {len(data.data_rows):,} rows of data below its "
            f"header, more than the limit of {safety.MAX_ROWS:,}; split it into smaller files.",
            file=p.name,
        )
    if not data.data_rows:
        raise ImportFileError(
            f"{p.name}: sheet '{data.sheet}' has a header in row {data.header_row_number} but "
            "no rows of data below it.",
            file=p.name,
        )
    return data


def find_header_index(data: SheetData) -> int:
    """Index in ``data.rows`` of the header: the top row naming the most known fields."""
    best_index, best_score = -1, 0
    for index, row in enumerate(data.rows[:HEADER_SCAN_ROWS]):
        score = header_score(row.cells)
        if score > best_score:
            best_index, best_score = index, score
    if best_score >= MIN_HEADER_SCORE:
        return best_index
    sample = data.rows[best_index if best_index >= 0 else 0]
    found = [cell_text(c).strip() for c in sample.cells if cell_text(c).strip()][:12]
    found_text = ", ".join(f"'{h}'" for h in found) or "nothing"
    needed = " and ".join(f"'{SYNONYMS[f][0]}'" for f in REQUIRED_FIELDS)
    raise ImportFileError(
        f"{data.file}: no recognisable header row in sheet '{data.sheet}' (looked at the first "
        f"{HEADER_SCAN_ROWS} rows; row {sample.number} has {found_text}); at least columns such "
        f"as {needed} are needed.",
        file=data.file,
    )


# --- CSV ---------------------------------------------------------------------------------------


def decode_text(raw: bytes, name: str) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ImportFileError(
                f"{name}: the file says it is UTF-16 text but is not valid UTF-16.", file=name
            ) from None
    if b"\x00" in raw[:4096]:
        # NUL bytes do not occur in real UTF-8 or Windows-1252 text: a binary file, or UTF-16
        # without its byte-order mark; try the latter by where the zero bytes fall.
        sample = raw[:4096]
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        encoding = "utf-16-le" if odd > even * 4 else "utf-16-be" if even > odd * 4 else ""
        if encoding:
            try:
                return raw.decode(encoding), encoding
            except UnicodeDecodeError:
                pass
        raise ImportFileError(
            f"{name}: is not a text (CSV) file; it contains binary data.", file=name
        )
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # The five bytes Windows-1252 leaves undefined: Latin-1 maps every byte.
        return raw.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most rows of one consistent width.

    csv.Sniffer guesses badly on short or quoted samples; counting how many rows share the most
    common field count per candidate (quotes honoured by the csv module) is more robust, and
    title lines above the header just fail to agree.
    """
    sample = "\n".join(text[:65536].splitlines()[:50])
    best, best_score = ",", (0, 0)
    for delimiter in CSV_DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if r]
        except csv.Error:
            continue
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        score = (count, width) if width > 1 else (0, 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(path: Path) -> SheetData:
    name = path.name
    raw = path.read_bytes()
    text, encoding = decode_text(raw, name)
    delimiter = sniff_delimiter(text)
    numbers: list[int] = []
    records: list[list[str]] = []
    cells = 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # Records count from 1 like the rows a spreadsheet program shows for this file; a quoted
        # field with line breaks is still one row there, and blank lines are rows too.
        for number, record in enumerate(reader, start=1):
            # Trailing empty cells are dropped (most rows end in a filled cell: one check).
            if not record or not record[-1] or record[-1].isspace():
                while record and not record[-1].strip():
                    record.pop()
                if not record:
                    continue
            if number > safety.max_grid_rows():
                raise ImportFileError(
                    f"{name}: the file has more than {safety.MAX_ROWS:,} rows of data, the "
                    "limit; "
                    "split it into smaller files.",
                    file=name,
                )
            cells += len(record)
            if cells > safety.MAX_CELLS:
                raise ImportFileError(
                    f"{name}: the file has more than {safety.MAX_CELLS:,} cells, the limit; "
                    "split it into smaller files.",
                    file=name,
                )
            numbers.append(number)
            records.append(record)
    except csv.Error as exc:
        raise ImportFileError(
            f"{name}: row {reader.line_num} cannot be read as CSV ({exc}).", file=name
        ) from None
    # tuple.__new__ builds the named tuples in C (see read_sheet).
    rows = tuple(map(tuple.__new__, repeat(SheetRow), zip(numbers, records, strict=True)))
    return SheetData(
        file=name, path=str(path), sheet=path.stem, sheets=(path.stem,), rows=rows,
        header_index=0, encoding=encoding, delimiter=delimiter,
    )
