"""A plain ``pip install .`` carries the migrations and resources inside the package.

Builds the wheel, installs it (without dependencies, which this environment already has) into a
fresh directory, and runs the installed copy — not the editable checkout — to create and migrate
a database and to find its fonts and sample data.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

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
    assert "naij_tracker/migrations/schema_reference.json" in names  # what opening compares with
    assert "naij_tracker/resources/data/closures.json" in names
    assert any(n.startswith("naij_tracker/resources/fonts/") for n in names)
    assert "naij_tracker/resources/letters/demand-to-bargain.docx" in names
    assert "naij_tracker/letters/templates.py" in names

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


# -- the bundle's own files (make dist) ------------------------------------------------------

ENTRY = ROOT / "packaging" / "entry.py"


def test_bundle_entry_runs_the_spreadsheet_reader_when_called_as_python(
        tmp_path: Path, monkeypatch: Any) -> None:
    """In a bundle ``sys.executable`` is the application itself; the importer's
    ``sys.executable -P worker.py`` must then run the reader, not the application."""
    from naij_tracker.importing import safety

    frozen = tmp_path / "naij-tracker"
    frozen.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{ENTRY}" "$@"\n', encoding="utf-8")
    frozen.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(frozen))
    data = ROOT / "tests" / "data"
    assert safety.list_workbook_sheets(data / "grievances.xlsx") == ["Grievances", "Empty"]
    rows = safety.read_workbook_rows(data / "grievances.ods", "Grievances")
    assert "Иван Петров" in repr(rows)


def test_bundle_entry_runs_the_command_line(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(ENTRY), "--db", str(tmp_path / "c.sqlite3"),
                           "deadline", "arbitration-exceptions", "--from", "2026-05-07",
                           "--service", "mail", "--json"],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "due" in json.loads(done.stdout)


def test_linux_install_script_installs_into_local_and_uninstalls(tmp_path: Path) -> None:
    package = tmp_path / "naij-tracker-0.1.0-linux-x86_64"
    (package / "naij-tracker").mkdir(parents=True)
    program = package / "naij-tracker" / "naij-tracker"
    program.write_text("#!/bin/sh\necho naij-tracker 0.1.0\n", encoding="utf-8")
    program.chmod(0o755)
    for name in ("install.sh", "naij-tracker.desktop"):
        shutil.copy(ROOT / "packaging" / "linux" / name, package / name)
    shutil.copy(ROOT / "resources" / "icons" / "naij-tracker.png", package)
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(["sh", str(package / "install.sh")], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    local = home / ".local"
    installed = local / "bin" / "naij-tracker"
    assert subprocess.run([str(installed)], capture_output=True, text=True,
                          check=True).stdout == "naij-tracker 0.1.0\n"
    desktop = (local / "share/applications/naij-tracker.desktop").read_text(encoding="utf-8")
    assert f'Exec="{local}/lib/naij-tracker/naij-tracker"' in desktop.splitlines()
    assert "Icon=naij-tracker" in desktop.splitlines()
    assert (local / "share/icons/hicolor/256x256/apps/naij-tracker.png").is_file()
    assert "not on your PATH" in done.stdout
    (home / ".local/share/naij-tracker").mkdir(parents=True)
    (home / ".local/share/naij-tracker/cases.sqlite3").write_bytes(b"records")
    subprocess.run(["sh", str(package / "install.sh"), "--uninstall"], env=env, check=True,
                   capture_output=True, timeout=60)
    assert not installed.exists() and not (local / "lib" / "naij-tracker").exists()
    assert (home / ".local/share/naij-tracker/cases.sqlite3").read_bytes() == b"records"


def test_quit_after_start_closes_the_application_once_it_has_painted(tmp_path: Path) -> None:
    """What the bundle's start-up is timed with (bench/results.md): a real start, then quit."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "NAIJ_TRACKER_QUIT_AFTER_START": "1",
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    db = tmp_path / "cases.sqlite3"
    done = subprocess.run([sys.executable, "-m", "naij_tracker", "--db", str(db)], env=env,
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert db.is_file() and not (tmp_path / "cases.sqlite3.lock").exists()


def test_the_version_shown_is_the_package_metadata_version() -> None:
    """``--version``, Help ▸ About and the bundles' names (the spec and linux_package.sh read
    the metadata, or the bundle's ``--version``) all say one version: pyproject's."""
    from importlib.metadata import version

    import naij_tracker

    assert naij_tracker.__version__ == version("naij-tracker")
