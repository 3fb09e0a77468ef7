"""One home per rule: the search text, the defaults, the limits and the plausible years."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naij_tracker.db.models import Grievance, Matter, Member
from naij_tracker.domain.field_rules import (
    LONG_TEXT_LIMIT,
    MAX_LENGTH,
    MAX_YEAR,
    MIN_YEAR,
    apply_status_dates,
    defaults_for,
)
from naij_tracker.domain.fields import fields_for
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.domain.search_text import SEARCH_PARTS, search_text, search_texts
from naij_tracker.domain.validation import validate_matter
from naij_tracker.importing.rows import MAX_FIELD_CHARS, parse_date


def test_search_text_is_every_non_empty_part_in_order() -> None:
    assert search_text({"grievance_number": "G-1", "member_name": "Ana", "title": "Leave",
                        "court": "Boston", "summary": None, "tags": "hill, urgent"}) \
        == "G-1 Ana Leave Boston hill, urgent"
    assert search_text({"case_number": "WA-RP-19-0067", "title": "Petition",
                        "subject": "Metrics"}) == "WA-RP-19-0067 Petition Metrics"
    assert search_text({}) == ""


_PART = st.one_of(st.none(), st.just(""), st.text(min_size=1, max_size=8),
                  st.integers(min_value=0, max_value=99))


@given(st.lists(st.tuples(*[_PART] * len(SEARCH_PARTS)), max_size=6),
       st.sets(st.sampled_from(SEARCH_PARTS)))
def test_the_column_wise_form_is_the_same_rule(rows: list[tuple[str | int | None, ...]],
                                               left_out: set[str]) -> None:
    """Whatever the parts hold (text, a number, nothing) and whichever are not given."""
    rows = [tuple(None if p in left_out else v for p, v in zip(SEARCH_PARTS, r, strict=True))
            for r in rows]
    columns = {p: [r[i] for r in rows] for i, p in enumerate(SEARCH_PARTS) if p not in left_out}
    expected = [search_text(dict(zip(SEARCH_PARTS, r, strict=True))) for r in rows]
    assert search_texts(len(rows), columns) == expected


def test_defaults_per_kind() -> None:
    assert defaults_for(MatterKind.GRIEVANCE) == {"status": "open", "priority": "normal",
                                                  "step": "step1"}
    assert defaults_for("metric_dispute")["scope"] == "unit"
    defaults_for(MatterKind.GRIEVANCE)["status"] = "denied"  # a fresh dict each time
    assert defaults_for(MatterKind.GRIEVANCE)["status"] == "open"


@pytest.mark.parametrize(("table", "column", "field"), [
    (Matter.__table__, "title", "title"), (Matter.__table__, "owner", "owner"),
    (Grievance.__table__, "grievance_number", "grievance_number"),
    (Grievance.__table__, "court", "court"), (Member.__table__, "name", "member_name"),
])
def test_the_schema_the_editor_and_the_import_share_one_limit(table, column, field) -> None:
    limit = MAX_LENGTH[field]
    assert table.c[column].type.length == limit
    assert MAX_FIELD_CHARS.get(field, limit) == limit
    specs = {f.name: f for f in fields_for(MatterKind.GRIEVANCE)}
    if field in specs:
        assert specs[field].max_length == limit
    assert specs["summary"].max_length == LONG_TEXT_LIMIT


@pytest.mark.parametrize(("year", "ok"), [(MIN_YEAR - 1, False), (MIN_YEAR, True),
                                          (MAX_YEAR, True), (MAX_YEAR + 1, False)])
def test_one_range_of_plausible_years_for_the_editor_and_the_import(year: int, ok: bool) -> None:
    values = {"title": "t", "status": "open", "priority": "normal", "grievance_number": "G-1",
              "step": "step1", "filed_on": date(year, 6, 1)}
    editor_ok = not [e for e in validate_matter(MatterKind.GRIEVANCE, values)
                     if e.field == "filed_on"]
    try:
        parse_date(f"{year}-06-01")
        import_ok = True
    except ValueError:
        import_ok = False
    assert editor_ok == import_ok == ok


@pytest.mark.parametrize(("status", "closed_on", "expected"), [
    ("settled", None, date(2026, 12, 2)),
    ("settled", date(2026, 3, 1), date(2026, 3, 1)),
    ("open", date(2026, 3, 1), None),
])
def test_the_closed_date_that_goes_with_a_status(status, closed_on, expected) -> None:
    values = {"status": status, "closed_on": closed_on}
    apply_status_dates(MatterKind.GRIEVANCE, values, date(2026, 12, 2))
    assert values["closed_on"] == expected
