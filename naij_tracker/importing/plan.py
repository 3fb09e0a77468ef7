"""The dry run: what importing a spreadsheet would create, change, leave alone, or reject.

Rows are matched to stored grievances by grievance number (ignoring case). Only the fields that
some column of the file fills are compared, so a file without a "Priority" column never clears
priorities; identical rows are "unchanged", which makes re-importing a file idempotent. Members
are matched by name and court (ignoring case and surrounding spaces) and created when new.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select

from naij_tracker.db.models import Grievance, ImportMapping, Matter, Member
from naij_tracker.db.opening import Database
from naij_tracker.domain import kinds as k
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.importing.errors import RowError
from naij_tracker.importing.headers import HeaderMapping, map_headers
from naij_tracker.importing.rows import ParsedGrievance, parse_rows
from naij_tracker.importing.sources import SheetData, read_sheet

Action = Literal["create", "update", "unchanged"]

#: Matter/grievance columns an import can set, and the parsed field each comes from.
MATTER_FIELDS = ("title", "status", "priority", "owner", "closed_on", "summary")
GRIEVANCE_FIELDS = ("court", "issue_category", "cba_article", "step", "filed_on",
                    "remedy_sought", "outcome")
#: Fields a file can fill → the stored fields they control.
PRESENT_TO_STORED = {"member_name": "member", "summary": "summary"}


@dataclass(frozen=True)
class PlannedRow:
    row: int
    grievance_number: str
    action: Action
    values: dict[str, Any]
    #: For updates: field → (old, new).
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
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
                                    updated_at=datetime.now()))


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _target_values(g: ParsedGrievance, present: frozenset[str]) -> dict[str, Any]:
    """The stored values this row asks for (only fields the file fills)."""
    summary = "\n\n".join(p for p in (g.summary, g.extra_note) if p) or None
    candidates: dict[str, Any] = {
        "title": g.title, "status": g.status, "priority": g.priority, "owner": g.owner,
        "closed_on": g.closed_on, "summary": summary, "court": g.court,
        "issue_category": g.issue_category, "cba_article": g.cba_article, "step": g.step,
        "filed_on": g.filed_on, "remedy_sought": g.remedy_sought, "outcome": g.outcome,
    }
    out = {}
    for name, value in candidates.items():
        if name == "summary":
            if "summary" in present or g.extra_note:
                out[name] = value
        elif name == "title":
            if "title" in present or not g.title_defaulted:
                out[name] = value
        elif name in present:
            out[name] = value
    return out


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
    path = Path(path)
    data = sheet_data or read_sheet(path, sheet, header_row=header_row)
    mapping = map_headers(data.headers)
    if overrides is None:
        overrides = remembered_mapping(db, mapping.signature)
    if overrides:
        mapping = map_headers(data.headers, overrides)
    parsed = parse_rows(data, mapping)
    present = parsed.fields_present
    grievances, members, member_names = _existing(db)
    new_member_keys: set[tuple[str, str]] = set()
    rows: list[PlannedRow] = []
    for g in parsed.grievances:
        values = _target_values(g, present)
        member_key = _key(g.member_name, g.court) if g.member_name else None
        member_is_new = False
        if "member_name" in present:
            if member_key is None:
                values["member_id"] = None
            elif member_key in members:
                values["member_id"] = members[member_key]
            else:
                member_is_new = True
                new_member_keys.add(member_key)
        current = grievances.get(g.grievance_number.casefold())
        if current is None:
            values.setdefault("title", g.title)  # a default title is fine for a new grievance
            rows.append(PlannedRow(g.row_number, g.grievance_number, "create", values,
                                   member_name=g.member_name, member_court=g.court,
                                   member_is_new=member_is_new))
            continue
        changes: dict[str, tuple[Any, Any]] = {}
        for name, value in values.items():
            if value is None and name in ("status", "priority", "step"):
                continue  # a blank vocabulary cell leaves the stored value alone
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


def status_for_new(values: Mapping[str, Any]) -> tuple[str, str, str]:
    """Defaults on create: (status, priority, step)."""
    return (values.get("status") or k.INITIAL_STATUS[MatterKind.GRIEVANCE],
            values.get("priority") or "normal", values.get("step") or "step1")


def jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
