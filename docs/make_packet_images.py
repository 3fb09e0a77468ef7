"""Render the briefing-packet page images for the documentation.

Builds a packet from synthetic data (to be switched to the sample database later), writes it to
``docs/images/briefing-packet.pdf`` and renders selected pages with ``pdftoppm`` (Debian package
poppler-utils) to ``docs/images/packet-page-NN.png``.

    .venv/bin/python docs/make_packet_images.py [--matters 40] [--dpi 80] [--pages 1,2,3,5,9]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from naij_tracker.reports.packet import build_packet  # noqa: E402
from naij_tracker.reports.packet_sample import synthetic_packet  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--matters", type=int, default=40)
    ap.add_argument("--dpi", type=int, default=80)
    ap.add_argument("--pages", default="1,2,3,4,5,9", help="comma-separated page numbers")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    pdf = args.out / "briefing-packet.pdf"
    result = build_packet(synthetic_packet(args.matters), pdf)
    print(f"{pdf}: {result.pages} pages")
    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        print("pdftoppm not found: apt-get install poppler-utils", file=sys.stderr)
        return 1
    for n in (int(p) for p in args.pages.split(",")):
        if n > result.pages:
            continue
        stem = args.out / f"packet-page-{n:02d}"
        subprocess.run([pdftoppm, "-r", str(args.dpi), "-png", "-singlefile", "-f", str(n),
                        "-l", str(n), str(pdf), str(stem)], check=True)
        print(f"{stem}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
