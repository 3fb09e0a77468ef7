"""Plain data that a briefing packet is built from.

The packet renderer (:mod:`naij_tracker.reports.packet`) never touches the database: a service
fills these frozen dataclasses (already filtered, sorted and with labels resolved) and hands them
over. Every string here is *user text*: the renderer escapes it, picks fonts for it and, when
``PacketOptions.redact`` is set, redacts it. Nothing in here is markup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from naij_tracker.domain import clock
from naij_tracker.domain.kinds import MatterKind

#: The default confidentiality marking printed on the cover and in every page header.
DEFAULT_MARKING = "Privileged and confidential \u2014 attorney work product"


@dataclass(frozen=True, slots=True)
class PacketOptions:
    """What the officer chose in the packet dialog (or on the ``brief`` command line)."""

    title: str = "Briefing packet"
    union_name: str = "National Association of Immigration Judges"
    prepared_by: str = ""
    marking: str = DEFAULT_MARKING
    as_of: date = field(default_factory=clock.today)
    #: "What changed since": the start of the change list; ``None`` leaves that list out.
    since: date | None = None
    #: Which kinds get a section, in this order.
    kinds: tuple[MatterKind, ...] = tuple(MatterKind)
    include_closed: bool = False
    redact: bool = False
    #: The audience preset's key ("board", "counsel", "congress", "member", or "").
    audience: str = ""
    #: Which sections appear (see ``reports.audience.SECTIONS``); empty means the standard set.
    sections: frozenset[str] = frozenset()
    #: The cover's wording under the title (e.g. "Prepared by the union for …").
    cover_note: str = ""
    #: Aggregate (Congress): no names, no references; small groups suppressed.
    aggregate: bool = False
    #: Small-group suppression: a court or a cell needs at least this many members.
    min_group: int = 5
    #: One matter (or a few): a compact brief without contents or summary.
    single: bool = False


@dataclass(frozen=True, slots=True)
class PacketDeadline:
    """One computed deadline, with the rule that made it and how it was counted."""

    matter_reference: str
    matter_title: str
    title: str
    due: date
    rule_id: str = ""
    rule_name: str = ""
    citation: str = ""
    #: The plain-language count, e.g. "30 days from 2026-03-02, +5 for service by mail = ...".
    explanation: str = ""
    done_on: date | None = None
    matter_id: int | None = None

    @property
    def is_open(self) -> bool:
        return self.done_on is None


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One dated entry of a matter's timeline (``kind`` is a label such as "Filing")."""

    on: date
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class MatterLink:
    """A link from one matter to another (``relation`` is a label such as "Arises from")."""

    relation: str
    reference: str
    title: str


@dataclass(frozen=True, slots=True)
class PacketMatter:
    """One matter as the packet shows it; labels already resolved."""

    id: int
    kind: MatterKind
    #: The number people know it by: grievance number, FLRA case number, or e.g. "B-12".
    reference: str
    title: str
    status_label: str
    is_open: bool
    opened_on: date | None = None
    closed_on: date | None = None
    #: The kind's own fields as (label, value) pairs, in display order.
    fields: Sequence[tuple[str, str]] = ()
    #: Names of members appearing in this matter: what redaction replaces.
    member_names: Sequence[str] = ()
    #: E-mail addresses and phone numbers known for this matter: left out when redacting.
    contacts: Sequence[str] = ()
    summary: str = ""
    #: Latest first; the brief shows the first five.
    timeline: Sequence[TimelineEntry] = ()
    deadlines: Sequence[PacketDeadline] = ()
    links: Sequence[MatterLink] = ()
    #: Grievance step label ("Step 2", "Arbitration"); ``None`` for the other kinds.
    step: str | None = None
    priority: str = ""
    owner: str = ""
    #: Grievance (or metric dispute) member as shown, and the court.
    member: str = ""
    court: str = ""
    issue: str = ""
    article: str = ""


@dataclass(frozen=True, slots=True)
class PacketChange:
    """One line of "what changed since": a history entry in words."""

    when: datetime
    who: str
    matter_reference: str
    what: str
    matter_title: str = ""


@dataclass(frozen=True, slots=True)
class StatusCount:
    """How many matters of a kind are in one status."""

    kind: MatterKind
    status_label: str
    is_open: bool
    count: int


@dataclass(frozen=True, slots=True)
class PacketData:
    """Everything a packet shows.

    ``deadlines`` feeds the Deadlines section and the weekly chart; ``None`` means "collect them
    from the matters". ``counts`` feeds the executive summary; ``None`` means "count the matters".
    """

    options: PacketOptions
    matters: Sequence[PacketMatter] = ()
    deadlines: Sequence[PacketDeadline] | None = None
    changes: Sequence[PacketChange] = ()
    counts: Sequence[StatusCount] | None = None
    #: Every member's name in the database, in id order: what redaction replaces.
    members: Sequence[str] = ()
    #: How many members work at each court (small-group suppression).
    court_members: Mapping[str, int] = field(default_factory=dict)
    #: The analytics section's figures (``services.analytics.Analytics``), if wanted.
    analytics: Any = None
    #: Filled by redaction: the names the final scan of the PDF must not find.
    redacted_names: Sequence[str] = ()


def counts_from_matters(matters: Iterable[PacketMatter]) -> list[StatusCount]:
    """Count matters per (kind, status), kinds in their canonical order, open statuses first."""
    counter: Counter[tuple[MatterKind, str, bool]] = Counter()
    for m in matters:
        counter[(m.kind, m.status_label, m.is_open)] += 1
    order = {k: i for i, k in enumerate(MatterKind)}
    keys = sorted(counter, key=lambda k: (order[k[0]], not k[2], k[1]))
    return [StatusCount(k, s, o, counter[(k, s, o)]) for (k, s, o) in keys]
