"""The GUI's lists read their rows a page at a time (``queries.MatterListing``).

What matters to an officer: the paged list shows exactly the rows, in exactly the order, of the
one-shot query, whatever the filter and sort; finding a matter does not read every page; and a
list of thousands keeps only a few pages of rows in memory.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from naij_tracker.db.opening import Database
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services import queries
from naij_tracker.services.matters import MatterService
from naij_tracker.services.overview import is_empty
from naij_tracker.services.sample_data import load_sample_data


@pytest.fixture
def sample(db: Database) -> Database:
    load_sample_data(db, today=date(2026, 11, 23), grievances=1_200)
    return db


@pytest.mark.parametrize("args", [
    {},
    {"include_closed": True},
    {"text_filter": "Chi"},
    {"sort_key": "member"},
    {"sort_key": "next_due", "descending": True},
    {"sort_key": "step", "include_closed": True},
])
def test_paged_rows_equal_the_one_shot_query(sample: Database, args: dict[str, object],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(queries.MatterListing, "PAGE_ROWS", 97)  # pages end mid-list
    whole = queries.list_matters(sample, MatterKind.GRIEVANCE, **args)  # type: ignore[arg-type]
    paged = queries.list_matter_pages(sample, MatterKind.GRIEVANCE, **args)  # type: ignore[arg-type]
    assert len(paged.rows) == len(whole.rows) > 0
    assert list(paged.rows) == whole.rows
    assert paged.columns == whole.columns


def test_only_the_pages_asked_for_are_read_and_few_are_kept(
        sample: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(queries.MatterListing, "PAGE_ROWS", 50)
    monkeypatch.setattr(queries.MatterListing, "KEEP_PAGES", 3)
    listing = queries.list_matter_pages(sample, MatterKind.GRIEVANCE, include_closed=True).rows
    assert isinstance(listing, queries.MatterListing)
    assert list(listing._pages) == [0]  # the first page, read with the ids
    last = listing[len(listing) - 1]
    assert last[0] == listing.ids[-1]
    assert list(listing._pages) == [0, (len(listing) - 1) // 50]
    for row in range(0, len(listing), 50):
        listing[row]
    assert len(listing._pages) == 3  # an officer scrolling to the end holds three pages


def test_index_of_finds_a_matter_without_reading_its_page(sample: Database) -> None:
    listing = queries.list_matter_pages(sample, MatterKind.GRIEVANCE, include_closed=True).rows
    assert isinstance(listing, queries.MatterListing)
    far = listing.ids[len(listing) - 3]
    assert listing.index_of(far) == len(listing) - 3
    assert listing.index_of(-5) == -1
    assert list(listing._pages) == [0]


def test_a_matter_deleted_after_listing_shows_as_blanks_not_an_error(sample: Database) -> None:
    listing = queries.list_matter_pages(sample, MatterKind.FLRA, include_closed=True).rows
    gone = listing.ids[-1]
    listing._pages.clear()
    MatterService(sample, "test").delete(gone)
    row = listing[len(listing) - 1]
    assert row[0] == gone and set(row[1:]) == {None}
    assert not is_empty(sample)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page_rows=st.integers(1, 400), positions=st.lists(st.integers(0, 10_000), max_size=20))
def test_any_page_size_gives_the_same_rows(sample: Database, page_rows: int,
                                           positions: list[int]) -> None:
    whole = queries.list_matters(sample, MatterKind.GRIEVANCE).rows
    listing = queries.list_matter_pages(sample, MatterKind.GRIEVANCE).rows
    assert isinstance(listing, queries.MatterListing)
    listing.PAGE_ROWS = page_rows
    listing._pages.clear()
    for p in positions:
        i = p % len(whole)
        assert listing[i] == whole[i]
        assert listing[-1 - i] == whole[-1 - i]


def test_a_page_finds_next_deadlines_through_the_per_matter_index(db: Database) -> None:
    """Left to itself SQLite walked all open deadlines for every row: 9 s for a page of 500
    on 100,000 grievances. The plan must look deadlines up by matter."""
    import sqlite3

    sql = (queries._select(MatterKind.GRIEVANCE, queries._NEXT_DUE_EACH)
           + " WHERE m.id IN (1, 2, 3)")
    assert db.path is not None
    conn = sqlite3.connect(db.path)
    try:
        plan = " | ".join(str(r[3]) for r in conn.execute("EXPLAIN QUERY PLAN " + sql))
    finally:
        conn.close()
    assert "ix_deadline_matter" in plan, plan
    assert "ix_deadline_open_due" not in plan, plan


def test_showing_a_list_orders_only_its_first_page(sample: Database,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The count and the first page come without the ids of the whole list in order (a sort of
    every open grievance); the ids are read when a later page is asked for."""
    import sqlite3

    monkeypatch.setattr(queries.MatterListing, "PAGE_ROWS", 50)
    statements: list[str] = []
    read = sample.read

    def recording(sql: str, params: object = None) -> object:
        statements.append(sql)
        return read(sql, params)  # type: ignore[arg-type]

    monkeypatch.setattr(sample, "read", recording)
    whole = queries.list_matters(sample, MatterKind.GRIEVANCE).rows
    statements.clear()
    listing = queries.list_matter_pages(sample, MatterKind.GRIEVANCE).rows
    assert isinstance(listing, queries.MatterListing)
    assert len(listing) == len(whole) > 100
    assert listing[:50] == whole[:50]
    assert listing.index_of(whole[7][0]) == 7
    assert listing._ids is None and len(statements) == 2  # the count, the first page
    page_sql = statements[1]
    assert page_sql.rstrip().endswith("LIMIT :page_rows")
    assert sample.path is not None
    conn = sqlite3.connect(sample.path)
    try:
        params = {**queries._list_query(sample, MatterKind.GRIEVANCE).params, "page_rows": 50}
        plan = " | ".join(str(r[3]) for r in conn.execute("EXPLAIN QUERY PLAN " + page_sql,
                                                          params))
    finally:
        conn.close()
    assert "ix_grievance_filed" in plan and "TEMP B-TREE" not in plan, plan
    assert listing[50:120] == whole[50:120]  # scrolling on reads the ids, then pages
    assert listing._ids is not None and list(listing._pages) == [0, 1, 2]
