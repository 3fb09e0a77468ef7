"""The text a matter is found by: one rule, used by every writer of ``matter.search_text``.

The editor's saves (``services.matters``), the import's creates and updates
(``importing.commit``) and the sample data (``services.sample_data``, ``services.bulk_sample``)
all build it here, so search finds the same things however a matter was written: its number
(grievance or FLRA case), the member's name, the title, the subject, the court, the summary and
the tags — the non-empty ones, in that order, joined by spaces. ``search_texts`` is the same rule
a column at a time, for bulk writes of thousands of rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

#: The parts of the search text, in order. ``number`` is the grievance or FLRA case number.
SEARCH_PARTS: tuple[str, ...] = ("number", "member_name", "title", "subject", "court",
                                 "summary", "tags")
#: Stored fields whose change changes the search text (``member_id`` stands for the name).
SEARCH_FIELDS: frozenset[str] = frozenset({
    "grievance_number", "case_number", "member_id", "member", "title", "subject", "court",
    "summary", "tags"})


def search_text(matter: Mapping[str, Any]) -> str:
    """The search text of one matter, given its values by field name (``grievance_number`` or
    ``case_number`` for the number, ``member_name`` for the member's name)."""
    number = matter.get("grievance_number") or matter.get("case_number") or matter.get("number")
    parts = (number, matter.get("member_name"), matter.get("title"), matter.get("subject"),
             matter.get("court"), matter.get("summary"), matter.get("tags"))
    return " ".join(str(p) for p in parts if p)


def search_texts(count: int, columns: Mapping[str, Sequence[Any]]) -> list[str]:
    """``search_text`` for ``count`` rows given column-wise: ``columns[part]`` holds the values
    of one of ``SEARCH_PARTS`` for every row (a part not given is empty for all rows)."""
    unknown = set(columns) - set(SEARCH_PARTS)
    if unknown:
        raise ValueError(f"not parts of the search text: {sorted(unknown)}")
    nothing = [None] * count
    ordered = [columns.get(p, nothing) for p in SEARCH_PARTS]
    try:
        # Text parts (what bulk writes give): joined without a Python loop per row.
        return list(map(" ".join, map(partial(filter, None), zip(*ordered, strict=False))))[
            :count]
    except TypeError:  # a part that is not text (a number): as ``search_text`` does
        return [" ".join(str(p) for p in parts if p)
                for parts in zip(*ordered, strict=False)][:count]
