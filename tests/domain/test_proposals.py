"""Which events a save records (and so which deadlines are proposed), case by case.

Sources of the events: the CBA's step-answer limit (configured); 5 C.F.R. 2423.40(a) (exceptions
to an ALJ decision); 5 C.F.R. 2422.31(b) (application for review of an RD decision);
5 C.F.R. 2424.24(a) (agency statement after a negotiability petition); 5 U.S.C. 7118(a)(4)(A)
(ULP charge within 6 months of the act); 5 U.S.C. 7122(b) (exceptions to an award).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from naij_tracker.domain.kinds import MatterKind
from naij_tracker.domain.proposals import events_to_propose, fitting_event

D = date.fromisoformat
TODAY = D("2026-12-02")
G, F, B = MatterKind.GRIEVANCE, MatterKind.FLRA, MatterKind.BARGAINING

CASES: list[tuple[str, MatterKind, dict[str, Any] | None, dict[str, Any],
                  list[tuple[str, date, str | None]]]] = [
    ("new grievance at step 2", G, None,
     {"step": "step2", "filed_on": D("2026-03-02"), "status": "open"},
     [("grievance_filed", D("2026-03-02"), "Management's Step 2 answer due")]),
    ("step changed, same filing date: appeal today", G,
     {"step": "step1", "filed_on": D("2026-03-02")},
     {"step": "step2", "filed_on": D("2026-03-02"), "status": "open"},
     [("grievance_filed", TODAY, "Management's Step 2 answer due")]),
    ("nothing changed", G, {"step": "step2", "filed_on": D("2026-03-02")},
     {"step": "step2", "filed_on": D("2026-03-02"), "status": "open"}, []),
    ("arbitration: no management answer", G, None,
     {"step": "arbitration", "filed_on": D("2026-03-02"), "status": "open"}, []),
    ("closed grievance", G, None,
     {"step": "step2", "filed_on": D("2026-03-02"), "status": "withdrawn"}, []),
    ("ULP decision dated", F, {"case_type": "ulp_against_agency", "decision_on": None},
     {"case_type": "ulp_against_agency", "decision_on": D("2026-06-01"),
      "filed_on": D("2026-01-05")},
     [("alj_decision_served", D("2026-06-01"), None)]),
    ("RD decision dated", F, None,
     {"case_type": "representation", "decision_on": D("2026-06-01")},
     [("rd_decision_issued", D("2026-06-01"), None)]),
    ("negotiability petition filed", F, None,
     {"case_type": "negotiability", "filed_on": D("2026-02-10")},
     [("negotiability_petition_served", D("2026-02-10"), None)]),
    ("ULP not yet filed: the act, from the opened date", F, None,
     {"case_type": "ulp_against_agency", "opened_on": D("2026-05-04")},
     [("ulp_act", D("2026-05-04"), None)]),
    ("award to take exceptions to", F, None,
     {"case_type": "arbitration_exceptions", "opened_on": D("2026-05-04")},
     [("award_served", D("2026-05-04"), None)]),
    ("agency notice received", B, None,
     {"agency_notice_on": D("2026-04-01"), "status": "notice_received"},
     [("agency_notice_received", D("2026-04-01"), None)]),
]


@pytest.mark.parametrize(("case", "kind", "before", "after", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_events_to_propose(case: str, kind: MatterKind, before: dict[str, Any] | None,
                           after: dict[str, Any],
                           expected: list[tuple[str, date, str | None]]) -> None:
    events = events_to_propose(kind, before, after, TODAY)
    assert [(e.trigger, e.on, e.title) for e in events] == expected


def test_fitting_event_is_the_records_own() -> None:
    event = fitting_event(G, {"step": "step3", "filed_on": D("2026-05-01")}, TODAY)
    assert event is not None and (event.trigger, event.on) == ("grievance_filed", D("2026-05-01"))
    assert fitting_event(G, {"step": "step1", "filed_on": None}, TODAY) is None
