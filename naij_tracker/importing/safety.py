"""Keeping untrusted spreadsheets from hurting the application that reads them.

A steward's file is untrusted input. A 5 KB .xlsx with one cell at XFD1048576 makes calamine
allocate the whole 17-billion-cell grid and abort the process (an abort cannot be caught); a
highly compressed sheet costs a gigabyte of memory. So every workbook is

1. identified by its content, not its name (a PDF or a text file renamed .xlsx is refused);
2. inspected cheaply before parsing: file size, the declared uncompressed sizes and compression
   ratios of the zip members, the ``<dimension ref>`` each worksheet declares, and the markers
   of an encrypted (password-protected) file;
3. parsed in a separate process (``worker.py``) with an address-space and a time limit, which
   hands back plain data in one pickle. If that process dies or overruns, the user gets an
   ``ImportFileError`` naming the file and the limit — never a dead application.
"""

from __future__ import annotations

import enum
import gc
import json
import pickle
import posixpath
import re
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from defusedxml import ElementTree as SafeET

from naij_tracker.importing.errors import ImportFileError

#: Largest file accepted at all.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: Most rows of data in one sheet (below its header; the header and title lines above it do
#: not count).
MAX_ROWS = 200_000
#: Rows at the top that may hold title lines and the header (``sources.HEADER_SCAN_ROWS``).
HEADER_ROWS = 30


def max_grid_rows() -> int:
    """Most rows a sheet's grid may have before its header is known (blank rows included, as
    the grid holds them): ``MAX_ROWS`` rows of data under up to ``HEADER_ROWS`` of header and
    titles. The rows below the header are counted exactly once it is found."""
    return MAX_ROWS + HEADER_ROWS

#: Most cells in one sheet's grid (rows × columns of the used range).
MAX_CELLS = 5_000_000
#: Largest compression ratio of any sizeable zip member; real sheets compress ~5–30:1.
MAX_COMPRESSION_RATIO = 100
#: Members smaller than this are not ratio-checked (tiny XML parts compress oddly well).
RATIO_CHECK_MIN_BYTES = 1024 * 1024
#: Largest total declared uncompressed size of a zip-based workbook.
MAX_UNCOMPRESSED_BYTES = 500 * 1024 * 1024
#: Address-space limit of the parsing process (Python, calamine and the rows it hands back).
MEMORY_LIMIT_BYTES = 2 * 1024 * 1024 * 1024
#: Wall-clock limit of the parsing process.
TIME_LIMIT_SECONDS = 60.0

_MB = 1024 * 1024

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
# An encrypted .xlsx/.xlsm is not a zip at all but a CFB container holding these streams;
# their directory entries are stored as UTF-16LE names.
_ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"

TEXT_EXTENSIONS = frozenset({".csv", ".txt", ".tsv"})
WORKBOOK_EXTENSIONS = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})
SUPPORTED_EXTENSIONS = WORKBOOK_EXTENSIONS | {".csv"}

_NOT_SPREADSHEET_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)


class FileFormat(enum.Enum):
    XLSX = "xlsx"  # also .xlsm: the same zip package
    XLS = "xls"
    ODS = "ods"
    CSV = "csv"


def _mb(n: int) -> str:
    return f"{n / _MB:,.0f} MB"


def _supported() -> str:
    return ", ".join(sorted(SUPPORTED_EXTENSIONS))


def detect_format(path: Path) -> FileFormat:
    """What the file really is, judged by its first bytes; refuse anything else plainly."""
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImportFileError(f"{name}: the file does not exist.", file=name) from None
    except OSError as exc:
        raise ImportFileError(f"{name}: the file cannot be opened ({exc.strerror}).",
                              file=name) from None
    if path.is_dir():
        raise ImportFileError(f"{name}: is a folder, not a spreadsheet file.", file=name)
    if size == 0:
        raise ImportFileError(f"{name}: the file is empty (0 bytes).", file=name)
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            f"{name}: the file is too large to import ({_mb(size)}; the limit is "
            f"{_mb(MAX_FILE_BYTES)}).",
            file=name,
        )
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ImportFileError(f"{name}: the file cannot be opened ({exc.strerror}).",
                              file=name) from None

    ext = path.suffix.lower()
    if head.startswith(_ZIP_MAGICS):
        return _zip_format(path)
    if head.startswith(_CFB_MAGIC):
        if _cfb_is_encrypted(path):
            raise ImportFileError(
                f"{name}: the workbook is encrypted or password-protected; save an unprotected "
                "copy and import that.",
                file=name,
            )
        return FileFormat.XLS
    for magic, what in _NOT_SPREADSHEET_SIGNATURES:
        if head.startswith(magic):
            raise ImportFileError(
                f"{name}: is {what}, not a spreadsheet (supported: {_supported()}).", file=name
            )
    if ext in TEXT_EXTENSIONS:
        return FileFormat.CSV
    if ext in WORKBOOK_EXTENSIONS:
        raise ImportFileError(
            f"{name}: is not a real {ext} workbook (its content is not a spreadsheet; if it "
            "is comma-separated text, rename it to .csv).",
            file=name,
        )
    raise ImportFileError(
        f"{name}: is not a spreadsheet this importer reads (supported: {_supported()}).",
        file=name,
    )


def _zip_format(path: Path) -> FileFormat:
    name = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
                if "xl/workbook.bin" in names and "xl/workbook.xml" not in names:
                    raise ImportFileError(
                        f"{name}: is a binary Excel workbook (.xlsb), which is not supported; "
                        "save it as .xlsx.",
                        file=name,
                    )
                return FileFormat.XLSX
            if "mimetype" in names and zf.read("mimetype").strip() == _ODS_MIMETYPE:
                return FileFormat.ODS
            if "content.xml" in names and "META-INF/manifest.xml" in names:
                return FileFormat.ODS
    except zipfile.BadZipFile:
        raise ImportFileError(
            f"{name}: the workbook is damaged or incomplete (it is not a readable zip "
            "package); save it again from the spreadsheet program.",
            file=name,
        ) from None
    except (OSError, EOFError, RuntimeError, ValueError) as exc:
        raise ImportFileError(f"{name}: the workbook is damaged ({exc}).", file=name) from None
    raise ImportFileError(
        f"{name}: is a zip archive but not a spreadsheet (supported: {_supported()}).",
        file=name,
    )


def _cfb_is_encrypted(path: Path) -> bool:
    # The directory of a small CFB file sits near its start, but large files may put it
    # anywhere; files are at most MAX_FILE_BYTES, so one linear scan is affordable.
    data = path.read_bytes()
    return any(marker in data for marker in _ENCRYPTED_STREAMS)


# --- checking a zip package before parsing -----------------------------------------------------

_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\s+ref="([A-Za-z]{1,3})?(\d+)?(?::([A-Za-z]{1,3})(\d+))?"'
)


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


def check_zip_package(path: Path, fmt: FileFormat) -> dict[str, str]:
    """Refuse zip bombs; return sheets whose declared size is over the limits.

    The result maps sheet name → why it is refused (worksheets declaring more cells than
    ``MAX_CELLS``): other sheets of the same workbook stay readable.
    """
    name = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise ImportFileError(
                    f"{name}: the workbook unpacks to {_mb(total)}, more than the limit of "
                    f"{_mb(MAX_UNCOMPRESSED_BYTES)}; it cannot be imported.",
                    file=name,
                )
            for info in infos:
                if info.file_size < RATIO_CHECK_MIN_BYTES:
                    continue
                ratio = info.file_size / max(info.compress_size, 1)
                if ratio > MAX_COMPRESSION_RATIO:
                    raise ImportFileError(
                        f"{name}: part {info.filename} is compressed {ratio:,.0f}:1, beyond "
                        f"the limit of {MAX_COMPRESSION_RATIO}:1 that real spreadsheets stay "
                        "within; the file is refused as a possible zip bomb.",
                        file=name,
                    )
            if fmt is FileFormat.ODS:
                if "META-INF/manifest.xml" in zf.namelist():
                    with zf.open("META-INF/manifest.xml") as fh:
                        manifest = fh.read(4 * _MB)
                    if b"encryption-data" in manifest:
                        raise ImportFileError(
                            f"{name}: the workbook is encrypted or password-protected; save an "
                            "unprotected copy and import that.",
                            file=name,
                        )
                return {}
            return _oversized_sheets(zf, name)
    except zipfile.BadZipFile:
        raise ImportFileError(
            f"{name}: the workbook is damaged or incomplete (it is not a readable zip "
            "package); save it again from the spreadsheet program.",
            file=name,
        ) from None
    except (OSError, EOFError, RuntimeError, ValueError, zipfile.LargeZipFile) as exc:
        raise ImportFileError(f"{name}: the workbook is damaged ({exc}).", file=name) from None


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → worksheet part path, from xl/workbook.xml and its relationships."""
    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    ns_pkg = "{http://schemas.openxmlformats.org/package/2006/relationships}"
    try:
        workbook = SafeET.fromstring(zf.read("xl/workbook.xml"))
        rels = SafeET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # odd or strict-namespace packages: fall back to checking every part
        return {}
    targets: dict[str, str] = {}
    for rel in rels.iter(f"{ns_pkg}Relationship"):
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[rel.get("Id", "")] = posixpath.normpath(part)
    parts: dict[str, str] = {}
    for sheet in workbook.iter(f"{ns_main}sheet"):
        rid = sheet.get(f"{ns_rel}id")
        if rid in targets:
            parts[sheet.get("name", "")] = targets[rid]
    return parts


def _oversized_sheets(zf: zipfile.ZipFile, name: str) -> dict[str, str]:
    members = set(zf.namelist())
    parts = _sheet_parts(zf)
    if not parts:
        parts = {m: m for m in members if m.startswith("xl/worksheets/") and m.endswith(".xml")}
    refused: dict[str, str] = {}
    for sheet, part in parts.items():
        if part not in members:
            continue
        with zf.open(part) as fh:
            # The dimension tag comes right after the root element; 64 KB is plenty and keeps
            # this check cheap even for a zip bomb.
            head = fh.read(64 * 1024)
        m = _DIMENSION.search(head)
        if not m:
            continue
        c0, r0, c1, r1 = (g.decode("ascii") if g else None for g in m.groups())
        if c1 is None or r1 is None:  # a single cell: the grid is one cell
            continue
        rows = int(r1) - int(r0 or 1) + 1
        cols = _column_number(c1) - _column_number(c0 or "A") + 1
        cells = rows * cols
        if rows > max_grid_rows() or cells > MAX_CELLS:
            refused[sheet] = (
                f"{name}: sheet '{sheet}' declares {rows:,} rows × {cols:,} columns "
                f"({cells:,} cells), beyond the limits of {MAX_ROWS:,} rows of data and "
                f"{MAX_CELLS:,} cells"
            )
    return refused


# --- the parsing process ----------------------------------------------------------------------

_WORKER = Path(__file__).with_name("worker.py")


@dataclass(frozen=True, slots=True)
class WorkbookRows:
    """What the parsing process hands back for one sheet."""

    sheets: tuple[str, ...]
    sheet: str
    numbers: list[int]
    rows: list[list[Any]]
    column_offset: int


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a block that builds a great many acyclic objects.

    Reference counting still frees everything; only the repeated scans of every live object,
    which find nothing to collect in rows of cell values, are skipped.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def let_go(box: list[Any]) -> threading.Thread:
    """Free what ``box`` holds (a file's cells and plan: millions of small objects) on a
    thread of its own, emptying the list there: the caller has dropped its other references
    first, and goes on with work that lets go of the interpreter lock (SQLite writing), then
    joins the thread.
    Freeing 100,000 planned rows takes a few tenths of a second, otherwise waited for at the
    end of the command."""
    def free() -> None:
        # Freeing is one long call that keeps the interpreter lock; starting it a moment
        # later lets the caller get into SQLite's work first, so the two overlap.
        time.sleep(LET_GO_AFTER)
        box.clear()

    worker = threading.Thread(target=free, name="let-go")
    worker.start()
    return worker


#: Seconds ``let_go`` waits before freeing.
LET_GO_AFTER = 0.1


def _run_worker(path: Path, request: dict[str, Any]) -> tuple[Any, ...]:
    name = path.name
    payload = json.dumps(
        {**request, "path": str(path), "memory_bytes": MEMORY_LIMIT_BYTES,
         "max_rows": max_grid_rows(), "max_cells": MAX_CELLS}
    ).encode("utf-8")
    # -P: do not put the worker's folder on sys.path (the sibling modules are not needed there);
    # the child imports only the standard library and python_calamine.
    cmd = [sys.executable, "-P", str(_WORKER)]
    try:
        proc = subprocess.run(
            cmd, input=payload, capture_output=True, timeout=TIME_LIMIT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        raise ImportFileError(
            f"{name}: reading the workbook took longer than the limit of "
            f"{TIME_LIMIT_SECONDS:g} seconds; it is too large or malformed to import.",
            file=name,
        ) from None
    except OSError as exc:
        raise ImportFileError(
            f"{name}: could not start the spreadsheet reader ({exc.strerror}).", file=name
        ) from None
    if proc.returncode != 0 or not proc.stdout:
        raise ImportFileError(
            f"{name}: the workbook could not be read within the memory limit of "
            f"{_mb(MEMORY_LIMIT_BYTES)} (the reader stopped); it is far larger than it looks "
            "or damaged.",
            file=name,
        )
    try:
        # The child is our own code; the pickle holds only plain cell values. Building a
        # million cell objects would trigger the cyclic garbage collector again and again,
        # though none of them can form a cycle; pausing it saves a good part of the load time.
        with gc_paused():
            return pickle.loads(proc.stdout)
    except Exception:
        raise ImportFileError(
            f"{name}: the spreadsheet reader returned no usable result; the file is "
            "probably damaged.",
            file=name,
        ) from None


def _raise_worker_error(path: Path, result: tuple[Any, ...]) -> None:
    name = path.name
    kind = result[1]
    if kind == "encrypted":
        msg = (f"{name}: the workbook is encrypted or password-protected; save an unprotected "
               "copy and import that.")
    elif kind == "no_such_sheet":
        sheets = ", ".join(f"'{s}'" for s in result[3])
        msg = f"{name}: there is no sheet named '{result[2]}' (sheets: {sheets})."
    elif kind == "refused_sheet":
        msg = f"{result[3]}; it cannot be imported."
    elif kind == "no_data":
        msg = f"{name}: no sheet of the workbook has any data."
    elif kind == "rows":
        msg = (f"{name}: the sheet has {int(result[2]):,} rows, more than the limit of "
               f"{MAX_ROWS:,} rows of data; split it into smaller files.")
    elif kind == "cells":
        msg = (f"{name}: the sheet spans {result[2]}, more than the limit of {MAX_CELLS:,} "
               "cells; delete unused rows and columns or split the file.")
    elif kind == "memory":
        msg = (f"{name}: the workbook could not be read within the memory limit of "
               f"{_mb(MEMORY_LIMIT_BYTES)}.")
    else:
        detail = str(result[2]).splitlines()[0][:200] if result[2] else "unknown reason"
        msg = f"{name}: the workbook is damaged and cannot be read ({detail})."
    raise ImportFileError(msg, file=name)


def _prepare(path: Path) -> tuple[FileFormat, dict[str, str]]:
    fmt = detect_format(path)
    refuse: dict[str, str] = {}
    if fmt in (FileFormat.XLSX, FileFormat.ODS):
        refuse = check_zip_package(path, fmt)
    return fmt, refuse


def list_workbook_sheets(path: Path) -> list[str]:
    """Sheet names of a workbook (not CSV), read in the limited child process."""
    _prepare(path)
    result = _run_worker(path, {"op": "list"})
    if result[0] != "ok":
        _raise_worker_error(path, result)
    return list(result[1]["sheets"])


def read_workbook_rows(path: Path, sheet: str | None) -> WorkbookRows:
    """Non-blank rows of one sheet (default: the first with data), read in the child process."""
    _fmt, refuse = _prepare(path)
    result = _run_worker(path, {"op": "read", "sheet": sheet, "refuse": refuse})
    if result[0] != "ok":
        _raise_worker_error(path, result)
    data = result[1]
    return WorkbookRows(
        sheets=tuple(data["sheets"]),
        sheet=data["sheet"],
        numbers=data["numbers"],
        rows=data["rows"],
        column_offset=data["column_offset"],
    )
