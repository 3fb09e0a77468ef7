"""Grab the briefing-packet dialog offscreen with the Congress audience chosen and its packet
generated, into ``docs/screenshots/packet_dialog.png`` (for looking at it; not a test).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/look_packet_dialog.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from naij_tracker.db.opening import open_database  # noqa: E402
from naij_tracker.services.sample_data import load_sample_data  # noqa: E402
from naij_tracker.ui.context import AppContext  # noqa: E402
from naij_tracker.ui.packet_dialog import PacketDialog  # noqa: E402
from naij_tracker.ui.style import apply_style, choose_style  # noqa: E402
from naij_tracker.ui.tasks import TaskRunner  # noqa: E402


def main() -> int:
    choose_style()
    app = QApplication.instance() or QApplication(sys.argv)
    apply_style(app)  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        db = open_database(Path(tmp) / "sample.sqlite3")
        load_sample_data(db)
        ctx = AppContext.for_database(db, who="Screenshot")
        dialog = PacketDialog(ctx, None, runner=TaskRunner(synchronous=True),
                              store=QSettings(str(Path(tmp) / "ui.ini"),
                                              QSettings.Format.IniFormat))
        dialog.resize(1280, 860)
        dialog.show()
        dialog.audience_box.choose("congress")
        dialog.include_closed.setChecked(True)
        dialog.generate()
        for _ in range(20):
            app.processEvents()
        target = ROOT / "docs" / "screenshots" / "packet_dialog.png"
        dialog.grab().save(str(target))
        print(target.relative_to(ROOT))
        dialog.close()
        db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
