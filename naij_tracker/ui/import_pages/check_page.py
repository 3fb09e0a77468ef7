"""Page 4 of the import wizard: the dry run — check the rows before anything is written.

The page runs ``outcomes.check_file`` off the GUI thread and shows what importing would create,
change, leave alone or reject, with one filter button per category and a CSV report of the rows
in error. Rows in error are imported only if the officer ticks "Skip the rows with errors".
This is the wizard's commit page: its Import button starts the commit.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWizard,
)

from naij_tracker.importing.errors import ImportFileError
from naij_tracker.importing.plan import ImportPlan
from naij_tracker.importing.report import write_error_csv
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.import_pages.base import (
    BusyIndicator,
    ImportPage,
    ImportState,
    message_label,
    muted_label,
    show_message,
)
from naij_tracker.ui.import_pages.outcomes import (
    CHANGED,
    ERROR,
    NEW,
    UNCHANGED,
    CheckResult,
    OutcomeFilter,
    OutcomeTableModel,
    check_file,
)
from naij_tracker.ui.import_pages.row_fixes import RowFixTable
from naij_tracker.ui.messages import human_message
from naij_tracker.ui.tasks import TaskControl, TaskRunner

#: The dry run's key on the task runner: the newest check is the one shown.
_TASK_KEY = "import-check"


class CheckPage(ImportPage):
    """Page 4: the dry run — what importing would create, change, leave alone or reject."""

    def __init__(self, ctx: AppContext, state: ImportState, runner: TaskRunner) -> None:
        super().__init__(ctx, state, runner)
        self.setTitle("Check the rows")
        self.setSubTitle("Nothing has been written yet. Review what the import will do, then "
                         "press Import.")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Import")
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

        self.table.doubleClicked.connect(self._show_fix_for)

        # The rows in error, editable: a corrected cell is checked again at once.
        self.fix_label = QLabel("Rows with errors — correct a cell (double-click it) and the "
                                "row is checked again:")
        self.fixes = RowFixTable()
        self.fixes.fixed.connect(self.fix_cell)
        self.same_fix: tuple[int, str, str] | None = None
        self.apply_all = QPushButton()
        self.apply_all.setAutoDefault(False)
        self.apply_all.clicked.connect(self.apply_same_fix)
        fix_row = QHBoxLayout()
        fix_row.addWidget(self.apply_all)
        fix_row.addStretch(1)

        self.skip_errors = QCheckBox("S&kip the rows with errors and import the others")
        self.skip_errors.setAccessibleName("Skip the rows with errors")
        self.skip_errors.toggled.connect(self.completeChanged)
        self.note = muted_label()

        layout = QVBoxLayout(self)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        layout.addWidget(self.summary)
        layout.addLayout(filters)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.fix_label)
        layout.addWidget(self.fixes, 1)
        layout.addLayout(fix_row)
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
        value_map = {f: dict(v) for f, v in state.value_map.items()}
        decisions = dict(state.member_decisions)

        def work(_control: TaskControl) -> CheckResult:
            return check_file(ctx, path, data, overrides, to_remember, value_map, decisions)

        # a newer check (a changed mapping) replaces a running one: only its answer is shown
        self.runner.submit(work, on_result=self._checked, on_error=self._failed,
                           supersede=_TASK_KEY)

    def _checked(self, result: CheckResult) -> None:
        self._busy = False
        self.busy.stop()
        self.state.to_remember = None  # stored now
        self.state.plan = result.plan
        self._show_result(result)
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
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
        self.fixes.show_errors(self.state.data, plan.errors if plan is not None else ())
        hidden = self.fixes.hidden_rows
        self.fix_label.setText(
            "Rows with errors — correct a cell (double-click it) and the row is checked again"
            + (f" (the first {len(self.fixes.row_numbers):,} are shown; {hidden:,} more are in "
               "the error report):" if hidden else ":"))
        self.fixes.setVisible(bool(errors))
        self.fix_label.setVisible(bool(errors))
        self._offer_same_fix()
        if plan is None or result is None:
            self.summary.setText("")
            self.note.setText("")
            return
        self.summary.setText(self._summary_text(plan, result))
        notes = []
        if errors:
            notes.append("Rows with errors are not imported unless you skip them: correct them "
                         "in the table above, or in the spreadsheet (the error report lists each "
                         "cell) and import it again.")
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
                text += (" Kept as notes (in each grievance's summary, under their header): "
                         + ", ".join(f"'{h}'" for h in kept) + ".")
        if plan.derived_columns:
            text += (" Not imported (worked out by the application): "
                     + ", ".join(f"'{h}'" for h in plan.derived_columns) + ".")
        for line in plan.footers:
            text += f" {line}."
        return text

    # -- fixing rows ---------------------------------------------------------------------------

    def fix_cell(self, row_number: int, index: int, before: str, after: str) -> None:
        """Put the corrected value into the sheet (not the file) and check again."""
        if self.state.data is None:
            return
        others = [n for n in self.fixes.same_value_rows(index, before) if n != row_number]
        self.same_fix = (index, before, after) if others and before else None
        self.state.data = self.state.data.with_cells({(row_number, index): after})
        self.check()

    def apply_same_fix(self) -> None:
        """Apply the last correction to every row in error with the same value."""
        if self.same_fix is None or self.state.data is None:
            return
        index, before, after = self.same_fix
        rows = self.fixes.same_value_rows(index, before)
        self.same_fix = None
        self.state.data = self.state.data.with_cells({(n, index): after for n in rows})
        self.check()

    def _offer_same_fix(self) -> None:
        rows = self.fixes.same_value_rows(*self.same_fix[:2]) if self.same_fix else []
        if self.same_fix and rows:
            _index, before, after = self.same_fix
            self.apply_all.setText(f"Apply the same fix to all {len(rows):,} "
                                   f"row{'s' if len(rows) != 1 else ''} with '{before}' "
                                   f"(→ '{after}')")
        self.apply_all.setVisible(bool(rows))

    def _show_fix_for(self, index: QModelIndex) -> None:
        """Double-clicking a row in error takes the officer to its cells."""
        source = self.proxy.mapToSource(index)
        outcome = self.model.outcome_at(source.row())
        if outcome is not None and outcome.category == ERROR:
            self.fixes.select_row(outcome.row)

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
        from naij_tracker.db.outputs import ERROR_REPORT, OutputRefused, check_output

        try:  # the dialog asked before replacing; the database and its backups are refused
            path = check_output(path, ERROR_REPORT, database=self.ctx.db.path, force=True)
        except OutputRefused as exc:
            show_message(self.message, str(exc))
            return
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
        self.runner.drop(_TASK_KEY)  # going back: a dry run still running is no longer wanted
        self._busy = False
        self.busy.stop()
