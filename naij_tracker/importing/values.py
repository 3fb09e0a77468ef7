"""The values stage: what each choice cell (status, step, priority, issue category) means.

Spellings are read by ``domain.synonyms``; what it does not know, the officer says — on the
wizard's values page or with ``--map status:"Done with it"=withdrawn`` — and that answer is a
``ValueMap`` (field → ``value_key`` of the text → code, or None for "leave empty"), kept in the
import profile for the next file. ``unknown_values`` gathers, a column at a time, each distinct
value still unknown once with its count and rows, for that page. ``choice_parser`` gives
``rows`` the parser of one choice column; a value still unknown there is a row error.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from naij_tracker.domain.synonyms import (
    VOCABULARIES,
    label_of,
    match_value,
    value_key,
)
from naij_tracker.importing.cells import clean_text
from naij_tracker.importing.headers import FIELD_LABELS, HeaderMapping
from naij_tracker.importing.sources import Cell, SheetData, sheet_columns

#: The choice fields whose unknown values must be mapped (an unknown issue category is kept as
#: written: the category is free text with suggestions).
MAPPED_FIELDS: tuple[str, ...] = ("status", "step", "priority")
#: field → value key → code, or None ("leave empty").
ValueMap = Mapping[str, Mapping[str, str | None]]

_INSTITUTIONAL = frozenset(
    {"union", "institutional", "naij", "theunion", "unioninstitutional", "institutionalunion",
     "naijunion", "naijinstitutional", "uniongrievance", "institutionalgrievance", "unionwide"}
)
_NOUNS = {"status": "grievance status", "step": "grievance step", "priority": "priority"}


def _labels(field: str) -> str:
    labels = [c.label for c in VOCABULARIES[field]]
    return ", ".join(labels[:-1]) + " or " + labels[-1]


def unknown_problem(field: str, text: str) -> str:
    """The row error of a value nobody has said the meaning of."""
    return (f"'{text}' is not a {_NOUNS[field]}; use {_labels(field)}, or say what it means on "
            f"the values page (command line: --map {field}:\"{text}\"=VALUE).")


def read_choice(field: str, text: str, value_map: ValueMap | None = None
                ) -> tuple[str | None, str | None]:
    """(code or None, note or None) for the text of a choice cell; ``ValueError`` if unknown.

    The officer's mapping comes first, then the synonyms. For ``issue_category`` an unknown
    text is its own value.
    """
    mapped = (value_map or {}).get(field)
    if mapped:
        key = value_key(text)
        if key in mapped:
            return mapped[key], None
    match = match_value(field, text)
    if match is not None:
        return match.code, match.note
    if field == "issue_category":
        return text, None
    raise ValueError(unknown_problem(field, text))


def choice_parser(field: str, value_map: ValueMap | None = None
                  ) -> Callable[[Cell], str | None]:
    """The parser of one choice column: a code, None when blank; ``ValueError`` if unknown."""
    def parse(raw: Cell) -> str | None:
        text = clean_text(raw, single_line=True)
        if text is None:
            return None
        return read_choice(field, text, value_map)[0]
    return parse


def choice_note(field: str, value_map: ValueMap | None = None
                ) -> Callable[[Cell], str | None]:
    """The note kept from a choice cell that said more than its value ("Denied - considering
    arb" → "Status as written: Denied - considering arb"), or None."""
    label = FIELD_LABELS[field]

    def note(raw: Cell) -> str | None:
        text = clean_text(raw, single_line=True)
        if text is None:
            return None
        try:
            note_text = read_choice(field, text, value_map)[1]
        except ValueError:
            return None
        return f"{label} as written: {note_text}" if note_text else None
    return note


# Kept under their old names: tests and callers read single values with them.
def parse_step(value: Cell | None) -> str:
    """A step code from "Step 2", "2", "II", "2nd", "Arb.", "Informal"…"""
    code = choice_parser("step")(value if value is not None else "")
    if code is None:
        raise ValueError(unknown_problem("step", ""))
    return code


def parse_status(value: Cell | None) -> str:
    """A status code from "Open", "Pending", "Closed - settled", "Won", "Lost", "Closed"…"""
    code = choice_parser("status")(value if value is not None else "")
    if code is None:
        raise ValueError(unknown_problem("status", ""))
    return code


def parse_priority(value: Cell | None) -> str:
    code = choice_parser("priority")(value if value is not None else "")
    if code is None:
        raise ValueError(unknown_problem("priority", ""))
    return code


def normalize_category(text: str) -> str:
    """The catalogue spelling of a known issue category; any other text is kept as written."""
    return read_choice("issue_category", text)[0] or text


def is_institutional(name: str) -> bool:
    """True when a member cell names the union itself ("Union", "Institutional", "NAIJ")."""
    return value_key(name) in _INSTITUTIONAL


@dataclass(frozen=True, slots=True)
class UnknownValue:
    """One distinct value of a choice column that nothing maps yet."""

    field: str
    text: str
    key: str
    count: int
    rows: tuple[int, ...]
    column: str


def unknown_values(data: SheetData, mapping: HeaderMapping,
                   value_map: ValueMap | None = None,
                   columns: Sequence[Sequence[Cell]] | None = None) -> tuple[UnknownValue, ...]:
    """Each value of a status, step or priority column that is neither a known spelling nor
    mapped by ``value_map``, once, with how many rows hold it and which (in row order)."""
    found: list[UnknownValue] = []
    wanted = [(f, mapping.column_of(f)) for f in MAPPED_FIELDS]
    wanted = [(f, c) for f, c in wanted if c is not None]
    if not wanted:
        return ()
    # A column at a time (rows may stop early: "" past their last cell).
    if columns is None:
        columns = sheet_columns(data)
    for field, column in wanted:
        assert column is not None
        cells = columns[column] if column < len(columns) else ("",) * len(data.data_rows)
        counts = Counter(cells)
        bad: dict[str, tuple[str, list[int]]] = {}
        read = choice_parser(field, value_map)
        for cell in counts:
            if type(cell) is str and not cell.strip():
                continue
            try:
                read(cell)
            except ValueError:
                text = clean_text(cell, single_line=True) or ""
                bad.setdefault(value_key(text), (text, []))
        if not bad:
            continue
        for row, cell in zip(data.data_rows, cells, strict=True):
            cell_text = clean_text(cell, single_line=True) if cell not in ("", None) else None
            if cell_text is not None and value_key(cell_text) in bad:
                bad[value_key(cell_text)][1].append(row.number)
        for key, (text, rows) in bad.items():
            found.append(UnknownValue(field, text, key, len(rows), tuple(rows),
                                      data.column_name(column)))
    return tuple(found)


def parse_map_option(option: str) -> tuple[str, str, str | None]:
    """``status:"Done with it"=withdrawn`` → ("status", value key, code); the target may be a
    code, a label or ``empty``. ``ValueError`` with a plain sentence when it cannot be read."""
    field, sep, rest = option.partition(":")
    field = field.strip().replace(" ", "_").lower()
    if not sep or field not in VOCABULARIES:
        raise ValueError(f"--map {option}: start with a field (status, step, priority or "
                         "issue_category) and a colon, e.g. --map status:\"Done\"=withdrawn")
    text, eq, target = rest.rpartition("=")
    text = text.strip().strip('"').strip("'")
    target = target.strip().strip('"').strip("'")
    if not eq or not text:
        raise ValueError(f"--map {option}: write the value and its meaning as "
                         f"{field}:\"value\"=meaning")
    if value_key(target) in ("", "empty", "none", "blank", "leaveempty"):
        return field, value_key(text), None
    for choice in VOCABULARIES[field]:
        if value_key(target) in (value_key(choice.code), value_key(choice.label)):
            return field, value_key(text), choice.code
    choices = ", ".join(c.code for c in VOCABULARIES[field])
    raise ValueError(f"--map {option}: '{target}' is not a {field.replace('_', ' ')}; use one "
                     f"of {choices} or empty")


def describe_target(field: str, code: str | None) -> str:
    return "(leave empty)" if code is None else label_of(field, code)


def merge_value_maps(*maps: ValueMap | None) -> dict[str, dict[str, str | None]]:
    """Later maps win, value by value."""
    out: dict[str, dict[str, str | None]] = {}
    for m in maps:
        for field, values in (m or {}).items():
            out.setdefault(field, {}).update(values)
    return out


def as_sequence(values: Sequence[UnknownValue]) -> list[dict[str, object]]:
    """Unknown values as plain dicts (the command line's JSON report)."""
    return [{"field": v.field, "value": v.text, "count": v.count, "rows": list(v.rows[:20]),
             "column": v.column} for v in values]
