"""The pages of the grievance import wizard, and the plain logic behind them.

The wizard (``import_wizard.ImportWizard``) walks the officer through five pages that share one
``ImportState``:

1. ``FilePage`` — choose the spreadsheet (path field, file dialog, or drop the file on the page);
2. ``SheetPage`` — choose the sheet and the header row; the file is read off the GUI thread;
3. ``MappingPage`` — say which field each column fills, with a preview of the first rows;
4. ``CheckPage`` — the dry run: new / changed / unchanged / error rows, filterable, and the
   error report; this is the wizard's commit page;
5. ``CommitPage`` — the one-transaction commit with progress and a Cancel that really cancels,
   then the summary with "Undo this import".

Everything slow (reading the file, the dry run, the commit, undo) runs through ``TaskRunner``;
the functions given to it take plain data and return plain data, never touching widgets.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QUrl,
)
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from naij_tracker.domain.kinds import GRIEVANCE_STATUSES, GRIEVANCE_STEPS, PRIORITIES, label_of
from naij_tracker.importing.commit import (
    CommitResult,
    ImportCancelled,
    ImportRejected,
    StalePlan,
    UndoResult,
    commit_plan,
    undo_batch,
)
from naij_tracker.importing.errors import ImportFileError, RowError
from naij_tracker.importing.headers import (
    FIELD_LABELS,
    FIELDS,
    REQUIRED_FIELDS,
    HeaderMapping,
    field_for_header,
    map_headers,
)
from naij_tracker.importing.plan import (
    ImportPlan,
    PlannedRow,
    build_plan,
    remember_mapping,
    remembered_mapping,
)
from naij_tracker.importing.report import write_error_csv
from naij_tracker.importing.sources import SheetData, cell_text, list_sheets, read_sheet
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.messages import human_message
from naij_tracker.ui.style import mute
from naij_tracker.ui.tasks import Task, TaskControl, TaskRunner

#: File types the wizard accepts (the importing package reads exactly these).
EXTENSIONS: tuple[str, ...] = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
FILE_FILTER = (
    "Spreadsheets (*.xlsx *.xlsm *.xls *.ods *.csv);;Excel workbooks (*.xlsx *.xlsm *.xls);;"
    "OpenDocument spreadsheets (*.ods);;CSV files (*.csv);;All files (*)"
)

#: A column choice that is neither a field nor "Don't import": keep the cells as a note.
NOTE = "__note__"
#: What a column's combo box can hold: a field name, ``NOTE``, or None ("Don't import").
Choice = str | None

ERROR_COLOR = QColor("#b3261e")
ERROR_STYLE = "color: #b3261e;"
PREVIEW_ROWS = 20
SHEET_PREVIEW_ROWS = 12

# Categories of the validation results table, in the order of the filter buttons.
NEW, CHANGED, UNCHANGED, ERROR = "new", "changed", "unchanged", "error"
CATEGORY_LABELS = {NEW: "New", CHANGED: "Changed", UNCHANGED: "Unchanged", ERROR: "Error"}
_ACTION_CATEGORY = {"create": NEW, "update": CHANGED, "unchanged": UNCHANGED}


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


# --- column mapping (plain logic) --------------------------------------------------------------


def initial_choices(mapping: HeaderMapping) -> list[Choice]:
    """The combo choice of each column under ``mapping``."""
    out: list[Choice] = []
    for index, f in enumerate(mapping.fields):
        if f is not None:
            out.append(f)
        elif index in mapping.ignored:
            out.append(None)
        else:
            out.append(NOTE)  # unknown or duplicate columns are kept as a note
    return out


def note_allowed(mapping: HeaderMapping, index: int) -> bool:
    """Whether "Keep as note" is a choice for a column.

    ``map_headers`` keeps a column as a note only when its header names no field (or an earlier
    column already fills that field); a recognised header cannot be turned into a note by an
    override, so the wizard does not offer what it could not do.
    """
    header = mapping.headers[index]
    return not header or field_for_header(header) is None or index in mapping.duplicates


def overrides_for(headers: Sequence[str], choices: Sequence[Choice]) -> dict[str, str | None]:
    """``map_headers`` overrides for the officer's choices ("keep as note" is the default)."""
    out: dict[str, str | None] = {}
    for header, choice in zip(headers, choices, strict=True):
        if header and choice != NOTE:
            out.setdefault(header, choice)
    return out


def choice_label(choice: Choice) -> str:
    if choice is None:
        return "Don't import"
    if choice == NOTE:
        return "Keep as note"
    return FIELD_LABELS[choice]


def column_title(data: SheetData, index: int) -> str:
    header = data.headers[index] if index < len(data.headers) else ""
    letter = data.column_letter(index)
    return f"'{header}' (column {letter})" if header else f"column {letter}"


def mapping_problems(data: SheetData, choices: Sequence[Choice],
                     mapping: HeaderMapping) -> list[str]:
    """Sentences saying why the officer's choices cannot be used as they are (empty: fine)."""
    problems: list[str] = []
    chosen: dict[str, list[int]] = {}
    for index, choice in enumerate(choices):
        if choice is not None and choice != NOTE:
            chosen.setdefault(choice, []).append(index)
    reported: set[int] = set()
    for f, columns in chosen.items():
        if len(columns) > 1:
            names = " and ".join(column_title(data, i) for i in columns)
            problems.append(f"{FIELD_LABELS[f]} is chosen for {names}; choose it for one column.")
            reported.update(columns)
    for index, choice in enumerate(choices):
        if index in reported:
            continue
        got = mapping.fields[index]
        actual: Choice = got if got is not None else (
            None if index in mapping.ignored else NOTE)
        if actual != choice:
            problems.append(
                f"{column_title(data, index)} would be imported as "
                f"'{choice_label(actual)}', not '{choice_label(choice)}'; choose another option.")
    for f in REQUIRED_FIELDS:
        if f not in chosen:
            problems.append(f"Choose the column that holds the {FIELD_LABELS[f].lower()}; "
                            "every grievance needs one.")
    return problems


def for_remembering(mapping: HeaderMapping) -> HeaderMapping:
    """The mapping to pass to ``remember_mapping``: note columns left out.

    ``HeaderMapping.as_overrides`` stores None ("don't import") for a column kept as a note, so
    the next file with the same headers would silently drop those notes. Blanking their header
    text keeps them out of the stored overrides; the signature (the key) is unchanged.
    """
    notes = (set(mapping.unknown) | set(mapping.duplicates)) - set(mapping.ignored)
    headers = tuple("" if i in notes else h for i, h in enumerate(mapping.headers))
    return replace(mapping, headers=headers)


# --- validation results (plain logic) ----------------------------------------------------------


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
               overrides: dict[str, str | None], to_remember: HeaderMapping | None
               ) -> CheckResult:
    """The dry run, for a worker thread: remember a corrected mapping, plan, describe."""
    if to_remember is not None:
        remember_mapping(ctx.db, to_remember)
    plan = build_plan(ctx.db, state_path, sheet_data=data, overrides=overrides)
    outcomes, error_rows = outcomes_of(plan, data)
    return CheckResult(plan, outcomes, error_rows)


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


# --- small widgets -----------------------------------------------------------------------------


def muted_label(text: str = "") -> QLabel:
    label = QLabel(text)
    mute(label)
    label.setWordWrap(True)
    return label


def message_label() -> QLabel:
    """A hidden label for a problem the officer must fix before going on."""
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setVisible(False)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
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


def _fit_columns(table: QTableWidget, max_width: int = 260) -> None:
    table.resizeColumnsToContents()
    for column in range(table.columnCount()):
        if table.columnWidth(column) > max_width:
            table.setColumnWidth(column, max_width)


def _preview_table(accessible_name: str) -> QTableWidget:
    table = QTableWidget()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setAccessibleName(accessible_name)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    return table


def _cell_preview(value: object) -> str:
    text = " ".join(cell_text(value).split())  # type: ignore[arg-type]
    return text if len(text) <= 60 else text[:59] + "…"


class _Page(QWizardPage):
    """A page that knows the shared state, the context and the task runner."""

    def __init__(self, ctx: AppContext, state: ImportState, runner: TaskRunner) -> None:
        super().__init__()
        self.ctx = ctx
        self.state = state
        self.runner = runner


# --- 1. the file -------------------------------------------------------------------------------


def file_problem(text: str) -> str:
    """Why a typed path cannot be imported, or "" when it can."""
    text = text.strip()
    if not text:
        return ""
    path = Path(text).expanduser()
    if not path.exists():
        return f"There is no file at {path}."
    if not path.is_file():
        return f"{path} is a folder; choose a spreadsheet file inside it."
    if path.suffix.lower() not in EXTENSIONS:
        kind = f"'{path.suffix}' files" if path.suffix else "Files without an extension"
        return (f"{kind} cannot be imported. Choose an Excel (.xlsx, .xlsm, .xls), "
                "OpenDocument (.ods) or CSV (.csv) file.")
    return ""


class FilePage(_Page):
    """Page 1: the spreadsheet to import (typed, browsed or dropped)."""

    def __init__(self, ctx: AppContext, state: ImportState, runner: TaskRunner) -> None:
        super().__init__(ctx, state, runner)
        self.setTitle("Choose the spreadsheet")
        self.setSubTitle("The steward's grievance list: an Excel workbook (.xlsx, .xlsm, .xls), "
                         "an OpenDocument spreadsheet (.ods) or a CSV file.")
        self.setAcceptDrops(True)

        label = QLabel("&File:")
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("Path of the spreadsheet")
        self.path_edit.setAccessibleName("Spreadsheet file")
        self.path_edit.setClearButtonEnabled(True)
        # Drops go to the page (which takes the file's path), not into the text.
        self.path_edit.setAcceptDrops(False)
        label.setBuddy(self.path_edit)
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.setAccessibleName("Browse for the spreadsheet")
        self.browse_button.clicked.connect(self.browse)

        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)

        self.drop_zone = QLabel("Or drop the spreadsheet file here.")
        self.drop_zone.setObjectName("importDropZone")
        self.drop_zone.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_zone.setMinimumHeight(150)
        self.drop_zone.setStyleSheet(
            "QLabel#importDropZone { border: 2px dashed palette(mid); border-radius: 8px;"
            " color: palette(placeholder-text); }"
            "QLabel#importDropZone[hover=\"true\"] { border-color: #3d6a9e; }")
        self.message = message_label()

        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addSpacing(12)
        layout.addWidget(self.drop_zone)
        layout.addWidget(muted_label(
            "Nothing is written until the last step: you will see which rows are new, changed "
            "or in error first, and an import can be undone afterwards."))
        layout.addStretch(1)
        self.path_edit.textChanged.connect(self._path_changed)

    def set_path(self, path: str | Path) -> None:
        self.path_edit.setText(str(path))

    def browse(self) -> None:
        start = self.path_edit.text().strip()
        folder = str(Path(start).expanduser().parent) if start else str(Path.home())
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Choose the grievance spreadsheet", folder, FILE_FILTER)
        if chosen:
            self.set_path(chosen)

    def _path_changed(self, text: str) -> None:
        show_message(self.message, file_problem(text))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        text = self.path_edit.text().strip()
        return bool(text) and not file_problem(text)

    def validatePage(self) -> bool:  # noqa: N802
        self.state.path = Path(self.path_edit.text().strip()).expanduser().resolve()
        return True

    # Drag and drop of one local file.
    @staticmethod
    def _dropped_file(urls: list[QUrl]) -> str | None:
        files = [u.toLocalFile() for u in urls if u.isLocalFile()]
        return files[0] if len(files) == 1 else None

    def _set_hover(self, on: bool) -> None:
        self.drop_zone.setProperty("hover", on)
        self.drop_zone.style().unpolish(self.drop_zone)
        self.drop_zone.style().polish(self.drop_zone)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and self._dropped_file(event.mimeData().urls()):
            self._set_hover(True)
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: Any) -> None:  # noqa: N802
        self._set_hover(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        self._set_hover(False)
        path = self._dropped_file(event.mimeData().urls()) if event.mimeData().hasUrls() else None
        if path:
            self.set_path(path)
            event.acceptProposedAction()
        else:
            event.ignore()


# --- 2. sheet and header row -------------------------------------------------------------------


@dataclass(frozen=True)
class SheetRead:
    """What reading a file gave: the sheet (or None), the workbook's sheets, and a problem.

    ``problem`` is the reason the default sheet could not be used — with ``data`` set, another
    sheet was used instead; without, nothing could be read and ``sheets`` lets the officer pick.
    """

    data: SheetData | None
    sheets: tuple[str, ...]
    sheet: str | None
    problem: str = ""


def read_first_usable_sheet(path: Path, sheet: str | None) -> SheetRead:
    """Read ``sheet`` — or, when none is named, the first sheet with a recognisable header.

    ``read_sheet`` takes the first sheet with data, which in many workbooks is a cover sheet
    ("Read me", a title page); trying the following sheets spares the officer a dead end. A
    whole-file problem (not a spreadsheet, damaged, too large) raises ``ImportFileError``.
    """
    try:
        data = read_sheet(path, sheet)
        return SheetRead(data, data.sheets, data.sheet)
    except ImportFileError as exc:
        first = exc
    try:
        sheets = tuple(list_sheets(path))
    except ImportFileError:
        raise first from None
    if sheet is not None or len(sheets) < 2:
        return SheetRead(None, sheets, sheet, str(first))
    for name in sheets:
        try:
            data = read_sheet(path, name)
        except ImportFileError:
            continue
        return SheetRead(data, data.sheets, data.sheet, str(first))
    return SheetRead(None, sheets, None, str(first))


class SheetPage(_Page):
    """Page 2: which sheet, and which row holds the column headers."""

    def __init__(self, ctx: AppContext, state: ImportState, runner: TaskRunner) -> None:
        super().__init__(ctx, state, runner)
        self.setTitle("Sheet and header row")
        self.setSubTitle("Check that the highlighted row holds the column headers. Rows above "
                         "it (titles, notes) are skipped.")
        self._raw: SheetData | None = None  # as read, with the detected header row
        self._read_key: tuple[Path, str | None] | None = None
        self._generation = 0
        self._busy = False
        self._task: Task | None = None

        self.sheet_combo = QComboBox()
        self.sheet_combo.setAccessibleName("Sheet")
        self.sheet_combo.setMinimumContentsLength(18)
        self.sheet_combo.setPlaceholderText("Choose a sheet")
        self.header_spin = QSpinBox()
        self.header_spin.setAccessibleName("Header row")
        self.header_spin.setRange(1, 1)
        self.detected_label = muted_label()
        sheet_label = QLabel("&Sheet:")
        sheet_label.setBuddy(self.sheet_combo)
        header_label = QLabel("&Header row:")
        header_label.setBuddy(self.header_spin)

        row = QHBoxLayout()
        row.addWidget(sheet_label)
        row.addWidget(self.sheet_combo)
        row.addSpacing(18)
        row.addWidget(header_label)
        row.addWidget(self.header_spin)
        row.addWidget(self.detected_label, 1)

        self.busy = BusyIndicator()
        self.message = message_label()
        self.skipped_label = muted_label()
        self.skipped_label.setVisible(False)
        self.info_label = muted_label()
        self.preview = _preview_table("First rows of the sheet")

        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        layout.addWidget(self.skipped_label)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.info_label)

        self.sheet_combo.currentIndexChanged.connect(self._sheet_chosen)
        self.header_spin.valueChanged.connect(self._header_chosen)

    # -- reading -------------------------------------------------------------------------------
    def initializePage(self) -> None:  # noqa: N802
        path = self.state.path
        if path is None:
            return
        if self._read_key is None or self._read_key[0] != path:
            self._read(path, None)

    def _read(self, path: Path, sheet: str | None) -> None:
        self._generation += 1
        generation = self._generation
        self._read_key = (path, sheet)
        self._raw = None
        self.state.data = None
        self._busy = True
        self._enable_inputs(False)
        show_message(self.message, "")
        self.skipped_label.setVisible(False)
        self.busy.start(f"Reading {path.name}…")
        self.completeChanged.emit()

        def work(_control: TaskControl) -> SheetRead:
            return read_first_usable_sheet(path, sheet)

        self._task = self.runner.submit(
            work,
            on_result=lambda read: self._read_done(generation, read),
            on_error=lambda exc: self._file_failed(generation, exc))

    def _file_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._set_sheets((), None)
            self._read_failed(generation, exc)

    def _set_sheets(self, sheets: Sequence[str], current: str | None) -> None:
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(list(sheets))
        self.sheet_combo.setCurrentIndex(list(sheets).index(current)
                                         if current in sheets else -1)
        self.sheet_combo.blockSignals(False)

    def _read_done(self, generation: int, read: SheetRead) -> None:
        if generation != self._generation:
            return
        if read.data is None:
            self._set_sheets(read.sheets, read.sheet)
            self._read_failed(generation, ImportFileError(read.problem))
            return
        data = read.data
        self._busy = False
        self.busy.stop()
        self._raw = data
        self._set_sheets(data.sheets, data.sheet)
        if read.problem:
            self.skipped_label.setText(f"{read.problem} Showing sheet '{data.sheet}' instead.")
            self.skipped_label.setVisible(True)
        self.header_spin.blockSignals(True)
        self.header_spin.setRange(data.rows[0].number, data.rows[-1].number)
        self.header_spin.setValue(data.header_row_number)
        self.header_spin.blockSignals(False)
        self.detected_label.setText(f"(found in row {data.header_row_number})")
        self._enable_inputs(True)
        self._use(data)

    def _read_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._busy = False
        self.busy.stop()
        self.sheet_combo.setEnabled(self.sheet_combo.count() > 1)
        self.header_spin.setEnabled(False)
        self.detected_label.setText("")
        self.preview.clear()
        self.preview.setRowCount(0)
        self.preview.setColumnCount(0)
        self.info_label.setText("")
        text = str(exc) if isinstance(exc, ImportFileError) else human_message(exc)[0]
        if self.sheet_combo.count() > 1:
            text += " Choose another sheet, or another file."
        show_message(self.message, text)
        self.completeChanged.emit()

    def _enable_inputs(self, on: bool) -> None:
        self.sheet_combo.setEnabled(on and self.sheet_combo.count() > 1)
        self.header_spin.setEnabled(on)

    def _sheet_chosen(self, index: int) -> None:
        if index < 0 or self.state.path is None:
            return
        name = self.sheet_combo.itemText(index)
        if self._raw is not None and name == self._raw.sheet:
            return
        self._read(self.state.path, name)

    def _header_chosen(self, number: int) -> None:
        if self._raw is None:
            return
        try:
            data = self._raw.with_header_row(number)
            if not data.data_rows:
                raise ImportFileError(f"Row {number} is the last row of the sheet; there are no "
                                      "rows of data below it.")
        except ImportFileError as exc:
            self.state.data = None
            show_message(self.message, str(exc))
            self._show_preview(self._raw, number)
            self.completeChanged.emit()
            return
        self._use(data)

    def _use(self, data: SheetData) -> None:
        self.state.data = data
        header = data.headers
        named = sum(1 for h in header if h)
        recognised = sum(1 for h in header if h and field_for_header(h))
        if recognised < 2:
            show_message(self.message, f"Row {data.header_row_number} does not look like a "
                                       "header row: few of its cells name a grievance field.")
        else:
            show_message(self.message, "")
        self._show_preview(data, data.header_row_number)
        rows = len(data.data_rows)
        parts = [f"{rows:,} row{'s' if rows != 1 else ''} below the header",
                 f"{named} named column{'s' if named != 1 else ''}, {recognised} recognised"]
        if data.encoding:
            delimiter = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}.get(
                data.delimiter or ",", repr(data.delimiter))
            parts.append(f"CSV, {data.encoding.upper()}, {delimiter}-separated")
        self.info_label.setText("; ".join(parts) + ".")
        self.completeChanged.emit()

    def _show_preview(self, data: SheetData, header_number: int) -> None:
        rows = list(data.rows[:SHEET_PREVIEW_ROWS])
        if all(r.number != header_number for r in rows):
            rows += [r for r in data.rows if r.number == header_number]
        width = max((len(r.cells) for r in rows), default=0)
        table = self.preview
        table.clear()
        table.setRowCount(len(rows))
        table.setColumnCount(width)
        table.setHorizontalHeaderLabels([data.column_letter(i) for i in range(width)])
        table.setVerticalHeaderLabels([str(r.number) for r in rows])
        bold = QFont(table.font())
        bold.setBold(True)
        highlight = QBrush(QColor(61, 106, 158, 50))
        for r, sheet_row in enumerate(rows):
            is_header = sheet_row.number == header_number
            for c in range(width):
                item = QTableWidgetItem(_cell_preview(sheet_row.get(c)))
                if is_header:
                    item.setFont(bold)
                    item.setBackground(highlight)
                table.setItem(r, c, item)
        _fit_columns(table, 200)

    def isComplete(self) -> bool:  # noqa: N802
        return not self._busy and self.state.data is not None

    def cleanupPage(self) -> None:  # noqa: N802
        # Going back to page 1: forget a read that is still running; its answer is ignored.
        if self._busy:
            self._generation += 1
            self._busy = False
            self.busy.stop()
            self._read_key = None


# --- 3. column mapping -------------------------------------------------------------------------


class MappingPage(_Page):
    """Page 3: which field each column fills, with a preview of the first rows."""

    def __init__(self, ctx: AppContext, state: ImportState, runner: TaskRunner) -> None:
        super().__init__(ctx, state, runner)
        self.setTitle("Columns")
        self.setSubTitle("Say what each column holds. Columns the application does not know "
                         "can be kept as a note on the grievance or left out.")
        self._key: tuple[Any, ...] | None = None
        self._data: SheetData | None = None
        self._auto: HeaderMapping | None = None
        self._initial: list[Choice] = []
        self.combos: list[QComboBox] = []
        self.mapping: HeaderMapping | None = None
        self.problems: list[str] = []

        self.remembered_label = muted_label()
        self.remembered_label.setVisible(False)
        self.required_label = QLabel()
        self.required_label.setWordWrap(True)
        self.required_label.setTextFormat(Qt.TextFormat.RichText)

        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(4)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.grid_host)
        self.scroll.setFrameShape(QFrame.Shape.StyledPanel)

        self.message = message_label()
        self.preview = _preview_table("Preview of the first rows as they will be imported")
        preview_label = QLabel("Preview of the first rows:")

        layout = QVBoxLayout(self)
        layout.addWidget(self.remembered_label)
        layout.addWidget(self.required_label)
        layout.addWidget(self.scroll, 3)
        layout.addWidget(self.message)
        layout.addWidget(preview_label)
        layout.addWidget(self.preview, 2)

    def initializePage(self) -> None:  # noqa: N802
        data = self.state.data
        if data is None:
            return
        key = (data.path, data.sheet, data.header_row_number, data.headers)
        if key == self._key:
            return  # back and forth: keep the officer's choices
        self._key = key
        self._data = data
        auto = map_headers(data.headers)
        self._auto = auto
        remembered = remembered_mapping(self.ctx.db, auto.signature)
        start = auto
        if remembered:
            try:
                start = map_headers(data.headers, remembered)
            except ValueError:
                start = auto  # a stored field the application no longer has: ignore it
        self.remembered_label.setText(
            "Using the column choices you made last time for a file with these headers.")
        self.remembered_label.setVisible(start is not auto)
        self._initial = initial_choices(start)
        self._build_rows(data, auto, self._initial)
        self._refresh()

    def _build_rows(self, data: SheetData, auto: HeaderMapping, choices: list[Choice]) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.combos = []
        for column, title in enumerate(("Column", "Header in the file", "First value",
                                        "Import as")):
            head = QLabel(title)
            mute(head)
            self.grid.addWidget(head, 0, column)
        samples = self._samples(data)
        for index, header in enumerate(data.headers):
            letter = QLabel(data.column_letter(index))
            mute(letter)
            name = QLabel(header or "(no header)")
            name.setTextFormat(Qt.TextFormat.PlainText)
            if not header:
                mute(name)
            sample = QLabel(samples[index])
            sample.setTextFormat(Qt.TextFormat.PlainText)
            mute(sample)
            sample.setMaximumWidth(260)
            combo = QComboBox()
            combo.setAccessibleName(
                f"Import column {data.column_letter(index)} ({header or 'no header'}) as")
            combo.addItem("Don't import", None)
            if note_allowed(auto, index):
                combo.addItem("Keep as note", NOTE)
            for f in FIELDS:
                label = FIELD_LABELS[f] + (" (required)" if f in REQUIRED_FIELDS else "")
                combo.addItem(label, f)
            combo.setCurrentIndex(max(0, combo.findData(choices[index])))
            if not header:
                # Overrides are keyed by header text: a column without one can only be a note.
                combo.setEnabled(False)
                combo.setToolTip("Give this column a header in the spreadsheet to import it "
                                 "as a field; until then its cells are kept as a note.")
            name.setBuddy(combo)
            combo.currentIndexChanged.connect(self._refresh)
            self.grid.addWidget(letter, index + 1, 0)
            self.grid.addWidget(name, index + 1, 1)
            self.grid.addWidget(sample, index + 1, 2)
            self.grid.addWidget(combo, index + 1, 3)
            self.combos.append(combo)
        self.grid.setColumnStretch(2, 1)
        self.grid.setRowStretch(len(data.headers) + 1, 1)
        # Tab order follows the columns of the sheet.
        for first, second in zip(self.combos, self.combos[1:], strict=False):
            QWidget.setTabOrder(first, second)

    @staticmethod
    def _samples(data: SheetData) -> list[str]:
        samples = [""] * len(data.headers)
        for row in data.data_rows[:PREVIEW_ROWS]:
            for index in range(len(samples)):
                if not samples[index]:
                    samples[index] = _cell_preview(row.get(index))
        return [s if len(s) <= 36 else s[:35] + "…" for s in samples]

    def choices(self) -> list[Choice]:
        return [combo.currentData() for combo in self.combos]

    def combo_for(self, header: str) -> QComboBox:
        """The combo of the column with this header (for tests and scripts)."""
        assert self._data is not None
        return self.combos[list(self._data.headers).index(header)]

    def _refresh(self) -> None:
        data = self._data
        if data is None:
            return
        choices = self.choices()
        self.mapping = map_headers(data.headers, overrides_for(data.headers, choices))
        self.problems = mapping_problems(data, choices, self.mapping)
        show_message(self.message, "\n".join(self.problems))
        parts = []
        for f in REQUIRED_FIELDS:
            column = self.mapping.column_of(f)
            if column is None:
                parts.append(f"<span style='{ERROR_STYLE}'>✗ {FIELD_LABELS[f]}: no column"
                             "</span>")
            else:
                parts.append(f"✓ {FIELD_LABELS[f]}: {_html(column_title(data, column))}")
        self.required_label.setText("Required: " + " &nbsp; ".join(parts))
        self._show_preview(data, choices)
        self.completeChanged.emit()

    def _show_preview(self, data: SheetData, choices: list[Choice]) -> None:
        table = self.preview
        rows = data.data_rows[:PREVIEW_ROWS]
        width = len(data.headers)
        table.clear()
        table.setRowCount(len(rows))
        table.setColumnCount(width)
        labels = []
        for index, header in enumerate(data.headers):
            choice = choices[index] if index < len(choices) else NOTE
            labels.append(f"{header or data.column_letter(index)}\n→ {choice_label(choice)}")
        table.setHorizontalHeaderLabels(labels)
        table.setVerticalHeaderLabels([str(r.number) for r in rows])
        muted = QBrush(QColor(128, 128, 128))
        for r, sheet_row in enumerate(rows):
            for c in range(width):
                item = QTableWidgetItem(_cell_preview(sheet_row.get(c)))
                if choices[c] is None:
                    item.setForeground(muted)
                table.setItem(r, c, item)
        _fit_columns(table, 220)

    def isComplete(self) -> bool:  # noqa: N802
        return self.mapping is not None and not self.problems

    def validatePage(self) -> bool:  # noqa: N802
        data = self._data
        if data is None or self.mapping is None:
            return False
        choices = self.choices()
        self.state.overrides = overrides_for(data.headers, choices)
        # A corrected mapping is remembered (on the worker thread of the next page).
        self.state.to_remember = (for_remembering(self.mapping)
                                  if choices != self._initial else None)
        if self.state.to_remember is not None:
            self._initial = choices
        return True


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- 4. validation results ---------------------------------------------------------------------


class CheckPage(_Page):
    """Page 4: the dry run — what importing would create, change, leave alone or reject."""

    def __init__(self, ctx: AppContext, state: ImportState, runner: TaskRunner) -> None:
        super().__init__(ctx, state, runner)
        self.setTitle("Check the rows")
        self.setSubTitle("Nothing has been written yet. Review what the import will do, then "
                         "press Import.")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Import")
        self._generation = 0
        self._busy = False
        self.result: CheckResult | None = None

        self.busy = BusyIndicator()
        self.message = message_label()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.filter_group = QButtonGroup(self)
        self.filter_group.setExclusive(True)
        self.filter_buttons: dict[str | None, QPushButton] = {}
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Show:"))
        for category in (None, NEW, CHANGED, UNCHANGED, ERROR):
            button = QPushButton()
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _on=False, c=category: self.show_category(c))
            self.filter_group.addButton(button)
            self.filter_buttons[category] = button
            filters.addWidget(button)
        filters.addStretch(1)
        self.save_button = QPushButton("&Save error report…")
        self.save_button.setAutoDefault(False)
        self.save_button.setAccessibleName("Save the rows in error as a CSV report")
        self.save_button.clicked.connect(self.save_error_report)
        filters.addWidget(self.save_button)

        self.model = OutcomeTableModel(self)
        self.proxy = OutcomeFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Rows of the file and what importing does with each")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(OutcomeTableModel.ROW, 60)
        self.table.setColumnWidth(OutcomeTableModel.NUMBER, 140)
        self.table.setColumnWidth(OutcomeTableModel.RESULT, 90)

        self.skip_errors = QCheckBox("S&kip the rows with errors and import the others")
        self.skip_errors.setAccessibleName("Skip the rows with errors")
        self.skip_errors.toggled.connect(self.completeChanged)
        self.note = muted_label()

        layout = QVBoxLayout(self)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        layout.addWidget(self.summary)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.skip_errors)
        layout.addWidget(self.note)
        self._show_result(None)

    def initializePage(self) -> None:  # noqa: N802
        self.check()

    def check(self) -> None:
        """Run the dry run again (the mapping or the database may have changed)."""
        state = self.state
        if state.path is None or state.data is None:
            return
        self._generation += 1
        generation = self._generation
        self._busy = True
        state.plan = None
        self._show_result(None)
        show_message(self.message, "")
        rows = len(state.data.data_rows)
        self.busy.start(f"Checking {rows:,} row{'s' if rows != 1 else ''} against the "
                        "database…")
        self.completeChanged.emit()
        ctx, path, data = self.ctx, state.path, state.data
        overrides, to_remember = dict(state.overrides), state.to_remember

        def work(_control: TaskControl) -> CheckResult:
            return check_file(ctx, path, data, overrides, to_remember)

        self.runner.submit(work, on_result=lambda r: self._checked(generation, r),
                           on_error=lambda exc: self._failed(generation, exc))

    def _checked(self, generation: int, result: CheckResult) -> None:
        if generation != self._generation:
            return
        self._busy = False
        self.busy.stop()
        self.state.to_remember = None  # stored now
        self.state.plan = result.plan
        self._show_result(result)
        self.completeChanged.emit()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._busy = False
        self.busy.stop()
        text = str(exc) if isinstance(exc, ImportFileError) else human_message(exc)[0]
        show_message(self.message, text)
        self.completeChanged.emit()

    def _show_result(self, result: CheckResult | None) -> None:
        self.result = result
        self.model.set_outcomes(result.outcomes if result else [])
        plan = result.plan if result else None
        counts = {
            None: len(result.outcomes) if result else 0,
            NEW: plan.created if plan else 0,
            CHANGED: plan.updated if plan else 0,
            UNCHANGED: plan.unchanged if plan else 0,
            ERROR: result.error_rows if result else 0,
        }
        names = {None: "All", NEW: "New", CHANGED: "Changed", UNCHANGED: "Unchanged",
                 ERROR: "Errors"}
        for category, button in self.filter_buttons.items():
            button.setText(f"{names[category]} ({counts[category]:,})")
            button.setAccessibleName(f"Show {names[category].lower()}: {counts[category]:,}")
            button.setEnabled(result is not None and (category is None or counts[category] > 0))
        self.filter_buttons[None].setChecked(True)
        self.proxy.set_category(None)
        errors = counts[ERROR]
        self.skip_errors.setVisible(bool(errors))
        self.skip_errors.setChecked(False)
        self.skip_errors.setText(
            f"S&kip the {errors:,} row{'s' if errors != 1 else ''} with errors and import "
            "the others")
        self.save_button.setEnabled(bool(errors))
        self.table.setEnabled(result is not None)
        if plan is None or result is None:
            self.summary.setText("")
            self.note.setText("")
            return
        self.summary.setText(self._summary_text(plan, result))
        notes = []
        if errors:
            notes.append("Rows with errors are not imported unless you skip them; or correct "
                         "the spreadsheet (the error report lists each cell) and import it again.")
        if not plan.created and not plan.updated:
            notes.append("Nothing to import: every valid row already matches what is recorded.")
        self.note.setText(" ".join(notes))

    @staticmethod
    def _summary_text(plan: ImportPlan, result: CheckResult) -> str:
        def n(count: int, one: str, many: str) -> str:
            return f"{count:,} {one if count == 1 else many}"

        text = (f"{plan.file}, sheet '{plan.sheet}' (headers in row {plan.header_row}): "
                f"{n(plan.created, 'new grievance', 'new grievances')}, "
                f"{plan.updated:,} changed, {plan.unchanged:,} unchanged, "
                f"{n(result.error_rows, 'row', 'rows')} with errors.")
        if plan.new_members:
            text += f" {n(plan.new_members, 'new member', 'new members')} will be added."
        if plan.unknown_columns:
            kept = [h for i, h in enumerate(plan.mapping.headers)
                    if i in plan.mapping.unknown and i not in plan.mapping.ignored and h]
            if kept:
                text += " Kept as notes: " + ", ".join(f"'{h}'" for h in kept) + "."
        return text

    def show_category(self, category: str | None) -> None:
        self.filter_buttons[category].setChecked(True)
        self.proxy.set_category(category)

    def save_error_report(self) -> None:
        plan = self.state.plan
        if plan is None or not plan.errors:
            return
        suggested = Path(plan.path).with_name(f"{Path(plan.file).stem} - errors.csv")
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Save the error report", str(suggested), "CSV files (*.csv)")
        if chosen:
            self.write_error_report(Path(chosen))

    def write_error_report(self, path: Path) -> None:
        plan = self.state.plan
        assert plan is not None
        try:
            write_error_csv(plan.errors, path)
        except OSError as exc:
            show_message(self.message, f"The error report could not be saved: "
                                       f"{exc.strerror or exc}.")
            return
        count = len(plan.errors)
        self.note.setText(f"Saved {count:,} error{'s' if count != 1 else ''} to {path}.")

    def isComplete(self) -> bool:  # noqa: N802
        plan = self.state.plan
        if self._busy or plan is None or self.result is None:
            return False
        if plan.errors and not self.skip_errors.isChecked():
            return False
        return bool(plan.created or plan.updated)

    def validatePage(self) -> bool:  # noqa: N802
        self.state.skip_errors = self.skip_errors.isChecked()
        return self.isComplete()

    def cleanupPage(self) -> None:  # noqa: N802
        self._generation += 1  # going back: a dry run still running is no longer wanted
        self._busy = False
        self.busy.stop()


# --- 5. commit ---------------------------------------------------------------------------------


class CommitPage(_Page):
    """Page 5: write the plan in one transaction (cancellable), then offer to undo it."""

    def __init__(self, ctx: AppContext, state: ImportState, runner: TaskRunner,
                 on_imported: Callable[[int], None], on_undone: Callable[[int], None]) -> None:
        super().__init__(ctx, state, runner)
        self.setTitle("Import")
        self.setFinalPage(True)
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Close")
        self._on_imported = on_imported
        self._on_undone = on_undone
        self._cancel = threading.Event()
        #: The commit is running (Cancel cancels it).
        self.running = False
        #: Undo is running (nothing to cancel; the wizard waits for it).
        self.undoing = False
        self.finished_ok = False
        self.batch_id: int | None = None

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setAccessibleName("Import status")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Import progress")
        self.cancel_button = QPushButton("&Cancel import")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.request_cancel)
        self.undo_button = QPushButton("&Undo this import")
        self.undo_button.setAutoDefault(False)
        self.undo_button.setVisible(False)
        self.undo_button.clicked.connect(self.undo)
        self.detail = muted_label()

        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        layout.addWidget(self.detail)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        plan = self.state.plan
        if plan is None:
            return
        self._cancel.clear()
        self.running = True
        self.finished_ok = False
        self.batch_id = None
        todo = plan.created + plan.updated
        self.setSubTitle(f"Writing {todo:,} grievance{'s' if todo != 1 else ''} from "
                         f"{plan.file} in one transaction: all of them or none.")
        self.status.setText("Importing…")
        self.progress.setRange(0, max(todo, 1))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.undo_button.setVisible(False)
        self.detail.setText("You can cancel until the import is complete; nothing is written "
                            "unless it completes.")
        self.completeChanged.emit()
        ctx, skip, cancel = self.ctx, self.state.skip_errors, self._cancel

        # Cancellation uses an event of our own, not Task.cancel(): a task asked to cancel
        # drops its result, and a commit that completed just after the request must still be
        # reported as written.
        def work(control: TaskControl) -> CommitResult:
            return commit_plan(ctx.db, plan, ctx.who, skip_errors=skip,
                               progress=lambda done, total: control.progress(done, total),
                               cancelled=cancel.is_set)

        self.runner.submit(work, on_result=self._committed, on_error=self._failed,
                           on_progress=self._progress)
        self.cancel_button.setFocus()

    def request_cancel(self) -> None:
        if self.running and not self._cancel.is_set():
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.status.setText("Cancelling…")

    def _progress(self, done: int, total: int, _text: str) -> None:
        if self.running:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)

    def _finish(self) -> None:
        self.running = False
        self.cancel_button.setVisible(False)
        self.completeChanged.emit()
        wizard = self.wizard()
        if wizard is not None:
            wizard.button(QWizard.WizardButton.FinishButton).setFocus()

    def _committed(self, result: CommitResult) -> None:
        self.state.result = result
        self.batch_id = result.batch_id
        self.finished_ok = True
        self.progress.setValue(self.progress.maximum())
        self.progress.setVisible(False)
        plan = self.state.plan
        name = plan.file if plan else "the file"
        lines = [f"{result.created:,} created", f"{result.updated:,} updated",
                 f"{result.unchanged:,} unchanged"]
        if result.skipped:
            lines.append(f"{result.skipped:,} row{'s' if result.skipped != 1 else ''} with "
                         "errors skipped")
        if result.new_members:
            lines.append(f"{result.new_members:,} member{'s' if result.new_members != 1 else ''}"
                         " added")
        self.setSubTitle(f"{name} was imported.")
        self.status.setText(f"Imported as import batch {result.batch_id}: "
                            + ", ".join(lines) + ".")
        self.detail.setText("If this was the wrong file, or the wrong columns, you can undo the "
                            "whole import now (or later, from the command line: "
                            f"naij-tracker undo-import {result.batch_id}).")
        self.undo_button.setVisible(True)
        self.undo_button.setEnabled(True)
        self._finish()
        self._on_imported(result.batch_id)

    def _failed(self, exc: BaseException) -> None:
        self.progress.setVisible(False)
        if isinstance(exc, ImportCancelled):
            self.setSubTitle("The import was cancelled.")
            self.status.setText("Import cancelled: nothing was written.")
            self.detail.setText("Close the wizard, or start again to import the file.")
        elif isinstance(exc, StalePlan | ImportRejected):
            self.setSubTitle("The import did not go ahead.")
            self.status.setText(f"{exc} Nothing was written.")
            self.detail.setText("Close the wizard and import the file again to see the "
                                "current differences.")
        else:
            message, _known = human_message(exc)
            self.setSubTitle("The import failed.")
            self.status.setText(f"{message} Nothing was written.")
            self.detail.setText("")
        self._finish()

    def undo(self) -> None:
        if self.batch_id is None:
            return
        batch_id, ctx = self.batch_id, self.ctx
        self.undo_button.setEnabled(False)
        self.undoing = True
        self.completeChanged.emit()
        self.detail.setText("Undoing…")

        def work(_control: TaskControl) -> UndoResult:
            return undo_batch(ctx.db, batch_id, ctx.who)

        self.runner.submit(work, on_result=self._undone, on_error=self._undo_failed)

    def _undone(self, result: UndoResult) -> None:
        self.undoing = False
        self.undo_button.setVisible(False)
        self.setSubTitle("The import was undone.")
        parts = [f"removed {result.removed:,} grievance{'s' if result.removed != 1 else ''}",
                 f"restored {result.restored:,} to their earlier values"]
        if result.members_removed:
            parts.append(f"removed {result.members_removed:,} member"
                         f"{'s' if result.members_removed != 1 else ''}")
        self.status.setText(f"Import batch {result.batch_id} was undone: " + ", ".join(parts)
                            + ".")
        self.detail.setText("")
        self.completeChanged.emit()
        self._on_undone(result.batch_id)

    def _undo_failed(self, exc: BaseException) -> None:
        self.undoing = False
        self.undo_button.setEnabled(True)
        message = str(exc) if isinstance(exc, ValueError) else human_message(exc)[0]
        self.detail.setText(message)
        self.completeChanged.emit()

    @property
    def busy(self) -> bool:
        return self.running or self.undoing

    def isComplete(self) -> bool:  # noqa: N802
        return not self.busy
