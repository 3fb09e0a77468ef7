"""Where a command may write, and how: the one rule for every file the application writes.

Every writer — ``deadlines --ics``, ``export --out``, ``brief --out``, ``backup --to``,
``letter --out``, ``import --errors-csv``, and the windows' Save dialogs — asks ``check_output`` before writing and writes through ``atomic_file``
(or ``atomic_path`` for libraries that want a file name).

``check_output`` refuses, always (``--force`` does not help):

* the open database and its companions: ``-wal``, ``-shm``, ``-journal``, the session lock and
  its guard, and anything in its ``backups`` folder — the officer's records and the copies that
  protect them are never the target of an export, whatever the path (symlinks and other
  spellings are resolved);
* a folder, or a target whose folder does not exist;

and refuses, unless ``force`` (the command line's ``--force``; a window's Save dialog, which has
already asked "replace?"), an existing file whose content is not what that command writes: an
existing ``.ics`` that is not a calendar, a ``.pdf`` that is not one of our packets, a ``.csv``
or ``.xlsx`` this application did not export, and any existing file as a backup target.
Re-exporting over the command's own earlier output needs no ``--force``.

``atomic_file`` writes to a temporary file beside the target (readable by the user only), flushes
it to the disk, renames it over the target and syncs the folder: a failed or interrupted write
never leaves a half-written file under the target's name, and a finished one survives a power
cut.
"""

from __future__ import annotations

import contextlib
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from naij_tracker.db.atomic import (  # noqa: F401  (writers find both rules here)
    atomic_file,
    atomic_path,
    fsync_dir,
    fsync_file,
)
from naij_tracker.db.errors import StorageError
from naij_tracker.domain.file_names import printable

PRODUCT = b"NAIJ Case Tracker"
#: How much of an existing file is read to recognise it (start and end).
_SNIFF = 65_536
_COMPANIONS = ("-wal", "-shm", "-journal", ".lock", ".lock.takeover")


class OutputRefused(StorageError):
    """A target a command must not write to; the message says why and what to do."""


def _head_tail(path: Path) -> bytes:
    with path.open("rb") as fh:
        head = fh.read(_SNIFF)
        size = fh.seek(0, 2)
        if size > _SNIFF:
            fh.seek(max(size - _SNIFF, _SNIFF))
            head += fh.read(_SNIFF)
    return head


def _is_calendar(path: Path) -> bool:
    return _head_tail(path).lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"BEGIN:VCALENDAR")


def _is_our_pdf(path: Path) -> bool:
    data = _head_tail(path)
    return data.startswith(b"%PDF-") and PRODUCT in data


def _is_our_csv(path: Path) -> bool:
    # Our exports: UTF-8 with a BOM, every header cell quoted (csv.QUOTE_NONNUMERIC).
    return _head_tail(path)[:4] == b'\xef\xbb\xbf"'


def _is_our_workbook(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            core = zf.read("docProps/core.xml")[:_SNIFF]
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError):
        return False
    return PRODUCT in core


@dataclass(frozen=True)
class OutputKind:
    """What a command writes: how it is named in messages and how to recognise it."""

    noun: str
    recognise: Callable[[Path], bool]
    #: The writer makes a missing folder (a backup to a new folder on a USB stick).
    makes_folder: bool = False


CALENDAR = OutputKind("a calendar file", _is_calendar)
PACKET = OutputKind("a briefing packet", _is_our_pdf)
CSV_EXPORT = OutputKind("a CSV export", _is_our_csv)
XLSX_EXPORT = OutputKind("a workbook export", _is_our_workbook)
#: A backup never replaces an existing file unless forced: that file may be the only copy of
#: something (an older backup, another union's database).
BACKUP = OutputKind("a database backup", lambda _path: False, makes_folder=True)
#: A copy of a stored attachment: any existing file may be replaced only when the officer
#: confirmed it (``force``).
ATTACHMENT = OutputKind("a saved attachment", lambda _path: False)
#: A filled letter (``letter --out``): never over an existing file unless forced.
LETTER = OutputKind("a letter", lambda _path: False)


def _is_error_report(path: Path) -> bool:
    # importing.report.write_error_csv: UTF-8 with a BOM, then its fixed header.
    return _head_tail(path).startswith(b"\xef\xbb\xbfFile,Sheet,Row,Column,Field,Problem")


#: An import's error report (``import --errors-csv``, the import wizard's Save).
ERROR_REPORT = OutputKind("an import error report", _is_error_report)


def export_kind(path: Path) -> OutputKind:
    return XLSX_EXPORT if Path(path).suffix.lower() == ".xlsx" else CSV_EXPORT


def _same(a: Path, b: Path) -> bool:
    with contextlib.suppress(OSError):
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def protected_paths(database: Path) -> tuple[list[Path], Path]:
    """(the database file and its companions, its backups folder)."""
    from naij_tracker.db.backup import backups_dir

    database = Path(database).expanduser().absolute()
    files = [database, *(database.with_name(database.name + s) for s in _COMPANIONS)]
    return files, backups_dir(database)


def check_output(target: Path | str, kind: OutputKind, *, database: Path | str | None,
                 force: bool = False) -> Path:
    """The absolute target if ``kind`` may be written there; else ``OutputRefused`` (one line).

    ``database`` is the database file in use (None on a server).
    """
    path = Path(target).expanduser().absolute()
    shown = printable(path)
    if database is not None:
        files, backups = protected_paths(Path(database))
        if any(_same(path, f) for f in files):
            raise OutputRefused(
                f"{shown} is the database in use (or its lock or journal); {kind.noun} is "
                "never written over it. Choose another file name.")
        real_backups = Path(os.path.realpath(backups))
        real = Path(os.path.realpath(path))
        if real == real_backups or real_backups in real.parents:
            raise OutputRefused(
                f"{shown} is in the database's backups folder; {kind.noun} is never written "
                "there. Choose another folder.")
    if path.is_dir():
        raise OutputRefused(f"{shown} is a folder; give the name of a file in it.")
    if not kind.makes_folder and not path.parent.is_dir():
        raise OutputRefused(f"The folder {printable(path.parent)} does not exist.")
    if (path.exists() or path.is_symlink()) and not force:
        try:
            ours = path.is_file() and kind.recognise(path)
        except OSError:
            ours = False
        if not ours:
            raise OutputRefused(
                f"{shown} already exists and is not {kind.noun} written by this application; "
                "it was left unchanged. Choose another file name, or add --force to "
                "replace it.")
    return path
