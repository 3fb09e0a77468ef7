"""Reports: grievance analytics in the application — each figure a painted bar chart with its
table beside it, exportable to CSV or XLSX, under filters for dates, court, article and kind.

The figures come from ``services.analytics`` (SQL ``GROUP BY``s), counted off the GUI thread
(``TaskRunner``; a newer filter supersedes an older count); the charts are painted directly
(``ui.bar_chart``), as the dashboard's are, so the view costs no graphics scene.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import cast

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from naij_tracker.domain import clock
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.analytics import Analytics, AnalyticsFilter, Table
from naij_tracker.ui.bar_chart import BarChart
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.field_widgets import to_qdate
from naij_tracker.ui.messages import show_error
from naij_tracker.ui.style import ACCENT, mute
from naij_tracker.ui.tasks import TaskControl, TaskRunner

ALL = "All"
FILE_FILTER = "Excel workbook (*.xlsx);;CSV file (*.csv)"


class FigureCard(QGroupBox):
    """One figure: its chart on the left, its table on the right, an export button."""

    def __init__(self, table: Table, parent: QWidget | None = None) -> None:
        super().__init__(table.title, parent)
        self.figure = table
        self.setObjectName(f"report_{table.key}")
        self.chart = BarChart(QColor(ACCENT), self)
        self.chart.setAccessibleName(f"Chart: {table.title}")
        labels, values = table.chart()
        self.chart.set_bars(labels, values)
        self.chart.setVisible(any(values))
        self.table = QTableWidget(len(table.rows), len(table.columns), self)
        self.table.setObjectName(f"report_table_{table.key}")
        self.table.setAccessibleName(f"Table: {table.title}")
        self.table.setHorizontalHeaderLabels(list(table.columns))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for r, row in enumerate(table.rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(_text(value))
                if isinstance(value, int | float):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, len(table.columns)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        rows_height = sum(self.table.rowHeight(r) for r in range(len(table.rows)))
        self.table.setFixedHeight(min(900, rows_height + header.sizeHint().height() + 6))
        self.export_button = QPushButton("E&xport…")
        self.export_button.setObjectName(f"report_export_{table.key}")
        self.export_button.setToolTip("Save this table as a CSV or Excel file")
        self.export_button.clicked.connect(lambda _c=False: self.export())
        body = QHBoxLayout()
        if any(values):
            side = QVBoxLayout()
            caption = QLabel(f"Bars: {table.columns[table.chart_column].lower()}")
            mute(caption)
            side.addWidget(caption)
            side.addWidget(self.chart)
            side.addStretch(1)
            body.addLayout(side, 2)
        body.addWidget(self.table, 3, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        foot = QHBoxLayout()
        note = QLabel(table.note)
        note.setWordWrap(True)
        mute(note)
        foot.addWidget(note, 1)
        foot.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(foot)

    def export(self, path: str | None = None) -> Path | None:
        """Write the table to a file the officer chooses (or ``path``); the path written."""
        from naij_tracker.reports.analytics_export import export_table

        if path is None:
            start = str(Path.home() / f"{self.figure.key}-{clock.today().isoformat()}.xlsx")
            path, _used = QFileDialog.getSaveFileName(self, "Export table", start, FILE_FILTER)
            if not path:
                return None
        target = Path(path)
        if target.suffix.lower() not in (".csv", ".xlsx"):
            target = target.with_name(target.name + ".xlsx")
        try:
            return export_table(self.figure, target)
        except Exception as exc:  # noqa: BLE001 - shown as a message
            show_error(self, "Export table", exc)
            return None


class ReportsView(QWidget):
    """Filters along the top, then one card per figure in a scrolling column."""

    #: The window's ``View`` signal (``ui/view_registry.py``); nothing is changed here.
    changed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner or TaskRunner(self, synchronous=True)
        self.analytics: Analytics | None = None
        self.cards: dict[str, FigureCard] = {}
        today = to_qdate(clock.today())
        self.range_check = QCheckBox("&Filed between")
        self.range_check.setObjectName("reports_range")
        self.from_edit = self._date(today.addYears(-1), "Filed from")
        self.to_edit = self._date(today, "Filed until")
        self.range_check.toggled.connect(self.from_edit.setEnabled)
        self.range_check.toggled.connect(self.to_edit.setEnabled)
        self.court = self._combo("reports_court", "Court")
        self.article = self._combo("reports_article", "CBA article")
        self.kind = self._combo("reports_kind", "Kind of matter")
        for kind in MatterKind:
            self.kind.addItem(kind.plural, kind.value)
        self.export_all_button = QPushButton("Export &all…")
        self.export_all_button.setObjectName("reports_export_all")
        for signal in (self.range_check.toggled, self.from_edit.dateChanged,
                       self.to_edit.dateChanged, self.court.currentIndexChanged,
                       self.article.currentIndexChanged, self.kind.currentIndexChanged):
            signal.connect(self._filters_changed)
        self.export_all_button.clicked.connect(lambda _c=False: self.export_all())

        bar = QHBoxLayout()
        bar.addWidget(self.range_check)
        bar.addWidget(self.from_edit)
        bar.addWidget(QLabel("and"))
        bar.addWidget(self.to_edit)
        bar.addSpacing(12)
        for label, combo in (("C&ourt:", self.court), ("A&rticle:", self.article),
                             ("&Kind:", self.kind)):
            text = QLabel(label)
            text.setBuddy(combo)
            bar.addWidget(text)
            bar.addWidget(combo)
        bar.addStretch(1)
        bar.addWidget(self.export_all_button)

        self.heading = QLabel()
        self.heading.setObjectName("reports_heading")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.column = QWidget()
        self.column_layout = QVBoxLayout(self.column)
        self.column_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("reports_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.column)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.heading)
        layout.addWidget(scroll, 1)
        self._loading = False
        self.refresh()

    def _date(self, value: QDate, name: str) -> QDateEdit:
        edit = QDateEdit(value)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setAccessibleName(name)
        edit.setEnabled(False)
        return edit

    def _combo(self, name: str, accessible: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.addItem(ALL, None)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        return combo

    # -- data ------------------------------------------------------------------------------
    def current_filter(self) -> AnalyticsFilter:
        ranged = self.range_check.isChecked()
        kind = self.kind.currentData()
        # PySide6's stubs type QDate.toPython() as object; it returns a datetime.date.
        return AnalyticsFilter(
            date_from=cast(date, self.from_edit.date().toPython()) if ranged else None,
            date_to=cast(date, self.to_edit.date().toPython()) if ranged else None,
            court=self.court.currentData(), article=self.article.currentData(),
            kind=MatterKind(kind) if kind else None)

    def _filters_changed(self, *_args: object) -> None:
        if not self._loading:
            self._load()

    def select(self, matter_id: int) -> bool:
        """Nothing here is chosen by matter (the window's ``View``: ``ui/view_registry.py``)."""
        return False

    def refresh(self) -> None:
        """Re-read the filter choices (courts, articles) and the figures."""
        from naij_tracker.services.analytics import choices_for_filters

        self._loading = True
        try:
            choices = choices_for_filters(self.ctx.db)
            for combo, values in ((self.court, choices["courts"]),
                                  (self.article, choices["articles"])):
                keep = combo.currentData()
                combo.clear()
                combo.addItem(ALL, None)
                for value in values:
                    combo.addItem(value, value)
                index = combo.findData(keep)
                combo.setCurrentIndex(max(0, index))
        finally:
            self._loading = False
        self._load()

    def _load(self) -> None:
        from naij_tracker.services.analytics import compute_analytics

        db, f = self.ctx.db, self.current_filter()
        self.heading.setText("Counting…")

        def count(_control: TaskControl) -> Analytics:
            return compute_analytics(db, f)

        self.runner.submit(count, on_result=self._show, supersede="reports",
                           on_error=lambda exc: show_error(self, "Reports", exc))

    def _show(self, a: Analytics) -> None:
        self.analytics = a
        for card in self.cards.values():
            card.setParent(None)
            card.deleteLater()
        self.cards = {}
        if a.win_rate is not None:
            won = round(a.win_rate * a.decided)
            self.heading.setText(
                f"{a.grievances:,} grievances · win rate {a.win_rate:.0%} "
                f"({won:,} sustained or settled of {a.decided:,} decided)")
        else:
            self.heading.setText(f"{a.grievances:,} grievances · none decided yet")
        for table in a.tables:
            if not table.rows:
                continue
            card = FigureCard(table, self.column)
            self.column_layout.insertWidget(self.column_layout.count() - 1, card)
            self.cards[table.key] = card

    def export_all(self, path: str | None = None) -> Path | None:
        """Every table to one file."""
        from naij_tracker.reports.analytics_export import export_all

        if self.analytics is None:
            return None
        if path is None:
            start = str(Path.home() / f"analytics-{clock.today().isoformat()}.xlsx")
            path, _used = QFileDialog.getSaveFileName(self, "Export all tables", start,
                                                      FILE_FILTER)
            if not path:
                return None
        try:
            return export_all(self.analytics, path)
        except Exception as exc:  # noqa: BLE001 - shown as a message
            show_error(self, "Export tables", exc)
            return None


def _text(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return "" if value is None else str(value)
