"""The History tab: who changed what, when — with each field's old and new value."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from naij_tracker.domain import kinds as k
from naij_tracker.domain.fields import fields_for
from naij_tracker.services import history
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.matter_tabs.base import MatterTab
from naij_tracker.ui.tasks import TaskRunner

_ACTIONS = {"create": "Created", "update": "Changed", "delete": "Removed", "import": "Imported",
            "undo": "Undone"}


def _show(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    text = str(value).replace("\n", " ")
    return text if len(text) <= 80 else text[:77] + "…"


class HistoryTab(MatterTab):
    title = "Histor&y"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 runner: TaskRunner | None = None) -> None:
        super().__init__(ctx, parent, runner=runner)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("History of this matter")
        self.tree.setHeaderLabels(["When", "Who", "What"])
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setColumnWidth(0, 170)
        self.tree.setColumnWidth(1, 150)
        self._names: dict[str, dict[int, str]] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)

    def refresh(self) -> None:
        self.tree.clear()
        if self.matter_id is None:
            return
        with self.ctx.db.sessions() as session:
            items = history.for_matter(session, self.matter_id)
        self._names = {
            "member_id": {m.id: m.label for m in self.ctx.people.members()},
            "metric_id": {m.id: m.name for m in self.ctx.people.metrics()},
        }
        labels: dict[str, str] = {}
        if self.kind is not None:
            labels = {f.name: f.label for f in fields_for(self.kind)}
        for entry in items:
            top = QTreeWidgetItem([entry.at.strftime("%Y-%m-%d %H:%M"), entry.who, entry.summary])
            top.setToolTip(2, f"{_ACTIONS.get(entry.action, entry.action)}: {entry.summary}")
            for name, pair in entry.changes.items():
                old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
                label = labels.get(name, name.replace("_", " ").capitalize())
                old, new = self._labelled(name, old), self._labelled(name, new)
                if old is None or old == "":
                    text = f"{label}: {_show(new)}"
                elif new is None or new == "":
                    text = f"{label}: {_show(old)} → (removed)"
                else:
                    text = f"{label}: {_show(old)} → {_show(new)}"
                child = QTreeWidgetItem(["", "", text])
                child.setToolTip(2, f"{label}\nbefore: {old}\nafter: {new}")
                top.addChild(child)
            self.tree.addTopLevelItem(top)
        self.tree.expandAll()

    def _labelled(self, name: str, value: Any) -> Any:
        """Show vocabulary codes (status, step…) by their labels, members and metrics by name."""
        if name in self._names and isinstance(value, int):
            return self._names[name].get(value, value)
        if not isinstance(value, str) or self.kind is None:
            return value
        for spec in fields_for(self.kind):
            if spec.name == name and spec.choices:
                return k.label_of(spec.choices, value)
        return value

    def count(self) -> int:
        return self.tree.topLevelItemCount()
