"""Sub-commands: safety — ``backup``, ``restore``, ``check`` and ``export``.

``backup`` and ``export`` only read the database, so they work while the application has it open;
``restore`` replaces its contents and so takes the session lock (it refuses while another
instance has the file open); ``check`` reads the file with its own connection and exits 1 with
a readable list when anything is wrong.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from naij_tracker.cli.common import EXTENSIONS, CliError, command
from naij_tracker.paths import chosen_database


def _db_file(args: argparse.Namespace) -> Path:
    target = chosen_database(args.db)
    if "://" in target and not target.startswith("sqlite"):
        raise CliError("This command works on database files, not server URLs.")
    if target.startswith("sqlite"):
        target = target.split("///", 1)[1]
    return Path(target).expanduser().absolute()


def database_file(args: argparse.Namespace) -> Path | None:
    """The database file the command works on; None for a server."""
    target = chosen_database(args.db)
    if "://" in target and not target.startswith("sqlite"):
        return None
    return _db_file(args)


def output_target(args: argparse.Namespace, out: Path | str, kind: Any) -> Path:
    """``out`` if the command may write ``kind`` there (``db.outputs.check_output``): never the
    database, its lock or backups; an existing file of another kind only with ``--force``."""
    from naij_tracker.db.outputs import check_output

    return check_output(out, kind, database=database_file(args),
                        force=bool(getattr(args, "force", False)))


def add_force(parser: Any) -> None:
    parser.add_argument("--force", action="store_true",
                        help="replace an existing file even if this command did not write it "
                             "(never the database, its lock or its backups)")


def _open_existing(args: argparse.Namespace) -> Any:
    """Open read-only — these commands never create a database where there was none."""
    from naij_tracker.db.opening import open_database

    return open_database(chosen_database(args.db), create=False, read_only=True)


def _daily_backup(db: Any) -> None:
    """The day's automatic backup; a failure is a warning, never a reason to stop."""
    from naij_tracker.db.errors import StorageError
    from naij_tracker.services.maintenance import daily_backup_if_due

    try:
        made = daily_backup_if_due(db)
    except StorageError as exc:
        print(f"naij-tracker: warning: the daily backup failed: {exc}", file=sys.stderr)
        return
    if made is not None:
        print(f"Daily backup: {made}", file=sys.stderr)


@command("backup")
def cmd_backup(args: argparse.Namespace) -> int:
    from naij_tracker.services.maintenance import backup_now, backup_to

    db = _open_existing(args)
    try:
        made = backup_to(db, Path(args.to), force=args.force) if args.to else backup_now(db)
    finally:
        db.close()
    print(f"Backed up {db.label} to {made}")
    return 0


@command("restore")
def cmd_restore(args: argparse.Namespace) -> int:
    from naij_tracker.db.lock import acquire_lock
    from naij_tracker.services.maintenance import restore

    path = _db_file(args)
    backup = Path(args.file).expanduser().absolute()
    with acquire_lock(path):
        safety = restore(path, backup)
    print(f"Restored {path} from {backup}.")
    if safety is not None:
        print(f"The previous contents were saved as {safety}.")
    return 0


@command("check")
def cmd_check(args: argparse.Namespace) -> int:
    from naij_tracker.db.integrity import check_file

    path = _db_file(args)
    if not path.exists():
        raise CliError(f"There is no database at {path}.")
    problems = check_file(path)
    if not problems:
        print(f"{path}: no problems found.")
        return 0
    print(f"{path}: {len(problems)} problem{'s' if len(problems) != 1 else ''} found:")
    for problem in problems:
        print(f"  - {problem}")
    return 1


@command("export")
def cmd_export(args: argparse.Namespace) -> int:
    from naij_tracker.db.outputs import export_kind
    from naij_tracker.services.export_tables import export

    out = output_target(args, Path(args.out), export_kind(Path(args.out)))
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise CliError(f"{out.name}: the export format follows the extension: .csv or .xlsx.")
    db = _open_existing(args)
    try:
        _daily_backup(db)
        n = export(db, args.kind, out, include_closed=args.include_closed,
                   contacts=not args.no_contacts)
    finally:
        db.close()
    print(f"Exported {n:,} row{'s' if n != 1 else ''} ({args.kind}) to {out}")
    return 0


#: The lists ``export`` writes (``reports.exports.EXPORT_KINDS``, named here so that building
#: the parser — on every start, the GUI's included — does not import openpyxl).
EXPORT_KINDS = ("bargaining", "flra", "grievances", "metrics", "members", "deadlines")


def _add_parsers(sub: Any) -> None:
    p = sub.add_parser("backup", help="write a verified backup of the database",
                       description="Write a verified copy of the database (SQLite online "
                                   "backup, integrity-checked, readable by you only) into the "
                                   "backups folder beside it, or to --to FILE.")
    p.add_argument("--to", metavar="FILE",
                   help="write the backup to FILE (a new file; --force to replace one)")
    add_force(p)

    p = sub.add_parser("restore", help="replace the database with a backup",
                       description="Check the backup, back up the current database, then "
                                   "replace its contents with the backup's.")
    p.add_argument("file", metavar="FILE", help="the backup to restore")

    sub.add_parser("check", help="check the database; exit 1 listing any problems",
                   description="Run SQLite's integrity and foreign-key checks and the "
                               "application's own checks (orphaned records, duplicate grievance "
                               "numbers, attachments, history, the search index).")

    p = sub.add_parser("export", help="export a list to CSV or XLSX",
                       description="Export a list; the format follows the extension of --out. "
                                   "Cells that a spreadsheet would run as formulas are "
                                   "neutralised.")
    p.add_argument("kind", choices=EXPORT_KINDS, metavar="KIND",
                   help="one of: " + ", ".join(EXPORT_KINDS))
    p.add_argument("--out", required=True, metavar="FILE", help="the .csv or .xlsx file to write")
    p.add_argument("--include-closed", action="store_true",
                   help="include closed matters (or, for deadlines, those done)")
    p.add_argument("--no-contacts", action="store_true",
                   help="leave out members' email, phone and notes")
    add_force(p)


EXTENSIONS.append(_add_parsers)
