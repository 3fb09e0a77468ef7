"""A process that writes to a database in a loop until it is killed (for test_crash_safety).

Run as ``python crash_worker.py --zygote``: it imports the application once, then reads commands
on stdin — ``go DB SEED MODE`` forks a child that takes the session lock, opens ``DB`` (journal
``MODE``: wal or delete) and loops forever doing what the officer's day does: committing
spreadsheet-import batches (one transaction: an ``import_batch`` row, N grievances, one history
entry per grievance) and editing matters through ``MatterService.update``. The zygote answers
with the child's pid; the test kills that child with SIGKILL at a random moment and sends
``wait PID``, to which the zygote answers ``dead PID SIGNAL EXITCODE`` once the child is reaped.

Forking a pre-imported process keeps thirty-odd kills within seconds instead of paying the
interpreter and SQLAlchemy start-up each time; each child is still a real, separate process
with its own connections, killed without any chance to clean up.

The import batch is simulated as the importer will commit it (SQLAlchemy Core, one
transaction), so the test does not depend on the spreadsheet readers.
"""

from __future__ import annotations

import json
import os
import random
import sys
import traceback
from datetime import date

from sqlalchemy import insert, select

from naij_tracker.db import schema_check
from naij_tracker.db.engine import make_engine, make_session_factory
from naij_tracker.db.lock import acquire_lock
from naij_tracker.db.models import Grievance, HistoryEntry, ImportBatch, Matter
from naij_tracker.db.opening import Database, open_database
from naij_tracker.db.schema_version import HEAD
from naij_tracker.domain import clock
from naij_tracker.services.matters import MatterService

matter_t = Matter.__table__
grievance_t = Grievance.__table__
batch_t = ImportBatch.__table__
history_t = HistoryEntry.__table__


def import_batch(db: Database, rng: random.Random, token: str) -> None:
    """One import: batch row + N grievances + N history entries, in one transaction."""
    n = rng.randint(3, 12)
    now = clock.now()  # the application's clock, as the importer itself uses
    with db.engine.begin() as conn:
        batch_id = conn.execute(insert(batch_t).values(
            file_name=f"crash-{token}.xlsx", imported_at=now, imported_by="crash worker",
            created_count=n, updated_count=0, unchanged_count=0, skipped_count=0,
        )).inserted_primary_key[0]
        for i in range(n):
            number = f"{token}-{i}"
            mid = conn.execute(insert(matter_t).values(
                kind="grievance", title=f"Imported grievance {number}", status="open",
                priority="normal", opened_on=date(2026, 1, 5), created_at=now, updated_at=now,
                version=1, search_text=f"{number} Imported grievance",
            )).inserted_primary_key[0]
            conn.execute(insert(grievance_t).values(
                id=mid, grievance_number=number, step="step1", filed_on=date(2026, 1, 5)))
            conn.execute(insert(history_t).values(
                matter_id=mid, entity="matter", entity_id=mid, action="import",
                summary=f"Imported {number}", changes=json.dumps({"grievance_number": [None, number]}),
                who="crash worker", at=now, import_batch_id=batch_id))


def edit_matter(db: Database, service: MatterService, rng: random.Random, stamp: str) -> None:
    with db.engine.connect() as conn:
        ids = [r[0] for r in conn.execute(select(matter_t.c.id).order_by(matter_t.c.id)
                                          .limit(200))]
    if ids:
        service.update(rng.choice(ids), {"summary": f"edit-{stamp}"})


def child(db_path: str, seed: int, mode: str) -> None:
    lock = acquire_lock(db_path)  # takes over the lock the previous (killed) child left
    db = open_database(db_path)
    if mode != "wal":
        db.engine.dispose()
        engine = make_engine(db.url, journal_mode=mode)
        db = Database(db.url, db.path, engine, make_session_factory(engine))
    rng = random.Random(seed)
    service = MatterService(db, who="crash worker")
    n = 0
    while True:
        n += 1
        token = f"S{seed}N{n}"
        if rng.random() < 0.5:
            import_batch(db, rng, token)
        else:
            edit_matter(db, service, rng, token)
    lock.release()  # pragma: no cover - never reached: the child is killed


def zygote() -> None:
    schema_check.reference(HEAD)  # what opening compares a file with: loaded once, here
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "go":
            pid = os.fork()
            if pid == 0:  # the child
                try:
                    child(parts[1], int(parts[2]), parts[3])
                except BaseException:  # noqa: BLE001 - report anything, then die
                    traceback.print_exc()
                    os._exit(3)
                os._exit(0)
            out.write(f"pid {pid}\n")
        elif parts[0] == "wait":
            pid = int(parts[1])
            _, status = os.waitpid(pid, 0)
            sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
            code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1
            out.write(f"dead {pid} {sig} {code}\n")
        elif parts[0] == "quit":
            break
        out.flush()


if __name__ == "__main__":
    zygote()
