"""Footer and total rows at the end of a sheet are left out, and only those."""

from __future__ import annotations

import pytest

from naij_tracker.importing.footers import strip_footers
from naij_tracker.importing.headers import map_headers
from naij_tracker.importing.sources import SheetData, SheetRow

HEADERS = ["Grievance #", "Judge", "Date filed", "Status"]
GRIEVANCE = ["G-1", "Ana", "2026-01-05", "Open"]


def sheet(*tail: list[object]) -> SheetData:
    rows = [SheetRow(1, HEADERS), SheetRow(2, GRIEVANCE), SheetRow(3, ["G-2", "Bo", "2026-01-06"])]
    rows += [SheetRow(4 + i, list(r)) for i, r in enumerate(tail)]
    return SheetData("log.xlsx", "/tmp/log.xlsx", "Log", ("Log",), tuple(rows), 0, len(HEADERS))


@pytest.mark.parametrize("tail", [
    [["Total open: 14"]],
    [["TOTAL", "", "", "14"]],
    [["Count:", 2]],
    [["", 14.0]],  # a lone sum under the data
    [["Grand total", 2], ["Average age", 31]],
])
def test_footer_rows_are_left_out_with_a_line_each(tail: list[list[object]]) -> None:
    data = sheet(*tail)
    found = strip_footers(data, map_headers(HEADERS))
    assert [r.number for r in found.data.data_rows] == [2, 3]
    assert len(found.lines) == len([r for r in tail if any(str(c).strip() for c in r)])
    assert all("looks like a total" in line for line in found.lines)


@pytest.mark.parametrize("tail", [
    [["G-3", "Total Bo", "2026-01-07"]],  # a grievance whose member happens to start so
    [["", "Ana", "2026-01-07"]],  # a grievance without a number: an error, not a footer
    [["Totals are below"], ["G-3", "Cy", "2026-01-08"]],  # not at the end
])
def test_grievances_are_never_taken_for_footers(tail: list[list[object]]) -> None:
    data = sheet(*tail)
    found = strip_footers(data, map_headers(HEADERS))
    assert found.rows == () and found.data is data
