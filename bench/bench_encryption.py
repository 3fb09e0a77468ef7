"""Encrypted against plain: list, filter, search and import at 100,000 grievances (issue 20).

The plain side is ``bench/out/large.sqlite3`` (``naij_tracker.services.bulk_sample``); the
encrypted side is the same database exported by SQLCipher into
``bench/out/large-encrypted.sqlite3`` (made once, reused while it is newer than the plain
file). Both are opened by ``open_database`` and queried through the services exactly as the
GUI does — one connection per use (``NullPool``; SQLCipher's are kept idle with their page
cache, see ``naij_tracker.db.cipher``), so every measurement includes applying the key and
decrypting the pages it reads. Runs are interleaved plain/encrypted and medians reported; the
target is encrypted ≤ 1.3 × plain for each row.

The measure is the CPU time of this process (``time.process_time``), as for the packet row of
``run.py``: the work — SQLite, SQLCipher's decryption, Python — runs in this process, and on a
shared machine (load 8–10 on two cores while this was written) wall time mostly measures the
wait for a core. The wall-time medians and their ratio are printed beside it.

    .venv/bin/python bench/bench_encryption.py [--runs 5] [--import-runs 2]
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from naij_tracker.db import cipher, cipher_files, keywrap  # noqa: E402
from naij_tracker.db.opening import open_database  # noqa: E402
from naij_tracker.services import encryption as enc  # noqa: E402
from naij_tracker.services import queries  # noqa: E402
from naij_tracker.services.bulk_sample import ensure_large_database  # noqa: E402

OUT = HERE / "out"
LARGE = OUT / "large.sqlite3"
ENCRYPTED = OUT / "large-encrypted.sqlite3"
PASSPHRASE = "benchmark passphrase"
TARGET = 1.3


def encrypted_copy(plain: Path = LARGE, dest: Path = ENCRYPTED) -> Path:
    """The encrypted twin of ``plain``, unlocked for this process."""
    keys = keywrap.keys_path(dest)
    if dest.exists() and keys.exists() and dest.stat().st_mtime >= plain.stat().st_mtime:
        enc.unlock(dest, PASSPHRASE)
        return dest
    for p in (dest, keys, dest.with_name(dest.name + "-wal"), dest.with_name(dest.name + "-shm")):
        p.unlink(missing_ok=True)
    key = keywrap.new_database_key()
    tmp = dest.with_name(dest.name + ".building")
    tmp.unlink(missing_ok=True)
    started = time.perf_counter()
    cipher_files.export_file(plain, None, tmp, key)
    keywrap.KeyFile.create(keys, key, PASSPHRASE, keywrap.new_recovery_key()).write()
    tmp.replace(dest)
    cipher.unlock(dest, key)
    print(f"  encrypted copy made in {time.perf_counter() - started:.1f} s", flush=True)
    return dest


class Times:
    """CPU and wall seconds of the runs of one side."""

    def __init__(self) -> None:
        self.cpu: list[float] = []
        self.wall: list[float] = []

    def run(self, fn: Callable[[], Any]) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        self.cpu.append(time.process_time() - cpu)
        self.wall.append(time.perf_counter() - wall)

    def add(self, cpu: float, wall: float) -> None:
        self.cpu.append(cpu)
        self.wall.append(wall)


Result = tuple[str, float, float, str]


def _result(what: str, plain: Times, secret: Times, note: str) -> Result:
    pw, ew = statistics.median(plain.wall), statistics.median(secret.wall)
    return (what, statistics.median(plain.cpu), statistics.median(secret.cpu),
            f"{note}; wall {pw:.3f} vs {ew:.3f} s (ratio {ew / pw:.2f})")


def query_rows(runs: int) -> list[Result]:
    """(what, plain median s, encrypted median s, note) for list, filter and search."""
    plain = open_database(LARGE, read_only=True)
    secret = open_database(encrypted_copy(), read_only=True)
    try:
        listed = len(queries.list_matters(plain, "grievance").rows)
        filtered = len(queries.list_matters(plain, "grievance", text_filter="Chic").rows)
        hits = len(queries.search(plain, "Chen"))
        assert len(queries.list_matters(secret, "grievance").rows) == listed
        assert len(queries.search(secret, "Chen")) == hits
        ops: list[tuple[str, Callable[[Any], Any], str]] = [
            ("list: open grievances", lambda db: queries.list_matters(db, "grievance"),
             f"{listed:,} rows"),
            ("filter: 'Chic' over the grievances",
             lambda db: queries.list_matters(db, "grievance", text_filter="Chic"),
             f"{filtered:,} rows (FTS5 trigram)"),
            ("search: 'Chen' across all kinds", lambda db: queries.search(db, "Chen"),
             f"{hits} hits"),
        ]
        out = []
        for what, op, note in ops:
            op(plain)
            op(secret)  # warm the OS cache alike
            p_times, e_times = Times(), Times()
            for _ in range(runs):
                p_times.run(lambda op=op: op(plain))
                e_times.run(lambda op=op: op(secret))
            out.append(_result(what, p_times, e_times, f"{note}; {runs} runs"))
        return out
    finally:
        plain.close()
        secret.close()


def import_row(runs: int, rows: int = 100_000) -> Result:
    """Import ``rows`` grievances from .csv into a fresh plain / encrypted database."""
    import bench_import as bi

    from naij_tracker.importing.commit import commit_plan
    from naij_tracker.importing.pipeline import build_plan

    source = bi.data_file("csv", rows)

    def once(encrypted: bool, into: Times) -> None:
        folder = Path(tempfile.mkdtemp(prefix="bench_encryption_"))
        path = folder / "import.sqlite3"
        try:
            if encrypted:
                enc.create_encrypted(path, PASSPHRASE)
            db = open_database(path)
            try:
                wall, cpu = time.perf_counter(), time.process_time()
                plan = build_plan(db, source)
                result = commit_plan(db, plan, "bench")
                into.add(time.process_time() - cpu, time.perf_counter() - wall)
            finally:
                db.close()
            assert result.created == rows, result.created
        finally:
            with contextlib.suppress(Exception):
                cipher.lock(path)
            shutil.rmtree(folder, ignore_errors=True)

    p_times, e_times = Times(), Times()
    for _ in range(runs):
        once(False, p_times)
        once(True, e_times)
    return _result(f"import: {rows:,} grievances (.csv)", p_times, e_times,
                   f"into a fresh database; {runs} runs")


def measure(runs: int, import_runs: int) -> list[Result]:
    ensure_large_database(LARGE, log=lambda s: print(s, flush=True))
    return [*query_rows(runs), import_row(import_runs)]


def table(rows: list[Result]) -> list[str]:
    lines = ["| what | plain CPU s | encrypted CPU s | ratio | target | met? | notes |",
             "| --- | ---: | ---: | ---: | ---: | :---: | --- |"]
    for what, p, e, note in rows:
        ratio = e / p if p else float("inf")
        lines.append(f"| {what} | {p:.3f} | {e:.3f} | {ratio:.2f} | ≤ {TARGET:g} | "
                     f"{'yes' if ratio <= TARGET else '**no**'} | {note} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--import-runs", type=int, default=2)
    args = ap.parse_args(argv)
    rows = measure(args.runs, args.import_runs)
    print("\n".join(table(rows)))
    print(f"SQLCipher {cipher.cipher_version()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
