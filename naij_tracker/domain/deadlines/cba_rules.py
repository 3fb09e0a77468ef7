"""Time limits from the union's collective bargaining agreement, configured by the officer.

CBA time limits (grievance steps, bargaining responses) are not the FLRA's: they come from the
union's agreement and are configured by the officer (:func:`cba_rule`, :data:`DEFAULT_CBA_RULES`),
in calendar or working days; a calendar-day CBA period whose last day is not a working day runs
to the next working day, the usual CBA clause. The short-period rule and the 5 mailing days of
2429.21–22 do not apply to CBA rules unless the officer says so.
"""

from __future__ import annotations

from collections.abc import Iterable

from naij_tracker.domain.deadlines.flra_rules import TRIGGERS
from naij_tracker.domain.deadlines.model import DeadlineError, DeadlineRule, Period, PeriodUnit
from naij_tracker.domain.kinds import MatterKind

_G = MatterKind.GRIEVANCE
_M = MatterKind.METRIC_DISPUTE
_B = MatterKind.BARGAINING


def cba_rule(
    id: str,
    name: str,
    days: int,
    day_type: str,
    trigger: str,
    trigger_label: str,
    citation: str,
    applies_to: Iterable[MatterKind | str],
    deadline_title: str,
    *,
    description: str = "",
    service_adjustable: bool = False,
) -> DeadlineRule:
    """A time limit taken from the union's collective bargaining agreement.

    ``day_type`` is ``"calendar"`` or ``"working"``. Calendar-day limits whose last day is not a
    working day run to the next working day; working-day limits count working days only. Raises
    :class:`DeadlineError` with a one-line message for anything the officer got wrong.
    """
    kind = str(day_type).strip().lower()
    if kind not in ("calendar", "working"):
        raise DeadlineError(f"CBA rule {id}: day type {day_type!r} must be 'calendar' or 'working'")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 730:
        raise DeadlineError(f"CBA rule {id}: days must be a whole number from 1 to 730")
    unit = PeriodUnit.DAYS if kind == "calendar" else PeriodUnit.WORKING_DAYS
    return DeadlineRule(
        id=id,
        name=name,
        trigger=trigger,
        trigger_label=trigger_label,
        period=Period(days, unit),
        service_adjustable=service_adjustable,
        citation=citation,
        applies_to=tuple(applies_to),  # type: ignore[arg-type]  # validated in __post_init__
        deadline_title=deadline_title,
        description=description,
        cba=True,
    )


#: Starting CBA time limits, **to be edited to match the union's own agreement**: the article
#: numbers and day counts here are placeholders typical of federal-sector agreements, not the
#: terms of any particular CBA. The services layer seeds the database with them; the officer
#: changes them there, and the engine receives the stored versions as ``extra_rules``.
DEFAULT_CBA_RULES: tuple[DeadlineRule, ...] = (
    cba_rule(
        "cba-grievance-filing",
        "Grievance filing",
        30,
        "calendar",
        "grievable_event",
        TRIGGERS["grievable_event"],
        "CBA Art. (grievance procedure), as configured",
        (_G, _M),
        "File grievance",
        description="Default: 30 calendar days from the event. Edit to match the CBA.",
    ),
    cba_rule(
        "cba-step-answer",
        "Management step answer",
        15,
        "calendar",
        "grievance_filed",
        TRIGGERS["grievance_filed"],
        "CBA Art. (grievance procedure), as configured",
        (_G, _M),
        "Management answer due",
        description="Default: 15 calendar days from receipt of the grievance at the step.",
    ),
    cba_rule(
        "cba-step-appeal",
        "Appeal to the next step",
        15,
        "calendar",
        "step_answer_received",
        TRIGGERS["step_answer_received"],
        "CBA Art. (grievance procedure), as configured",
        (_G, _M),
        "Appeal to next step due",
        description="Default: 15 calendar days from the step answer (or the day it was due).",
    ),
    cba_rule(
        "cba-invoke-arbitration",
        "Invoke arbitration",
        30,
        "calendar",
        "final_step_answer_received",
        TRIGGERS["final_step_answer_received"],
        "CBA Art. (arbitration), as configured",
        (_G, _M),
        "Invoke arbitration",
        description="Default: 30 calendar days from the final step answer.",
    ),
    cba_rule(
        "cba-bargaining-response",
        "Union response to agency notice of change",
        15,
        "calendar",
        "agency_notice_received",
        TRIGGERS["agency_notice_received"],
        "CBA Art. (mid-term bargaining), as configured",
        (_B, _M),
        "Request to bargain / proposals due",
        description=(
            "Default: 15 calendar days from the agency's notice to request bargaining. "
            "Edit to match the CBA."
        ),
    ),
)


