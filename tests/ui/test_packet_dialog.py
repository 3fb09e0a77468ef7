"""The briefing-packet dialog: generate in the background, preview, cancel, save, print."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QComboBox, QDialog, QFileDialog, QProgressDialog
from pytestqt.qtbot import QtBot

from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.queries import list_matters
from naij_tracker.ui import packet_printing
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.messages import human_message
from naij_tracker.ui.packet_dialog import PacketDialog, suggested_file_name
from naij_tracker.ui.tasks import TaskRunner


def make_dialog(qtbot: QtBot, ctx: AppContext, store: QSettings, matter_ids: tuple[int, ...] = (),
                *, synchronous: bool = True) -> PacketDialog:
    runner = TaskRunner(synchronous=True) if synchronous else None
    dialog = PacketDialog(ctx, None, matter_ids, runner=runner, store=store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def first_grievance(ctx: AppContext) -> tuple[int, str]:
    row = list_matters(ctx.db, MatterKind.GRIEVANCE).rows[0]
    return row[0], ctx.matters.get(row[0]).title


def test_generates_the_sample_packet_and_previews_every_page(
        qtbot: QtBot, sample_ctx: AppContext, ui_settings_store: QSettings) -> None:
    dialog = make_dialog(qtbot, sample_ctx, ui_settings_store)
    assert not dialog.save_button.isEnabled() and not dialog.print_button.isEnabled()
    dialog.title_edit.setText("Board meeting")
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    result = dialog.packet
    assert result is not None and result.pages > 10 and result.matters > 100
    assert dialog.preview.page_count == result.pages
    assert dialog.preview.pages.currentWidget() is dialog.preview.view
    assert f"Page 1 of {result.pages}" == dialog.preview.page_label.text()
    assert dialog.save_button.isEnabled() and dialog.print_button.isEnabled()
    text = pdf_text(result.path)
    assert "Board meeting" in text
    _id, title = first_grievance(sample_ctx)
    assert title[:30] in " ".join(text.split())
    zoom = dialog.preview.view.zoomFactor()
    dialog.preview.zoom_in()
    assert dialog.preview.view.zoomFactor() > zoom


def test_one_matter_redacted(qtbot: QtBot, sample_ctx: AppContext,
                             ui_settings_store: QSettings) -> None:
    matter_id, title = first_grievance(sample_ctx)
    dialog = make_dialog(qtbot, sample_ctx, ui_settings_store, (matter_id,))
    assert dialog.scope_selected.isChecked() and "This matter" in dialog.scope_selected.text()
    dialog.redaction.setCurrentIndex(1)
    sel = dialog.selection()
    assert tuple(sel.matter_ids) == (matter_id,) and sel.redact
    assert sel.kinds == (MatterKind.GRIEVANCE,)  # no empty sections for the other kinds
    assert not dialog.kinds_box.isEnabled()
    dialog.scope_all.setChecked(True)
    assert dialog.kinds_box.isEnabled() and not dialog.selection().matter_ids
    dialog.scope_selected.setChecked(True)
    dialog.generate()
    assert dialog.packet is not None and dialog.packet.matters == 1
    assert dialog.packet.pages <= 3  # a short brief of this matter, not a whole packet
    text = " ".join(pdf_text(dialog.packet.path).split())
    assert title[:30] in text
    record = sample_ctx.matters.get(matter_id)
    member_id = record.values.get("member_id")
    if member_id:
        name = next(m.name for m in sample_ctx.people.members() if m.id == member_id)
        assert name not in text and re.search(r"Member [A-Z]{1,2}\b", text)


def test_options_that_cannot_work_disable_generate(qtbot: QtBot, sample_ctx: AppContext,
                                                   ui_settings_store: QSettings) -> None:
    dialog = make_dialog(qtbot, sample_ctx, ui_settings_store)
    for check in dialog.kind_checks.values():
        check.setChecked(False)
    assert not dialog.generate_button.isEnabled()
    assert "at least one kind" in dialog.hint.text()
    dialog.kind_checks[MatterKind.FLRA].setChecked(True)
    dialog.range_check.setChecked(True)
    dialog.from_edit.setDate(dialog.to_edit.date().addDays(1))
    assert not dialog.generate_button.isEnabled()
    dialog.from_edit.setDate(dialog.to_edit.date().addDays(-400))
    assert dialog.generate_button.isEnabled()
    sel = dialog.selection()
    assert sel.kinds == (MatterKind.FLRA,) and sel.date_from and sel.date_to


def test_cancel_stops_a_running_build_and_the_window_stays_responsive(
        qtbot: QtBot, sample_ctx: AppContext, ui_settings_store: QSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from naij_tracker.reports import packet

    # Hold the worker at its first progress report until Cancel was pressed, so the test does
    # not race the build; the real build then sees cancelled() and raises PacketCancelled.
    real_build = packet.build_packet
    pressed = threading.Event()
    raised: list[type[BaseException]] = []

    def held_build(data: Any, out: Any, progress: Any = None, cancelled: Any = None) -> Any:
        def held(done: int, total: int) -> None:
            progress(done, total)
            pressed.wait(20)

        try:
            return real_build(data, out, progress=held, cancelled=cancelled)
        except BaseException as exc:
            raised.append(type(exc))
            raise

    monkeypatch.setattr(packet, "build_packet", held_build)
    dialog = make_dialog(qtbot, sample_ctx, ui_settings_store, synchronous=False)
    ticks: list[int] = []
    timer = QTimer(dialog)
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    assert dialog.busy and dialog.cancel_button.isVisible()
    qtbot.waitUntil(lambda: dialog.progress.maximum() > 0, timeout=20000)
    assert "Laying out" in dialog.status.text()
    assert ticks, "the event loop kept running while the packet was being built"
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    pressed.set()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    timer.stop()
    assert raised == [packet.PacketCancelled]
    assert dialog.packet is None
    assert "Cancelled" in dialog.status.text()
    assert not list(Path(dialog._tmp.name).iterdir())  # no partial file is left
    assert dialog.generate_button.isEnabled() and not dialog.save_button.isEnabled()


def test_save_as_copies_the_packet(qtbot: QtBot, sample_ctx: AppContext, tmp_path: Path,
                                   ui_settings_store: QSettings,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    matter_id, _title = first_grievance(sample_ctx)
    dialog = make_dialog(qtbot, sample_ctx, ui_settings_store, (matter_id,))
    dialog.generate()
    assert dialog.packet is not None
    asked: list[str] = []

    def fake_save(_parent: object, _caption: str, start: str, _filter: str) -> tuple[str, str]:
        asked.append(start)
        return str(tmp_path / "for-counsel"), "PDF documents (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = tmp_path / "for-counsel.pdf"
    assert saved.read_bytes() == dialog.packet.path.read_bytes()
    assert asked[0].endswith(suggested_file_name("Briefing packet"))
    assert str(saved) in dialog.status.text()


def generated(qtbot: QtBot, ctx: AppContext, store: QSettings) -> tuple[PacketDialog, int]:
    """A dialog with a packet of the FLRA cases generated, and its page count (≥ 3)."""
    dialog = make_dialog(qtbot, ctx, store)
    for kind, check in dialog.kind_checks.items():
        check.setChecked(kind is MatterKind.FLRA)
    dialog.generate()
    pages = dialog.preview.page_count
    assert pages >= 3
    return dialog, pages


def printed_pages(qtbot: QtBot, dialog: PacketDialog, printer: QPrinter, *,
                  vector: bool = True) -> int:
    """Print (the dialog's runner may be threaded) and wait: the pages sent."""
    with qtbot.waitSignal(dialog.printed, timeout=30_000) as printed:
        assert dialog.print_packet(printer, vector=vector)
    assert printed.args is not None
    return int(printed.args[0])


def pdf_printer(path: Path) -> QPrinter:
    """A printer that prints into a PDF file (read back by the tests)."""
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_print_to_file_writes_the_searchable_pdf(qtbot: QtBot, sample_ctx: AppContext,
                                                tmp_path: Path, ui_settings_store: QSettings,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    dialog, pages = generated(qtbot, sample_ctx, ui_settings_store)
    shown: list[QPrintDialog] = []

    def accept(self: QPrintDialog) -> int:
        shown.append(self)
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    printer = pdf_printer(tmp_path / "printed.pdf")
    assert printed_pages(qtbot, dialog, printer) == pages
    assert shown and shown[0].maxPage() == pages
    # the very PDF that Save as… writes: vector, its text searchable, not page images
    assert (tmp_path / "printed.pdf").read_bytes() == dialog.packet.path.read_bytes()
    printed = PdfReader(tmp_path / "printed.pdf")
    assert len(printed.pages) == pages
    assert "WA-RP-19-0067" in pdf_text(tmp_path / "printed.pdf")
    assert not any("/Image" in str(p.get("/Resources", {}).get("/XObject", {}))
                   for p in printed.pages)
    assert printer.docName() == "Briefing packet"
    assert "with its text" in dialog.status.text() and "KB" in dialog.status.text()

    ranged = pdf_printer(tmp_path / "two.pdf")
    ranged.setPrintRange(QPrinter.PrintRange.PageRange)
    ranged.setFromTo(2, 3)
    assert printed_pages(qtbot, dialog, ranged) == 2
    assert len(PdfReader(tmp_path / "two.pdf").pages) == 2


def test_printing_can_be_stopped_part_way(qtbot: QtBot, sample_ctx: AppContext, tmp_path: Path,
                                          ui_settings_store: QSettings,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    dialog, pages = generated(qtbot, sample_ctx, ui_settings_store)
    monkeypatch.setattr(QPrintDialog, "exec", lambda _self: QDialog.DialogCode.Accepted.value)
    labels: list[str] = []
    # The officer presses "Stop printing" once the second page is on its way.
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: self.value() >= 2)
    monkeypatch.setattr(QProgressDialog, "setLabelText",
                        lambda self, text: labels.append(text))
    # a printer that cannot take the PDF gets drawn pages, which can be stopped
    assert printed_pages(qtbot, dialog, pdf_printer(tmp_path / "stopped.pdf"),
                         vector=False) == 2
    assert labels[:2] == [f"Sending page 1 of {pages} to the printer…",
                          f"Sending page 2 of {pages} to the printer…"]
    # A PDF file cannot be taken back: what was prepared is kept, and the message says so.
    assert len(PdfReader(tmp_path / "stopped.pdf").pages) == 2
    assert dialog.status.text() == (f"Printing stopped after 2 pages of {pages}; the pages "
                                    "already prepared were sent to the printer.")


def test_drawn_pages_are_printed_off_the_gui_thread(qtbot: QtBot, sample_ctx: AppContext,
                                                    tmp_path: Path,
                                                    ui_settings_store: QSettings,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Drawing the pages for a printer runs on a worker: the window's timers keep running."""
    dialog = make_dialog(qtbot, sample_ctx, ui_settings_store, synchronous=False)
    for kind, check in dialog.kind_checks.items():
        check.setChecked(kind is MatterKind.FLRA)
    dialog.generate()
    qtbot.waitUntil(lambda: dialog.packet is not None, timeout=20_000)
    pages = dialog.preview.page_count
    monkeypatch.setattr(QPrintDialog, "exec", lambda _self: QDialog.DialogCode.Accepted.value)
    threads: list[threading.Thread] = []
    drawing = packet_printing.print_document

    def print_document(*args: Any, **kwargs: Any) -> int:
        threads.append(threading.current_thread())
        return drawing(*args, **kwargs)

    monkeypatch.setattr(packet_printing, "print_document", print_document)
    target = tmp_path / "drawn.pdf"
    assert printed_pages(qtbot, dialog, pdf_printer(target), vector=False) == pages
    assert threads and threads[0] is not threading.main_thread()
    assert len(PdfReader(target).pages) == pages
    assert "as drawn pages" in dialog.status.text()


def test_a_declined_print_dialog_prints_nothing(qtbot: QtBot, sample_ctx: AppContext,
                                                ui_settings_store: QSettings,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    matter_id, _title = first_grievance(sample_ctx)
    dialog = make_dialog(qtbot, sample_ctx, ui_settings_store, (matter_id,))
    dialog.generate()
    monkeypatch.setattr(QPrintDialog, "exec", lambda _self: QDialog.DialogCode.Rejected.value)
    with qtbot.assertNotEmitted(dialog.printed):
        assert not dialog.print_packet()


def test_a_failure_becomes_a_message(qtbot: QtBot, sample_ctx: AppContext,
                                     ui_settings_store: QSettings,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = make_dialog(qtbot, sample_ctx, ui_settings_store)

    def broken(*_a: object, **_k: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("naij_tracker.reports.packet.build_packet", broken)
    shown: list[str] = []
    monkeypatch.setattr("naij_tracker.ui.packet_dialog.show_error",
                        lambda _p, _t, exc: shown.append(str(exc)))
    dialog.generate()
    assert shown and "No space left" in shown[0]
    assert "not made" in dialog.status.text() and dialog.packet is None
    assert dialog.generate_button.isEnabled()


def test_closing_removes_the_temporary_files(qtbot: QtBot, sample_ctx: AppContext,
                                            ui_settings_store: QSettings) -> None:
    matter_id, _title = first_grievance(sample_ctx)
    dialog = make_dialog(qtbot, sample_ctx, ui_settings_store, (matter_id,))
    dialog.generate()
    dialog.generate()
    assert dialog.packet is not None
    folder = Path(dialog._tmp.name)
    assert [p.name for p in folder.iterdir()] == [dialog.packet.path.name]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not folder.exists()


def test_print_to_file_of_the_sample_packet_is_searchable_and_quick(
        qtbot: QtBot, sample_ctx: AppContext, tmp_path: Path, ui_settings_store: QSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil
    import subprocess
    import time

    dialog = make_dialog(qtbot, sample_ctx, ui_settings_store)
    dialog.include_closed.setChecked(True)
    dialog.generate()
    assert dialog.packet is not None and dialog.packet.pages >= 60
    monkeypatch.setattr(QPrintDialog, "exec", lambda _self: QDialog.DialogCode.Accepted.value)
    target = tmp_path / "printed.pdf"
    started = time.perf_counter()
    assert printed_pages(qtbot, dialog, pdf_printer(target)) == dialog.packet.pages
    assert time.perf_counter() - started < 2.0
    assert target.read_bytes() == dialog.packet.path.read_bytes()  # what Save as… writes
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is required (poppler-utils)"
    text = " ".join(subprocess.run([tool, "-enc", "UTF-8", str(target), "-"], check=True,
                                   capture_output=True, text=True).stdout.split())
    grievants = {m.name for m in sample_ctx.people.members() if m.open_matters}
    assert grievants and all(name in text for name in grievants)
    assert target.stat().st_size < 2_000_000  # text, not page images


def _choose(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Pick an entry with the keyboard as an officer does: Home, then Down until it shows.
    (Typing the name relies on the keyboard-search interval, which a loaded machine exceeds.)"""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text


def test_choosing_an_audience_sets_marking_redaction_and_sections(
        qtbot: QtBot, sample_ctx: AppContext, ui_settings_store: QSettings) -> None:
    from naij_tracker.services.audiences import load_audiences

    dialog = make_dialog(qtbot, sample_ctx, ui_settings_store)
    box = dialog.audience_box
    box.combo.setFocus()
    _choose(qtbot, box.combo, "Member of Congress")
    assert box.key() == "congress"
    assert box.marking.text() == "" and dialog.redaction.currentIndex() == 1
    assert not dialog.redaction.isEnabled()
    assert dialog.title_edit.text() == load_audiences(sample_ctx.db)["congress"].title
    assert box.section_checks["analytics"].isChecked()
    assert not box.section_checks["matters"].isChecked()
    sel = dialog.selection()
    assert sel.audience is not None and sel.audience.aggregate and sel.redact
    dialog.generate()
    text = " ".join(pdf_text(dialog.packet.path).split())
    assert "Grievance analytics" in text and "attorney work product" not in text
    # the board's preset, edited here and kept in the database for every officer
    _choose(qtbot, box.combo, "Executive board")
    assert box.key() == "board"
    box.marking.clear()
    qtbot.keyClicks(box.marking, "Board eyes only")
    qtbot.mouseClick(box.keep_button, Qt.MouseButton.LeftButton)
    assert load_audiences(sample_ctx.db)["board"].marking == "Board eyes only"
    assert "Kept as the preset" in dialog.status.text()
    for check in box.section_checks.values():
        check.setChecked(False)
    assert not dialog.generate_button.isEnabled() and "section" in dialog.hint.text()


def test_a_name_left_by_redaction_is_refused_in_one_line(
        qtbot: QtBot, sample_ctx: AppContext, ui_settings_store: QSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from naij_tracker.reports import packet_redact

    monkeypatch.setattr(packet_redact.Redactor, "_names", lambda self, text: text)
    matter_id, _title = first_grievance(sample_ctx)
    dialog = make_dialog(qtbot, sample_ctx, ui_settings_store, (matter_id,))
    dialog.redaction.setCurrentIndex(1)
    shown: list[tuple[str, bool]] = []
    monkeypatch.setattr("naij_tracker.ui.packet_dialog.show_error",
                        lambda _p, _t, exc: shown.append(human_message(exc)))
    dialog.generate()
    assert dialog.packet is None and "not made" in dialog.status.text()
    message, known = shown[0]
    assert known and "still shows the name of member" in message and "\n" not in message
    assert not list(Path(dialog._tmp.name).glob("*.pdf"))
