"""Sheets as stewards keep them — written by openpyxl and by LibreOffice — are taken, not
refused: synonyms of every family, a long description, unknown columns, a footer row, members
written several ways, a near match offered as a choice, a value the officer maps once."""

from __future__ import annotations

from pathlib import Path

import pytest
from steward_sheets import EXPECTED, LONG_DESCRIPTION, build

from naij_tracker.db.opening import Database
from naij_tracker.importing.commit import commit_plan
from naij_tracker.importing.pipeline import build_plan, headers, members, read, remember, values
from naij_tracker.services.matters import MatterService
from naij_tracker.services.people import PeopleService

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(params=["openpyxl.xlsx", "libreoffice.ods", "libreoffice.xlsx"])
def sheet(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if request.param == "openpyxl.xlsx":
        return build(tmp_path / "steward-log.xlsx")
    return DATA / f"steward-log-{request.param}"


@pytest.fixture
def people(db: Database) -> dict[str, int]:
    service = PeopleService(db, "officer")
    return {name: service.create_member({"name": name, "court": court})
            for name, court in (("Grace Lee", "Boston"), ("Wen Castellanos", "Chicago"),
                                ("Ana Petrova", "Boston"))}


MAP_DONE = {"status": {"donewithit": "withdrawn"}}


def test_every_synonym_family_is_read(db: Database, people: dict[str, int], sheet: Path) -> None:
    plan = build_plan(db, sheet, value_map=MAP_DONE, new_members=True)
    assert plan.errors == ()
    by_number = {r.grievance_number: r.values for r in plan.rows}
    for number, (step, status) in EXPECTED.items():
        assert (by_number[number]["step"], by_number[number]["status"]) == (step, status), number
    assert by_number["S-09"]["status"] == "withdrawn"  # mapped by the officer
    assert [by_number[n]["priority"] for n in ("S-01", "S-02", "S-03", "S-05", "S-07")] == \
        ["high", "normal", "urgent", "low", "urgent"]
    # Issue categories: synonyms to the catalogue's spelling.
    assert by_number["S-02"]["issue_category"] == "Telework"
    assert by_number["S-04"]["issue_category"] == "Performance metrics"
    # "Denied - considering arb": denied, and what was written is kept.
    assert "Status as written: Denied - considering arb" in by_number["S-03"]["summary"]


def test_an_unknown_value_is_gathered_once_and_its_rows_wait_for_a_meaning(
        db: Database, people: dict[str, int], sheet: Path) -> None:
    plan = build_plan(db, sheet, new_members=True)
    ((unknown),) = plan.unknown_values
    assert (unknown.field, unknown.text, unknown.count) == ("status", "Done with it", 1)
    ((error),) = plan.errors
    assert error.row == 12 and "Done with it" in error.message and "--map" in error.message


def test_a_long_description_is_kept_whole_with_a_short_title(
        db: Database, people: dict[str, int], sheet: Path) -> None:
    commit_plan(db, build_plan(db, sheet, value_map=MAP_DONE, new_members=True), "officer")
    service = MatterService(db, "officer")
    (row,) = [r for r in build_plan(db, sheet, value_map=MAP_DONE, new_members=True).rows
              if r.grievance_number == "S-03"]
    assert row.action == "unchanged"  # re-importing changes nothing
    record = service.get(row.matter_id)
    assert record.values["summary"].startswith(LONG_DESCRIPTION)
    assert record.title == "Management reassigned the detained docket without notice."
    assert len(record.title) <= 120


def test_unknown_columns_are_kept_and_the_footer_is_left_out(
        db: Database, people: dict[str, int], sheet: Path) -> None:
    plan = build_plan(db, sheet, value_map=MAP_DONE, new_members=True)
    assert plan.unknown_columns == ("Steward's notes", "Shoe size")
    summaries = {r.grievance_number: r.values.get("summary") for r in plan.rows}
    assert "Shoe size: 9" in summaries["S-02"]
    assert "Steward's notes: call back Tuesday" in summaries["S-03"]
    (line,) = plan.footers
    assert "Row 14" in line and "Total open: 14" in line
    assert len(plan.rows) == 9  # the footer is not a grievance (nor an error)


def test_one_person_written_three_ways_is_the_stored_member(
        db: Database, people: dict[str, int], sheet: Path) -> None:
    plan = build_plan(db, sheet, value_map=MAP_DONE, new_members=True)
    by_number = {r.grievance_number: r for r in plan.rows}
    for number in ("S-01", "S-02", "S-03"):  # "Lee, Grace", "Hon. Grace Lee", "grace lee"
        assert by_number[number].values["member_id"] == people["Grace Lee"]
        assert not by_number[number].member_is_new
    assert by_number["S-08"].values["member_id"] == people["Ana Petrova"]
    # New people are stored without their titles, first name first.
    assert by_number["S-07"].member_name == "Tomás Villanueva"
    assert by_number["S-04"].member_name == "R. Abernathy"
    result = commit_plan(db, plan, "officer")
    assert result.new_members == 3  # Abernathy, Villanueva, Castelanos (chosen as new)
    names = [m.name for m in PeopleService(db, "officer").members()]
    assert sorted(names).count("Grace Lee") == 1


def test_a_near_match_is_a_choice_not_a_new_member(db: Database, people: dict[str, int],
                                                   sheet: Path) -> None:
    plan = build_plan(db, sheet, value_map=MAP_DONE)
    assert plan.members is not None
    (entry,) = plan.members.undecided
    assert entry.written == "Wen Castelanos"
    assert [(n.member.name, n.reason) for n in entry.near] == [("Wen Castellanos",
                                                                "one letter off")]
    (error,) = plan.errors
    assert error.row == 8 and "Wen Castellanos" in error.message
    # Said to be the stored member: the row imports onto her.
    decided = build_plan(db, sheet, value_map=MAP_DONE,
                         member_decisions={entry.key: people["Wen Castellanos"]})
    assert decided.errors == ()
    s05 = next(r for r in decided.rows if r.grievance_number == "S-05")
    assert s05.values["member_id"] == people["Wen Castellanos"]


def test_answers_are_kept_in_the_profile_for_the_next_file(
        db: Database, people: dict[str, int], sheet: Path) -> None:
    h = headers(db, read(sheet))
    v = values(h, MAP_DONE)
    m = members(db, h, {"wen castelanos": people["Wen Castellanos"]})
    remember(db, h, v, m, "Boston log")
    again = build_plan(db, sheet)  # the profile of these headers is found by itself
    assert again.errors == ()
    assert next(r for r in again.rows if r.grievance_number == "S-09").values["status"] == \
        "withdrawn"
