"""The members stage: which stored member each name in the file is — matched as a person would.

Each distinct name of the member column is compared with the stored members by
``domain.names.normalize_person_name`` (case, accents, spacing, titles such as Judge/Hon./IJ,
"Last, First"): the same key is the same member, whatever the court. A name with no such match
but close to a stored one (one letter off, an initial for a first name, the same last name in
the same court) is a *near match*: the officer says which ("did you mean…?") on the wizard's
members page, or the command line adds it as new only with ``--new-members`` — never silently.
Decisions are kept in the import profile (normalised name → member id, or "new").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Literal

from naij_tracker.domain.names import (
    clean_person_name,
    last_name,
    near_match,
    normalize_person_name,
)
from naij_tracker.importing.headers import HeaderMapping
from naij_tracker.importing.rows import field_parser
from naij_tracker.importing.sources import Cell, SheetData, sheet_columns

NEW: Literal["new"] = "new"
#: normalised name → stored member id, or ``NEW``.
MemberDecisions = Mapping[str, int | str]
#: At most this many "did you mean" choices per name.
MAX_CHOICES = 5


@dataclass(frozen=True, slots=True)
class StoredMember:
    id: int
    name: str
    court: str | None


@dataclass(frozen=True, slots=True)
class NearMatch:
    """A stored member a written name may be, and why."""

    member: StoredMember
    reason: str


@dataclass(frozen=True)
class WrittenName:
    """One person as written in the file (every spelling with the same key), and who it is."""

    key: str
    written: str
    court: str | None
    rows: tuple[int, ...]
    spellings: tuple[str, ...]
    #: The stored member with the same key, if any.
    same: StoredMember | None = None
    near: tuple[NearMatch, ...] = ()
    #: The officer's answer for a near match: a member id, ``NEW``, or None (not yet).
    decision: int | str | None = None
    #: The name a new member gets: titles removed, "Last, First" turned round.
    new_name: str = ""

    @property
    def needs_decision(self) -> bool:
        return self.same is None and bool(self.near) and self.decision is None


@dataclass(frozen=True)
class MemberReport:
    """Every name of the file, matched."""

    names: tuple[WrittenName, ...] = ()
    by_key: dict[str, WrittenName] = field(default_factory=dict)

    def resolve(self, written: str | None) -> tuple[int | None, bool, WrittenName | None]:
        """(member id or None, is new, the name's entry) for a name as written; None for a
        union grievance. A near match without a decision is (None, False, entry)."""
        if not written:
            return None, False, None
        entry = self.by_key.get(normalize_person_name(written))
        if entry is None:
            return None, True, None
        if entry.same is not None:
            return entry.same.id, False, entry
        if isinstance(entry.decision, int):
            return entry.decision, False, entry
        if entry.decision == NEW or not entry.near:
            return None, True, entry
        return None, False, entry

    @property
    def undecided(self) -> tuple[WrittenName, ...]:
        return tuple(n for n in self.names if n.needs_decision)

    @property
    def matched_other_spelling(self) -> tuple[WrittenName, ...]:
        """Names found under another spelling ("Lee, Grace" for Grace Lee)."""
        return tuple(n for n in self.names if n.same is not None
                     and any(s != n.same.name for s in n.spellings))

    def decisions(self) -> dict[str, int | str]:
        return {n.key: n.decision for n in self.names if n.decision is not None}


def _index(stored: Iterable[StoredMember]) -> dict[str, list[StoredMember]]:
    by_key: dict[str, list[StoredMember]] = {}
    for m in stored:
        by_key.setdefault(normalize_person_name(m.name), []).append(m)
    return by_key


def _fold(text: str | None) -> str:
    return (text or "").strip().casefold()


def _near(key: str, court: str | None, stored: dict[str, list[StoredMember]]
          ) -> tuple[NearMatch, ...]:
    found: list[NearMatch] = []
    last = last_name(key)
    for other, members in stored.items():
        reason = near_match(key, other)
        for m in members:
            why = reason
            if why is None and last and last_name(other) == last and court \
                    and _fold(m.court) == _fold(court):
                why = "same last name, same court"
            if why is not None:
                found.append(NearMatch(m, why))
    found.sort(key=lambda n: (n.reason != "one letter off", n.member.name, n.member.id))
    return tuple(found[:MAX_CHOICES])


def written_names(data: SheetData, mapping: HeaderMapping,
                  columns: Sequence[Sequence[Cell]] | None = None
                  ) -> dict[str, tuple[str, str | None, list[int], list[str]]]:
    """key → (first spelling, its court, rows, spellings) for the member column, read a column
    at a time: each distinct cell is read and normalised once (names repeat down a sheet)."""
    column = mapping.column_of("member_name")
    if column is None:
        return {}
    court_column = mapping.column_of("court")
    read_name, read_court = field_parser("member_name"), field_parser("court")
    rows = data.data_rows
    if columns is None:
        columns = sheet_columns(data)
    empty = ("",) * len(rows)
    names = columns[column] if column < len(columns) else empty
    courts = (columns[court_column] if court_column is not None and court_column < len(columns)
              else empty)
    rows_of: dict[Cell, list[int]] = defaultdict(list)
    for number, raw in zip(map(itemgetter(0), rows), names, strict=True):
        rows_of[raw].append(number)
    out: dict[str, tuple[str, str | None, list[int], list[str]]] = {}
    for raw, numbers in rows_of.items():
        try:
            name = read_name(raw)
        except ValueError:
            continue  # the rows stage reports it
        if not isinstance(name, str):
            continue
        key = normalize_person_name(name)
        if not key:
            continue
        entry = out.get(key)
        if entry is None:
            try:
                court = read_court(courts[names.index(raw)])
            except ValueError:
                court = None
            entry = out[key] = (name, court if isinstance(court, str) else None, [], [])
        entry[2].extend(numbers)
        if name not in entry[3]:
            entry[3].append(name)
    for entry in out.values():
        if len(entry[3]) > 1:
            entry[2].sort()
    return out


def match_members(stored: Iterable[StoredMember], data: SheetData, mapping: HeaderMapping,
                  decisions: MemberDecisions | None = None,
                  columns: Sequence[Sequence[Cell]] | None = None) -> MemberReport:
    """Match every name of the file with the stored members (see the module's docstring)."""
    stored = list(stored)
    by_key = _index(stored)
    ids = {m.id for m in stored}
    decisions = decisions or {}
    names: list[WrittenName] = []
    for key, (written, court, rows, spellings) in written_names(data, mapping, columns).items():
        same_list = by_key.get(key, [])
        same = next((m for m in same_list if _fold(m.court) == _fold(court)),
                    same_list[0] if same_list else None)
        near = () if same is not None else _near(key, court, by_key)
        decision = decisions.get(key)
        if isinstance(decision, int) and decision not in ids:
            decision = None  # a member deleted since the decision was kept
        if decision is not None and decision != NEW and not isinstance(decision, int):
            decision = None
        names.append(WrittenName(key, written, court, tuple(rows), tuple(spellings), same,
                                 near, decision if same is None else None,
                                 clean_person_name(written)))
    return MemberReport(tuple(names), {n.key: n for n in names})


def undecided_problem(entry: WrittenName) -> str:
    """The row error of a near match nobody has decided."""
    choices = "; ".join(f"{n.member.name}{f' ({n.member.court})' if n.member.court else ''}, "
                        f"{n.reason}" for n in entry.near[:3])
    return (f"'{entry.written}' is not a member yet, but may be {choices}. Say which on the "
            "members page (command line: --new-members to add a new member).")
