"""Showing and printing a generated PDF inside the application, with Qt PDF.

``PacketPreview`` is a scrolling, zoomable view of every page of a PDF (``QPdfView`` in
multi-page mode over a ``QPdfDocument``) with a small tool bar: zoom out, zoom in, fit width,
whole page, and "page X of Y" that follows the scrolling.

``send_pdf`` prints the packet as it is — the vector PDF with its text: Print to File writes
the same PDF that Save as… writes (only the chosen pages, if a range was chosen), and a physical
printer gets the file through the system's print spooler (CUPS ``lp``) where there is one.
Only a printer that needs pages drawn for it falls back to ``print_document``, which prints
the *rendered pages*: each page is rasterised by PDFium (``QPdfDocument.render``) at up to
``PRINT_DPI`` and painted to fit the printable area.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from naij_tracker.db.errors import StorageError
from naij_tracker.ui.style import mute

#: Pages are rasterised for printing at this resolution at most (a 1200-dpi printer would
#: otherwise need half a gigabyte per Letter page); 300 dpi is what office printers resolve.
PRINT_DPI = 300
ZOOM_STEP = 1.25
ZOOM_LIMITS = (0.25, 5.0)

_LOAD_ERRORS = {
    QPdfDocument.Error.FileNotFound: "the file is missing",
    QPdfDocument.Error.InvalidFileFormat: "it is not a valid PDF",
    QPdfDocument.Error.IncorrectPassword: "it is protected by a password",
    QPdfDocument.Error.UnsupportedSecurityScheme: "its security scheme is not supported",
}


class PacketPreview(QWidget):
    """A multi-page, zoomable preview of one PDF file (or a placeholder text)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("packet_preview")
        self.view.setAccessibleName("Packet preview")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.placeholder = QLabel("Choose what goes into the packet, then press Generate.\n"
                                  "The packet will be shown here before you save or print it.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        mute(self.placeholder)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.placeholder)
        self.pages.addWidget(self.view)

        self.zoom_out_button = self._tool("−", "Zoom out", QKeySequence.StandardKey.ZoomOut,
                                          self.zoom_out)
        self.zoom_in_button = self._tool("+", "Zoom in", QKeySequence.StandardKey.ZoomIn,
                                         self.zoom_in)
        self.fit_width_button = self._tool("Fit width", "Fit the page width to the window",
                                           None, self.fit_width)
        self.fit_page_button = self._tool("Whole page", "Show whole pages", None, self.fit_page)
        self.page_label = QLabel()
        self.page_label.setObjectName("preview_page")
        self.page_label.setAccessibleName("Current page")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for button in (self.zoom_out_button, self.zoom_in_button, self.fit_width_button,
                       self.fit_page_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.page_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.pages, 1)

        self.view.pageNavigator().currentPageChanged.connect(self._show_page_number)
        self.document.pageCountChanged.connect(self._show_page_number)
        self._set_controls_enabled(False)

    def _tool(self, text: str, tip: str, key: QKeySequence.StandardKey | None,
              slot: object) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoRaise(True)
        if key is not None:
            button.setShortcut(QKeySequence(key))
        button.clicked.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return button

    # -- the document ----------------------------------------------------------------------
    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def load(self, path: Path) -> int:
        """Show the PDF at ``path``; its page count. Raises ``StorageError`` if it cannot be read."""
        error = self.document.load(str(path))
        if error != QPdfDocument.Error.None_:
            self.clear()
            reason = _LOAD_ERRORS.get(error, "it could not be read")
            raise StorageError(f"The packet {path} cannot be shown: {reason}.")
        self.pages.setCurrentWidget(self.view)
        self._set_controls_enabled(True)
        self.view.pageNavigator().jump(0, QPointF(), self.view.zoomFactor())
        self._show_page_number()
        return self.document.pageCount()

    def clear(self, text: str | None = None) -> None:
        """Close the document (releasing its file) and show the placeholder."""
        self.document.close()
        if text is not None:
            self.placeholder.setText(text)
        self.pages.setCurrentWidget(self.placeholder)
        self._set_controls_enabled(False)
        self.page_label.setText("")

    def _set_controls_enabled(self, enabled: bool) -> None:
        for button in (self.zoom_out_button, self.zoom_in_button, self.fit_width_button,
                       self.fit_page_button):
            button.setEnabled(enabled)

    def _show_page_number(self, *_args: object) -> None:
        count = self.document.pageCount()
        if count:
            current = self.view.pageNavigator().currentPage() + 1
            self.page_label.setText(f"Page {current} of {count}")

    # -- zoom ------------------------------------------------------------------------------
    def zoom_in(self) -> None:
        self._zoom(self.view.zoomFactor() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom(self.view.zoomFactor() / ZOOM_STEP)

    def _zoom(self, factor: float) -> None:
        low, high = ZOOM_LIMITS
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(min(high, max(low, factor)))

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def fit_page(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)


def print_range(printer: QPrinter, page_count: int) -> range:
    """The 0-based page indexes the officer chose in the print dialog (all by default)."""
    first, last = 1, page_count
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(1, printer.fromPage())
        last = min(page_count, printer.toPage() or page_count)
    return range(first - 1, last)


def print_document(document: QPdfDocument, printer: QPrinter,
                   progress: Callable[[int, int], bool] | None = None) -> int:
    """Print the pages of ``document`` chosen on ``printer``; the number of pages printed.

    ``progress(done, total)`` is called before each page and after the last; when it returns
    False the print job is aborted (nothing more reaches the printer) and the pages sent so far
    are returned, fewer than chosen.
    """
    pages = print_range(printer, document.pageCount())
    if not pages:
        return 0
    painter = QPainter()
    if not painter.begin(printer):
        raise StorageError("The printer could not be started. Check that it is connected and "
                           "ready, or print to a PDF file instead.")
    try:
        scale_down = min(1.0, PRINT_DPI / max(1, printer.resolution()))
        for n, index in enumerate(pages):
            if progress is not None and not progress(n, len(pages)):
                printer.abort()
                return n
            if n and not printer.newPage():
                raise StorageError("The printer stopped accepting pages; the print job may be "
                                   "incomplete.")
            area = QRectF(painter.viewport())
            size_pt = document.pagePointSize(index)
            if size_pt.isEmpty():
                continue
            scale = min(area.width() / size_pt.width(), area.height() / size_pt.height())
            width, height = size_pt.width() * scale, size_pt.height() * scale
            image = document.render(index, QSize(max(1, round(width * scale_down)),
                                                 max(1, round(height * scale_down))))
            target = QRectF(area.x() + (area.width() - width) / 2,
                            area.y() + (area.height() - height) / 2, width, height)
            painter.drawImage(target, image)
    finally:
        if painter.isActive():
            painter.end()
    if progress is not None:
        progress(len(pages), len(pages))
    return len(pages)


def send_pdf(path: Path, printer: QPrinter, page_count: int) -> str | None:
    """Print the PDF itself, keeping its text; where it went, or None when ``printer`` needs
    rendered pages (``print_document``).

    Print to File writes the PDF (the chosen range only, else the whole file byte for byte)
    atomically to the printer's output file; a named printer on a system with CUPS gets the
    file through ``lp`` with the copies and page range chosen.
    """
    pages = print_range(printer, page_count)
    if not pages:
        return None
    whole = len(pages) == page_count
    if (printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
            and printer.outputFileName()):
        target = Path(printer.outputFileName())
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                   dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                if whole:
                    with open(path, "rb") as src:
                        shutil.copyfileobj(src, out)
                else:
                    _write_pages(path, pages, out)
            os.replace(tmp, target)
        except BaseException:
            with suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        return str(target)
    lp = shutil.which("lp")
    if sys.platform == "win32" or lp is None or not printer.printerName():
        return None
    command = [lp, "-d", printer.printerName(), "-n", str(max(1, printer.copyCount())),
               "-t", printer.docName() or path.stem]
    if not whole:
        command += ["-P", f"{pages.start + 1}-{pages.stop}"]
    command.append(str(path))
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None  # the spooler refused it: draw the pages instead
    return printer.printerName()


def _write_pages(path: Path, pages: range, out: object) -> None:
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(path)
    writer = PdfWriter()
    for index in pages:
        writer.add_page(reader.pages[index])
    writer.write(out)  # type: ignore[arg-type]
