"""The Links tab: links to other matters, seen from both sides, and a search picker to add one."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from naij_tracker.domain import kinds as k
from naij_tracker.domain.validation import ValidationError
from naij_tracker.services.queries import search
from naij_tracker.services.related import LinkItem
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.forms import ChoiceField, error_label, labelled_form
from naij_tracker.ui.matter_tabs.base import MatterTab, button_row, selected_record, table_view
from naij_tracker.ui.record_table import Column, RecordTableModel
from naij_tracker.ui.tasks import TaskRunner

COLUMNS = (
    Column("Relation", lambda li: li.relation_label),
    Column("Matter", lambda li: li.other_reference),
    Column("Kind", lambda li: li.other_kind.label),
    Column("Title", lambda li: li.other_title),
)


class LinkPicker(QDialog):
    """Find the matter to link to by number, title, member or text, as you type."""

    def __init__(self, ctx: AppContext, exclude_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.exclude_id = exclude_id
        self.setWindowTitle("Link to another matter")
        self.setMinimumSize(560, 420)
        self.query = QLineEdit()
        self.query.setAccessibleName("Find a matter")
        self.query.setPlaceholderText("Number, title, member or text…")
        self.query.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setAccessibleName("Matters found")
        self.relation = ChoiceField(k.LINK_RELATIONS, optional=False)
        self.relation.setAccessibleName("Relation")
        self.error = error_label()
        form = labelled_form((("&Find:", self.query), ("&Matters:", self.results),
                             ("&Relation:", self.relation)))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Link")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.run_search)
        self.query.textChanged.connect(lambda _t: self._timer.start())
        self.query.returnPressed.connect(self._focus_results)
        self.results.itemDoubleClicked.connect(lambda _i: self.accept())
        self.results.currentItemChanged.connect(lambda *_: self._update_ok())
        self._update_ok()

    def _focus_results(self) -> None:
        self._timer.stop()
        self.run_search()
        if self.results.count():
            self.results.setFocus()

    def run_search(self) -> None:
        self.results.clear()
        for hit in search(self.ctx.db, self.query.text(), limit=50):
            if hit.matter_id == self.exclude_id:
                continue
            item = QListWidgetItem(f"{hit.reference} — {hit.title}   ({hit.kind.label}, "
                                   f"{hit.status})")
            item.setData(Qt.ItemDataRole.UserRole, hit.matter_id)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)
        self._update_ok()

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self.results.currentItem() is not None)

    def chosen_id(self) -> int | None:
        item = self.results.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def relation_code(self) -> str:
        return self.relation.value() or "related"


class LinksTab(MatterTab):
    title = "&Links"
    open_matter = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 runner: TaskRunner | None = None) -> None:
        super().__init__(ctx, parent, runner=runner)
        self.model = RecordTableModel(COLUMNS, self)
        self.view = table_view(self.model, "Links to other matters")
        self.add = QPushButton("&Link to…")
        self.open = QPushButton("&Open")
        self.remove = QPushButton("Remove…")
        for b in (self.add, self.open, self.remove):
            b.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addLayout(button_row(self.add, self.open, self.remove, stretch_after=0))
        layout.addWidget(self.view, 1)
        self.add.clicked.connect(self.add_link)
        self.open.clicked.connect(self.open_selected)
        self.remove.clicked.connect(self.remove_selected)
        self.view.activated.connect(lambda _i: self.open_selected())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

    def refresh(self) -> None:
        items = self.ctx.related.links(self.matter_id) if self.matter_id is not None else []
        self.model.set_rows(items)
        for col, width in enumerate((210, 130, 160)):
            self.view.setColumnWidth(col, width)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.add.setEnabled(self.matter_id is not None)
        self.open.setEnabled(self.selected() is not None)
        self.remove.setEnabled(self.selected() is not None)

    def count(self) -> int:
        return self.model.rowCount()

    def selected(self) -> LinkItem | None:
        record = selected_record(self.view)
        return record if isinstance(record, LinkItem) else None

    def add_link(self) -> None:
        if self.matter_id is None:
            return
        self._pick_link(LinkPicker(self.ctx, self.matter_id, self))

    def _pick_link(self, picker: LinkPicker) -> None:
        """Ask for the matter to link; a refused link asks again with the reason."""
        chosen = None
        while chosen is None:
            if picker.exec() != QDialog.DialogCode.Accepted:
                return
            chosen = picker.chosen_id()
        matter_id, other = self.matter_id, chosen
        if matter_id is None:
            return
        related, relation = self.ctx.related, picker.relation_code()

        def refused(exc: ValidationError) -> None:
            picker.error.setText(" ".join(e.message for e in exc.errors))
            picker.error.setVisible(True)
            self._pick_link(picker)

        self.write("Link matters", lambda: related.link(matter_id, other, relation),
                   lambda link_id: self.ctx.undo.push("Undo link",
                                                      partial(related.unlink, link_id)),
                   refused=refused)

    def open_selected(self) -> None:
        item = self.selected()
        if item is not None:
            self.open_matter.emit(item.other_id)

    def remove_selected(self) -> None:
        item = self.selected()
        if item is None or not self.confirm(
                "Remove link", f"Remove the link to {item.other_reference} ({item.other_title})? "
                               "It disappears from both matters."):
            return
        related = self.ctx.related
        self.write("Remove link", lambda: related.unlink(item.link_id))
