"""Benchmark: briefing packets of 100, 1,000 and 5,000 synthetic matters against plain reportlab.

For each size the packet is built (median of a few runs for the small sizes, one run for 5,000),
then a plain reportlab document — body paragraphs in the same embedded serif font, Letter pages,
one-inch margins, no tables, header or contents — is calibrated to the same number of pages and
built in the same run. Prints seconds, pages per second and the packet/plain time ratio.

    .venv/bin/python bench/bench_packet.py [--quick] [--sizes 100,1000]

``--quick`` runs 100 and 1,000 matters once each.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab.lib.pagesizes import LETTER  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import inch  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: E402

from naij_tracker.reports.packet import build_packet  # noqa: E402
from naij_tracker.reports.packet_sample import synthetic_packet  # noqa: E402
from naij_tracker.reports.packet_text import SERIF, register_fonts  # noqa: E402

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


def _timed(fn: Callable[[], int]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of this process, pages) of one call."""
    w, c = time.perf_counter(), time.process_time()
    pages = fn()
    return time.perf_counter() - w, time.process_time() - c, pages


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="100 and 1,000 matters, one run each")
    ap.add_argument("--sizes", help="comma-separated matter counts (default 100,1000,5000)")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else (
        [100, 1000] if args.quick else [100, 1000, 5000])
    register_fonts()
    per_page = _plain(200) / 200  # calibrate: pages per plain paragraph
    print("CPU seconds of this process (wall seconds in brackets); packet and plain runs are "
          "interleaved so that other load on the machine affects both alike.")
    print(f"{'matters':>8} {'pages':>6} {'packet s':>16} {'pages/s':>8} "
          f"{'plain s':>16} {'pages/s':>8} {'ratio':>6}")
    for n in sizes:
        data = synthetic_packet(n)
        runs = 1 if args.quick or n >= 5000 else 3
        pk: list[tuple[float, float]] = []
        pl: list[tuple[float, float]] = []
        pages = plain_pages = 0
        for _ in range(runs):
            w, c, pages = _timed(lambda d=data: build_packet(d, io.BytesIO()).pages)
            pk.append((c, w))
            paras = max(1, round(pages / per_page))
            w, c, plain_pages = _timed(lambda p=paras: _plain(p))
            pl.append((c, w))
        c_pk, w_pk = (statistics.median(x) for x in zip(*pk, strict=True))
        c_pl, w_pl = (statistics.median(x) for x in zip(*pl, strict=True))
        print(f"{n:>8,} {pages:>6,} {c_pk:>7.2f} ({w_pk:>6.2f}) {pages / c_pk:>8.1f} "
              f"{c_pl:>7.2f} ({w_pl:>6.2f}) {plain_pages / c_pl:>8.1f} {c_pk / c_pl:>6.2f}",
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
