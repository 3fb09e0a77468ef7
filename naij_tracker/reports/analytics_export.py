"""Analytics tables to CSV or XLSX, through the same safe writers as every list export
(formulas neutralised, written atomically, readable by the user only)."""

from __future__ import annotations

from pathlib import Path

from naij_tracker.domain.analytics import Analytics, Table
from naij_tracker.reports.exports import ExportTable, write_table


def export_table(table: Table, path: Path | str) -> Path:
    """One analytics table (as the Reports view shows it) to ``path`` (.csv or .xlsx)."""
    rows = [tuple(r) for r in table.rows]
    if table.note:
        rows.append(("",) * len(table.columns))
        rows.append((table.note, *[""] * (len(table.columns) - 1)))
    return write_table(ExportTable(table.title, table.columns, rows), path)


def export_all(analytics: Analytics, path: Path | str) -> Path:
    """Every table one after another, each under its title, to one .csv or .xlsx file."""
    width = max((len(t.columns) for t in analytics.tables), default=1)
    rows: list[tuple[object, ...]] = []
    for t in analytics.tables:
        pad = ("",) * (width - len(t.columns))
        rows.append((t.title, *[""] * (width - 1)))
        rows.append((*t.columns, *pad))
        rows += [(*r, *pad) for r in t.rows]
        if t.note:
            rows.append((t.note, *[""] * (width - 1)))
        rows.append(("",) * width)
    headers = (f"Grievance analytics as of {analytics.as_of.isoformat()}",
               *[""] * (width - 1))
    return write_table(ExportTable("Analytics", headers, rows), path)
