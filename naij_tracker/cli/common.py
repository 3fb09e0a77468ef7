"""What every sub-command shares: its registry, its one-line errors, opening the database.

Sub-command modules (``brief``, ``deadlines``, ``imports``, ``safety``…) import from here, never
from the package's ``__init__``, so the package has no import cycle: ``__init__`` → ``commands``
→ each module → ``common``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from naij_tracker.paths import chosen_database


class CliError(Exception):
    """An expected failure: printed as one line, exit status 1."""


Handler = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, Handler] = {}


def command(name: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        COMMANDS[name] = fn
        return fn

    return register


def open_db(args: argparse.Namespace, *, read_only: bool = False) -> Any:
    from pathlib import Path

    from naij_tracker.db.opening import is_url, open_database

    target = chosen_database(args.db)
    if read_only and not is_url(target) and not Path(target).expanduser().exists():
        read_only = False  # a first run: create the (empty) database rather than fail
    return open_database(target, read_only=read_only)


class Writing:
    """A database opened for writing under the session lock (a ``Session``, as the window's).

    The day's automatic backup is made when the command's work is done (``close``), still under
    the lock: the officer's command never waits behind a copy of the whole file.
    """

    def __init__(self, args: argparse.Namespace) -> None:
        from naij_tracker.db.session import Session

        # The command line never falls back to read-only: it says who holds the file and stops.
        self.session = Session.open(chosen_database(args.db), ask=lambda _: False)
        self.db = self.session.db
        if self.session.read_only:  # a read-only folder: say so, rather than fail on writing
            from naij_tracker.db.errors import StorageError

            self.session.close()
            raise StorageError(self.session.warnings[0])
        for warning in self.session.warnings:
            print(f"naij-tracker: warning: {warning}", file=sys.stderr)

    def close(self) -> None:
        from naij_tracker.db.errors import StorageError
        from naij_tracker.services.maintenance import daily_backup_if_due

        try:
            sys.stdout.flush()  # what the command printed is shown before the copy starts
            daily_backup_if_due(self.db)
        except StorageError as exc:  # not being able to back up must not fail the work done
            print(f"naij-tracker: warning: {exc}", file=sys.stderr)
        finally:
            self.session.close()


def open_for_writing(args: argparse.Namespace) -> Writing:
    return Writing(args)


def print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))


#: Other modules add their sub-commands here (keeps this file small).
EXTENSIONS: list[Callable[[Any], None]] = []
