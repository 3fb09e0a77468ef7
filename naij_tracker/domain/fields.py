"""The fields of each kind of matter, declared once.

Editors build their forms from these specs, ``validation`` checks values against them, the
briefing packet and the exports label columns with them. A field's ``name`` is the attribute name
of the database model and the key in a matter's value dict.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from naij_tracker.domain import kinds as k
from naij_tracker.domain.kinds import Choice, MatterKind


class FieldType(StrEnum):
    TEXT = "text"
    LONGTEXT = "longtext"
    DATE = "date"
    CHOICE = "choice"
    MEMBER = "member"
    METRIC = "metric"
    NUMBER = "number"


class FieldSpec(NamedTuple):
    name: str
    label: str
    type: FieldType = FieldType.TEXT
    required: bool = False
    choices: tuple[Choice, ...] = ()
    max_length: int | None = None
    #: Suggestions offered by an editable combo box (free text still allowed).
    suggestions: tuple[str, ...] = ()
    help: str = ""


def _core(kind: MatterKind) -> tuple[FieldSpec, ...]:
    return (
        FieldSpec("title", "Title", required=True, max_length=500),
        FieldSpec("status", "Status", FieldType.CHOICE, required=True, choices=k.STATUSES[kind]),
        FieldSpec("priority", "Priority", FieldType.CHOICE, required=True, choices=k.PRIORITIES),
        FieldSpec("owner", "Owner", max_length=200, help="The officer or steward handling it."),
        FieldSpec("opened_on", "Opened", FieldType.DATE),
        FieldSpec("closed_on", "Closed", FieldType.DATE),
        FieldSpec("summary", "Summary", FieldType.LONGTEXT, max_length=100_000),
        FieldSpec("tags", "Tags", max_length=500, help="Comma-separated."),
    )


KIND_FIELDS: dict[MatterKind, tuple[FieldSpec, ...]] = {
    MatterKind.BARGAINING: (
        FieldSpec("subject", "Subject", required=True, max_length=500),
        FieldSpec("bargaining_type", "Bargaining type", FieldType.CHOICE, required=True,
                  choices=k.BARGAINING_TYPES),
        FieldSpec("agency_notice_on", "Agency notice", FieldType.DATE),
        FieldSpec("union_demand_on", "Union demand", FieldType.DATE),
        FieldSpec("cba_article", "CBA article", max_length=60),
        FieldSpec("assurances", "Agency assurances", FieldType.LONGTEXT, max_length=100_000),
    ),
    MatterKind.FLRA: (
        FieldSpec("case_number", "Case number", max_length=40,
                  help="FLRA docket number, e.g. WA-RP-19-0067."),
        FieldSpec("case_type", "Case type", FieldType.CHOICE, required=True,
                  choices=k.FLRA_CASE_TYPES),
        FieldSpec("filed_by", "Filed by", max_length=200),
        FieldSpec("respondent", "Respondent", max_length=200),
        FieldSpec("region", "Region", max_length=60, suggestions=k.FLRA_REGIONS),
        FieldSpec("filed_on", "Filed", FieldType.DATE),
        FieldSpec("hearing_on", "Hearing", FieldType.DATE),
        FieldSpec("decision_on", "Decision", FieldType.DATE),
        FieldSpec("outcome", "Outcome", FieldType.LONGTEXT, max_length=100_000),
    ),
    MatterKind.GRIEVANCE: (
        FieldSpec("grievance_number", "Grievance number", required=True, max_length=60),
        FieldSpec("member_id", "Member", FieldType.MEMBER,
                  help="Leave empty for a union (institutional) grievance."),
        FieldSpec("court", "Court", max_length=120),
        FieldSpec("issue_category", "Issue", max_length=120,
                  suggestions=k.GRIEVANCE_ISSUE_CATEGORIES),
        FieldSpec("cba_article", "CBA article", max_length=60),
        FieldSpec("step", "Step", FieldType.CHOICE, required=True, choices=k.GRIEVANCE_STEPS),
        FieldSpec("filed_on", "Filed", FieldType.DATE, required=True),
        FieldSpec("remedy_sought", "Remedy sought", FieldType.LONGTEXT, max_length=100_000),
        FieldSpec("outcome", "Outcome", FieldType.LONGTEXT, max_length=100_000),
    ),
    MatterKind.METRIC_DISPUTE: (
        FieldSpec("metric_id", "Metric", FieldType.METRIC, required=True),
        FieldSpec("scope", "Scope", FieldType.CHOICE, required=True, choices=k.DISPUTE_SCOPES),
        FieldSpec("member_id", "Member", FieldType.MEMBER,
                  help="Required when the dispute concerns one member."),
        FieldSpec("measured_value", "Measured value", FieldType.NUMBER),
        FieldSpec("target_value", "Target", FieldType.NUMBER),
        FieldSpec("docket_type", "Docket type", FieldType.CHOICE, choices=k.DOCKET_TYPES),
        FieldSpec("extenuating_circumstances", "Extenuating circumstances", FieldType.LONGTEXT,
                  max_length=100_000),
    ),
}


def core_fields(kind: MatterKind) -> tuple[FieldSpec, ...]:
    return _core(kind)


def fields_for(kind: MatterKind | str) -> tuple[FieldSpec, ...]:
    """All fields of a kind, core first."""
    kind = MatterKind(kind)
    return _core(kind) + KIND_FIELDS[kind]


def field_names(kind: MatterKind | str) -> tuple[str, ...]:
    return tuple(f.name for f in fields_for(kind))


def reference(kind: MatterKind | str, matter_id: int, number: str | None = None) -> str:
    """The short label officers use for a matter: its own number, or a kind prefix and the id."""
    if number:
        return number
    prefix = {
        MatterKind.BARGAINING: "B",
        MatterKind.FLRA: "FLRA",
        MatterKind.GRIEVANCE: "G",
        MatterKind.METRIC_DISPUTE: "MD",
    }[MatterKind(kind)]
    return f"{prefix}-{matter_id}"
