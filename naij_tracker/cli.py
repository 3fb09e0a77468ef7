"""The command line: ``naij-tracker`` opens the GUI; sub-commands work headless for scripting.

Exit codes: 0 success, 1 a clear one-line message on stderr (bad input, a file we refuse),
2 usage errors (argparse). Expected failures never show a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from naij_tracker import __version__
from naij_tracker.paths import ENV_VAR, chosen_database

#: Set to re-raise unexpected errors with their traceback (for developers).
DEBUG_VAR = "NAIJ_TRACKER_DEBUG"


class CliError(Exception):
    """An expected failure: printed as one line, exit status 1."""


Handler = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, Handler] = {}


def command(name: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        COMMANDS[name] = fn
        return fn

    return register


def _open(args: argparse.Namespace, *, read_only: bool = False) -> Any:
    from pathlib import Path

    from naij_tracker.db.opening import is_url, open_database

    target = chosen_database(args.db)
    if read_only and not is_url(target) and not Path(target).expanduser().exists():
        read_only = False  # a first run: create the (empty) database rather than fail
    return open_database(target, read_only=read_only)


class _Writing:
    """A database opened for writing under the session lock, with the day's backup made."""

    def __init__(self, args: argparse.Namespace) -> None:
        from naij_tracker.db.errors import StorageError
        from naij_tracker.db.lock import open_for_writing_or_readonly
        from naij_tracker.services.maintenance import daily_backup_if_due

        # The command line never falls back to read-only: it says who holds the file and stops.
        self.opened = open_for_writing_or_readonly(chosen_database(args.db), ask=lambda _: False)
        self.db = self.opened.db
        for warning in self.opened.warnings:
            print(f"naij-tracker: warning: {warning}", file=sys.stderr)
        try:
            daily_backup_if_due(self.db)
        except StorageError as exc:  # not being able to back up must not stop the work
            print(f"naij-tracker: warning: {exc}", file=sys.stderr)

    def close(self) -> None:
        self.opened.close()


def _open_for_writing(args: argparse.Namespace) -> _Writing:
    return _Writing(args)


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))


@command("info")
def cmd_info(args: argparse.Namespace) -> int:
    from naij_tracker.db.schema_version import HEAD
    from naij_tracker.services.queries import counts

    db = _open(args, read_only=True)
    try:
        data = {"database": db.label, "schema_revision": HEAD, "counts": counts(db)}
    finally:
        db.close()
    if args.json:
        _print_json(data)
    else:
        print(f"Database: {data['database']}")
        print(f"Schema:   {data['schema_revision']}")
        for name, n in data["counts"].items():
            print(f"  {name.replace('_', ' '):<16}{n:>8,}")
    return 0


@command("demo")
def cmd_demo(args: argparse.Namespace) -> int:
    from naij_tracker.services.sample_data import SampleDataRefused, load_sample_data

    session = _open_for_writing(args)
    db = session.db
    try:
        summary = load_sample_data(db)
    except SampleDataRefused as exc:
        raise CliError(str(exc)) from exc
    finally:
        session.close()
    print(f"Sample data loaded into {db.label}: " +
          ", ".join(f"{n:,} {what}" for what, n in summary.items()))
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


#: Other modules add their sub-commands here (keeps this file small).
EXTENSIONS: list[Callable[[Any], None]] = []


def _register_extensions() -> None:
    from naij_tracker import cli_commands  # noqa: F401  (registers sub-commands)


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
    argv = list(sys.argv[1:] if argv is None else argv)
    if opens_the_gui(argv):
        args = _top_parser().parse_args(argv)
        args.command = None
    else:
        _register_extensions()
        args = build_parser().parse_args(argv)
    from naij_tracker.app_log import notice_for_unexpected, setup_logging
    from naij_tracker.db.errors import StorageError, describe_sqlite_error, driver_error

    setup_logging()
    try:
        if not args.command:
            return cmd_gui(args)
        return COMMANDS[args.command](args)
    except (CliError, StorageError, ValueError, LookupError) as exc:
        print(f"naij-tracker: {exc}", file=sys.stderr)
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
        print(f"naij-tracker: {known}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("naij-tracker: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    # Run the one registered module, not this ``__main__`` copy, so extensions find their parser.
    from naij_tracker.cli import main as _main

    sys.exit(_main())
