"""Screenshots of each main view at 1280×800, from the sample data, for the README.

Run ``make screenshots`` (or ``QT_QPA_PLATFORM=offscreen python docs/make_screenshots.py``).
The sample database and the window settings live in a temporary directory, so the user's own
database and window state are never touched. Images go to ``docs/screenshots/<view>.png``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from naij_tracker.db.opening import open_database  # noqa: E402
from naij_tracker.domain.kinds import MatterKind  # noqa: E402
from naij_tracker.services.sample_data import load_sample_data  # noqa: E402
from naij_tracker.ui.context import AppContext  # noqa: E402
from naij_tracker.ui.main_window import NAVIGATION, MainWindow  # noqa: E402
from naij_tracker.ui.pyside_workarounds import guard_emit_refcount  # noqa: E402
from naij_tracker.ui.style import apply_style, choose_style  # noqa: E402
from naij_tracker.ui.tasks import TaskRunner  # noqa: E402

OUT = Path(__file__).resolve().parent / "screenshots"
SIZE = (1280, 800)


def settle(app: QApplication) -> None:
    """Let layouts and deferred timers run (a script, not application code)."""
    for _ in range(3):
        app.processEvents()


def main() -> int:
    guard_emit_refcount()
    choose_style()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        QCoreApplication.setOrganizationName("NAIJ-screenshots")
        QCoreApplication.setApplicationName("NAIJ Case Tracker")
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        apply_style(app)
        db = open_database(Path(tmp) / "NAIJ cases.sqlite3")
        load_sample_data(db)
        ctx = AppContext.for_database(db, who="Screenshot")
        window = MainWindow(ctx, runner=TaskRunner(synchronous=True))
        window.resize(*SIZE)
        window.show()
        settle(app)
        OUT.mkdir(parents=True, exist_ok=True)
        for key, _label in NAVIGATION:
            view = window.show_view(key)
            if key in {kind.value for kind in MatterKind}:
                table = view.table  # type: ignore[attr-defined]
                table.selectRow(0)
            settle(app)
            target = OUT / f"{key}.png"
            window.grab().save(str(target))
            print(f"wrote {target.relative_to(OUT.parent.parent)}")
        window.close()
        db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
