"""Kill a writing process with SIGKILL at random moments; the database must always be whole.

A real process (forked from ``crash_worker.py``'s pre-imported zygote, see there) commits import
batches and edits matters in a loop, in WAL mode and in rollback-journal mode (the network-folder
fallback) by turns. After each kill the database is reopened the way the application opens it
and checked: SQLite's integrity check and every app invariant pass, every import batch is wholly
present or wholly absent, every edit has its history entry and every history entry its edit, and
the lock the killed process left behind is recognised as stale.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from naij_tracker.db.integrity import check_file
from naij_tracker.db.lock import read_lock, stale_reason
from naij_tracker.db.opening import open_database
from naij_tracker.db.session import open_for_writing_or_readonly
from naij_tracker.services.matters import MatterService

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)")

WORKER = Path(__file__).with_name("crash_worker.py")
KILLS = 32
#: At most this many more kills, with longer waits, if the planned ones found too little work.
EXTRA_KILLS = 40
_NUMBER = re.compile(r"^(S\d+N\d+)-\d+$")


class Zygote:
    def __init__(self, stderr_path: Path) -> None:
        self.stderr_path = stderr_path
        self._err = stderr_path.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self._err, text=True, bufsize=1)
        assert self.readline() == "ready"

    def readline(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        if not line:
            raise AssertionError("worker died:\n" + self.stderr_path.read_text())
        return line

    def send(self, text: str) -> str:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()
        return self.readline()

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.write("quit\n")
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self._err.close()


def _verify(path: Path) -> tuple[int, int]:
    """Reopen and check everything; return (import batches, edits) found."""
    # As the application reopens a file after a crash: lock (taking over the stale one), open.
    opened = open_for_writing_or_readonly(path, ask=lambda info: False)
    opened.close()
    assert check_file(path) == []

    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tokens: set[str] = set()
        for batch_id, file_name, created in conn.execute(
                "SELECT id, file_name, created_count FROM import_batch"):
            token = file_name.removeprefix("crash-").removesuffix(".xlsx")
            tokens.add(token)
            grievances = conn.execute("SELECT count(*) FROM grievance WHERE grievance_number "
                                      "LIKE ? || '-%'", (token,)).fetchone()[0]
            entries = conn.execute("SELECT count(*) FROM history_entry WHERE import_batch_id = ?",
                                   (batch_id,)).fetchone()[0]
            assert grievances == entries == created, f"batch {token} is half there"
        for (number,) in conn.execute("SELECT grievance_number FROM grievance"):
            m = _NUMBER.match(number)
            assert m is None or m.group(1) in tokens, f"{number} outlived its import batch"

        edits = 0
        for matter_id, summary in conn.execute("SELECT id, summary FROM matter"):
            last = conn.execute(
                "SELECT changes FROM history_entry WHERE matter_id = ? AND action = 'update' "
                "ORDER BY id DESC LIMIT 1", (matter_id,)).fetchone()
            if last is None:
                assert not (summary or "").startswith("edit-"), \
                    f"matter {matter_id} changed without a history entry"
                continue
            edits += 1
            changes = json.loads(last[0])
            assert changes["summary"][1] == summary, \
                f"history of matter {matter_id} records a change that is not there"
        batches = len(tokens)
    finally:
        conn.close()
    return batches, edits


def test_sigkill_at_random_moments_keeps_the_database_whole(tmp_path: Path) -> None:
    path = tmp_path / "crash.sqlite3"
    db = open_database(path)
    MatterService(db, "test").create("grievance", {
        "title": "Seed", "grievance_number": "SEED-1", "filed_on": __import__("datetime").date(
            2026, 1, 2)})
    db.close()

    seed = int(os.environ.get("CRASH_SEED", time.time_ns() % 1_000_000))
    rng = random.Random(seed)
    zygote = Zygote(tmp_path / "worker.err")
    kills = 0
    batches = edits = 0
    try:
        for i in range(KILLS + EXTRA_KILLS):
            if i >= KILLS and batches >= 5 and edits >= 5:
                break
            # On a loaded machine the workers may have done too little work in the planned kills;
            # then later kills wait longer, so that the test still kills work in progress.
            longest = 0.3 if i < KILLS else 1.0
            mode = "delete" if i % 3 == 2 else "wal"
            reply = zygote.send(f"go {path} {seed * 100 + i} {mode}")
            pid = int(reply.split()[1])
            time.sleep(rng.uniform(0.03, longest))
            os.kill(pid, signal.SIGKILL)
            dead = zygote.send(f"wait {pid}").split()
            assert dead[2] == str(int(signal.SIGKILL)), (
                f"worker ended by itself (exit {dead[3]}), not by the kill (seed {seed}):\n"
                + (tmp_path / "worker.err").read_text())
            kills += 1

            info = read_lock(path)
            assert info is not None and info.pid == pid
            assert stale_reason(info) is not None, "a dead process's lock must be stale"
            try:
                batches, edits = _verify(path)
            except Exception as exc:
                raise AssertionError(f"after kill {kills} ({mode}, seed {seed}): {exc}") from exc
    finally:
        zygote.close()
    assert kills >= 30
    # The test proves something only if work was really being done when the kills came.
    assert batches >= 5 and edits >= 5, (batches, edits)


HALF_DONE = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode=DELETE")
conn.execute("PRAGMA synchronous=FULL")
conn.execute("PRAGMA cache_size=10")  # a big import: the page cache spills into the file
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE matter SET title = 'half-done ' || title")
for _ in range(500):
    conn.execute("INSERT INTO import_batch (file_name, imported_at, imported_by, created_count, "
                 "updated_count, unchanged_count, skipped_count) VALUES (hex(randomblob(2000)), "
                 "'2026-01-01', 'k', 1, 0, 0, 0)")
print("in transaction", flush=True)
sys.stdin.read()
"""


def _kill_mid_transaction(path: Path) -> None:
    """Leave a hot rollback journal: a process killed inside a write transaction."""
    proc = subprocess.Popen([sys.executable, "-c", HALF_DONE, str(path)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "in transaction"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    if proc.stdin:
        proc.stdin.close()
    assert path.with_name(path.name + "-journal").stat().st_size > 0


def _seeded(tmp_path: Path) -> Path:
    path = tmp_path / "hot.sqlite3"
    db = open_database(path)
    MatterService(db, "test").create("grievance", {
        "title": "Whole", "grievance_number": "G-1",
        "filed_on": __import__("datetime").date(2026, 1, 2)})
    db.close()
    return path


def test_the_app_reopens_a_file_left_with_a_hot_journal(tmp_path: Path) -> None:
    path = _seeded(tmp_path)
    _kill_mid_transaction(path)
    opened = open_for_writing_or_readonly(path, ask=lambda info: False)
    try:
        assert MatterService(opened.db, "t").get(1).title == "Whole"
        with opened.db.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM import_batch").scalar() == 0
    finally:
        opened.close()
    assert check_file(path) == []


def test_open_database_itself_survives_a_hot_journal(tmp_path: Path) -> None:
    path = _seeded(tmp_path)
    _kill_mid_transaction(path)
    open_database(path).close()
