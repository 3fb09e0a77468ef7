"""Hostile and broken files: each is refused with one plain sentence, and this process lives.

The far-cell workbook would abort the Python process outright if calamine read it here, so
simply reaching the assertions proves the parsing happened in the limited child process.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from forge_workbooks import (
    far_cell_xlsx,
    openpyxl_xlsx,
    rows_xml,
    sheet_xml,
    write_xlsx,
    zip_bomb_xlsx,
)

from naij_tracker.importing import safety
from naij_tracker.importing.errors import ImportFileError
from naij_tracker.importing.sources import list_sheets, read_sheet

GOOD_ROWS = [["Grievance #", "Date filed"], ["1", "2024-01-01"], ["2", "2024-01-02"]]


def refused(path: Path, sheet: str | None = None) -> str:
    with pytest.raises(ImportFileError) as info:
        read_sheet(path, sheet)
    message = str(info.value)
    assert message.startswith(path.name), message
    assert "\n" not in message
    assert info.value.file == path.name
    return message


def test_far_cell_with_dimension_is_refused_before_parsing(tmp_path: Path) -> None:
    path = far_cell_xlsx(tmp_path / "far.xlsx", with_dimension=True)
    assert path.stat().st_size < 5_000
    message = refused(path)
    assert "1,048,576 rows × 16,384 columns" in message
    assert "5,000,000 cells" in message
    # The sheet names are still listed: only reading the sheet is refused.
    assert list_sheets(path) == ["Sheet1"]


def test_far_cell_without_dimension_dies_in_the_child_not_here(tmp_path: Path) -> None:
    path = far_cell_xlsx(tmp_path / "far_nodim.xlsx", with_dimension=False)
    message = refused(path)
    assert "memory limit of 2,048 MB" in message


def test_zip_bomb_is_refused_by_ratio(tmp_path: Path) -> None:
    path = zip_bomb_xlsx(tmp_path / "bomb.xlsx", megabytes=60)
    assert path.stat().st_size < 500_000
    message = refused(path)
    assert "100:1" in message and "zip bomb" in message


def test_total_uncompressed_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = openpyxl_xlsx(tmp_path / "ok.xlsx", GOOD_ROWS)
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED_BYTES", 1024)
    assert "unpacks to" in refused(path)


def test_file_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = openpyxl_xlsx(tmp_path / "ok.xlsx", GOOD_ROWS)
    monkeypatch.setattr(safety, "MAX_FILE_BYTES", 1024 * 1024)
    path.write_bytes(path.read_bytes() + b"\0" * (2 * 1024 * 1024))
    message = refused(path)
    assert "too large to import (2 MB; the limit is 1 MB)" in message


def test_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = openpyxl_xlsx(tmp_path / "ok.xlsx", GOOD_ROWS)
    monkeypatch.setattr(safety, "TIME_LIMIT_SECONDS", 0.001)
    assert "longer than the limit of 0.001 seconds" in refused(path)


def test_row_limit_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety, "MAX_ROWS", 10)
    # A grid taller than the limit plus the rows the header may sit in is refused unread…
    rows = GOOD_ROWS + [[str(i), "2024-01-01"] for i in range(3, 60)]
    # …with a <dimension> tag (openpyxl writes one) before parsing…
    declared = openpyxl_xlsx(tmp_path / "declared.xlsx", rows)
    assert "beyond the limits of 10 rows of data" in refused(declared)
    # …without one, the child process counts the rows it parsed.
    undeclared = write_xlsx(tmp_path / "undeclared.xlsx", sheet_xml(rows_xml(rows)))
    assert "has 60 rows, more than the limit of 10 rows of data" in refused(undeclared)
    # A shorter grid is read, and its rows below the header are counted.
    eleven = openpyxl_xlsx(tmp_path / "eleven.xlsx", rows[:12])
    assert "11 rows of data below its header, more than the limit of 10" in refused(eleven)
    assert len(read_sheet(openpyxl_xlsx(tmp_path / "ten.xlsx", rows[:11])).data_rows) == 10


def test_cell_limit_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [["Grievance #", "Date filed", "A", "B", "C"]] + [["1", "2024-01-01", 1, 2, 3]] * 9
    monkeypatch.setattr(safety, "MAX_CELLS", 30)
    undeclared = write_xlsx(tmp_path / "undeclared.xlsx", sheet_xml(rows_xml(rows)))
    assert "10 rows × 5 columns, more than the limit of 30 cells" in refused(undeclared)


def test_row_and_cell_limits_csv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "many.csv"
    path.write_text("Grievance #,Date filed\n" + "1,2024-01-01\n" * 50, encoding="utf-8")
    monkeypatch.setattr(safety, "MAX_ROWS", 10)
    assert "more than 10 rows of data" in refused(path)
    monkeypatch.setattr(safety, "MAX_ROWS", 1000)
    monkeypatch.setattr(safety, "MAX_CELLS", 20)
    assert "more than 20 cells" in refused(path)


def test_header_row_does_not_count_against_the_row_limit(tmp_path: Path) -> None:
    """A file of exactly ``MAX_ROWS`` rows of data under a title line and its header is read
    whole; one more row of data is refused, naming the limit."""
    row = "G-{:06d},2024-01-01\n"
    body = "".join(map(row.format, range(safety.MAX_ROWS)))
    path = tmp_path / "full.csv"
    path.write_text("Grievances kept by the steward\nGrievance #,Date filed\n" + body,
                    encoding="utf-8")
    data = read_sheet(path)
    assert data.header_row_number == 2
    assert len(data.data_rows) == safety.MAX_ROWS == 200_000
    assert data.data_rows[-1].cells[0] == f"G-{safety.MAX_ROWS - 1:06d}"
    with path.open("a", encoding="utf-8") as fh:
        fh.write(row.format(safety.MAX_ROWS))
    assert "200,001 rows of data below its header, more than the limit of 200,000" in refused(
        path)


def test_text_file_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("Grievance #,Date filed\n1,2024-01-01\n", encoding="utf-8")
    assert "not a real .xlsx workbook" in refused(path)


def test_pdf_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "scan.xlsx"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    assert "is a PDF document, not a spreadsheet" in refused(path)


def test_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "log.numbers"
    path.write_text("hello", encoding="utf-8")
    assert "supported: .csv, .ods, .xls, .xlsm, .xlsx" in refused(path)


def test_truncated_xlsx(tmp_path: Path) -> None:
    good = openpyxl_xlsx(tmp_path / "good.xlsx", GOOD_ROWS)
    path = tmp_path / "cut.xlsx"
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert "damaged or incomplete" in refused(path)


def test_corrupt_sheet_xml(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bad.xlsx", "<worksheet><sheetData><row r='1'><c r='A1'")
    message = refused(path)
    assert "damaged" in message or "no sheet" in message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert "the file is empty (0 bytes)" in refused(path)
    csv_path = tmp_path / "empty.csv"
    csv_path.write_bytes(b"")
    assert "empty" in refused(csv_path)


def test_missing_file(tmp_path: Path) -> None:
    assert "does not exist" in refused(tmp_path / "gone.xlsx")


def test_workbook_without_data(tmp_path: Path) -> None:
    path = openpyxl_xlsx(tmp_path / "blank.xlsx", [])
    assert "no sheet of the workbook has any data" in refused(path)


def test_sheet_without_header(tmp_path: Path) -> None:
    path = openpyxl_xlsx(tmp_path / "nohead.xlsx", [["Alpha", "Beta"], [1, 2], [3, 4]])
    message = refused(path)
    assert "no recognisable header row" in message
    assert "'Alpha', 'Beta'" in message
    assert "'Grievance #'" in message and "'Date filed'" in message


def test_header_without_rows(tmp_path: Path) -> None:
    path = openpyxl_xlsx(tmp_path / "h.xlsx", [["Grievance #", "Date filed"]])
    assert "no rows of data below it" in refused(path)


def test_zip_that_is_not_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    assert "zip archive but not a spreadsheet" in refused(path)


def test_encrypted_ooxml_container(tmp_path: Path) -> None:
    # An encrypted .xlsx is a CFB (OLE) file holding EncryptionInfo and EncryptedPackage.
    path = tmp_path / "locked.xlsx"
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    entry = "EncryptedPackage".encode("utf-16-le").ljust(128, b"\0")
    path.write_bytes(header + entry + b"\0" * 1024)
    assert "encrypted or password-protected" in refused(path)


def test_encrypted_ods(tmp_path: Path) -> None:
    path = tmp_path / "locked.ods"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<x/>")
        zf.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest><manifest:file-entry manifest:full-path="content.xml">'
            "<manifest:encryption-data/></manifest:file-entry></manifest:manifest>",
        )
    assert "encrypted or password-protected" in refused(path)


def test_binary_file_named_csv(tmp_path: Path) -> None:
    path = tmp_path / "blob.csv"
    path.write_bytes(bytes(range(256)) * 4)
    assert "not a text (CSV) file" in refused(path)


def test_unreadable_csv_field(tmp_path: Path) -> None:
    path = tmp_path / "huge_field.csv"
    path.write_text("Grievance #,Date filed\n1," + "x" * 200_000 + "\n", encoding="utf-8")
    assert "cannot be read as CSV" in refused(path)


def test_lying_dimension_names_the_sheet_and_the_limits(tmp_path: Path) -> None:
    # A dimension far larger than the data is refused: the grid calamine would allocate is
    # what costs memory, and it is sized from the cells, which we cannot see without parsing.
    data = rows_xml(GOOD_ROWS)
    path = write_xlsx(tmp_path / "liar.xlsx", sheet_xml(data, "A1:Z300000"))
    message = refused(path, "Sheet1")
    assert "sheet 'Sheet1'" in message and "200,000 rows" in message
