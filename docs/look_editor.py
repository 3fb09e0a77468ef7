"""Grab the editor widgets offscreen at a realistic size, for looking at them (not a test).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/look_editor.py /tmp/ed.sqlite3 /tmp/look
(the database is made with ``naij-tracker --db /tmp/ed.sqlite3 demo``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from naij_tracker.db.opening import open_database
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.queries import list_matters
from naij_tracker.ui.context import AppContext


def grab(widget: QWidget, path: Path, size: tuple[int, int] = (1040, 760)) -> None:
    widget.resize(*size)
    widget.show()
    QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


def main() -> None:
    from naij_tracker.ui.deadline_dialogs import RuleDeadlineDialog
    from naij_tracker.ui.deadlines_view import DeadlinesView
    from naij_tracker.ui.matter_editor import MatterEditor
    from naij_tracker.ui.members_view import MembersView
    from naij_tracker.ui.metrics_view import MetricsView
    from naij_tracker.ui.preferences import PreferencesDialog

    app = QApplication.instance() or QApplication(sys.argv)
    db = open_database(Path(sys.argv[1]))
    out = Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    ctx = AppContext.for_database(db)
    editor = MatterEditor(ctx)
    for kind in MatterKind:
        rows = list_matters(db, kind, include_closed=True).rows
        editor.load(rows[0][0])
        grab(editor, out / f"editor_{kind.value}.png")
    editor.load(list_matters(db, MatterKind.FLRA, include_closed=True).rows[0][0])
    for i in range(1, editor.tabs.count()):
        editor.tabs.setCurrentIndex(i)
        grab(editor, out / f"editor_tab{i}.png")
    editor.new_matter(MatterKind.FLRA)
    editor.save()
    grab(editor, out / "editor_new_invalid.png")
    dialog = RuleDeadlineDialog(ctx, MatterKind.FLRA)
    dialog.select_trigger("award_served")
    grab(dialog, out / "rule_dialog.png", (640, 480))
    for name, view in (("members", MembersView(ctx)), ("metrics", MetricsView(ctx)),
                       ("deadlines", DeadlinesView(ctx))):
        view.refresh()
        grab(view, out / f"{name}.png")
    prefs = PreferencesDialog(ctx)
    for i in range(prefs.tabs.count()):
        prefs.tabs.setCurrentIndex(i)
        grab(prefs, out / f"preferences_{i}.png", (760, 600))
    app.processEvents()
    db.close()


if __name__ == "__main__":
    main()
