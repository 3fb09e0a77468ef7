"""Render the briefing-packet page images for the documentation, from the sample database.

Loads the sample data into a temporary database, builds the packet the way the application
does (``collect_packet`` → ``build_packet``), writes it to
``docs/packet/briefing-packet-sample.pdf`` and renders the pages worth showing — cover,
contents, executive summary, deadlines, a section's summary table and a matter brief — with
``pdftoppm`` (Debian package poppler-utils) to ``docs/packet/page-NN.png`` (NN is the page
number). The pages are found through the PDF's outline, so they follow the layout.

It also makes the packet for a Member of Congress (``congress-packet-sample.pdf``: its
executive summary and first analytics page as ``congress-page-NN.png``) and the short brief of
one grievance (``single-matter-brief.pdf`` and ``single-matter-brief.png``).

    .venv/bin/python docs/make_packet_images.py [--dpi 70] [--out docs/packet]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from naij_tracker.db.opening import open_database  # noqa: E402
from naij_tracker.domain.kinds import MatterKind  # noqa: E402
from naij_tracker.reports.packet import build_packet  # noqa: E402
from naij_tracker.services.audiences import load_audiences  # noqa: E402
from naij_tracker.services.packet_source import PacketSelection, collect_packet  # noqa: E402
from naij_tracker.services.sample_data import load_sample_data  # noqa: E402
from naij_tracker.services.settings import load_settings, save_settings  # noqa: E402

PDF_NAME = "briefing-packet-sample.pdf"


def outline_pages(pdf: Path) -> list[tuple[int, str, int]]:
    """(depth, title, 1-based page) for every entry of the PDF's outline, in order."""
    reader = PdfReader(pdf)
    found: list[tuple[int, str, int]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, str(item.title),
                              reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def pages_to_show(pdf: Path) -> dict[str, int]:
    """Which page shows what: cover, contents, summary, deadlines, a section table, a brief."""
    outline = outline_pages(pdf)
    shown = {"cover": 1}

    def first(predicate: Any) -> int | None:
        return next((page for depth, title, page in outline if predicate(depth, title)), None)

    candidates = {
        "contents": first(lambda d, t: d == 0 and t == "Contents"),
        "executive summary": first(lambda d, t: d == 0 and t.endswith("Executive summary")),
        "deadlines": first(lambda d, t: d == 0 and t.endswith("Deadlines")),
        "grievances summary table": None,
        "matter brief": None,
    }
    in_grievances = False
    for depth, title, page in outline:
        if depth == 0:
            in_grievances = title.endswith("Grievances")
        elif in_grievances and depth == 1 and title.endswith("Summary"):
            candidates["grievances summary table"] = page
        elif in_grievances and depth == 2 and candidates["matter brief"] is None:
            candidates["matter brief"] = page
    shown.update({what: page for what, page in candidates.items() if page is not None})
    return shown


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dpi", type=int, default=70)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "packet")
    args = ap.parse_args(argv)
    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        print("pdftoppm not found: apt-get install poppler-utils", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    pdf = args.out / PDF_NAME
    with tempfile.TemporaryDirectory(prefix="naij-sample-") as folder:
        db = open_database(Path(folder) / "sample.sqlite3")
        try:
            load_sample_data(db)
            # The cover's "Prepared by": an officer, not whoever ran this script.
            settings = load_settings(db)
            save_settings(db, replace(settings, officer_name=settings.officer_name.strip()
                                      or "Labor-relations chair"))
            # No "what changed since": the sample data is all created today, so the change list
            # would be every record of the database.
            data = collect_packet(db, PacketSelection(title="Briefing packet for the board",
                                                      as_of=date.today()))
            congress = load_audiences(db)["congress"]
            congress_data = collect_packet(db, PacketSelection(
                title=congress.title, audience=congress, include_closed=True,
                as_of=date.today()))
            # a matter with links and open deadlines shows every part of a brief
            one, kind = db.read(
                "SELECT m.id, m.kind FROM matter m WHERE EXISTS (SELECT 1 FROM deadline d "
                "WHERE d.matter_id = m.id AND d.done_on IS NULL) ORDER BY EXISTS (SELECT 1 "
                "FROM matter_link l WHERE m.id IN (l.from_matter_id, l.to_matter_id)) DESC, "
                "m.kind = 'grievance' DESC, m.id LIMIT 1")[0]
            single_data = collect_packet(db, PacketSelection(
                kinds=(MatterKind(kind),), matter_ids=(one,), title="Brief of one matter",
                as_of=date.today()))
        finally:
            db.close()
    result = build_packet(data, pdf)
    pdf.chmod(0o644)  # written private (mkstemp); this one is for the documentation
    print(f"{pdf.relative_to(ROOT)}: {result.pages} pages, {result.matters} matters")
    for old in args.out.glob("page-*.png"):
        old.unlink()
    for what, page in pages_to_show(pdf).items():
        stem = args.out / f"page-{page:02d}"
        subprocess.run([pdftoppm, "-r", str(args.dpi), "-png", "-singlefile", "-f", str(page),
                        "-l", str(page), str(pdf), str(stem)], check=True)
        print(f"{stem.relative_to(ROOT)}.png  {what}")
    for old in args.out.glob("congress-page-*.png"):
        old.unlink()
    cpdf = args.out / "congress-packet-sample.pdf"
    result = build_packet(congress_data, cpdf)
    cpdf.chmod(0o644)
    print(f"{cpdf.relative_to(ROOT)}: {result.pages} pages")
    outline = outline_pages(cpdf)
    wanted = {"executive summary": "Executive summary", "analytics": "Grievance analytics"}
    for what, title in wanted.items():
        page = next(p for d, t, p in outline if d == 0 and t.endswith(title))
        stem = args.out / f"congress-page-{page:02d}"
        subprocess.run([pdftoppm, "-r", str(args.dpi), "-png", "-singlefile", "-f", str(page),
                        "-l", str(page), str(cpdf), str(stem)], check=True)
        print(f"{stem.relative_to(ROOT)}.png  Congress: {what}")
    spdf = args.out / "single-matter-brief.pdf"
    result = build_packet(single_data, spdf)
    spdf.chmod(0o644)
    stem = args.out / "single-matter-brief"
    subprocess.run([pdftoppm, "-r", str(args.dpi), "-png", "-singlefile", "-f", "1", "-l", "1",
                    str(spdf), str(stem)], check=True)
    print(f"{spdf.relative_to(ROOT)}: {result.pages} pages; {stem.relative_to(ROOT)}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
