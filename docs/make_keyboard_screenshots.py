"""Screenshots of the first-run assistant, a typed US date echoed in words, the "Add new member"
flow, the deadline review and the Trash, from the sample data (offscreen).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_keyboard_screenshots.py
It writes into docs/screenshots/ and uses a temporary database.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from naij_tracker.db.opening import open_database
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.queries import list_matters
from naij_tracker.services.sample_data import load_sample_data
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.pyside_workarounds import guard_emit_refcount

guard_emit_refcount()  # PySide6 6.12.0 drops a reference to True on every emit

OUT = Path(__file__).parent / "screenshots"


def grab(widget: QWidget, name: str, size: tuple[int, int] | None = None) -> None:
    if size:
        widget.resize(*size)
    widget.show()
    for _ in range(3):
        QApplication.processEvents()
    widget.grab().save(str(OUT / name))
    print(OUT / name)


def main() -> None:
    from naij_tracker.ui.first_run import FirstRunWizard
    from naij_tracker.ui.matter_editor import MatterEditor
    from naij_tracker.ui.member_dialog import NewMemberDialog
    from naij_tracker.ui.proposed_deadlines import ProposedDeadlinesDialog
    from naij_tracker.ui.trash_view import TrashView

    app = QApplication.instance() or QApplication(sys.argv)
    folder = Path(tempfile.mkdtemp())
    db = open_database(folder / "sample.sqlite3")
    load_sample_data(db)
    ctx = AppContext.for_database(db, who="Ana Petrova")

    wizard = FirstRunWizard(ctx)
    wizard.next()
    QTest.keyClicks(wizard.officer_name, "Ana Petrova")
    QTest.keyClicks(wizard.officer_role, "Vice President, Labor Relations")
    grab(wizard, "first_run_officer.png", (720, 560))
    wizard.next()
    for key, text in (("grievance", "Art. 27"), ("arbitration", "Art. 28"),
                      ("bargaining", "Art. 9")):
        QTest.keyClicks(wizard.articles[key], text)
    grab(wizard, "first_run_agreement.png", (720, 600))

    editor = MatterEditor(ctx)
    editor.resize(1100, 780)
    editor.show()
    editor.new_matter(MatterKind.GRIEVANCE)
    assert editor.form is not None
    QTest.keyClicks(editor.form.field("title"), "Reassigned detained docket without notice")
    QTest.keyClicks(editor.form.field("grievance_number"), "G-2026-0311")
    filed = editor.form.field("filed_on")
    filed.edit.selectAll()  # type: ignore[attr-defined]
    QTest.keyClicks(filed.edit, "3/7/25")  # type: ignore[attr-defined]
    hearing_like = editor.form.field("opened_on")
    hearing_like.edit.selectAll()  # type: ignore[attr-defined]
    QTest.keyClicks(hearing_like.edit, "2/30/2026")  # type: ignore[attr-defined]
    hearing_like.edit.editingFinished.emit()  # type: ignore[attr-defined]
    picker = editor.form.field("member_id")
    picker.lineEdit().setFocus()  # type: ignore[attr-defined]
    # QTest types ASCII only: the name is pasted, as an officer might.
    picker.lineEdit().setText("Zoë Okonkwo-Núñez")  # type: ignore[attr-defined]
    picker.edited.emit()  # type: ignore[attr-defined]
    grab(editor, "editor_typed_dates.png")

    dialog = NewMemberDialog("Zoë Okonkwo-Núñez", None, editor)
    QTest.keyClicks(dialog.court, "Arlington")
    grab(dialog, "add_new_member.png", (460, 200))

    gid = list_matters(db, MatterKind.GRIEVANCE).rows[0][0]
    editor.load(gid)
    record = editor.record
    assert record is not None
    before = dict(record.values, step="step1")
    from naij_tracker.services.proposals import propose_deadlines

    after = dict(record.values, step="step2")
    proposals = propose_deadlines(ctx.deadlines, None, MatterKind.GRIEVANCE, before, after)
    review = ProposedDeadlinesDialog(record.reference, proposals, ctx.deadlines, editor)
    grab(review, "proposed_deadlines.png", (760, 260))

    for row in list_matters(db, MatterKind.GRIEVANCE).rows[1:4]:
        ctx.matters.delete(row[0])
    trash = TrashView(ctx)
    grab(trash, "trash.png", (900, 360))
    QTimer.singleShot(0, app.quit)
    db.close()


if __name__ == "__main__":
    main()
