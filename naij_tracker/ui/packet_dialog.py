"""File ▸ Briefing packet…: choose what goes in, generate in the background, preview, save, print.

The officer chooses the title, the kinds of matter, open only or also closed, "what changed
since", a date range, which matters (this one, the selected ones, or all that match) and
redaction. **Generate** collects the data and lays out the PDF on a worker thread
(``TaskRunner``) — a packet of a thousand matters takes a while, and the window stays
responsive — with a progress bar and a **Cancel** that really stops the build
(``build_packet`` checks ``cancelled()`` and raises ``PacketCancelled``). The PDF goes to a
private temporary folder and is shown in the preview (Qt PDF); **Save as…** copies it where the
officer wants it, **Print…** sends the PDF itself to the printer chosen in the system print
dialog (Print to File writes the same PDF as Save as…), drawing the pages only for a printer that
needs it. The audience box (``packet_audience``) sets the marking, redaction, sections and cover
for the reader. The temporary folder is removed when the dialog closes.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QSettings, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from naij_tracker.domain import clock
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.reports.audience import Audience
from naij_tracker.services.packet_source import PacketSelection
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.field_widgets import from_qdate, to_qdate
from naij_tracker.ui.messages import APP_TITLE, human_message, show_error
from naij_tracker.ui.packet_audience import AudienceBox
from naij_tracker.ui.packet_preview import PacketPreview
from naij_tracker.ui.packet_printing import PacketPrinting
from naij_tracker.ui.packet_printing import pages_text as _pages
from naij_tracker.ui.packet_task import GeneratedPacket, generate_packet
from naij_tracker.ui.tasks import Task, TaskRunner

#: Remembered between uses: where packets were last saved.
_LAST_FOLDER_KEY = "packet/last_folder"
PDF_FILTER = "PDF documents (*.pdf)"
#: Redaction choices: (label, redact).
REDACTION: tuple[tuple[str, bool], ...] = (
    ("Off — show member names", False),
    ("Member A, Member B, …, no contact details", True),
)


def suggested_file_name(title: str, today: date | None = None) -> str:
    """A file name from the packet's title and date, e.g. ``Board-meeting-2026-03-02.pdf``."""
    stem = re.sub(r"[^\w\-]+", "-", title, flags=re.UNICODE).strip("-_") or "Briefing-packet"
    return f"{stem[:60]}-{(today or clock.today()).isoformat()}.pdf"


class PacketDialog(PacketPrinting, QDialog):
    """Options on the left, the preview on the right, the actions along the bottom."""

    #: A print has ended: the number of pages sent to the printer (0 if none).
    printed = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 matter_ids: Sequence[int] = (), *, runner: TaskRunner | None = None,
                 store: QSettings | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.matter_ids = tuple(dict.fromkeys(int(i) for i in matter_ids))
        self.runner = runner or TaskRunner(self)
        self.store = store or QSettings()
        self.task: Task | None = None
        self.print_task: Task | None = None
        self.packet: GeneratedPacket | None = None
        self._tmp = tempfile.TemporaryDirectory(prefix="naij-packet-")
        self._selected_kinds: tuple[MatterKind, ...] = ()
        self._generation = 0
        self.setObjectName("packet_dialog")
        self.setWindowTitle(f"Briefing packet — {APP_TITLE}")
        self.setSizeGripEnabled(True)
        self._build()
        self._update_state()
        self.resize(1180, 800)

    # -- building --------------------------------------------------------------------------
    def _build(self) -> None:
        self.title_edit = QLineEdit("Briefing packet")
        self.title_edit.setObjectName("packet_title")
        self.title_edit.setAccessibleName("Packet title")
        self.title_edit.setMaxLength(200)
        self.title_edit.setClearButtonEnabled(True)
        self.title_edit.textEdited.connect(self._title_typed)
        self._title_auto = True

        from naij_tracker.services.audiences import load_audiences

        self.audience_box = AudienceBox(
            load_audiences(self.ctx.db), None if self.ctx.db.read_only else self._keep_preset,
            self)
        self.audience_box.changed.connect(self._on_audience)
        self.audience_box.edited.connect(self._update_state)

        self.kind_checks: dict[MatterKind, QCheckBox] = {}
        self.kinds_box = kinds_box = QGroupBox("Kinds of matter")
        kinds_layout = QVBoxLayout(kinds_box)
        for kind in MatterKind:
            check = QCheckBox(kind.plural)
            check.setObjectName(f"packet_kind_{kind.value}")
            check.setChecked(True)
            check.toggled.connect(self._update_state)
            kinds_layout.addWidget(check)
            self.kind_checks[kind] = check

        self.open_only = QRadioButton("&Open matters only")
        self.include_closed = QRadioButton("Also &closed matters")
        self.open_only.setChecked(True)
        status_group = QButtonGroup(self)
        status_group.addButton(self.open_only)
        status_group.addButton(self.include_closed)
        status_row = QHBoxLayout()
        status_row.addWidget(self.open_only)
        status_row.addWidget(self.include_closed)
        status_row.addStretch(1)

        today = to_qdate(clock.today())
        self.since_check = QCheckBox("List what changed &since")
        self.since_edit = self._date_edit(today.addDays(-30), "Changes since")
        self.since_check.toggled.connect(self.since_edit.setEnabled)
        since_row = QHBoxLayout()
        since_row.addWidget(self.since_check)
        since_row.addWidget(self.since_edit)
        since_row.addStretch(1)

        self.range_check = QCheckBox("Only matters active &between")
        self.from_edit = self._date_edit(today.addYears(-1), "Active from")
        self.to_edit = self._date_edit(today, "Active until")
        self.range_check.toggled.connect(self.from_edit.setEnabled)
        self.range_check.toggled.connect(self.to_edit.setEnabled)
        self.range_check.toggled.connect(self._update_state)
        self.from_edit.dateChanged.connect(self._update_state)
        self.to_edit.dateChanged.connect(self._update_state)
        range_row = QHBoxLayout()
        range_row.addWidget(self.from_edit)
        range_row.addWidget(QLabel("and"))
        range_row.addWidget(self.to_edit)
        range_row.addStretch(1)

        self.scope_all = QRadioButton("&All matters that match")
        self.scope_selected = QRadioButton(self._selection_label())
        self.scope_selected.setObjectName("packet_scope_selected")
        self.scope_all.setObjectName("packet_scope_all")
        scope_group = QButtonGroup(self)
        scope_group.addButton(self.scope_selected)
        scope_group.addButton(self.scope_all)
        (self.scope_selected if self.matter_ids else self.scope_all).setChecked(True)
        self.scope_selected.toggled.connect(self._update_state)
        scope_box = QGroupBox("Matters")
        scope_layout = QVBoxLayout(scope_box)
        scope_layout.addWidget(self.scope_selected)
        scope_layout.addWidget(self.scope_all)
        # Without a selection there is nothing to choose: every matter that matches goes in.
        scope_box.setVisible(bool(self.matter_ids))

        self.redaction = QComboBox()
        self.redaction.setObjectName("packet_redaction")
        self.redaction.setAccessibleName("Redaction of member names")
        for label, _redact in REDACTION:
            self.redaction.addItem(label)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.audience_box)
        form.addRow("&Title:", self.title_edit)
        form.addRow(scope_box)
        form.addRow(kinds_box)
        form.addRow("Include:", status_row)
        form.addRow(since_row)
        form.addRow(self.range_check)
        form.addRow(range_row)
        form.addRow("&Redaction:", self.redaction)
        self.hint = QLabel()
        self.hint.setObjectName("packet_hint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #b23c17;")
        form.addRow(self.hint)

        options = QWidget()
        options.setObjectName("packet_options")
        options_layout = QVBoxLayout(options)
        options_layout.setContentsMargins(0, 0, 8, 0)
        options_layout.addLayout(form)
        options_layout.addStretch(1)

        self.preview = PacketPreview(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(options)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 800])

        self.progress = QProgressBar()
        self.progress.setObjectName("packet_progress")
        self.progress.setAccessibleName("Packet progress")
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("packet_status")
        self.status.setAccessibleName("Packet status")
        self.status.setWordWrap(True)
        self.generate_button = QPushButton("&Generate")
        self.generate_button.setObjectName("packet_generate")
        self.generate_button.setDefault(True)
        self.cancel_button = QPushButton("Cance&l")
        self.cancel_button.setObjectName("packet_cancel")
        self.cancel_button.setToolTip("Stop generating the packet")
        self.save_button = QPushButton("Save &as…")
        self.save_button.setObjectName("packet_save")
        self.save_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        self.print_button = QPushButton("&Print…")
        self.print_button.setObjectName("packet_print")
        self.close_button = QPushButton("Close")
        self.close_button.setObjectName("packet_close")
        for button in (self.cancel_button, self.save_button, self.print_button,
                       self.close_button):
            button.setAutoDefault(False)
        self.generate_button.clicked.connect(self.generate)
        self.cancel_button.clicked.connect(self.cancel)
        self.save_button.clicked.connect(lambda _c=False: self.save_as())
        self.print_button.clicked.connect(lambda _c=False: self.print_packet())
        self.close_button.clicked.connect(self.reject)

        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.generate_button)
        bottom.addWidget(self.cancel_button)
        bottom.addSpacing(16)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.print_button)
        bottom.addSpacing(16)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.title_edit.setFocus()

    def _title_typed(self, _text: str) -> None:
        self._title_auto = False

    def _on_audience(self) -> None:
        """The audience decides the title (until the officer types one) and the redaction."""
        audience = self.audience_box.audience()
        if audience is not None and self._title_auto:
            self.title_edit.setText(audience.title)
        forced = audience is not None and (audience.redact or audience.aggregate)
        if forced:
            self.redaction.setCurrentIndex(1)
        self.redaction.setEnabled(not forced)
        self._update_state()

    def _keep_preset(self, audience: Audience) -> None:
        from naij_tracker.services.audiences import save_audience

        try:
            save_audience(self.ctx.db, audience)
        except ValueError as exc:  # the preset's own problems, in words
            QMessageBox.warning(self, f"Audience preset — {APP_TITLE}", str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - shown as a message
            show_error(self, "Audience preset", exc)
            return
        self.status.setText(f"Kept as the preset for \u201c{audience.name}\u201d.")

    def _date_edit(self, value: QDate, name: str) -> QDateEdit:
        edit = QDateEdit(value)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setAccessibleName(name)
        edit.setEnabled(False)
        return edit

    def _selection_label(self) -> str:
        if not self.matter_ids:
            return "The selected matters"
        records = []
        for matter_id in self.matter_ids:
            try:
                records.append(self.ctx.matters.get(matter_id))
            except Exception:  # noqa: BLE001 - a label only; generating reports any problem
                continue
        self._selected_kinds = tuple(k for k in MatterKind if any(r.kind is k for r in records))
        if len(self.matter_ids) > 1:
            return f"The &selected {len(self.matter_ids)} matters"
        if not records:
            return "&This matter"
        return f"&This matter: {records[0].reference} — {records[0].title[:60]}"

    # -- state -----------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.task is not None and self.task.is_running

    def _chosen_matters(self) -> bool:
        return self.scope_selected.isChecked() and bool(self.matter_ids)

    def _update_state(self, *_args: object) -> None:
        # Chosen matters bring their own kinds (no empty sections for the other kinds).
        chosen = self._chosen_matters()
        self.kinds_box.setEnabled(not chosen)
        self.open_only.setEnabled(not chosen)  # chosen matters go in open or closed
        self.include_closed.setEnabled(not chosen)
        problem = self.problem()
        busy = self.busy
        self.hint.setText(problem or "")
        self.hint.setVisible(bool(problem))
        self.generate_button.setEnabled(not busy and problem is None)
        self.cancel_button.setEnabled(busy)
        self.cancel_button.setVisible(busy)
        ready = self.packet is not None and not busy
        self.save_button.setEnabled(ready)
        self.print_button.setEnabled(ready)

    def problem(self) -> str | None:
        """Why the current options cannot make a packet (None when they can)."""
        if not self._chosen_matters() and not any(c.isChecked()
                                                   for c in self.kind_checks.values()):
            return "Choose at least one kind of matter."
        if self.range_check.isChecked() and self.from_edit.date() > self.to_edit.date():
            return "The date range ends before it starts."
        audience = self.audience_box.audience() if hasattr(self, "audience_box") else None
        if audience is not None and not audience.sections and not self._chosen_matters():
            return "Choose at least one section."
        return None

    def selection(self) -> PacketSelection:
        """The options as the packet service takes them."""
        _label, redact = REDACTION[self.redaction.currentIndex()]
        in_range = self.range_check.isChecked()
        chosen = self._chosen_matters()
        kinds = self._selected_kinds if chosen and self._selected_kinds else \
            tuple(k for k, c in self.kind_checks.items() if c.isChecked())
        return PacketSelection(
            kinds=kinds,
            include_closed=self.include_closed.isChecked(),
            since=from_qdate(self.since_edit.date()) if self.since_check.isChecked() else None,
            date_from=from_qdate(self.from_edit.date()) if in_range else None,
            date_to=from_qdate(self.to_edit.date()) if in_range else None,
            matter_ids=self.matter_ids if chosen else (),
            title=self.title_edit.text().strip() or "Briefing packet",
            redact=redact, audience=self.audience_box.audience())

    # -- generating ------------------------------------------------------------------------
    def generate(self) -> None:
        if self.busy or self.problem() is not None:
            return
        selection = self.selection()
        self._generation += 1
        out = Path(self._tmp.name) / f"packet-{self._generation}.pdf"
        db = self.ctx.db
        self.progress.setRange(0, 0)
        self.progress.setFormat("%p%")
        self.progress.show()
        self.status.setText("Gathering the matters…")
        self.task = self.runner.submit(
            lambda control: generate_packet(db, selection, out, control),
            on_result=self._on_generated, on_error=self._on_failed,
            on_progress=self._on_progress, on_cancelled=self._on_cancelled)
        if self.task.is_running:
            self.task.done.connect(self._on_task_done)
            self._update_state()
            self.cancel_button.setFocus()

    def cancel(self) -> None:
        if self.task is not None and self.task.is_running:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText("Cancelling…")

    def _on_progress(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        if text and not (self.task is not None and self.task.control.cancelled):
            self.status.setText(text)

    def _on_task_done(self) -> None:
        self.progress.hide()
        self._update_state()

    def _on_generated(self, result: GeneratedPacket) -> None:
        self.progress.hide()
        try:
            self.preview.load(result.path)
        except Exception as exc:  # noqa: BLE001 - shown as a message
            self.packet = None
            self._on_failed(exc)
            return
        self._discard_old_files(keep=result.path)
        self.packet = result
        pages = _pages(result.pages)
        matters = f"{result.matters} matter{'s' if result.matters != 1 else ''}"
        self.status.setText(f"Ready: {pages}, {matters}. Save it or print it.")
        self._update_state()
        self.preview.view.setFocus()

    def _on_failed(self, exc: BaseException) -> None:
        self.progress.hide()
        message, _known = human_message(exc)
        self.status.setText(f"The packet was not made. {message}")
        self._update_state()
        show_error(self, "Briefing packet", exc)

    def _on_cancelled(self) -> None:
        self.progress.hide()
        self.status.setText("Cancelled; no packet was made." if self.packet is None
                            else "Cancelled; the preview shows the previous packet.")
        self._update_state()

    def _discard_old_files(self, keep: Path) -> None:
        for old in Path(self._tmp.name).glob("packet-*.pdf"):
            if old != keep:
                old.unlink(missing_ok=True)

    # -- saving and printing ---------------------------------------------------------------
    def save_as(self) -> Path | None:
        """Copy the generated packet to a file the officer chooses; the path, or None."""
        if self.packet is None:
            return None
        folder = str(self.store.value(_LAST_FOLDER_KEY, "", str)) or (
            str(self.ctx.db.path.parent) if self.ctx.db.path else str(Path.home()))
        start = str(Path(folder) / suggested_file_name(self.title_edit.text()))
        path_text, _filter = QFileDialog.getSaveFileName(self, "Save briefing packet", start,
                                                         PDF_FILTER)
        from naij_tracker.ui.plain_output import confirm_plain_output

        if not path_text or not confirm_plain_output(self, self.ctx.db, "The packet"):
            return None
        target = Path(path_text)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        from naij_tracker.db.errors import StorageError
        from naij_tracker.db.outputs import PACKET, atomic_path, check_output

        try:  # the dialog asked before replacing; the database and its backups are refused
            target = check_output(target, PACKET, database=self.ctx.db.path, force=True)
            with atomic_path(target) as tmp:
                shutil.copyfile(self.packet.path, tmp)
        except (OSError, StorageError) as exc:
            show_error(self, "Save briefing packet", exc)
            return None
        self.store.setValue(_LAST_FOLDER_KEY, str(target.parent))
        self.status.setText(f"Saved to {target}")
        return target

    # -- closing ---------------------------------------------------------------------------
    def done(self, result: int) -> None:  # noqa: D401 - Qt's name
        """Stop a running build and remove the temporary files whichever way the dialog ends."""
        if self.busy or self.printing:
            self.runner.shutdown()  # cancels them, and waits
        self.preview.clear()
        self._tmp.cleanup()
        super().done(result)
