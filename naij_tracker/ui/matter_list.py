"""One kind's list of matters beside the matter editor.

The list is a ``TupleTableModel`` over ``queries.list_matter_pages``: the matter ids in order,
the rows read a page at a time as they are scrolled to (100,000 grievances hold their ids, not
100,000 tuples). Sorting and filtering re-run the SQL query (``ORDER BY``, ``WHERE`` with the
FTS5 index) instead of a ``QSortFilterProxyModel``, which would call back into Python for every
comparison. Queries run on the ``TaskRunner``; a newer query supersedes older answers.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from naij_tracker.domain import kinds as k
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.queries import LIST_COLUMNS, ListResult, list_matter_pages
from naij_tracker.ui.changes import Change
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.list_columns import ColumnFitter
from naij_tracker.ui.matter_delete import confirm_delete, delete_matter
from naij_tracker.ui.matter_list_model import MatterListModel
from naij_tracker.ui.style import ERROR_COLOR, mute, set_text_color
from naij_tracker.ui.table_models import KeepColourDelegate
from naij_tracker.ui.tasks import TaskControl, TaskRunner

if TYPE_CHECKING:
    from naij_tracker.ui.matter_editor import MatterEditor

FILTER_DELAY_MS = 150
#: The column that the SQL query sorts by when none is chosen.
_DEFAULT_SORT = {MatterKind.GRIEVANCE: "filed", MatterKind.FLRA: "filed",
                 MatterKind.BARGAINING: "notice", MatterKind.METRIC_DISPUTE: "next_due"}


class MatterListView(QWidget):
    """Filter bar, the table of one kind's matters, and the editor on the right."""

    #: A matter was saved or deleted here: a ``Change`` for the views showing it.
    changed = Signal(object)
    #: The editor asked to open another matter (e.g. a link to another kind).
    open_matter = Signal(int)

    def __init__(self, ctx: AppContext, kind: MatterKind, runner: TaskRunner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.written = Change.of_matter(kind, kind.value, deadlines=True)  # what its writes change
        self.runner = runner or TaskRunner(self)
        self.setObjectName(f"list_{kind.value}")
        self.setAccessibleName(kind.plural)
        self._requested = False  # a load was asked for (it may still be on its way)
        self._select_after_load: int | None = None
        self._shown_id: int | None = None
        self._sort_key: str | None = None
        self._descending = False
        self._loaded = False
        self._restoring = False
        self._editor: MatterEditor | None = None
        self._read_only = False

        self.model = MatterListModel(LIST_COLUMNS[kind], self)
        self.model.sortRequested.connect(self._on_sort_requested)
        self._build()
        # setSortingEnabled calls model.sort, which would query now; a list queries when it is
        # first shown instead, so start-up does not wait for lists nobody has opened yet.
        self._restoring = True
        self.table.setSortingEnabled(True)
        self._restoring = False

    # -- construction ----------------------------------------------------------------------
    def _build(self) -> None:
        self.new_button = QPushButton(f"&New {self.kind.noun}", self)
        self.new_button.setObjectName("new_button")
        self.new_button.setAccessibleName(f"New {self.kind.noun}")
        self.new_button.clicked.connect(self.new_matter)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("filter_edit")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setPlaceholderText("Filter by number, member, title or text…")
        self.filter_edit.setAccessibleName("Filter")  # as its label reads
        self.filter_edit.setAccessibleDescription(f"Filter {self.kind.noun_plural}")
        filter_label = QLabel("&Filter:", self)
        filter_label.setBuddy(self.filter_edit)

        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("status_combo")
        self.status_combo.setAccessibleName("Status")  # as its label reads
        self.status_combo.setAccessibleDescription("Show only matters with this status")
        self.status_combo.addItem("Any status", None)
        for choice in k.STATUSES[self.kind]:
            self.status_combo.addItem(choice.label, choice.code)
        # Sized for typical labels, not the longest ("Implemented without bargaining").
        self.status_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.status_combo.setMinimumContentsLength(14)
        status_label = QLabel("S&tatus:", self)
        status_label.setBuddy(self.status_combo)

        self.closed_check = QCheckBox("Show c&losed", self)
        self.closed_check.setObjectName("closed_check")
        self.closed_check.setAccessibleName("Show closed matters")
        self.closed_check.setToolTip("Closed matters are hidden unless this is ticked.")

        self.count_label = QLabel(self)
        self.count_label.setObjectName("count_label")
        self.count_label.setAccessibleName("Number of matters shown")
        mute(self.count_label)

        self.filter_edit.setMinimumWidth(140)
        bar = QHBoxLayout()
        bar.setSpacing(8)
        bar.addWidget(filter_label)
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.new_button)
        bar2 = QHBoxLayout()
        bar2.setSpacing(8)
        bar2.addWidget(status_label)
        bar2.addWidget(self.status_combo)
        bar2.addWidget(self.closed_check)
        bar2.addStretch(1)

        self.table = QTableView(self)
        self.table.setObjectName("matter_table")
        self.table.setAccessibleName(f"{self.kind.plural} list")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # One Tab stop: Tab moves on to the editor, arrows move within the list.
        self.table.setTabKeyNavigation(False)
        self.table.setItemDelegate(KeepColourDelegate(self.table))
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSectionsMovable(True)
        header.setSortIndicatorShown(True)
        self.column_fitter = ColumnFitter(self.table, self.model.columns, self.kind.value)
        default = _DEFAULT_SORT[self.kind]
        col = self.model.column_of(default)
        header.setSortIndicator(col, Qt.SortOrder.AscendingOrder if default == "next_due"
                                else Qt.SortOrder.DescendingOrder)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(lambda _i: self.edit_current())
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)

        left = QWidget(self)
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.setSpacing(6)
        left_box.addLayout(bar)
        left_box.addLayout(bar2)
        left_box.addWidget(self.table, 1)
        # Under the table: beside the filters it was squeezed out of a narrow list pane.
        left_box.addWidget(self.count_label)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("list_error")
        set_text_color(self.error_label, ERROR_COLOR)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        left_box.addWidget(self.error_label)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("list_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        # The editor scrolls rather than forcing the whole window wider than the screen.
        self.editor_scroll = QScrollArea(self)
        self.editor_scroll.setObjectName("editor_scroll")
        self.editor_scroll.setWidgetResizable(True)
        self.editor_scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Until a matter is opened: a note where the editor will be (``editor`` builds it).
        self.no_editor = QLabel("Choose a matter from the list, or create a new one.", self)
        self.no_editor.setObjectName("no_editor")
        self.no_editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_editor.setEnabled(False)
        self.editor_scroll.setWidget(self.no_editor)
        self.editor_scroll.setMinimumWidth(420)
        self.splitter.addWidget(self.editor_scroll)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        # Half and half: the list keeps its status and next deadline in view beside the editor.
        self.splitter.setSizes([600, 600])

        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 12, 12, 8)
        outer.addWidget(self.splitter)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.refresh)
        self.filter_edit.textChanged.connect(self._filter_timer.start)
        self.filter_edit.returnPressed.connect(self._apply_filter_now)
        self.status_combo.currentIndexChanged.connect(self.refresh)
        self.closed_check.toggled.connect(self.refresh)

        for first, then in pairwise((self.filter_edit, self.new_button, self.status_combo,
                                     self.closed_check, self.table)):
            QWidget.setTabOrder(first, then)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._loaded and not self._requested:
            self.refresh()
        self.column_fitter.fit_columns()

    # -- state -----------------------------------------------------------------------------
    def header_state(self) -> QByteArray:
        return self.table.horizontalHeader().saveState()

    def restore_header_state(self, state: QByteArray) -> None:
        if state.isEmpty():
            return
        self._restoring = True
        try:
            self.table.horizontalHeader().restoreState(state)
        finally:
            self._restoring = False
        header = self.table.horizontalHeader()
        self._on_sort_requested(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def set_show_closed(self, show: bool) -> None:
        self.closed_check.setChecked(show)

    # -- querying --------------------------------------------------------------------------
    def _on_sort_requested(self, column: int, order: Qt.SortOrder) -> None:
        if self._restoring:
            return
        cols = self.model.columns
        self._sort_key = cols[column].key if 0 <= column < len(cols) else None
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()

    def _apply_filter_now(self) -> None:
        self._filter_timer.stop()
        self.refresh()

    def query_arguments(self) -> dict[str, Any]:
        status = self.status_combo.currentData()
        return {"text_filter": self.filter_edit.text().strip(),
                "statuses": (status,) if status else (),
                "include_closed": self.closed_check.isChecked(),
                "sort_key": self._sort_key, "descending": self._descending}

    def refresh(self) -> None:
        """Re-run the list query (off the GUI thread); the newest answer wins."""
        self._filter_timer.stop()
        self._requested = True
        args = self.query_arguments()
        db, kind = self.ctx.db, self.kind

        def run(_control: TaskControl) -> ListResult:
            return list_matter_pages(db, kind, **args)

        self.runner.submit(run, on_result=self._on_loaded, on_error=self._on_load_failed,
                           supersede=f"list:{kind.value}")

    def _on_load_failed(self, exc: BaseException) -> None:
        self.error_label.setText(f"The list could not be loaded: {exc}")
        self.error_label.show()

    def _on_loaded(self, result: ListResult) -> None:
        self.error_label.hide()
        keep = self._select_after_load or self.current_matter_id()
        self._select_after_load = None
        self._restoring = True
        try:
            self.model.set_rows(result.columns, result.rows)
        finally:
            self._restoring = False
        self._loaded = True
        self._update_count()
        if keep is not None:
            self._select_silently(keep)

    def _update_count(self) -> None:
        n = self.model.total_rows()
        noun = self.kind.noun if n == 1 else self.kind.noun_plural
        if self.kind is MatterKind.BARGAINING:
            noun = "bargaining obligation" if n == 1 else "bargaining obligations"
        closed = "" if self.closed_check.isChecked() or self.status_combo.currentData() \
            else " open"
        self.count_label.setText(f"{n:,}{closed} {noun}")

    # -- selection and the editor ----------------------------------------------------------
    @property
    def editor(self) -> MatterEditor:
        """The matter editor, built when first needed: it loads the editing services
        (SQLAlchemy, the models) and some fifty widgets, which a list reader never pays for."""
        if self._editor is None:
            from naij_tracker.ui.matter_editor import MatterEditor

            editor = MatterEditor(self.ctx, self, runner=self.runner)
            editor.setObjectName(f"editor_{self.kind.value}")
            editor.saved.connect(self._on_saved)
            editor.deleted.connect(self._on_deleted)
            editor.tab_wrote.connect(lambda: self.changed.emit(self.written))
            editor.open_matter.connect(self.open_matter)
            editor.set_read_only(self._read_only)
            self.editor_scroll.setWidget(editor)  # the note is deleted
            self._editor = editor
        return self._editor

    @property
    def editor_built(self) -> bool:
        return self._editor is not None

    def maybe_leave(self, then: Callable[[], object] | None = None) -> bool:
        """True if nothing unsaved would be lost (asking the officer if need be); when the
        officer chose to save, False now and ``then`` once the save has succeeded (see
        ``MatterEditor.maybe_leave``)."""
        return self._editor is None or self._editor.maybe_leave(then)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.new_button.setEnabled(not read_only)
        if self._editor is not None:
            self._editor.set_read_only(read_only)

    @property
    def shown_matter_id(self) -> int | None:
        """The matter shown in the editor (None when empty or a new matter is being typed)."""
        return self._shown_id

    def current_matter_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.matter_id(index.row()) if index.isValid() else None

    def _select_silently(self, matter_id: int) -> bool:
        row = self.model.row_of(matter_id)
        if row < 0:
            return False
        self._restoring = True
        try:
            index = self.model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)
        finally:
            self._restoring = False
        return True

    def _on_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._restoring:
            return
        matter_id = self.model.matter_id(current.row()) if current.isValid() else None
        if matter_id == self._shown_id:
            return
        if self.maybe_leave(then=lambda: self._go_to(matter_id)):
            self._go_to(matter_id)
        elif self._shown_id is not None:
            # Stay on the matter being edited (until its save, if chosen, has succeeded): put
            # the selection back where it was.
            QTimer.singleShot(0, lambda: self._select_silently(self._shown_id or 0))

    def _go_to(self, matter_id: int | None) -> None:
        if matter_id is None:
            self._show_in_editor(None)
        else:
            self.show_matter(matter_id)

    def _show_in_editor(self, matter_id: int | None) -> None:
        self._shown_id = matter_id
        if matter_id is None:
            if self._editor is not None:
                self._editor.clear()
        else:
            self.editor.load(matter_id)

    def show_matter(self, matter_id: int) -> bool:
        """Select ``matter_id`` (if listed) and show it in the editor; False if the officer
        stays with unsaved changes, or saves them first (then it is shown once saved)."""
        if matter_id != self._shown_id and not self.maybe_leave(
                then=lambda: self.show_matter(matter_id)):
            return False
        # Shown now: a list read still on its way keeps this selection, not the saved one.
        self._select_after_load = None
        if not self._select_silently(matter_id):
            self.table.clearSelection()
            if not self._loaded:
                self._select_after_load = matter_id
        self._show_in_editor(matter_id)
        return True

    select = show_matter  # the window's ``View`` (ui/view_registry.py)

    def edit_current(self) -> None:
        """Double-click or Enter: open the selected matter for editing."""
        matter_id = self.current_matter_id()
        if matter_id is None:
            return
        if matter_id != self._shown_id:
            self._show_in_editor(matter_id)
        self.editor.focus_first_field()

    def new_matter(self) -> None:
        if not self.maybe_leave(then=self.new_matter):
            return
        self._restoring = True
        try:
            self.table.clearSelection()
            self.table.setCurrentIndex(QModelIndex())
        finally:
            self._restoring = False
        self._shown_id = None
        self.editor.new_matter(self.kind)
        self.editor.focus_first_field()

    def delete_selected(self) -> bool:
        """Ask, then delete the selected matter on the task runner; True if it was started."""
        matter_id = self.current_matter_id()
        if matter_id is None:
            return False
        row = self.table.currentIndex().row()
        ref = self.model.row_reference(row) or f"this {self.kind.noun}"
        if not confirm_delete(self, f"Delete {self.kind.noun}", f"Delete {ref}?\n\nIt goes to "
                              "the trash with its deadlines, timeline, links and attachments, "
                              "and can be restored for 30 days (Edit ▸ Undo, or View ▸ Trash)."):
            return False
        next_row = min(row, self.model.rowCount() - 2)
        next_id = self.model.matter_id(next_row) if next_row >= 0 else None
        self.table.setEnabled(False)  # until the delete has ended (a slow server)
        self.count_label.setText(f"Deleting {ref}…")
        delete_matter(self, self.ctx, self.runner, matter_id, ref,
                      deleted=lambda: self._on_deleted(matter_id, next_id),
                      failed=self._delete_ended)
        return True

    def _delete_ended(self) -> None:
        self.table.setEnabled(True)
        self._update_count()

    def _on_saved(self, matter_id: int) -> None:
        self._shown_id = matter_id
        self._select_after_load = matter_id
        self.refresh()
        self.changed.emit(self.written)

    def _on_deleted(self, matter_id: int, next_id: int | None = None) -> None:
        """Deleted here (the next row is selected then) or in the editor."""
        self._delete_ended()
        if self._shown_id == matter_id:
            self._shown_id = None
            if self._editor is not None:
                self._editor.clear()
        self._select_after_load = next_id if next_id != matter_id else None
        self.refresh()
        self.changed.emit(self.written)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.edit_current()
                return True
            if event.key() == Qt.Key.Key_Delete:
                self.delete_selected()
                return True
        return super().eventFilter(watched, event)
