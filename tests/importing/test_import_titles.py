"""A row without a title is named after its category and member — the member as stored (or
as a new member is named), not as the steward wrote them ("Lee, Grace")."""

from __future__ import annotations

from pathlib import Path

from naij_tracker.db.opening import Database
from naij_tracker.importing.commit import commit_plan
from naij_tracker.importing.pipeline import build_plan
from naij_tracker.services.people import PeopleService


def stored_titles(db: Database) -> dict[str, tuple[str, str | None]]:
    return {number: (title, member) for number, title, member in db.read(
        "SELECT g.grievance_number, m.title, p.name FROM grievance g JOIN matter m "
        "ON m.id = g.id LEFT JOIN member p ON p.id = g.member_id")}


def test_default_titles_name_the_member_as_stored(db: Database, tmp_path: Path) -> None:
    PeopleService(db, "officer").create_member({"name": "Grace Lee", "court": "Boston"})
    sheet = tmp_path / "log.csv"
    sheet.write_text("Grievance #,Grievant,Court,Step,Date filed,Category\n"
                     'T-1,"Lee, Grace",Boston,Step 1,3/7/2025,Leave\n'
                     'T-2,"Okafor, Ben",Reno,Step 1,3/8/2025,\n'
                     "T-3,Union,Reno,Step 1,3/8/2025,Pay\n"
                     "T-4,Grace Lee,Boston,Step 1,3/9/2025,Telework\n", encoding="utf-8")
    commit_plan(db, build_plan(db, sheet), "officer")
    assert stored_titles(db) == {
        "T-1": ("Leave — Grace Lee", "Grace Lee"),
        "T-2": ("Grievance T-2 — Ben Okafor", "Ben Okafor"),  # a new member, named so
        "T-3": ("Pay — Union", None),
        "T-4": ("Telework — Grace Lee", "Grace Lee"),
    }


def test_a_title_the_steward_wrote_is_kept(db: Database, tmp_path: Path) -> None:
    PeopleService(db, "officer").create_member({"name": "Grace Lee", "court": "Boston"})
    sheet = tmp_path / "log.csv"
    sheet.write_text("Grievance #,Grievant,Step,Date filed,Subject\n"
                     'T-1,"Lee, Grace",Step 1,3/7/2025,Lee v. EOIR\n'
                     'T-2,"Lee, Grace",Step 1,3/7/2025,\n', encoding="utf-8")
    commit_plan(db, build_plan(db, sheet), "officer")
    titles = stored_titles(db)
    assert titles["T-1"] == ("Lee v. EOIR", "Grace Lee")
    assert titles["T-2"] == ("Grievance T-2 — Grace Lee", "Grace Lee")  # a blank subject
