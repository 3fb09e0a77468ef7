"""The packet's sections: executive summary, deadlines, and per kind a summary table and a brief
of each matter. A mixin of the packet builder (:mod:`.packet`), which supplies ``p``, ``cell``,
``table``, ``section`` and the data."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from reportlab.lib.units import inch
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from naij_tracker.domain.deadlines import filing_time_for
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.domain.small_groups import hide_small
from naij_tracker.reports import packet_charts as charts
from naij_tracker.reports.packet_data import PacketDeadline, PacketMatter
from naij_tracker.reports.packet_doc import FRAME_WIDTH, RULE, Cell, Heading, PageRef, outline_title
from naij_tracker.reports.packet_style import (
    ENTRY_LIMIT,
    SUMMARY_LIMIT,
    TIMELINE_SHOWN,
    iso,
    long_date,
    plural,
)
from naij_tracker.reports.packet_text import truncate


class SectionsMixin:
    """Sections of the packet; the builder provides the data and the building blocks."""

    opts: Any
    data: Any
    sections: frozenset[str]
    kinds: list[MatterKind]
    matters: list[PacketMatter]
    deadlines: list[PacketDeadline]
    counts: list[Any]
    refs: Any
    st: Any
    total: int
    progress: Any
    # the builder's building blocks (see packet._Builder)
    p: Any
    cell: Any
    table: Any
    kv_table: Any
    label: Any
    section: Any
    subsection: Any
    rule: Any
    _check: Any
    # -- 1. executive summary -------------------------------------------------------------------

    def executive_summary(self, n: str) -> list[Flowable]:
        o = self.opts
        s: list[Flowable] = [self.section(n, "Executive summary", "summary"), self.rule()]
        open_n = sum(c.count for c in self.counts if c.is_open)
        per_kind = {k: sum(c.count for c in self.counts if c.kind is k and c.is_open)
                    for k in self.kinds}
        overdue = [d for d in self.deadlines if d.is_open and d.due < o.as_of]
        soon = [d for d in self.deadlines
                if d.is_open and o.as_of <= d.due <= o.as_of + timedelta(days=30)]
        kinds_txt = "; ".join(f"{k.noun_plural}: {per_kind[k]:,}" for k in self.kinds)
        lead = (f"As of {long_date(o.as_of)} the union has {plural(open_n, 'open matter')}"
                f" ({kinds_txt}).")
        if not o.aggregate:  # the union's own deadlines are not for an outside reader
            lead += (f" {plural(len(overdue), 'deadline')} "
                     f"{'is' if len(overdue) == 1 else 'are'} overdue and {len(soon):,} "
                     f"{'falls' if len(soon) == 1 else 'fall'} due in the next 30 days.")
        s.append(self.p(lead, "lead"))

        s.append(self.subsection(f"{n}.1", "Matters by kind and status", "summary_counts"))
        rows: list[list[Cell]] = []
        bold_rows: list[int] = []
        for k in self.kinds:
            mine = [c for c in self.counts if c.kind is k]
            first = True
            shown = self._status_counts(k, [c.count for c in mine], [c.is_open for c in mine])
            for c, count in zip(mine, shown, strict=True):
                rows.append([self.cell(k.plural if first else ""), self.cell(c.status_label),
                             self.cell("Open" if c.is_open else "Closed"),
                             self.cell(count)])
                first = False
            if not mine:
                rows.append([self.cell(k.plural), self.cell("(none)"), self.cell(""),
                             self.cell("0")])
            total_open = sum(c.count for c in mine if c.is_open)
            total_closed = sum(c.count for c in mine if not c.is_open)
            bold_rows.append(len(rows))
            rows.append([self.cell(""), self.cell("Total", "head"),
                         self.cell(f"{total_open:,} open", "head"),
                         self.cell(f"{total_open + total_closed:,}", "head")])
        s += self.table(["Kind", "Status", "State", "Matters"], rows,
                        [1.6 * inch, 2.9 * inch, 1.0 * inch, FRAME_WIDTH - 5.5 * inch],
                        shaded=bold_rows)

        s.append(CondPageBreak(2.6 * inch))  # the heading goes with its charts
        s.append(self.subsection(f"{n}.2", "Charts", "summary_charts"))
        half = FRAME_WIDTH / 2
        hide = o.min_group if o.aggregate else 0  # small groups draw no bar
        pair = Table([[charts.open_by_kind(self.counts, self.kinds, half - 12, hide),
                       charts.grievances_by_step(self.matters, half - 12, hide)]],
                     colWidths=[half, half], hAlign="LEFT")
        pair.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        s.append(pair)
        if not o.aggregate:
            s += [Spacer(1, 10), charts.deadlines_by_week(self.deadlines, o.as_of, FRAME_WIDTH)]

        if o.since is not None and "changes" in self.sections:
            s.append(self.subsection(f"{n}.3", f"What changed since {long_date(o.since)}",
                                     "summary_changes"))
            changes = [c for c in self.data.changes if c.when.date() >= o.since]
            if not changes:
                s.append(self.p("No changes were recorded in this period.", "note"))
            else:
                rows = [[self.cell(f"{c.when:%Y-%m-%d %H:%M}"), self.cell(c.who),
                         self._ref_title(c.matter_reference, c.matter_title),
                         self.cell(truncate(c.what, ENTRY_LIMIT))] for c in changes]
                s += self.table(["When", "By", "Matter", "What changed"], rows,
                                [0.95 * inch, 0.95 * inch, 1.6 * inch, FRAME_WIDTH - 3.5 * inch])
        return s

    def _status_counts(self, kind: MatterKind, counts: list[int], is_open: list[bool]
                       ) -> list[str]:
        """Counts as shown; in an aggregate packet a count of grievances or disputes below
        the smallest group is "fewer than k", and the table's totals (open, closed) must not
        give it away: :func:`~naij_tracker.domain.small_groups.hide_small` withholds a second
        count of each such total."""
        out = [f"{n:,}" for n in counts]
        k = self.opts.min_group
        if not self.opts.aggregate or kind not in (MatterKind.GRIEVANCE,
                                                   MatterKind.METRIC_DISPUTE):
            return out
        cells = dict(enumerate(counts))
        sums = [[i for i in cells if is_open[i]], [i for i in cells if not is_open[i]],
                list(cells)]
        hidden = hide_small(cells, sums, k)
        for i in hidden.small:
            out[i] = f"fewer than {k}"
        for i in hidden.withheld:
            out[i] = "withheld"
        return out

    def _ref_title(self, reference: str, title: str) -> list[Flowable]:
        out = [self.p(reference, "cell_bold")]
        if title:
            out.append(self.p(truncate(title, 160), "cell"))
        return out

    # -- 2. deadlines -----------------------------------------------------------------------------

    def deadline_section(self, n: str) -> list[Flowable]:
        o = self.opts
        s: list[Flowable] = [self.section(n, "Deadlines", "deadlines"), self.rule()]
        s.append(self.p(
            "Open deadlines of the matters in this packet. Each was computed from a recorded "
            "event under the rule shown; periods are counted under the FLRA\u2019s rules of time "
            "(5 C.F.R. 2429.21\u20132429.22) or under the CBA where the rule says so: the day of "
            "the event is not counted, and a last day on a weekend or federal holiday moves to "
            "the next working day."))
        open_ = sorted((d for d in self.deadlines if d.is_open), key=lambda d: (d.due, d.title))
        day = timedelta(days=1)
        buckets = [
            (f"{n}.1", "Overdue", "dl_overdue", date.min, o.as_of - day),
            (f"{n}.2", "Due within 30 days", "dl_30", o.as_of, o.as_of + 30 * day),
            (f"{n}.3", "Due in 31 to 60 days", "dl_60", o.as_of + 31 * day, o.as_of + 60 * day),
            (f"{n}.4", "Due in 61 to 90 days", "dl_90", o.as_of + 61 * day, o.as_of + 90 * day),
        ]
        for number, title, key, lo, hi in buckets:
            s.append(self.subsection(number, title, key))
            mine = [d for d in open_ if lo <= d.due <= hi]
            if not mine:
                s.append(self.p("None.", "note"))
                continue
            rows = [self._deadline_row(d) for d in mine]
            s += self.table(["Due", "Matter", "Deadline", "Rule, citation and count"], rows,
                            [0.9 * inch, 1.65 * inch, 1.45 * inch, FRAME_WIDTH - 4.0 * inch])
        later = sum(1 for d in open_ if d.due > o.as_of + 90 * day)
        if later:
            s.append(self.p(f"{plural(later, 'further open deadline')} "
                            f"{'falls' if later == 1 else 'fall'} due more than 90 days ahead.",
                            "note"))
        return s

    def _due_cell(self, d: PacketDeadline) -> list[Flowable]:
        late = (self.opts.as_of - d.due).days
        overdue = d.is_open and late > 0
        out = [self.p(d.due.isoformat(), "cell_alert" if overdue else "cell"),
               self.p(f"{d.due:%A}", "cell_muted")]
        by = filing_time_for(d.rule_id)
        if by:  # FLRA eFiling closes at 11:59 p.m. Eastern on the due date (88 FR 80091)
            out.append(self.p(f"by {by}", "cell_muted"))
        if overdue:
            out.append(self.p(f"overdue by {plural(late, 'day')}", "cell_alert"))
        return out

    def _next_due_cell(self, m: PacketMatter) -> list[Flowable]:
        nxt = min((d.due for d in m.deadlines if d.is_open), default=None)
        if nxt is not None and nxt < self.opts.as_of:
            return [self.p(nxt.isoformat(), "cell_alert"), self.p("overdue", "cell_alert")]
        return [self.p(iso(nxt), "cell")]

    def _rule_cell(self, d: PacketDeadline) -> list[Flowable]:
        out = []
        if d.rule_name or d.rule_id:
            out.append(self.p(d.rule_name or d.rule_id, "cell_bold"))
        if d.citation:
            out.append(self.p(d.citation, "cell"))
        if d.explanation:
            out.append(self.p(truncate(d.explanation, ENTRY_LIMIT), "cell_muted"))
        return out or [self.p("\u2014", "cell")]

    def _deadline_row(self, d: PacketDeadline) -> list[Cell]:
        return [self._due_cell(d), self._ref_title(d.matter_reference, d.matter_title),
                self.cell(d.title), self._rule_cell(d)]

    # -- 3+. one section per kind ---------------------------------------------------------------

    def kind_section(self, number: str, kind: MatterKind) -> list[Flowable]:
        matters = [m for m in self.matters if m.kind is kind]
        key = f"kind_{kind.value}"
        s: list[Flowable] = [self.section(number, kind.plural, key), self.rule()]
        n_open = sum(1 for m in matters if m.is_open)
        if not matters:
            s.append(self.p(f"No {kind.noun_plural} are included in this packet.", "note"))
            return s
        s.append(self.p(f"{plural(len(matters), kind.noun)} in this packet: "
                        f"{n_open:,} open, {len(matters) - n_open:,} closed."))
        s.append(self.subsection(f"{number}.1", "Summary", f"{key}_summary"))
        rows = []
        people = kind is MatterKind.GRIEVANCE
        for m in matters:
            status = m.status_label if m.is_open else f"{m.status_label} (closed)"
            if m.step:
                status = f"{status} \u00b7 {m.step}"
            page = PageRef(f"m{m.id}", self.refs, 0.38 * inch - 8)
            if people:
                rows.append([self.cell(m.reference), self.cell(m.member or "\u2014"),
                             self.cell(m.court or "\u2014"), self.cell(truncate(m.title, 160)),
                             self.cell(status), self._next_due_cell(m), page])
            else:
                rows.append([self.cell(m.reference), self.cell(truncate(m.title, 200)),
                             self.cell(status), self.cell(iso(m.opened_on)),
                             self._next_due_cell(m), page])
        if people:
            s += self.table(["Number", "Member", "Court", "Title", "Status", "Next due", "Page"],
                            rows, [0.85 * inch, 1.05 * inch, 0.95 * inch, 1.45 * inch,
                                   0.95 * inch, 0.87 * inch, 0.38 * inch])
        else:
            s += self.table(["Reference", "Title", "Status", "Opened", "Next due", "Page"],
                            rows, [1.05 * inch, 2.35 * inch, 1.2 * inch, 0.76 * inch,
                                   0.76 * inch, 0.38 * inch])
        s.append(PageBreak())
        s.append(self.subsection(f"{number}.2", "Matter briefs", f"{key}_briefs"))
        for m in matters:
            s += self.brief(m)
        return s

    def brief(self, m: PacketMatter) -> list[Flowable]:
        idx = self._prepared = getattr(self, "_prepared", 0) + 1
        if self.progress is not None:
            self.progress(idx, self.total)
        if idx % 32 == 0:
            self._check()
        head = f"{m.reference} \u2014 {truncate(m.title, 300)}"
        s: list[Flowable] = [
            CondPageBreak(2.3 * inch),
            Heading(head, self.st["h2" if self.opts.single else "h3"], f"m{m.id}", self.refs,
                    outline_title(head), 0 if self.opts.single else 2, matter_index=idx),
        ]
        meta = [m.kind.label, m.status_label + ("" if m.is_open else " (closed)")]
        if m.step:
            meta.append(m.step)
        if m.opened_on:
            meta.append(f"opened {m.opened_on.isoformat()}")
        if m.closed_on:
            meta.append(f"closed {m.closed_on.isoformat()}")
        if m.priority:
            meta.append(f"priority {m.priority.lower()}")
        if m.owner:
            meta.append(f"owner {m.owner}")
        s.append(self.p(" \u00b7 ".join(meta), "meta"))
        if m.fields:
            s.append(self.kv_table(m.fields))
        if m.summary:
            s += self.label("Summary")
            s.append(self.p(truncate(m.summary, SUMMARY_LIMIT)))
        if m.timeline:
            shown = m.timeline[:TIMELINE_SHOWN]
            s += self.label("Recent activity")
            rows = [[self.cell(t.on.isoformat()), self.cell(t.kind),
                     self.cell(truncate(t.text, ENTRY_LIMIT))] for t in shown]
            s += self.table(["Date", "Type", "Entry"], rows,
                            [0.85 * inch, 1.0 * inch, FRAME_WIDTH - 1.85 * inch])
            if len(m.timeline) > len(shown):
                s.append(self.p(f"{plural(len(m.timeline) - len(shown), 'earlier entry', 'earlier entries')} "
                                "not shown.", "note"))
        open_dl = sorted((d for d in m.deadlines if d.is_open), key=lambda d: d.due)
        if open_dl:
            s += self.label("Open deadlines")
            rows = [[self._due_cell(d), self.cell(d.title), self._rule_cell(d)] for d in open_dl]
            s += self.table(["Due", "Deadline", "Rule, citation and count"], rows,
                            [0.9 * inch, 1.9 * inch, FRAME_WIDTH - 2.8 * inch])
        if m.links:
            s += self.label("Linked matters")
            rows = [[self.cell(lk.relation), self.cell(lk.reference),
                     self.cell(truncate(lk.title, 200))] for lk in m.links]
            s += self.table(["Relation", "Reference", "Title"], rows,
                            [1.2 * inch, 1.3 * inch, FRAME_WIDTH - 2.5 * inch])
        s.append(HRFlowable(width="100%", thickness=0.4, color=RULE, spaceBefore=10,
                            spaceAfter=12))
        return s
