"""Charts for the packet's executive summary, drawn with reportlab.graphics (vector, no images).

Three small bar charts in a restrained palette: open matters by kind, open grievances by step,
and open deadlines falling due in each of the next twelve weeks.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from naij_tracker.domain.kinds import GRIEVANCE_STEPS, MatterKind
from naij_tracker.reports.packet_data import PacketDeadline, PacketMatter, StatusCount
from naij_tracker.reports.packet_text import SANS, SANS_BOLD, register_fonts

INK = colors.HexColor("#1F2A3A")
BAR = colors.HexColor("#34506E")
BAR_ALERT = colors.HexColor("#8A3B2E")
GRID = colors.HexColor("#D9DCE1")
MUTED = colors.HexColor("#5A6270")


def _nice_max(v: int) -> tuple[int, int]:
    """Axis maximum and step: integers, 4–6 gridlines."""
    if v <= 5:
        return max(v, 1), 1
    raw = v / 5
    mag = 10 ** int(math.floor(math.log10(raw)))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    return int(math.ceil(v / step) * step), int(step)


def _frame(width: float, height: float, title: str) -> Drawing:
    register_fonts()
    d = Drawing(width, height)
    d.add(String(0, height - 10, title, fontName=SANS_BOLD, fontSize=9, fillColor=INK))
    return d


def _style_axes(chart: VerticalBarChart | HorizontalBarChart, vmax: int) -> None:
    top, step = _nice_max(vmax)
    va, ca = chart.valueAxis, chart.categoryAxis
    va.valueMin, va.valueMax, va.valueStep = 0, top, step
    va.labels.fontName = ca.labels.fontName = SANS
    va.labels.fontSize = ca.labels.fontSize = 7.5
    va.labels.fillColor = ca.labels.fillColor = MUTED
    va.strokeColor = ca.strokeColor = MUTED
    va.strokeWidth = ca.strokeWidth = 0.5
    va.visibleGrid = True
    va.gridStrokeColor = GRID
    va.gridStrokeWidth = 0.4
    va.labelTextFormat = "%d"
    ca.visibleTicks = False
    chart.bars.strokeColor = None
    chart.barLabels.fontName = SANS
    chart.barLabels.fontSize = 7
    chart.barLabels.fillColor = INK
    chart.barLabelFormat = lambda v: str(int(v)) if v else ""


def vertical_bars(title: str, labels: Sequence[str], values: Sequence[int], width: float,
                  height: float = 150, alert_first: bool = False) -> Drawing:
    """A titled vertical bar chart with integer values printed above the bars."""
    d = _frame(width, height, title)
    c = VerticalBarChart()
    c.x, c.y = 26, 28
    c.width, c.height = width - 34, height - 52
    c.data = [list(values) or [0]]
    c.categoryAxis.categoryNames = list(labels) or [""]
    c.categoryAxis.labels.angle = 0
    c.categoryAxis.labels.dy = -2
    c.barWidth = 10
    c.groupSpacing = 6
    _style_axes(c, max(values, default=0))
    c.bars[0].fillColor = BAR
    if alert_first and values:
        c.bars[(0, 0)].fillColor = BAR_ALERT
    c.barLabels.nudge = 6
    d.add(c)
    return d


def horizontal_bars(title: str, labels: Sequence[str], values: Sequence[int], width: float,
                    height: float = 150, label_width: float = 92) -> Drawing:
    """A titled horizontal bar chart (long category names read better sideways)."""
    d = _frame(width, height, title)
    c = HorizontalBarChart()
    c.x, c.y = label_width, 22
    c.width, c.height = width - label_width - 14, height - 44
    # reportlab draws the first category at the bottom; reverse so the list reads top-down.
    c.data = [list(reversed(values)) or [0]]
    c.categoryAxis.categoryNames = list(reversed(labels)) or [""]
    c.categoryAxis.labels.boxAnchor = "e"
    c.categoryAxis.labels.dx = -4
    c.barWidth = 10
    c.groupSpacing = 8
    _style_axes(c, max(values, default=0))
    c.bars[0].fillColor = BAR
    c.barLabels.nudge = 8
    d.add(c)
    return d


def _hidden(n: int, hide_below: int) -> int:
    """A count under ``hide_below`` (small-group suppression) draws as no bar at all."""
    return 0 if 0 < n < hide_below else n


def open_by_kind(counts: Iterable[StatusCount], kinds: Sequence[MatterKind],
                 width: float, hide_below: int = 0) -> Drawing:
    """Open matters per kind; with ``hide_below``, a kind about people (grievances, metric
    disputes) with fewer open matters than that draws no bar."""
    tally: Counter[MatterKind] = Counter()
    for c in counts:
        if c.is_open:
            tally[c.kind] += c.count
    people = (MatterKind.GRIEVANCE, MatterKind.METRIC_DISPUTE)
    return horizontal_bars("Open matters by kind", [k.plural for k in kinds],
                           [_hidden(tally[k], hide_below) if k in people else tally[k]
                            for k in kinds], width)


def grievances_by_step(matters: Iterable[PacketMatter], width: float,
                       hide_below: int = 0) -> Drawing:
    tally: Counter[str] = Counter(
        m.step or "No step" for m in matters if m.kind is MatterKind.GRIEVANCE and m.is_open)
    labels = [s.label for s in GRIEVANCE_STEPS]
    labels += sorted(k for k in tally if k not in labels)
    return vertical_bars("Open grievances by step", labels,
                         [_hidden(tally[s], hide_below) for s in labels], width)


def deadlines_by_week(deadlines: Iterable[PacketDeadline], as_of: date, width: float,
                      weeks: int = 12) -> Drawing:
    """Open deadlines due in each of the next ``weeks`` weeks; overdue ones in a first bar."""
    start = as_of - timedelta(days=as_of.weekday())  # Monday of this week
    tally = [0] * weeks
    overdue = 0
    for d in deadlines:
        if not d.is_open:
            continue
        if d.due < as_of:
            overdue += 1
            continue
        i = (d.due - start).days // 7
        if 0 <= i < weeks:
            tally[i] += 1
    labels = ["Overdue"] + [(start + timedelta(weeks=i)).strftime("%b ") + str((start + timedelta(weeks=i)).day) for i in range(weeks)]
    return vertical_bars(f"Open deadlines per week (weeks beginning Monday), from {as_of:%B} {as_of.day}, {as_of.year}",
                         labels, [overdue, *tally], width, height=160, alert_first=True)
