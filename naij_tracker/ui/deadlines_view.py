"""Every open deadline across matters, grouped Overdue (red) / This week / Later.

Each row shows the rule and citation; the pane underneath gives the plain-language count of the
selected deadline (also its tooltip). From here an officer marks a deadline done, opens its matter
(double-click or Enter) or exports the open deadlines to a calendar file (.ics).
"""

from __future__ import annotations

import html
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from naij_tracker.domain import clock
from naij_tracker.domain.deadlines import filing_time_for
from naij_tracker.reports.calendar_export import CalendarExportError
from naij_tracker.services.calendar_feed import export_ics
from naij_tracker.services.deadline_review import stale_count
from naij_tracker.services.queries import DeadlineRow, deadline_rows
from naij_tracker.ui.changes import Change
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.deadline_dialogs import how_counted_html
from naij_tracker.ui.messages import show_error
from naij_tracker.ui.table_models import KeepColourDelegate
from naij_tracker.ui.tasks import TaskRunner

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_COLOUR = QColor("#c62828")
HEADERS = ("Due", "Matter", "Deadline", "Member", "Rule", "Citation")
GROUPS = ("Overdue", "This week", "Later")


def end_of_week(today: date) -> date:
    """The Sunday that ends today's week (weeks run Monday to Sunday)."""
    return today + timedelta(days=6 - today.weekday())


def group_of(row: DeadlineRow, today: date) -> int:
    """0 overdue, 1 due from today to this week's Sunday (Monday–Sunday), 2 later."""
    if row.due_on < today:
        return 0
    return 1 if row.due_on <= end_of_week(today) else 2


def _tooltip(row: DeadlineRow) -> str:
    return "\n".join(p for p in (row.explanation, row.citation) if p)


class DeadlinesModel(QStandardItemModel):
    """Groups as top-level rows, deadlines as their children (``ROW_ROLE`` holds the row)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rule_names: dict[str, str] = {}
        self.setHorizontalHeaderLabels(list(HEADERS))

    def set_rows(self, rows: list[DeadlineRow], today: date,
                 rule_names: dict[str, str] | None = None) -> None:
        self.rule_names = rule_names or {}
        self.removeRows(0, self.rowCount())
        grouped: list[list[DeadlineRow]] = [[], [], []]
        for row in rows:
            grouped[group_of(row, today)].append(row)
        for g, members in enumerate(grouped):
            head = QStandardItem(f"{GROUPS[g]} ({len(members)})")
            head.setEditable(False)
            font = QFont()
            font.setBold(True)
            head.setFont(font)
            if g == 0 and members:
                head.setForeground(QBrush(OVERDUE_COLOUR))
            fillers = [QStandardItem("") for _ in HEADERS[1:]]
            for f in fillers:
                f.setEditable(False)
            for row in members:
                head.appendRow(self._items(row, g == 0, self.rule_names))
            self.appendRow([head, *fillers])

    @staticmethod
    def _items(row: DeadlineRow, overdue: bool, rule_names: dict[str, str]) -> list[QStandardItem]:
        rule = rule_names.get(row.rule_id, row.rule_id) if row.rule_id else "entered by hand"
        # FLRA filings close at 11:59 p.m. Eastern (eFiling): the time goes with the date.
        due = row.due_on.isoformat()
        if filing_time_for(row.rule_id):
            due += ", 11:59 p.m. ET"
        texts = (due, f"{row.reference} — {row.matter_title}", row.title,
                 row.member_name or "", rule, row.citation or "")
        items = []
        for text in texts:
            item = QStandardItem(text)
            item.setEditable(False)
            item.setData(row, ROW_ROLE)
            item.setToolTip(_tooltip(row))
            if overdue:
                item.setForeground(QBrush(OVERDUE_COLOUR))
            items.append(item)
        return items


class DeadlinesView(QWidget):
    open_matter = Signal(int)
    #: The window's ``View`` signal (``ui/view_registry.py``): deadlines moved by a review.
    changed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # Writes run on the window's runner (threaded); alone, a view writes at once.
        self.runner = runner or TaskRunner(self, synchronous=True)
        self.marking = False  # a "done" being written: the button stays off until it is
        self.today = clock.today()
        self.model = DeadlinesModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName("Open deadlines")
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setItemDelegate(KeepColourDelegate(self.tree))
        self.tree.setTabKeyNavigation(False)
        for col, width in enumerate((235, 290, 220, 150, 170)):
            self.tree.setColumnWidth(col, width)
        self.detail = QLabel()
        self.detail.setAccessibleName("How the deadline was counted")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setMargin(6)
        self.summary = QLabel()
        self.done_button = QPushButton("&Mark done")
        self.open_button = QPushButton("&Open matter")
        self.export_button = QPushButton("E&xport to calendar (.ics)…")
        self.review_button = QPushButton("&Review against current rules…")
        self.review_button.setToolTip("List the open deadlines that today's rules, closure days "
                                      "or CBA time limits would move, and apply the ones you "
                                      "choose")
        for b in (self.done_button, self.open_button, self.export_button, self.review_button):
            b.setAutoDefault(False)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.review_button)
        top.addWidget(self.export_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.done_button)
        bottom.addWidget(self.open_button)
        bottom.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.tree.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        self.tree.activated.connect(self._activated)
        self.done_button.clicked.connect(self.mark_done)
        self.open_button.clicked.connect(self._open_selected)
        self.export_button.clicked.connect(self.export_calendar)
        self.review_button.clicked.connect(self.review)
        self._loaded = False  # loads when first shown: start-up need not wait for it

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._loaded:
            self.refresh()

    def select(self, matter_id: int) -> bool:
        """Nothing here is chosen by matter (the window's ``View``: ``ui/view_registry.py``)."""
        return False

    def refresh(self) -> None:
        self._loaded = True
        self.today = clock.today()
        keep = self.selected()
        rows = deadline_rows(self.ctx.db)
        self.rows = rows
        names = {rule_id: rule.name for rule_id, rule in self.ctx.deadlines.rules().items()}
        self.model.set_rows(rows, self.today, names)
        self.tree.expandAll()
        counts = [self.model.item(g).rowCount() for g in range(3)]
        stale = stale_count(self.ctx.db)
        older = (f" — {stale} computed with older rules: review them" if stale else "")
        self.summary.setText(f"{len(rows)} open deadlines — <span style='color:#c62828'>"
                             f"{counts[0]} overdue</span>, {counts[1]} this week{older}")
        if keep is not None:
            self.select_deadline(keep.id)
        self._on_selection()

    def select_deadline(self, deadline_id: int) -> bool:
        if not self._loaded:
            self.refresh()
        for g in range(self.model.rowCount()):
            head = self.model.item(g)
            for r in range(head.rowCount()):
                if head.child(r).data(ROW_ROLE).id == deadline_id:
                    self.tree.setCurrentIndex(head.child(r).index())
                    return True
        return False

    def selected(self) -> DeadlineRow | None:
        index = self.tree.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        return row if isinstance(row, DeadlineRow) else None

    def _on_selection(self) -> None:
        row = self.selected()
        self.done_button.setEnabled(row is not None and not self.marking)
        self.open_button.setEnabled(row is not None)
        self.export_button.setEnabled(bool(self.rows))
        if row is None:
            self.detail.setText("<i>Select a deadline to see which rule made it and how it was "
                                "counted.</i>")
            return
        served = f" (service: {row.service_method})" if row.service_method else ""
        trigger = f"Event {row.trigger_on.isoformat()}{served}. " if row.trigger_on else ""
        self.detail.setText(
            f"<b>{html.escape(row.title, quote=False)}</b> — {html.escape(row.reference, quote=False)}: "
            f"{html.escape(row.matter_title, quote=False)}<br>{trigger}"
            f"{how_counted_html(row.explanation, row.citation)}")

    def review(self) -> None:
        """The review of open deadlines against today's rules, closures and CBA limits."""
        from naij_tracker.ui.deadline_review import offer_review

        if offer_review(self.ctx, self, quiet=False):
            self.changed.emit(Change.of_deadlines("deadlines"))
        self.refresh()

    def _activated(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if isinstance(row, DeadlineRow):
            self.open_matter.emit(row.matter_id)

    def _open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_matter.emit(row.matter_id)

    def mark_done(self) -> None:
        """Mark the selected deadline done, on the runner (a stalled server does not freeze
        the window); the views that show deadlines hear of it."""
        row = self.selected()
        if row is None or self.marking:
            return
        deadlines = self.ctx.deadlines
        self.marking = True
        self.done_button.setEnabled(False)
        self.done_button.setText("Marking…")

        def finish() -> None:
            self.marking = False
            self.done_button.setText("&Mark done")
            self.refresh()

        def written(_result: object) -> None:
            self.ctx.undo.push(f"Undo “done” on {row.title}", lambda: deadlines.reopen(row.id))
            self.changed.emit(Change.of_deadlines("deadlines"))
            finish()

        def failed(exc: BaseException) -> None:
            show_error(self, "Mark done", exc)
            finish()

        self.runner.submit(lambda _control: deadlines.mark_done(row.id), on_result=written,
                           on_error=failed)

    def export_calendar(self) -> None:
        """Write the open deadlines to an .ics file the officer picks."""
        target, _ = QFileDialog.getSaveFileName(
            self, "Export deadlines to a calendar file",
            str(Path.home() / "naij-deadlines.ics"), "Calendar files (*.ics)")
        from naij_tracker.ui.plain_output import confirm_plain_output

        if not target or not confirm_plain_output(self, self.ctx.db, "The calendar file"):
            return
        path = Path(target if target.lower().endswith(".ics") else target + ".ics")
        try:
            # force: the save dialog has asked before replacing; the database, its lock and
            # backups are refused all the same.
            written = export_ics(self.ctx.db, path, self.rows, force=True)
        except CalendarExportError as exc:
            show_error(self, "Export calendar", OSError(0, str(exc)))
            return
        except Exception as exc:
            show_error(self, "Export calendar", exc)
            return
        self.summary.setText(f"{len(self.rows)} deadlines written to {written}")
