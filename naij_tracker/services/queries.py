"""Read-only queries the views need: lists per kind, global search, the dashboard, deadlines.

Lists are built in SQL (``WHERE`` for filters, ``ORDER BY`` for sorting) and returned as tuples,
not ORM objects: 100,000 grievances load as tuples in a fraction of the time, and a Qt proxy model
sorting that many Python rows would take seconds. Text filters use the FTS5 trigram index
(fragments of three characters or more) and fall back to ``LIKE`` for shorter fragments.

Like ``overview``, these are plain SQL through ``Database.read``: showing a list or searching
never loads SQLAlchemy (a third of a second and some 40 MB), which only the editing services do.
The column names here are those of ``db.models``; ``tests/services/test_matter_listing.py``
checks every list, filter and sort against the rows the services wrote.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, overload

from naij_tracker.db.opening import Database
from naij_tracker.domain import kinds as k
from naij_tracker.domain.fields import reference
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.overview import (
    DASHBOARD_ROWS,
    ActivityRow,
    Dashboard,
    DeadlineRow,
    as_date,
    counts,
    dashboard,
    deadline_rows,
    open_counts,
    recent_activity,
)

__all__ = ["LIST_COLUMNS", "DASHBOARD_ROWS", "ActivityRow", "Dashboard", "DeadlineRow",
           "ListColumn", "ListResult", "MatterListing", "SearchHit", "counts", "dashboard",
           "deadline_rows", "list_matter_pages", "list_matters", "open_counts",
           "recent_activity", "search"]


@dataclass(frozen=True, slots=True)
class ListColumn:
    key: str
    label: str
    #: How to show codes: a vocabulary whose labels replace the stored codes.
    choices: tuple[k.Choice, ...] = ()


LIST_COLUMNS: dict[MatterKind, tuple[ListColumn, ...]] = {
    MatterKind.GRIEVANCE: (
        ListColumn("number", "Number"), ListColumn("member", "Member"),
        ListColumn("court", "Court"), ListColumn("step", "Step", k.GRIEVANCE_STEPS),
        ListColumn("status", "Status", k.GRIEVANCE_STATUSES), ListColumn("filed", "Filed"),
        ListColumn("next_due", "Next deadline"), ListColumn("title", "Title"),
    ),
    MatterKind.FLRA: (
        ListColumn("number", "Case number"), ListColumn("case_type", "Type", k.FLRA_CASE_TYPES),
        ListColumn("region", "Region"), ListColumn("status", "Status", k.FLRA_STATUSES),
        ListColumn("filed", "Filed"), ListColumn("next_due", "Next deadline"),
        ListColumn("title", "Title"),
    ),
    MatterKind.BARGAINING: (
        ListColumn("title", "Title"),
        ListColumn("bargaining_type", "Type", k.BARGAINING_TYPES),
        ListColumn("notice", "Agency notice"), ListColumn("demand", "Union demand"),
        ListColumn("status", "Status", k.BARGAINING_STATUSES),
        ListColumn("next_due", "Next deadline"),
    ),
    MatterKind.METRIC_DISPUTE: (
        ListColumn("title", "Title"), ListColumn("metric", "Metric"),
        ListColumn("scope", "Scope", k.DISPUTE_SCOPES), ListColumn("member", "Member"),
        ListColumn("measured", "Measured"), ListColumn("target", "Target"),
        ListColumn("status", "Status", k.METRIC_DISPUTE_STATUSES),
        ListColumn("next_due", "Next deadline"),
    ),
}

#: The earliest open deadline of each matter, as a join (for sorting a whole list by it)…
_NEXT_DUE_JOIN = ("LEFT JOIN (SELECT matter_id, min(due_on) AS next_due FROM deadline "
                  "WHERE done_on IS NULL GROUP BY matter_id) nd ON nd.matter_id = m.id")
#: … and per row (for a page of rows: a few hundred ``ix_deadline_matter`` look-ups). Left
#: bare, ``done_on IS NULL`` would lead SQLite to walk every open deadline through
#: ``ix_deadline_open_due`` for each row; ``coalesce`` keeps it on the per-matter index.
_NEXT_DUE_EACH = ("(SELECT min(x.due_on) FROM deadline x WHERE x.matter_id = m.id "
                  "AND coalesce(x.done_on, NULL) IS NULL)")

#: Per kind: the SQL of each column (``next_due`` apart) and the tables they come from.
_LIST_SQL: dict[MatterKind, tuple[dict[str, str], str]] = {
    MatterKind.GRIEVANCE: (
        {"number": "g.grievance_number", "member": "mem.name", "court": "g.court",
         "step": "g.step", "status": "m.status", "filed": "g.filed_on", "title": "m.title"},
        "FROM matter m JOIN grievance g ON g.id = m.id "
        "LEFT JOIN member mem ON mem.id = g.member_id"),
    MatterKind.FLRA: (
        {"number": "f.case_number", "case_type": "f.case_type", "region": "f.region",
         "status": "m.status", "filed": "f.filed_on", "title": "m.title"},
        "FROM matter m JOIN flra_case f ON f.id = m.id"),
    MatterKind.BARGAINING: (
        {"title": "m.title", "bargaining_type": "b.bargaining_type",
         "notice": "b.agency_notice_on", "demand": "b.union_demand_on", "status": "m.status"},
        "FROM matter m JOIN bargaining_obligation b ON b.id = m.id"),
    MatterKind.METRIC_DISPUTE: (
        {"title": "m.title", "metric": "mt.name", "scope": "d.scope", "member": "mem.name",
         "measured": "d.measured_value", "target": "d.target_value", "status": "m.status"},
        "FROM matter m JOIN metric_dispute d ON d.id = m.id JOIN metric mt ON mt.id = d.metric_id "
        "LEFT JOIN member mem ON mem.id = d.member_id"),
}
#: The alias of each kind's own table in ``_LIST_SQL`` (its ``id`` is the matter's).
_KIND_ALIAS = {MatterKind.GRIEVANCE: "g", MatterKind.FLRA: "f", MatterKind.BARGAINING: "b",
               MatterKind.METRIC_DISPUTE: "d"}
_KIND_TABLE = {MatterKind.GRIEVANCE: "grievance", MatterKind.FLRA: "flra_case",
               MatterKind.BARGAINING: "bargaining_obligation",
               MatterKind.METRIC_DISPUTE: "metric_dispute"}
#: The default order: newest first by filing (or notice, or opening) date.
_DEFAULT_SORT = {MatterKind.GRIEVANCE: "g.filed_on", MatterKind.FLRA: "f.filed_on",
                 MatterKind.BARGAINING: "b.agency_notice_on",
                 MatterKind.METRIC_DISPUTE: "m.opened_on"}
_DATE_KEYS = frozenset({"filed", "next_due", "notice", "demand"})


def _escape_like(fragment: str) -> str:
    return fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _text_condition(db: Database, query: str, params: dict[str, Any]) -> str | None:
    """SQL matching matters whose search text contains every word of ``query`` (or None)."""
    words = [w for w in query.split() if w]
    if not words:
        return None
    conditions: list[str] = []
    long_words = [w for w in words if len(w) >= 3]
    if long_words and db.path is not None:  # SQLite: the FTS5 trigram index
        params["fts"] = " AND ".join('"' + w.replace('"', '""') + '"' for w in long_words)
        conditions.append("m.id IN (SELECT rowid FROM matter_fts WHERE matter_fts MATCH :fts)")
        words = [w for w in words if len(w) < 3]
    for i, w in enumerate(words):
        params[f"like{i}"] = f"%{_escape_like(w)}%"
        conditions.append(f"lower(m.search_text) LIKE lower(:like{i}) ESCAPE '\\'")
    return " AND ".join(conditions)


def _in_list(name: str, values: Sequence[Any], params: dict[str, Any]) -> str:
    """``(:name0, :name1, …)`` with the values put in ``params``."""
    for i, value in enumerate(values):
        params[f"{name}{i}"] = value
    return "(" + ", ".join(f":{name}{i}" for i in range(len(values))) + ")"


@dataclass(frozen=True)
class _ListQuery:
    kind: MatterKind
    where: str
    order: str
    params: dict[str, Any]
    sort_by_next_due: bool
    #: SQLite may walk the kind's table in the order's index (the sort is on one of its
    #: columns and no text filter narrows the list first): see ``_first_page``.
    kind_table_first: bool = False


def _list_query(db: Database, kind: MatterKind, *, text_filter: str = "",
                statuses: Sequence[str] = (), include_closed: bool = False,
                sort_key: str | None = None, descending: bool = False) -> _ListQuery:
    cols, _tables = _LIST_SQL[kind]
    params: dict[str, Any] = {"kind": kind.value}
    conditions = ["m.kind = :kind"]
    if statuses:
        conditions.append("m.status IN " + _in_list("status", list(statuses), params))
    elif not include_closed:
        conditions.append("m.status NOT IN "
                          + _in_list("closed", sorted(k.CLOSED_STATUSES[kind]), params))
    text = _text_condition(db, text_filter, params)
    if text is not None:
        conditions.append(text)
    if sort_key == "next_due":
        order_col = "nd.next_due"
    elif sort_key in cols:
        order_col = cols[sort_key]
    else:
        order_col = _DEFAULT_SORT[kind]
        descending = True if sort_key is None else descending
    direction = "DESC" if descending else "ASC"
    # Ties are broken by the id of the sorted column's own table — the kind table's id is the
    # matter's, and an index on one of its columns holds it, so no sort is needed.
    alias = _KIND_ALIAS[kind]
    own = order_col.startswith(f"{alias}.")
    order = (f"{order_col} {direction} NULLS LAST, {alias if own else 'm'}.id {direction}")
    return _ListQuery(kind, " AND ".join(conditions), order, params, sort_key == "next_due",
                      kind_table_first=own and text is None and db.path is not None)


def _ids(db: Database, q: _ListQuery) -> array[int]:
    _cols, tables = _LIST_SQL[q.kind]
    join = f" {_NEXT_DUE_JOIN}" if q.sort_by_next_due else ""
    sql = f"SELECT m.id {tables}{join} WHERE {q.where} ORDER BY {q.order}"
    return array("q", (r[0] for r in db.read(sql, q.params)))


def _select(kind: MatterKind, next_due: str) -> str:
    """``SELECT m.id, <the list's columns> FROM …`` for ``kind``."""
    cols, tables = _LIST_SQL[kind]
    exprs = [next_due if c.key == "next_due" else cols[c.key] for c in LIST_COLUMNS[kind]]
    return f"SELECT m.id, {', '.join(exprs)} {tables}"


def _count(db: Database, q: _ListQuery) -> int:
    """How many rows the list has. Every condition is on ``matter``, and every matter of a kind
    has its kind's row (``naij-tracker check`` says so otherwise), so no join is needed."""
    return int(db.read(f"SELECT count(*) FROM matter m WHERE {q.where}", q.params)[0][0])


def _first_page(db: Database, q: _ListQuery, limit: int) -> list[tuple[Any, ...]]:
    """The list's first ``limit`` rows in order, without ordering the whole list.

    Sorted on a column of the kind's own table (the default: grievances newest filed first),
    SQLite is told to start from that table (``CROSS JOIN``), so that it walks the column's
    index (``ix_grievance_filed``) and stops after ``limit`` rows; left to itself it starts
    from ``ix_matter_kind_status`` and sorts every open grievance to return 500 of them.
    """
    kind = q.kind
    if q.sort_by_next_due:
        sql = f"{_select(kind, 'nd.next_due')} {_NEXT_DUE_JOIN}"
    else:
        sql = _select(kind, _NEXT_DUE_EACH)
        if q.kind_table_first:
            alias, table = _KIND_ALIAS[kind], _KIND_TABLE[kind]
            sql = sql.replace(f"FROM matter m JOIN {table} {alias} ON {alias}.id = m.id",
                              f"FROM {table} {alias} CROSS JOIN matter m ON m.id = {alias}.id")
    params = {**q.params, "page_rows": int(limit)}
    return _converted(kind, db.read(f"{sql} WHERE {q.where} ORDER BY {q.order} "
                                    "LIMIT :page_rows", params))


def _rows_of(db: Database, kind: MatterKind, ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """The list rows of ``ids``, in that order (a matter no longer there: its id and blanks)."""
    select = _select(kind, _NEXT_DUE_EACH)
    found: dict[int, tuple[Any, ...]] = {}
    chunk = 500  # well under every database's limit on bound parameters
    for start in range(0, len(ids), chunk):
        params: dict[str, Any] = {}
        sql = f"{select} WHERE m.id IN {_in_list('id', ids[start:start + chunk], params)}"
        found.update((r[0], r) for r in db.read(sql, params))
    blank = (None,) * len(LIST_COLUMNS[kind])
    return _converted(kind, (found.get(mid, (mid, *blank)) for mid in ids))


def _converted(kind: MatterKind, raw: Iterable[Sequence[Any]]) -> list[tuple[Any, ...]]:
    """Rows as the views show them: dates as dates, codes (step, status…) as their labels."""
    columns = LIST_COLUMNS[kind]
    convert: list[tuple[int, Any]] = []
    for i, col in enumerate(columns, start=1):
        if col.key in _DATE_KEYS:
            convert.append((i, as_date))
        elif col.choices:
            labels = {c.code: c.label for c in col.choices}
            convert.append((i, lambda v, labels=labels: labels.get(v, v)))
    rows = []
    for r in raw:
        values = list(r)
        for i, fn in convert:
            if values[i] is not None:
                values[i] = fn(values[i])
        rows.append(tuple(values))
    return rows


@dataclass(frozen=True)
class ListResult:
    columns: tuple[ListColumn, ...]
    #: Each row: (matter id, *values in column order); codes already turned into labels.
    rows: Sequence[tuple[Any, ...]]


def list_matters(db: Database, kind: MatterKind | str, *, text_filter: str = "",
                 statuses: Sequence[str] = (), include_closed: bool = False,
                 sort_key: str | None = None, descending: bool = False,
                 limit: int | None = None) -> ListResult:
    """Every row of a list at once (exports, the command line); the GUI uses ``MatterListing``."""
    kind = MatterKind(kind)
    q = _list_query(db, kind, text_filter=text_filter, statuses=statuses,
                    include_closed=include_closed, sort_key=sort_key, descending=descending)
    sql = f"{_select(kind, 'nd.next_due')} {_NEXT_DUE_JOIN} WHERE {q.where} ORDER BY {q.order}"
    params = dict(q.params)
    if limit:
        sql += " LIMIT :limit"
        params["limit"] = int(limit)
    return ListResult(LIST_COLUMNS[kind], _converted(kind, db.read(sql, params)))


class MatterListing(Sequence[tuple[Any, ...]]):
    """A list's rows in order, fetched a page at a time when first asked for.

    Made with the list's count and its first page (``list_matter_pages``): showing a list
    orders none of it beyond those rows (a list narrowed by a text filter is made with its ids,
    read through the search index at once). The matter ids of the whole list, in order (8 bytes
    each), are read when first needed — a page beyond the first, or finding a matter that is not
    on a page in hand — and a row is then read with the other rows of its page of
    ``PAGE_ROWS``; the last ``KEEP_PAGES`` pages are kept. 100,000 grievances cost under a
    megabyte until scrolled through, rather than the tens of megabytes of Python tuples that
    every value of every row would take. A row deleted since the ids were read comes back as
    its id followed by blanks, until the list is refreshed.
    """

    PAGE_ROWS = 500
    KEEP_PAGES = 8

    def __init__(self, db: Database, query: _ListQuery, count: int,
                 first: list[tuple[Any, ...]], *, ids: array[int] | None = None) -> None:
        self.db = db
        self.kind = query.kind
        self._query = query
        self._count = count
        self._ids = ids
        self._pages: OrderedDict[int, list[tuple[Any, ...]]] = OrderedDict()
        if count and ids is None:
            self._pages[0] = self._padded(first)
        self._index: dict[int, int] | None = None

    def _padded(self, first: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """The first page, with blank rows for any that went since the count was taken."""
        missing = min(self.PAGE_ROWS, self._count) - len(first)
        return first + [(-1, *(None,) * len(LIST_COLUMNS[self.kind]))] * missing

    def __len__(self) -> int:
        return self._count

    @property
    def ids(self) -> array[int]:
        """The matter ids of the whole list, in order (read on first use)."""
        if self._ids is None:
            ids = _ids(self.db, self._query)
            # Changed since the count (another window, another officer): the count stands
            # until the list is refreshed; missing rows show as blanks.
            del ids[self._count:]
            ids.extend([-1] * (self._count - len(ids)))
            first = self._pages.get(0)
            if first is not None and [r[0] for r in first] != list(ids[:len(first)]):
                del self._pages[0]  # read again with the ids, so that the pages agree
            self._ids = ids
        return self._ids

    @overload
    def __getitem__(self, i: int) -> tuple[Any, ...]: ...

    @overload
    def __getitem__(self, i: slice) -> list[tuple[Any, ...]]: ...

    def __getitem__(self, i: int | slice) -> tuple[Any, ...] | list[tuple[Any, ...]]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += self._count
        if not 0 <= i < self._count:
            raise IndexError(i)
        number, offset = divmod(i, self.PAGE_ROWS)
        return self.page(number)[offset]

    def page(self, number: int) -> list[tuple[Any, ...]]:
        rows = self._pages.get(number)
        if rows is not None:
            self._pages.move_to_end(number)
            return rows
        if number == 0 and self._ids is None:
            rows = self._padded(_first_page(self.db, self._query, self.PAGE_ROWS))
        else:
            wanted = self.ids[number * self.PAGE_ROWS:(number + 1) * self.PAGE_ROWS]
            rows = _rows_of(self.db, self.kind, wanted)
        self._pages[number] = rows
        while len(self._pages) > self.KEEP_PAGES:
            self._pages.popitem(last=False)
        return rows

    def index_of(self, matter_id: int) -> int:
        """The position of ``matter_id`` in the list, or -1 (the ids are read only if it is
        not on the first page in hand)."""
        if self._ids is None:
            first = self._pages.get(0)
            for i, row in enumerate(first or ()):
                if row[0] == matter_id:
                    return i
        if self._index is None:
            self._index = {mid: i for i, mid in enumerate(self.ids)}
        return self._index.get(matter_id, -1)


def list_matter_pages(db: Database, kind: MatterKind | str, *, text_filter: str = "",
                      statuses: Sequence[str] = (), include_closed: bool = False,
                      sort_key: str | None = None, descending: bool = False) -> ListResult:
    """``list_matters`` for the GUI: the count and the first page now (off the GUI thread),
    the other rows page by page (``MatterListing``)."""
    kind = MatterKind(kind)
    q = _list_query(db, kind, text_filter=text_filter, statuses=statuses,
                    include_closed=include_closed, sort_key=sort_key, descending=descending)
    if text_filter.strip():
        # A text filter narrows the list through the search index: one search for the ids,
        # then the page by id, rather than one search to count and another for the page.
        ids = _ids(db, q)
        listing = MatterListing(db, q, len(ids), [], ids=ids)
        if ids:
            listing.page(0)
    else:
        count = _count(db, q)
        first = _first_page(db, q, MatterListing.PAGE_ROWS) if count else []
        listing = MatterListing(db, q, count, first)
    return ListResult(LIST_COLUMNS[kind], listing)


@dataclass(frozen=True, slots=True)
class SearchHit:
    matter_id: int
    kind: MatterKind
    reference: str
    title: str
    status: str
    #: The grievant, or the member a dispute concerns (None for union matters).
    member_name: str | None = None


def search(db: Database, query: str, limit: int = 50) -> list[SearchHit]:
    """Matters of every kind whose number, title, member name or text contains ``query``."""
    params: dict[str, Any] = {"limit": int(limit)}
    cond = _text_condition(db, query, params)
    if cond is None:
        return []
    rows = db.read(
        "SELECT m.id, m.kind, m.title, m.status, g.grievance_number, f.case_number, mem.name "
        "FROM matter m LEFT JOIN grievance g ON g.id = m.id LEFT JOIN flra_case f ON f.id = m.id "
        "LEFT JOIN metric_dispute md ON md.id = m.id "
        "LEFT JOIN member mem ON mem.id = coalesce(g.member_id, md.member_id) "
        f"WHERE {cond} ORDER BY m.updated_at DESC LIMIT :limit", params)
    hits = []
    for mid, kind_s, title, status, gnum, cnum, member in rows:
        kind = MatterKind(kind_s)
        hits.append(SearchHit(mid, kind, reference(kind, mid, gnum or cnum), title,
                              k.label_of(k.STATUSES[kind], status), member))
    return hits
