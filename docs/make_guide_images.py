"""The pictures of the user guide's "First day" (``resources/guide/*.png``), from sample data.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_guide_images.py

The guide (``resources/guide/user_guide.md``, the README's "Install" and "First day") ships
inside the application for Help ▸ User guide, so its pictures are kept few and small: the first
run on an empty database, a grievance open in its list, and a briefing packet generated. The
database and window settings live in a temporary folder; the user's own are never touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from naij_tracker.db.opening import open_database  # noqa: E402
from naij_tracker.services.sample_data import load_sample_data  # noqa: E402
from naij_tracker.ui.context import AppContext  # noqa: E402
from naij_tracker.ui.main_window import MainWindow  # noqa: E402
from naij_tracker.ui.packet_dialog import PacketDialog  # noqa: E402
from naij_tracker.ui.pyside_workarounds import guard_emit_refcount  # noqa: E402
from naij_tracker.ui.style import apply_style, choose_style  # noqa: E402
from naij_tracker.ui.tasks import TaskRunner  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "resources" / "guide"
SIZE = (1100, 700)


def settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()


def save(app: QApplication, widget: QWidget, name: str) -> None:
    settle(app)
    target = OUT / name
    widget.grab().save(str(target), "PNG", 9)
    print(f"wrote {target}")


def window(path: Path) -> MainWindow:
    ctx = AppContext.for_database(open_database(path), who="Guide")
    win = MainWindow(ctx, runner=TaskRunner(synchronous=True))
    win.resize(*SIZE)
    win.show()
    return win


def main() -> int:
    guard_emit_refcount()
    choose_style()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        QCoreApplication.setOrganizationName("NAIJ-guide")
        QCoreApplication.setApplicationName("NAIJ Case Tracker")
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        apply_style(app)
        OUT.mkdir(parents=True, exist_ok=True)

        first = window(Path(tmp) / "new.sqlite3")
        save(app, first, "first-run.png")
        first.close()
        first.ctx.db.close()

        sample = open_database(Path(tmp) / "NAIJ cases.sqlite3")
        load_sample_data(sample)
        sample.close()
        win = window(Path(tmp) / "NAIJ cases.sqlite3")
        settle(app)  # the window restores its last view once shown
        view = win.show_view("grievance")
        view.table.selectRow(0)  # type: ignore[attr-defined]
        save(app, win, "grievance.png")

        dialog = PacketDialog(win.ctx, win, runner=TaskRunner(synchronous=True))
        dialog.resize(*SIZE)
        dialog.show()
        dialog.generate()
        save(app, dialog, "packet.png")
        dialog.close()
        win.close()
        win.ctx.db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
