"""The briefing packet: a Letter-size PDF that leadership can hand to counsel, the board or Congress.

:func:`build_packet` turns a :class:`~naij_tracker.reports.packet_data.PacketData` into a PDF:

1. a cover page (union, title, date, preparer, scope, confidentiality marking);
2. contents with page numbers and links;
3. an executive summary — matters per kind and status, charts (open matters by kind, open
   grievances by step, deadlines per week for twelve weeks), what changed since a date;
4. deadlines — overdue and due within 30, 31–60 and 61–90 days, each with rule, citation and
   the plain-language count;
5. one section per selected kind: a summary table (with the page of each brief), then a brief
   of a page or less per matter: fields, summary, latest five timeline entries, open deadlines,
   linked matters.

Every page carries the running header (marking, union, title) and "Page X of Y". All user text
is escaped and font-checked (:mod:`.packet_text`); with ``options.redact`` the data is redacted
first (:mod:`.packet_redact`). Layout is a single pass (:mod:`.packet_doc`), so a packet costs
little more than a plain document of the same length. The function is thread-safe with respect
to its own data and may run off the GUI thread; ``progress`` and ``cancelled`` are called from
that thread.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from naij_tracker.domain.deadlines import filing_time_for
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.reports import packet_charts as charts
from naij_tracker.reports.packet_data import (
    PacketData,
    PacketDeadline,
    PacketMatter,
    StatusCount,
    counts_from_matters,
)
from naij_tracker.reports.packet_doc import (
    FAINT,
    FRAME_WIDTH,
    INK,
    KV_GRID,
    MUTED,
    RULE,
    TABLE_GRID,
    Cell,
    Furniture,
    Grid,
    Heading,
    PacketCancelled,
    PacketDocTemplate,
    PageRef,
    PageRefs,
    TableOfContents,
    TextBlock,
    TocEntry,
    late_numbers_canvas,
    outline_title,
)
from naij_tracker.reports.packet_redact import redact_packet
from naij_tracker.reports.packet_text import (
    SANS,
    SANS_BOLD,
    SERIF,
    SERIF_BOLD,
    SERIF_ITALIC,
    clean,
    markup,
    register_fonts,
    single_font,
    truncate,
)

__all__ = ["PacketCancelled", "PacketResult", "build_packet"]

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

#: Rows per summary table: many medium tables lay out far faster than one huge one.
TABLE_CHUNK = 300
#: Caps that keep a matter's brief to about a page.
SUMMARY_LIMIT = 1200
FIELD_LIMIT = 600
ENTRY_LIMIT = 400
TIMELINE_SHOWN = 5
ALERT = "#8A3B2E"


@dataclass(frozen=True, slots=True)
class PacketResult:
    """What :func:`build_packet` produced."""

    pages: int
    matters: int


def build_packet(data: PacketData, out: Path | str | BinaryIO,
                 progress: Progress | None = None,
                 cancelled: Cancelled | None = None) -> PacketResult:
    """Render ``data`` as a briefing-packet PDF into ``out`` (a path or a binary file object).

    A path is written atomically: the PDF goes to a temporary file beside it that replaces the
    target only when complete, so a failed or cancelled build never leaves a partial file.
    ``progress(done, total)`` is called as the work advances (the first half of ``total`` while
    the matters' briefs are prepared, the second half as they are laid out on pages); when
    ``cancelled()`` returns True the build stops with :class:`PacketCancelled`.
    """
    register_fonts()
    if data.options.redact:
        data = redact_packet(data)
    builder = _Builder(data, progress, cancelled)
    story = builder.story()
    if isinstance(out, str | Path):
        path = Path(out)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                pages = builder.render(story, fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            with suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
    else:
        pages = builder.render(story, out)
    return PacketResult(pages=pages, matters=len(builder.matters))


# -- styles -------------------------------------------------------------------------------------


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=SERIF, fontSize=9.5, leading=13.2, textColor=INK,
                          splitLongWords=1, spaceAfter=5)
    s = {
        "body": base,
        "lead": ParagraphStyle("lead", parent=base, fontSize=10.5, leading=15, spaceAfter=8),
        "note": ParagraphStyle("note", parent=base, fontName=SERIF_ITALIC, fontSize=8.5,
                               leading=11.5, textColor=MUTED),
        "h1": ParagraphStyle("h1", parent=base, fontName=SERIF_BOLD, fontSize=17, leading=21,
                             spaceBefore=0, spaceAfter=4),
        "h2": ParagraphStyle("h2", parent=base, fontName=SERIF_BOLD, fontSize=12, leading=15,
                             spaceBefore=14, spaceAfter=6),
        "h3": ParagraphStyle("h3", parent=base, fontName=SERIF_BOLD, fontSize=11, leading=14,
                             spaceBefore=4, spaceAfter=2),
        "label": ParagraphStyle("label", parent=base, fontName=SANS_BOLD, fontSize=7.5,
                                leading=10, textColor=MUTED, spaceBefore=7, spaceAfter=2),
        "meta": ParagraphStyle("meta", parent=base, fontName=SANS, fontSize=8, leading=10.5,
                               textColor=MUTED, spaceAfter=6),
        "cell": ParagraphStyle("cell", fontName=SANS, fontSize=8, leading=10, textColor=INK,
                               splitLongWords=1),
        "cell_bold": ParagraphStyle("cell_bold", fontName=SANS_BOLD, fontSize=8, leading=10,
                                    textColor=INK, splitLongWords=1),
        "cell_muted": ParagraphStyle("cell_muted", fontName=SANS, fontSize=8, leading=10,
                                     textColor=MUTED, splitLongWords=1),
        "cell_alert": ParagraphStyle("cell_alert", fontName=SANS, fontSize=8, leading=10,
                                     textColor=colors.HexColor(ALERT), splitLongWords=1),
        "head": ParagraphStyle("head", fontName=SANS_BOLD, fontSize=7.5, leading=9.5,
                               textColor=INK, splitLongWords=1),
        "cover_union": ParagraphStyle("cover_union", parent=base, fontName=SANS_BOLD,
                                      fontSize=10.5, leading=14, textColor=MUTED),
        "cover_title": ParagraphStyle("cover_title", parent=base, fontName=SERIF_BOLD,
                                      fontSize=28, leading=34, spaceBefore=10, spaceAfter=10),
        "cover_sub": ParagraphStyle("cover_sub", parent=base, fontName=SERIF, fontSize=13,
                                    leading=18, textColor=MUTED),
        "cover_mark": ParagraphStyle("cover_mark", parent=base, fontName=SERIF_ITALIC,
                                     fontSize=10, leading=14, alignment=TA_CENTER),
    }
    return s


def _long_date(d: date) -> str:
    return f"{d:%B} {d.day}, {d.year}"


def _iso(d: date | None) -> str:
    return d.isoformat() if d else "\u2014"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


# -- the builder ----------------------------------------------------------------------------------


class _Builder:
    def __init__(self, data: PacketData, progress: Progress | None,
                 cancelled: Cancelled | None) -> None:
        self.data = data
        self.opts = opts = data.options
        self.progress = progress
        self.cancelled = cancelled
        self.kinds: list[MatterKind] = list(dict.fromkeys(opts.kinds))
        wanted = set(self.kinds)
        self.matters: list[PacketMatter] = [
            m for m in data.matters if m.kind in wanted and (m.is_open or opts.include_closed)]
        if data.deadlines is None:
            self.deadlines: list[PacketDeadline] = [d for m in self.matters for d in m.deadlines]
        else:
            self.deadlines = list(data.deadlines)
        counts = data.counts if data.counts is not None else counts_from_matters(self.matters)
        self.counts: list[StatusCount] = [c for c in counts if c.kind in wanted]
        self.refs = PageRefs()
        self.toc: list[TocEntry] = []
        self.st = _styles()
        self.total = 2 * len(self.matters)
        self._laid_out = 0
        self._seen = 0

    # -- progress and cancel ----------------------------------------------------------------------

    def _check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise PacketCancelled("briefing packet cancelled")

    def _on_flowable(self, f: Flowable) -> None:
        self._seen += 1
        if isinstance(f, Heading):
            if f.matter_index is not None:
                self._laid_out += 1
                if self.progress is not None:
                    self.progress(len(self.matters) + self._laid_out, self.total)
            self._check()
        elif self._seen % 64 == 0:
            self._check()

    # -- rendering --------------------------------------------------------------------------------

    def render(self, story: list[Flowable], out: BinaryIO) -> int:
        o = self.opts
        footer = f"As of {_long_date(o.as_of)}"
        if o.prepared_by:
            footer += f" \u00b7 Prepared by {o.prepared_by}"
        doc = PacketDocTemplate(
            out, Furniture(o.union_name, o.title, o.marking, footer), self.refs,
            self._on_flowable, title=outline_title(o.title), author=outline_title(o.prepared_by),
            subject=outline_title(f"{o.union_name} \u2014 {o.marking}"),
        )
        doc.build(story, canvasmaker=late_numbers_canvas(self.refs, lambda: doc.page_count))
        if self.progress is not None:
            self.progress(self.total, self.total)
        return doc.page_count

    # -- building blocks --------------------------------------------------------------------------

    def p(self, text: object, style: str = "body") -> Flowable:
        """User text in ``style``: a fast TextBlock when one font draws it all, else a Paragraph."""
        st = self.st[style]
        s = clean(text)
        if single_font(s, st.fontName):
            return TextBlock(s, st.fontName, st.fontSize, st.leading, st.textColor,
                             st.spaceBefore, st.spaceAfter)
        return Paragraph(markup(s, st.fontName), st)

    def cell(self, text: object, style: str = "cell") -> Flowable:
        return self.p(text, style)

    def label(self, text: str) -> list[Flowable]:
        """A small-caps-like label kept with at least a few lines of what follows."""
        return [CondPageBreak(0.9 * inch), self.p(text.upper(), "label")]

    def rich(self, fragments: str, style: str = "cell") -> Paragraph:
        """A paragraph from already-safe markup (built with markup()/tagged())."""
        return Paragraph(fragments, self.st[style])

    def section(self, number: str, title: str, key: str) -> Heading:
        text = f"{number}. {title}"
        self.toc.append(TocEntry(0, text, key))
        return Heading(text, self.st["h1"], key, self.refs, text, 0)

    def subsection(self, number: str, title: str, key: str) -> Heading:
        text = f"{number} {title}"
        self.toc.append(TocEntry(1, text, key))
        return Heading(text, self.st["h2"], key, self.refs, text, 1)

    def rule(self) -> HRFlowable:
        return HRFlowable(width="100%", thickness=0.8, color=INK, spaceBefore=2, spaceAfter=10)

    def table(self, header: Sequence[str], rows: Sequence[Sequence[Cell]],
              widths: Sequence[float], chunk: int = TABLE_CHUNK,
              shaded: Sequence[int] = ()) -> list[Flowable]:
        """Grids of at most ``chunk`` rows each, the header repeated on every page; the rows
        whose indexes are in ``shaded`` get a background."""
        assert abs(sum(widths) - FRAME_WIDTH) < 0.5, "columns must fill the frame exactly"
        head: list[Cell] = [self.cell(h, "head") for h in header]
        marks = set(shaded)
        out: list[Flowable] = []
        for start in range(0, len(rows), chunk):
            part = [list(r) for r in rows[start:start + chunk]]
            out.append(Grid(part, list(widths), TABLE_GRID, header=head,
                            shaded=[start + i in marks for i in range(len(part))]))
        return out

    def kv_table(self, pairs: Sequence[tuple[str, str]]) -> Grid:
        rows: list[list[Cell]] = [[self.cell(k, "head"), self.cell(truncate(v, FIELD_LIMIT))]
                                  for k, v in pairs]
        return Grid(rows, [1.45 * inch, FRAME_WIDTH - 1.45 * inch], KV_GRID)

    # -- the story --------------------------------------------------------------------------------

    def story(self) -> list[Flowable]:
        s: list[Flowable] = []
        s += self.cover()
        s += [NextPageTemplate("body"), PageBreak()]
        s += self.contents()
        s += [PageBreak()]
        s += self.executive_summary()
        s += [PageBreak()]
        s += self.deadline_section()
        for i, kind in enumerate(self.kinds):
            s += [PageBreak()]
            s += self.kind_section(str(3 + i), kind)
        return s

    def cover(self) -> list[Flowable]:
        o = self.opts
        st = self.st
        s: list[Flowable] = [
            Spacer(1, 0.3 * inch),
            self.p(o.union_name.upper(), "cover_union"),
            HRFlowable(width="100%", thickness=1.2, color=INK, spaceBefore=6, spaceAfter=18),
            self.p(o.title, "cover_title"),
            self.p(f"As of {_long_date(o.as_of)}", "cover_sub"),
            Spacer(1, 0.45 * inch),
        ]
        kinds = ", ".join(k.plural for k in self.kinds) or "none"
        scope = [
            ("Prepared by", o.prepared_by or "\u2014"),
            ("Date", _long_date(o.as_of)),
            ("Matters", f"{kinds}; {'open and closed' if o.include_closed else 'open only'}"
                        f" ({len(self.matters):,} in this packet)"),
        ]
        if o.since is not None:
            scope.append(("Changes since", _long_date(o.since)))
        if o.redact:
            how = "initials" if o.redact_style == "initials" else "\u201cMember A\u201d, \u201cB\u201d\u2026"
            scope.append(("Redaction", f"Member names replaced by {how}; e-mail addresses, "
                                       "phone numbers and contact details removed."))
        rows = [[self.cell(k, "head"), self.cell(v)] for k, v in scope]
        t = Table(rows, colWidths=[1.3 * inch, FRAME_WIDTH - 0.5 * inch - 1.3 * inch],
                  hAlign="LEFT")
        t.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, FAINT),
        ]))
        s.append(t)
        s.append(Spacer(1, 0.9 * inch))
        mark = Table([[Paragraph(markup(o.marking, SERIF_ITALIC), st["cover_mark"])]],
                     colWidths=[FRAME_WIDTH - 0.5 * inch])
        mark.setStyle(TableStyle([
            ("BOX", (0, 0), (-1, -1), 0.8, INK),
            ("INNERGRID", (0, 0), (-1, -1), 0, INK),
            ("TOPPADDING", (0, 0), (-1, -1), 9),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
            ("LEFTPADDING", (0, 0), (-1, -1), 12),
            ("RIGHTPADDING", (0, 0), (-1, -1), 12),
        ]))
        s.append(mark)
        s.append(Spacer(1, 8))
        s.append(self.p("This packet was generated by NAIJ Case Tracker from the union\u2019s "
                        "records as of the date above. Deadlines are computed from recorded "
                        "events; each states the rule that produced it and how it was counted.",
                        "note"))
        return s

    def contents(self) -> list[Flowable]:
        return [
            Heading("Contents", self.st["h1"], "contents", self.refs, "Contents", 0),
            self.rule(),
            Spacer(1, 4),
            TableOfContents(self.toc, self.refs),
        ]

    # -- 1. executive summary -------------------------------------------------------------------

    def executive_summary(self) -> list[Flowable]:
        o = self.opts
        s: list[Flowable] = [self.section("1", "Executive summary", "summary"), self.rule()]
        open_n = sum(c.count for c in self.counts if c.is_open)
        per_kind = {k: sum(c.count for c in self.counts if c.kind is k and c.is_open)
                    for k in self.kinds}
        overdue = [d for d in self.deadlines if d.is_open and d.due < o.as_of]
        soon = [d for d in self.deadlines
                if d.is_open and o.as_of <= d.due <= o.as_of + timedelta(days=30)]
        kinds_txt = "; ".join(f"{k.noun_plural}: {per_kind[k]:,}" for k in self.kinds)
        s.append(self.p(
            f"As of {_long_date(o.as_of)} the union has {_plural(open_n, 'open matter')}"
            f" ({kinds_txt}). {_plural(len(overdue), 'deadline')} "
            f"{'is' if len(overdue) == 1 else 'are'} overdue and {len(soon):,} "
            f"{'falls' if len(soon) == 1 else 'fall'} due in the next 30 days.", "lead"))

        s.append(self.subsection("1.1", "Matters by kind and status", "summary_counts"))
        rows: list[list[Cell]] = []
        bold_rows: list[int] = []
        for k in self.kinds:
            mine = [c for c in self.counts if c.kind is k]
            first = True
            for c in mine:
                rows.append([self.cell(k.plural if first else ""), self.cell(c.status_label),
                             self.cell("Open" if c.is_open else "Closed"),
                             self.cell(f"{c.count:,}")])
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

        s.append(self.subsection("1.2", "Charts", "summary_charts"))
        half = FRAME_WIDTH / 2
        pair = Table([[charts.open_by_kind(self.counts, self.kinds, half - 12),
                       charts.grievances_by_step(self.matters, half - 12)]],
                     colWidths=[half, half], hAlign="LEFT")
        pair.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        s += [pair, Spacer(1, 10), charts.deadlines_by_week(self.deadlines, o.as_of, FRAME_WIDTH)]

        if o.since is not None:
            s.append(self.subsection("1.3", f"What changed since {_long_date(o.since)}",
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

    def _ref_title(self, reference: str, title: str) -> list[Flowable]:
        out = [self.p(reference, "cell_bold")]
        if title:
            out.append(self.p(truncate(title, 160), "cell"))
        return out

    # -- 2. deadlines -----------------------------------------------------------------------------

    def deadline_section(self) -> list[Flowable]:
        o = self.opts
        s: list[Flowable] = [self.section("2", "Deadlines", "deadlines"), self.rule()]
        s.append(self.p(
            "Open deadlines of the matters in this packet. Each was computed from a recorded "
            "event under the rule shown; periods are counted under the FLRA\u2019s rules of time "
            "(5 C.F.R. 2429.21\u20132429.22) or under the CBA where the rule says so: the day of "
            "the event is not counted, and a last day on a weekend or federal holiday moves to "
            "the next working day."))
        open_ = sorted((d for d in self.deadlines if d.is_open), key=lambda d: (d.due, d.title))
        day = timedelta(days=1)
        buckets = [
            ("2.1", "Overdue", "dl_overdue", date.min, o.as_of - day),
            ("2.2", "Due within 30 days", "dl_30", o.as_of, o.as_of + 30 * day),
            ("2.3", "Due in 31 to 60 days", "dl_60", o.as_of + 31 * day, o.as_of + 60 * day),
            ("2.4", "Due in 61 to 90 days", "dl_90", o.as_of + 61 * day, o.as_of + 90 * day),
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
            s.append(self.p(f"{_plural(later, 'further open deadline')} "
                            f"{'falls' if later == 1 else 'fall'} due more than 90 days ahead.",
                            "note"))
        return s

    def _due_cell(self, d: PacketDeadline) -> list[Flowable]:
        out = [self.p(d.due.isoformat(), "cell"), self.p(f"{d.due:%A}", "cell_muted")]
        by = filing_time_for(d.rule_id)
        if by:  # FLRA eFiling closes at 11:59 p.m. Eastern on the due date (88 FR 80091)
            out.append(self.p(f"by {by}", "cell_muted"))
        late = (self.opts.as_of - d.due).days
        if d.is_open and late > 0:
            out.append(self.p(f"{_plural(late, 'day')} overdue", "cell_alert"))
        return out

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
        s.append(self.p(f"{_plural(len(matters), kind.noun)} in this packet: "
                        f"{n_open:,} open, {len(matters) - n_open:,} closed."))
        s.append(self.subsection(f"{number}.1", "Summary", f"{key}_summary"))
        rows = []
        for m in matters:
            nxt = min((d.due for d in m.deadlines if d.is_open), default=None)
            status = m.status_label if m.is_open else f"{m.status_label} (closed)"
            if m.step:
                status = f"{status} \u00b7 {m.step}"
            rows.append([self.cell(m.reference), self.cell(truncate(m.title, 200)),
                         self.cell(status), self.cell(_iso(m.opened_on)), self.cell(_iso(nxt)),
                         PageRef(f"m{m.id}", self.refs, 0.38 * inch - 8)])
        s += self.table(["Reference", "Title", "Status", "Opened", "Next due", "Page"], rows,
                        [1.05 * inch, 2.35 * inch, 1.2 * inch, 0.76 * inch, 0.76 * inch,
                         0.38 * inch])
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
            Heading(head, self.st["h3"], f"m{m.id}", self.refs, outline_title(head), 2,
                    matter_index=idx),
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
                s.append(self.p(f"{_plural(len(m.timeline) - len(shown), 'earlier entry', 'earlier entries')} "
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
