"""A plain ``pip install .`` carries the migrations and resources inside the package.

Builds the wheel, installs it (without dependencies, which this environment already has) into a
fresh directory, and runs the installed copy — not the editable checkout — to create and migrate
a database and to find its fonts and sample data.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_ships_migrations_and_resources_and_works_installed(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                    "-q", "-w", str(wheels), str(ROOT)], check=True, capture_output=True,
                   timeout=300)
    (wheel,) = wheels.glob("naij_tracker-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "naij_tracker/migrations/env.py" in names
    assert any(n.startswith("naij_tracker/migrations/versions/0002") for n in names)
    assert "naij_tracker/resources/data/closures.json" in names
    assert any(n.startswith("naij_tracker/resources/fonts/") for n in names)

    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, capture_output=True, timeout=300)
    script = (
        "import naij_tracker, sys\n"
        f"assert naij_tracker.__file__.startswith({str(target)!r}), naij_tracker.__file__\n"
        "from naij_tracker.resource_files import resource_path\n"
        "assert resource_path('data/sample_public_record.json').is_file()\n"
        "from naij_tracker.cli import main\n"
        "sys.exit(main(['--db', sys.argv[1], 'demo']))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "w.sqlite3")],
                          env=env, capture_output=True, text=True, timeout=300,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Sample data loaded" in done.stdout
