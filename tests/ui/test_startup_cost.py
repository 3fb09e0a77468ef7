"""Start-up and reading lists pay only for what they show.

The dashboard and the lists are read through ``sqlite3`` (``services.overview``,
``services.queries``); SQLAlchemy, the models and the editing services load when a matter is
first opened. A fresh interpreter shows it: if a change makes the first screen import
SQLAlchemy again, start-up on a large database slows by a third of a second and the list's
memory grows by some 40 MB (``bench/README.md``, rows 1 and 8).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from naij_tracker.db.opening import open_database
from naij_tracker.services.sample_data import load_sample_data

SCRIPT = r"""
import json, sys, time
NOT_NEEDED = ("decimal", "keyring", "urllib.request", "_hashlib",
              "naij_tracker.ui.passphrase_dialog")
from PySide6.QtWidgets import QApplication
from naij_tracker.db.opening import open_database
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.main_window import MainWindow

app = QApplication([])
seen = {}
window = MainWindow(AppContext.for_database(open_database(sys.argv[1])))
import linecache
ours = lambda: [f for f in linecache.cache if "naij_tracker" in f]
seen["sources_read_by_pyside"] = len(ours())
window.show()
app.processEvents()
seen["sources_kept"] = ours()
dash = window.views["dashboard"]
seen["dashboard_loaded"] = dash.data is not None and dash.data.board.total_matters > 0
seen["views_built"] = sorted(window.views)
seen["after_dashboard"] = "sqlalchemy" in sys.modules
seen["not_needed_loaded"] = [m for m in NOT_NEEDED if m in sys.modules]
view = window.show_view(MatterKind.GRIEVANCE.value)
for _ in range(400):
    app.processEvents()
    if view.model.rowCount():
        break
    time.sleep(0.01)
seen["rows"] = view.model.total_rows()
seen["after_list"] = "sqlalchemy" in sys.modules
seen["editor_built"] = view.editor_built
view.show_matter(view.model.matter_id(0))
seen["after_opening_a_matter"] = "sqlalchemy" in sys.modules
seen["editor_shows"] = view.editor.matter_id == view.model.matter_id(0)
print("JSON " + json.dumps(seen), flush=True)
window.runner.shutdown()
"""


def test_first_screen_and_lists_do_not_load_the_orm(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite3"
    db = open_database(path)
    load_sample_data(db, today=date(2026, 11, 23), grievances=120)
    db.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "cfg"))
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(path)], env=env, text=True,
                         capture_output=True, timeout=120, check=True).stdout
    seen = json.loads(out.split("JSON ", 1)[1])
    assert seen["dashboard_loaded"]
    assert seen["views_built"] == ["dashboard"]  # the others are built when first shown
    assert seen["after_dashboard"] is False
    # Modules the first paint does not need (a Decimal in a list; the keychain, asked when a
    # menu opens or an encrypted file is unlocked).
    assert seen["not_needed_loaded"] == []
    # PySide6's import hook read the source of every module of ours imported after it
    # (``ui.source_cache``); once the window is built nothing of it is kept.
    assert seen["sources_read_by_pyside"] > 20
    assert seen["sources_kept"] == []
    assert seen["rows"] > 0
    assert seen["after_list"] is False
    assert seen["editor_built"] is False
    assert seen["after_opening_a_matter"] is True  # editing loads the services, and works
    assert seen["editor_shows"] is True
