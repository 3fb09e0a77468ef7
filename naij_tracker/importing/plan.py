"""The dry run: what importing a spreadsheet would create, change, leave alone, or reject.

Rows are matched to stored grievances by grievance number (ignoring case). Only the fields that
some column of the file fills are compared, so a file without a "Priority" column never clears
priorities; identical rows are "unchanged", which makes re-importing a file idempotent. Members
are matched by name and court (ignoring case and surrounding spaces) and created when new.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from sqlalchemy import select

from naij_tracker.db.models import Grievance, ImportMapping, Matter, Member
from naij_tracker.db.opening import Database
from naij_tracker.domain import clock
from naij_tracker.domain import kinds as k
from naij_tracker.domain.field_rules import apply_status_dates, defaults_for, status_dates_apply
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.importing.errors import RowError
from naij_tracker.importing.headers import HeaderMapping, map_headers
from naij_tracker.importing.rows import ParsedGrievance, parse_rows
from naij_tracker.importing.safety import gc_paused
from naij_tracker.importing.sources import SheetData, read_sheet

Action = Literal["create", "update", "unchanged"]

#: Matter/grievance columns an import can set, and the parsed field each comes from.
MATTER_FIELDS = ("title", "status", "priority", "owner", "closed_on", "summary")
GRIEVANCE_FIELDS = ("court", "issue_category", "cba_article", "step", "filed_on",
                    "remedy_sought", "outcome")
#: Fields a file can fill → the stored fields they control.
PRESENT_TO_STORED = {"member_name": "member", "summary": "summary"}


#: The ``changes`` of a row that changes nothing (shared, so read-only).
NO_CHANGES: Mapping[str, tuple[Any, Any]] = MappingProxyType({})


class PlannedRow(NamedTuple):
    """What the import would do with one row. A named tuple: immutable, and cheap to make."""

    row: int
    grievance_number: str
    action: Action
    values: dict[str, Any]
    #: For updates: field → (old, new).
    changes: Mapping[str, tuple[Any, Any]] = NO_CHANGES
    matter_id: int | None = None
    version: int | None = None
    member_name: str | None = None
    member_court: str | None = None
    member_is_new: bool = False


@dataclass(frozen=True)
class ImportPlan:
    path: Path
    file: str
    sheet: str
    sheets: tuple[str, ...]
    header_row: int
    mapping: HeaderMapping
    file_sha256: str
    rows: tuple[PlannedRow, ...]
    errors: tuple[RowError, ...]
    rows_read: int
    unknown_columns: tuple[str, ...]
    preview: tuple[tuple[str, ...], ...]

    def count(self, action: Action) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def created(self) -> int:
        return self.count("create")

    @property
    def updated(self) -> int:
        return self.count("update")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def new_members(self) -> int:
        return len({(r.member_name, r.member_court) for r in self.rows if r.member_is_new})


def _key(name: str | None, court: str | None) -> tuple[str, str]:
    return ((name or "").strip().casefold(), (court or "").strip().casefold())


def remembered_mapping(db: Database, signature: str) -> dict[str, str | None] | None:
    with db.sessions() as session:
        row = session.get(ImportMapping, signature)
        return json.loads(row.mapping) if row else None


def remember_mapping(db: Database, mapping: HeaderMapping) -> None:
    """Keep a corrected mapping for the next file with the same headers."""
    with db.sessions.begin() as session:
        session.merge(ImportMapping(signature=mapping.signature,
                                    mapping=json.dumps(mapping.as_overrides()),
                                    updated_at=clock.now()))


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


#: The stored fields a row can ask for, in the order its values list them.
_TARGETS = ("title", "status", "priority", "owner", "closed_on", "summary", "court",
            "issue_category", "cba_article", "step", "filed_on", "remedy_sought", "outcome")


def _target_maker(present: frozenset[str]) -> Callable[[ParsedGrievance], dict[str, Any]]:
    """The stored values a row asks for (only fields the file fills), as a function of the row;
    which fields to take is settled once per file, not per row."""
    plain = tuple(n for n in _TARGETS if n in present and n not in ("title", "summary"))
    get_plain = attrgetter(*plain) if len(plain) > 1 else None
    title_present = "title" in present
    summary_present = "summary" in present

    def make(g: ParsedGrievance) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if title_present or not g.title_defaulted:
            out["title"] = g.title
        if get_plain is not None:
            out.update(zip(plain, get_plain(g), strict=True))
        elif plain:
            out[plain[0]] = getattr(g, plain[0])
        if summary_present or g.extra_note:
            out["summary"] = (f"{g.summary}\n\n{g.extra_note}" if g.summary and g.extra_note
                              else g.summary or g.extra_note or None)
        return out

    return make


def _existing(db: Database) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str], int],
                                     dict[int, tuple[str, str | None]]]:
    m, g = Matter.__table__, Grievance.__table__
    cols = [m.c.id, m.c.version, g.c.grievance_number, g.c.member_id,
            *[m.c[n] for n in MATTER_FIELDS], *[g.c[n] for n in GRIEVANCE_FIELDS]]
    with db.engine.connect() as conn:
        grievances = {r.grievance_number.casefold(): dict(r._mapping)
                      for r in conn.execute(select(*cols).join(g, g.c.id == m.c.id))}
        members: dict[tuple[str, str], int] = {}
        names: dict[int, tuple[str, str | None]] = {}
        for mid, name, court in conn.execute(select(Member.id, Member.name, Member.court)
                                             .order_by(Member.id)):
            members.setdefault(_key(name, court), mid)
            names[mid] = (name, court)
    return grievances, members, names


def build_plan(db: Database, path: Path | str, *, sheet: str | None = None,
               header_row: int | None = None,
               overrides: Mapping[str, str | None] | None = None,
               sheet_data: SheetData | None = None) -> ImportPlan:
    """Read, map, validate and compare — writing nothing. Raises ``ImportFileError``."""
    # Hundreds of thousands of acyclic objects (cells, rows, values): without the pause the
    # cyclic collector rescans them all again and again as they accumulate.
    with gc_paused():
        return _build_plan(db, Path(path), sheet, header_row, overrides, sheet_data)


def _build_plan(db: Database, path: Path, sheet: str | None, header_row: int | None,
                overrides: Mapping[str, str | None] | None,
                sheet_data: SheetData | None) -> ImportPlan:
    data = sheet_data or read_sheet(path, sheet, header_row=header_row)
    mapping = map_headers(data.headers)
    if overrides is None:
        overrides = remembered_mapping(db, mapping.signature)
    if overrides:
        mapping = map_headers(data.headers, overrides)
    parsed = parse_rows(data, mapping)
    present = parsed.fields_present
    grievances, members, member_names = _existing(db)
    today = clock.today()
    target_values = _target_maker(present)
    members_present = "member_name" in present
    # (name, court) as written → (member id or None, new member?); members repeat down a file.
    member_of: dict[tuple[str | None, str | None], tuple[int | None, bool]] = {}
    rows: list[PlannedRow] = []
    for g in parsed.grievances:
        values = target_values(g)
        member_is_new = False
        if members_present:
            found = member_of.get((g.member_name, g.court))
            if found is None:
                if g.member_name:
                    key = _key(g.member_name, g.court)
                    found = (members.get(key), key not in members)
                else:
                    found = (None, False)
                member_of[(g.member_name, g.court)] = found
            member_id, member_is_new = found
            if not member_is_new:
                values["member_id"] = member_id
        current = grievances.get(g.grievance_number.casefold()) if grievances else None
        if current is None:
            values.setdefault("title", g.title)  # a default title is fine for a new grievance
            _settle_closed_on(values, None, None, today)
            rows.append(PlannedRow(g.row_number, g.grievance_number, "create", values,
                                   member_name=g.member_name, member_court=g.court,
                                   member_is_new=member_is_new))
            continue
        _settle_closed_on(values, current["status"], current["closed_on"], today)
        closed_after = k.is_closed_status(MatterKind.GRIEVANCE,
                                          values.get("status") or current["status"])
        changes: dict[str, tuple[Any, Any]] = {}
        for name, value in values.items():
            if value is None and (name in ("status", "priority", "step")
                                  or (name == "closed_on" and closed_after)):
                # A blank vocabulary cell leaves the stored value alone; so does a blank
                # closed date of a grievance that stays closed.
                continue
            if current.get(name) != value:
                changes[name] = (current.get(name), value)
        if member_is_new:
            old = member_names.get(current["member_id"], (None, None))[0]
            changes["member"] = (old, g.member_name)
            changes["member_id"] = (current["member_id"], None)
        elif "member_id" in changes:
            old_id, new_id = changes["member_id"]
            changes["member"] = (member_names.get(old_id, (None, None))[0],
                                 member_names.get(new_id, (None, None))[0])
        action: Action = "update" if changes else "unchanged"
        rows.append(PlannedRow(g.row_number, current["grievance_number"], action, values,
                               changes, current["id"], current["version"], g.member_name,
                               g.court, member_is_new))
    preview = tuple(tuple(str(c) for c in r.cells) for r in data.data_rows[:20])
    return ImportPlan(
        path=path, file=data.file, sheet=data.sheet, sheets=tuple(data.sheets),
        header_row=data.header_row_number, mapping=mapping, file_sha256=file_digest(path),
        rows=tuple(rows), errors=parsed.errors, rows_read=parsed.rows_read,
        unknown_columns=tuple(mapping.headers[i] for i in mapping.unknown), preview=preview)


def _settle_closed_on(values: dict[str, Any], old_status: str | None,
                     old_closed_on: date | None, today: date) -> None:
    """The editor's rule for the closed date that goes with a status
    (``field_rules.apply_status_dates``), applied to a row's values when its status opens or
    closes the grievance — or, for a new grievance, always."""
    new_status = values.get("status")
    if old_status is None:
        new_status = new_status or defaults_for(MatterKind.GRIEVANCE)["status"]
    elif new_status is None or not status_dates_apply(MatterKind.GRIEVANCE, old_status,
                                                      new_status):
        return
    settled = {"status": new_status, "closed_on": values.get("closed_on", old_closed_on)}
    apply_status_dates(MatterKind.GRIEVANCE, settled, today)
    if settled["closed_on"] != values.get("closed_on", old_closed_on) or "closed_on" in values:
        values["closed_on"] = settled["closed_on"]


def status_for_new(values: Mapping[str, Any]) -> tuple[str, str, str]:
    """Defaults on create: (status, priority, step), from ``domain.field_rules``."""
    defaults = defaults_for(MatterKind.GRIEVANCE)
    return (values.get("status") or defaults["status"],
            values.get("priority") or defaults["priority"], values.get("step") or defaults["step"])


def jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
