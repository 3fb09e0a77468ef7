"""Reading every supported format into SheetData: rows, row numbers, header row, cell types."""

from __future__ import annotations

import csv
import time
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from forge_workbooks import big_xlsx, cell_xml, openpyxl_xlsx, sheet_xml, write_xlsx

from naij_tracker.importing.errors import ImportFileError
from naij_tracker.importing.headers import map_headers
from naij_tracker.importing.rows import parse_rows
from naij_tracker.importing.sources import (
    cell_text,
    decode_text,
    list_sheets,
    read_sheet,
    sniff_delimiter,
)

DATA = Path(__file__).resolve().parent.parent / "data"

HEADER = ["Grievance #", "Member", "IC", "Category", "Step", "Status", "Date filed", "Notes"]
ROWS = [
    ["0042", "Jane Roe", "Arlington", "Telework", "Step 2", "Open", "3/5/2024", "first"],
    ["0043", "Union", "Baltimore", "Leave", "Arb.", "Won", "2024-04-01", "second"],
]

SCRIPTS = [
    "Иван Петров",  # Cyrillic
    "Γιώργος Παπαδόπουλος",  # Greek
    "王小明 / 山田太郎 / 김민수",  # CJK
    "محمد عبد الله",  # Arabic
    "דוד כהן",  # Hebrew
    "Zoë Ørsted-Ñúñez",  # Latin with diacritics
    "👩‍⚖️ judge ✅ 🏛️",  # emoji incl. a ZWJ sequence and variation selectors
]


def write_csv(path: Path, rows: list[list[str]], *, encoding: str, delimiter: str) -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


# --- xlsx ------------------------------------------------------------------------------------


def test_xlsx_with_title_rows_blank_rows_and_trailing_columns(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Log"
    ws["A1"] = "Arlington steward's grievance log"
    ws["A2"] = "Updated 2024-06-01"
    # row 3 blank
    for col, h in enumerate(HEADER, start=1):
        ws.cell(row=4, column=col, value=h)
    ws.cell(row=5, column=1, value="0042")
    ws.cell(row=5, column=7, value=date(2024, 3, 5))
    # rows 6-7 blank, then a row with formatting-only trailing columns
    ws.cell(row=8, column=1, value="0043")
    ws.cell(row=8, column=7, value=datetime(2024, 4, 1, 9, 30))
    ws.cell(row=8, column=12).number_format = "0.00"  # styled but empty: no column
    ws.cell(row=9, column=3, value="   ")  # whitespace only
    path = tmp_path / "log.xlsx"
    wb.save(path)

    data = read_sheet(path)
    assert data.sheet == "Log"
    assert data.header_row_number == 4
    assert data.headers == tuple(HEADER)
    assert data.width == len(HEADER)
    numbers = [r.number for r in data.data_rows]
    assert numbers[:2] == [5, 8]
    assert data.data_rows[0].get(6) == date(2024, 3, 5)
    assert data.data_rows[1].get(6) == datetime(2024, 4, 1, 9, 30)
    result = parse_rows(data, map_headers(data.headers))
    assert [g.row_number for g in result.grievances] == [5, 8]
    assert result.errors == ()


def test_leading_zero_identifiers_and_numbers(tmp_path: Path) -> None:
    path = openpyxl_xlsx(tmp_path / "ids.xlsx", [
        ["Grievance #", "Article", "Date filed"],
        ["0042", 12, date(2024, 1, 2)],
        [43, 12.5, date(2024, 1, 3)],
        [44.0, "Art. 9", date(2024, 1, 4)],
    ])
    result = parse_rows(read_sheet(path), map_headers(["Grievance #", "Article", "Date filed"]))
    assert [g.grievance_number for g in result.grievances] == ["0042", "43", "44"]
    assert [g.cba_article for g in result.grievances] == ["12", "12.5", "Art. 9"]


def test_dates_real_serial_and_text(tmp_path: Path) -> None:
    rows = [
        ["Case #", "Filed", "Closed"],
        ["A1", date(2024, 3, 5), datetime(2024, 5, 1, 14, 0)],
        ["A2", 45356, 45413.75],  # Excel serials in unformatted cells
        ["A3", "March 5, 2024", "5-Mar-2024"],
        ["A4", "03/05/24", "2024-03-05"],
    ]
    data = read_sheet(openpyxl_xlsx(tmp_path / "dates.xlsx", rows))
    result = parse_rows(data, map_headers(data.headers))
    assert result.errors == ()
    filed = [g.filed_on for g in result.grievances]
    assert filed == [date(2024, 3, 5)] * 4
    assert result.grievances[0].closed_on == date(2024, 5, 1)
    assert result.grievances[1].closed_on == date(2024, 5, 1)


def test_formulas_give_cached_values(tmp_path: Path) -> None:
    data_xml = (
        '<row r="1">' + cell_xml("A1", "Grievance #") + cell_xml("B1", "Date filed")
        + cell_xml("C1", "Article") + cell_xml("D1", "Member") + "</row>"
        '<row r="2">' + cell_xml("A2", "G-1", formula='"G-"&amp;1')
        + cell_xml("B2", 45356, formula="DATE(2024,3,5)")
        + cell_xml("C2", 14, formula="7*2")
        + '<c r="D2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
    )
    path = write_xlsx(tmp_path / "formulas.xlsx", sheet_xml(data_xml))
    data = read_sheet(path)
    result = parse_rows(data, map_headers(data.headers))
    assert result.errors == ()
    (g,) = result.grievances
    assert g.grievance_number == "G-1"
    assert g.filed_on == date(2024, 3, 5)
    assert g.cba_article == "14"
    assert g.member_name is None  # an error cell reads as empty


def test_merged_cells_fill_down_their_first_column(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Grievance log"])
    ws.merge_cells("A1:D1")  # a title across the columns
    ws.append(["Grievance #", "Court", "Date filed", "Notes"])
    ws.append(["1", "Arlington", date(2024, 1, 1), "a"])
    ws.append(["2", None, date(2024, 1, 2), "b"])
    ws.append(["3", None, date(2024, 1, 3), "c"])
    ws.merge_cells("B3:B5")  # one court for three rows
    ws.append(["4", "Boston", date(2024, 1, 4), "wide note"])
    ws.merge_cells("D6:E6")  # a note spread across a column: not copied sideways
    path = tmp_path / "merged.xlsx"
    wb.save(path)

    data = read_sheet(path)
    assert data.header_row_number == 2
    result = parse_rows(data, map_headers(data.headers))
    assert [g.court for g in result.grievances] == ["Arlington"] * 3 + ["Boston"]
    assert result.grievances[-1].extra_note is None


def test_choose_sheet_and_default_is_first_with_data(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    first = wb.active
    assert first is not None
    first.title = "Cover"
    second = wb.create_sheet("2024")
    second.append(["Grievance #", "Date filed"])
    second.append(["7", date(2024, 2, 2)])
    third = wb.create_sheet("2023")
    third.append(["Grievance #", "Date filed"])
    third.append(["6", date(2023, 2, 2)])
    path = tmp_path / "multi.xlsx"
    wb.save(path)

    assert list_sheets(path) == ["Cover", "2024", "2023"]
    assert read_sheet(path).sheet == "2024"
    assert read_sheet(path, "2023").data_rows[0].get(0) == "6"
    with pytest.raises(ImportFileError, match="no sheet named 'Nope'.*'Cover', '2024', '2023'"):
        read_sheet(path, "Nope")
    with pytest.raises(ImportFileError, match="'Cover' is empty"):
        read_sheet(path, "Cover")


def test_header_row_override(tmp_path: Path) -> None:
    path = openpyxl_xlsx(tmp_path / "h.xlsx", [
        ["Grievance #", "Date filed"],  # a decoy header row
        ["Case #", "Filed"],
        ["1", "2024-01-01"],
    ])
    assert read_sheet(path).header_row_number == 1
    data = read_sheet(path, header_row=2)
    assert data.headers == ("Case #", "Filed")
    assert [r.number for r in data.data_rows] == [3]
    with pytest.raises(ImportFileError, match="row 9 .* cannot be the header"):
        data.with_header_row(9)


@pytest.mark.parametrize("text", SCRIPTS)
def test_every_script_survives_xlsx(tmp_path: Path, text: str) -> None:
    path = openpyxl_xlsx(tmp_path / "scripts.xlsx", [
        ["Grievance #", "Member", "Date filed", "Notes", "Extra"],
        ["1", text, "2024-01-01", f"{text}\n{text}", text],
    ])
    data = read_sheet(path)
    (g,) = parse_rows(data, map_headers(data.headers)).grievances
    assert g.member_name == text
    assert g.summary == f"{text}\n{text}"
    assert g.extra_note == f"Extra: {text}"


def test_hundred_thousand_rows_quickly(tmp_path: Path) -> None:
    path = big_xlsx(tmp_path / "big.xlsx", 100_000)
    started = time.perf_counter()
    data = read_sheet(path)
    read_seconds = time.perf_counter() - started
    assert len(data.data_rows) == 100_000
    assert data.data_rows[-1].number == 100_001
    result = parse_rows(data, map_headers(data.headers))
    assert result.errors == ()
    assert len(result.grievances) == 100_000
    assert result.grievances[-1].grievance_number == "G-099999"
    assert {g.status for g in result.grievances} == {"open", "awaiting_answer", "settled",
                                                     "sustained", "denied"}
    # calamine alone needs ~1 s here; a generous bound catches row-by-row transfer regressions.
    assert read_seconds < 15


def test_hundred_thousand_rows_csv(tmp_path: Path) -> None:
    rows = [["Grievance #", "Date filed", "Step"]]
    rows += [[f"{i:05d}", "2024-01-01", "2"] for i in range(100_000)]
    path = write_csv(tmp_path / "big.csv", rows, encoding="utf-8", delimiter=",")
    data = read_sheet(path)
    result = parse_rows(data, map_headers(data.headers))
    assert len(result.grievances) == 100_000
    assert result.grievances[0].grievance_number == "00000"


# --- committed .xls and .ods fixtures (made by tests/data/make_import_fixtures.py) -------------


@pytest.mark.parametrize("name", ["grievances.xls", "grievances.ods"])
def test_committed_xls_and_ods(name: str) -> None:
    path = DATA / name
    assert list_sheets(path) == ["Grievances", "Empty"]
    data = read_sheet(path)
    assert data.sheet == "Grievances"
    assert data.header_row_number == 3  # a title row and a blank row above it
    result = parse_rows(data, map_headers(data.headers))
    assert result.errors == ()
    by_number = {g.grievance_number: g for g in result.grievances}
    assert set(by_number) == {"0042", "2024-17", "99"}
    g = by_number["0042"]
    assert g.member_name == "Иван Петров"
    assert g.filed_on == date(2024, 3, 5)
    assert g.step == "step2"
    assert g.status == "awaiting_answer"  # "Pending"
    assert by_number["2024-17"].member_name is None  # "Union"
    assert by_number["2024-17"].filed_on == date(2024, 1, 15)
    assert by_number["99"].title == "Telework — 王小明"
    assert by_number["99"].summary == "emoji 👩‍⚖️ and עברית"


# --- csv -------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    member = "José Ñúñez «Café»" if encoding == "cp1252" else "José — Иван 王 👩‍⚖️"
    rows = [["Grievance log, Arlington"], HEADER,
            ["0042", member, "Arlington", "Leave", "II", "Pending", "3/5/2024",
             'said "no"; then | left\ttab'],
            [""],
            ["0043", "Union", "Boston", "Pay", "Step 3", "Closed - settled", "2024-03-06", ""]]
    path = write_csv(tmp_path / "log.csv", rows, encoding=encoding, delimiter=delimiter)
    data = read_sheet(path)
    assert data.delimiter == delimiter
    assert data.header_row_number == 2
    assert data.sheet == "log"
    result = parse_rows(data, map_headers(data.headers))
    assert result.errors == ()
    first, second = result.grievances
    assert first.row_number == 3 and second.row_number == 5
    assert first.grievance_number == "0042"
    assert first.member_name == member
    assert first.summary == 'said "no"; then | left\ttab'
    assert first.step == "step2" and first.status == "awaiting_answer"
    assert second.member_name is None and second.status == "settled"


def test_csv_encoding_detection() -> None:
    text = "Grievance #,Member\n1,Zoë\n"
    assert decode_text(text.encode("utf-8"), "x") == (text, "utf-8")
    assert decode_text(b"\xef\xbb\xbf" + text.encode("utf-8"), "x") == (text, "utf-8-sig")
    assert decode_text(text.encode("utf-16"), "x") == (text, "utf-16")
    assert decode_text(text.encode("cp1252"), "x") == (text, "cp1252")
    assert decode_text(text.encode("utf-16-le"), "x") == (text, "utf-16-le")
    # 0x81 is undefined in Windows-1252: Latin-1 still reads the file.
    assert decode_text(b"a,\x81", "x") == ("a,\x81", "latin-1")


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1;2,5;3\n", ";"),
        ("a\tb\n1\t2\n", "\t"),
        ("a|b|c\n1|2|3\n", "|"),
        ('Title only\n"a,b";c;d\n1;2;3\n', ";"),
        ("single column\nvalue\n", ","),
    ],
)
def test_sniff_delimiter(sample: str, expected: str) -> None:
    assert sniff_delimiter(sample) == expected


def test_csv_multiline_cell_counts_as_one_row(tmp_path: Path) -> None:
    path = tmp_path / "ml.csv"
    path.write_text(
        'Grievance #,Date filed,Notes\n1,2024-01-01,"line one\r\nline two"\n2,2024-01-02,x\n',
        encoding="utf-8", newline="",
    )
    data = read_sheet(path)
    result = parse_rows(data, map_headers(data.headers))
    assert [g.row_number for g in result.grievances] == [2, 3]
    assert result.grievances[0].summary == "line one\nline two"


def test_csv_has_one_sheet_named_after_the_file(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "stewards.csv", [["Grievance #", "Filed"], ["1", "2024-1-1"]],
                     encoding="utf-8", delimiter=",")
    assert list_sheets(path) == ["stewards"]
    assert read_sheet(path, "stewards").sheet == "stewards"
    with pytest.raises(ImportFileError, match="single sheet"):
        read_sheet(path, "Sheet1")


# --- cell rendering ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("", ""),
        ("0042", "0042"),
        (42.0, "42"),
        (42.5, "42.5"),
        (-3.0, "-3"),
        (7, "7"),
        (True, "TRUE"),
        (date(2024, 3, 5), "2024-03-05"),
        (datetime(2024, 3, 5), "2024-03-05"),
        (datetime(2024, 3, 5, 9, 30), "2024-03-05 09:30:00"),
        (1e20, "1e+20"),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text  # type: ignore[arg-type]
