"""How the import command scales with the file: wall time, peak memory and database size.

    .venv/bin/python bench/bench_scaling.py [--runs N] [ROWS ...]   # default 10000 100000 300000

Each run is the whole ``naij-tracker import FILE`` command (process start included) into a new
database made beforehand by the application's migrations; the figures are medians of the runs:
the officer's wait (until the command says the rows are committed), the whole command (the
search entries made after that included), its CPU time and peak memory, and the file's size.
The time per 100,000 rows should be the same at every size: shown as measured, and beyond the
command's fixed cost (the same command importing one row, measured first).
Writes ``bench/out/scaling.md``.

A file of more than ``importing.safety.MAX_ROWS`` (200,000) rows of data is refused; larger
sizes run the same command with that limit raised in the process (``LIFTED``), so the row
shows how the import itself scales.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import bench_commands as bc  # noqa: E402
import bench_import as bi  # noqa: E402

from naij_tracker.importing.safety import MAX_ROWS  # noqa: E402

#: The command with the row limit raised, for sizes past it (the same code otherwise).
LIFTED = ("import sys; from naij_tracker.importing import safety; safety.MAX_ROWS = {limit}; "
          "from naij_tracker.cli import main; sys.exit(main(sys.argv[1:]))")


def command(n: int, target: Path, data: Path) -> list[str]:
    args = ["--db", str(target), "import", str(data)]
    if n <= MAX_ROWS:
        return [*bc.APP, *args]
    return [bc.APP[0], "-c", LIFTED.format(limit=n), *args]


def measure(n: int, runs: int, scratch: Path) -> dict[str, float]:
    """Medians of ``runs`` runs for ``n`` rows: wait, wall and CPU s, peak MiB, database MB."""
    env = bc.env_for(scratch)
    data = bi.data_file("csv", n) if n > 1 else bc.one_row_csv(scratch / "one.csv", "ONE-1")
    template = bc.empty_database(scratch / "template.sqlite3")
    target = scratch / "import.sqlite3"
    walls: list[float] = []
    cpus: list[float] = []
    peaks: list[float] = []
    waits: list[float] = []
    size = 0.0
    for _ in range(runs):
        for p in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
            p.unlink(missing_ok=True)
        target.write_bytes(template.read_bytes())
        wall, cpu, peak, _ = bc.timed(command(n, target, data), env, waits)
        walls.append(wall)
        cpus.append(cpu)
        peaks.append(peak)
        size = target.stat().st_size / 1e6
    return {"wait": statistics.median(waits), "wall": statistics.median(walls),
            "cpu": statistics.median(cpus), "peak": statistics.median(peaks), "size": size,
            "file": data.stat().st_size / 1e6}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("rows", nargs="*", type=int, default=[10_000, 100_000, 300_000])
    args = ap.parse_args(argv)
    lines = ["| rows | file MB | wait s | whole command s | CPU s | CPU s per 100,000 rows | "
             "beyond the fixed cost, per 100,000 rows: wait s / CPU s | peak MiB | "
             "database MB |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    # The command's fixed cost (interpreter, modules, opening the database, the report): the
    # same command importing one row. What each size costs beyond it is what scales.
    with tempfile.TemporaryDirectory(prefix="naij-scale-") as s:
        fixed = measure(1, args.runs, Path(s))
    lines.append(f"| 1 | 0.0 | {fixed['wait']:.2f} | {fixed['wall']:.2f} | {fixed['cpu']:.2f} "
                 f"| | (the fixed cost) | {fixed['peak']:.0f} | {fixed['size']:.1f} |")
    print(lines[-1], flush=True)
    for n in args.rows:
        with tempfile.TemporaryDirectory(prefix="naij-scale-") as s:
            got = measure(n, args.runs, Path(s))
        per = 100_000 / n
        lines.append(f"| {n:,} | {got['file']:.1f} | {got['wait']:.2f} | {got['wall']:.2f} | "
                     f"{got['cpu']:.2f} | {got['cpu'] * per:.2f} | "
                     f"{(got['wait'] - fixed['wait']) * per:.2f} / "
                     f"{(got['cpu'] - fixed['cpu']) * per:.2f} | {got['peak']:.0f} | "
                     f"{got['size']:.0f} |")
        print(lines[-1], flush=True)
    (bc.OUT / "scaling.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
