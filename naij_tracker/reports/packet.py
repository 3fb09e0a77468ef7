"""The briefing packet: a Letter-size PDF that leadership can hand to counsel, the board or Congress.

:func:`build_packet` turns a :class:`~naij_tracker.reports.packet_data.PacketData` into a PDF
whose make-up follows the audience (:mod:`.audience`, ``options.sections``):

1. a cover page (union, title, date, preparer, scope, the audience's wording and marking);
2. contents with page numbers and links;
3. an executive summary — matters per kind and status, charts (open matters by kind, open
   grievances by step, deadlines per week for twelve weeks), what changed since a date;
4. grievance analytics (:mod:`.packet_analytics`): counts by court, article, issue and step,
   outcomes and win rate, days to resolution, deadlines met, metric disputes per year;
5. deadlines — overdue and due within 30, 31–60 and 61–90 days, each with rule, citation and
   the plain-language count;
6. one section per selected kind: a summary table (with the page of each brief), then a brief
   of a page or less per matter (:mod:`.packet_sections`);
7. for an aggregate audience (Congress), anonymised examples instead of briefs.

A packet of one to three chosen matters is a compact brief: a short heading, then each
matter's brief with its deadlines and links, without cover, contents or empty sections.

Every page carries the running header (marking, union, title) and "Page X of Y". All user text
is escaped and font-checked (:mod:`.packet_text`); with ``options.redact`` the data is redacted
first (:mod:`.packet_redact`) and the finished PDF's text layer is read back and checked for any
member's name before the file is written. The function is thread-safe with respect to its own
data and may run off the GUI thread; ``progress`` and ``cancelled`` are called from that thread.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import BinaryIO

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

from naij_tracker.domain.kinds import MatterKind
from naij_tracker.reports.packet_analytics import AnalyticsMixin
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
    TABLE_GRID,
    Cell,
    Furniture,
    Grid,
    Heading,
    PacketCancelled,
    PacketDocTemplate,
    PageRefs,
    TableOfContents,
    TextBlock,
    TocEntry,
    late_numbers_canvas,
    outline_title,
)
from naij_tracker.reports.packet_redact import RedactionLeak, redact_packet, scan_for_names
from naij_tracker.reports.packet_sections import SectionsMixin
from naij_tracker.reports.packet_style import FIELD_LIMIT, TABLE_CHUNK, long_date, styles
from naij_tracker.reports.packet_text import (
    SERIF_ITALIC,
    clean,
    markup,
    register_fonts,
    single_font,
    truncate,
)

__all__ = ["PacketCancelled", "PacketResult", "RedactionLeak", "build_packet"]

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


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
    ``cancelled()`` returns True the build stops with :class:`PacketCancelled`. A redacted
    packet whose text still shows a member's name raises :class:`RedactionLeak` and writes
    nothing.
    """
    register_fonts()
    if data.options.redact:
        data = redact_packet(data)
    if data.options.aggregate and data.analytics is not None:
        from naij_tracker.domain.analytics import suppress_small

        data = replace(data, analytics=suppress_small(
            data.analytics, data.options.min_group, data.court_members))
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
            if data.options.redact:
                _check_redaction(Path(tmp), data)
            os.replace(tmp, path)
        except BaseException:
            with suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
    else:
        buffer = io.BytesIO()
        pages = builder.render(story, buffer)
        if data.options.redact:
            _check_redaction(buffer, data)
        out.write(buffer.getvalue())
    return PacketResult(pages=pages, matters=len(builder.matters))


def _check_redaction(pdf: Path | io.BytesIO, data: PacketData) -> None:
    """Read the PDF's text layer back and refuse it if a member's name is still there."""
    from pypdf import PdfReader

    if isinstance(pdf, io.BytesIO):
        pdf.seek(0)
    pages = [page.extract_text() or "" for page in PdfReader(pdf).pages]
    problem = scan_for_names(pages, data.redacted_names)
    if problem:
        raise RedactionLeak(problem[0].upper() + problem[1:] + ".")


# -- the builder ----------------------------------------------------------------------------------


class _Builder(SectionsMixin, AnalyticsMixin):
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
        self.st = styles()
        self.sections: frozenset[str] = opts.sections or frozenset(
            {"summary", "changes", "deadlines", "matters"})
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
        footer = f"As of {long_date(o.as_of)}"
        if o.prepared_by and not o.aggregate:
            footer += f" \u00b7 Prepared by {o.prepared_by}"
        doc = PacketDocTemplate(
            out, Furniture(o.union_name, o.title, o.marking, footer), self.refs,
            self._on_flowable, title=outline_title(o.title), author=outline_title(o.prepared_by),
            subject=outline_title(f"{o.union_name} \u2014 {o.marking}" if o.marking
                                  else o.union_name),
        )
        if o.single:  # no cover page: the first page has the running header too
            doc._firstPageTemplateIndex = 1
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
        if self.opts.single:
            return self.single_story()
        s: list[Flowable] = []
        s += self.cover()
        s += [NextPageTemplate("body"), PageBreak()]
        s += self.contents()
        parts: list[Callable[[str], list[Flowable]]] = []
        if "summary" in self.sections:
            parts.append(self.executive_summary)
        if "analytics" in self.sections and self.data.analytics is not None:
            parts.append(self.analytics_section)
        if "deadlines" in self.sections and not self.opts.aggregate:
            parts.append(self.deadline_section)
        if "matters" in self.sections and not self.opts.aggregate:
            parts += [partial(self.kind_section, kind=kind) for kind in self.kinds]
        if "examples" in self.sections:
            parts.append(self.examples_section)
        for i, part in enumerate(parts, start=1):
            s += [PageBreak()]
            s += part(str(i))
        return s

    def single_story(self) -> list[Flowable]:
        """One to three chosen matters: a short heading, then each brief."""
        s = self.single_heading()
        for m in self.matters:
            s += self.brief(m)
        if not self.matters:
            s.append(self.p("No matter was chosen.", "note"))
        return s

    def cover(self) -> list[Flowable]:
        o = self.opts
        st = self.st
        s: list[Flowable] = [
            Spacer(1, 0.3 * inch),
            self.p(o.union_name.upper(), "cover_union"),
            HRFlowable(width="100%", thickness=1.2, color=INK, spaceBefore=6, spaceAfter=18),
            self.p(o.title, "cover_title"),
            self.p(f"As of {long_date(o.as_of)}", "cover_sub"),
            Spacer(1, 0.45 * inch),
        ]
        kinds = ", ".join(k.plural for k in self.kinds) or "none"
        scope = [
            ("Prepared by", o.union_name if o.aggregate else (o.prepared_by or "\u2014")),
            ("Date", long_date(o.as_of)),
            ("Matters", f"{kinds}; {'open and closed' if o.include_closed else 'open only'}"
                        f" ({len(self.matters):,} in this packet)"),
        ]
        if o.since is not None:
            scope.append(("Changes since", long_date(o.since)))
        if o.redact:
            scope.append(("Redaction", "Every member\u2019s name replaced by a pseudonym "
                                       "(\u201cMember A\u201d, \u201cMember B\u201d\u2026); "
                                       "e-mail addresses, phone numbers and contact details "
                                       "removed."))
        if o.aggregate:
            scope.append(("Privacy", f"Aggregate figures; a court is named only where at "
                                     f"least {o.min_group} members work, and no count below "
                                     f"{o.min_group} is shown."))
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
        if o.cover_note:
            s += [Spacer(1, 0.3 * inch), self.p(o.cover_note, "lead")]
        s.append(Spacer(1, 0.6 * inch))
        if not o.marking:
            return s + [self._cover_footnote()]
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
        s.append(self._cover_footnote())
        return s

    def _cover_footnote(self) -> Flowable:
        return self.p("This packet was generated by NAIJ Case Tracker from the union\u2019s "
                      "records as of the date above. Deadlines are computed from recorded "
                      "events; each states the rule that produced it and how it was counted.",
                      "note")

    def contents(self) -> list[Flowable]:
        return [
            Heading("Contents", self.st["h1"], "contents", self.refs, "Contents", 0),
            self.rule(),
            Spacer(1, 4),
            TableOfContents(self.toc, self.refs),
        ]
