"""Work that must not run twice at once on a PostgreSQL server: PostgreSQL advisory locks.

Two officers committing imports at the same moment would each check the grievance numbers
against what was committed before either began, and both add them. On a server, a commit
therefore first takes a transaction-level advisory lock (released by its own commit or
rollback, or when the connection dies): the second import waits — saying so — and then sees
what the first added (its numbers are then "already there": ``StalePlan`` asks for a new
preview). An SQLite file has one writer at a time already (the session lock), so this does
nothing there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

#: The key of the import lock ("NAIJ" and 1), the same for every copy of the application.
IMPORT_LOCK = 0x4E41494A_0001
log = logging.getLogger("naij_tracker.import")


def take_import_lock(conn: Any, notice: Callable[[str], None] | None = None) -> None:
    """Take the server's import lock in the transaction of ``conn`` (waiting for it if another
    import holds it); on SQLite, nothing."""
    if conn.dialect.name != "postgresql":
        return
    from sqlalchemy import text

    if conn.execute(text("SELECT pg_try_advisory_xact_lock(:key)"),
                    {"key": IMPORT_LOCK}).scalar():
        return
    message = ("Another import is being committed on the server; this one waits for it to "
               "finish, then checks its rows again.")
    (notice or log.warning)(message)
    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK})


def show_waiting_on(stream: Any) -> None:
    """Also write the "waiting for another import" notice to ``stream`` (the command line's
    stderr), once per process."""
    if any(getattr(h, "naij_waiting", False) for h in log.handlers):
        return
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("naij-tracker: %(message)s"))
    handler.naij_waiting = True  # type: ignore[attr-defined]
    log.addHandler(handler)
