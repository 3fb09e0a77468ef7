"""Header synonyms, normalisation, signatures and mapping overrides."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naij_tracker.importing.headers import (
    FIELD_LABELS,
    FIELDS,
    SYNONYMS,
    field_for_header,
    header_signature,
    map_headers,
    normalize_header,
)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Grievance #", "grievance_number"),
        ("Griev. No.", "grievance_number"),
        ("GRIEVANCE NUMBER", "grievance_number"),
        ("grievance_number", "grievance_number"),
        ("Case Number", "grievance_number"),
        ("Case #", "grievance_number"),
        ("No.", "grievance_number"),
        ("  case   no ", "grievance_number"),
        ("Member", "member_name"),
        ("Judge", "member_name"),
        ("Grievant", "member_name"),
        ("IJ", "member_name"),
        ("Name", "member_name"),
        ("IC", "court"),
        ("Court", "court"),
        ("Location", "court"),
        ("Immigration Court", "court"),
        ("Duty station", "court"),
        ("Title", "title"),
        ("Subject", "title"),
        ("Issue", "title"),
        ("Category", "issue_category"),
        ("Issue type", "issue_category"),
        ("Article", "cba_article"),
        ("CBA Art.", "cba_article"),
        ("Step", "step"),
        ("Status", "status"),
        ("Filed", "filed_on"),
        ("Date filed", "filed_on"),
        ("Filing date", "filed_on"),
        ("Date-Filed", "filed_on"),
        ("Closed", "closed_on"),
        ("Date closed", "closed_on"),
        ("Remedy", "remedy_sought"),
        ("Result", "outcome"),
        ("Disposition", "outcome"),
        ("Notes", "summary"),
        ("Description", "summary"),
        ("Comments", "summary"),
        ("Steward", "owner"),
        ("Rep", "owner"),
        ("Priority", "priority"),
        ("Ｇｒｉｅｖａｎｃｅ ＃", "grievance_number"),  # full-width characters
        ("Favourite colour", None),
        ("", None),
    ],
)
def test_synonyms(header: str, field: str | None) -> None:
    assert field_for_header(header) == field


def test_every_field_has_a_label_and_synonyms() -> None:
    assert set(FIELDS) == set(FIELD_LABELS) == set(SYNONYMS)
    for field in FIELDS:
        assert field_for_header(FIELD_LABELS[field]) == field
        assert all(field_for_header(s) == field for s in SYNONYMS[field])


def test_map_headers_reports_unknown_and_duplicate_columns() -> None:
    mapping = map_headers(["Case #", "Judge", "Shoe size", "", "Notes", "Comments"])
    assert mapping.fields == ("grievance_number", "member_name", None, None, "summary", None)
    assert mapping.unknown == (2, 3)
    assert mapping.duplicates == (5,)
    assert mapping.missing_required == ("filed_on",)
    assert mapping.column_of("summary") == 4
    assert mapping.column_of("priority") is None


def test_overrides_rename_and_ignore_columns() -> None:
    headers = ["Ref", "When", "Shoe size", "Notes"]
    mapping = map_headers(headers, {"when": "filed_on", "SHOE SIZE": None, "Notes": "outcome"})
    assert mapping.fields == ("grievance_number", "filed_on", None, "outcome")
    assert mapping.unknown == ()
    assert mapping.ignored == (2,)
    assert mapping.missing_required == ()
    # What to remember for next time reproduces the same mapping.
    again = map_headers(headers, mapping.as_overrides())
    assert again.fields == mapping.fields


def test_override_with_unknown_field_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown grievance field"):
        map_headers(["A"], {"A": "shoe_size"})


def test_signature_ignores_cosmetics_but_not_order_or_names() -> None:
    base = header_signature(["Grievance #", "Date filed", "Notes"])
    assert base == header_signature(["grievance no.", "DATE FILED", " notes "])
    assert base == map_headers(["Grievance #", "Date filed", "Notes"]).signature
    assert base != header_signature(["Date filed", "Grievance #", "Notes"])
    assert base != header_signature(["Grievance #", "Date filed", "Remarks"])
    assert len(base) == 32


@given(st.text(max_size=40))
def test_normalisation_is_idempotent(text: str) -> None:
    once = normalize_header(text)
    assert normalize_header(once) == once


_ASCII = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .-",
                 max_size=30)


@given(_ASCII, st.sampled_from(["", " ", "  ", ".", "-", "_", ":", "()", "*", "\t"]))
def test_normalisation_ignores_case_and_surrounding_punctuation(text: str, junk: str) -> None:
    assert normalize_header(f"{junk}{text.upper()}{junk}") == normalize_header(text.lower())


@pytest.mark.parametrize(("header", "field"), [
    ("Issue – summary", "title"), ("Issue — Summary:", "title"), ("Issue - summary", "title"),
    ("Member’s name", "member_name"), ("Member's name", "member_name"),
    ("Date\nfiled:", "filed_on"), ("Grievance\nNo.", "grievance_number"),
    ("#", "grievance_number"), ("No.", "grievance_number"), ("Number", "grievance_number"),
    ("Grievance №", "grievance_number"), ("“Status”", "status"), ("Step:", "step"),
])
def test_dash_quote_number_colon_and_line_break_variants(header: str, field: str) -> None:
    assert field_for_header(header) == field


def test_columns_the_application_works_out_are_not_imported() -> None:
    mapping = map_headers(["Number", "Next deadline", "Shoe size"])
    assert mapping.fields == ("grievance_number", None, None)
    assert mapping.ignored == (1,) and mapping.unknown == (2,)
