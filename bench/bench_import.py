"""Benchmark: importing 100,000 grievance rows from .xlsx and .csv, as a ratio to the floor.

For each format the same deterministic spreadsheet (built once and cached under ``bench/out/``)
is imported three ways, run after run interleaved, and the medians compared:

* **floor** — python-calamine (xlsx) or the csv module (csv) reads the file, each row is turned
  into a ``matter`` and a ``grievance`` tuple (the step and status spellings looked up in a
  dict, the searchable text joined, nothing else), and raw ``sqlite3`` inserts them into a fresh
  application database (migrated: the same indexes, foreign keys and full-text triggers the
  application writes through), as 2,000-row statements in one transaction. What SQLite itself
  must do to hold these rows in this schema, with no application code;
* **bare floor** — the same reading, then ``executemany`` into a database holding just those two
  tables (the application's DDL for them, no secondary index, trigger or full-text index,
  foreign keys not enforced): the least SQLite can do with these rows. Reported beside the
  target, to show what the schema itself costs;
* **app** — ``build_plan`` + ``commit_plan`` into a fresh database made by ``open_database``:
  the child-process read with limits, header mapping, validation of every cell, member
  matching, a history entry per grievance and the import batch.

The databases are created before the clock starts. Prints a table and writes it as markdown to
``bench/out/import.md``. The target is app/floor ≤ 2.

    .venv/bin/python bench/bench_import.py [--rows N] [--runs R] [--formats xlsx,csv] [--budget S]

Each side runs R times (default 3), fewer when the runs of one format would exceed S seconds
(default 120), so that 100,000 rows finish in about 4 minutes; the table says how many ran.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import openpyxl  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402
from sqlalchemy.dialects import sqlite as sqlite_dialect  # noqa: E402
from sqlalchemy.schema import CreateTable  # noqa: E402

from naij_tracker.db.models import Grievance, Matter  # noqa: E402
from naij_tracker.db.opening import open_database  # noqa: E402
from naij_tracker.domain.kinds import GRIEVANCE_ISSUE_CATEGORIES  # noqa: E402
from naij_tracker.importing.commit import commit_plan  # noqa: E402
from naij_tracker.importing.pipeline import build_plan  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
#: Bump when the generated data changes, so cached files are rebuilt.
DATA_VERSION = 1
SEED = 20250301

HEADERS = ("Grievance #", "Grievant", "Immigration Court", "Date filed", "Step", "Status",
           "Category", "CBA Article", "Subject", "Remedy sought", "Steward", "Notes")
COURTS = ("Arlington", "Atlanta", "Baltimore", "Boston", "Chicago", "Dallas", "Denver",
          "Houston", "Los Angeles", "Miami", "New York - Broadway", "Newark", "Phoenix",
          "San Antonio", "San Francisco", "Seattle")
FIRST = ("Ana", "Ben", "Carla", "David", "Elena", "Frank", "Grace", "Hector", "Irene", "James",
         "Karen", "Luis", "Maria", "Nathan", "Olga", "Paul", "Rosa", "Samuel", "Teresa", "Victor")
LAST = ("Alvarez", "Brooks", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ito",
        "Jensen", "Kim", "Lopez", "Murphy", "Nguyen", "Okafor", "Patel", "Quinn", "Rossi",
        "Singh", "Thompson")
STEPS = ("Step 1", "Step 2", "Step 3", "Arbitration")
STATUSES = ("Open", "Awaiting answer", "Appealed", "Settled", "Denied")
STEP_CODES = {"Step 1": "step1", "Step 2": "step2", "Step 3": "step3",
              "Arbitration": "arbitration"}
STATUS_CODES = {"Open": "open", "Awaiting answer": "awaiting_answer", "Appealed": "appealed",
                "Settled": "settled", "Denied": "denied"}
REMEDIES = ("Rescind the memo and make the grievant whole", "Restore telework",
            "Remove the counselling letter", "Bargain before implementing", "Back pay")


def grievance_rows(n: int) -> Iterator[tuple[object, ...]]:
    """``n`` deterministic grievance rows (cell values as a steward's sheet would hold them)."""
    rng = random.Random(SEED)
    members = [(f"{f} {last}", COURTS[(i * 7) % len(COURTS)])
               for i, (f, last) in enumerate((f, last) for f in FIRST for last in LAST)]
    start = date(2019, 1, 2)
    for i in range(n):
        name, court = members[rng.randrange(len(members))]
        category = GRIEVANCE_ISSUE_CATEGORIES[rng.randrange(len(GRIEVANCE_ISSUE_CATEGORIES))]
        yield (
            f"NAIJ-{19 + i * 7 // n:02d}-{i + 1:06d}",
            name,
            court,
            start + timedelta(days=rng.randrange(2500)),
            STEPS[rng.randrange(4)],
            STATUSES[rng.randrange(len(STATUSES))],
            category,
            f"Art. {rng.randrange(1, 40)}",
            f"{category}: {name.split()[1]} v. EOIR ({court})",
            REMEDIES[rng.randrange(len(REMEDIES))],
            f"{FIRST[rng.randrange(20)]} {LAST[rng.randrange(20)]}",
            "Follow up with the ACIJ." if rng.random() < 0.3 else "",
        )


def build_xlsx(path: Path, n: int) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Grievances")
    sheet.append(["NAIJ grievance log (benchmark data)"])
    sheet.append(HEADERS)
    for row in grievance_rows(n):
        sheet.append(row)
    book.save(path)


def build_csv(path: Path, n: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADERS)
        for row in grievance_rows(n):
            writer.writerow([v.isoformat() if isinstance(v, date) else v for v in row])


def data_file(fmt: str, n: int) -> Path:
    """The cached benchmark file (built on first use)."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"grievances-{n}-v{DATA_VERSION}.{fmt}"
    if not path.exists():
        started = time.perf_counter()
        part = path.with_suffix(path.suffix + ".part")
        (build_xlsx if fmt == "xlsx" else build_csv)(part, n)
        part.replace(path)
        print(f"  built {path.name} in {time.perf_counter() - started:.1f} s")
    return path


# --- the floor -------------------------------------------------------------------------------


def _two_tables_ddl() -> list[str]:
    dialect = sqlite_dialect.dialect()
    return [str(CreateTable(t).compile(dialect=dialect))
            for t in (Matter.__table__, Grievance.__table__)]


def _read_xlsx(path: Path) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(
        skip_empty_area=True)


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def floor(path: Path, db_path: Path) -> tuple[int, float]:
    """Read + raw inserts of the same rows into the application's database, one transaction.

    The database is the one the application's migrations make (indexes, full-text triggers),
    opened as the application opens it (WAL, foreign keys enforced, ``synchronous=FULL``). The
    rows go in as multi-row ``INSERT … VALUES`` statements of 2,000 rows, the fastest raw way:
    a plain ``executemany`` (one statement per row) makes FTS5 flush its index after every row
    and took 13.5 s here for what this takes in ~4 s.
    """
    open_database(db_path).close()
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA synchronous=FULL")
    return _insert(conn, path, _multi_row)


def bare_floor(path: Path, db_path: Path) -> tuple[int, float]:
    """Read + ``executemany`` of the same rows into just the two tables (the application's DDL
    for them: no secondary index, no trigger, no full-text index, foreign keys not enforced),
    in a rollback-journal database: the least SQLite can do with these rows."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    for ddl in _two_tables_ddl():
        conn.execute(ddl)
    return _insert(conn, path, _execute_many)


MATTER_INSERT = ("INSERT INTO matter (id, kind, title, status, priority, owner, opened_on, "
                 "summary, search_text, created_at, updated_at, version) VALUES ")
GRIEVANCE_INSERT = ("INSERT INTO grievance (id, grievance_number, court, issue_category, "
                    "cba_article, step, filed_on, remedy_sought) VALUES ")


def _execute_many(conn: sqlite3.Connection, head: str, rows: list[tuple[object, ...]]) -> None:
    conn.executemany(head + "(" + ",".join("?" * len(rows[0])) + ")", rows)


def _multi_row(conn: sqlite3.Connection, head: str, rows: list[tuple[object, ...]]) -> None:
    one = "(" + ",".join("?" * len(rows[0])) + ")"
    for start in range(0, len(rows), 2000):
        chunk = rows[start:start + 2000]
        conn.execute(head + ",".join([one] * len(chunk)),
                     [value for row in chunk for value in row])


def _insert(conn: sqlite3.Connection, path: Path,
            write: Callable[[sqlite3.Connection, str, list[tuple[object, ...]]], None]
            ) -> tuple[int, float]:
    started = time.perf_counter()
    rows = _read_xlsx(path) if path.suffix == ".xlsx" else _read_csv(path)
    header_at = next(i for i, r in enumerate(rows) if r and r[0] == HEADERS[0])
    now = datetime.now().isoformat(sep=" ")
    matters: list[tuple[object, ...]] = []
    grievances: list[tuple[object, ...]] = []
    for mid, r in enumerate(rows[header_at + 1:], start=1):
        filed = r[3].isoformat() if isinstance(r[3], date) else r[3]
        # The text the application indexes: number, member, title, court, summary.
        search = " ".join(filter(None, (r[0], r[1], r[8], r[2], r[11])))
        matters.append((mid, "grievance", r[8], STATUS_CODES[r[5]], "normal", r[10], filed,
                        r[11] or None, search, now, now, 1))
        grievances.append((mid, r[0], r[2], r[6], r[7], STEP_CODES[r[4]], filed, r[9]))
    conn.execute("BEGIN")
    write(conn, MATTER_INSERT, matters)
    write(conn, GRIEVANCE_INSERT, grievances)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return len(matters), elapsed


# --- the application -------------------------------------------------------------------------


def app(path: Path, db_path: Path) -> tuple[int, float]:
    """``build_plan`` + ``commit_plan`` into a fresh application database."""
    db = open_database(db_path)
    try:
        started = time.perf_counter()
        plan = build_plan(db, path)
        result = commit_plan(db, plan, "bench")
        elapsed = time.perf_counter() - started
    finally:
        db.close()
    assert not plan.errors, plan.errors[:3]
    return result.created, elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", default="xlsx,csv")
    parser.add_argument("--budget", type=float, default=120.0,
                        help="seconds per format before repeating stops (default 120; keeps "
                             "100,000 rows under about 4 minutes)")
    args = parser.parse_args(argv)

    results = []
    for fmt in args.formats.split(","):
        path = data_file(fmt, args.rows)
        sides = compare(path, args.runs, args.rows, args.budget)
        results.append((fmt, sides))
        print(f"  {fmt}: " + ", ".join(f"{name} {s:.2f} s ({n} runs)"
                                       for name, (s, n) in sides.items()), flush=True)

    title = (f"Import of {args.rows:,} grievance rows — medians, "
             f"{datetime.now():%Y-%m-%d %H:%M}")
    lines = [f"# {title}", "",
             "| format | floor s | app s | ratio (target ≤ 2) | bare floor s | app / bare floor "
             "| app rows/s | runs (floor/bare/app) |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for fmt, sides in results:
        (floor_s, floor_n), (bare_s, bare_n), (app_s, app_n) = (
            sides["floor"], sides["bare floor"], sides["app"])
        ratio = app_s / floor_s
        lines.append(f"| {fmt} | {floor_s:.2f} | {app_s:.2f} | {ratio:.2f}"
                     f"{'' if ratio <= 2 else ' ✗'} | {bare_s:.2f} | {app_s / bare_s:.2f} | "
                     f"{args.rows / app_s:,.0f} | {floor_n}/{bare_n}/{app_n} |")
    lines += ["", "floor: python-calamine (xlsx) or csv reading + raw sqlite3 inserts of the same "
              "rows into the matter and grievance tables of a fresh application database "
              "(migrated: its indexes and full-text triggers), as 2,000-row statements, one "
              "transaction.",
              "bare floor: the same reading + executemany into just those two tables, without "
              "indexes, triggers or foreign-key enforcement.",
              "app: build_plan + commit_plan into a fresh database made by open_database."]
    text = "\n".join(lines) + "\n"
    print()
    print(text)
    (OUT / "import.md").write_text(text, encoding="utf-8")
    return 0


def compare(path: Path, runs: int, rows: int, budget: float) -> dict[str, tuple[float, int]]:
    """(median s, runs) of the floor, the bare floor and the app, measured interleaved run by
    run so that a busy spell on a shared machine falls on all three alike."""
    sides: dict[str, Callable[[Path, Path], tuple[int, float]]] = {
        "floor": floor, "bare floor": bare_floor, "app": app}
    times: dict[str, list[float]] = {name: [] for name in sides}
    spent = 0.0
    for _ in range(runs):
        if times["app"] and spent + sum(statistics.median(t) for t in times.values()) > budget:
            break
        started = time.perf_counter()
        for name, fn in sides.items():
            times[name].append(_once(fn, path, rows))
        spent += time.perf_counter() - started
    return {name: (statistics.median(t), len(t)) for name, t in times.items()}


def _once(fn: Callable[[Path, Path], tuple[int, float]], path: Path, expect: int) -> float:
    folder = Path(tempfile.mkdtemp(prefix="bench_import_"))
    try:
        count, elapsed = fn(path, folder / "bench.sqlite3")
        assert count == expect, (fn.__name__, count, expect)
        return elapsed
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
