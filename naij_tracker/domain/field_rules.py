"""Each field's default and length limit, and the plausible years of a date — declared once.

``db.models`` sizes its columns from ``MAX_LENGTH``, ``domain.fields`` gives the editors the same
limits, the import refuses nothing shorter than ``LONG_TEXT_LIMIT`` and takes its defaults from
``defaults_for``; ``validation`` and the import's date reader share ``MIN_YEAR``/``MAX_YEAR``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from naij_tracker.domain import kinds as k
from naij_tracker.domain.kinds import MatterKind

#: Longest text of a long-text field (summary, remedy, outcome, assurances, circumstances).
LONG_TEXT_LIMIT = 100_000

#: Longest text of each bounded field, by field name (the same name has the same limit in
#: every table it appears in). PostgreSQL enforces these as VARCHAR lengths.
MAX_LENGTH: dict[str, int] = {
    "title": 500,
    "subject": 500,
    "tags": 500,
    "owner": 200,
    "filed_by": 200,
    "respondent": 200,
    "member_name": 200,
    "name": 200,
    "email": 200,
    "case_number": 40,
    "region": 60,
    "phone": 60,
    "cba_article": 60,
    "grievance_number": 60,
    "court": 120,
    "issue_category": 120,
}

#: Dates outside these years are typing mistakes (a grievance filed in 1900 or 2400, or a
#: number read as an Excel date serial).
MIN_YEAR = 1950
MAX_YEAR = 2100

#: Values a new matter gets when none is given, per kind (status from ``kinds.INITIAL_STATUS``).
_DEFAULTS: dict[MatterKind, dict[str, Any]] = {
    kind: {"status": k.INITIAL_STATUS[kind], "priority": "normal"} for kind in MatterKind
}
_DEFAULTS[MatterKind.GRIEVANCE]["step"] = "step1"
_DEFAULTS[MatterKind.METRIC_DISPUTE]["scope"] = "unit"

DEFAULT_PRIORITY = "normal"
DEFAULT_STEP = "step1"


def defaults_for(kind: MatterKind | str) -> dict[str, Any]:
    """A fresh dict of the defaults of a new matter of ``kind``."""
    return dict(_DEFAULTS[MatterKind(kind)])


def limit_of(field: str) -> int:
    """The longest text ``field`` takes (``LONG_TEXT_LIMIT`` for a field without a bound)."""
    return MAX_LENGTH.get(field, LONG_TEXT_LIMIT)


def year_is_plausible(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def status_dates_apply(kind: MatterKind | str, old_status: str | None, new_status: str) -> bool:
    """Whether a status change settles the closed date: when the matter opens or closes, and
    whenever the new status is an open one (an open matter has no closed date)."""
    new_closed = k.is_closed_status(kind, new_status)
    return old_status is None or not new_closed \
        or new_closed != k.is_closed_status(kind, old_status)


def apply_status_dates(kind: MatterKind | str, values: dict[str, Any], today: date) -> None:
    """The closed date that goes with the status: a closed status without a closed date is
    closed ``today``; an open status has none. The editor's saves and the import both use it."""
    status = values.get("status")
    if status is None:
        return
    if k.is_closed_status(kind, status):
        if values.get("closed_on") is None:
            values["closed_on"] = today
    else:
        values["closed_on"] = None


#: How long a title made from a longer text may be.
SHORT_TITLE = 120


def short_title(text: str, limit: int = SHORT_TITLE) -> str:
    """A title for a long text: its first line, or first sentence, shortened at a word with
    "…" when still longer than ``limit``. The full text is kept elsewhere (the summary)."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    for end in (". ", "? ", "! "):
        cut = first.find(end)
        if 0 < cut < len(first):
            first = first[:cut + 1]
            break
    if len(first) <= limit:
        return first
    cut = first.rfind(" ", 0, limit)
    head = first[:cut] if cut > limit // 2 else first[:limit - 1]
    return head.rstrip(" ,;:-–—") + "…"
