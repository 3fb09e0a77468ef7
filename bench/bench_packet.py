"""Benchmark: briefing packets of 100, 1,000 and 5,000 synthetic matters against plain reportlab.

For each size the packet is built (median of a few runs for the small sizes, one run for 5,000),
then a plain reportlab document — body paragraphs in the same embedded serif font, Letter pages,
one-inch margins, no tables, header or contents — is calibrated to the same number of pages and
built in the same run. Prints seconds, pages per second and the packet/plain time ratio.

    .venv/bin/python bench/bench_packet.py [--quick] [--sizes 100,1000] [--profile]
    .venv/bin/python bench/bench_packet.py --db bench/out/large.sqlite3 [--sizes 1000] [--profile]

``--quick`` runs 100 and 1,000 matters once each. ``--db`` takes the matters from a database
instead (a quarter of each size from each kind, as ``bench/run.py`` row 7 does) and also reports
the time spent reading them (``collect_packet``) apart from the time spent laying out the PDF
(``build_packet``). ``--profile`` then profiles one more build of the last size with cProfile and
prints the functions that take the most time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab.lib.pagesizes import LETTER  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import inch  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: E402

from naij_tracker.reports.packet import build_packet  # noqa: E402
from naij_tracker.reports.packet_data import PacketData, PacketOptions  # noqa: E402
from naij_tracker.reports.packet_sample import synthetic_packet  # noqa: E402
from naij_tracker.reports.packet_text import SERIF, register_fonts  # noqa: E402

T = TypeVar("T")

TEXT = (
    "The agency announced a change to the case-completion quota without notice to the union. "
    "The union's position is that the change is negotiable and must await the completion of "
    "bargaining; the steward has asked for the data underlying the measure and for a briefing "
    "schedule. Counsel will review the record before the next board meeting and advise on an "
    "unfair-labor-practice charge. "
)


def _plain(paragraphs: int) -> int:
    """Build a plain document of ``paragraphs`` paragraphs in memory; return its page count."""
    style = ParagraphStyle("p", fontName=SERIF, fontSize=9.5, leading=13.2, spaceAfter=5)
    doc = SimpleDocTemplate(io.BytesIO(), pagesize=LETTER, leftMargin=inch, rightMargin=inch,
                            topMargin=1.05 * inch, bottomMargin=inch)
    doc.build([Paragraph(f"{i}. {TEXT}", style) for i in range(paragraphs)])
    return int(doc.page)


def _timed(fn: Callable[[], T]) -> tuple[float, float, T]:
    """(wall seconds, CPU seconds of this process, result) of one call."""
    w, c = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - w, time.process_time() - c, result


def _from_db(path: Path, n: int) -> Callable[[], PacketData]:
    """A function that reads ``n`` matters (a quarter of each kind) from the database at path."""
    from naij_tracker.db.opening import open_database
    from naij_tracker.services import queries
    from naij_tracker.services.packet_source import PacketSelection, collect_packet

    db = open_database(path)
    ids: list[int] = []
    for kind in ("bargaining", "flra", "metric_dispute", "grievance"):
        ids += [r[0] for r in queries.list_matters(db, kind, limit=max(1, n // 4)).rows]
    selection = PacketSelection(matter_ids=tuple(ids[:n]), as_of=date.today())
    return lambda: collect_packet(db, selection)


def _profile(data: PacketData, collect: Callable[[], PacketData] | None) -> None:
    """Print where one build (and, with a database, one collect) spends its time."""
    prof = cProfile.Profile()
    prof.enable()
    if collect is not None:
        data = collect()
    build_packet(data, io.BytesIO())
    prof.disable()
    stats = pstats.Stats(prof, stream=sys.stdout)
    print("\nMost time inside the function itself:")
    stats.sort_stats("tottime").print_stats(25)
    print("Most time including what the function calls:")
    stats.sort_stats("cumtime").print_stats(25)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="100 and 1,000 matters, one run each")
    ap.add_argument("--sizes", help="comma-separated matter counts (default 100,1000,5000)")
    ap.add_argument("--db", type=Path, help="take the matters from this database")
    ap.add_argument("--profile", action="store_true",
                    help="profile one more build of the last size with cProfile")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else (
        [1000] if args.db else [100, 1000] if args.quick else [100, 1000, 5000])
    register_fonts()
    per_page = _plain(200) / 200  # calibrate: pages per plain paragraph
    print("CPU seconds of this process (wall seconds in brackets); packet and plain runs are "
          "interleaved so that other load on the machine affects both alike.")
    if args.db:
        print("With --db the packet time is collect_packet + build_packet; the collect column "
              "is the collect_packet part of it.")
    print(f"{'matters':>8} {'pages':>6} {'packet s':>16} {'pages/s':>8} "
          f"{'plain s':>16} {'pages/s':>8} {'ratio':>6}" + ("  collect s" if args.db else ""))
    data = PacketData(PacketOptions())
    collect: Callable[[], PacketData] | None = None
    for n in sizes:
        collect = _from_db(args.db, n) if args.db else None
        data = synthetic_packet(n) if collect is None else collect()
        runs = 1 if args.quick or n >= 5000 else 3
        pk: list[tuple[float, float]] = []
        pl: list[tuple[float, float]] = []
        co: list[float] = []
        pages = plain_pages = 0
        for _ in range(runs):
            read_w = read_c = 0.0
            if collect is not None:
                read_w, read_c, data = _timed(collect)
                co.append(read_c)
            w, c, pages = _timed(lambda d=data: build_packet(d, io.BytesIO()).pages)
            pk.append((c + read_c, w + read_w))
            paras = max(1, round(pages / per_page))
            w, c, plain_pages = _timed(lambda p=paras: _plain(p))
            pl.append((c, w))
        c_pk, w_pk = (statistics.median(x) for x in zip(*pk, strict=True))
        c_pl, w_pl = (statistics.median(x) for x in zip(*pl, strict=True))
        print(f"{n:>8,} {pages:>6,} {c_pk:>7.2f} ({w_pk:>6.2f}) {pages / c_pk:>8.1f} "
              f"{c_pl:>7.2f} ({w_pl:>6.2f}) {plain_pages / c_pl:>8.1f} {c_pk / c_pl:>6.2f}"
              + (f"  {statistics.median(co):>9.2f}" if co else ""), flush=True)
    if args.profile:
        _profile(data, collect)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
