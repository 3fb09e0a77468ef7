"""How the import command scales with the file: wall time, peak memory and database size.

    .venv/bin/python bench/bench_scaling.py [--runs N] [ROWS ...]   # default 10000 100000 150000

Each run is the whole ``naij-tracker import FILE`` command (process start included) into a new
database made beforehand by the application's migrations; the figures are medians of the runs.
The time per 100,000 rows should be the same at every size. Writes ``bench/out/scaling.md``.
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


def measure(n: int, runs: int, scratch: Path) -> tuple[float, float, float, float]:
    """(median wall s, median CPU s, median peak MiB, database MB) for ``n`` rows."""
    env = bc.env_for(scratch)
    data = bi.data_file("csv", n)
    template = bc.empty_database(scratch / "template.sqlite3")
    target = scratch / "import.sqlite3"
    walls, cpus, peaks = [], [], []
    size = 0.0
    for _ in range(runs):
        for p in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
            p.unlink(missing_ok=True)
        target.write_bytes(template.read_bytes())
        wall, cpu, peak, _ = bc.timed([*bc.APP, "--db", str(target), "import", str(data)], env)
        walls.append(wall)
        cpus.append(cpu)
        peaks.append(peak)
        size = target.stat().st_size / 1e6
    return statistics.median(walls), statistics.median(cpus), statistics.median(peaks), size


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("rows", nargs="*", type=int, default=[10_000, 100_000, 150_000])
    args = ap.parse_args(argv)
    lines = ["| rows | wall s | CPU s | s per 100,000 rows | peak MiB | database MB |",
             "| ---: | ---: | ---: | ---: | ---: | ---: |"]
    for n in args.rows:
        with tempfile.TemporaryDirectory(prefix="naij-scale-") as s:
            wall, cpu, peak, size = measure(n, args.runs, Path(s))
        lines.append(f"| {n:,} | {wall:.2f} | {cpu:.2f} | {wall / n * 100_000:.2f} | "
                     f"{peak:.0f} | {size:.0f} |")
        print(lines[-1], flush=True)
    (bc.OUT / "scaling.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
