"""The small-group rule: counts below k hidden, and no hidden count recoverable through a sum
the reader knows (complementary suppression, as statistical offices publish tables: e.g. the
U.S. Census Bureau's disclosure avoidance for tabular data, and Eurostat's *Handbook on
Statistical Disclosure Control*, ch. 4, "primary" and "secondary" suppression)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naij_tracker.domain.small_groups import hide_small

CASES = [
    # counts, known sums, k, small, withheld
    ({"a": 3, "b": 10}, [], 5, {"a"}, set()),                       # no sum known
    ({"a": 3, "b": 10, "c": 20}, [["a", "b", "c"]], 5, {"a"}, {"b"}),  # smallest other
    ({"a": 3, "b": 2, "c": 20}, [["a", "b", "c"]], 5, {"a", "b"}, set()),  # two protect each other
    ({"a": 3, "b": 0}, [["a", "b"]], 5, {"a"}, {"b"}),              # a zero as the last resort
    ({"a": 3, "b": 0, "c": 9}, [["a", "b", "c"]], 5, {"a"}, {"c"}),  # ... but only then
    ({"a": 0, "b": 7}, [["a", "b"]], 5, set(), set()),              # a zero singles out no one
    ({"a": 5, "b": 7}, [["a", "b"]], 5, set(), set()),              # k itself is shown
    ({"a": 3}, [["a"]], 5, {"a"}, set()),                           # nothing else to withhold
]


@pytest.mark.parametrize(("counts", "sums", "k", "small", "withheld"), CASES)
def test_small_counts_and_their_complements(counts, sums, k, small, withheld) -> None:  # noqa: ANN001
    hidden = hide_small(counts, sums, k)
    assert hidden.small == small
    assert hidden.withheld == withheld


def test_a_court_table_withholds_down_the_columns_as_well_as_across_the_rows() -> None:
    # open, closed, total per court; each column's sum is printed elsewhere in the packet
    grid = {("A", 0): 3, ("A", 1): 10, ("A", 2): 13,
            ("B", 0): 20, ("B", 1): 30, ("B", 2): 50}
    rows = [[(r, c) for c in range(3)] for r in "AB"]
    cols = [[(r, c) for r in "AB"] for c in range(3)]
    hidden = hide_small(grid, rows + cols, 5)
    assert hidden.small == {("A", 0)}
    # A's closed (or 13 - closed gives A's open away), and B's open (or the open column's
    # total minus B's open gives it away), then B's closed for the same reason
    assert hidden.withheld == {("A", 1), ("B", 0), ("B", 1)}


# -- a property: whoever holds the printed table and every known sum cannot work out a hidden
#    count exactly (it is not a linear combination of what is known) -------------------------


def _rank(matrix: list[list[Fraction]]) -> int:
    m = [row[:] for row in matrix]
    rank, cols = 0, len(m[0]) if m else 0
    for c in range(cols):
        pivot = next((r for r in range(rank, len(m)) if m[r][c] != 0), None)
        if pivot is None:
            continue
        m[rank], m[pivot] = m[pivot], m[rank]
        for r in range(len(m)):
            if r != rank and m[r][c] != 0:
                f = m[r][c] / m[rank][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[rank], strict=True)]
        rank += 1
    return rank


def _determined(hidden: list[tuple[int, int]], equations: list[dict[tuple[int, int], int]]
                ) -> list[tuple[int, int]]:
    """The hidden cells that the equations (over hidden cells; visible ones are constants)
    pin to one value."""
    a = [[Fraction(eq.get(h, 0)) for h in hidden] for eq in equations]
    a = [row for row in a if any(row)]
    base = _rank(a) if a else 0
    out = []
    for i, h in enumerate(hidden):
        unit = [Fraction(int(j == i)) for j in range(len(hidden))]
        if (_rank([*a, unit]) if a else 1) == base:
            out.append(h)
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), min_size=1, max_size=6),
       st.integers(2, 6))
def test_no_hidden_count_can_be_worked_out(pairs: list[tuple[int, int]], k: int) -> None:
    grid = {}
    for r, (open_, closed) in enumerate(pairs):
        grid[(r, 0)], grid[(r, 1)], grid[(r, 2)] = open_, closed, open_ + closed
    rows = [[(r, c) for c in range(3)] for r in range(len(pairs))]
    cols = [[(r, c) for r in range(len(pairs))] for c in range(3)]
    hidden = hide_small(grid, rows + cols, k)
    assert hidden.small == {cell for cell, n in grid.items() if 0 < n < k}
    # open + closed - total = 0 in each row; each column's sum is known (with one row, that
    # sum is the union's own total, printed on purpose: nothing in the table can hide it)
    equations = [{(r, 0): 1, (r, 1): 1, (r, 2): -1} for r in range(len(pairs))]
    if len(pairs) > 1:
        equations += [{(r, c): 1 for r in range(len(pairs))} for c in range(3)]
    hidden_cells = sorted(hidden.small | hidden.withheld)
    exposed = [h for h in _determined(hidden_cells, equations) if h in hidden.small]
    assert not exposed, (grid, hidden)
