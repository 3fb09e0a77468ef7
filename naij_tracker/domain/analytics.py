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


def _count(v: Value) -> int:
    """A count cell as an int (a court's columns after its name are all counts)."""
    if v is None:
        raise TypeError("a count cell is empty")
    return int(v)


def suppress_small(a: Analytics, min_group: int, court_members: Mapping[str, int]) -> Analytics:
    """A copy for an aggregate audience: no cell counting 1 to ``min_group - 1`` grievances
    (shown as "fewer than k"), and a court shown only where at least ``min_group`` members
    work (the others combined as "Other courts")."""
    k_ = min_group
    small = f"fewer than {k_}"
    out = []
    for t in a.tables:
        rows = list(t.rows)
        if t.key == "court":
            keep = [r for r in rows if court_members.get(str(r[0]), 0) >= k_]
            merged = [r for r in rows if court_members.get(str(r[0]), 0) < k_]
            if merged:
                keep.append(("Other courts", *[sum(_count(r[i]) for r in merged)
                                               for i in range(1, len(t.columns))]))
            rows = keep
        if t.key in ("court", "article", "issue", "step", "outcomes", "durations", "step_days",
                     "disputes"):
            count_cols = {"outcomes": (1,), "durations": (1,), "step_days": (1,),
                          "disputes": (1,)}.get(
                t.key, tuple(range(1, len(t.columns))))
            new_rows = []
            for r in rows:
                cells = list(r)
                tiny = [i for i in count_cols
                        if isinstance(cells[i], int) and 0 < int(cells[i]) < k_]  # type: ignore[arg-type]
                for i in tiny:
                    cells[i] = small
                if t.key in ("court", "article", "issue", "step") and len(tiny) == 1 \
                        and tiny[0] in (1, 2):
                    # open + closed = total: withhold the other part too, or it gives this away
                    cells[3 - tiny[0]] = WITHHELD
                if t.key == "outcomes" and tiny:
                    cells[2] = WITHHELD
                if t.key in ("durations", "step_days") and tiny:
                    cells[2] = cells[3] = WITHHELD
                new_rows.append(tuple(cells))
            note = (f"{t.note} " if t.note else "") + (
                f"\u201cFewer than {k_}\u201d: a count too small to show; "
                f"\u201c{WITHHELD}\u201d: withheld so that it cannot be worked out.")
            out.append(replace(t, rows=tuple(new_rows), note=note))
            continue
        out.append(replace(t, rows=tuple(rows)))
    return replace(a, tables=tuple(out))
