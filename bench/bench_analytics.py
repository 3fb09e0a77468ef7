"""Benchmark: grievance analytics over the large database against the same SQL in raw sqlite3.

The application's side is ``services.analytics.compute_analytics`` — every figure of the
Reports view and the packet's analytics section: open/closed by court, article, issue and step,
outcomes, days to resolution (median and 90th percentile, overall and per step), deadlines met
and missed, metric disputes per year. The baseline runs the very same statements (the same
``GROUP BY``s, the same ordered column of durations) on one plain ``sqlite3`` connection and
fetches their rows, doing nothing with them. The ratio is what the service adds: its
connection, turning rows into labelled tables and computing the percentiles.

    .venv/bin/python bench/bench_analytics.py [--db bench/out/large.sqlite3] [--runs 7]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from naij_tracker.db.opening import _sqlite_params, open_database  # noqa: E402
from naij_tracker.domain import clock  # noqa: E402
from naij_tracker.services import analytics  # noqa: E402


def measure(db_path: Path, runs: int) -> tuple[float, float, int]:
    """(median baseline s, median app s, grievances counted) over ``runs`` interleaved runs."""
    db = open_database(db_path, read_only=True)
    today = clock.today()
    f = analytics.AnalyticsFilter()
    statements = (analytics.grievance_statements(db, f)
                  + analytics._deadline_statements(f, today, db)
                  + analytics._dispute_statements(db, f))
    base: list[float] = []
    app: list[float] = []
    counted = 0
    try:
        for _ in range(runs):
            t = time.perf_counter()
            conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
            try:
                for sql, params in statements:
                    conn.execute(sql, _sqlite_params(params)).fetchall()
            finally:
                conn.close()
            base.append(time.perf_counter() - t)
            t = time.perf_counter()
            result = analytics.compute_analytics(db, f, today)
            app.append(time.perf_counter() - t)
            counted = result.grievances
    finally:
        db.close()
    return statistics.median(base), statistics.median(app), counted


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=HERE / "out" / "large.sqlite3")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args(argv)
    if not args.db.exists():
        from naij_tracker.services.bulk_sample import ensure_large_database

        ensure_large_database(args.db)
    base, app, counted = measure(args.db, args.runs)
    print(f"{counted:,} grievances: raw sqlite3 {base:.3f} s, analytics service {app:.3f} s, "
          f"ratio {app / base:.2f} (target <= 1.5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
