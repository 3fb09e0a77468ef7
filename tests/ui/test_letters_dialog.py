"""Letters… from the matter editor: write a demand to bargain, keep it, mark it sent."""

from __future__ import annotations

import io
from datetime import timedelta

from docx import Document
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from naij_tracker.domain import clock
from naij_tracker.services.letters import LetterService, LetterSettings, save_letter_settings
from naij_tracker.services.settings import load_settings, save_settings
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.matter_editor import MatterEditor
from naij_tracker.ui.tasks import TaskRunner


def _type(widget, text: str) -> None:
    widget.setFocus()
    QTest.keyClicks(widget, text)


def test_demand_to_bargain_written_kept_and_marked_sent(qtbot: QtBot,
                                                         sample_ctx: AppContext) -> None:
    settings = load_settings(sample_ctx.db)
    settings.officer_name = "Dana Whitfield"
    save_settings(sample_ctx.db, settings)
    save_letter_settings(sample_ctx.db, LetterSettings(officer_role="President"))
    service = LetterService(sample_ctx.db, "test")
    matter_id = service.resolve_reference("B-3")
    editor = MatterEditor(sample_ctx, runner=TaskRunner(synchronous=True))
    qtbot.addWidget(editor)
    editor.show()
    editor.load(matter_id)

    qtbot.mouseClick(editor.letters_button, Qt.MouseButton.LeftButton)
    dialog = editor.letters_dialog
    qtbot.waitExposed(dialog)
    titles = [dialog.template_list.item(i).text() for i in range(dialog.template_list.count())]
    assert "Demand to bargain" in titles and "Request for FSIP assistance" in titles
    assert not any("Grievance" in t for t in titles)  # only letters for bargaining
    dialog.select_template("demand-to-bargain")

    _type(dialog.recipient["name"], "Jordan Alvarez")
    _type(dialog.recipient["title"], "Chief Immigration Judge")
    _type(dialog.recipient["organization"], "Executive Office for Immigration Review")
    _type(dialog.free["additional_requests"], "Please include the affected courts.")
    _type(dialog.recipient["address"], "5107 Leesburg Pike")
    QTest.keyClick(dialog.recipient["address"], Qt.Key.Key_Return)
    QTest.keyClicks(dialog.recipient["address"], "Falls Church, VA 22041")
    qtbot.waitUntil(lambda: "Dear Jordan Alvarez:" in dialog.preview.toPlainText())
    preview = dialog.preview.toPlainText()
    assert "Reassigning dockets between judges at large courts" in preview
    assert "Please include the affected courts." in preview
    assert _today_in_words() in preview
    qtbot.waitUntil(lambda: "Falls Church, VA 22041" in dialog.preview.toPlainText())
    assert "5107 Leesburg Pike\nFalls Church, VA 22041" in dialog.preview.toPlainText()
    assert dialog.gaps.text() == ""

    sent = clock.today() + timedelta(days=1)
    dialog.sent_on.setDate(dialog.sent_on.date().addDays(1))
    proposal = service.follow_up(service.template("demand-to-bargain"), sent)
    assert proposal is not None
    assert (f"add the deadline “Agency response to the demand to bargain due”: "
            f"{proposal.deadline.due:%a %Y-%m-%d}") in dialog.follow_up.text()
    assert dialog.follow_up.isChecked()

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "attached to B-3" in dialog.status.text(), timeout=10_000)
    # Marking the same letter sent does not attach it a second time.
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Deadline added" in dialog.status.text(), timeout=10_000)

    # The attachment: the .docx and the PDF, both saying what the preview said.
    files = {a.file_name: a for a in sample_ctx.related.attachments(matter_id)}
    stem = f"demand-to-bargain B-3 {clock.today().isoformat()}"
    assert set(files) >= {f"{stem}.docx", f"{stem}.pdf"}
    assert sum(1 for a in sample_ctx.related.attachments(matter_id)
               if a.file_name.startswith(stem)) == 2
    _, docx = sample_ctx.related.attachment_content(files[f"{stem}.docx"].id)
    assert "Dear Jordan Alvarez:" in "\n".join(p.text for p in Document(io.BytesIO(docx))
                                               .paragraphs)
    _, pdf = sample_ctx.related.attachment_content(files[f"{stem}.pdf"].id)
    assert "Dear Jordan Alvarez:" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert editor.attachments_tab.model.rowCount() >= 2

    # The timeline entry.
    texts = [t.text for t in sample_ctx.related.timeline(matter_id)]
    assert f"Letter: Demand to bargain sent {sent.isoformat()}" in texts
    assert f"Letter: Demand to bargain sent {sent.isoformat()}" in [
        r.text for r in editor.timeline_tab.model.rows()]

    # The proposed response deadline, counted from the day it was sent.
    deadlines = {r.title: r for r in editor.deadlines_tab.model.rows()}
    added = deadlines["Agency response to the demand to bargain due"]
    assert added.due_on == proposal.deadline.due and added.trigger_on == sent
    assert "15 days" in (added.explanation or "")

    # The recipient is remembered for the next bargaining letter.
    assert service.recipient("bargaining")["name"] == "Jordan Alvarez"
    dialog.accept()


def test_letters_needs_a_saved_matter(qtbot: QtBot, sample_ctx: AppContext, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda _parent, _title, text, *a: shown.append(text))
    editor = MatterEditor(sample_ctx, runner=TaskRunner(synchronous=True))
    qtbot.addWidget(editor)
    editor.new_matter("grievance")
    qtbot.mouseClick(editor.letters_button, Qt.MouseButton.LeftButton)
    assert shown and "Save the matter first" in shown[0]
    assert editor.letters_dialog is None


def test_preferences_letters_folder_and_role(qtbot: QtBot, ctx: AppContext, tmp_path) -> None:
    from docx import Document as NewDocument
    from PySide6.QtWidgets import QDialogButtonBox

    from naij_tracker.services.letters import load_letter_settings
    from naij_tracker.ui.preferences import PreferencesDialog

    folder = tmp_path / "union letters"
    folder.mkdir()
    doc = NewDocument()
    doc.add_paragraph("Our own wording for {{ matter.reference }}.")
    doc.core_properties.title = "Our information request"
    doc.save(str(folder / "information-request.docx"))
    (folder / "broken.docx").write_text("not a word file")

    dialog = PreferencesDialog(ctx)
    qtbot.addWidget(dialog)
    page = dialog.letters
    dialog.tabs.setCurrentWidget(page)
    _type(page.folder, str(folder))
    qtbot.waitUntil(lambda: "(union)" in page.found.toPlainText())
    found = page.found.toPlainText()
    assert "Our information request — information-request.docx (union)" in found
    assert "Not usable: broken.docx: not a Word document (.docx)" in found
    _type(page.role, "President")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    stored = load_letter_settings(ctx.db)
    assert stored.letters_folder == str(folder) and stored.officer_role == "President"
    template = LetterService(ctx.db, "test").template("information-request")
    assert template.origin == "union" and template.title == "Our information request"


def test_a_template_that_fails_when_filled_attaches_nothing(qtbot: QtBot, sample_ctx: AppContext,
                                                            tmp_path) -> None:
    from docx import Document as NewDocument

    folder = tmp_path / "ours"
    folder.mkdir()
    doc = NewDocument()
    doc.add_paragraph("Re: {{ matter.title.__class__ }}")  # refused by the sandbox when filled
    doc.core_properties.title = "Sneaky letter"
    doc.core_properties.keywords = "bargaining"
    doc.save(str(folder / "sneaky.docx"))
    (folder / "old-macro.docm").write_bytes(b"PK\x03\x04")
    save_letter_settings(sample_ctx.db, LetterSettings(letters_folder=str(folder)))
    service = LetterService(sample_ctx.db, "test")
    matter_id = service.resolve_reference("B-3")
    before = len(sample_ctx.related.attachments(matter_id))

    editor = MatterEditor(sample_ctx, runner=TaskRunner(synchronous=True))
    qtbot.addWidget(editor)
    editor.load(matter_id)
    qtbot.mouseClick(editor.letters_button, Qt.MouseButton.LeftButton)
    dialog = editor.letters_dialog
    assert "old-macro.docm: a macro-enabled Word file is refused" in dialog.problems.text()
    dialog.select_template("sneaky")
    assert dialog.gaps.text().startswith("sneaky.docx: cannot be filled")
    assert dialog.preview.toPlainText() == ""
    assert not dialog.save_button.isEnabled() and not dialog.send_button.isEnabled()
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert len(sample_ctx.related.attachments(matter_id)) == before
    dialog.accept()


def test_a_letter_with_gaps_is_kept_only_when_the_officer_says_so(
        qtbot: QtBot, sample_ctx: AppContext, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, text, *a: asked.append(text) or answer[0])
    service = LetterService(sample_ctx.db, "test")
    matter_id = service.resolve_reference("B-3")
    before = len(sample_ctx.related.attachments(matter_id))
    editor = MatterEditor(sample_ctx, runner=TaskRunner(synchronous=True))
    qtbot.addWidget(editor)
    editor.load(matter_id)
    qtbot.mouseClick(editor.letters_button, Qt.MouseButton.LeftButton)
    dialog = editor.letters_dialog
    dialog.select_template("information-request")
    assert "[Particularized need to be filled in]" in dialog.gaps.text()
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert "[Particularized need to be filled in]" in asked[0]
    assert dialog.status.text() == "Not attached: fill in what the letter still shows."
    assert len(sample_ctx.related.attachments(matter_id)) == before
    assert not any(t.text.startswith("Letter:") for t in sample_ctx.related.timeline(matter_id))
    answer[0] = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "attached to B-3" in dialog.status.text(), timeout=10_000)
    assert len(sample_ctx.related.attachments(matter_id)) == before + 2
    dialog.accept()


def _today_in_words() -> str:
    """The letter's date as an officer writes it, for whatever day the suite runs on."""
    today = clock.today()
    return f"{today:%B} {today.day}, {today.year}"
