"""Sub-commands ``import`` (a steward's grievance spreadsheet) and ``undo-import``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from naij_tracker.cli.common import (
    EXTENSIONS,
    CliError,
    command,
    open_db,
    open_for_writing,
    print_json,
)


def _add_parsers(sub: Any) -> None:
    from naij_tracker.cli.safety import add_force

    p = sub.add_parser("import", help="import grievances from a spreadsheet (.xlsx .xls .ods .csv)",
                       description="Import a grievance spreadsheet in one transaction: all rows "
                                   "or none. Re-importing the same file changes nothing.")
    p.add_argument("file", type=Path)
    p.add_argument("--sheet", help="sheet name (default: the first sheet with data)")
    p.add_argument("--dry-run", action="store_true", help="show what would happen; write nothing")
    p.add_argument("--skip-errors", action="store_true",
                   help="import the good rows and skip the rows in error")
    p.add_argument("--errors-csv", type=Path, metavar="FILE",
                   help="save the rows in error as a CSV report")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--profile", metavar="NAME",
                   help="use the import profile NAME: its column choices, value meanings and "
                        "member answers (the wizard keeps one per spreadsheet layout)")
    p.add_argument("--map", action="append", default=[], metavar='FIELD:"VALUE"=MEANING',
                   help='say what a value means, e.g. --map status:"Done with it"=withdrawn '
                        "or --map step:\"Stage B\"=step2 (MEANING may be 'empty'); repeatable")
    p.add_argument("--new-members", action="store_true",
                   help="add names that are only near matches of stored members (one letter "
                        "off, an initial…) as new members; without it their rows are errors")
    p.add_argument("--save-profile", metavar="NAME",
                   help="keep this import's column choices, value meanings and member answers "
                        "as the profile NAME, for the next file with these headers")
    add_force(p)

    p = sub.add_parser("undo-import", help="undo an import batch")
    p.add_argument("batch_id", type=int)


EXTENSIONS.append(_add_parsers)


def _error_json(errors: Any) -> list[dict[str, Any]]:
    return [{"file": e.file, "sheet": e.sheet, "row": e.row, "column": e.column,
             "field": e.field, "message": e.message} for e in errors]


def _near_json(plan: Any) -> list[dict[str, Any]]:
    if plan.members is None:
        return []
    return [{"name": n.written, "rows": list(n.rows[:20]),
             "did_you_mean": [{"member": c.member.name, "court": c.member.court,
                               "why": c.reason} for c in n.near]}
            for n in plan.members.names if n.same is None and n.near]


def _say(text: str) -> None:
    """Print a line naming what came from the spreadsheet (file, sheet, headers, values) with
    its control characters escaped, so that a crafted name cannot drive the terminal."""
    from naij_tracker.domain.file_names import printable

    print(printable(text))


def _print_report(plan: Any, args: argparse.Namespace, committed: bool) -> None:
    verb = "Would create" if args.dry_run else ("Created" if committed else "Would create")
    _say(f"{plan.file} [{plan.sheet}], header on row {plan.header_row}: {verb} "
          f"{plan.created}, update {plan.updated}, leave {plan.unchanged} unchanged"
          f"{f', add {plan.new_members} member(s)' if plan.new_members else ''}.")
    if plan.unknown_columns:
        _say("Columns kept in the summary under their header: "
              + ", ".join(plan.unknown_columns))
    if plan.derived_columns:
        _say("Not imported (worked out by the application): "
              + ", ".join(plan.derived_columns))
    for line in plan.footers:
        _say(line)
    for v in plan.unknown_values:
        rows = f"{v.count} row{'s' if v.count != 1 else ''}"
        _say(f"Unknown {v.field} '{v.text}' ({rows}): say what it means with "
              f"--map {v.field}:\"{v.text}\"=VALUE (or =empty), or on the wizard's values page")
    for n in _near_json(plan):
        choices = "; ".join(c["member"] + (f" ({c['court']})" if c["court"] else "")
                            + f", {c['why']}" for c in n["did_you_mean"])
        _say(f"Did you mean? '{n['name']}' (row {', '.join(map(str, n['rows'][:5]))}): "
              f"{choices}" + ("" if args.new_members else
                              " — add as a new member with --new-members"))


@command("import")
def cmd_import(args: argparse.Namespace) -> int:
    from naij_tracker.importing.commit import ImportRejected, StalePlan, rejected_for
    from naij_tracker.importing.errors import ImportFileError
    from naij_tracker.importing.pipeline import (
        first_stages,
        joined,
        planned_parts,
        remember,
        run_all,
    )
    from naij_tracker.importing.profiles import find_profile, profile_names
    from naij_tracker.importing.report import write_error_csv
    from naij_tracker.importing.safety import let_go
    from naij_tracker.importing.values import parse_map_option

    if not args.file.is_file():
        raise CliError(f"{args.file}: no such file")
    if args.errors_csv:  # never the database, its lock or backups, nor someone's own file
        from naij_tracker.cli.safety import output_target
        from naij_tracker.db.outputs import ERROR_REPORT

        args.errors_csv = output_target(args, args.errors_csv, ERROR_REPORT)
    if args.dry_run and args.save_profile:
        raise CliError("--save-profile keeps a profile in the database; leave out --dry-run.")
    value_map: dict[str, dict[str, str | None]] = {}
    for option in args.map:
        try:
            field, key, code = parse_map_option(option)
        except ValueError as exc:
            raise CliError(str(exc)) from exc
        value_map.setdefault(field, {})[key] = code
    # A dry run writes nothing, so it reads without the session lock: it works while the
    # application has the database open (SQLite's WAL gives it a consistent snapshot).
    session = None if args.dry_run else open_for_writing(args)
    db = open_db(args, read_only=True) if session is None else session.db
    try:
        if session is not None:
            _index_for_search(db, args.json)  # what an earlier import left unindexed
        profile = None
        if args.profile:
            found = find_profile(db, args.profile)
            if found is None:
                names = profile_names(db)
                raise CliError(f"There is no import profile '{args.profile}'" + (
                    f"; profiles: {', '.join(names)}." if names else "; none is kept yet."))
            profile = found[1]
        result = None
        rejected = None
        try:
            if args.dry_run:
                h, v, m, plan = run_all(db, args.file, sheet=args.sheet, profile=profile,
                                        value_map=value_map, new_members=args.new_members)
            else:
                h, v, m = first_stages(db, args.file, sheet=args.sheet, profile=profile,
                                       value_map=value_map)
            if args.save_profile:
                remember(db, h, v, m, args.save_profile)
            if not args.dry_run:
                from naij_tracker.db.server_locks import show_waiting_on

                show_waiting_on(sys.stderr)  # on a server, a second import says it waits
                try:
                    result, plan = _commit_in_parts(db, h, v, m, args)
                except (ImportRejected, StalePlan) as exc:
                    # What the whole file holds, for the report (the parts stopped early).
                    plan = joined(list(planned_parts(db, args.file, h, v, m,
                                                     new_members=args.new_members)))
                    rejected = str(rejected_for(plan) if plan.errors and not args.skip_errors
                                   and isinstance(exc, ImportRejected) else exc)
        except ImportFileError as exc:
            raise CliError(str(exc)) from exc
        if args.errors_csv and plan.errors:
            write_error_csv(plan.errors, args.errors_csv)
        _report(args, plan, result)
        failed = args.dry_run and bool(plan.errors)
        if result is not None:
            # The rows are committed and listed; their search entries are made now, before
            # the command ends (``db.search_backlog``), while the file and its plan are let go
            # of on another thread (SQLite lets go of the interpreter lock as it writes).
            box = [h, v, m, plan]
            del h, v, m, plan  # the box holds the last references
            freeing = let_go(box)
            _index_for_search(db, args.json)
            freeing.join()
    finally:
        if session is not None:
            session.close()
        else:
            db.close()
    if rejected:
        raise CliError(rejected)
    return 1 if failed else 0


def _commit_in_parts(db: Any, h: Any, v: Any, m: Any, args: argparse.Namespace
                     ) -> tuple[Any, Any]:
    """Plan the file a part at a time on a thread of its own while the parts before are
    written (``pipeline.planned_parts``, ``commit.commit_parts``): the commit and the rows'
    planning overlap on two cores. The result, and the plan of the whole file."""
    from naij_tracker.importing.commit import commit_parts
    from naij_tracker.importing.pipeline import joined, planned_parts
    from naij_tracker.importing.prefetch import prefetched
    from naij_tracker.importing.safety import gc_paused
    from naij_tracker.services.settings import acting_user

    who = acting_user(db)
    planned: list[Any] = []

    def parts() -> Iterator[Any]:
        for part in planned_parts(db, args.file, h, v, m, new_members=args.new_members):
            planned.append(part)
            yield part

    with gc_paused(), prefetched(parts(), ahead=1) as ready:
        result = commit_parts(db, ready, who, expected=len(h.data.data_rows),
                              skip_errors=args.skip_errors)
    return result, joined(planned)


def _index_for_search(db: Any, quiet: bool) -> None:
    from naij_tracker.db.search_backlog import catch_up, pending

    waiting = pending(db)
    if waiting:
        if not quiet:
            print(f"Indexing {waiting:,} grievance(s) for search…", flush=True)
        catch_up(db)


def _report(args: argparse.Namespace, plan: Any, result: Any) -> None:
    from naij_tracker.importing.values import as_sequence

    committed = result is not None
    report = {
        "file": plan.file, "sheet": plan.sheet, "header_row": plan.header_row,
        "batch_id": result.batch_id if result else None,
        "created": plan.created, "updated": plan.updated, "unchanged": plan.unchanged,
        "new_members": plan.new_members, "unknown_columns": list(plan.unknown_columns),
        "not_imported_columns": list(plan.derived_columns),
        "footer_rows": list(plan.footers), "unknown_values": as_sequence(plan.unknown_values),
        "near_matches": _near_json(plan),
        "committed": committed, "dry_run": args.dry_run,
        "skipped_rows": result.skipped if result else 0, "errors": _error_json(plan.errors),
    }
    if args.json:
        print_json(report)
    else:
        _print_report(plan, args, committed)
        for e in plan.errors[:50]:
            _say(f"  {e}")
        if len(plan.errors) > 50:
            print(f"  … and {len(plan.errors) - 50} more (use --errors-csv FILE)")
        if result is not None:
            print(f"Committed as import batch {result.batch_id}; "
                  f"undo with: naij-tracker undo-import {result.batch_id}", flush=True)


@command("undo-import")
def cmd_undo_import(args: argparse.Namespace) -> int:
    from naij_tracker.importing.undo import undo_batch
    from naij_tracker.services.settings import acting_user

    session = open_for_writing(args)
    try:
        result = undo_batch(session.db, args.batch_id, acting_user(session.db))
    finally:
        session.close()
    print(f"Undid import batch {result.batch_id}: removed {result.removed} grievance(s), "
          f"restored {result.restored}, removed {result.members_removed} member(s).")
    return 0
