"""What every page of the import wizard shares: the state, the page base class, small widgets.

``ImportState`` is what the pages hand on to each other; ``ImportPage`` gives each page the state,
the application context and the task runner. The small widgets are the muted hint label, the
hidden problem label (``message_label`` / ``show_message``), the busy bar, and the read-only
preview tables of the sheet and mapping pages.
"""

from __future__ import annotations

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
from naij_tracker.importing.plan import ImportPlan
from naij_tracker.importing.sources import SheetData, cell_text
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.forms import error_label
from naij_tracker.ui.style import ERROR_COLOR, mute
from naij_tracker.ui.tasks import TaskRunner

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
