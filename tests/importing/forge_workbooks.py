"""Hand-built .xlsx files for the importer tests: hostile and unusual workbooks that openpyxl
will not write (a cell at XFD1048576, zip bombs, formulas with cached values, lying
``<dimension>`` tags).

Building the parts by hand keeps each file tiny and exact, so a test says precisely which
byte pattern it exercises.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""

_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
 Target="xl/workbook.xml"/>
</Relationships>"""

_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""

_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
 Target="worksheets/sheet1.xml"/>
</Relationships>"""

_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def column_letters(index: int) -> str:
    """0-based column index to Excel letters (0 → A, 16383 → XFD)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_xml(ref: str, value: object, formula: str | None = None) -> str:
    """One ``<c>`` element; strings inline, numbers as ``<v>``, optional cached formula."""
    f = f"<f>{escape(formula)}</f>" if formula else ""
    if isinstance(value, str):
        if formula:
            return f'<c r="{ref}" t="str">{f}<v>{escape(value)}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    return f'<c r="{ref}">{f}<v>{value}</v></c>'


def rows_xml(rows: Iterable[Sequence[object]], first_row: int = 1) -> str:
    parts: list[str] = []
    for r, row in enumerate(rows, start=first_row):
        cells = "".join(
            cell_xml(f"{column_letters(c)}{r}", v) for c, v in enumerate(row) if v is not None
        )
        parts.append(f'<row r="{r}">{cells}</row>')
    return "".join(parts)


def sheet_xml(sheet_data: str, dimension: str | None = None) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f"{_SHEET_HEAD}{dim}<sheetData>{sheet_data}</sheetData></worksheet>"


def write_xlsx(path: Path, sheet: str | bytes, *, compresslevel: int = 9) -> Path:
    """Write a one-sheet workbook whose sheet XML is given verbatim."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def far_cell_xlsx(path: Path, *, with_dimension: bool) -> Path:
    """A ~1 KB workbook with cells at A1 and XFD1048576: calamine would allocate the full grid."""
    # A1 holds a value too: the grid calamine allocates spans from the first to the last cell.
    data = (
        '<row r="1">' + cell_xml("A1", "Grievance #") + "</row>"
        '<row r="1048576">' + cell_xml("XFD1048576", "x") + "</row>"
    )
    return write_xlsx(path, sheet_xml(data, "A1:XFD1048576" if with_dimension else None))


def zip_bomb_xlsx(path: Path, megabytes: int = 300) -> Path:
    """A sheet of ``megabytes`` MB of repeated rows that deflates at roughly 1000:1."""
    row = '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    body = row * (megabytes * 1024 * 1024 // len(row))
    return write_xlsx(path, sheet_xml(body))


def openpyxl_xlsx(path: Path, rows: Sequence[Sequence[object]], title: str = "Grievances") -> Path:
    """A workbook written by openpyxl, as Excel users' files look (real date cells etc.)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def big_xlsx(path: Path, n_rows: int) -> Path:
    """``n_rows`` grievance rows written straight as sheet XML (openpyxl would take ~10 s).

    Filing dates are Excel serial numbers in an unformatted column, as calamine then returns
    them as floats: the row parser has to recognise them as dates.
    """
    header = ["Grievance #", "Member", "Court", "Category", "Step", "Status", "Date filed",
              "Notes"]
    statuses = ["Open", "Pending", "Settled", "Won", "Lost"]
    parts = [rows_xml([header])]
    for i in range(n_rows):
        r = i + 2
        parts.append(
            f'<row r="{r}">'
            f'<c r="A{r}" t="inlineStr"><is><t>G-{i:06d}</t></is></c>'
            f'<c r="B{r}" t="inlineStr"><is><t>Judge {i % 700}</t></is></c>'
            f'<c r="C{r}" t="inlineStr"><is><t>Court {i % 68}</t></is></c>'
            f'<c r="D{r}" t="inlineStr"><is><t>Leave</t></is></c>'
            f'<c r="E{r}"><v>{i % 3 + 1}</v></c>'
            f'<c r="F{r}" t="inlineStr"><is><t>{statuses[i % 5]}</t></is></c>'
            f'<c r="G{r}"><v>{43000 + i % 2000}</v></c>'
            f'<c r="H{r}" t="inlineStr"><is><t>note {i * 7919 % 100003}</t></is></c>'
            "</row>"
        )
    return write_xlsx(path, sheet_xml("".join(parts)), compresslevel=1)
