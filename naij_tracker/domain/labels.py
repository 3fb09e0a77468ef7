"""Letter labels in spreadsheet order: A … Z, AA, AB … (columns, and "Member A" in packets)."""

from __future__ import annotations


def alphabetic_label(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA, 701 → ZZ, 702 → AAA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
