"""The fields of each kind of matter, declared once.

Editors build their forms from these specs, ``validation`` checks values against them, the
briefing packet and the exports label columns with them. A field's ``name`` is the attribute name
of the database model and the key in a matter's value dict.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from naij_tracker.domain import kinds as k
from naij_tracker.domain.field_rules import LONG_TEXT_LIMIT, MAX_LENGTH
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
        FieldSpec("title", "Title", required=True, max_length=MAX_LENGTH["title"]),
        FieldSpec("status", "Status", FieldType.CHOICE, required=True, choices=k.STATUSES[kind]),
        FieldSpec("priority", "Priority", FieldType.CHOICE, required=True, choices=k.PRIORITIES),
        FieldSpec("owner", "Owner", max_length=MAX_LENGTH["owner"], help="The officer or steward handling it."),
        FieldSpec("opened_on", "Opened", FieldType.DATE),
        FieldSpec("closed_on", "Closed", FieldType.DATE),
        FieldSpec("summary", "Summary", FieldType.LONGTEXT, max_length=LONG_TEXT_LIMIT),
        FieldSpec("tags", "Tags", max_length=MAX_LENGTH["tags"], help="Comma-separated."),
    )


KIND_FIELDS: dict[MatterKind, tuple[FieldSpec, ...]] = {
    MatterKind.BARGAINING: (
        FieldSpec("subject", "Subject", required=True, max_length=MAX_LENGTH["subject"]),
        FieldSpec("bargaining_type", "Bargaining type", FieldType.CHOICE, required=True,
                  choices=k.BARGAINING_TYPES),
        FieldSpec("agency_notice_on", "Agency notice", FieldType.DATE),
        FieldSpec("union_demand_on", "Union demand", FieldType.DATE),
        FieldSpec("cba_article", "CBA article", max_length=MAX_LENGTH["cba_article"]),
        FieldSpec("assurances", "Agency assurances", FieldType.LONGTEXT, max_length=LONG_TEXT_LIMIT),
    ),
    MatterKind.FLRA: (
        FieldSpec("case_number", "Case number", max_length=MAX_LENGTH["case_number"],
                  help="FLRA docket number, e.g. WA-RP-19-0067."),
        FieldSpec("case_type", "Case type", FieldType.CHOICE, required=True,
                  choices=k.FLRA_CASE_TYPES),
        FieldSpec("filed_by", "Filed by", max_length=MAX_LENGTH["filed_by"]),
        FieldSpec("respondent", "Respondent", max_length=MAX_LENGTH["respondent"]),
        FieldSpec("region", "Region", max_length=MAX_LENGTH["region"], suggestions=k.FLRA_REGIONS),
        FieldSpec("filed_on", "Filed", FieldType.DATE),
        FieldSpec("hearing_on", "Hearing", FieldType.DATE),
        FieldSpec("decision_on", "Decision", FieldType.DATE),
        FieldSpec("outcome", "Outcome", FieldType.LONGTEXT, max_length=LONG_TEXT_LIMIT),
    ),
    MatterKind.GRIEVANCE: (
        FieldSpec("grievance_number", "Grievance number", required=True, max_length=MAX_LENGTH["grievance_number"]),
        FieldSpec("member_id", "Member", FieldType.MEMBER,
                  help="Leave empty for a union (institutional) grievance."),
        FieldSpec("court", "Court", max_length=MAX_LENGTH["court"]),
        FieldSpec("issue_category", "Issue", max_length=MAX_LENGTH["issue_category"],
                  suggestions=k.GRIEVANCE_ISSUE_CATEGORIES),
        FieldSpec("cba_article", "CBA article", max_length=MAX_LENGTH["cba_article"]),
        FieldSpec("step", "Step", FieldType.CHOICE, required=True, choices=k.GRIEVANCE_STEPS),
        FieldSpec("filed_on", "Filed", FieldType.DATE, required=True),
        FieldSpec("remedy_sought", "Remedy sought", FieldType.LONGTEXT, max_length=LONG_TEXT_LIMIT),
        FieldSpec("outcome", "Outcome", FieldType.LONGTEXT, max_length=LONG_TEXT_LIMIT),
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
                  max_length=LONG_TEXT_LIMIT),
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
