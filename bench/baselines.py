"""The plainest programs that do what a command does: the baselines of the whole-command rows.

Each is run as its own process, as the officer runs the command, so both sides pay for starting
an interpreter (this file imports nothing but the standard library):

    python bench/baselines.py backup DB DEST          # SQLite's online backup API alone
    python bench/baselines.py check DB                # PRAGMA integrity_check alone
    python bench/baselines.py import CSV DB           # read the CSV, one executemany, commit

``import`` writes every row of the file, as read, into one plain table (text columns, no
constraint, no index, no trigger) of a new database: what any program must do at least to get a
spreadsheet's rows into SQLite.
"""

from __future__ import annotations

import csv
import sqlite3
import sys


def backup(src: str, dest: str) -> int:
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    target = sqlite3.connect(dest)
    source.backup(target)
    target.close()
    source.close()
    return 0


def check(path: str) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rows = conn.execute("PRAGMA integrity_check").fetchall()
    conn.close()
    print(rows[0][0])
    return 0 if rows == [("ok",)] else 1


def import_csv(csv_path: str, db_path: str) -> int:
    with open(csv_path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = list(reader)
    conn = sqlite3.connect(db_path)
    columns = ", ".join(f"c{i} TEXT" for i in range(len(header)))
    conn.execute(f"CREATE TABLE row ({columns})")
    marks = ", ".join("?" * len(header))
    conn.executemany(f"INSERT INTO row VALUES ({marks})", rows)
    conn.commit()
    conn.close()
    print(f"{len(rows)} rows")
    return 0


def main(argv: list[str]) -> int:
    mode, *args = argv
    if mode == "backup":
        return backup(*args)
    if mode == "check":
        return check(*args)
    if mode == "import":
        return import_csv(*args)
    raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
