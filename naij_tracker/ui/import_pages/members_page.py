"""The members page of the import wizard: "did you mean…?" for names close to a member's.

A name written exactly as a stored member under another spelling ("Lee, Grace", "Hon. Grace
Lee") is that member: it is only listed, for the officer to see. A name that is merely close
(one letter off, an initial for a first name, the same last name in the same court) is asked
once: which stored member it is, or a new member. The answers are kept in the import profile.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from naij_tracker.importing.members import NEW, WrittenName
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.import_pages.base import (
    PAGE_MEMBERS,
    ImportPage,
    ImportState,
    muted_label,
    next_question_page,
    run_answer_stages,
    some_rows,
)
from naij_tracker.ui.tasks import TaskRunner

UNCHOSEN = -1


class MembersPage(ImportPage):
    """One decision per name that is only a near match of a stored member."""

    NAME, ROWS, IS = range(3)

    def __init__(self, ctx: AppContext, state: ImportState, runner: TaskRunner) -> None:
        super().__init__(ctx, state, runner)
        self.setTitle("Members")
        self.setSubTitle("These names are close to members already recorded. Say who each "
                         "one is, so that no member is recorded twice.")
        self.names: tuple[WrittenName, ...] = ()
        self.combos: list[QComboBox] = []
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Name in the file", "Rows", "Is"])
        self.table.setAccessibleName("Names to match with members")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.matched = muted_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.matched)

    def initializePage(self) -> None:  # noqa: N802
        report = self.state.members
        self.names = report.undecided if report is not None else ()
        self.table.setRowCount(len(self.names))
        self.combos = []
        for row, name in enumerate(self.names):
            rows = some_rows(name.rows)
            self.table.setItem(row, self.NAME, QTableWidgetItem(name.written))
            plural = "rows" if len(name.rows) > 1 else "row"
            self.table.setItem(row, self.ROWS,
                               QTableWidgetItem(f"{len(name.rows):,} ({plural} {rows})"))
            combo = QComboBox()
            combo.setAccessibleName(f"Who '{name.written}' is")
            combo.addItem("Choose…", UNCHOSEN)
            for near in name.near:
                court = f", {near.member.court}" if near.member.court else ""
                combo.addItem(f"Did you mean {near.member.name}{court}? ({near.reason})",
                              near.member.id)
            combo.addItem(f"A new member: {name.new_name}", NEW)
            combo.currentIndexChanged.connect(self.completeChanged)
            self.table.setCellWidget(row, self.IS, combo)
            self.combos.append(combo)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(self.IS, max(self.table.columnWidth(self.IS), 380))
        other = report.matched_other_spelling if report is not None else ()
        self.matched.setText(
            "Found under another spelling: " + "; ".join(
                f"{', '.join(repr(s) for s in n.spellings)} → {n.same.name}"
                for n in other if n.same is not None) + "." if other else "")

    def combo_for(self, written: str) -> QComboBox:
        """The choice for the name written ``written`` (for tests and scripts)."""
        return self.combos[[n.written for n in self.names].index(written)]

    def isComplete(self) -> bool:  # noqa: N802
        return all(c.currentData() != UNCHOSEN for c in self.combos)

    def validatePage(self) -> bool:  # noqa: N802
        if not self.isComplete():
            return False
        for name, combo in zip(self.names, self.combos, strict=True):
            self.state.member_decisions[name.key] = combo.currentData()
        run_answer_stages(self.ctx, self.state)
        return True

    def nextId(self) -> int:  # noqa: N802
        return next_question_page(self.state, PAGE_MEMBERS)
