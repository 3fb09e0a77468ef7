"""The small-group rule for an aggregate audience, in one place.

A count of 1 to ``k - 1`` people is not shown ("fewer than k"). Hiding it is not enough where
the reader knows a sum: a court's open and closed grievances add up to its total, a column adds
up to a total printed elsewhere in the packet. Wherever a sum is known, one hidden cell could
be worked out from the others, so a second cell of that sum is withheld too (the smallest
other one, the usual *complementary suppression* of statistical tables), and again until no
known sum has exactly one hidden cell.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True)
class Hidden(Generic[Key]):
    """Which cells to hide: ``small`` counts below k, and cells ``withheld`` to protect them."""

    small: frozenset[Key]
    withheld: frozenset[Key]

    def __contains__(self, key: object) -> bool:
        return key in self.small or key in self.withheld


def hide_small(counts: Mapping[Key, int], sums: Iterable[Sequence[Key]], k: int) -> Hidden[Key]:
    """The cells to hide among ``counts``, given the groups of cells whose sum the reader knows
    (or can work out). A count of 0 is shown (it singles out no one), but may be withheld to
    protect another cell when nothing else in its group is left."""
    small = {key for key, n in counts.items() if 0 < n < k}
    hidden = set(small)
    groups = [tuple(g) for g in sums if len(g) > 1]
    changed = True
    while changed:
        changed = False
        for group in groups:
            if sum(1 for key in group if key in hidden) != 1:
                continue
            others = [key for key in group if key not in hidden]
            if not others:
                continue
            # the smallest non-zero cell costs the reader least; a zero only as a last resort
            choice = min(others, key=lambda key: (counts[key] == 0, counts[key]))
            hidden.add(choice)
            changed = True
    return Hidden(frozenset(small), frozenset(hidden - small))
