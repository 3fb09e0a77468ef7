"""Printing a generated packet from the packet dialog: the PDF itself where the printer takes
it, drawn pages where it must (a mixin of ``PacketDialog``)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog, QWidget

from naij_tracker.ui.messages import show_error
from naij_tracker.ui.packet_preview import print_document, print_range, send_pdf

#: A print that takes longer than this shows its progress and a button to stop it.
PRINT_PROGRESS_DELAY_MS = 400


if TYPE_CHECKING:  # only ever mixed into PacketDialog, a QWidget
    _DialogBase = QWidget
else:
    _DialogBase = object


class PacketPrinting(_DialogBase):
    """Print… for the packet dialog (which provides ``packet``, ``preview``, ``status``)."""

    packet: Any
    preview: Any
    status: Any
    title_edit: Any

    def print_packet(self, printer: QPrinter | None = None, *, vector: bool = True) -> int:
        """Show the system print dialog, then print the chosen pages; pages printed.

        The PDF itself goes to the printer (``send_pdf``) — a file, or the system's spooler —
        so the text stays text; only a printer that needs it gets rendered pages
        (``vector=False`` forces that).
        """
        if self.packet is None or not self.preview.page_count:
            return 0
        printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.title_edit.text().strip() or "Briefing packet")
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print briefing packet")
        dialog.setMinMax(1, self.preview.page_count)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, False)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return 0
        if vector:
            size = _size(self.packet.path.stat().st_size)
            self.status.setText(f"Sending the packet ({size}) to the printer…")
            QApplication.processEvents()
            started = time.perf_counter()
            try:
                where = send_pdf(self.packet.path, printer, self.preview.page_count)
            except OSError as exc:
                show_error(self, "Print briefing packet", exc)
                return 0
            if where is not None:
                chosen = len(print_range(printer, self.preview.page_count))
                took = time.perf_counter() - started
                self.status.setText(f"Sent {pages_text(chosen)} ({size}, with its text) to "
                                    f"{where} in {took:.1f} s.")
                return chosen
        return self._print_rendered(printer)

    def _print_rendered(self, printer: QPrinter) -> int:
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

        def report(done: int, total: int) -> bool:
            progress.setMaximum(total)
            progress.setValue(done)
            progress.setLabelText(f"Sending page {min(done + 1, total)} of {total} to the "
                                  "printer…")
            QApplication.processEvents()
            return not progress.wasCanceled()

        assert self.packet is not None
        try:
            printed = print_document(self.preview.document, printer, report)
        except Exception as exc:  # noqa: BLE001 - shown as a message
            progress.close()
            show_error(self, "Print briefing packet", exc)
            return 0
        progress.close()
        chosen = progress.maximum()
        if printed < chosen:
            if printer.printerState() == QPrinter.PrinterState.Aborted:
                self.status.setText("Printing stopped; nothing more was sent to the printer.")
            else:
                self.status.setText(
                    f"Printing stopped after {pages_text(printed)} of {chosen}; the pages already "
                    "prepared were sent to the printer.")
            return printed
        took = time.perf_counter() - started
        self.status.setText(f"Sent {pages_text(printed)} to the printer as drawn pages in "
                            f"{took:.1f} s.")
        return printed


def pages_text(n: int) -> str:
    return f"{n} page{'s' if n != 1 else ''}"


def _size(n: int) -> str:
    return f"{n / 1024:,.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"
