"""Sub-command ``brief``: a briefing packet as PDF."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from naij_tracker.cli.common import EXTENSIONS, CliError, command, open_db
from naij_tracker.reports.audience import AUDIENCE_KEYS

KIND_NAMES = {"bargaining": "bargaining", "flra": "flra", "grievances": "grievance",
              "metrics": "metric_dispute"}


def _add_parsers(sub: Any) -> None:
    from naij_tracker.cli.safety import add_force

    p = sub.add_parser("brief", help="write a briefing packet (PDF)")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    p.add_argument("--kinds", default="bargaining,flra,grievances,metrics",
                   help="comma-separated: bargaining,flra,grievances,metrics")
    p.add_argument("--include-closed", action="store_true", help="also closed matters")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="list what changed since this date")
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD",
                   help="only matters active on or after this date")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD",
                   help="only matters opened on or before this date")
    p.add_argument("--redact", action="store_true",
                   help="replace every member's name by a pseudonym (Member A, Member B, …) "
                        "and leave out contact details")
    p.add_argument("--audience", choices=list(AUDIENCE_KEYS),
                   help="who the packet is for: sets its marking, redaction, sections and "
                        "cover (board, counsel, congress, member; edited presets are used)")
    p.add_argument("--matter", nargs="+", default=[], metavar="NUMBER",
                   help="only these matters: grievance or FLRA case numbers (2026-0301), "
                        "B-3, G-12, or ids")
    p.add_argument("--title", help="the packet's title (default: the audience's)")
    add_force(p)


EXTENSIONS.append(_add_parsers)


def _date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CliError(f"{option} {text!r} is not a real date in the form YYYY-MM-DD") from None


@command("brief")
def cmd_brief(args: argparse.Namespace) -> int:
    from naij_tracker.domain.kinds import MatterKind
    from naij_tracker.reports.packet import RedactionLeak, build_packet
    from naij_tracker.services.audiences import load_audiences
    from naij_tracker.services.packet_source import (
        PacketSelection,
        collect_packet,
        resolve_matters,
    )

    names = [n.strip() for n in args.kinds.split(",") if n.strip()]
    unknown = [n for n in names if n not in KIND_NAMES]
    if unknown or not names:
        raise CliError(f"--kinds: unknown {', '.join(unknown) or 'empty list'}; "
                       "use bargaining, flra, grievances, metrics")
    from naij_tracker.cli.safety import output_target
    from naij_tracker.db.outputs import PACKET

    args.out = output_target(args, args.out, PACKET)
    if args.out.suffix.lower() != ".pdf":
        raise CliError(f"--out {args.out} must end in .pdf")
    if not args.out.parent.exists():
        raise CliError(f"the folder {args.out.parent} does not exist")
    db = open_db(args, read_only=True)
    try:
        audience = load_audiences(db)[args.audience] if args.audience else None
        ids: list[int] = []
        if args.matter:
            ids, missing = resolve_matters(db, args.matter)
            if missing:
                raise CliError(f"--matter: no matter numbered {', '.join(missing)}")
        kinds = tuple(MatterKind(KIND_NAMES[n]) for n in names)
        if ids:  # chosen matters bring their own kinds
            found = {r[0] for r in db.read(
                f"SELECT DISTINCT kind FROM matter WHERE id IN ({','.join(map(str, ids))})")}
            kinds = tuple(k for k in MatterKind if k.value in found)
        sel = PacketSelection(
            kinds=kinds, include_closed=args.include_closed, since=_date(args.since, "--since"),
            date_from=_date(args.date_from, "--from"), date_to=_date(args.date_to, "--to"),
            matter_ids=tuple(ids),
            title=args.title or (audience.title if audience else "Briefing packet"),
            redact=args.redact, audience=audience)
        data = collect_packet(db, sel)
    finally:
        db.close()
    try:
        result = build_packet(data, args.out)
    except RedactionLeak as exc:
        raise CliError(str(exc)) from exc
    except OSError as exc:
        raise CliError(f"could not write {args.out}: {exc.strerror or exc}") from exc
    print(f"Wrote {args.out}: {result.pages} pages, {result.matters} matters")
    return 0
