"""A grievance sheet the way stewards really keep one, written by openpyxl.

``tests/data/make_steward_fixtures.py`` has LibreOffice convert the same sheet to .ods and
re-save it as .xlsx (committed, so CI needs no LibreOffice); the tests read all three.
Each row exercises one thing the import must take rather than refuse (see ``EXPECTED``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

HEADERS = ["Grievance #", "Judge", "IC", "Issue – summary", "Type", "Step", "Status",
           "Date filed", "Priority", "Steward's notes", "Shoe size"]

LONG_DESCRIPTION = (
    "Management reassigned the detained docket without notice. "
    + " ".join(f"Paragraph {i}: the judge's calendar was changed on short notice and the "
               "agency refused to bargain over the impact." for i in range(40))
)[:2999].rstrip() + "."
LONG_DESCRIPTION += "x" * (3000 - len(LONG_DESCRIPTION))
assert len(LONG_DESCRIPTION) == 3000

#: (number, judge, court, issue, type, step, status, filed, priority, notes, shoe size)
ROWS: list[tuple[object, ...]] = [
    ("S-01", "Lee, Grace", "Boston", "Leave denied", "Leave", "Informal", "Closed",
     date(2025, 1, 6), "High", None, None),
    ("S-02", "Hon. Grace Lee", "Boston", "Telework cut", "wfh", "Step 2 - awaiting response",
     "Pending mgmt response", date(2025, 1, 7), "Med", None, "9"),
    ("S-03", "grace lee", "Boston", LONG_DESCRIPTION, "Case assignment", "2",
     "Denied - considering arb", date(2025, 1, 8), "asap", "call back Tuesday", None),
    ("S-04", "Judge R. Abernathy", "Denver", "Metrics", "quota", "Step II", "Won",
     date(2025, 1, 9), None, None, None),
    ("S-05", "Wen Castelanos", "Chicago", "Travel", "travel", "Arb.", "Lost",
     date(2025, 1, 10), "Low", None, None),
    ("S-06", "Union", "Arlington", "Pay", "overtime", "Step 1", "Resolved",
     date(2025, 1, 13), "Normal", None, None),
    ("S-07", "Hon. Tomás Villanueva", "Miami", "Workload", "caseload", "Step 3",
     "Awaiting response", date(2025, 1, 14), "Urgent", None, None),
    ("S-08", "Ana Petrova", "Boston", "Discipline", "reprimand", "Step 1", "Done",
     date(2025, 1, 15), "normal", None, None),
    ("S-09", "Ana Petrova", "Boston", "Leave again", "Leave", "Step 1", "Done with it",
     date(2025, 1, 16), "normal", None, None),
]

#: What each row becomes: number → (step, status).
EXPECTED: dict[str, tuple[str, str]] = {
    "S-01": ("informal", "closed"),
    "S-02": ("step2", "awaiting_answer"),
    "S-03": ("step2", "denied"),
    "S-04": ("step2", "sustained"),
    "S-05": ("arbitration", "denied"),
    "S-06": ("step1", "closed"),
    "S-07": ("step3", "awaiting_answer"),
    "S-08": ("step1", "closed"),
}


def build(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Grievances"
    ws.append(["Boston chapter — grievance log (kept by the steward)"])
    ws.append([])
    ws.append(HEADERS)
    for row in ROWS:
        ws.append(list(row))
    ws.append([])
    ws.append(["Total open: 14"])
    wb.save(path)
    return path
