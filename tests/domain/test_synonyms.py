"""What stewards write in choice columns, and what it means — one table per family."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naij_tracker.domain.kinds import CLOSED_STATUSES, MatterKind
from naij_tracker.domain.synonyms import (
    CHOICE_FIELDS,
    VOCABULARIES,
    ValueMatch,
    label_of,
    match_value,
)

STATUS = [
    # closed, outcome not recorded: a real status, not a refusal
    ("Closed", "closed", None), ("Resolved", "closed", None), ("Done", "closed", None),
    ("COMPLETED", "closed", None),
    # awaiting the other side
    ("Pending", "awaiting_answer", None), ("Pending mgmt response", "awaiting_answer", None),
    ("Awaiting response", "awaiting_answer", None), ("pending agency reply",
                                                      "awaiting_answer", None),
    ("Step 2 - awaiting response", "awaiting_answer", "Step 2 - awaiting response"),
    # outcomes
    ("Won", "sustained", None), ("Lost", "denied", None), ("Granted in part", "sustained", None),
    ("Denied - considering arb", "denied", "Denied - considering arb"),
    ("Closed - settled", "settled", None), ("Settled (closed)", "settled", None),
    ("Closed – won", "sustained", None), ("closed/withdrawn", "withdrawn", None),
    ("Open", "open", None), ("In progress", "open", None), ("Appealed", "appealed", None),
    ("Pending arbitration", "arbitration", None),
]
STEP = [
    ("Informal", "informal", None), ("informal resolution", "informal", None),
    ("Step 1", "step1", None), ("I", "step1", None), ("2nd", "step2", None),
    ("Step II", "step2", None), ("step-3", "step3", None), ("Arb.", "arbitration", None),
    ("Step 2 - awaiting response", "step2", "Step 2 - awaiting response"),
]
PRIORITY = [("Med", "normal", None), ("asap", "urgent", None), ("H", "high", None),
            ("lowest", "low", None)]
CATEGORY = [("wfh", "Telework", None), ("quota", "Performance metrics", None),
            ("annual leave", "Leave", None), ("TRAVEL", "Travel / details", None)]


@pytest.mark.parametrize(("field", "text", "code", "note"),
                         [("status", *r) for r in STATUS] + [("step", *r) for r in STEP]
                         + [("priority", *r) for r in PRIORITY]
                         + [("issue_category", *r) for r in CATEGORY])
def test_each_family(field: str, text: str, code: str, note: str | None) -> None:
    assert match_value(field, text) == ValueMatch(code, note)


@pytest.mark.parametrize(("field", "text"), [
    ("status", "Done with it"), ("status", "Maybe"), ("step", "Step 5"), ("step", "mediation"),
    ("priority", "whenever"), ("issue_category", "Parking"),
])
def test_unknown_values_are_not_guessed(field: str, text: str) -> None:
    assert match_value(field, text) is None


def test_closed_outcome_not_recorded_is_a_real_closed_status() -> None:
    assert "closed" in CLOSED_STATUSES[MatterKind.GRIEVANCE]
    assert label_of("status", "closed") == "Closed (outcome not recorded)"
    assert match_value("status", "Closed (outcome not recorded)") == ValueMatch("closed")


@given(st.sampled_from(CHOICE_FIELDS), st.data())
def test_every_code_and_label_reads_as_itself_in_any_case_and_spacing(field: str,
                                                                       data: st.DataObject
                                                                       ) -> None:
    choice = data.draw(st.sampled_from(VOCABULARIES[field]))
    for text in (choice.code, choice.label):
        messy = data.draw(st.sampled_from([text.upper(), text.lower(), f"  {text} ",
                                           text.replace(" ", "  ")]))
        assert match_value(field, messy) == ValueMatch(choice.code)
