"""This computer's settings file names the databases and the server an officer uses: it is
readable by the user only, whatever the umask."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from PySide6.QtCore import QSettings

from naij_tracker.ui import ui_settings as us


def test_the_settings_file_and_its_folder_are_private(tmp_path: Path) -> None:
    path = tmp_path / "config" / "NAIJ" / "NAIJ Case Tracker.conf"
    old = os.umask(0)
    try:
        store = QSettings(str(path), QSettings.Format.IniFormat)
        us.make_private(store)
        us.write(store, us.LAST_DATABASE, "/home/ana/cases.sqlite3")
        store.sync()
    finally:
        os.umask(old)
    assert store.status() == QSettings.Status.NoError
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "config").stat().st_mode) == 0o700
    assert "cases.sqlite3" in path.read_text()


def test_an_existing_settings_file_is_narrowed(tmp_path: Path) -> None:
    path = tmp_path / "settings.conf"
    path.write_text("[General]\n")
    path.chmod(0o644)
    us.make_private(QSettings(str(path), QSettings.Format.IniFormat))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
