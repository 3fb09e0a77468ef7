"""Printing a generated packet from the packet dialog: the PDF itself where the printer takes
it, drawn pages where it must (a mixin of ``PacketDialog``).

Both run on the dialog's task runner, off the GUI thread (``lp`` may wait for the spooler; a
long packet takes a while to draw at print resolution), so the window keeps painting and
"Stop printing" is heard without ``processEvents()``. QPainter may paint on a QPrinter in a
worker thread, and QPdfDocument serialises its PDFium calls itself. ``printed`` carries the
number of pages sent once a print has ended.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QProgressDialog, QWidget

from naij_tracker.ui.messages import show_error
from naij_tracker.ui.packet_preview import print_document, print_range, send_pdf
from naij_tracker.ui.tasks import Task, TaskControl, TaskRunner

#: A print that takes longer than this shows its progress and a button to stop it.
PRINT_PROGRESS_DELAY_MS = 400


if TYPE_CHECKING:  # only ever mixed into PacketDialog, a QWidget
    _DialogBase = QWidget
else:
    _DialogBase = object


class PacketPrinting(_DialogBase):
    """Print… for the packet dialog (which provides ``packet``, ``preview``, ``status``,
    ``runner`` and the ``printed`` signal)."""

    packet: Any
    preview: Any
    status: Any
    title_edit: Any
    runner: TaskRunner
    print_task: Task | None
    if TYPE_CHECKING:
        printed = Signal(int)

    def print_packet(self, printer: QPrinter | None = None, *, vector: bool = True) -> bool:
        """Show the system print dialog, then print the chosen pages on the task runner; True
        if printing started (``printed`` follows with the pages sent).

        The PDF itself goes to the printer (``send_pdf``) — a file, or the system's spooler —
        so the text stays text; only a printer that needs it gets rendered pages
        (``vector=False`` forces that).
        """
        if self.packet is None or not self.preview.page_count or self.printing:
            return False
        printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.title_edit.text().strip() or "Briefing packet")
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print briefing packet")
        dialog.setMinMax(1, self.preview.page_count)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, False)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        if vector:
            self._send_pdf(printer)
        else:
            self._print_rendered(printer)
        return True

    @property
    def printing(self) -> bool:
        return self.print_task is not None and self.print_task.is_running

    def _send_pdf(self, printer: QPrinter) -> None:
        path: Path = self.packet.path
        page_count: int = self.preview.page_count
        size = _size(path.stat().st_size)
        self.status.setText(f"Sending the packet ({size}) to the printer…")
        started = time.perf_counter()

        def sent(where: str | None) -> None:
            if where is None:  # this printer needs drawn pages
                self._print_rendered(printer)
                return
            chosen = len(print_range(printer, page_count))
            took = time.perf_counter() - started
            self.status.setText(f"Sent {pages_text(chosen)} ({size}, with its text) to "
                                f"{where} in {took:.1f} s.")
            self.printed.emit(chosen)

        def failed(exc: BaseException) -> None:
            self.status.setText("")
            show_error(self, "Print briefing packet", exc)
            self.printed.emit(0)

        self.print_task = self.runner.submit(
            lambda _control: send_pdf(path, printer, page_count), on_result=sent,
            on_error=failed)

    def _print_rendered(self, printer: QPrinter) -> None:
        """Draw each page for a printer that cannot take the PDF itself."""
        # Each page is rendered at print resolution: a long packet takes a while, so the officer
        # sees how far it got and can stop it.
        progress = QProgressDialog("Preparing the pages for the printer…", "&Stop printing", 0,
                                   1, self)
        progress.setWindowTitle("Print briefing packet")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(PRINT_PROGRESS_DELAY_MS)
        progress.setAutoReset(False)
        started = time.perf_counter()
        document = self.preview.document
        # "Stop printing": set on the GUI thread, read by the worker before each page.
        stop = threading.Event()
        progress.canceled.connect(stop.set)

        def draw(control: TaskControl) -> int:
            def report(done: int, total: int) -> bool:
                control.progress(done, total)
                return not (stop.is_set() or control.cancelled)

            return print_document(document, printer, report)

        def shown(done: int, total: int, _text: str) -> None:
            progress.setMaximum(total)
            progress.setValue(done)
            progress.setLabelText(f"Sending page {min(done + 1, total)} of {total} to the "
                                  "printer…")
            if progress.wasCanceled():
                stop.set()

        def drawn(printed: int) -> None:
            progress.close()
            chosen = progress.maximum()
            if printed < chosen:
                if printer.printerState() == QPrinter.PrinterState.Aborted:
                    self.status.setText("Printing stopped; nothing more was sent to the "
                                        "printer.")
                else:
                    self.status.setText(
                        f"Printing stopped after {pages_text(printed)} of {chosen}; the pages "
                        "already prepared were sent to the printer.")
            else:
                took = time.perf_counter() - started
                self.status.setText(f"Sent {pages_text(printed)} to the printer as drawn pages "
                                    f"in {took:.1f} s.")
            self.printed.emit(printed)

        def failed(exc: BaseException) -> None:
            progress.close()
            show_error(self, "Print briefing packet", exc)
            self.printed.emit(0)

        self.print_task = self.runner.submit(draw, on_result=drawn, on_error=failed,
                                             on_progress=shown)


def pages_text(n: int) -> str:
    return f"{n} page{'s' if n != 1 else ''}"


def _size(n: int) -> str:
    return f"{n / 1024:,.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"
