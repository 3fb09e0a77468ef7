"""Writing an import plan in one transaction as one import batch (undoing one: ``undo``).

All or nothing: a plan with any error row is refused unless the officer explicitly chose to skip
error rows; every created grievance, changed field and new member is written inside a single
transaction together with the ``import_batch`` row — the grievances it creates as runs of ids
(``import_batch_row``) with one history entry for them all, one entry per updated grievance and
per new member, every entry carrying the batch id. The wizard writes the plan it previewed
(``commit_plan``); the command line writes a file a part at a time as it is planned
(``commit_parts``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import chain, repeat
from operator import attrgetter, itemgetter, methodcaller
from typing import Any

from sqlalchemy import Table, insert, select, update

from naij_tracker.db import search_backlog
from naij_tracker.db.bulk_load import BulkCheckFailed, bulk_insert
from naij_tracker.db.ids import reserve_ids
from naij_tracker.db.models import (
    Grievance,
    HistoryEntry,
    ImportBatch,
    ImportBatchRow,
    Matter,
    Member,
)
from naij_tracker.db.opening import Database
from naij_tracker.db.server_locks import take_import_lock
from naij_tracker.db.tables import table_of
from naij_tracker.domain import clock
from naij_tracker.domain.names import normalize_person_name
from naij_tracker.domain.search_text import SEARCH_FIELDS, search_text, search_texts
from naij_tracker.importing.plan import (
    GRIEVANCE_FIELDS,
    MATTER_FIELDS,
    ImportPlan,
    PlannedRow,
    jsonable,
    rows_by_number,
    status_for_new,
)
from naij_tracker.importing.prefetch import prefetched
from naij_tracker.importing.safety import gc_paused

CHUNK = 2000
#: From this many created grievances, their full-text entries are made after the commit
#: (``db.search_backlog``); fewer are indexed by the triggers as they are written (a few
#: milliseconds), so search finds them at once.
DEFER_INDEX_FROM = 1000


class ImportRejected(Exception):
    """The plan has error rows and skipping them was not chosen; nothing was written."""


class ImportCancelled(Exception):
    """The officer cancelled; the transaction was rolled back and nothing was written."""


class StalePlan(Exception):
    """The database changed between the dry run and the commit."""


@dataclass(frozen=True)
class CommitResult:
    batch_id: int
    created: int
    updated: int
    unchanged: int
    skipped: int
    new_members: int


def _sqlite_value(value: Any) -> Any:
    """Dates as SQLAlchemy's SQLite dialect stores them (so ORM reads see the same values)."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


#: SQLite accepts at most 32,766 bound parameters in one statement.
MAX_PARAMETERS = 32_000

MATTER_COLUMNS = ("id", "kind", "title", "status", "priority", "owner", "opened_on",
                  "closed_on", "summary", "tags", "search_text", "created_at", "updated_at",
                  "version")
GRIEVANCE_COLUMNS = ("id", "grievance_number", "member_id", "court", "issue_category",
                     "cba_article", "step", "filed_on", "remedy_sought", "outcome")
BATCH_ROW_COLUMNS = ("batch_id", "first_matter_id", "last_matter_id", "first_row")
HISTORY_COLUMNS = ("matter_id", "entity", "entity_id", "action", "summary", "changes", "who",
                   "at", "import_batch_id")


def insert_many(conn: Any, table: Table, columns: tuple[str, ...], params: list[Any]) -> None:
    """Insert rows given as one flat list of values (``len(columns)`` per row), in order.

    On SQLite as multi-row ``INSERT … VALUES (…), (…)`` statements of up to two thousand rows,
    straight through the driver. Two costs are avoided: SQLAlchemy's per-row parameter
    processing, which costs more than SQLite's own work at 100,000 rows; and the per-statement
    flush of the FTS5 index (kept by a trigger on ``matter``): one statement per row is ~4×
    slower than a statement per two thousand rows (measured: 7.3 s against 2.3 s for 100,000
    rows). Values must already be in their stored form (dates as ISO text, see
    ``_sqlite_value``).
    """
    width = len(columns)
    if not params:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(insert(table), [dict(zip(columns, params[i:i + width], strict=True))
                                     for i in range(0, len(params), width)])
        return
    head = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES "
    placeholder = f"({', '.join('?' * width)})"
    per_statement = max(1, min(2000, MAX_PARAMETERS // width)) * width
    full = None
    for start in range(0, len(params), per_statement):
        chunk = params[start:start + per_statement]
        if len(chunk) == per_statement:
            full = full or head + ", ".join([placeholder] * (per_statement // width))
            sql = full
        else:
            sql = head + ", ".join([placeholder] * (len(chunk) // width))
        conn.exec_driver_sql(sql, tuple(chunk))


_encode_json = json.JSONEncoder(ensure_ascii=False).encode


def commit_plan(db: Database, plan: ImportPlan, who: str, *, skip_errors: bool = False,
                progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> CommitResult:
    """Write ``plan`` in one transaction as one import batch (see the module's text)."""
    if plan.errors and not skip_errors:
        raise rejected_for(plan)
    todo = sum(1 for r in plan.rows if r.action != "unchanged")
    return commit_parts(db, [plan], who, expected=todo, skip_errors=skip_errors,
                        progress=progress, cancelled=cancelled)


def commit_parts(db: Database, parts: Iterable[ImportPlan], who: str, *, expected: int,
                 skip_errors: bool = False,
                 progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> CommitResult:
    """Write the plans of a file's parts (``pipeline.planned_parts``, at least one) in one
    transaction as one import batch, each part as it comes: the parts can be planned while the
    ones before them are written. ``expected``: about how many rows will be written (at most
    the file's rows; ``progress`` counts against it). A part with errors, unless
    ``skip_errors``, rolls everything back (``ImportRejected``)."""
    with gc_paused():
        return _commit(db, parts, who, skip_errors, progress, cancelled, expected)


def rejected_for(plan: ImportPlan) -> ImportRejected:
    """The refusal of a plan with error rows (skipping them not chosen)."""
    return ImportRejected(
        f"{plan.file}: {len(plan.errors)} row(s) have errors; nothing was imported. "
        "Correct the file, or choose to skip the rows in error.")


def _commit(db: Database, parts: Iterable[ImportPlan], who: str, skip_errors: bool,
            progress: Callable[[int, int], None] | None,
            cancelled: Callable[[], bool] | None, expected: int) -> CommitResult:
    m, g, h = table_of(Matter), table_of(Grievance), table_of(HistoryEntry)
    now = clock.now()
    stamp = _sqlite_value(now)  # created_at, updated_at and history "at" of every row
    total = max(expected, 1)
    with db.sessions.begin() as session:
        conn = session.connection()
        take_import_lock(conn)  # a server: one import commits at a time (db.server_locks)
        batch: ImportBatch | None = None
        bid = 0
        history: list[Any] = []  # flat HISTORY_COLUMNS values

        def record(mid: int | None, action: str, summary: str, changes: str,
                   entity: str = "matter", entity_id: int | None = None) -> None:
            history.extend((mid, entity, entity_id or mid, action, summary[:500], changes, who,
                            stamp, bid))

        # Members: each new person once (by ``normalize_person_name``), unless someone added
        # them since the preview.
        member_ids: dict[str, int] = {}
        names: dict[int | None, str] = {}
        for mid, name in conn.execute(select(Member.id, Member.name).order_by(Member.id)):
            names[mid] = name
            member_ids.setdefault(normalize_person_name(name), mid)
        # (name, court) as written → id of a member this batch adds; names repeat down a file.
        new_member_of: dict[tuple[str | None, str | None], int] = {}

        def member_of(row: PlannedRow) -> int | None:
            if not row.member_is_new:
                return row.values.get("member_id")
            written = (row.member_name, row.member_court)
            found = new_member_of.get(written)
            if found is None:
                found = new_member_of[written] = member_ids[normalize_person_name(written[0])]
            return found

        # A number the plan would create that is stored now: someone wrote it since the plan
        # was made (with no grievance stored when this began, only the file's own rows are:
        # a number repeated in the file is an error of its rows, see ``rows``).
        stored_before = conn.execute(select(g.c.id).limit(1)).first() is not None
        created_ids: list[int] = []
        created_rows: list[int] = []
        new_members = updated = unchanged = skipped = done = 0
        defer = expected >= DEFER_INDEX_FROM
        file_name = ""
        try:
            # With the backlog, every matter this writes waits there for its index entry.
            with bulk_insert(conn, (m, g), expected) as load, \
                    search_backlog.backlog_inserts_only(conn, defer):
                for plan in parts:
                    if plan.errors and not skip_errors:
                        raise rejected_for(plan)
                    if batch is None:
                        file_name = plan.file
                        batch = ImportBatch(file_name=plan.file, file_sha256=plan.file_sha256,
                                            sheet=plan.sheet, imported_at=now,
                                            imported_by=who)
                        session.add(batch)
                        session.flush()
                        bid = batch.id
                    todo = [r for r in plan.rows if r.action != "unchanged"]
                    unchanged += len(plan.rows) - len(todo)
                    skipped += len({e.row for e in plan.errors}) if skip_errors else 0
                    new_members += _add_members(conn, todo, member_ids, names, stamp, record)
                    creates = [r for r in todo if r.action == "create"]
                    if stored_before and rows_by_number(
                            conn, select(g.c.grievance_number),
                            {r.grievance_number.casefold() for r in creates}):
                        raise StalePlan("The database changed since the preview (a grievance "
                                        "number now exists); run the preview again.")
                    new_ids = reserve_ids(conn, "matter", len(creates))
                    if defer:
                        search_backlog.defer(conn, new_ids)  # indexed after the commit
                    created_ids.extend(new_ids)
                    created_rows.extend(r.row for r in creates)
                    # Python makes the next chunk's parameters on another thread while SQLite
                    # writes this one: the two overlap on two cores (bench/bench_import.py).
                    made = _created_params(creates, new_ids, member_of, names, stamp)
                    with load.rows(new_ids), prefetched(made) as chunks:
                        for count, matter_params, grievance_params in chunks:
                            if cancelled and cancelled():
                                raise ImportCancelled("Import cancelled; nothing was written.")
                            insert_many(conn, m, MATTER_COLUMNS, matter_params)
                            insert_many(conn, g, GRIEVANCE_COLUMNS, grievance_params)
                            done += count
                            if progress:
                                progress(min(done, total), total)
                    for r in (r for r in todo if r.action == "update"):
                        if cancelled and done % 200 == 0 and cancelled():
                            raise ImportCancelled("Import cancelled; nothing was written.")
                        _update(conn, r, now, member_of, record, plan.file)
                        updated += 1
                        done += 1
                        if progress and done % 200 == 0:
                            progress(min(done, total), total)
                    insert_many(conn, h, HISTORY_COLUMNS, history)
                    history.clear()
        except BulkCheckFailed as exc:  # the rows were validated: a rule this module missed
            row = created_rows[created_ids.index(exc.row_id)]
            raise ImportRejected(f"{file_name}: row {row} breaks a rule of the database "
                                 f"({exc}); nothing was imported.") from exc
        assert batch is not None, "commit_parts needs at least one part"
        # The batch knows the grievances it created (runs of ids and rows): one history entry
        # for all of them.
        if created_ids:
            runs = created_runs(created_ids, created_rows)
            insert_many(conn, table_of(ImportBatchRow), BATCH_ROW_COLUMNS,
                        [x for run in runs for x in (bid, *run)])
            n = len(created_ids)
            record(None, "import", f"Imported {n:,} grievance{'s' if n != 1 else ''} from "
                   f"{file_name} (batch {bid})", _encode_json({"created": n}),
                   "import_batch", bid)
            insert_many(conn, h, HISTORY_COLUMNS, history)
        batch.created_count = len(created_ids)
        batch.updated_count = updated
        batch.unchanged_count = unchanged
        batch.skipped_count = skipped
        if progress:
            progress(total, total)
    return CommitResult(bid, len(created_ids), updated, unchanged, skipped, new_members)


def _add_members(conn: Any, todo: list[PlannedRow], member_ids: dict[str, int],
                 names: dict[int | None, str], stamp: str, record: Callable[..., None]) -> int:
    """Insert the new members ``todo`` names that are not stored (nor added by an earlier
    part); how many."""
    adding: dict[str, tuple[str | None, str | None]] = {}
    for written in dict.fromkeys((r.member_name, r.member_court) for r in todo
                                 if r.member_is_new):
        key = normalize_person_name(written[0])
        if key not in member_ids:
            adding.setdefault(key, written)
    member_params: list[Any] = []
    for (key, (member_name, member_court)), new_id in zip(
            adding.items(), reserve_ids(conn, "member", len(adding)), strict=True):
        member_ids[key] = new_id
        names[new_id] = member_name or ""
        member_params.extend((new_id, member_name, member_court, "member", stamp))
        record(None, "import", f"Added member {member_name} (import)",
               _encode_json({"name": [None, member_name]}), "member", new_id)
    insert_many(conn, table_of(Member), ("id", "name", "court", "membership_status",
                                         "created_at"), member_params)
    return len(adding)


def _update(conn: Any, r: PlannedRow, now: datetime,
            member_of: Callable[[PlannedRow], int | None], record: Callable[..., None],
            file_name: str) -> None:
    """Only the changed fields, guarded by the version seen in the preview."""
    m, g = table_of(Matter), table_of(Grievance)
    v = r.values
    matter_changes = {n: v[n] for n in MATTER_FIELDS if n in r.changes}
    grievance_changes = {n: v[n] for n in GRIEVANCE_FIELDS if n in r.changes}
    if "member" in r.changes:
        grievance_changes["member_id"] = member_of(r)
    result = conn.execute(update(m).where(m.c.id == r.matter_id, m.c.version == r.version)
                          .values(**matter_changes, updated_at=now, version=m.c.version + 1))
    if result.rowcount != 1:
        raise StalePlan(f"Grievance {r.grievance_number} was changed since the preview; "
                        "run the preview again.")
    if grievance_changes:
        conn.execute(update(g).where(g.c.id == r.matter_id).values(**grievance_changes))
    if not SEARCH_FIELDS.isdisjoint(r.changes):
        assert r.matter_id is not None  # an update names the matter it updates
        refresh_search_text(conn, r.matter_id)
    changes = {n: [jsonable(a), jsonable(b)] for n, (a, b) in r.changes.items()}
    if "member" in r.changes:
        changes["member_id"] = [r.changes["member_id"][0], grievance_changes["member_id"]]
    record(r.matter_id, "update", f"Updated grievance {r.grievance_number} from import "
           f"(row {r.row} of {file_name})", _encode_json(changes))


def created_runs(ids: Sequence[int], rows: Sequence[int]) -> list[tuple[int, int, int]]:
    """(first id, last id, first row) of each run where ids and spreadsheet rows both go up by
    one — a file's created rows are usually one run, or a few around updated rows."""
    runs: list[tuple[int, int, int]] = []
    start = 0
    for i in range(1, len(ids) + 1):
        if i == len(ids) or ids[i] != ids[i - 1] + 1 or rows[i] != rows[i - 1] + 1:
            runs.append((ids[start], ids[i - 1], rows[start]))
            start = i
    return runs


def _created_params(creates: list[PlannedRow], new_ids: Sequence[int],
                    member_of: Callable[[PlannedRow], int | None], names: dict[int | None, str],
                    stamp: str) -> Iterator[tuple[int, list[Any], list[Any]]]:
    """Per chunk of created rows: (rows, matter and grievance parameters), flat.

    ``new_ids`` (reserved, one per created row, see ``db.ids``) are given in order. Built a
    column at a time with map/zip (C loops), not a row at a time.
    """
    default_status, default_priority, default_step = status_for_new({})
    for start in range(0, len(creates), CHUNK):
        chunk = creates[start:start + CHUNK]
        ids = new_ids[start:start + CHUNK]
        values = [r.values for r in chunk]

        def field(name: str, default: Any = None, values: list[dict[str, Any]] = values
                  ) -> list[Any]:
            got = list(map(methodcaller("get", name), values))
            return [x or default for x in got] if default is not None else got

        numbers = list(map(attrgetter("grievance_number"), chunk))
        members = list(map(member_of, chunk))
        titles = list(map(itemgetter("title"), values))
        courts, summaries, tags = field("court"), field("summary"), field("tags")
        filed, closed = _iso_dates(field("filed_on")), _iso_dates(field("closed_on"))
        search = search_texts(len(chunk), {"number": numbers,
                                           "member_name": list(map(names.get, members)),
                                           "title": titles, "court": courts,
                                           "summary": summaries, "tags": tags})
        matter = list(chain.from_iterable(zip(
            ids, repeat("grievance"), titles, field("status", default_status),
            field("priority", default_priority), field("owner"), filed, closed, summaries, tags,
            search, repeat(stamp), repeat(stamp), repeat(1))))
        grievance = list(chain.from_iterable(zip(
            ids, numbers, members, courts, field("issue_category"), field("cba_article"),
            field("step", default_step), filed, field("remedy_sought"), field("outcome"),
            strict=True)))
        yield len(chunk), matter, grievance


def _iso_dates(dates: list[date | None]) -> list[str | None]:
    """Dates as stored (ISO text), each distinct date formatted once (a file's dates repeat)."""
    text: dict[date | None, str | None] = {d: d.isoformat() for d in set(dates) if d is not None}
    text[None] = None
    return list(map(text.__getitem__, dates))


def refresh_search_text(conn: Any, matter_id: int) -> None:
    """The grievance's search text again from what is stored now (``domain.search_text``)."""
    m, g = table_of(Matter), table_of(Grievance)
    row = conn.execute(select(g.c.grievance_number, Member.name.label("member_name"),
                              m.c.title, g.c.court, m.c.summary, m.c.tags)
                       .select_from(m.join(g, g.c.id == m.c.id)
                                    .outerjoin(table_of(Member), Member.id == g.c.member_id))
                       .where(m.c.id == matter_id)).first()
    text = search_text(row._mapping)
    conn.execute(update(m).where(m.c.id == matter_id).values(search_text=text))
