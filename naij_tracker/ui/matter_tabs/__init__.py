"""The tabs of the matter editor: deadlines, timeline, links, attachments, history.

Each tab is a ``MatterTab``: it is told which matter it shows (``set_matter``), re-reads it on
``refresh`` and emits ``changed`` after it wrote something, so the editor can refresh the history
and the tab titles' counts.
"""

from naij_tracker.ui.matter_tabs.attachments import AttachmentsTab
from naij_tracker.ui.matter_tabs.base import MatterTab
from naij_tracker.ui.matter_tabs.deadlines import DeadlinesTab
from naij_tracker.ui.matter_tabs.history import HistoryTab
from naij_tracker.ui.matter_tabs.links import LinksTab
from naij_tracker.ui.matter_tabs.timeline import TimelineTab

__all__ = ["AttachmentsTab", "DeadlinesTab", "HistoryTab", "LinksTab", "MatterTab",
           "TimelineTab"]
