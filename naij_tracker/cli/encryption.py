"""Sub-commands: encryption — ``encrypt``, ``decrypt``, ``change-passphrase``, ``recovery-key``.

Every command that opens an encrypted database takes its passphrase (or recovery key) from
``$NAIJ_TRACKER_PASSPHRASE``, else asks on the terminal without echo (``unlock_for_command``,
called by ``naij_tracker.cli.main`` before any command runs). ``encrypt`` uses the same variable
for the new passphrase (or asks twice) and prints the recovery key once; ``change-passphrase``
takes the new one from ``$NAIJ_TRACKER_NEW_PASSPHRASE`` or asks twice.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from naij_tracker.cli.common import EXTENSIONS, CliError, command
from naij_tracker.paths import chosen_database

ENV_PASSPHRASE = "NAIJ_TRACKER_PASSPHRASE"
ENV_NEW_PASSPHRASE = "NAIJ_TRACKER_NEW_PASSPHRASE"
#: Commands that write a plain file, and the option naming it.
PLAIN_OUTPUTS = {"export": "out", "brief": "out", "letter": "out", "deadlines": "ics"}


def _db_file(args: argparse.Namespace) -> Path | None:
    target = chosen_database(getattr(args, "db", None))
    if "://" in target and not target.startswith("sqlite"):
        return None
    if target.startswith("sqlite"):
        target = target.split("///", 1)[1]
    return Path(target).expanduser().absolute()


def _ask(prompt: str) -> str:
    if not sys.stdin.isatty():
        raise CliError(f"The database is encrypted: set {ENV_PASSPHRASE} or run the command "
                       "in a terminal to be asked for the passphrase.")
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise CliError("No passphrase given; nothing was done.") from None


def unlock_for_command(args: argparse.Namespace) -> None:
    """Unlock the chosen database if it is encrypted (passphrase from the environment, else
    asked). A wrong passphrase is one line and exit status 1; nothing is written."""
    from naij_tracker.services import encryption as enc

    if args.command == "recovery-key" and getattr(args, "verify", False):
        return  # checking the recovery key needs no other secret
    path = _db_file(args)
    if path is None or not enc.is_encrypted(path):
        return
    if not enc.is_unlocked(path):
        secret = os.environ.get(ENV_PASSPHRASE)
        if secret is None:
            secret = _ask(f"Passphrase (or recovery key) for {path.name}: ")
        enc.unlock(path, secret)
    out = getattr(args, PLAIN_OUTPUTS.get(args.command, ""), None)
    if out:
        print(f"naij-tracker: warning: {path.name} is encrypted but {out} will not be: it is "
              "written readable by you only; send it only where it needs to go.",
              file=sys.stderr)


def _new_passphrase(env: str) -> str:
    from naij_tracker.services.encryption import passphrase_problem

    value = os.environ.get(env)
    if value is None:
        value = _ask("New passphrase: ")
        again = _ask("The same passphrase again: ")
        problem = passphrase_problem(value, again)
    else:
        problem = passphrase_problem(value)
    if problem:
        raise CliError(problem + " Nothing was changed.")
    return value


def _writable_file(args: argparse.Namespace) -> Path:
    path = _db_file(args)
    if path is None:
        raise CliError("Encryption of a server database is its administrator's (TLS and disk "
                       "encryption); this command works on database files.")
    return path


def _print_recovery_key(recovery: str) -> None:
    print("Recovery key (shown once — print it or write it down and keep it apart from this "
          "computer):")
    print(f"    {recovery}")
    print("Either the passphrase or this key opens the database. Without both, nobody can.")


@command("encrypt")
def cmd_encrypt(args: argparse.Namespace) -> int:
    from naij_tracker.db.lock import acquire_lock
    from naij_tracker.services import encryption as enc

    path = _writable_file(args)
    if not path.exists() or path.stat().st_size == 0:
        passphrase = _new_passphrase(ENV_PASSPHRASE)
        recovery = enc.create_encrypted(path, passphrase)
        print(f"Created the encrypted database {path}.")
        _print_recovery_key(recovery)
        return 0
    if enc.is_encrypted(path):
        raise CliError(f"{path} is already encrypted.")
    passphrase = _new_passphrase(ENV_PASSPHRASE)
    with acquire_lock(path):
        result = enc.encrypt_in_place(path, passphrase)
    print(f"Encrypted {path} ({sum(result.rows.values()):,} rows checked one by one).")
    _print_recovery_key(result.recovery_key)
    plain = result.plain_backups
    if plain:
        print(f"{len(plain)} backup(s) written before encryption are still readable by anyone "
              "who copies them; delete them securely once you have checked the encrypted file:")
        for p in plain:
            print(f"    {p}")
    return 0


@command("decrypt")
def cmd_decrypt(args: argparse.Namespace) -> int:
    from naij_tracker.db.lock import acquire_lock
    from naij_tracker.services import encryption as enc

    path = _writable_file(args)
    if not enc.is_encrypted(path):
        raise CliError(f"{path} is not encrypted.")
    if not args.yes:
        answer = input(f"Write {path.name} back as a plain file that anyone can read? "
                       "Type DECRYPT to confirm: ") if sys.stdin.isatty() else ""
        if answer.strip() != "DECRYPT":
            raise CliError("Not confirmed (give --yes when scripting); nothing was changed.")
    with acquire_lock(path):
        before = enc.decrypt_in_place(path)
    print(f"Decrypted {path}. The encrypted copy was kept: {before}")
    return 0


@command("change-passphrase")
def cmd_change_passphrase(args: argparse.Namespace) -> int:
    from naij_tracker.services import encryption as enc

    path = _writable_file(args)
    if not enc.is_encrypted(path):
        raise CliError(f"{path} is not encrypted.")
    enc.change_passphrase(path, _new_passphrase(ENV_NEW_PASSPHRASE))
    print(f"The passphrase of {path} was changed; the recovery key still works.")
    return 0


@command("recovery-key")
def cmd_recovery_key(args: argparse.Namespace) -> int:
    from naij_tracker.services import encryption as enc

    path = _writable_file(args)
    if not enc.is_encrypted(path):
        raise CliError(f"{path} is not encrypted.")
    if args.new:
        _print_recovery_key(enc.new_recovery_key(path))
        print("The previous recovery key no longer opens the database.")
        return 0
    typed = os.environ.get("NAIJ_TRACKER_RECOVERY_KEY") or _ask("Recovery key: ")
    if not enc.verify_recovery_key(path, typed):
        raise CliError(f"That recovery key does not open {path.name}.")
    print(f"The recovery key opens {path.name}.")
    return 0


def _add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub.add_parser("encrypt", help=f"encrypt the database (new passphrase from ${ENV_PASSPHRASE} "
                                   "or asked); prints the recovery key once")
    p = sub.add_parser("decrypt", help="write an encrypted database back as a plain file")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    sub.add_parser("change-passphrase",
                   help=f"new passphrase from ${ENV_NEW_PASSPHRASE} or asked twice")
    p = sub.add_parser("recovery-key", help="check a recovery key (--verify) or make a new one")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--verify", action="store_true",
                       help="check a recovery key ($NAIJ_TRACKER_RECOVERY_KEY or asked)")
    group.add_argument("--new", action="store_true",
                       help="replace the recovery key (prints the new one once)")


EXTENSIONS.append(_add_parsers)
