"""The column choices of the import wizard's mapping page, as plain logic (no widgets).

Each column's combo box holds a field name, ``NOTE`` (keep the cells as a note) or None
("Don't import"). These functions turn a ``HeaderMapping`` into the combos' starting choices,
the officer's choices back into ``map_headers`` overrides, say why a set of choices cannot be
used, and prepare a corrected mapping for remembering.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from naij_tracker.importing.headers import (
    FIELD_LABELS,
    REQUIRED_FIELDS,
    HeaderMapping,
    field_for_header,
)
from naij_tracker.importing.sources import SheetData

#: A column choice that is neither a field nor "Don't import": keep the cells as a note.
NOTE = "__note__"
#: What a column's combo box can hold: a field name, ``NOTE``, or None ("Don't import").
Choice = str | None


def initial_choices(mapping: HeaderMapping) -> list[Choice]:
    """The combo choice of each column under ``mapping``."""
    out: list[Choice] = []
    for index, f in enumerate(mapping.fields):
        if f is not None:
            out.append(f)
        elif index in mapping.ignored:
            out.append(None)
        else:
            out.append(NOTE)  # unknown or duplicate columns are kept as a note
    return out


def note_allowed(mapping: HeaderMapping, index: int) -> bool:
    """Whether "Keep as note" is a choice for a column.

    ``map_headers`` keeps a column as a note only when its header names no field (or an earlier
    column already fills that field); a recognised header cannot be turned into a note by an
    override, so the wizard does not offer what it could not do.
    """
    header = mapping.headers[index]
    return not header or field_for_header(header) is None or index in mapping.duplicates


def overrides_for(headers: Sequence[str], choices: Sequence[Choice]) -> dict[str, str | None]:
    """``map_headers`` overrides for the officer's choices ("keep as note" is the default)."""
    out: dict[str, str | None] = {}
    for header, choice in zip(headers, choices, strict=True):
        if header and choice != NOTE:
            out.setdefault(header, choice)
    return out


def choice_label(choice: Choice) -> str:
    if choice is None:
        return "Don't import"
    if choice == NOTE:
        return "Keep as note"
    return FIELD_LABELS[choice]


def column_title(data: SheetData, index: int) -> str:
    header = data.headers[index] if index < len(data.headers) else ""
    letter = data.column_letter(index)
    return f"'{header}' (column {letter})" if header else f"column {letter}"


def mapping_problems(data: SheetData, choices: Sequence[Choice],
                     mapping: HeaderMapping) -> list[str]:
    """Sentences saying why the officer's choices cannot be used as they are (empty: fine)."""
    problems: list[str] = []
    chosen: dict[str, list[int]] = {}
    for index, choice in enumerate(choices):
        if choice is not None and choice != NOTE:
            chosen.setdefault(choice, []).append(index)
    reported: set[int] = set()
    for f, columns in chosen.items():
        if len(columns) > 1:
            names = " and ".join(column_title(data, i) for i in columns)
            problems.append(f"{FIELD_LABELS[f]} is chosen for {names}; choose it for one column.")
            reported.update(columns)
    for index, choice in enumerate(choices):
        if index in reported:
            continue
        got = mapping.fields[index]
        actual: Choice = got if got is not None else (
            None if index in mapping.ignored else NOTE)
        if actual != choice:
            problems.append(
                f"{column_title(data, index)} would be imported as "
                f"'{choice_label(actual)}', not '{choice_label(choice)}'; choose another option.")
    for f in REQUIRED_FIELDS:
        if f not in chosen:
            problems.append(f"Choose the column that holds the {FIELD_LABELS[f].lower()}; "
                            "every grievance needs one.")
    return problems


def for_remembering(mapping: HeaderMapping) -> HeaderMapping:
    """The mapping to pass to ``remember_mapping``: note columns left out.

    ``HeaderMapping.as_overrides`` stores None ("don't import") for a column kept as a note, so
    the next file with the same headers would silently drop those notes. Blanking their header
    text keeps them out of the stored overrides; the signature (the key) is unchanged.
    """
    notes = (set(mapping.unknown) | set(mapping.duplicates)) - set(mapping.ignored)
    headers = tuple("" if i in notes else h for i, h in enumerate(mapping.headers))
    return replace(mapping, headers=headers)
