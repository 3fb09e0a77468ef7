"""The global search field: find matters of every kind as you type, and open one.

Typing waits a moment (``SEARCH_DELAY_MS``) and then asks ``queries.search`` — number, title,
member name or text, through the FTS5 index — on a worker thread. The hits appear in a
``QCompleter`` popup; choosing one (click, or arrows and Enter) emits ``open_matter``. Enter with
no hit highlighted opens the first hit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QLineEdit, QWidget

from naij_tracker.ui.context import AppContext
from naij_tracker.ui.table_models import Roles
from naij_tracker.ui.tasks import TaskControl, TaskRunner

if TYPE_CHECKING:
    from naij_tracker.services.queries import SearchHit

SEARCH_DELAY_MS = 150
MAX_HITS = 30
#: The key under which a search supersedes the one before it on the task runner.
_TASK_KEY = "global search"

Index = QModelIndex | QPersistentModelIndex


class SearchHitsModel(QAbstractListModel):
    """The hits of the latest search, one line each."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> SearchHit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | \
            Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        member = f"   · {hit.member_name}" if hit.member_name else ""
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{hit.reference}   {hit.title}{member}   — {hit.kind.label}, {hit.status}"
        if role == Qt.ItemDataRole.EditRole:
            return f"{hit.reference} {hit.title}"
        if role == Qt.ItemDataRole.ToolTipRole:
            who = f", {hit.member_name}" if hit.member_name else ""
            return f"{hit.kind.label} {hit.reference}: {hit.title}{who} ({hit.status})"
        if role == Roles.MATTER_ID:
            return hit.matter_id
        return None


#: What search says while imported matters are being added to its index (``search_indexing``).
INDEXING = "Indexing imported grievances for search…"


class SearchField(QLineEdit):
    """A line edit with a popup of matching matters."""

    open_matter = Signal(int)
    #: Emitted after each search with the number of hits (for the status bar and tests).
    searched = Signal(int)

    def __init__(self, ctx: AppContext, runner: TaskRunner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner or TaskRunner(self)
        self.setObjectName("global_search")
        self.setAccessibleName("Search all matters")
        find_keys = QKeySequence(QKeySequence.StandardKey.Find).toString(
            QKeySequence.SequenceFormat.NativeText)
        self.setPlaceholderText(f"Search all matters ({find_keys})")
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(320)

        self.hits = SearchHitsModel(self)
        self._completer: QCompleter | None = None

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.textEdited.connect(self._timer.start)
        self.returnPressed.connect(self._open_first)

    def show_indexing(self, busy: bool) -> None:
        """Say that imported matters are still being added to the search index."""
        base = self.placeholderText().split(" — ")[0]
        self.setPlaceholderText(f"{base} — {INDEXING}" if busy else base)
        self.setToolTip(INDEXING if busy else "")

    def set_context(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.runner.drop(_TASK_KEY)  # hits from the other database would be shown otherwise
        self.clear()
        self.hits.set_hits([])

    def run_search(self) -> None:
        self._timer.stop()
        text = self.text().strip()
        db = self.ctx.db

        def run(_control: TaskControl) -> list[SearchHit]:
            from naij_tracker.services.queries import search  # SQLAlchemy: after start-up

            return search(db, text, limit=MAX_HITS)

        # A newer search supersedes this one: only the newest answer is shown.
        self.runner.submit(run, on_result=self._on_hits, on_error=lambda _e: self._on_hits([]),
                           supersede=_TASK_KEY)

    def _on_hits(self, hits: list[SearchHit]) -> None:
        self.hits.set_hits(hits)
        popup = self.popup()
        if hits and self.hasFocus():
            self.completer_.complete()
        else:
            popup.hide()
        self.searched.emit(len(hits))

    def _on_chosen(self, index: QModelIndex) -> None:
        matter_id = index.data(Roles.MATTER_ID)
        if matter_id is not None:
            self._open(int(matter_id))

    def _open_first(self) -> None:
        if self._timer.isActive():
            self.run_search()
        hit = self.hits.hit(0)
        if hit is not None and not self.popup().isVisible():
            self._open(hit.matter_id)

    @property
    def completer_(self) -> QCompleter:
        """The completer showing the hits, made with the first search (not for the first
        screen: it and its popup list cost the start of the application ~10 ms)."""
        if self._completer is None:
            completer = QCompleter(self.hits, self)
            completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
            completer.setMaxVisibleItems(12)
            completer.setWidget(self)
            # PySide6's stubs do not declare SignalInstance's overload indexing ([QModelIndex]).
            completer.activated[QModelIndex].connect(self._on_chosen)  # type: ignore[index]
            popup = completer.popup()
            assert popup is not None  # QCompleter makes its popup on demand
            popup.setAccessibleName("Search results")
            popup.setObjectName("search_popup")
            self._completer = completer
        return self._completer

    def popup(self) -> QAbstractItemView:
        """The hits' popup list."""
        popup = self.completer_.popup()
        assert popup is not None  # QCompleter makes its popup on demand
        return popup

    def _open(self, matter_id: int) -> None:
        self.popup().hide()
        # Clear after the completer has finished writing its text into the field.
        QTimer.singleShot(0, self.clear)
        self.open_matter.emit(matter_id)
