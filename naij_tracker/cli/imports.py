"""Sub-commands ``import`` (a steward's grievance spreadsheet) and ``undo-import``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from naij_tracker.cli.common import EXTENSIONS, CliError, command, open_for_writing, print_json


def _add_parsers(sub: Any) -> None:
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

    p = sub.add_parser("undo-import", help="undo an import batch")
    p.add_argument("batch_id", type=int)


EXTENSIONS.append(_add_parsers)


def _error_json(errors: Any) -> list[dict[str, Any]]:
    return [{"file": e.file, "sheet": e.sheet, "row": e.row, "column": e.column,
             "field": e.field, "message": e.message} for e in errors]


@command("import")
def cmd_import(args: argparse.Namespace) -> int:
    from naij_tracker.importing.commit import ImportRejected, StalePlan, commit_plan
    from naij_tracker.importing.errors import ImportFileError
    from naij_tracker.importing.plan import build_plan
    from naij_tracker.importing.report import write_error_csv
    from naij_tracker.services.settings import acting_user

    if not args.file.is_file():
        raise CliError(f"{args.file}: no such file")
    session = open_for_writing(args)
    db = session.db
    try:
        try:
            plan = build_plan(db, args.file, sheet=args.sheet)
        except ImportFileError as exc:
            raise CliError(str(exc)) from exc
        if args.errors_csv and plan.errors:
            write_error_csv(plan.errors, args.errors_csv)
        result = None
        rejected = None
        if not args.dry_run:
            try:
                result = commit_plan(db, plan, acting_user(db), skip_errors=args.skip_errors)
            except (ImportRejected, StalePlan) as exc:
                rejected = str(exc)
    finally:
        session.close()
    committed = result is not None
    report = {
        "file": plan.file, "sheet": plan.sheet, "header_row": plan.header_row,
        "batch_id": result.batch_id if result else None,
        "created": plan.created, "updated": plan.updated, "unchanged": plan.unchanged,
        "new_members": plan.new_members, "unknown_columns": list(plan.unknown_columns),
        "committed": committed, "dry_run": args.dry_run,
        "skipped_rows": result.skipped if result else 0, "errors": _error_json(plan.errors),
    }
    if args.json:
        print_json(report)
    else:
        verb = "Would create" if args.dry_run else ("Created" if committed else "Would create")
        print(f"{plan.file} [{plan.sheet}], header on row {plan.header_row}: {verb} "
              f"{plan.created}, update {plan.updated}, leave {plan.unchanged} unchanged"
              f"{f', add {plan.new_members} member(s)' if plan.new_members else ''}.")
        if plan.unknown_columns:
            print("Columns kept as notes: " + ", ".join(plan.unknown_columns))
        for e in plan.errors[:50]:
            print(f"  {e}")
        if len(plan.errors) > 50:
            print(f"  … and {len(plan.errors) - 50} more (use --errors-csv FILE)")
        if committed:
            print(f"Committed as import batch {result.batch_id}; "
                  f"undo with: naij-tracker undo-import {result.batch_id}")
    if rejected:
        raise CliError(rejected)
    if args.dry_run and plan.errors:
        return 1
    return 0


@command("undo-import")
def cmd_undo_import(args: argparse.Namespace) -> int:
    from naij_tracker.importing.commit import undo_batch
    from naij_tracker.services.settings import acting_user

    session = open_for_writing(args)
    try:
        result = undo_batch(session.db, args.batch_id, acting_user(session.db))
    finally:
        session.close()
    print(f"Undid import batch {result.batch_id}: removed {result.removed} grievance(s), "
          f"restored {result.restored}, removed {result.members_removed} member(s).")
    return 0
