"""Whole commands against the plainest programs doing the same work (issue 22).

Each side is a new process, timed from outside as the officer waits for it: from the spawn to
the exit, process start included. The two sides run in turn (app, baseline, app, …) after one
warm-up each, and the medians are reported, with the median of the pairwise ratios — on a
shared machine a pair sees the same load. CPU time and peak memory come from ``wait4``'s
resource usage of the finished child (what ``/usr/bin/time -v`` reports).

    .venv/bin/python bench/bench_commands.py [--runs N] [ROW ...]   # rows: backup check import one

Baselines (``bench/baselines.py``): ``backup`` — SQLite's online backup API alone; ``check`` —
``PRAGMA integrity_check`` alone; ``import`` — a process that reads the CSV and does one
``executemany`` into a plain table. ``one`` compares the application with itself: one row
imported into the large database against the same row imported into an empty one.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
LARGE = OUT / "large.sqlite3"
APP = [sys.executable, "-m", "naij_tracker.cli"]
BASE = [sys.executable, str(HERE / "baselines.py")]


@dataclass
class Side:
    wall: list[float]
    cpu: list[float]
    peak_mib: list[float]
    #: Seconds from spawn to the line that tells the officer the work is done (``WAIT_MARK``).
    wait: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.wall)


#: GNU time reports the peak memory of its child; ``ru_maxrss`` from ``wait4`` would not do, as
#: a child inherits the peak of the process it was forked from (this one, grown by other rows).
GNU_TIME = "/usr/bin/time"
PEAK_MARK = "PEAK-KIB "


#: The import command's line saying the rows are committed (and so listed): the officer's wait
#: ends there; the search entries are made after it, before the process exits.
WAIT_MARK = b"Committed as import batch"


def timed(cmd: list[str], env: dict[str, str], waits: list[float] | None = None
          ) -> tuple[float, float, float, int]:
    """(wall s, CPU s, peak RSS MiB, exit status) of one run of ``cmd``; with ``waits``, the
    seconds until it printed ``WAIT_MARK`` are appended there (the whole run if it never did)."""
    wrap = [GNU_TIME, "-f", PEAK_MARK + "%M"] if os.path.exists(GNU_TIME) else []
    started = time.perf_counter()
    proc = subprocess.Popen([*wrap, *cmd], env=env,
                            stdout=subprocess.PIPE if waits is not None else subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    waited = None
    if waits is not None and proc.stdout is not None:
        for printed in proc.stdout:
            if waited is None and printed.startswith(WAIT_MARK):
                waited = time.perf_counter() - started
        proc.stdout.close()
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if waits is not None:
        waits.append(waited if waited is not None else wall)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(f"{' '.join(cmd[:6])}… exited {code}: {err.strip()[-300:]}")
    peak = usage.ru_maxrss / 1024
    for line in err.splitlines():
        if line.startswith(PEAK_MARK):
            peak = int(line[len(PEAK_MARK):]) / 1024
    return wall, usage.ru_utime + usage.ru_stime, peak, code


def compare(app: Callable[[int], list[str]], base: Callable[[int], list[str]], runs: int,
            env: dict[str, str], *, wait: bool = False) -> tuple[Side, Side, float]:
    """Interleaved runs; ``app(i)``/``base(i)`` give run i's command (i = 0 is the warm-up).
    With ``wait``, the app's time to its ``WAIT_MARK`` line is kept too (``Side.wait``)."""
    a, b = Side([], [], []), Side([], [], [])
    ratios: list[float] = []
    for i in range(runs + 1):
        waits: list[float] = []
        wa, ca, ma, _ = timed(app(i), env, waits if wait else None)
        wb, cb, mb, _ = timed(base(i), env)
        if i == 0:
            continue
        a.wait.extend(waits)
        for side, w, c, m in ((a, wa, ca, ma), (b, wb, cb, mb)):
            side.wall.append(w)
            side.cpu.append(c)
            side.peak_mib.append(m)
        ratios.append(wa / wb)
    return a, b, statistics.median(ratios)


def env_for(scratch: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["XDG_CONFIG_HOME"] = str(scratch / "config")
    env["XDG_DATA_HOME"] = str(scratch / "data")
    env["PYTHONPATH"] = str(ROOT)
    return env


def _fresh(path: Path) -> Path:
    path.unlink(missing_ok=True)
    return path


def empty_database(path: Path) -> Path:
    """A new database made by the application's migrations (as ``--db NEW`` would)."""
    from naij_tracker.db.opening import open_database

    path.unlink(missing_ok=True)
    open_database(path).close()
    return path


# -- the rows ------------------------------------------------------------------------------------

def backup_row(scratch: Path, runs: int) -> dict[str, object]:
    env = env_for(scratch)
    a_dest, b_dest = scratch / "app-backup.sqlite3", scratch / "plain-backup.sqlite3"
    a, b, r = compare(
        lambda _i: [*APP, "--db", str(LARGE), "backup", "--to", str(_fresh(a_dest))],
        lambda _i: [*BASE, "backup", str(LARGE), str(_fresh(b_dest))], runs, env)
    return {"a": a, "b": b, "ratio": r}


def check_row(scratch: Path, runs: int) -> dict[str, object]:
    env = env_for(scratch)
    a, b, r = compare(lambda _i: [*APP, "--db", str(LARGE), "check"],
                      lambda _i: [*BASE, "check", str(LARGE)], runs, env)
    return {"a": a, "b": b, "ratio": r}


def import_row(scratch: Path, runs: int, n: int = 100_000) -> dict[str, object]:
    import bench_import as bi

    env = env_for(scratch)
    data = bi.data_file("csv", n)
    template = empty_database(scratch / "template.sqlite3")
    target, plain = scratch / "import.sqlite3", scratch / "plain.sqlite3"

    def app(_i: int) -> list[str]:
        shutil.copyfile(template, _fresh(target))  # a database made earlier, not timed
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        return [*APP, "--db", str(target), "import", str(data)]

    # The day's automatic backup is made by the warm-up run, after its import, as on any day
    # after the first write (it is once a day, not the import's work).
    a, b, r = compare(app, lambda _i: [*BASE, "import", str(data), str(_fresh(plain))], runs, env,
                      wait=True)
    return {"a": a, "b": b, "ratio": r, "rows": n,
            "wait_ratio": statistics.median(w / x for w, x in zip(a.wait, b.wall, strict=True))}


def one_row_csv(path: Path, number: str) -> Path:
    import bench_import as bi

    header, first = bi.data_file("csv", 100_000).read_text(encoding="utf-8").splitlines()[:2]
    path.write_text(header + "\n" + number + first[first.index(","):] + "\n", encoding="utf-8")
    return path


def one_row(scratch: Path, runs: int) -> dict[str, object]:
    """One new grievance imported into a copy of the large database vs into an empty one."""
    env = env_for(scratch)
    big = scratch / "big" / "large.sqlite3"
    big.parent.mkdir(exist_ok=True)
    shutil.copyfile(LARGE, big)
    (scratch / "small").mkdir(exist_ok=True)
    small = empty_database(scratch / "small" / "empty.sqlite3")

    def cmd(db: Path) -> Callable[[int], list[str]]:
        def run(i: int) -> list[str]:
            data = one_row_csv(scratch / f"one-{db.stem}-{i}.csv", f"BENCH-ONE-{i:04d}")
            return [*APP, "--db", str(db), "import", str(data)]
        return run

    # The warm-up run of each side also makes the day's automatic backup, after its import.
    a, b, r = compare(cmd(big), cmd(small), runs, env)
    return {"a": a, "b": b, "ratio": r}


ROWS: dict[str, Callable[[Path, int], dict[str, object]]] = {
    "backup": backup_row, "check": check_row, "import": import_row, "one": one_row}


def main(argv: list[str] | None = None) -> int:
    import tempfile

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("rows", nargs="*", default=list(ROWS))
    args = ap.parse_args(argv)
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(ROOT))
    for name in args.rows:
        with tempfile.TemporaryDirectory(prefix="naij-cmd-") as s:
            got = ROWS[name](Path(s), args.runs)
        a, b = got["a"], got["b"]
        assert isinstance(a, Side) and isinstance(b, Side)
        print(f"{name}: app {a.median:.3f} s (CPU {statistics.median(a.cpu):.2f} s, "
              f"{statistics.median(a.peak_mib):.0f} MiB) vs {b.median:.3f} s "
              f"(CPU {statistics.median(b.cpu):.2f} s, {statistics.median(b.peak_mib):.0f} MiB)"
              f": ratio {got['ratio']:.2f}"
              + (f"; officer's wait {statistics.median(a.wait):.3f} s, ratio "
                 f"{got['wait_ratio']:.2f}" if a.wait else ""), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
