"""The packet's analytics section, the anonymised examples of an aggregate packet, and the
compact heading of a single-matter brief. A mixin of the packet builder (:mod:`.packet`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, HRFlowable, KeepTogether, Spacer

from naij_tracker.domain.kinds import MatterKind
from naij_tracker.reports import packet_charts as charts
from naij_tracker.reports.packet_doc import FRAME_WIDTH, INK, Cell
from naij_tracker.reports.packet_style import SUMMARY_LIMIT, long_date
from naij_tracker.reports.packet_text import truncate

#: How many anonymised examples an aggregate packet shows.
EXAMPLES = 5
#: Tables whose chart is drawn (the others are read as tables).
CHARTED = ("court", "article", "issue", "step", "outcomes", "durations", "step_days",
           "disputes")


class AnalyticsMixin:
    """Analytics and examples; the builder provides the data and the building blocks."""

    opts: Any
    data: Any
    matters: list[Any]
    # the builder's building blocks (see packet._Builder)
    p: Any
    cell: Any
    table: Any
    section: Any
    subsection: Any
    rule: Any

    def analytics_section(self, n: str) -> list[Flowable]:
        a = self.data.analytics
        s: list[Flowable] = [self.section(n, "Grievance analytics", "analytics"),
                             self.rule()]
        f = a.filter
        scope = []
        if f.date_from or f.date_to:
            scope.append(f"filed {long_date(f.date_from) if f.date_from else 'at any time'} "
                         f"to {long_date(f.date_to) if f.date_to else 'now'}")
        if f.court:
            scope.append(f"court: {f.court}")
        if f.article:
            scope.append(f"CBA article: {f.article}")
        text = (f"Figures from the union\u2019s records as of {long_date(a.as_of)}"
                + (f" ({'; '.join(scope)})" if scope else "") + ".")
        if a.win_rate is not None:
            text += (f" Of the grievances decided, {a.win_rate:.0%} were sustained or settled "
                     "(the win rate).")
        if self.opts.aggregate:
            text += (f" To protect the judges\u2019 privacy, a court is named only where at "
                     f"least {self.opts.min_group} members work, and a count below "
                     f"{self.opts.min_group} is shown as \u201cfewer than "
                     f"{self.opts.min_group}\u201d.")
        s.append(self.p(text, "lead"))
        tables = [t for t in a.tables if t.rows
                  and not (self.opts.aggregate and t.key == "deadlines")]  # the union's own
        for i, t in enumerate(tables, start=1):
            block: list[Flowable] = [self.subsection(f"{n}.{i}", t.title,
                                                     f"analytics_{t.key}")]
            labels, values = t.chart()
            if t.key in CHARTED and any(values):
                height = max(110.0, 16.0 * len(labels) + 48)
                block.append(charts.horizontal_bars(
                    f"{t.title} \u2014 {t.columns[t.chart_column].lower()}",
                    [truncate(x, 40, "\u2026") for x in labels], [int(v) for v in values],
                    FRAME_WIDTH, height=min(height, 520), label_width=200))
                block.append(Spacer(1, 6))
            s.append(CondPageBreak(2.2 * inch))
            s += block
            s += self._analytics_table(t.columns, t.rows)
            if t.note:
                s.append(self.p(t.note, "note"))
        return s

    def _analytics_table(self, columns: Sequence[str], rows: Sequence[Sequence[Any]]
                         ) -> list[Flowable]:
        first = 2.4 * inch if len(columns) <= 4 else 1.9 * inch
        rest = (FRAME_WIDTH - first) / (len(columns) - 1)
        body: list[list[Cell]] = [
            [self.cell(_text(v)) for v in r] for r in rows]
        return self.table(list(columns), body,
                          [first] + [rest] * (len(columns) - 1))

    def examples_section(self, n: str) -> list[Flowable]:
        """A few grievances told without names, references or small courts."""
        s: list[Flowable] = [self.section(n, "Examples", "examples"),
                             self.rule()]
        pool = [m for m in self.matters if m.kind is MatterKind.GRIEVANCE]
        pool.sort(key=lambda m: (m.is_open, m.opened_on or self.opts.as_of), reverse=True)
        if not pool:
            s.append(self.p("No grievances to show as examples.", "note"))
            return s
        s.append(self.p(
            "Grievances from the union\u2019s records, without names or case numbers; a "
            "court that few judges share is not named."))
        for i, m in enumerate(pool[:EXAMPLES], start=1):
            facts = [m.issue or "Grievance", m.article and f"CBA {m.article}",
                     m.step, m.status_label + ("" if m.is_open else " (closed)"),
                     m.court and f"at {m.court}"]
            told = " \u00b7 ".join(f for f in facts if f)
            block = [self.p(f"Example {i}: {told}", "h3"),
                     self.p(truncate(m.summary or m.title, SUMMARY_LIMIT // 2))]
            s.append(KeepTogether(block))
        return s

    def single_heading(self) -> list[Flowable]:
        """The top of a single-matter brief: union, title, date and marking in a few lines."""
        o = self.opts
        s: list[Flowable] = [self.p(o.title, "h1")]
        meta = f"{o.union_name} \u00b7 as of {long_date(o.as_of)}"
        if o.prepared_by and not o.aggregate:
            meta += f" \u00b7 prepared by {o.prepared_by}"
        s.append(self.p(meta, "meta"))
        if o.cover_note:
            s.append(self.p(o.cover_note, "note"))
        s.append(HRFlowable(width="100%", thickness=1.2, color=INK, spaceBefore=2,
                            spaceAfter=10))
        return s


def _text(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:,.1f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)
