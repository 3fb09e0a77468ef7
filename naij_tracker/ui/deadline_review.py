"""The review of open deadlines that a change of rules, closures, CBA limits or trigger would move.

Shown after the officer changes closure days, the closure policy or a CBA time limit in
Preferences, after a trigger date is corrected, and from Edit ▸ Review deadlines against current
rules. Each row says the deadline, its old and new date and why; the officer ticks the ones to
apply (all are ticked to start) and applies them, or keeps everything as it is. Nothing changes
until Apply is pressed; deadlines entered by hand are never listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from naij_tracker.domain.calendar import weekday_name
from naij_tracker.services.deadline_review import ReviewItem
from naij_tracker.ui.context import AppContext

_HEADERS = ("Apply", "Matter", "Deadline", "Was due", "Now due", "Why")


def _date_text(d: date, filing_time: str = "") -> str:
    text = f"{weekday_name(d)[:3]} {d.isoformat()}"
    return f"{text}, {filing_time}" if filing_time else text


class DeadlineReviewDialog(QDialog):
    """Old date, new date and why for each deadline; apply the ticked ones or keep them all."""

    def __init__(self, ctx: AppContext, items: Sequence[ReviewItem], parent: QWidget | None = None,
                 *, heading: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.items = list(items)
        self.applied = 0
        self.setWindowTitle("Review deadlines")
        self.setMinimumSize(820, 360)
        intro = QLabel(heading or (
            f"{len(self.items)} open deadline(s) would change under the current rules, closure "
            "days and CBA time limits. Nothing changes until you apply it; deadlines entered by "
            "hand are never changed."))
        intro.setWordWrap(True)
        self.table = QTableWidget(len(self.items), len(_HEADERS))
        self.table.setObjectName("review_table")
        self.table.setAccessibleName("Deadlines that would change")
        self.table.setHorizontalHeaderLabels(list(_HEADERS))
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, item in enumerate(self.items):
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                          | Qt.ItemFlag.ItemIsSelectable)
            tick.setCheckState(Qt.CheckState.Checked)
            tick.setData(Qt.ItemDataRole.UserRole, item.deadline_id)
            tick.setToolTip("Tick to apply the new date")
            self.table.setItem(row, 0, tick)
            new_due = _date_text(item.new_due, item.computed.filing_time and "11:59 p.m. ET")
            if item.new_alternative:
                new_due += f"\n(alternative {item.new_alternative.isoformat()})"
            cells = (item.reference, item.title, _date_text(item.old_due), new_due, item.why)
            for col, text in enumerate(cells, start=1):
                cell = QTableWidgetItem(text)
                cell.setToolTip(item.computed.explanation if col in (3, 4) else text)
                self.table.setItem(row, col, cell)
        header = self.table.horizontalHeader()
        for col in range(len(_HEADERS) - 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(_HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        self.table.setCurrentCell(-1, -1)  # no focus frame on the first box until it is used

        self.select_all = QPushButton("Tick &all")
        self.select_none = QPushButton("Tick &none")
        self.select_all.clicked.connect(lambda: self._tick_all(Qt.CheckState.Checked))
        self.select_none.clicked.connect(lambda: self._tick_all(Qt.CheckState.Unchecked))
        self.buttons = QDialogButtonBox()
        self.apply_button = self.buttons.addButton("A&pply ticked",
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_button = self.buttons.addButton("&Keep all as they are",
                                                  QDialogButtonBox.ButtonRole.RejectRole)
        self.apply_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.table.itemChanged.connect(lambda _i: self._update())

        row_buttons = QHBoxLayout()
        row_buttons.addWidget(self.select_all)
        row_buttons.addWidget(self.select_none)
        row_buttons.addStretch(1)
        row_buttons.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row_buttons)
        self._update()

    def _ticks(self) -> list[QTableWidgetItem]:
        """The first cell of every row: its check box and the deadline's id."""
        items = (self.table.item(row, 0) for row in range(self.table.rowCount()))
        return [item for item in items if item is not None]

    def _tick_all(self, state: Qt.CheckState) -> None:
        for tick in self._ticks():
            tick.setCheckState(state)

    def chosen_ids(self) -> list[int]:
        out = []
        for tick in self._ticks():
            if tick.checkState() == Qt.CheckState.Checked:
                out.append(int(tick.data(Qt.ItemDataRole.UserRole)))
        return out

    def _update(self) -> None:
        n = len(self.chosen_ids())
        # A database opened read-only (another officer has it) can be reviewed, not changed.
        self.apply_button.setEnabled(n > 0 and not self.ctx.db.read_only)
        if self.ctx.db.read_only:
            self.apply_button.setToolTip("This database is open read-only: nothing can be "
                                         "applied here.")
        self.apply_button.setText(f"A&pply {n} ticked" if n else "A&pply ticked")

    def accept(self) -> None:
        self.applied = self.ctx.deadlines.apply_review(self.items, self.chosen_ids())
        super().accept()


def offer_review(ctx: AppContext, parent: QWidget | None = None,
                 items: Sequence[ReviewItem] | None = None, *, heading: str = "",
                 quiet: bool = True) -> int:
    """Show the review if any open deadline would change; the number of deadlines applied.

    ``quiet``: say nothing when nothing would change (after saving Preferences).
    """
    from naij_tracker.ui.messages import show_error

    try:
        items = ctx.deadlines.recheck() if items is None else list(items)
    except Exception as exc:  # a storage failure is shown, never lost
        show_error(parent, "Review deadlines", exc)
        return 0
    if not items:
        if not quiet:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(parent, "Review deadlines",
                                    "No open deadline would change under the current rules.")
        return 0
    dialog = DeadlineReviewDialog(ctx, items, parent, heading=heading)
    try:
        dialog.exec()
        return dialog.applied
    except Exception as exc:
        show_error(parent, "Review deadlines", exc)
        return 0
    finally:
        dialog.deleteLater()
