"""Which deadline-starting events a saved matter records, so its deadlines can be proposed.

When an officer saves a grievance at a step with its filing date, the CBA's time limit for
management's answer starts to run; when an FLRA decision date is entered, the time for exceptions
or an application for review starts. ``events_to_propose`` compares a matter's values before and
after a save and names the events (trigger codes of ``domain.deadlines.TRIGGERS``) with their
dates; the services turn them into deadlines with the union's configured rules, and the officer
reviews them before anything is added. ``fitting_event`` is the event that best fits a record as
it stands — the default of "Add from rule…".

The mapping is data (``_DATE_EVENTS``), one line per field and kind, each saying why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from naij_tracker.domain import kinds as k
from naij_tracker.domain.kinds import MatterKind

#: Grievance steps at which management owes an answer (the CBA's step-answer limit runs).
ANSWERED_STEPS = ("step1", "step2", "step3")


@dataclass(frozen=True, slots=True)
class ProposedEvent:
    """An event recorded on a matter that starts deadlines: its trigger code and its date."""

    trigger: str
    on: date
    #: What the deadline is called on this matter, e.g. "Management's Step 2 answer due".
    title: str | None = None
    #: Why it is proposed, in a few words ("Filed at Step 2 on 2026-03-02").
    reason: str = ""


# (kind, date field, case types it applies to (empty: all), trigger).
_DATE_EVENTS: tuple[tuple[MatterKind, str, tuple[str, ...], str], ...] = (
    # The agency's notice of a change starts the union's time to request bargaining (CBA).
    (MatterKind.BARGAINING, "agency_notice_on", (), "agency_notice_received"),
    # An ALJ's decision in a ULP case: exceptions due (5 C.F.R. 2423.40(a)).
    (MatterKind.FLRA, "decision_on", ("ulp_against_agency", "ulp_against_union"),
     "alj_decision_served"),
    # A Regional Director's decision in a representation case: application for review due
    # (5 C.F.R. 2422.31(b)).
    (MatterKind.FLRA, "decision_on", ("representation", "clarification_of_unit",
                                      "decertification"), "rd_decision_issued"),
    # A negotiability petition filed: the agency's statement of position is due
    # (5 C.F.R. 2424.24(a)).
    (MatterKind.FLRA, "filed_on", ("negotiability",), "negotiability_petition_served"),
)

# FLRA matters opened before anything is filed: the event that starts the filing period, taken
# from the opened date until the officer corrects it in the review.
_OPENING_EVENTS: dict[str, str] = {
    # A ULP charge must be filed within 6 months of the act (5 U.S.C. 7118(a)(4)(A)).
    "ulp_against_agency": "ulp_act",
    "ulp_against_union": "ulp_act",
    # Exceptions to an award are due 30 days after service (5 U.S.C. 7122(b)).
    "arbitration_exceptions": "award_served",
}


def _step_label(step: str) -> str:
    return k.label_of(k.GRIEVANCE_STEPS, step)


def _grievance_events(before: Mapping[str, Any] | None, after: Mapping[str, Any],
                      today: date) -> list[ProposedEvent]:
    step, filed = after.get("step"), after.get("filed_on")
    if step not in ANSWERED_STEPS or not isinstance(filed, date):
        return []
    if before is None or before.get("filed_on") != filed:
        on, why = filed, f"Filed at {_step_label(step)} on {filed.isoformat()}"
    elif before.get("step") != step:
        # Moved to another step without a new filing date: the appeal was filed today.
        on, why = today, f"Moved to {_step_label(step)} (appeal taken as filed today)"
    else:
        return []
    return [ProposedEvent("grievance_filed", on, f"Management's {_step_label(step)} answer due",
                          why)]


def events_to_propose(kind: MatterKind | str, before: Mapping[str, Any] | None,
                      after: Mapping[str, Any], today: date) -> list[ProposedEvent]:
    """The events a save recorded: new dates, a new step. ``before`` is None for a new matter."""
    kind = MatterKind(kind)
    if k.is_closed_status(kind, after.get("status") or k.INITIAL_STATUS[kind]):
        return []
    if kind is MatterKind.GRIEVANCE:
        return _grievance_events(before, after, today)
    out: list[ProposedEvent] = []
    case_type = after.get("case_type")
    for event_kind, field, types, trigger in _DATE_EVENTS:
        if event_kind is not kind or (types and case_type not in types):
            continue
        value = after.get(field)
        if isinstance(value, date) and (before is None or before.get(field) != value):
            what = field.removesuffix("_on").replace("_", " ").capitalize()
            out.append(ProposedEvent(trigger, value, None, f"{what} on {value.isoformat()}"))
    if kind is MatterKind.FLRA and case_type in _OPENING_EVENTS and after.get("filed_on") is None:
        opened = after.get("opened_on")
        if isinstance(opened, date) and (before is None or before.get("case_type") != case_type
                                         or before.get("opened_on") != opened):
            out.append(ProposedEvent(_OPENING_EVENTS[case_type], opened, None,
                                     "Not yet filed; the event is taken as the opened date — "
                                     "correct it here"))
    return out


def fitting_event(kind: MatterKind | str, values: Mapping[str, Any],
                  today: date) -> ProposedEvent | None:
    """The event that best fits a record as it stands (the last one the record names)."""
    events = events_to_propose(kind, None, values, today)
    return events[-1] if events else None
