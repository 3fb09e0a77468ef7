"""Spreadsheet-order letter labels (columns in import messages, "Member A" in packets)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naij_tracker.domain.labels import alphabetic_label


@pytest.mark.parametrize(("index", "label"), [
    (0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA"),
    (16383, "XFD"),  # Excel's last column (Office Open XML, 16,384 columns)
])
def test_labels_follow_spreadsheet_columns(index: int, label: str) -> None:
    assert alphabetic_label(index) == label


@given(st.integers(min_value=0, max_value=100_000))
def test_labels_are_distinct_and_ordered_by_length_then_letters(i: int) -> None:
    a, b = alphabetic_label(i), alphabetic_label(i + 1)
    assert a != b and (len(a), a) < (len(b), b)
