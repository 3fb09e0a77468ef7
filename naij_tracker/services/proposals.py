"""The deadlines a save would start, computed with the union's configured rules, for review.

``propose_deadlines`` turns the events of ``domain.proposals`` (a grievance filed at a step, an
FLRA decision dated, an agency notice received) into computed deadlines — with the CBA time
limits the officer configured — leaving out any the matter already has. Nothing is written
here: the officer accepts or edits them, then ``DeadlineService.add_from_rule`` adds each.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from naij_tracker.domain import clock
from naij_tracker.domain.deadlines import ComputedDeadline, DeadlineError, DeadlineRule
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.domain.proposals import ProposedEvent, events_to_propose
from naij_tracker.services.deadlines import DeadlineService
from naij_tracker.services.overview import deadline_rows


@dataclass(frozen=True)
class ProposedDeadline:
    """A deadline the record's new event starts: the rule, the event and the computed date."""

    rule: DeadlineRule
    event: ProposedEvent
    computed: ComputedDeadline

    @property
    def title(self) -> str:
        return self.event.title or self.computed.title


def propose_deadlines(deadlines: DeadlineService, matter_id: int | None, kind: MatterKind | str,
                      before: Mapping[str, Any] | None, after: Mapping[str, Any],
                      today: date | None = None) -> list[ProposedDeadline]:
    """The deadlines that follow from what a save recorded, minus those already on the matter."""
    kind = MatterKind(kind)
    events = events_to_propose(kind, before, after, today or clock.today())
    if not events:
        return []
    have = set()
    if matter_id is not None:
        have = {(r.rule_id, r.trigger_on) for r in
                deadline_rows(deadlines.db, matter_id=matter_id, include_done=True)}
    out: list[ProposedDeadline] = []
    for event in events:
        for rule in deadlines.rules_for_trigger(event.trigger, kind):
            if (rule.id, event.on) in have:
                continue
            try:
                computed = deadlines.preview(rule.id, event.on)
            except DeadlineError:
                continue  # a date past the calendar's range: "Add from rule…" explains it
            out.append(ProposedDeadline(rule, event, computed))
    return out
