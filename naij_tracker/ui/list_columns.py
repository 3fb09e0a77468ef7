"""A list's columns that fit its width: the least important hide first, and the officer may
hide any from the header's context menu (remembered in QSettings per kind of list)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QSettings, Qt
from PySide6.QtWidgets import QMenu, QTableView

#: Columns from most to least important: when the list is narrow, the last ones hide first.
COLUMN_IMPORTANCE = ("number", "title", "status", "next_due", "member", "filed", "step",
                     "case_type", "metric", "notice", "demand", "bargaining_type", "scope",
                     "court", "region", "measured", "target")
#: Always shown, however narrow the list (the officer can still hide the others).
_ALWAYS_SHOWN = frozenset({"number", "title"})
#: The narrowest the title column may get before another column gives way to it.
_TITLE_MIN_WIDTH = 150
#: Natural widths of the columns, by key.
WIDTHS = {"number": 84, "member": 130, "court": 110, "step": 70, "status": 100,
          "filed": 90, "next_due": 100, "title": 260, "case_type": 170, "region": 100,
          "bargaining_type": 150, "notice": 100, "demand": 100, "metric": 180,
          "scope": 70, "measured": 75, "target": 65}


def _as_list(value: object) -> list[object]:
    """A QSettings list (an ini file gives a lone string for a one-item list)."""
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


class ColumnFitter(QObject):
    """Keeps ``table``'s columns fitting its viewport; ``columns`` have a ``key`` and a ``label``."""

    def __init__(self, table: QTableView, columns: Sequence[Any], kind: str) -> None:
        super().__init__(table)
        self.table = table
        self.columns = columns
        self.kind = kind
        header = table.horizontalHeader()
        for i, col in enumerate(columns):
            table.setColumnWidth(i, self._default_width(col.key))
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        self._hidden_by_choice: set[str] = set(
            str(v) for v in _as_list(QSettings().value(self._columns_key(), [])))
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return False

    @staticmethod
    def _default_width(key: str) -> int:
        return WIDTHS.get(key, 120)

    def _columns_key(self) -> str:
        return f"lists/{self.kind}/hidden_columns"

    def fit_columns(self) -> None:
        """Show the most important columns that fit the list's width; hide the rest.

        Columns the officer hid from the header's menu stay hidden whatever the width.
        """
        available = self.table.viewport().width()
        if available <= 0:
            return
        header = self.table.horizontalHeader()
        keys = [c.key for c in self.columns]
        ranked = sorted(range(len(keys)), key=lambda i: COLUMN_IMPORTANCE.index(keys[i])
                        if keys[i] in COLUMN_IMPORTANCE else len(COLUMN_IMPORTANCE))
        used, full = 0, False
        for i in ranked:
            key = keys[i]
            width = _TITLE_MIN_WIDTH if key == "title" else header.sectionSize(i) or \
                self._default_width(key)
            if header.isSectionHidden(i) and key != "title":
                width = self._default_width(key)
            # Strictly by importance: once one column does not fit, the less important go too.
            fits = not full and used + width <= available
            show = key not in self._hidden_by_choice and (key in _ALWAYS_SHOWN or fits)
            if key not in _ALWAYS_SHOWN and key not in self._hidden_by_choice and not fits:
                full = True
            if show:
                used += width
            if header.isSectionHidden(i) == show:
                header.setSectionHidden(i, not show)
                if show and key != "title":
                    header.resizeSection(i, self._default_width(key))
        # The title takes what is left (the header's own stretch keeps its earlier width).
        if "title" in keys and not header.isSectionHidden(keys.index("title")):
            others = sum(header.sectionSize(i) for i in range(len(keys))
                         if keys[i] != "title" and not header.isSectionHidden(i))
            header.resizeSection(keys.index("title"), max(_TITLE_MIN_WIDTH, available - others))

    def visible_column_keys(self) -> list[str]:
        header = self.table.horizontalHeader()
        return [c.key for i, c in enumerate(self.columns) if not header.isSectionHidden(i)]

    def _column_menu(self, pos: QPoint) -> None:
        menu = QMenu(self.table)
        menu.setObjectName("column_menu")
        for column in self.columns:
            action = menu.addAction(column.label)
            action.setCheckable(True)
            action.setChecked(column.key not in self._hidden_by_choice)
            action.setEnabled(column.key not in _ALWAYS_SHOWN)
            action.toggled.connect(lambda on, key=column.key: self.choose_column(key, on))
        menu.addSeparator()
        note = menu.addAction("Columns that do not fit hide by themselves")
        note.setEnabled(False)
        menu.popup(self.table.horizontalHeader().mapToGlobal(pos))

    def choose_column(self, key: str, shown: bool) -> None:
        """Show or hide a column by the officer's choice (remembered for next time)."""
        if shown:
            self._hidden_by_choice.discard(key)
        elif key not in _ALWAYS_SHOWN:
            self._hidden_by_choice.add(key)
        QSettings().setValue(self._columns_key(), sorted(self._hidden_by_choice))
        self.fit_columns()
