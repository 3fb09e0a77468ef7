"""The matter list's table model and the keyboard helper its views share."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from naij_tracker.ui.table_models import TupleTableModel

#: Columns whose natural first sort is newest first.
DESCENDING_FIRST = frozenset({"filed", "notice", "demand"})


def focus_first_input(widget: QWidget) -> None:
    """Give keyboard focus to the first focusable child of ``widget`` (e.g. the editor)."""
    child = widget.nextInFocusChain()
    while child is not None and child is not widget:
        if (widget.isAncestorOf(child) and child.isVisibleTo(widget) and child.isEnabled()
                and child.focusPolicy() & Qt.FocusPolicy.TabFocus):
            child.setFocus(Qt.FocusReason.TabFocusReason)
            return
        child = child.nextInFocusChain()
    widget.setFocus(Qt.FocusReason.OtherFocusReason)


class MatterListModel(TupleTableModel):
    """The list model, with the kind's natural first sort order per column."""

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.InitialSortOrderRole
                and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.columns)):
            key = self.columns[section].key
            return (Qt.SortOrder.DescendingOrder if key in DESCENDING_FIRST
                    else Qt.SortOrder.AscendingOrder)
        return super().headerData(section, orientation, role)

    def row_reference(self, row: int) -> str:
        """How a row is named to the officer: its number and quoted title ('' if neither)."""
        parts = []
        for key in ("number", "title"):
            c = next((i for i, col in enumerate(self.columns) if col.key == key), -1)
            if c >= 0:
                value = self.index(row, c).data()
                if value:
                    parts.append(f"\u201c{value}\u201d" if key == "title" else str(value))
        return " ".join(parts)
