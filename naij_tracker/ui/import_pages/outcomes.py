"""The import wizard's dry run and its results: what importing each row would do.

``check_file`` (run on a worker thread) remembers a corrected mapping, builds the plan and
describes every row as an ``Outcome`` — new, changed (with the old and new values), unchanged
or in error. ``OutcomeTableModel`` shows them on the check page and ``OutcomeFilter`` shows one
category at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget

from naij_tracker.domain.kinds import GRIEVANCE_STATUSES, GRIEVANCE_STEPS, PRIORITIES, label_of
from naij_tracker.importing.errors import RowError
from naij_tracker.importing.headers import FIELD_LABELS, HeaderMapping
from naij_tracker.importing.pipeline import remember, run_all
from naij_tracker.importing.plan import ImportPlan, PlannedRow
from naij_tracker.importing.sources import SheetData, cell_text
from naij_tracker.ui.context import AppContext

ERROR_COLOR = QColor("#b3261e")

# Categories of the validation results table, in the order of the filter buttons.
NEW, CHANGED, UNCHANGED, ERROR = "new", "changed", "unchanged", "error"
CATEGORY_LABELS = {NEW: "New", CHANGED: "Changed", UNCHANGED: "Unchanged", ERROR: "Error"}
_ACTION_CATEGORY = {"create": NEW, "update": CHANGED, "unchanged": UNCHANGED}


@dataclass(frozen=True, slots=True)
class Outcome:
    """One line of the validation results table."""

    row: int
    grievance_number: str
    category: str
    details: str
    tooltip: str


@dataclass(frozen=True)
class CheckResult:
    plan: ImportPlan
    outcomes: list[Outcome]
    error_rows: int


_VALUE_LABELS: dict[str, Callable[[str | None], str]] = {
    "step": lambda code: label_of(GRIEVANCE_STEPS, code),
    "status": lambda code: label_of(GRIEVANCE_STATUSES, code),
    "priority": lambda code: label_of(PRIORITIES, code),
}


def display_value(name: str, value: Any, limit: int = 40) -> str:
    """A stored or planned value as a person reads it in the results table."""
    if value is None or value == "":
        return "(blank)"
    if name in _VALUE_LABELS:
        text = _VALUE_LABELS[name](str(value))
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _field_label(name: str) -> str:
    if name == "member":
        return "Member"
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


def describe_row(row: PlannedRow) -> tuple[str, str]:
    """(details, tooltip) for a planned row."""
    if row.action == "create":
        title = display_value("title", row.values.get("title"), 60)
        text = f"New grievance: {title}"
        if row.member_is_new and row.member_name:
            text += f" (adds member {row.member_name})"
        return text, text
    if row.action == "unchanged":
        return "Same as recorded", "Every column matches what is recorded."
    parts, full = [], []
    for name, (old, new) in row.changes.items():
        if name == "member_id":
            continue  # shown as "member" by name
        parts.append(f"{_field_label(name)}: {display_value(name, old)} → "
                     f"{display_value(name, new)}")
        full.append(f"{_field_label(name)}: {display_value(name, old, 400)} → "
                    f"{display_value(name, new, 400)}")
    return "; ".join(parts), "\n".join(full)


def describe_error(error: RowError) -> str:
    if error.column:
        return f"Column '{error.column}': {error.problem}"
    return error.problem[:1].upper() + error.problem[1:]


def outcomes_of(plan: ImportPlan, data: SheetData) -> tuple[list[Outcome], int]:
    """Every planned row and every row error, in row order; and the number of rows in error."""
    outcomes = []
    for r in plan.rows:
        details, tip = describe_row(r)
        outcomes.append(Outcome(r.row, r.grievance_number, _ACTION_CATEGORY[r.action],
                                details, tip))
    error_rows = {e.row for e in plan.errors}
    if error_rows:
        # Error rows are not in the plan: read their grievance numbers from the sheet itself.
        column = plan.mapping.column_of("grievance_number")
        numbers: dict[int, str] = {}
        if column is not None:
            for sheet_row in data.data_rows:
                if sheet_row.number in error_rows:
                    numbers[sheet_row.number] = cell_text(sheet_row.get(column)).strip()
        for e in plan.errors:
            outcomes.append(Outcome(e.row, numbers.get(e.row, ""), ERROR, describe_error(e),
                                    e.message))
    outcomes.sort(key=lambda o: o.row)
    return outcomes, len(error_rows)


def check_file(ctx: AppContext, state_path: Path, data: SheetData,
               overrides: dict[str, str | None], to_remember: HeaderMapping | None,
               value_map: dict[str, dict[str, str | None]] | None = None,
               member_decisions: dict[str, int | str] | None = None) -> CheckResult:
    """The dry run, for a worker thread: the stages up to the plan with the officer's answers,
    the answers kept in the profile of this layout, and every row described."""
    h, v, m, plan = run_all(ctx.db, state_path, sheet_data=data, overrides=overrides,
                            value_map=value_map, member_decisions=member_decisions)
    if to_remember is not None or value_map or member_decisions:
        columns = (for_remembering(to_remember).as_overrides() if to_remember is not None
                   else h.profile.columns)
        remember(ctx.db, h, v, m, h.profile.name or Path(data.file).stem, columns)
    outcomes, error_rows = outcomes_of(plan, data)
    return CheckResult(plan, outcomes, error_rows)


def for_remembering(mapping: HeaderMapping) -> HeaderMapping:
    """The mapping whose ``as_overrides`` to keep: note columns left out (see
    ``column_choices.for_remembering``)."""
    from naij_tracker.ui.import_pages.column_choices import for_remembering as leave_notes_out

    return leave_notes_out(mapping)


class OutcomeTableModel(QAbstractTableModel):
    """The validation results: row, grievance number, result, details."""

    COLUMNS = ("Row", "Grievance number", "Result", "Details")
    ROW, NUMBER, RESULT, DETAILS = range(4)
    CATEGORY_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outcomes: list[Outcome] = []

    def set_outcomes(self, outcomes: list[Outcome]) -> None:
        self.beginResetModel()
        self.outcomes = outcomes
        self.endResetModel()

    def outcome_at(self, row: int) -> Outcome | None:
        return self.outcomes[row] if 0 <= row < len(self.outcomes) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.outcomes)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.COLUMNS)):
            return self.COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.outcomes):
            return None
        o = self.outcomes[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.ROW:
                return o.row
            if column == self.NUMBER:
                return o.grievance_number
            if column == self.RESULT:
                return CATEGORY_LABELS[o.category]
            if column == self.DETAILS:
                return o.details
        elif role == Qt.ItemDataRole.ToolTipRole and column == self.DETAILS:
            return o.tooltip
        elif role == Qt.ItemDataRole.ForegroundRole and o.category == ERROR and column in (
                self.RESULT, self.DETAILS):
            return QBrush(ERROR_COLOR)
        elif role == Qt.ItemDataRole.TextAlignmentRole and column == self.ROW:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif role == self.CATEGORY_ROLE:
            return o.category
        return None


class OutcomeFilter(QSortFilterProxyModel):
    """Shows one category of outcomes (or all), reading the source list directly for speed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._category: str | None = None

    def set_category(self, category: str | None) -> None:
        if category == self._category:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            self._category = category
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._category = category
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int,  # noqa: N802
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if self._category is None:
            return True
        model = self.sourceModel()
        assert isinstance(model, OutcomeTableModel)
        return model.outcomes[source_row].category == self._category
