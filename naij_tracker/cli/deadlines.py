"""Sub-commands: ``deadline`` (compute one from a rule) and ``deadlines`` (list, export .ics,
``--recheck`` the open ones against the current rules, closures and CBA limits)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from naij_tracker.cli.common import EXTENSIONS, CliError, command, open_db, print_json
from naij_tracker.db.errors import StorageError
from naij_tracker.domain import clock


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CliError(f"{text!r} is not a real date in the form YYYY-MM-DD") from None


def _add_parsers(sub: Any) -> None:
    from naij_tracker.cli.safety import add_force

    p = sub.add_parser("deadline", help="compute a deadline from a rule (or --list the rules)",
                       description="Compute a due date from a rule and a triggering date, "
                                   "counted per 5 C.F.R. 2429.21-2429.22.")
    p.add_argument("rule", nargs="?", help="rule id, e.g. arbitration-exceptions")
    p.add_argument("--from", dest="trigger", metavar="YYYY-MM-DD",
                   help="date of the triggering event (service, act, expiry…)")
    p.add_argument("--service", action="append", metavar="METHOD",
                   choices=["personal", "mail", "commercial", "electronic"],
                   help="how the triggering document was served (mail adds 5 days); repeat for "
                        "every method used on the same day — the earliest controls")
    p.add_argument("--adverse-action", action="store_true",
                   help="the grievance concerns a removal, a suspension over 14 days or another "
                        "5 U.S.C. 7121(f) matter (warns where the FLRA has no jurisdiction)")
    p.add_argument("--list", action="store_true",
                   help="list the rules with their citations and in-force dates")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("deadlines", help="list open deadlines; write them to an .ics file")
    p.add_argument("--within", type=int, metavar="DAYS",
                   help="only those due within DAYS days (overdue ones included)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--ics", type=Path, metavar="FILE", help="write an iCalendar file")
    p.add_argument("--recheck", action="store_true",
                   help="list the open deadlines whose date would change under the current "
                        "rules, closures and CBA limits (changes nothing)")
    add_force(p)


EXTENSIONS.append(_add_parsers)


def _db_rules(args: argparse.Namespace) -> tuple[str, Any, list[Any]]:
    """The closure policy, calendar and CBA rules of the database when one exists; the
    built-ins otherwise."""
    from naij_tracker.domain.calendar import default_calendar
    from naij_tracker.domain.deadlines import CLOSURE_POLICY_EARLIER, DEFAULT_CBA_RULES
    from naij_tracker.paths import chosen_database

    if not Path(chosen_database(args.db)).exists():
        return CLOSURE_POLICY_EARLIER, default_calendar(), list(DEFAULT_CBA_RULES)
    from naij_tracker.services.deadlines import DeadlineService

    db = open_db(args, read_only=True)
    try:
        service = DeadlineService(db, "cli")
        return service.closure_policy(), service.calendar(), service.cba_rules()
    finally:
        db.close()


def _print_rule_list(engine: Any, extra: list[Any], as_json: bool) -> None:
    versions = [*engine.all_rule_versions(), *extra]
    if as_json:
        print_json([{"rule": r.id, "name": r.name, "period": r.describe_period(),
                      "trigger": r.trigger_label, "runs_from": r.runs_from.value,
                      "citation": r.citation, "mail_adds_days": r.service_adjustable,
                      "in_force_from": r.in_force_from.isoformat() if r.in_force_from else None,
                      "in_force_until": (r.in_force_until.isoformat()
                                         if r.in_force_until else None),
                      "in_force": r.describe_in_force(), "filing_time": r.filing_time or None,
                      "cba": r.cba, "ruleset": engine.RULESET_VERSION} for r in versions])
        return
    print(f"Rule set {engine.RULESET_VERSION}")
    width = max(len(r.id) for r in versions)
    for r in versions:
        in_force = "as configured (CBA)" if r.cba else r.describe_in_force()
        print(f"{r.id:<{width}}  {r.describe_period():<22} {in_force:<26} {r.name} — "
              f"{r.citation}")


@command("deadline")
def cmd_deadline(args: argparse.Namespace) -> int:
    from naij_tracker.domain import deadlines as engine

    policy, calendar, extra = _db_rules(args)
    if args.list:
        _print_rule_list(engine, extra, args.json)
        return 0
    if not args.rule or args.trigger is None:
        raise CliError("give a rule and --from YYYY-MM-DD (or --list to see the rules)")
    trigger = _parse_date(args.trigger)
    facts = ["adverse_action"] if args.adverse_action else []
    try:
        rule = engine.get_rule(args.rule, extra, on=trigger)
        result = engine.compute_deadline(rule, trigger, args.service or ["personal"], calendar,
                                         closure_policy=policy, facts=facts)
    except engine.DeadlineError as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        print_json({**result.as_dict(), "name": rule.name, "in_force": rule.describe_in_force()})
    else:
        if result.opens:
            print(f"{rule.name}: opens {result.opens.isoformat()}, last day {result.due_text()}")
        else:
            print(f"{rule.name}: due {result.due_text()}")
        if result.alternative:
            print(f"Alternative: {result.alternative_note}")
        for warning in result.warnings:
            print(f"Warning: {warning}")
        print(result.account)
        print(f"Rule: {rule.id} ({rule.describe_in_force()}, rule set {result.ruleset}) — "
              f"{rule.citation}")
    return 0


@command("deadlines")
def cmd_deadlines(args: argparse.Namespace) -> int:
    from naij_tracker.services.calendar_feed import export_ics, open_deadlines

    if args.within is not None and args.within < 0:
        raise CliError("--within must be zero or more days")
    if args.recheck:
        return _recheck(args)
    if args.ics:
        from naij_tracker.cli.safety import output_target
        from naij_tracker.db.outputs import CALENDAR

        args.ics = output_target(args, args.ics, CALENDAR)
    db = open_db(args, read_only=args.ics is None)
    try:
        rows = open_deadlines(db, args.within)
        if args.ics:
            try:
                export_ics(db, args.ics, rows, force=args.force)
            except StorageError:
                raise
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


def _recheck(args: argparse.Namespace) -> int:
    """Print the review list: every open deadline whose date would change, and why."""
    from naij_tracker.services.deadlines import DeadlineService

    if args.ics:
        raise CliError("--recheck changes nothing and writes no file; leave out --ics")
    db = open_db(args, read_only=True)
    try:
        items = DeadlineService(db, "cli").recheck()
    finally:
        db.close()
    if args.json:
        print_json([i.as_dict() for i in items])
        return 0
    for i in items:
        print(f"{i.reference:<14} {i.title}: {i.old_due.isoformat()} -> "
              f"{i.new_due.isoformat()} — {i.why}")
    print(f"{len(items)} open deadline(s) would change." if items
          else "No open deadline would change.")
    return 0
