"""Sub-commands: ``deadline`` (compute one from a rule) and ``deadlines`` (list, export .ics)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from naij_tracker.cli.common import EXTENSIONS, CliError, command, open_db, print_json
from naij_tracker.domain import clock


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CliError(f"{text!r} is not a real date in the form YYYY-MM-DD") from None


def _add_parsers(sub: Any) -> None:
    p = sub.add_parser("deadline", help="compute a deadline from a rule (or --list the rules)",
                       description="Compute a due date from a rule and a triggering date, "
                                   "counted per 5 C.F.R. 2429.21-2429.22.")
    p.add_argument("rule", nargs="?", help="rule id, e.g. arbitration-exceptions")
    p.add_argument("--from", dest="trigger", metavar="YYYY-MM-DD",
                   help="date of the triggering event (service, act, expiry…)")
    p.add_argument("--service", default="personal",
                   choices=["personal", "mail", "commercial", "electronic"],
                   help="how the triggering document was served (mail adds 5 days)")
    p.add_argument("--list", action="store_true", help="list the rules with their citations")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("deadlines", help="list open deadlines; write them to an .ics file")
    p.add_argument("--within", type=int, metavar="DAYS",
                   help="only those due within DAYS days (overdue ones included)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--ics", type=Path, metavar="FILE", help="write an iCalendar file")


EXTENSIONS.append(_add_parsers)


def _db_rules(args: argparse.Namespace) -> tuple[Any, Any, list[Any]]:
    """The CBA rules and closures of the database when one exists; the built-ins otherwise."""
    from naij_tracker.domain.calendar import default_calendar
    from naij_tracker.domain.deadlines import DEFAULT_CBA_RULES
    from naij_tracker.paths import chosen_database

    if not Path(chosen_database(args.db)).exists():
        return None, default_calendar(), list(DEFAULT_CBA_RULES)
    from naij_tracker.services.deadlines import DeadlineService

    db = open_db(args, read_only=True)
    try:
        service = DeadlineService(db, "cli")
        return db, service.calendar(), service.cba_rules()
    finally:
        db.close()


@command("deadline")
def cmd_deadline(args: argparse.Namespace) -> int:
    from naij_tracker.domain import deadlines as engine

    _, calendar, extra = _db_rules(args)
    if args.list:
        rules = engine.all_rules(extra)
        if args.json:
            print_json([{"rule": r.id, "name": r.name, "period": r.describe_period(),
                          "trigger": r.trigger_label, "citation": r.citation,
                          "mail_adds_days": r.service_adjustable, "cba": r.cba}
                         for r in rules.values()])
        else:
            width = max(len(r) for r in rules)
            for r in rules.values():
                print(f"{r.id:<{width}}  {r.describe_period():<22} {r.name} — {r.citation}")
        return 0
    if not args.rule or args.trigger is None:
        raise CliError("give a rule and --from YYYY-MM-DD (or --list to see the rules)")
    trigger = _parse_date(args.trigger)
    try:
        rule = engine.get_rule(args.rule, extra)
        result = engine.compute_deadline(rule, trigger, args.service, calendar)
    except engine.DeadlineError as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        print_json({**result.as_dict(), "name": rule.name})
    else:
        if result.opens:
            print(f"{rule.name}: opens {result.opens.isoformat()}, last day "
                  f"{result.due.isoformat()}")
        else:
            print(f"{rule.name}: due {result.due.isoformat()} ({result.due:%A})")
        print(result.explanation)
        print(f"Rule: {rule.id} — {rule.citation}")
    return 0


@command("deadlines")
def cmd_deadlines(args: argparse.Namespace) -> int:
    from naij_tracker.services.calendar_feed import export_ics, open_deadlines

    if args.within is not None and args.within < 0:
        raise CliError("--within must be zero or more days")
    db = open_db(args, read_only=args.ics is None)
    try:
        rows = open_deadlines(db, args.within)
        if args.ics:
            try:
                export_ics(db, args.ics, rows)
            except Exception as exc:  # CalendarExportError, OSError: one line, exit 1
                raise CliError(f"could not write {args.ics}: {exc}") from exc
    finally:
        db.close()
    if args.json:
        print_json([{"id": r.id, "matter_id": r.matter_id, "matter": r.reference,
                      "matter_title": r.matter_title, "title": r.title,
                      "due": r.due_on.isoformat(), "opens": r.opens_on, "rule": r.rule_id,
                      "citation": r.citation, "explanation": r.explanation} for r in rows])
    elif not args.ics:
        today = clock.today()
        for r in rows:
            flag = "OVERDUE " if r.due_on < today else ""
            print(f"{r.due_on.isoformat()}  {flag}{r.reference:<14} {r.title} — {r.matter_title}")
        if not rows:
            print("No open deadlines.")
    if args.ics:
        print(f"Wrote {len(rows)} deadline(s) to {args.ics}")
    return 0
