"""The four kinds of matter and the controlled vocabularies each one uses.

Every vocabulary is a tuple of ``Choice`` (a stable code stored in the database and a label shown
to people). The database CHECK constraints, the editors' combo boxes, the importer's spelling
tables and the briefing packet all read these tuples, so a status is defined exactly once.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class Choice(NamedTuple):
    """A stored code and the label an officer reads."""

    code: str
    label: str


class MatterKind(StrEnum):
    BARGAINING = "bargaining"
    FLRA = "flra"
    GRIEVANCE = "grievance"
    METRIC_DISPUTE = "metric_dispute"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]

    @property
    def plural(self) -> str:
        return KIND_PLURALS[self]

    @property
    def noun(self) -> str:
        """The label inside a sentence: "grievance", but "FLRA case" keeps its capitals."""
        return KIND_NOUNS[self]

    @property
    def noun_plural(self) -> str:
        return KIND_NOUNS_PLURAL[self]


KIND_LABELS: dict[MatterKind, str] = {
    MatterKind.BARGAINING: "Bargaining obligation",
    MatterKind.FLRA: "FLRA case",
    MatterKind.GRIEVANCE: "Grievance",
    MatterKind.METRIC_DISPUTE: "Metric dispute",
}

KIND_NOUNS: dict[MatterKind, str] = {
    MatterKind.BARGAINING: "bargaining obligation",
    MatterKind.FLRA: "FLRA case",
    MatterKind.GRIEVANCE: "grievance",
    MatterKind.METRIC_DISPUTE: "metric dispute",
}

KIND_NOUNS_PLURAL: dict[MatterKind, str] = {
    MatterKind.BARGAINING: "bargaining obligations",
    MatterKind.FLRA: "FLRA cases",
    MatterKind.GRIEVANCE: "grievances",
    MatterKind.METRIC_DISPUTE: "metric disputes",
}

KIND_PLURALS: dict[MatterKind, str] = {
    MatterKind.BARGAINING: "Bargaining",
    MatterKind.FLRA: "FLRA cases",
    MatterKind.GRIEVANCE: "Grievances",
    MatterKind.METRIC_DISPUTE: "Metric disputes",
}


def codes(choices: tuple[Choice, ...]) -> tuple[str, ...]:
    return tuple(c.code for c in choices)


def label_of(choices: tuple[Choice, ...], code: str | None) -> str:
    for c in choices:
        if c.code == code:
            return c.label
    return code or ""


# --- statuses --------------------------------------------------------------------------------

BARGAINING_STATUSES: tuple[Choice, ...] = (
    Choice("notice_received", "Notice received"),
    Choice("demand_sent", "Demand sent"),
    Choice("negotiating", "Negotiating"),
    Choice("impasse", "Impasse (FSIP)"),
    Choice("agreement", "Agreement"),
    Choice("implemented_without_bargaining", "Implemented without bargaining"),
    Choice("withdrawn", "Withdrawn"),
)

FLRA_STATUSES: tuple[Choice, ...] = (
    Choice("preparing", "Preparing"),
    Choice("filed", "Filed"),
    Choice("investigation", "Under investigation"),
    Choice("complaint_issued", "Complaint issued"),
    Choice("hearing", "Hearing"),
    Choice("decision_pending", "Decision pending"),
    Choice("exceptions", "Exceptions pending"),
    Choice("decided", "Decided"),
    Choice("settled", "Settled"),
    Choice("withdrawn", "Withdrawn"),
    Choice("dismissed", "Dismissed"),
)

GRIEVANCE_STATUSES: tuple[Choice, ...] = (
    Choice("open", "Open"),
    Choice("awaiting_answer", "Awaiting answer"),
    Choice("appealed", "Appealed"),
    Choice("arbitration", "In arbitration"),
    Choice("settled", "Settled"),
    Choice("sustained", "Sustained"),
    Choice("denied", "Denied"),
    Choice("withdrawn", "Withdrawn"),
    # Closed, but the record does not say how (a steward's sheet saying only "Closed"): a real
    # status, so nothing is refused or guessed; an officer can refine it later.
    Choice("closed", "Closed (outcome not recorded)"),
)

METRIC_DISPUTE_STATUSES: tuple[Choice, ...] = (
    Choice("raised", "Raised"),
    Choice("under_review", "Under review"),
    Choice("grieved", "Grieved"),
    Choice("in_bargaining", "In bargaining"),
    Choice("resolved", "Resolved"),
    Choice("withdrawn", "Withdrawn"),
)

STATUSES: dict[MatterKind, tuple[Choice, ...]] = {
    MatterKind.BARGAINING: BARGAINING_STATUSES,
    MatterKind.FLRA: FLRA_STATUSES,
    MatterKind.GRIEVANCE: GRIEVANCE_STATUSES,
    MatterKind.METRIC_DISPUTE: METRIC_DISPUTE_STATUSES,
}

#: Statuses after which a matter is closed (hidden from lists by default, no longer "open").
CLOSED_STATUSES: dict[MatterKind, frozenset[str]] = {
    MatterKind.BARGAINING: frozenset({"agreement", "implemented_without_bargaining", "withdrawn"}),
    MatterKind.FLRA: frozenset({"decided", "settled", "withdrawn", "dismissed"}),
    MatterKind.GRIEVANCE: frozenset({"settled", "sustained", "denied", "withdrawn", "closed"}),
    MatterKind.METRIC_DISPUTE: frozenset({"resolved", "withdrawn"}),
}

INITIAL_STATUS: dict[MatterKind, str] = {
    MatterKind.BARGAINING: "notice_received",
    MatterKind.FLRA: "preparing",
    MatterKind.GRIEVANCE: "open",
    MatterKind.METRIC_DISPUTE: "raised",
}


def is_closed_status(kind: MatterKind | str, status: str) -> bool:
    return status in CLOSED_STATUSES[MatterKind(kind)]



# --- shared core -----------------------------------------------------------------------------

PRIORITIES: tuple[Choice, ...] = (
    Choice("low", "Low"),
    Choice("normal", "Normal"),
    Choice("high", "High"),
    Choice("urgent", "Urgent"),
)

# --- bargaining ------------------------------------------------------------------------------

BARGAINING_TYPES: tuple[Choice, ...] = (
    Choice("substantive", "Substantive"),
    Choice("impact_and_implementation", "Impact and implementation"),
    Choice("mid_term", "Mid-term"),
)

# --- FLRA ------------------------------------------------------------------------------------

FLRA_CASE_TYPES: tuple[Choice, ...] = (
    Choice("ulp_against_agency", "ULP charge against agency (CA)"),
    Choice("ulp_against_union", "ULP charge against union (CO)"),
    Choice("representation", "Representation petition (RP)"),
    Choice("clarification_of_unit", "Clarification of unit (RP)"),
    Choice("decertification", "Decertification petition (RP)"),
    Choice("negotiability", "Negotiability appeal (NG)"),
    Choice("arbitration_exceptions", "Exceptions to arbitration award (AR)"),
    Choice("impasse_request", "Request for FSIP assistance"),
)

FLRA_REGIONS: tuple[str, ...] = (
    "Atlanta",
    "Chicago",
    "Denver",
    "San Francisco",
    "Washington",
    "Headquarters (Authority)",
    "FSIP",
)

#: FLRA docket numbers: region/office prefix, case type letters, two-digit year, four digits,
#: e.g. ``WA-RP-19-0067``, ``SF-CA-21-0123``, ``0-AR-5678``, ``0-NG-3456``.
FLRA_CASE_NUMBER_PATTERN = (
    r"^(?:(?:AT|CH|DA|DE|SF|WA|BN|BOS|NY)-(?:CA|CO|RP|RO|CU|DR|AC|UC|CG)-\d{2}-\d{4}"
    r"|0-(?:AR|NG|AC|NA|UC)-\d{1,5}"
    r"|\d{2}\s?FSIP\s?\d{1,4})$"
)

# --- grievances ------------------------------------------------------------------------------

GRIEVANCE_STEPS: tuple[Choice, ...] = (
    Choice("informal", "Informal"),
    Choice("step1", "Step 1"),
    Choice("step2", "Step 2"),
    Choice("step3", "Step 3"),
    Choice("arbitration", "Arbitration"),
)

GRIEVANCE_ISSUE_CATEGORIES: tuple[str, ...] = (
    "Performance metrics",
    "Case assignment",
    "Leave",
    "Telework",
    "Discipline",
    "Workload",
    "Training",
    "Travel / details",
    "Health and safety",
    "Pay",
    "Other",
)

# --- metric disputes -------------------------------------------------------------------------

DISPUTE_SCOPES: tuple[Choice, ...] = (
    Choice("member", "One member"),
    Choice("unit", "Whole bargaining unit"),
)

DOCKET_TYPES: tuple[Choice, ...] = (
    Choice("detained", "Detained"),
    Choice("non_detained", "Non-detained"),
    Choice("juvenile", "Juvenile"),
    Choice("all", "All dockets"),
)

# --- members ---------------------------------------------------------------------------------

MEMBERSHIP_STATUSES: tuple[Choice, ...] = (
    Choice("member", "Member"),
    Choice("non_member", "Non-member (unit employee)"),
    Choice("retired", "Retired"),
    Choice("former", "Former"),
)

# --- the things that hang off a matter ---------------------------------------------------------

TIMELINE_KINDS: tuple[Choice, ...] = (
    Choice("note", "Note"),
    Choice("event", "Event"),
    Choice("filing", "Filing"),
    Choice("correspondence", "Correspondence"),
    Choice("meeting", "Meeting"),
    Choice("decision", "Decision"),
)

LINK_RELATIONS: tuple[Choice, ...] = (
    Choice("related", "Related to"),
    Choice("arises_from", "Arises from"),
    Choice("consolidated_with", "Consolidated with"),
    Choice("appeal_of", "Appeal of"),
)

SERVICE_METHODS: tuple[Choice, ...] = (
    Choice("personal", "Personal delivery"),
    Choice("electronic", "Electronic (eFiling / email)"),
    Choice("mail", "First-class mail"),
    Choice("commercial", "Commercial delivery"),
)

HISTORY_ACTIONS: tuple[str, ...] = ("create", "update", "delete", "import", "undo")
