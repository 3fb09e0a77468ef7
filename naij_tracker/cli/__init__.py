"""The command line: ``naij-tracker`` opens the GUI; sub-commands work headless for scripting.

Exit codes: 0 success, 1 a clear one-line message on stderr (bad input, a file we refuse),
2 usage errors (argparse). Expected failures never show a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from naij_tracker import __version__
from naij_tracker.cli.common import (
    COMMANDS,
    EXTENSIONS,
    CliError,
    command,
    open_db,
    open_for_writing,
    print_json,
)
from naij_tracker.paths import ENV_VAR

__all__ = ["COMMANDS", "EXTENSIONS", "CliError", "build_parser", "command", "main",
           "opens_the_gui"]

# The names sub-command modules used when the command line was one file (until each imports
# from ``naij_tracker.cli.common``).
_open, _open_for_writing, _print_json = open_db, open_for_writing, print_json

#: Set to re-raise unexpected errors with their traceback (for developers).
DEBUG_VAR = "NAIJ_TRACKER_DEBUG"


def _ending() -> None:
    """A command has done its work and its process ends: the cyclic garbage collector's last
    passes over every object left (≈ 0.2 s after an import of 100,000 rows, measured from the
    command's return to the process's end) are skipped, as there is nothing of ours for them to
    finish — the database is closed and every file written is closed (``with`` blocks); the
    log's handlers are closed at exit as before (``logging.shutdown``)."""
    import gc

    gc.freeze()


@command("info")
def cmd_info(args: argparse.Namespace) -> int:
    from naij_tracker.db.schema_version import HEAD
    from naij_tracker.services.queries import counts

    db = open_db(args, read_only=True)
    try:
        data = {"database": db.label, "schema_revision": HEAD, "counts": counts(db)}
    finally:
        db.close()
    if args.json:
        print_json(data)
    else:
        print(f"Database: {data['database']}")
        print(f"Schema:   {data['schema_revision']}")
        for name, n in data["counts"].items():
            print(f"  {name.replace('_', ' '):<16}{n:>8,}")
    return 0


@command("demo")
def cmd_demo(args: argparse.Namespace) -> int:
    from naij_tracker.services.maintenance import load_sample_data_whole
    from naij_tracker.services.sample_data import SampleDataRefused

    session = open_for_writing(args)
    db = session.db
    try:
        summary = load_sample_data_whole(db)  # one transaction: all of the sample or none
        print(f"Sample data loaded into {db.label}: " +
              ", ".join(f"{n:,} {what}" for what, n in summary.items()))
    except SampleDataRefused as exc:
        raise CliError(str(exc)) from exc
    finally:
        session.close()
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from naij_tracker.ui.app import run_gui

    return run_gui(args.db, read_only=getattr(args, "read_only", False))


def _top_parser() -> argparse.ArgumentParser:
    """The options that come before any command (all the GUI takes)."""
    parser = argparse.ArgumentParser(
        prog="naij-tracker",
        description="NAIJ Case Tracker — bargaining obligations, FLRA cases, grievances and "
                    "metric disputes. With no command, opens the application.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", metavar="PATH",
                        help=f"database file (default: ${ENV_VAR}, else the user data folder)")
    parser.add_argument("--read-only", action="store_true",
                        help="open the GUI without writing to the database")
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _top_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("info", help="print the database path, schema revision and counts")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    sub.add_parser("demo", help="fill a new or empty database with sample data")

    for extend in EXTENSIONS:
        extend(sub)
    return parser


def _register_extensions() -> None:
    from naij_tracker.cli import commands  # noqa: F401  (registers sub-commands)


def opens_the_gui(argv: Sequence[str]) -> bool:
    """True when ``argv`` holds only the GUI's own options: no command, no --help/--version.

    Then the sub-commands' parsers (and the modules that define them) are not needed, which
    spares the start of the application a few tens of milliseconds.
    """
    args = iter(argv)
    for arg in args:
        if arg == "--db":
            next(args, None)
        elif not (arg.startswith("--db=") or arg == "--read-only"):
            return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    whole_process = argv is None  # ``naij-tracker`` or ``python -m``, not a caller in Python
    argv = list(sys.argv[1:] if argv is None else argv)
    if opens_the_gui(argv):
        args = _top_parser().parse_args(argv)
        args.command = None
    else:
        _register_extensions()
        args = build_parser().parse_args(argv)
    from naij_tracker.app_log import notice_for_unexpected, setup_logging
    from naij_tracker.db.errors import StorageError, describe_sqlite_error, driver_error
    from naij_tracker.domain.file_names import printable  # names from files: never raw

    setup_logging()
    try:
        if not args.command:
            return cmd_gui(args)
        from naij_tracker.cli.encryption import unlock_for_command  # an encrypted --db file

        unlock_for_command(args)
        status = COMMANDS[args.command](args)
        sys.stdout.flush()  # here, so that a reader gone away is seen below, not at exit
        if whole_process:
            _ending()
        return status
    except BrokenPipeError:
        # The reader stopped reading (`naij-tracker deadlines | head`): stop quietly, as other
        # command-line tools do, with nothing more written to the closed pipe at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (CliError, StorageError, ValueError, LookupError) as exc:
        print(f"naij-tracker: {printable(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:
        known = describe_sqlite_error(exc) if driver_error(exc) is not exc else None
        if known is None:
            # A bug: kept whole in the log, one line here (a traceback can carry row values).
            logging.getLogger("naij_tracker.cli").error("Unexpected error", exc_info=exc)
            if os.environ.get(DEBUG_VAR):
                raise
            print(f"naij-tracker: {notice_for_unexpected()}", file=sys.stderr)
            return 2
        print(f"naij-tracker: {printable(known)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("naij-tracker: interrupted", file=sys.stderr)
        return 130
