"""The dashboard: what is overdue, what falls due in the next 14 days, what is open, what changed.

On an empty database it shows a first-run page instead: what the application is for, and three
ways to begin (load sample data, import a steward's grievance spreadsheet, add the first matter).
Data is read through ``overview.dashboard`` (plain SQL, no ORM: this is the first screen) on a
worker thread (``TaskRunner``).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.overview import DashboardData, DeadlineRow, load_dashboard
from naij_tracker.ui.bar_chart import BarChart
from naij_tracker.ui.changes import Change
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.messages import show_error
from naij_tracker.ui.style import mute, set_text_color
from naij_tracker.ui.table_models import (
    OVERDUE_COLOR,
    KeepColourDelegate,
    RowsModel,
    format_date,
)
from naij_tracker.ui.tasks import TaskControl, TaskRunner

CHART_COLOR = QColor("#3d6a9e")


def _section_title(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.15)
    font.setBold(True)
    label.setFont(font)
    return label


#: The dashboard's reads supersede each other on the runner: the newest answer is shown.
_TASK_KEY = "dashboard"

class _RowsTable(QTableView):
    """A compact read-only table whose rows open their matter on Enter / double-click."""

    def __init__(self, headers: list[str], name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.rows_model = RowsModel(headers, self)
        self.setModel(self.rows_model)
        self.setObjectName(name)
        self.setAccessibleName(name.replace("_", " ").capitalize())
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # one Tab stop; arrows move within
        self.setItemDelegate(KeepColourDelegate(self))  # overdue stays red when selected
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)


class FirstRunPage(QWidget):
    """What the application is for, and how to begin."""

    load_sample = Signal()
    import_requested = Signal()
    new_matter_requested = Signal(object)  # MatterKind

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("first_run")
        box = QVBoxLayout(self)
        box.setContentsMargins(48, 48, 48, 48)
        box.addStretch(1)
        title = QLabel("Welcome to NAIJ Case Tracker", self)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(
            "Keep the union's labor-relations matters in one place: bargaining obligations, "
            "FLRA cases and petitions, member grievances and performance-metric disputes.\n\n"
            "The tracker computes the deadlines that follow from each event under the FLRA's "
            "rules of time and your CBA, warns you before they pass, imports the stewards' "
            "grievance spreadsheets and prints briefing packets for counsel and the board. "
            "Everything stays in one file on this computer.", self)
        intro.setWordWrap(True)
        intro.setMaximumWidth(720)
        begin = QLabel("This database is empty. How would you like to begin?", self)

        self.sample_button = QPushButton("Load &sample data", self)
        self.sample_button.setObjectName("load_sample_button")
        self.sample_button.setToolTip("Fill this empty database with the public record of the "
                                      "metrics dispute and a few hundred invented grievances.")
        self.sample_button.clicked.connect(self.load_sample)
        self.import_button = QPushButton("&Import a grievance spreadsheet…", self)
        self.import_button.setObjectName("import_button")
        self.import_button.clicked.connect(self.import_requested)
        self.new_button = QPushButton("&Add the first matter", self)
        self.new_button.setObjectName("first_matter_button")
        menu = QMenu(self.new_button)
        for kind in MatterKind:
            action = menu.addAction(kind.label)
            action.setObjectName(f"first_{kind.value}")
            action.triggered.connect(lambda _c=False, kd=kind: self.new_matter_requested.emit(kd))
        self.new_button.setMenu(menu)
        for button in (self.sample_button, self.import_button, self.new_button):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            button.setMinimumHeight(button.sizeHint().height() + 8)

        buttons = QHBoxLayout()
        buttons.setSpacing(12)
        buttons.addWidget(self.sample_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        box.addWidget(title)
        box.addSpacing(12)
        box.addWidget(intro)
        box.addSpacing(24)
        box.addWidget(begin)
        box.addLayout(buttons)
        box.addStretch(2)


class DashboardView(QWidget):
    """The morning view of the union officer."""

    open_matter = Signal(int)
    show_list = Signal(object)  # MatterKind
    import_requested = Signal()
    new_matter_requested = Signal(object)  # MatterKind
    #: The window's ``View`` signal: sample data loaded here (a ``Change`` of everything).
    changed = Signal(object)

    def __init__(self, ctx: AppContext, runner: TaskRunner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner or TaskRunner(self)
        self.setObjectName("dashboard")
        self.setAccessibleName("Dashboard")
        self.data: DashboardData | None = None

        self.pages = QStackedWidget(self)
        self._first_run: FirstRunPage | None = None
        self.board_page = self._build_board()
        self.pages.addWidget(self.board_page)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.pages)

    # -- construction ----------------------------------------------------------------------
    @property
    def first_run(self) -> FirstRunPage:
        """The page for an empty database, built the first time it is needed."""
        if self._first_run is None:
            page = FirstRunPage(self)
            page.load_sample.connect(self.load_sample_data)
            page.import_requested.connect(self.import_requested)
            page.new_matter_requested.connect(self.new_matter_requested)
            self.pages.addWidget(page)
            self._first_run = page
        return self._first_run

    def _build_board(self) -> QWidget:
        page = QWidget(self)
        self.heading = _section_title("", page)
        self.heading.setObjectName("dashboard_heading")
        self.subheading = QLabel(page)
        mute(self.subheading)

        self.overdue_title = _section_title("Overdue", page)
        set_text_color(self.overdue_title, OVERDUE_COLOR.name())
        self.overdue_table = _RowsTable(["Due", "Matter", "Deadline", "Title"],
                                        "overdue_table", page)
        self.upcoming_title = _section_title("Due in the next 14 days", page)
        self.upcoming_table = _RowsTable(["Due", "Matter", "Deadline", "Title"],
                                         "upcoming_table", page)
        self.activity_title = _section_title("Recent activity", page)
        self.activity_table = _RowsTable(["When", "Who", "What"], "activity_table", page)
        for table, widths in ((self.overdue_table, (100, 120, 230)),
                              (self.upcoming_table, (100, 120, 230)),
                              (self.activity_table, (140, 130))):
            for i, w in enumerate(widths):
                table.setColumnWidth(i, w)
            table.activated.connect(lambda index, t=table: self._activate(t, index.row()))
        self.overdue_empty = QLabel("Nothing is overdue.", page)
        mute(self.overdue_empty)
        self.upcoming_empty = QLabel("Nothing falls due in the next 14 days.", page)
        mute(self.upcoming_empty)

        self.counts_title = _section_title("Open matters", page)
        self.chart = BarChart(CHART_COLOR, page)
        self.chart.setObjectName("open_counts_chart")
        self.chart.setAccessibleName("Chart of open matters per kind")
        self.chart.bar_clicked.connect(lambda i: self.show_list.emit(list(MatterKind)[i]))
        self.count_labels: dict[MatterKind, QPushButton] = {}
        counts_row = QHBoxLayout()
        for kind in MatterKind:
            button = QPushButton(kind.plural, page)
            button.setObjectName(f"count_{kind.value}")
            button.setFlat(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _c=False, kd=kind: self.show_list.emit(kd))
            self.count_labels[kind] = button
            counts_row.addWidget(button)
        counts_row.addStretch(1)

        left = QVBoxLayout()
        left.setSpacing(6)
        left.addWidget(self.overdue_title)
        left.addWidget(self.overdue_empty)
        left.addWidget(self.overdue_table, 2)
        left.addSpacing(10)
        left.addWidget(self.upcoming_title)
        left.addWidget(self.upcoming_empty)
        left.addWidget(self.upcoming_table, 3)
        right = QVBoxLayout()
        right.setSpacing(6)
        right.addWidget(self.counts_title)
        right.addLayout(counts_row)
        right.addWidget(self.chart)
        right.addSpacing(10)
        right.addWidget(self.activity_title)
        right.addWidget(self.activity_table, 1)

        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 11)
        grid.setColumnStretch(1, 9)

        inner = QWidget(page)
        box = QVBoxLayout(inner)
        box.setContentsMargins(20, 16, 20, 16)
        box.addWidget(self.heading)
        box.addWidget(self.subheading)
        box.addSpacing(10)
        box.addLayout(grid, 1)
        scroll = QScrollArea(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        return page

    # -- data ------------------------------------------------------------------------------
    def select(self, matter_id: int) -> bool:
        """Nothing here is chosen by matter (the window's ``View``: ``ui/view_registry.py``)."""
        return False

    def refresh(self) -> None:
        ctx = self.ctx

        def run(_control: TaskControl) -> DashboardData:
            return load_dashboard(ctx.db)

        self.runner.submit(run, on_result=self._on_loaded, on_error=self._on_failed,
                           supersede=_TASK_KEY)

    def load_now(self) -> None:
        """Read and show the data at once, on this thread (start-up, before the window shows).

        The statements take a few tens of milliseconds even on 100,000 grievances; reading
        them before the window is shown makes its first paint the one with the data. (Reading
        them on another thread while the window is built was measured slower: the two
        threads contend for the interpreter lock.)
        """
        self.runner.drop(_TASK_KEY)  # an answer still on its way would be older than this one
        try:
            data = load_dashboard(self.ctx.db)
        except Exception as exc:  # noqa: BLE001 - shown in the dashboard, as ``refresh`` does
            self._on_failed(exc)
            return
        self._on_loaded(data)

    def _on_failed(self, exc: BaseException) -> None:
        self.subheading.setText(f"The dashboard could not be loaded: {exc}")

    def _on_loaded(self, data: DashboardData) -> None:
        self.data = data
        if data.empty:
            self.pages.setCurrentWidget(self.first_run)
            return
        self.pages.setCurrentWidget(self.board_page)
        board = data.board
        today = board.today
        self.heading.setText(data.union_name)
        self.subheading.setText(f"{today:%A}, {format_date(today)} — "
                                f"{board.overdue_count:,} overdue, {board.upcoming_count:,} due "
                                "in the next 14 days")
        self._fill_deadlines(self.overdue_table, board.overdue, today, OVERDUE_COLOR)
        self._fill_deadlines(self.upcoming_table, board.upcoming, today, None)
        shown = "" if board.overdue_count <= len(board.overdue) else \
            f", the first {len(board.overdue)} shown — all in Deadlines"
        self.overdue_title.setText(f"Overdue ({board.overdue_count:,}{shown})")
        shown = "" if board.upcoming_count <= len(board.upcoming) else \
            f", the first {len(board.upcoming)} shown — all in Deadlines"
        self.upcoming_title.setText(f"Due in the next 14 days ({board.upcoming_count:,}{shown})")
        self.overdue_empty.setVisible(not board.overdue)
        self.overdue_table.setVisible(bool(board.overdue))
        self.upcoming_empty.setVisible(not board.upcoming)
        self.upcoming_table.setVisible(bool(board.upcoming))
        self.activity_table.rows_model.set_rows(
            [(a.at, a.who, a.summary) for a in board.recent], [a.matter_id for a in board.recent],
            [a.summary for a in board.recent])
        for kind, button in self.count_labels.items():
            n = board.open_counts.get(kind, 0)
            button.setText(f"{kind.plural}: {n:,}")
            button.setAccessibleName(f"{n} open {kind.noun_plural}; show the list")
        self._fill_chart(board.open_counts)

    @staticmethod
    def _fill_deadlines(table: _RowsTable, rows: list[DeadlineRow], today: date,
                        color: QColor | None) -> None:
        def tip(d: DeadlineRow) -> str:
            days = (d.due_on - today).days
            when = (f"overdue by {-days} day{'s' if days != -1 else ''}" if days < 0
                    else "due today" if days == 0 else f"due in {days} day{'s' if days != 1 else ''}")
            parts = [f"{d.title} — {when}"]
            if d.explanation:
                parts.append(d.explanation)
            if d.citation:
                parts.append(d.citation)
            return "\n".join(parts)

        table.rows_model.set_rows([(d.due_on, d.reference, d.title, d.matter_title) for d in rows],
                                  [d.matter_id for d in rows], lambda i: tip(rows[i]), color)

    def _fill_chart(self, open_counts: dict[MatterKind, int]) -> None:
        kinds = list(MatterKind)
        self.chart.set_bars([kd.plural for kd in kinds], [open_counts.get(kd, 0) for kd in kinds])

    def _activate(self, table: _RowsTable, row: int) -> None:
        matter_id = table.rows_model.matter_id(row)
        if matter_id is not None:
            self.open_matter.emit(matter_id)

    # -- first run -------------------------------------------------------------------------
    def load_sample_data(self) -> None:
        db = self.ctx.db
        self.first_run.sample_button.setEnabled(False)
        self.first_run.sample_button.setText("Loading sample data…")

        def run(_control: TaskControl) -> dict[str, int]:
            # One transaction: all of the sample or, if the app is closed half-way, none.
            from naij_tracker.services.maintenance import load_sample_data_whole

            return load_sample_data_whole(db)

        def done(_summary: object) -> None:
            self._reset_sample_button()
            self.refresh()
            self.changed.emit(Change.of_everything("dashboard"))

        def failed(exc: BaseException) -> None:
            self._reset_sample_button()
            show_error(self, "Sample data", exc)

        self.runner.submit(run, on_result=done, on_error=failed)

    def _reset_sample_button(self) -> None:
        self.first_run.sample_button.setEnabled(True)
        self.first_run.sample_button.setText("Load &sample data")
