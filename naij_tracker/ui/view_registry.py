"""The main window's views: built when first shown, refreshed when shown stale.

Every view in the window's stack implements ``View``: ``changed`` (data changed here: it carries
a ``Change`` saying what, and the views that show it — ``SHOWS`` — are marked stale and refresh
when next shown), ``refresh`` and ``select``. The
dashboard is built at once; every other view when first shown — start-up pays only for what
the first screen shows (the lists, their editors and the other views import SQLAlchemy, the
models and dozens of widgets).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from naij_tracker.domain.kinds import MatterKind
from naij_tracker.ui import window_state
from naij_tracker.ui.changes import Change
from naij_tracker.ui.dashboard import DashboardView
from naij_tracker.ui.navigation import LIST_KEYS, NAVIGATION

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from naij_tracker.ui.deadlines_view import DeadlinesView
    from naij_tracker.ui.main_window import MainWindow
    from naij_tracker.ui.matter_list import MatterListView
    from naij_tracker.ui.members_view import MembersView
    from naij_tracker.ui.metrics_view import MetricsView
    from naij_tracker.ui.reports_view import ReportsView


#: The kinds whose matters concern a member (their lists have a member column).
_WITH_MEMBER = frozenset((MatterKind.GRIEVANCE, MatterKind.METRIC_DISPUTE))


def _any_matter_or_deadline(c: Change) -> bool:
    return c.matters or c.deadlines


def _list_shows(kind: MatterKind) -> Callable[[Change], bool]:
    """A list of ``kind``: its matters, their next deadline, their member's and metric's name."""
    return lambda c: (c.touches_kind(kind) or (c.members and kind in _WITH_MEMBER)
                      or (c.metrics and kind is MatterKind.METRIC_DISPUTE))


#: Which views show what a ``Change`` changed (``everything`` reaches every view).
SHOWS: dict[str, Callable[[Change], bool]] = {
    "dashboard": _any_matter_or_deadline,
    **{kind.value: _list_shows(kind) for kind in MatterKind},
    # Each member's open grievances and matters.
    "members": lambda c: c.members or any(k in _WITH_MEMBER for k in c.kinds),
    # Each deadline's matter and member.
    "deadlines": lambda c: c.matters or c.deadlines or c.members,
    # Each metric's disputes.
    "metrics": lambda c: c.metrics or MatterKind.METRIC_DISPUTE in c.kinds,
    "reports": lambda c: c.matters or c.deadlines or c.metrics,
}


def shows(key: str, change: Change) -> bool:
    """True if the view ``key`` shows something ``change`` changed."""
    return change.everything or SHOWS[key](change)


class View(Protocol):
    """What the main window asks of each of its views."""

    @property
    def changed(self) -> SignalInstance:
        """Emitted with a ``Change`` when the view changed data: the views showing it refresh
        when next shown."""
        ...

    def refresh(self) -> None:
        """Read the data again."""
        ...

    def select(self, matter_id: int) -> bool:
        """Show ``matter_id`` in this view; False if it cannot (or the officer stayed)."""
        ...


def as_widget(view: View) -> QWidget:
    """The view as the widget it is (every view is one)."""
    assert isinstance(view, QWidget)
    return view


class ViewRegistry:
    """The views of one window on one database (``clear`` before the database changes)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.views: dict[str, View] = {}
        #: The list views built so far, by kind (one not yet shown has no rows, state or edits).
        self.lists: dict[MatterKind, MatterListView] = {}
        #: Views whose data may be out of date: refreshed when next shown.
        self.stale: set[str] = set()
        self.dashboard = self._build_dashboard()

    def _build_dashboard(self) -> DashboardView:
        window = self.window
        dash = DashboardView(window.ctx, window.runner, window)
        dash.open_matter.connect(window.open_matter)
        dash.show_list.connect(lambda kind: window.show_view(MatterKind(kind).value))
        dash.import_requested.connect(lambda: window.dialogs.import_requested())
        dash.new_matter_requested.connect(lambda kind: window.new_matter(MatterKind(kind)))
        self._add("dashboard", dash)
        self.stale = {key for key, _label in NAVIGATION}
        # A member added from an editor's picker shows in the members list when next shown.
        window.ctx.changes.members_changed.connect(lambda: self.stale.add("members"))
        return dash

    def clear(self) -> None:
        """Remove every view (the database is about to change); ``rebuild`` follows."""
        for view in list(self.views.values()):
            self.window.stack.removeWidget(as_widget(view))
            as_widget(view).deleteLater()
        self.views.clear()
        self.lists.clear()

    def rebuild(self) -> None:
        """The dashboard again, on the window's current context."""
        self.dashboard = self._build_dashboard()

    def view(self, key: str) -> View:
        """The view for a navigation ``key``, built on first use."""
        built = self.views.get(key)
        if built is not None:
            return built
        view = self._make_list_view(MatterKind(key)) if key in LIST_KEYS \
            else self._make_other_view(key)
        self._add(key, view)
        if key in LIST_KEYS:
            window_state.restore_list(self.window, self.lists[MatterKind(key)])
        self.window.apply_read_only()
        return view

    def list_view(self, kind: MatterKind) -> MatterListView:
        self.view(kind.value)
        return self.lists[kind]

    def _make_list_view(self, kind: MatterKind) -> MatterListView:
        from naij_tracker.ui.matter_list import MatterListView

        window = self.window
        view = MatterListView(window.ctx, kind, window.runner, window)
        view.open_matter.connect(window.open_matter)
        packet = QAction("&Briefing packet for this matter…", view.table)
        packet.setObjectName("packet_for_matter")
        packet.triggered.connect(lambda _c=False, v=view: window.dialogs.packet_for_list(v))
        view.table.addAction(packet)
        view.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.lists[kind] = view
        return view

    def _make_other_view(self, key: str) -> View:
        window = self.window
        view: MembersView | DeadlinesView | MetricsView | ReportsView
        if key == "members":
            from naij_tracker.ui.members_view import MembersView

            view = MembersView(window.ctx, window, runner=window.runner)
        elif key == "deadlines":
            from naij_tracker.ui.deadlines_view import DeadlinesView

            view = DeadlinesView(window.ctx, window, runner=window.runner)
            view.open_matter.connect(window.open_matter)
        elif key == "metrics":
            from naij_tracker.ui.metrics_view import MetricsView

            view = MetricsView(window.ctx, window, runner=window.runner)
        elif key == "reports":
            from naij_tracker.ui.reports_view import ReportsView

            view = ReportsView(window.ctx, window, window.runner)
        else:
            raise KeyError(key)
        view.setObjectName(f"view_{key}")
        return view

    def _add(self, key: str, view: View) -> None:
        self.views[key] = view
        self.window.stack.addWidget(as_widget(view))
        view.changed.connect(self.data_changed)

    def data_changed(self, change: Change) -> None:
        """Data changed (in ``change.source``, or the window's): refresh the status bar; the
        other views that show what changed refresh now if shown, else when next shown (the
        source refreshes itself)."""
        self.stale |= {key for key in self.views if shows(key, change)}
        self.stale.discard(change.source)  # it reads again itself after its own writes
        self.window.refresh_status()
        current = self.window.current_view_key()
        if current != change.source and current in self.stale:
            self.refresh_view(current)

    def refresh_view(self, key: str) -> None:
        self.stale.discard(key)
        self.views[key].refresh()

    def refresh_all(self) -> None:
        self.stale = {key for key, _label in NAVIGATION}
        self.refresh_view(self.window.current_view_key())
