"""Members of the bargaining unit: the list (filterable), a member's form, and their matters."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from naij_tracker.domain import kinds as k
from naij_tracker.domain.fields import FieldSpec, FieldType
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.domain.validation import FieldError, validate_member
from naij_tracker.services.people import MEMBER_FIELDS, MemberRow
from naij_tracker.ui.catalogue_view import CatalogueView, MatterLine
from naij_tracker.ui.changes import Change
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.record_table import Column
from naij_tracker.ui.tasks import TaskRunner

MEMBER_SPECS = (
    FieldSpec("name", "Name", required=True, max_length=200),
    FieldSpec("court", "Court", max_length=120, help="The immigration court where they sit."),
    FieldSpec("membership_status", "Membership", FieldType.CHOICE, required=True,
              choices=k.MEMBERSHIP_STATUSES),
    FieldSpec("email", "Email", max_length=200),
    FieldSpec("phone", "Phone", max_length=60),
    FieldSpec("notes", "Notes", FieldType.LONGTEXT),
)


class MembersView(CatalogueView):
    """Members, with add/edit/delete and each member's grievances and disputes."""

    noun = "member"
    matters_heading = "This member's matters"
    specs = MEMBER_SPECS
    columns = (
        Column("Name", lambda m: m.name),
        Column("Court", lambda m: m.court),
        Column("Membership", lambda m: k.label_of(k.MEMBERSHIP_STATUSES, m.membership_status)),
        Column("Open grievances", lambda m: m.open_matters or "", align_right=True),
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 runner: TaskRunner | None = None) -> None:
        super().__init__(ctx, parent, runner=runner)
        for col, width in enumerate((190, 150, 130)):
            self.view.setColumnWidth(col, width)

    def fetch(self, text_filter: str) -> list[MemberRow]:
        return self.ctx.people.members(text_filter)

    def values_of(self, record: MemberRow) -> dict[str, Any]:
        return {name: getattr(record, name) for name in MEMBER_FIELDS}

    def defaults(self) -> dict[str, Any]:
        return {"membership_status": "member"}

    def check(self, values: dict[str, Any]) -> list[FieldError]:
        return validate_member(values.get("name"), values.get("email"))

    # Run on the task runner (see CatalogueView): plain service calls.
    def create_record(self, values: dict[str, Any]) -> int:
        return self.ctx.people.create_member(values)

    def update_record(self, record_id: int, values: dict[str, Any],
                      expected_version: int | None) -> None:
        self.ctx.people.update_member(record_id, values, expected_version=expected_version)

    def remove(self, record_id: int) -> None:
        self.ctx.people.delete_member(record_id)

    def after_write(self) -> None:
        # Announced, so the member pickers of open editors refresh at once.
        self.ctx.changes.members_changed.emit()

    def written(self) -> Change:
        return Change.of_members("members")

    def matters_of(self, record_id: int) -> list[MatterLine]:
        out = []
        for matter_id, kind, title, status in self.ctx.people.member_matters(record_id):
            mk = MatterKind(kind)
            out.append((matter_id, mk.label, title, k.label_of(k.STATUSES[mk], status)))
        return out
