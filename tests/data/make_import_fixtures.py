"""Regenerate the committed .xls and .ods fixtures of the importer tests.

CI has no LibreOffice, so these two small files are committed; this script documents exactly
how they were made. It writes an .xlsx with openpyxl (kept as ``grievances.xlsx`` too, for the
bundle's smoke test, ``packaging/smoke_test.sh``) (real date cells, a text identifier with
a leading zero, several scripts, a title row above the header, a second empty sheet) and has
LibreOffice convert it:

    .venv/bin/python tests/data/make_import_fixtures.py

Requires ``soffice`` on PATH (``apt-get install -y libreoffice-calc``).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent


def build_xlsx(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Grievances"
    ws.append(["Arlington Immigration Court — grievance log"])
    ws.append([])
    ws.append(["Grievance #", "Judge", "IC", "Issue type", "Step", "Status", "Date filed",
               "Comments"])
    ws.append(["0042", "Иван Петров", "Arlington", "Leave", "Step 2", "Pending",
               date(2024, 3, 5), "Γιώργος said so"])
    ws.append(["2024-17", "Union", "Boston", "Performance metrics", "Arb.", "In arbitration",
               date(2024, 1, 15), None])
    ws.append([99, "王小明", "New York", "telework", "1", "Open", "3/7/2024",
               "emoji 👩‍⚖️ and עברית"])
    ws["A4"].number_format = "@"  # the identifier is text, as stewards type it
    wb.create_sheet("Empty")
    wb.save(path)


def main() -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed to regenerate the fixtures")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "grievances.xlsx"
        build_xlsx(source)
        shutil.copyfile(source, HERE / "grievances.xlsx")
        for target, filter_name in (("xls", "MS Excel 97"), ("ods", "calc8")):
            subprocess.run(
                [soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                 "--convert-to", f"{target}:{filter_name}", "--outdir", str(HERE), str(source)],
                check=True,
                capture_output=True,
                timeout=180,
            )
            print("wrote", HERE / f"grievances.{target}")


if __name__ == "__main__":
    main()
