"""What every page of the import wizard shares: the state, the page base class, small widgets.

``ImportState`` is what the pages hand on to each other; ``ImportPage`` gives each page the state,
the application context and the task runner. The small widgets are the muted hint label, the
hidden problem label (``message_label`` / ``show_message``), the busy bar, and the read-only
preview tables of the sheet and mapping pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QTableWidget,
    QWidget,
    QWizardPage,
)

from naij_tracker.importing.commit import CommitResult
from naij_tracker.importing.headers import HeaderMapping
from naij_tracker.importing.members import MemberReport
from naij_tracker.importing.pipeline import Headers, Values
from naij_tracker.importing.plan import ImportPlan
from naij_tracker.importing.sources import SheetData, cell_text
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.forms import error_label
from naij_tracker.ui.style import ERROR_COLOR, mute
from naij_tracker.ui.tasks import TaskRunner

#: The wizard's page ids (in the order of the first visit; values and members are asked only when
#: there is something to ask).
PAGE_FILE, PAGE_SHEET, PAGE_MAPPING, PAGE_CHECK, PAGE_COMMIT, PAGE_VALUES, PAGE_MEMBERS = range(7)

#: For error text inside rich text (the labels themselves use ``forms.error_label``).
ERROR_STYLE = f"color: {ERROR_COLOR};"


@dataclass
class ImportState:
    """What the pages hand on to each other."""

    path: Path | None = None
    #: The sheet as read, with the header row the officer settled on.
    data: SheetData | None = None
    #: The officer's column choices, turned into ``map_headers`` overrides.
    overrides: dict[str, str | None] = field(default_factory=dict)
    #: The mapping to remember for the next file with the same headers (None: nothing new).
    to_remember: HeaderMapping | None = None
    plan: ImportPlan | None = None
    #: The officer chose to import the good rows and skip the rows in error.
    skip_errors: bool = False
    result: CommitResult | None = None
    #: The officer's answers on the values page: field → value key → code (None: empty).
    value_map: dict[str, dict[str, str | None]] = field(default_factory=dict)
    #: The officer's answers on the members page: normalised name → member id or "new".
    member_decisions: dict[str, int | str] = field(default_factory=dict)
    #: The stages run for the pages after the columns (``importing.pipeline``).
    headers: Headers | None = None
    values: Values | None = None
    members: MemberReport | None = None


def run_answer_stages(ctx: AppContext, state: ImportState) -> None:
    """The headers, values and members stages for the current sheet and answers (fast: a
    column at a time, each distinct value or name once), so the next pages know what to ask."""
    from naij_tracker.importing import pipeline

    assert state.data is not None
    state.headers = pipeline.headers(ctx.db, state.data, overrides=state.overrides)
    state.values = pipeline.values(state.headers, state.value_map)
    state.members = pipeline.members(ctx.db, state.headers, state.member_decisions)


def next_question_page(state: ImportState, after: int) -> int:
    """The page after ``after``: the values page if a value is unknown, the members page if a
    name is only a near match, else the check page."""
    if after < PAGE_VALUES and state.values is not None and state.values.unknown:
        return PAGE_VALUES
    if after < PAGE_MEMBERS and state.members is not None and state.members.undecided:
        return PAGE_MEMBERS
    return PAGE_CHECK


# --- small widgets -----------------------------------------------------------------------------


def muted_label(text: str = "") -> QLabel:
    label = QLabel(text)
    mute(label)
    label.setWordWrap(True)
    return label


def message_label() -> QLabel:
    """A hidden label for a problem the officer must fix before going on."""
    label = error_label()
    label.setAccessibleName("Problem")
    return label


def show_message(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class BusyIndicator(QWidget):
    """An indeterminate bar with a sentence: work is going on in the background."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setMaximumWidth(220)
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName("Working")
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addStretch(1)
        self.setVisible(False)

    def start(self, text: str) -> None:
        self.label.setText(text)
        self.setVisible(True)

    def stop(self) -> None:
        self.setVisible(False)


def fit_columns(table: QTableWidget, max_width: int = 260) -> None:
    table.resizeColumnsToContents()
    for column in range(table.columnCount()):
        if table.columnWidth(column) > max_width:
            table.setColumnWidth(column, max_width)


def preview_table(accessible_name: str) -> QTableWidget:
    table = QTableWidget()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setAccessibleName(accessible_name)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    return table


def cell_preview(value: object) -> str:
    text = " ".join(cell_text(value).split())  # type: ignore[arg-type]
    return text if len(text) <= 60 else text[:59] + "…"


class ImportPage(QWizardPage):
    """A page that knows the shared state, the context and the task runner."""

    def __init__(self, ctx: AppContext, state: ImportState, runner: TaskRunner) -> None:
        super().__init__()
        self.ctx = ctx
        self.state = state
        self.runner = runner


def some_rows(rows: Sequence[int], shown: int = 5) -> str:
    """Where a value or a name appears: the first few sheet rows, "…" when there are more."""
    return ", ".join(map(str, rows[:shown])) + ("\u2026" if len(rows) > shown else "")
