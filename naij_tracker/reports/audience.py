"""Audiences: who a packet is for, and what that means for its marking, redaction and sections.

Each audience is a preset the officer picks in the packet dialog or with ``brief --audience``;
the union can edit them (the edits are kept in the database, ``services.audiences``).

* **counsel** — everything, names shown, "Privileged and confidential — attorney work
  product" on every page;
* **board** — everything, names shown, "Internal — union confidential";
* **congress** — no marking, "Prepared by the union for …" on the cover; redacted and
  *aggregate*: counts, charts, analytics and a few anonymised examples; no names, no
  initials, no references; a court shown only where at least *k* members share it;
* **member** — the member's own matters: deadlines and briefs, names shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

#: Sections a packet can have, in packet order, with the label the dialog shows.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("summary", "Executive summary and charts"),
    ("changes", "What changed since a date"),
    ("analytics", "Grievance analytics"),
    ("deadlines", "Deadlines"),
    ("matters", "Summary tables and matter briefs"),
    ("examples", "Anonymised examples"),
)
SECTION_KEYS = tuple(key for key, _label in SECTIONS)

COUNSEL_MARKING = "Privileged and confidential \u2014 attorney work product"
BOARD_MARKING = "Internal \u2014 union confidential"
DEFAULT_MIN_GROUP = 5


@dataclass(frozen=True)
class Audience:
    """One preset: how a packet for this reader is marked, redacted and made up."""

    key: str
    name: str
    marking: str = ""
    redact: bool = False
    aggregate: bool = False
    sections: tuple[str, ...] = ("summary", "changes", "deadlines", "matters")
    cover_note: str = ""
    #: Small-group suppression threshold (members per court or per table cell).
    min_group: int = DEFAULT_MIN_GROUP
    title: str = "Briefing packet"

    def problems(self) -> list[str]:
        out = []
        if not self.name.strip():
            out.append("An audience needs a name.")
        unknown = [s for s in self.sections if s not in SECTION_KEYS]
        if unknown:
            out.append(f"Unknown sections: {', '.join(unknown)}.")
        if not 1 <= self.min_group <= 100:
            out.append("The smallest group shown must be between 1 and 100 members.")
        if self.aggregate and not self.redact:
            out.append("An aggregate packet is always redacted.")
        return out

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["sections"] = list(self.sections)
        return d

    @classmethod
    def from_json(cls, key: str, data: Mapping[str, Any], base: Audience | None = None
                  ) -> Audience:
        """An audience from stored JSON; unknown or mistyped entries keep ``base``'s values."""
        values: dict[str, Any] = (asdict(base) if base is not None
                                  else {"key": key, "name": key.title()})
        for f in fields(cls):
            if f.name == "key" or f.name not in data:
                continue
            value = data[f.name]
            if f.name == "sections" and isinstance(value, list):
                values["sections"] = tuple(str(s) for s in value if s in SECTION_KEYS)
            elif _fits(f.name, value):
                values[f.name] = value
        values["key"] = key
        values["sections"] = tuple(values.get("sections", ()))
        return cls(**values)


def _fits(name: str, value: Any) -> bool:
    """Whether a stored ``value`` has the type of the field ``name``."""
    if name in ("redact", "aggregate"):
        return isinstance(value, bool)
    if name == "min_group":
        return isinstance(value, int) and not isinstance(value, bool)
    return name in ("name", "marking", "cover_note", "title") and isinstance(value, str)


def _presets() -> dict[str, Audience]:
    return {
        "board": Audience(
            "board", "Executive board", marking=BOARD_MARKING,
            sections=("summary", "changes", "analytics", "deadlines", "matters"),
            cover_note="Prepared for the union\u2019s executive board.",
            title="Briefing packet for the Executive Board"),
        "counsel": Audience(
            "counsel", "Counsel", marking=COUNSEL_MARKING,
            sections=("summary", "changes", "deadlines", "matters"),
            cover_note="Prepared at the request of counsel in anticipation of litigation.",
            title="Briefing packet for counsel"),
        "congress": Audience(
            "congress", "Member of Congress", marking="", redact=True, aggregate=True,
            sections=("summary", "analytics", "examples"),
            cover_note="Prepared by the union for Members of Congress and their staff. "
                       "Figures are aggregated; no judge is named or identifiable.",
            title="Immigration judges\u2019 grievances and working conditions"),
        "member": Audience(
            "member", "A member (the grievant)", marking="Confidential \u2014 for the member "
            "concerned", sections=("deadlines", "matters"),
            cover_note="Prepared by the union for the member concerned.",
            title="Your matters with the union"),
    }


DEFAULT_AUDIENCES: dict[str, Audience] = _presets()
AUDIENCE_KEYS: tuple[str, ...] = tuple(DEFAULT_AUDIENCES)
#: Audience used when none is chosen (the packet as it always was: everything, for counsel).
DEFAULT_AUDIENCE = "counsel"
