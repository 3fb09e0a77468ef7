"""The import as a pipeline: read → headers → values → members → rows → plan → commit.

Each stage takes the previous stage's plain result and is visited once; the wizard's pages and
the command line call the same stages in the same order (the wizard one page at a time, with
the officer's answers in between; ``build_plan`` all at once). Every stage works a column at a
time, so that a 100,000-row file stays fast.

* ``read`` — the sheet as cells (``sources``, in a child process with limits);
* ``headers`` — which field each column fills (``headers``, the profile kept for this header
  row, the officer's overrides), and the footer rows left out (``footers``);
* ``values`` — what each status, step and priority value means (``values``), and which values
  nobody has said yet;
* ``members`` — which stored member each name is (``members``), and the near matches;
* ``rows`` — every row validated (``rows``);
* ``plan`` — compared with the database: create / update / unchanged / error (``plan``);
* ``commit`` — written in one transaction as one import batch (``commit``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from naij_tracker.db.opening import Database
from naij_tracker.importing.footers import FooterRows, strip_footers
from naij_tracker.importing.headers import HeaderMapping, map_headers
from naij_tracker.importing.members import MemberDecisions, MemberReport, match_members
from naij_tracker.importing.plan import (
    ImportPlan,
    ResolvedNames,
    file_digest,
    make_plan,
    stored_members,
)
from naij_tracker.importing.profiles import ImportProfile, load_profile, save_profile
from naij_tracker.importing.rows import Carry, ParseResult, parse_rows
from naij_tracker.importing.safety import gc_paused
from naij_tracker.importing.sources import Cell, SheetData, read_sheet, sheet_columns
from naij_tracker.importing.values import (
    UnknownValue,
    ValueMap,
    merge_value_maps,
    unknown_values,
)


def read(path: Path | str, sheet: str | None = None, header_row: int | None = None
         ) -> SheetData:
    """Stage 1: the sheet's cells. Raises ``ImportFileError``."""
    return read_sheet(Path(path), sheet, header_row=header_row)


@dataclass(frozen=True)
class Headers:
    """Stage 2's result: the sheet without its footer rows, and its columns mapped."""

    data: SheetData
    mapping: HeaderMapping
    footers: FooterRows
    #: The profile in effect (kept for this header row, or named), before this file's answers.
    profile: ImportProfile
    #: The header row's key: where this file's profile is kept.
    signature: str
    #: The profile was found (kept for these headers, or named).
    remembered: bool
    #: The data rows a column at a time (``sources.sheet_columns``), for the next stages.
    columns: list[tuple[Cell, ...]]


def headers(db: Database, data: SheetData, *,
            overrides: Mapping[str, str | None] | None = None,
            profile: ImportProfile | None = None) -> Headers:
    """Stage 2: map the columns — the officer's ``overrides`` if given, else the profile's
    column choices (the named ``profile``, else the one kept for this header row), else the
    synonym table — and leave out the footer rows."""
    auto = map_headers(data.headers)
    kept = profile if profile is not None else load_profile(db, auto.signature)
    effective = kept or ImportProfile()
    columns = overrides if overrides is not None else effective.columns
    mapping = auto
    if columns:
        try:
            mapping = map_headers(data.headers, columns)
        except ValueError:
            mapping = auto  # a kept field this version no longer has: start afresh
    footers = strip_footers(data, mapping)
    return Headers(footers.data, mapping, footers, effective, auto.signature, kept is not None,
                   sheet_columns(footers.data))


@dataclass(frozen=True)
class Values:
    """Stage 3's result: the meaning of each value (synonyms apart), and what is unknown."""

    value_map: dict[str, dict[str, str | None]]
    unknown: tuple[UnknownValue, ...]


def values(h: Headers, value_map: ValueMap | None = None) -> Values:
    """Stage 3: the profile's value meanings with this file's ``value_map`` on top, and each
    value still unknown once."""
    merged = merge_value_maps(h.profile.values, value_map)
    return Values(merged, unknown_values(h.data, h.mapping, merged, h.columns))


def members(db: Database, h: Headers, decisions: MemberDecisions | None = None
            ) -> MemberReport:
    """Stage 4: each name of the member column matched with the stored members."""
    kept: dict[str, int | str] = dict(h.profile.members)
    kept.update(decisions or {})
    return match_members(stored_members(db), h.data, h.mapping, kept, h.columns)


def rows(h: Headers, v: Values) -> ParseResult:
    """Stage 5: every row validated."""
    return parse_rows(h.data, h.mapping, value_map=v.value_map)


def plan(db: Database, path: Path | str, h: Headers, v: Values, m: MemberReport,
         parsed: ParseResult, *, new_members: bool = False) -> ImportPlan:
    """Stage 6: compared with the database — writing nothing."""
    return make_plan(db, Path(path), h.data, h.mapping, parsed, m, new_members=new_members,
                     footers=h.footers.lines, unknown=v.unknown)


#: Rows per part when the command line plans and commits a file part by part.
PART_ROWS = 10_000


def planned_parts(db: Database, path: Path | str, h: Headers, v: Values, m: MemberReport, *,
                  new_members: bool = False, rows_per_part: int | None = None
                  ) -> Iterator[ImportPlan]:
    """Stages 5 and 6 a part of the file at a time: the plan of each run of ``rows_per_part``
    data rows, in order — so that the commit writes one part while the next is planned
    (``commit.commit_parts``). The parts together say what ``plan`` says of the whole file:
    a number repeated in a later part is an error there, as in one plan. Always at least one.
    """
    data = h.data
    head, rows_ = data.rows[:data.header_index + 1], data.data_rows
    size = rows_per_part or PART_ROWS
    carry = Carry()
    resolved: ResolvedNames = {}  # member names, resolved once for the whole file
    digest = file_digest(Path(path))
    for start in range(0, max(len(rows_), 1), size):
        part = replace(data, rows=head + rows_[start:start + size])
        # The part's columns are slices of the file's, made once by the headers stage.
        columns = [column[start:start + size] for column in h.columns]
        parsed = parse_rows(part, h.mapping, value_map=v.value_map, carry=carry,
                            columns=columns)
        yield make_plan(db, Path(path), part, h.mapping, parsed, m, new_members=new_members,
                        footers=h.footers.lines if start == 0 else (),
                        unknown=v.unknown if start == 0 else (), digest=digest,
                        resolved=resolved)


def joined(parts: Sequence[ImportPlan]) -> ImportPlan:
    """One plan of the whole file from its parts' plans (``planned_parts``)."""
    first = parts[0]
    return replace(first, rows=tuple(r for p in parts for r in p.rows),
                   errors=tuple(e for p in parts for e in p.errors),
                   rows_read=sum(p.rows_read for p in parts))


def profile_of(h: Headers, v: Values, m: MemberReport, name: str | None = None,
               columns: Mapping[str, str | None] | None = None) -> ImportProfile:
    """What to keep for the next file with these headers: the column choices (``columns``,
    else the mapping in effect), value meanings and member answers."""
    members_kept = dict(h.profile.members)
    members_kept.update(m.decisions())
    return ImportProfile(name or h.profile.name,
                         dict(columns) if columns is not None else h.mapping.as_overrides(),
                         {f: dict(vals) for f, vals in v.value_map.items() if vals},
                         members_kept)


def remember(db: Database, h: Headers, v: Values, m: MemberReport, name: str | None = None,
             columns: Mapping[str, str | None] | None = None) -> ImportProfile:
    """Keep the profile for this header row (under ``name``, or its old name)."""
    profile = profile_of(h, v, m, name, columns)
    save_profile(db, h.signature, profile)
    return profile


def build_plan(db: Database, path: Path | str, **options: Any) -> ImportPlan:
    """Every stage up to the plan, in order — writing nothing. Raises ``ImportFileError``.

    Options: ``sheet``, ``header_row``, ``sheet_data`` (already read), ``overrides`` (column
    choices), ``profile``, ``value_map``, ``member_decisions``, ``new_members``.
    """
    return run_all(db, path, **options)[3]


def run_all(db: Database, path: Path | str, **options: Any) -> tuple[Headers, Values,
                                                                     MemberReport, ImportPlan]:
    """The stages up to the plan, returning each stage's result (the command line reports
    them and may keep a profile from them)."""
    options = dict(options)
    new_members = options.pop("new_members", False)
    # Hundreds of thousands of acyclic objects (cells, rows, values): without the pause the
    # cyclic collector rescans them all again and again as they accumulate.
    with gc_paused():
        h, v, m = first_stages(db, path, **options)
        parsed = rows(h, v)
        return h, v, m, plan(db, path, h, v, m, parsed, new_members=new_members)


def first_stages(db: Database, path: Path | str, **options: Any
                 ) -> tuple[Headers, Values, MemberReport]:
    """Stages 1–4 (read, headers, values, members), each over the whole file; options as
    ``build_plan``'s, but for ``new_members``. Raises ``ImportFileError``."""
    with gc_paused():
        data = options.pop("sheet_data", None) or read(path, options.pop("sheet", None),
                                                       options.pop("header_row", None))
        h = headers(db, data, overrides=options.pop("overrides", None),
                    profile=options.pop("profile", None))
        v = values(h, options.pop("value_map", None))
        return h, v, members(db, h, options.pop("member_decisions", None))
