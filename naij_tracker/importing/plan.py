"""The dry run: what importing a spreadsheet would create, change, leave alone, or reject.

Rows are matched to stored grievances by grievance number (ignoring case). Only the fields that
some column of the file fills are compared, so a file without a "Priority" column never clears
priorities; identical rows are "unchanged", which makes re-importing a file idempotent. Members
come matched from the members stage (``members``) and are created when new.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from sqlalchemy import Select, bindparam, func, select

from naij_tracker.db.models import Grievance, Matter, Member
from naij_tracker.db.opening import Database
from naij_tracker.db.tables import table_of
from naij_tracker.domain import clock
from naij_tracker.domain import kinds as k
from naij_tracker.domain.field_rules import apply_status_dates, defaults_for, status_dates_apply
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.domain.names import normalize_person_name
from naij_tracker.importing.errors import RowError
from naij_tracker.importing.headers import HeaderMapping, is_derived_header
from naij_tracker.importing.members import (
    MemberReport,
    StoredMember,
    WrittenName,
    undecided_problem,
)
from naij_tracker.importing.profiles import ImportProfile, load_profile, save_profile
from naij_tracker.importing.rows import ParsedGrievance, ParseResult, default_title
from naij_tracker.importing.sources import SheetData
from naij_tracker.importing.values import UnknownValue

Action = Literal["create", "update", "unchanged"]

#: Matter/grievance columns an import can set, and the parsed field each comes from.
MATTER_FIELDS = ("title", "status", "priority", "owner", "closed_on", "summary", "tags")
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


_new_row: Callable[[type[PlannedRow], tuple[Any, ...]], PlannedRow] = tuple.__new__


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
    #: One line per footer/total row left out.
    footers: tuple[str, ...] = ()
    #: Values of choice columns nobody has said the meaning of (their rows are errors).
    unknown_values: tuple[UnknownValue, ...] = ()
    members: MemberReport | None = None
    #: Columns the application works out itself ("Next deadline"), not imported.
    derived_columns: tuple[str, ...] = ()

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
        written = {r.member_name for r in self.rows if r.member_is_new}
        return len({normalize_person_name(n) for n in written})


def remembered_mapping(db: Database, signature: str) -> dict[str, str | None] | None:
    """The column choices kept for files with these headers (see ``profiles``)."""
    profile = load_profile(db, signature)
    return profile.columns if profile and profile.columns else None


def remember_mapping(db: Database, mapping: HeaderMapping) -> None:
    """Keep a corrected mapping for the next file with the same headers (in its profile)."""
    profile = load_profile(db, mapping.signature) or ImportProfile()
    profile.columns = mapping.as_overrides()
    save_profile(db, mapping.signature, profile)


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


#: The stored fields a row can ask for, in the order its values list them.
_TARGETS = ("title", "status", "priority", "owner", "closed_on", "summary", "court",
            "issue_category", "cba_article", "step", "filed_on", "remedy_sought", "outcome",
            "tags")


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


#: Numbers looked up per statement (SQLite allows 32,766 parameters; a few hundred keep each
#: statement's plan and parameter list small).
LOOKUP_CHUNK = 500


def _chunks(items: Sequence[Any], size: int = LOOKUP_CHUNK) -> Iterator[Sequence[Any]]:
    return (items[i:i + size] for i in range(0, len(items), size))


def _existing(db: Database, numbers: Iterable[str], member_ids: Iterable[int]
              ) -> tuple[dict[str, dict[str, Any]], dict[int, tuple[str, str | None]]]:
    """The stored grievances the file names (by number, ignoring case), and the names of their
    members and of ``member_ids`` — looked up a few hundred at a time (numbers through the
    case-blind unique index), so the cost follows the file, not the database."""
    m, g = table_of(Matter), table_of(Grievance)
    cols = [m.c.id, m.c.version, g.c.grievance_number, g.c.member_id,
            *[m.c[n] for n in MATTER_FIELDS], *[g.c[n] for n in GRIEVANCE_FIELDS]]
    keys = {n.casefold() for n in numbers}
    with db.engine.connect() as conn:
        grievances = {row.grievance_number.casefold(): dict(row._mapping) for row in
                      rows_by_number(conn, select(*cols).join(g, g.c.id == m.c.id), keys)}
        wanted = sorted(({r["member_id"] for r in grievances.values()} | set(member_ids))
                        - {None})
        names = {mid: (name, court) for chunk in _chunks(wanted)
                 for mid, name, court in conn.execute(
                     select(Member.id, Member.name, Member.court)
                     .where(Member.id.in_(list(chunk))))}
    return grievances, names


def rows_by_number(conn: Any, query: Select[Any], keys: set[str]) -> list[Any]:
    """The rows of ``query`` (which reads ``grievance``) whose grievance number is one of
    ``keys`` (case-folded), a few hundred numbers a statement through the case-blind unique
    index; nothing is read from an empty table."""
    g = table_of(Grievance)
    if not keys or conn.execute(select(g.c.id).limit(1)).first() is None:
        return []
    by_key = query.where(func.lower(g.c.grievance_number).in_(bindparam("keys", expanding=True)))
    found = [row for chunk in _chunks(sorted(k for k in keys if k.isascii()))
             for row in conn.execute(by_key, {"keys": list(chunk)})]
    if any(not k.isascii() for k in keys):
        # SQLite's lower() folds only ASCII letters: numbers with other letters are compared
        # here, after reading the few stored numbers that have any.
        column = g.c.grievance_number
        found.extend(conn.execute(query.where(
            column.op("GLOB")("*[^ -~]*") if conn.dialect.name == "sqlite"
            else column.op("~")("[^ -~]"))))
    return [row for row in found if row.grievance_number.casefold() in keys]


def _chosen_members(members: MemberReport) -> Iterator[int]:
    """The stored members the file's names are (found, or chosen by the officer)."""
    for n in members.names:
        if n.same is not None:
            yield n.same.id
        elif isinstance(n.decision, int):
            yield n.decision


def stored_members(db: Database) -> list[StoredMember]:
    with db.engine.connect() as conn:
        return [StoredMember(mid, name, court) for mid, name, court in conn.execute(
            select(Member.id, Member.name, Member.court).order_by(Member.id))]


#: Written member name → (member id, new?, its entry if undecided, the name a new member gets).
ResolvedNames = dict[str | None, tuple[int | None, bool, WrittenName | None, str | None]]


def make_plan(db: Database, path: Path, data: SheetData, mapping: HeaderMapping,
              parsed: ParseResult, members: MemberReport, *, new_members: bool = False,
              footers: tuple[str, ...] = (), unknown: tuple[UnknownValue, ...] = (),
              digest: str | None = None, resolved: ResolvedNames | None = None
              ) -> ImportPlan:
    """The plan stage: compare the parsed rows with the database — writing nothing.

    A member name that is only a near match of a stored member, and that nobody has decided
    about, is an error on its rows unless ``new_members`` (then it is added as new).
    ``digest``: the file's SHA-256 when already known (else it is read again); ``resolved``:
    the member names resolved for the file's earlier parts (see below), added to here.
    """
    present = parsed.fields_present
    grievances, member_names = _existing(
        db, map(attrgetter("grievance_number"), parsed.grievances),
        _chosen_members(members))
    today = clock.today()
    target_values = _target_maker(present)
    members_present = "member_name" in present
    member_column = mapping.column_of("member_name")
    rows: list[PlannedRow] = []
    errors = list(parsed.errors)
    # Written name → (member id, new?, its entry if undecided, the name a new member gets);
    # names repeat down a file, so each is resolved once.
    if resolved is None:
        resolved = {}
    for g in parsed.grievances:
        values = target_values(g)
        member_is_new = False
        member_name = g.member_name
        if members_present:
            found = resolved.get(g.member_name)
            if found is None:
                member_id, is_new, entry = members.resolve(g.member_name)
                new_name = entry.new_name if entry is not None else g.member_name
                undecided = entry if entry is not None and entry.needs_decision else None
                found = resolved[g.member_name] = (member_id, is_new, undecided, new_name)
            member_id, member_is_new, entry, new_name = found
            if entry is not None:  # a near match nobody decided about
                if not new_members:
                    errors.append(RowError.at(
                        data.file, data.sheet, g.row_number,
                        data.column_name(member_column) if member_column is not None else None,
                        "member_name", undecided_problem(entry)))
                    continue
                member_is_new = True
            if member_is_new:
                member_name = new_name
            else:
                values["member_id"] = member_id
        current = grievances.get(g.grievance_number.casefold()) if grievances else None
        if current is None:
            if g.title_defaulted and members_present:
                # "Leave — Grace Lee": the member as stored, or as a new member is named,
                # not as written ("Lee, Grace").
                stored = member_names.get(member_id) if member_id is not None else None
                who = member_name if member_is_new else stored[0] if stored else None
                if who and who != g.member_name:
                    values["title"] = default_title(g.grievance_number, g.issue_category, who)
            values.setdefault("title", g.title)  # a default title is fine for a new grievance
            _settle_closed_on(values, None, None, today)
            # tuple.__new__ makes the named tuple in C (most rows of a large file are new).
            rows.append(_new_row(PlannedRow, (g.row_number, g.grievance_number, "create",
                                              values, NO_CHANGES, None, None, member_name,
                                              g.court, member_is_new)))
            continue
        _settle_closed_on(values, current["status"], current["closed_on"], today)
        closed_after = (values.get("status") or current["status"]) in _CLOSED
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
            changes["member"] = (old, member_name)
            changes["member_id"] = (current["member_id"], None)
        elif "member_id" in changes:
            old_id, new_id = changes["member_id"]
            changes["member"] = (member_names.get(old_id, (None, None))[0],
                                 member_names.get(new_id, (None, None))[0])
        action: Action = "update" if changes else "unchanged"
        rows.append(PlannedRow(g.row_number, current["grievance_number"], action, values,
                               changes, current["id"], current["version"], member_name,
                               g.court, member_is_new))
    errors.sort(key=lambda e: e.row)
    preview = tuple(tuple(str(c) for c in r.cells) for r in data.data_rows[:20])
    return ImportPlan(
        path=path, file=data.file, sheet=data.sheet, sheets=tuple(data.sheets),
        header_row=data.header_row_number, mapping=mapping, file_sha256=digest or file_digest(path),
        rows=tuple(rows), errors=tuple(errors), rows_read=parsed.rows_read,
        unknown_columns=tuple(mapping.headers[i] for i in mapping.unknown), preview=preview,
        footers=footers, unknown_values=unknown, members=members,
        derived_columns=tuple(mapping.headers[i] for i in mapping.ignored
                              if is_derived_header(mapping.headers[i])))


_DEFAULT_STATUS: str = defaults_for(MatterKind.GRIEVANCE)["status"]
_CLOSED = k.CLOSED_STATUSES[MatterKind.GRIEVANCE]


@lru_cache(maxsize=256)
def _settle_action(old_status: str | None, new_status: str, has_date: bool) -> str:
    """What ``field_rules`` does to the closed date for this status change — "keep", "today"
    or "clear" — worked out once per combination (a file holds a handful)."""
    if old_status is not None and not status_dates_apply(MatterKind.GRIEVANCE, old_status,
                                                         new_status):
        return "keep"
    probe: dict[str, Any] = {"status": new_status, "closed_on": _PROBE if has_date else None}
    apply_status_dates(MatterKind.GRIEVANCE, probe, _PROBE_TODAY)
    if probe["closed_on"] is _PROBE or (probe["closed_on"] is None and not has_date):
        return "keep"
    return "clear" if probe["closed_on"] is None else "today"


_PROBE: Any = object()
_PROBE_TODAY = date(1, 1, 1)


def _settle_closed_on(values: dict[str, Any], old_status: str | None,
                      old_closed_on: date | None, today: date) -> None:
    """The editor's rule for the closed date that goes with a status
    (``field_rules.apply_status_dates``), applied to a row's values when its status opens or
    closes the grievance — or, for a new grievance, always."""
    new_status = values.get("status")
    if old_status is None:
        new_status = new_status or _DEFAULT_STATUS
    elif new_status is None:
        return
    action = _settle_action(old_status, new_status,
                            values.get("closed_on", old_closed_on) is not None)
    if action == "today":
        values["closed_on"] = today
    elif action == "clear":
        values["closed_on"] = None


def status_for_new(values: Mapping[str, Any]) -> tuple[str, str, str]:
    """Defaults on create: (status, priority, step), from ``domain.field_rules``."""
    defaults = defaults_for(MatterKind.GRIEVANCE)
    return (values.get("status") or defaults["status"],
            values.get("priority") or defaults["priority"], values.get("step") or defaults["step"])


def jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
