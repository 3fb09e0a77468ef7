"""The shape of the grievance analytics, and making them safe for an aggregate audience.

Plain data: :mod:`naij_tracker.services.analytics` fills these tables by SQL; the Reports view,
the exports and the packet read them. :func:`suppress_small` is the small-group rule (no cell
that singles out fewer than *k* people) in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from naij_tracker.domain.kinds import MatterKind
from naij_tracker.domain.small_groups import hide_small

Value = int | float | str | None
NOT_RECORDED = "(not recorded)"
WON = ("sustained", "settled")
WITHHELD = "withheld"
DECIDED = ("sustained", "settled", "denied")


@dataclass(frozen=True)
class AnalyticsFilter:
    """Which matters count: filed (else opened) within the dates, at a court, under an article,
    of one kind (``None``: all)."""

    date_from: date | None = None
    date_to: date | None = None
    court: str | None = None
    article: str | None = None
    kind: MatterKind | None = None


@dataclass(frozen=True)
class Table:
    """One analytics table: a title, column headings and rows of plain values."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]
    note: str = ""
    #: Which column a chart draws (its first column gives the labels).
    chart_column: int = 1

    def chart(self) -> tuple[list[str], list[float]]:
        """Labels and values for a bar chart (suppressed cells draw as 0)."""
        labels = [str(r[0]) for r in self.rows]
        values = [float(v) if isinstance(v, int | float) else 0.0
                  for v in (r[self.chart_column] for r in self.rows)]
        return labels, values


@dataclass(frozen=True)
class Analytics:
    """The figures, each as a table; ``win_rate`` is None when nothing was decided."""

    filter: AnalyticsFilter
    as_of: date
    tables: tuple[Table, ...] = ()
    win_rate: float | None = None
    decided: int = 0
    grievances: int = 0
    notes: Mapping[str, str] = field(default_factory=dict)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


# -- small-group suppression --------------------------------------------------------------------

#: The tables whose counts an aggregate audience may see, and the count columns of each.
_COUNTED = {"court": (1, 2, 3), "article": (1, 2, 3), "issue": (1, 2, 3), "step": (1, 2, 3),
            "outcomes": (1,), "durations": (1,), "step_days": (1,), "disputes": (1,)}
#: Tables whose rows add up: open + closed = total in each row.
_ROW_SUMS = ("court", "article", "issue", "step")
#: Tables whose count columns add up to a figure the reader knows (the packet's totals, or the
#: table's own "All" row); a grievance is counted at most once down each of these columns.
_COLUMN_SUMS = ("court", "article", "issue", "step", "outcomes", "durations", "disputes")


def _count(v: Value) -> int:
    """A count cell as an int (a court's columns after its name are all counts)."""
    if v is None:
        raise TypeError("a count cell is empty")
    return int(v)


def _suppress_table(t: Table, k_: int) -> tuple[Table, bool]:
    """The table with its small counts and the cells that would give them away hidden; and
    whether anything was hidden."""
    cols = _COUNTED[t.key]
    counts = {(r, c): _count(row[c]) for r, row in enumerate(t.rows) for c in cols}
    sums: list[list[tuple[int, int]]] = []
    if t.key in _ROW_SUMS:
        sums += [[(r, c) for c in cols] for r in range(len(t.rows))]
    if t.key in _COLUMN_SUMS:
        sums += [[(r, c) for r in range(len(t.rows))] for c in cols]
    hidden = hide_small(counts, sums, k_)
    rows = []
    for r, row in enumerate(t.rows):
        cells = list(row)
        for c in cols:
            if (r, c) in hidden.small:
                cells[c] = f"fewer than {k_}"
            elif (r, c) in hidden.withheld:
                cells[c] = WITHHELD
        if t.key == "outcomes" and (r, 1) in hidden:
            cells[2] = WITHHELD                      # the share gives the count away
        if t.key in ("durations", "step_days") and (r, 1) in hidden.small:
            cells[2] = cells[3] = WITHHELD           # a median of two people is their days
        rows.append(tuple(cells))
    legend = (f"\u201cFewer than {k_}\u201d: a count too small to show; "
              f"\u201c{WITHHELD}\u201d: withheld so that it cannot be worked out.")
    hid = bool(hidden.small or hidden.withheld)
    lead = t.note
    if t.key == "outcomes" and hid:  # won of decided would give the hidden outcomes away
        lead = "The win rate is withheld: with it, a hidden count could be worked out."
    note = f"{lead} {legend}" if lead else legend
    return replace(t, rows=tuple(rows), note=note), hid


def suppress_small(a: Analytics, min_group: int, court_members: Mapping[str, int]) -> Analytics:
    """A copy for an aggregate audience: no cell counting 1 to ``min_group - 1`` grievances
    (shown as "fewer than k"), no cell from which one could be worked out through a sum the
    reader knows (:mod:`naij_tracker.domain.small_groups`), and a court shown only where at
    least ``min_group`` members work (the others combined as "Other courts")."""
    k_ = min_group
    out = []
    win_rate, decided = a.win_rate, a.decided
    for t in a.tables:
        if t.key == "court":
            keep = [r for r in t.rows if court_members.get(str(r[0]), 0) >= k_]
            merged = [r for r in t.rows if court_members.get(str(r[0]), 0) < k_]
            if merged:
                keep.append(("Other courts", *[sum(_count(r[i]) for r in merged)
                                               for i in range(1, len(t.columns))]))
            t = replace(t, rows=tuple(keep))
        if t.key in _COUNTED:
            t, hid = _suppress_table(t, k_)
            if t.key == "outcomes" and hid:
                win_rate, decided = None, 0
        out.append(t)
    return replace(a, tables=tuple(out), win_rate=win_rate, decided=decided)
