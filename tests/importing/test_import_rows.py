"""Row validation and the value parsers (table-driven, plus hypothesis properties)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naij_tracker.importing.errors import ImportFileError
from naij_tracker.importing.headers import map_headers
from naij_tracker.importing.rows import (
    MAX_TEXT_CHARS,
    ParseResult,
    clean_text,
    default_title,
    is_institutional,
    normalize_category,
    parse_date,
    parse_priority,
    parse_rows,
    parse_status,
    parse_step,
)
from naij_tracker.importing.sources import SheetData, SheetRow

HEADERS = ["Grievance #", "Member", "IC", "Category", "Article", "Step", "Status",
           "Date filed", "Closed", "Remedy", "Result", "Notes", "Steward", "Priority",
           "Shoe size"]


def sheet(rows: list[list[object]], headers: list[str] = HEADERS) -> SheetData:
    """A sheet as the reader returns it: title row 1, header row 2, data from row 3."""
    all_rows = [SheetRow(1, ["Grievance log"]), SheetRow(2, list(headers))]
    all_rows += [SheetRow(n, list(r)) for n, r in enumerate(rows, start=3)]
    return SheetData(file="log.xlsx", path="/tmp/log.xlsx", sheet="2024", sheets=("2024",),
                     rows=tuple(all_rows), header_index=1, width=len(headers))


def parse(rows: list[list[object]], headers: list[str] = HEADERS, **kw: bool) -> ParseResult:
    data = sheet(rows, headers)
    return parse_rows(data, map_headers(data.headers), **kw)


def row(**values: object) -> list[object]:
    defaults: dict[str, object] = {"Grievance #": "G-1", "Date filed": "2024-03-05"}
    defaults.update({k.replace("_", " "): v for k, v in values.items()})
    return [defaults.get(h, "") for h in HEADERS]


def test_full_row() -> None:
    result = parse([[
        " 0042 ", "Jane  Roe", "Arlington", "telework", 12.0, "Step II", "Closed - settled",
        date(2024, 3, 5), "4/1/2024", "Make whole", "Settled at step 2",
        "Line one\r\nLine two\x07", "Pat Steward", "High", "9½",
    ]])
    assert result.ok and result.rows_read == 1
    assert result.header_row == 2
    (g,) = result.grievances
    assert g.row_number == 3
    assert g.grievance_number == "0042"
    assert g.member_name == "Jane Roe"
    assert g.court == "Arlington"
    assert g.issue_category == "Telework"
    assert g.title == "Telework — Jane Roe" and g.title_defaulted
    assert g.cba_article == "12"
    assert g.step == "step2"
    assert g.status == "settled"
    assert g.filed_on == date(2024, 3, 5)
    assert g.closed_on == date(2024, 4, 1)
    assert g.remedy_sought == "Make whole"
    assert g.outcome == "Settled at step 2"
    assert g.summary == "Line one\nLine two"
    assert g.owner == "Pat Steward"
    assert g.priority == "high"
    assert g.extra_note == "Shoe size: 9½"
    assert "priority" in result.fields_present and "title" not in result.fields_present


def test_unknown_columns_can_be_dropped() -> None:
    (g,) = parse([row(Shoe_size="9")], keep_unknown_as_note=False).grievances
    assert g.extra_note is None


def test_blank_and_union_members_are_institutional() -> None:
    result = parse([row(Member=m, **{"Grievance #": f"G-{i}"})
                    for i, m in enumerate(["", "Union", "INSTITUTIONAL", "NAIJ", "  union "])])
    assert [g.member_name for g in result.grievances] == [None] * 5
    assert result.grievances[0].title == "Grievance G-0 — Union"


def test_given_title_is_kept() -> None:
    headers = ["Case #", "Subject", "Filed"]
    (g,) = parse([["7", "Denied telework", "2024-01-01"]], headers).grievances
    assert g.title == "Denied telework" and not g.title_defaulted


def test_blank_rows_between_data_are_skipped() -> None:
    result = parse([row(), ["", "   ", ""], row(**{"Grievance #": "G-2"})])
    assert [g.row_number for g in result.grievances] == [3, 5]
    assert result.rows_read == 2


def bad(rows: list[list[object]]) -> list[tuple[int, str | None, str]]:
    result = parse(rows)
    return [(e.row, e.column, e.message) for e in result.errors]


@pytest.mark.parametrize(
    ("values", "column", "fragment"),
    [
        ({"Grievance #": ""}, "Grievance #", "the grievance number is missing"),
        ({"Date filed": ""}, "Date filed", "the filing date is missing"),
        ({"Date filed": "2/30/2024"}, "Date filed",
         "'2/30/2024' is not a real date: February 2024 has 29 days."),
        ({"Date filed": "13/01/2024"}, "Date filed", "there is no month 13"),
        ({"Date filed": "soon"}, "Date filed", "'soon' is not a date; write dates like"),
        ({"Date filed": 42}, "Date filed", "'42' is a number, not a date"),
        ({"Closed": "2024-01-01"}, "Closed", "the closed date 2024-01-01 is before the filed"),
        ({"Step": "Step 5"}, "Step",
         "'Step 5' is not a grievance step; use Informal, Step 1, Step 2, Step 3 or Arbitration"),
        ({"Status": "Maybe"}, "Status", "use Open, Awaiting answer, Appealed, In arbitration,"),
        ({"Priority": "whenever"}, "Priority", "use Low, Normal, High or Urgent"),
        ({"Notes": "x" * (MAX_TEXT_CHARS + 1)}, "Notes", "100,001 characters long; at most 100,000"),
        ({"Grievance #": "G" * 61}, "Grievance #", "at most 60 are allowed"),
        ({"Shoe size": "y" * (MAX_TEXT_CHARS + 5)}, "Shoe size", "at most 100,000"),
    ],
)
def test_bad_rows(values: dict[str, object], column: str, fragment: str) -> None:
    ((number, col, message),) = bad([row(**{k.replace(" ", "_"): v for k, v in values.items()})])
    assert number == 3
    assert col == column
    assert message.startswith(f"Row 3, column '{column}': ")
    assert fragment in message


def test_every_problem_of_a_row_is_reported() -> None:
    result = parse([row(**{"Grievance #": "", "Date filed": "2/30/2024", "Step": "9"})])
    assert [e.field for e in result.errors] == ["step", "filed_on", "grievance_number"]
    assert result.grievances == ()
    assert result.error_rows == {3}


def test_duplicate_numbers_name_the_first_row() -> None:
    result = parse([row(), row(**{"Grievance #": "G-2"}), row(**{"Grievance #": " g-1 "}),
                    row()])
    assert [g.row_number for g in result.grievances] == [3, 4]
    assert [(e.row, e.column) for e in result.errors] == [(5, "Grievance #"), (6, "Grievance #")]
    assert "grievance number 'g-1' already appears in row 3" in result.errors[0].message


def test_row_error_text_names_file_sheet_row_and_column() -> None:
    (error,) = parse([row(Step="V")]).errors
    assert error.file == "log.xlsx" and error.sheet == "2024"
    assert error.field == "step" and error.problem.startswith("'V' is not a grievance step")
    assert str(error).startswith("log.xlsx, sheet '2024': Row 3, column 'Step': 'V'")


def test_blank_header_columns_are_named_by_letter() -> None:
    headers = ["Grievance #", "Date filed", ""]
    data = sheet([["1", "2024-01-01", "y" * (MAX_TEXT_CHARS + 1)], ["2", "2024-01-01", "ok"]],
                 headers)
    result = parse_rows(data, map_headers(data.headers))
    assert result.errors[0].column == "column C"
    assert result.grievances[0].extra_note == "column C: ok"


def test_missing_required_column_is_a_file_error() -> None:
    data = sheet([["1", "Jane"]], ["Grievance #", "Member"])
    with pytest.raises(ImportFileError) as info:
        parse_rows(data, map_headers(data.headers))
    message = str(info.value)
    assert message.startswith("log.xlsx: sheet '2024' has no column for the filing date")
    assert "'Grievance #', 'Member'" in message and "'Date filed'" in message


# --- value parsers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2024, 3, 5), date(2024, 3, 5)),
        (datetime(2024, 3, 5, 23, 59), date(2024, 3, 5)),
        (45356, date(2024, 3, 5)),
        (45356.99, date(2024, 3, 5)),
        ("45356", date(2024, 3, 5)),
        ("2024-03-05", date(2024, 3, 5)),
        ("2024-3-5", date(2024, 3, 5)),
        ("2024/03/05", date(2024, 3, 5)),
        ("2024-03-05T10:15:00", date(2024, 3, 5)),
        ("2024-03-05 00:00:00", date(2024, 3, 5)),
        ("3/5/2024", date(2024, 3, 5)),
        ("03/05/2024", date(2024, 3, 5)),
        ("03/05/24", date(2024, 3, 5)),
        ("3-5-2024", date(2024, 3, 5)),
        ("3/5/2024 4:30 PM", date(2024, 3, 5)),
        ("12/31/99", date(1999, 12, 31)),
        ("March 5, 2024", date(2024, 3, 5)),
        ("march 5 2024", date(2024, 3, 5)),
        ("Mar. 5, 2024", date(2024, 3, 5)),
        ("Sept 30, 2024", date(2024, 9, 30)),
        ("Tuesday, March 5, 2024", date(2024, 3, 5)),
        ("March 5th, 2024", date(2024, 3, 5)),
        ("5 March 2024", date(2024, 3, 5)),
        ("5-Mar-2024", date(2024, 3, 5)),
        ("05-Mar-24", date(2024, 3, 5)),
        ("5-MAR-2024", date(2024, 3, 5)),
        ("20240305", date(2024, 3, 5)),
        ("  2024-03-05\n", date(2024, 3, 5)),
        ("2/29/2024", date(2024, 2, 29)),
    ],
)
def test_parse_date(value: object, expected: date) -> None:
    assert parse_date(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("2/30/2024", "February 2024 has 29 days"),
        ("2/29/2023", "February 2023 has 28 days"),
        ("4/31/2024", "April 2024 has 30 days"),
        ("2024-13-01", "there is no month 13"),
        ("0/10/2024", "there is no month 0"),
        ("1/0/2024", "January 2024 has 31 days"),
        ("Smarch 5, 2024", "is not a date"),
        ("3/5", "is not a date"),
        ("yesterday", "is not a date"),
        ("3/5/1899", "the year 1899 is outside 1950–2100"),
        (date(1900, 1, 1), "outside 1950–2100"),
        (7, "is a number, not a date"),
        (True, "is not a date"),
        (time(9, 30), "a time of day, not a date"),
        (timedelta(days=2), "not a date"),
        (float("nan"), "not a date"),
    ],
)
def test_parse_date_rejects(value: object, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        parse_date(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("Step 1", "step1"), ("1", "step1"), (1.0, "step1"), ("I", "step1"), ("1st", "step1"),
        ("First", "step1"), ("step one", "step1"),
        ("Step 2", "step2"), ("2", "step2"), ("II", "step2"), ("Step II", "step2"),
        ("2nd", "step2"), ("second step", "step2"), ("step-2", "step2"), ("STEP2", "step2"),
        ("Step 3", "step3"), ("III", "step3"), ("3rd", "step3"),
        ("Arb.", "arbitration"), ("Arbitration", "arbitration"), ("ARB", "arbitration"),
        ("arbitration", "arbitration"), ("In arbitration", "arbitration"),
    ],
)
def test_parse_step(value: object, code: str) -> None:
    assert parse_step(value) == code  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["Step 4", "IV", "5", "mediation", ""])
def test_parse_step_rejects(value: str) -> None:
    with pytest.raises(ValueError, match="is not a grievance step"):
        parse_step(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("Open", "open"), ("Pending", "awaiting_answer"), ("active", "open"), ("In progress", "open"),
        ("Awaiting answer", "awaiting_answer"), ("awaiting_answer", "awaiting_answer"),
        ("Awaiting response", "awaiting_answer"), ("Pending decision", "awaiting_answer"),
        ("Appealed", "appealed"), ("Elevated", "appealed"),
        ("In arbitration", "arbitration"), ("Arb", "arbitration"),
        ("Settled", "settled"), ("Closed - settled", "settled"), ("closed/settled", "settled"),
        ("Settled (closed)", "settled"), ("Resolved", "closed"), ("Closed", "closed"),
        ("Done", "closed"),
        ("Sustained", "sustained"), ("Won", "sustained"), ("Closed – won", "sustained"),
        ("Granted", "sustained"),
        ("Denied", "denied"), ("Lost", "denied"), ("Closed - denied", "denied"),
        ("Withdrawn", "withdrawn"), ("Closed-Withdrawn", "withdrawn"), ("withdrew", "withdrawn"),
    ],
)
def test_parse_status(value: str, code: str) -> None:
    assert parse_status(value) == code


@pytest.mark.parametrize(("value", "fragment"), [
    ("Maybe", "is not a grievance status"),
])
def test_parse_status_rejects(value: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        parse_status(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [("Low", "low"), ("medium", "normal"), ("Normal", "normal"), ("H", "high"),
     ("URGENT", "urgent"), ("critical", "urgent")],
)
def test_parse_priority(value: str, code: str) -> None:
    assert parse_priority(value) == code


@pytest.mark.parametrize(
    ("text", "category"),
    [("telework", "Telework"), ("Performance Metrics", "Performance metrics"),
     ("metrics", "Performance metrics"), ("Health & Safety", "Health and safety"),
     ("travel/details", "Travel / details"), ("Hostile work environment",
                                               "Hostile work environment")],
)
def test_normalize_category(text: str, category: str) -> None:
    assert normalize_category(text) == category


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Union", True), ("NAIJ", True), ("institutional", True), ("The Union", True),
     ("Union-wide", True), ("Jane Union", False), ("Naijel Smith", False)],
)
def test_is_institutional(name: str, expected: bool) -> None:
    assert is_institutional(name) is expected


@pytest.mark.parametrize(
    ("value", "single", "expected"),
    [
        ("  a  b  ", False, "a  b"),
        ("  a  b  ", True, "a b"),
        ("a\r\nb\rc", False, "a\nb\nc"),
        ("a\x00b\x1bc\x7f\x85d", False, "abcd"),
        ("tab\there", False, "tab\there"),
        ("line\nbreak", True, "line break"),
        ("\u00a0nbsp\u00a0", False, "nbsp"),
        ("👩\u200d⚖\ufe0f", False, "👩\u200d⚖\ufe0f"),
        ("\u200fעברית", False, "\u200fעברית"),
        ("   ", False, None),
        ("", False, None),
        (None, False, None),
        (3.0, False, "3"),
    ],
)
def test_clean_text(value: object, single: bool, expected: str | None) -> None:
    assert clean_text(value, single_line=single) == expected  # type: ignore[arg-type]


def test_default_title() -> None:
    assert default_title("7", "Leave", "Jane Roe") == "Leave — Jane Roe"
    assert default_title("7", None, None) == "Grievance 7 — Union"


# --- properties --------------------------------------------------------------------------------

_DATES = st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31))
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


@given(_DATES)
def test_iso_and_us_forms_round_trip(d: date) -> None:
    month = _MONTHS[d.month - 1]
    forms = [
        d.isoformat(),
        f"{d.year}/{d.month}/{d.day}",
        f"{d.month}/{d.day}/{d.year}",
        f"{d.month:02d}/{d.day:02d}/{d.year}",
        f"{d.month}-{d.day}-{d.year}",
        f"{month} {d.day}, {d.year}",
        f"{month[:3]}. {d.day} {d.year}",
        f"{d.day}-{month[:3]}-{d.year}",
        f"{d.day} {month} {d.year}",
        d.strftime("%Y%m%d"),
        datetime(d.year, d.month, d.day, 12).isoformat(),
    ]
    if 1969 <= d.year <= 2068:
        forms += [f"{d.month:02d}/{d.day:02d}/{d.year % 100:02d}",
                  f"{d.day:02d}-{month[:3]}-{d.year % 100:02d}"]
    for form in forms:
        assert parse_date(form) == d, form


@given(_DATES)
def test_excel_serials_round_trip(d: date) -> None:
    serial = (d - date(1899, 12, 30)).days
    assert parse_date(float(serial)) == d
    assert parse_date(serial + 0.5) == d
    assert parse_date(str(serial)) == d


@given(st.text(max_size=60), st.booleans())
def test_clean_text_is_idempotent_and_never_keeps_control_characters(
    text: str, single: bool
) -> None:
    once = clean_text(text, single_line=single)
    assert clean_text(once, single_line=single) == once
    if once is not None:
        assert once == once.strip()
        assert not any(ord(c) < 32 and c not in "\t\n" for c in once)


@given(st.text(min_size=1, max_size=200).filter(lambda s: s.strip()))
def test_any_text_member_survives_a_round_trip(tmp_text: str) -> None:
    data = sheet([["1", tmp_text, "2024-01-01"]], ["Grievance #", "Notes", "Date filed"])
    result = parse_rows(data, map_headers(data.headers))
    (g,) = result.grievances
    assert g.summary == clean_text(tmp_text)


def test_sheet_helper_is_consistent() -> None:
    data = sheet([row()])
    assert data.header_row_number == 2 and data.headers[0] == "Grievance #"
    assert data.column_name(14) == "Shoe size"


def test_cells_equal_as_keys_but_read_differently_keep_their_own_reading() -> None:
    # True == 1 == 1.0 and 10**15 == 1e15 in Python, yet a spreadsheet shows them differently.
    cells: list[object] = [1.0, True, 1, 10**15, 1e15, False, 0.0]
    result = parse([[f"G-{i}", "2024-03-05", c] for i, c in enumerate(cells)],
                   ["Grievance #", "Date filed", "Article"])
    assert result.ok
    assert [g.cba_article for g in result.grievances] == [
        "1", "TRUE", "1", "1000000000000000", "1000000000000000.0", "FALSE", "0"]


def test_a_repeated_bad_value_is_reported_on_every_row() -> None:
    result = parse([[f"G-{i}", "2024-03-05", "Step 9"] for i in range(4)],
                   ["Grievance #", "Date filed", "Step"])
    assert not result.grievances
    assert [e.row for e in result.errors] == [3, 4, 5, 6]
    assert all("Step 9" in e.message and e.column == "Step" for e in result.errors)


_CELL = st.one_of(
    st.sampled_from(["", " ", "Step 2", "II", "arb", "bogus", "Open", "closed", "Won", "Union",
                     "2024-03-05", "3/5/2024", "2/30/2024", "Telework", "x" * 70, "\x01",
                     "G-1", "g-1", "G-2", "urgent"]),
    st.sampled_from([True, False, 1, 1.0, 0, 45000.0, 45000, 10**15, 1e15]),
    st.dates(date(1940, 1, 1), date(2110, 1, 1)),
    st.datetimes(datetime(1990, 1, 1), datetime(2030, 1, 1)),
    st.just(time(9, 30)),
)
_PROPERTY_HEADERS = ["Grievance #", "Member", "Step", "Status", "Date filed", "Closed",
                     "Article", "Category", "Shoe size"]


@given(st.lists(st.lists(_CELL, min_size=9, max_size=9), min_size=1, max_size=12))
def test_a_rows_outcome_does_not_depend_on_the_other_rows(rows: list[list[object]]) -> None:
    # Parsing caches readings per column; each row must still read as it would on its own
    # (apart from a repeated grievance number, which is an error on the later row).
    whole = parse(rows, _PROPERTY_HEADERS)
    alone = [parse([r], _PROPERTY_HEADERS) for r in rows]
    numbers = [g.grievance_number.casefold() for g in whole.grievances]
    if len(set(numbers)) < len(numbers) or any("already appears" in e.message
                                               for e in whole.errors):
        return
    expected = [g._replace(row_number=n) for n, one in enumerate(alone, start=3)
                for g in one.grievances]
    assert list(whole.grievances) == expected
    assert [(e.row, e.column, e.field, e.problem) for e in whole.errors] == [
        (n, e.column, e.field, e.problem)
        for n, one in enumerate(alone, start=3) for e in one.errors]
    assert whole.rows_read == sum(one.rows_read for one in alone)
