"""Mapping a steward's column headers to grievance fields.

Every steward names columns differently ("Grievance #", "Griev. No.", "Case Number"…), so headers
are compared after normalisation (case, spacing, punctuation and a few abbreviations ignored)
against a table of synonyms. The officer can override any column; the override is keyed by the
header text and remembered per ``header_signature`` so the next file with the same headers maps
itself.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

#: The fields a grievance row can fill, in the order the wizard lists them.
FIELDS: tuple[str, ...] = (
    "grievance_number",
    "member_name",
    "court",
    "title",
    "issue_category",
    "cba_article",
    "step",
    "status",
    "filed_on",
    "closed_on",
    "remedy_sought",
    "outcome",
    "summary",
    "owner",
    "priority",
    "tags",
)

FIELD_LABELS: dict[str, str] = {
    "grievance_number": "Grievance number",
    "member_name": "Member",
    "court": "Court",
    "title": "Title",
    "issue_category": "Issue category",
    "cba_article": "CBA article",
    "step": "Step",
    "status": "Status",
    "filed_on": "Filed on",
    "closed_on": "Closed on",
    "remedy_sought": "Remedy sought",
    "outcome": "Outcome",
    "summary": "Summary",
    "owner": "Owner (steward)",
    "priority": "Priority",
    "tags": "Tags",
}

#: A row cannot be imported without these.
REQUIRED_FIELDS: tuple[str, ...] = ("grievance_number", "filed_on")

#: Header texts seen in stewards' spreadsheets. The first entry of each is the suggested header.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "grievance_number": (
        "Grievance #", "Griev. No.", "Grievance Number", "Grievance No", "Grievance ID",
        "Griev #", "Case Number", "Case #", "Case No.", "Case ID", "No.", "#", "ID",
        "Tracking number", "Reference", "Ref",
    ),
    "member_name": (
        "Member", "Member name", "Judge", "Judge name", "Grievant", "Grievant name", "IJ",
        "IJ name", "Name", "Employee", "Employee name",
    ),
    "court": (
        "Court", "IC", "Location", "Immigration Court", "Duty station", "Court location",
        "Office", "Base city",
    ),
    # An "Issue" column often holds the whole description: a long one is kept whole in the
    # summary and the title is its first sentence (``rows``).
    "title": ("Title", "Subject", "Issue", "Grievance title", "Short title", "Caption",
              "Issue - summary", "Issue summary", "Issue description", "Description of issue",
              "Summary of issue"),
    "issue_category": (
        "Category", "Issue type", "Issue category", "Type", "Grievance type", "Topic",
    ),
    "cba_article": (
        "CBA Article", "Article", "CBA Art.", "Art.", "Article(s)", "CBA", "Contract article",
        "CBA section", "Provision",
    ),
    "step": ("Step", "Current step", "Grievance step", "Stage", "Level"),
    "status": ("Status", "Current status", "State"),
    "filed_on": (
        "Date filed", "Filed", "Filing date", "Filed on", "Filed date", "Date of filing",
        "Date", "Submitted", "Date submitted", "Opened", "Date opened",
    ),
    "closed_on": (
        "Date closed", "Closed", "Closing date", "Closed on", "Closed date", "Resolved",
        "Date resolved", "Resolution date",
    ),
    "remedy_sought": (
        "Remedy sought", "Remedy", "Relief", "Relief requested", "Requested remedy",
    ),
    "outcome": ("Outcome", "Result", "Disposition", "Resolution", "Decision"),
    "summary": (
        "Summary", "Notes", "Note", "Description", "Comments", "Comment", "Details", "Facts",
        "Remarks", "Narrative", "Background",
    ),
    "owner": (
        "Steward", "Owner", "Rep", "Representative", "Union rep", "Assigned to", "Handled by",
        "Assigned steward",
    ),
    "priority": ("Priority", "Urgency"),
    "tags": ("Tags", "Labels", "Keywords"),
}

#: Columns the application works out itself (its own exports carry them): never imported, and
#: said so, rather than kept as a note ("Next deadline: 2026-11-30" in every summary).
DERIVED_HEADERS: tuple[str, ...] = (
    "Next deadline", "Next due", "Days open", "Age", "Updated", "Last updated", "Open deadlines",
    "Open grievances",
)

# Abbreviations spelled out before comparing, so "Griev. No." and "Grievance Number" meet.
# Every value is a fixed point (never itself a key): that keeps normalisation idempotent.
_ABBREVIATIONS: dict[str, str] = {
    "no": "number",
    "num": "number",
    "nbr": "number",
    "nr": "number",
    "griev": "grievance",
    "art": "article",
}

_TOKEN = re.compile(r"[^\W_]+")


_POSSESSIVE = re.compile(r"[\'\u2018\u2019\u02bc`]s\b")


def normalize_header(text: str) -> str:
    """Case-, space- and punctuation-insensitive key of a header.

    "Griev. No.", "Grievance #" and "GRIEVANCE NUMBER" all give "grievancenumber"; dashes and
    quotes of every kind, trailing colons and line breaks inside the cell are ignored, and a
    possessive is dropped ("Member's name" is "Member name").
    """
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    folded = _POSSESSIVE.sub("", folded)
    folded = folded.replace("#", " number ").replace("№", " number ")
    tokens = [_ABBREVIATIONS.get(t, t) for t in _TOKEN.findall(folded)]
    joined = "".join(tokens)
    # A second look at the whole: "N o" joins to "no", which must also become "number".
    return _ABBREVIATIONS.get(joined, joined)


def _build_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for field, names in SYNONYMS.items():
        for name in (field, FIELD_LABELS[field], *names):
            key = normalize_header(name)
            if lookup.setdefault(key, field) != field:
                raise AssertionError(f"header synonym {name!r} maps to two fields")
    return lookup


_LOOKUP: dict[str, str] = _build_lookup()
_DERIVED: frozenset[str] = frozenset(normalize_header(h) for h in DERIVED_HEADERS)


def is_derived_header(text: str) -> bool:
    """A column the application works out itself ("Next deadline"): not imported."""
    return normalize_header(text) in _DERIVED


def field_for_header(text: str) -> str | None:
    """The field a header names by the synonym table, or None."""
    return _LOOKUP.get(normalize_header(text)) if text else None


def header_score(cells: Iterable[object]) -> int:
    """How many distinct fields the text cells of a row name: used to find the header row."""
    found = {field_for_header(c) for c in cells if isinstance(c, str)}
    found.discard(None)
    return len(found)


def header_signature(headers: Sequence[str]) -> str:
    """A stable key for a set of headers, to remember a corrected mapping for the next file.

    Built from the normalised headers in column order, so cosmetic differences ("Case #" vs
    "case no") give the same signature but a reordered or renamed column does not.
    """
    key = "\x1f".join(normalize_header(h) for h in headers)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class HeaderMapping:
    """Which field each column fills.

    ``fields[i]`` is the field of column ``i`` (0-based within the header row) or None when the
    column is not imported. ``unknown`` lists the columns with a header the table did not
    recognise (they can be kept as a note); ``duplicates`` lists columns whose field an earlier
    column already fills (first one wins; the later ones are treated like unknown columns).
    """

    headers: tuple[str, ...]
    fields: tuple[str | None, ...]
    unknown: tuple[int, ...]
    duplicates: tuple[int, ...]
    ignored: tuple[int, ...]
    signature: str

    def column_of(self, field: str) -> int | None:
        try:
            return self.fields.index(field)
        except ValueError:
            return None

    @property
    def mapped_fields(self) -> frozenset[str]:
        return frozenset(f for f in self.fields if f is not None)

    @property
    def missing_required(self) -> tuple[str, ...]:
        present = self.mapped_fields
        return tuple(f for f in REQUIRED_FIELDS if f not in present)

    def as_overrides(self) -> dict[str, str | None]:
        """Header text → field for every named column: what to store for ``header_signature``.

        A column kept as a note (unknown or duplicate header) is left out rather than stored as
        None, which would mean "do not import" and silently drop the note next time.
        """
        out: dict[str, str | None] = {}
        for i, (header, field) in enumerate(zip(self.headers, self.fields, strict=True)):
            if header and (field is not None or i in self.ignored):
                out.setdefault(header, field)
        return out


def map_headers(
    headers: Sequence[str],
    overrides: Mapping[str, str | None] | None = None,
) -> HeaderMapping:
    """Map each header to a field by the synonym table, then apply the officer's overrides.

    ``overrides`` maps header text (compared after normalisation) to a field from ``FIELDS`` or
    to None ("do not import this column"). An unknown field name raises ``ValueError``: that is
    a programming or stored-settings error, not bad user data.
    """
    wanted: dict[str, str | None] = {}
    for header, field in (overrides or {}).items():
        if field is not None and field not in FIELDS:
            raise ValueError(f"unknown grievance field {field!r} for header {header!r}")
        wanted[normalize_header(header)] = field

    headers = tuple("" if h is None else str(h).strip() for h in headers)
    fields: list[str | None] = []
    unknown: list[int] = []
    duplicates: list[int] = []
    ignored: list[int] = []
    taken: set[str] = set()
    for index, header in enumerate(headers):
        key = normalize_header(header)
        if key in wanted:
            field = wanted[key]
            if field is None:
                ignored.append(index)
        elif key in _DERIVED:
            field = None
            ignored.append(index)
        else:
            field = _LOOKUP.get(key) if key else None
            if field is None:
                unknown.append(index)
        if field is not None and field in taken:
            duplicates.append(index)
            field = None
        if field is not None:
            taken.add(field)
        fields.append(field)
    return HeaderMapping(
        headers=headers,
        fields=tuple(fields),
        unknown=tuple(unknown),
        duplicates=tuple(duplicates),
        ignored=tuple(ignored),
        signature=header_signature(headers),
    )
