"""Regenerate the committed LibreOffice fixtures of the steward-sheet import tests.

CI has no LibreOffice, so the converted files are committed; this script documents exactly how
they were made: ``tests/importing/steward_sheets.py`` writes the sheet with openpyxl, and
LibreOffice (``soffice --headless --convert-to``) saves it as .ods and again as .xlsx, the way a
steward's LibreOffice would.

    .venv/bin/python tests/data/make_steward_fixtures.py

Requires ``soffice`` on PATH (``apt-get install -y libreoffice-calc-nogui``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "importing"))

from steward_sheets import build  # noqa: E402


def convert(source: Path, fmt: str, out_dir: Path) -> Path:
    subprocess.run(["soffice", "--headless", "--convert-to", fmt, "--outdir", str(out_dir),
                    str(source)], check=True, capture_output=True, timeout=180)
    return out_dir / f"{source.stem}.{fmt.split(':')[0]}"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        source = build(tmp_dir / "steward-log.xlsx")
        ods = convert(source, "ods", tmp_dir / "ods")
        shutil.copy(ods, HERE / "steward-log-libreoffice.ods")
        # Saved back to .xlsx by LibreOffice: its own xlsx writer, not openpyxl's.
        xlsx = convert(ods, "xlsx:Calc MS Excel 2007 XML", tmp_dir / "xlsx")
        shutil.copy(xlsx, HERE / "steward-log-libreoffice.xlsx")
    print("wrote steward-log-libreoffice.ods and steward-log-libreoffice.xlsx")


if __name__ == "__main__":
    main()
