"""The matter editor while a save runs on a slow server: disabled, saying "Saving…".

Run ``QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_saving_screenshot.py``. The sample
database lives in a temporary directory; the "slow server" is ``MatterService.update`` held
until the picture is taken. The image goes to ``docs/screenshots/saving.png``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from naij_tracker.db.opening import open_database  # noqa: E402
from naij_tracker.domain.kinds import MatterKind  # noqa: E402
from naij_tracker.services.matters import MatterService  # noqa: E402
from naij_tracker.services.sample_data import load_sample_data  # noqa: E402
from naij_tracker.ui.context import AppContext  # noqa: E402
from naij_tracker.ui.main_window import MainWindow  # noqa: E402
from naij_tracker.ui.pyside_workarounds import guard_emit_refcount  # noqa: E402
from naij_tracker.ui.style import apply_style, choose_style  # noqa: E402
from naij_tracker.ui.tasks import TaskRunner  # noqa: E402

TARGET = Path(__file__).resolve().parent / "screenshots" / "saving.png"


def settle(app: QApplication, until: Any = None) -> None:
    """Let the event loop run (a script, not application code)."""
    for _ in range(200):
        app.processEvents()
        if until is None or until():
            return
        threading.Event().wait(0.01)


def main() -> int:
    guard_emit_refcount()
    choose_style()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    release = threading.Event()
    original = MatterService.update

    def slow_update(service: MatterService, *args: Any, **kwargs: Any) -> Any:
        release.wait(10)  # the server answers once the picture is taken
        return original(service, *args, **kwargs)

    MatterService.update = slow_update  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as tmp:
        QCoreApplication.setOrganizationName("NAIJ-screenshots")
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        apply_style(app)
        db = open_database(Path(tmp) / "NAIJ cases.sqlite3")
        load_sample_data(db)
        window = MainWindow(AppContext.for_database(db, who="Screenshot"), runner=TaskRunner())
        window.resize(1280, 800)
        window.show()
        settle(app)
        view = window.list_view(MatterKind.GRIEVANCE)
        view.show()  # the list reads its rows when first shown
        settle(app, lambda: view.model.rowCount() > 0)
        window.open_matter(view.model.matter_id(0))
        settle(app)
        editor = view.editor
        assert editor.form is not None
        title = editor.form.field("title")
        title.setText(title.text() + " (step 2 meeting held)")
        editor.form.edited.emit()
        editor.save()
        settle(app, lambda: editor.saving)
        settle(app)
        window.grab().save(str(TARGET))
        print(f"wrote {TARGET}")
        release.set()
        settle(app, lambda: not editor.saving)
        window.close()
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
