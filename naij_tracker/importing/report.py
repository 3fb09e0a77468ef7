"""The error report of an import, as CSV the officer can send back to the steward."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from naij_tracker.importing.errors import RowError

HEADER = ("File", "Sheet", "Row", "Column", "Field", "Problem")


def _safe(value: object) -> str:
    """Neutralise spreadsheet formulas (OWASP CSV injection): a leading quote makes it text."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_error_csv(errors: Iterable[RowError], path: Path) -> Path:
    """Write atomically (UTF-8 with BOM so Excel opens accents correctly)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(HEADER)
            for e in errors:
                writer.writerow([_safe(x) for x in (e.file, e.sheet, e.row, e.column, e.field,
                                                    e.problem)])
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
