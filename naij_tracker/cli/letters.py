"""Sub-command ``letter``: fill a letter template from a matter into a .docx or a PDF.

    naij-tracker letter TEMPLATE --matter REFERENCE --out FILE.docx|.pdf [--set field=value …]
    naij-tracker letter --list [--json]

``--pdf-with libreoffice`` converts the .docx with LibreOffice headless instead of the built-in
layout (found on the PATH at run time; a one-line message when it is not there).
``--set name=value`` fills a free part (``fill.name``); ``--set recipient.name=…`` (also
``title``, ``organization``, ``address``) overrides the recipient remembered for the kind. The
output file is never overwritten unless ``--force`` is given.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from naij_tracker.cli.common import EXTENSIONS, CliError, command, open_db, print_json


def _add_parsers(sub: Any) -> None:
    p = sub.add_parser("letter", help="fill a letter template from a matter (.docx or .pdf)")
    p.add_argument("template", nargs="?", metavar="TEMPLATE",
                   help="template name (see --list) or a path to a .docx template")
    p.add_argument("--matter", metavar="REFERENCE",
                   help="the matter's number as the lists show it, e.g. 2026-0202 or B-3")
    p.add_argument("--out", type=Path, metavar="FILE.docx|.pdf")
    p.add_argument("--set", dest="values", action="append", default=[], metavar="FIELD=VALUE",
                   help="fill a free part (name=value) or the recipient (recipient.name=…)")
    p.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    p.add_argument("--pdf-with", choices=["builtin", "libreoffice"], default="builtin",
                   help="make the PDF with the built-in layout (default) or with LibreOffice "
                        "headless, if it is installed")
    p.add_argument("--list", action="store_true", help="list the templates")
    p.add_argument("--json", action="store_true", help="with --list: machine-readable")


EXTENSIONS.append(_add_parsers)


def _values(pairs: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    from naij_tracker.letters.fields import RECIPIENT_FIELDS

    fills: dict[str, str] = {}
    recipient: dict[str, str] = {}
    names = [n for n, _ in RECIPIENT_FIELDS]
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise CliError(f"--set {pair!r}: write FIELD=VALUE")
        value = value.replace("\\n", "\n")
        if name.startswith("recipient."):
            field = name.removeprefix("recipient.")
            if field not in names:
                raise CliError(f"--set {name}: the recipient has {', '.join(names)}")
            recipient[field] = value
        else:
            fills[name.removeprefix("fill.")] = value
    return fills, recipient


@command("letter")
def cmd_letter(args: argparse.Namespace) -> int:
    from naij_tracker.letters.templates import TemplateError
    from naij_tracker.services.letters import LetterService

    db = open_db(args, read_only=True)
    try:
        service = LetterService(db, "command line")
        if args.list:
            templates, problems = service.templates()
            for problem in problems:
                print(f"naij-tracker: warning: {problem}", file=sys.stderr)
            if args.json:
                print_json([{"name": t.name, "title": t.title,
                              "kinds": [k.value for k in t.kinds]} for t in templates])
            else:
                for t in templates:
                    kinds = ", ".join(k.noun_plural for k in t.kinds)
                    origin = " (union)" if t.origin == "union" else ""
                    print(f"{t.name:<26}{t.title}{origin} — for {kinds}")
            return 0
        if not args.template or not args.matter or not args.out:
            raise CliError("letter needs TEMPLATE, --matter REFERENCE and --out FILE "
                           "(or --list)")
        from naij_tracker.cli.safety import output_target
        from naij_tracker.db.outputs import LETTER

        # Never the database, its lock or backups; an existing file only with --force.
        out: Path = output_target(args, args.out, LETTER)
        suffix = out.suffix.lower()
        if suffix not in (".docx", ".pdf"):
            raise CliError(f"--out {out} must end in .docx or .pdf")
        fills, recipient_over = _values(args.values)
        try:
            template = service.template(args.template)
            matter_id = service.resolve_reference(args.matter)
            kind = service.source_kind(matter_id)
            recipient = {**service.recipient(kind), **recipient_over}
            unknown = [n for n in fills if n not in template.free_parts]
            if unknown:
                parts = ", ".join(template.free_parts) or "none"
                raise CliError(f"--set {unknown[0]}: {template.path.name} has no free part "
                               f"{unknown[0]} (its free parts: {parts})")
            letter = service.prepare(matter_id, template, fills, recipient)
            if suffix == ".pdf":
                from naij_tracker.reports.letter_pdf import (
                    LetterPdfError,
                    letter_pdf,
                    libreoffice_pdf,
                )

                try:
                    content = (libreoffice_pdf(letter.docx) if args.pdf_with == "libreoffice"
                               else letter_pdf(letter))
                except LetterPdfError as exc:
                    raise CliError(str(exc)) from None
            else:
                content = letter.docx
        except TemplateError as exc:
            raise CliError(str(exc)) from None
    finally:
        db.close()
    from naij_tracker.db.outputs import atomic_file

    try:
        if out.exists() and not args.force:  # made meanwhile by someone else
            raise CliError(f"{out} already exists; choose another file or add --force")
        with atomic_file(out) as fh:
            fh.write(content)
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror}") from None
    for gap in letter.gaps:
        print(f"naij-tracker: note: the letter still shows {gap}", file=sys.stderr)
    print(f"{template.title} for {args.matter} written to {out}")
    return 0
