"""Briefing packets read back with pypdf: structure, page furniture, hostile text, redaction."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pypdf
import pytest
from bidi import get_display

from naij_tracker.domain.kinds import MatterKind
from naij_tracker.reports.packet import PacketCancelled, PacketResult, build_packet
from naij_tracker.reports.packet_data import (
    MatterLink,
    PacketChange,
    PacketData,
    PacketDeadline,
    PacketMatter,
    PacketOptions,
    TimelineEntry,
)
from naij_tracker.reports.packet_sample import synthetic_packet
from naij_tracker.reports.packet_text import _reshape

AS_OF = date(2026, 3, 2)

LONG_WORD = "Pneumonoultramicroscopic" * 12 + "silicovolcanoconiosis"  # > 300 characters
LONG_URL = ("https://www.flra.gov/decisions/v73/" + "very-long-path-segment/" * 9
            + "index.html?case=WA-CA-21-0123&amp=1")
HOSTILE = {
    "ampersand": "S&P 500",
    "angle email": "Smith <smith@x.org>",
    "less than": "0.1 < A < 0.9",
    "quotes": "He said \"no\" and 'never' \u2014 \u201ccurly\u201d \u2018too\u2019",
    "entity-like": "&amp; &lt;b&gt; &#169; &nbsp; <br/> </para>",
    "percent": "Up 5% (%LATE0) to 100% %%EOF",
    "accented": "Jos\u00e9 N\u00fa\u00f1ez-M\u00fcller, Zo\u00eb Bront\u00eb, Fran\u00e7ois \u00c7a\u011flar",
    "cyrillic": "\u0418\u0432\u0430\u043d \u041f\u0435\u0442\u0440\u043e\u0432",
    "greek": "\u0393\u03b9\u03ce\u03c1\u03b3\u03bf\u03c2 \u03a0\u03b1\u03c0\u03b1\u03b4\u03cc\u03c0\u03bf\u03c5\u03bb\u03bf\u03c2",
    "chinese": "\u738b\u5c0f\u660e",
    "japanese": "\u5c71\u7530\u592a\u90ce",
    "korean": "\uae40\ubbfc\uc900",
}
HEBREW = "\u05d3\u05d5\u05d3 \u05dc\u05d5\u05d9"
ARABIC = "\u0645\u062d\u0645\u062f \u0627\u0644\u0623\u062d\u0645\u062f"


def _text(path_or_bytes: Path | bytes) -> list[str]:
    src = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    return [p.extract_text() for p in pypdf.PdfReader(src).pages]


def _squash(s: str) -> str:
    """Whitespace removed and compatibility-normalised (wrapped lines join up again)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def _hostile_matter() -> PacketMatter:
    summary = "\n".join(["line one\nline two\r\nline three", *HOSTILE.values(), HEBREW,
                         ARABIC])
    fields = [(k, v) for k, v in HOSTILE.items()] + [
        ("Long word", LONG_WORD), ("URL", LONG_URL), ("Hebrew", HEBREW), ("Arabic", ARABIC)]
    dl = PacketDeadline("G-<1>&2", "S&P 500 <deadline>", "Reply due <soon> & fast",
                        AS_OF + timedelta(days=3), "r<1>", "Rule <x> & y", "5 U.S.C. 7118(a)",
                        "30 days from 0.1 < A < 0.9 = later", matter_id=1)
    return PacketMatter(
        id=1, kind=MatterKind.GRIEVANCE, reference="G-<1>&2",
        title="S&P 500 grievance of Smith <smith@x.org> re 0.1 < A < 0.9",
        status_label="Open", is_open=True, opened_on=AS_OF - timedelta(days=30),
        fields=fields, summary=summary, step="Step 2",
        timeline=[TimelineEntry(AS_OF, "Note", f"Met {HEBREW} and {ARABIC} & {HOSTILE['chinese']}")],
        deadlines=[dl], links=[MatterLink("Related to", "B-<9>", "Ti\u00e9 & <linked>")])


@pytest.fixture(scope="module")
def hostile_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PacketResult]:
    m = _hostile_matter()
    opts = PacketOptions(title="Packet & <title>", union_name="NAIJ & Co <union>",
                         prepared_by="O\u2019Brien <ob@x.org>", as_of=AS_OF,
                         since=AS_OF - timedelta(days=30), kinds=(MatterKind.GRIEVANCE,))
    data = PacketData(opts, [m], changes=[PacketChange(
        datetime.combine(AS_OF, time(10)), "Chair & co", m.reference, HOSTILE["less than"])])
    out = tmp_path_factory.mktemp("hostile") / "hostile.pdf"
    return out, build_packet(data, out)


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PacketData, PacketResult]:
    data = synthetic_packet(24)
    out = tmp_path_factory.mktemp("sample") / "sample.pdf"
    return out, data, build_packet(data, out)


# -- structure ------------------------------------------------------------------------------------


def test_page_count_and_page_x_of_y_on_every_page(sample_pdf) -> None:
    path, _, result = sample_pdf
    pages = _text(path)
    assert result.pages == len(pages) > 10
    for i, text in enumerate(pages, 1):
        assert f"Page {i} of {len(pages)}" in text, f"page {i}"


def test_running_header_and_marking_on_body_pages(sample_pdf) -> None:
    path, data, _ = sample_pdf
    for text in _text(path)[1:]:
        assert data.options.marking in text
        assert data.options.union_name.upper() in text
        assert data.options.title in text


def test_table_of_contents_lists_sections_with_correct_pages(sample_pdf) -> None:
    path, data, _ = sample_pdf
    pages = _text(path)
    toc = pages[1]
    assert "Contents" in toc
    entries = dict(re.findall(r"(\d+(?:\.\d+)*\.? [^\n]+?)\s*\n(?:\. )+\s*\n(\d+)", toc))
    expected = ["1. Executive summary", "2. Deadlines", "3. Bargaining", "4. FLRA cases",
                "5. Grievances", "6. Metric disputes", "2.1 Overdue", "3.1 Summary"]
    for title in expected:
        assert title in entries, (title, entries)
        page = int(entries[title])
        body = pages[page - 1].split("\n", 5)[-1]  # skip the running header lines
        assert title in body, f"{title!r} not on page {page}"


def test_every_matter_title_and_reference_present(sample_pdf) -> None:
    path, data, _ = sample_pdf
    text = _squash("\n".join(_text(path)))
    for m in data.matters:
        assert _squash(m.title) in text, m.title
        assert _squash(m.reference) in text


def test_summary_table_gives_the_page_of_each_brief(sample_pdf) -> None:
    path, data, _ = sample_pdf
    pages = _text(path)
    m = data.matters[0]
    summary_page = next(i for i, t in enumerate(pages) if "3.1 Summary" in t and i > 1)
    row = re.search(re.escape(m.reference) + r"\n.*?\n(\d+)\n", pages[summary_page], re.S)
    brief = next(i for i, t in enumerate(pages, 1) if f"{m.reference} \u2014" in t)
    assert row is not None and str(brief) in re.findall(r"\n(\d+)\n", pages[summary_page])


def test_selection_respects_kinds_and_open_only() -> None:
    data = synthetic_packet(40)
    opts = replace(data.options, kinds=(MatterKind.FLRA,), include_closed=False)
    out = io.BytesIO()
    build_packet(replace(data, options=opts), out)
    text = _squash("\n".join(_text(out.getvalue())))
    for m in data.matters:
        shown = m.kind is MatterKind.FLRA and m.is_open
        assert (f"{m.reference}\u2014" in text) == shown, m.reference
    assert "Bargaining" not in "\n".join(_text(out.getvalue())[1:2])


def test_qpdf_accepts_the_file(sample_pdf, hostile_pdf) -> None:
    qpdf = shutil.which("qpdf")
    assert qpdf, "qpdf is required (Debian package qpdf)"
    for path in (sample_pdf[0], hostile_pdf[0]):
        done = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


# -- hostile text -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_renders_and_extracts(hostile_pdf, name: str) -> None:
    text = _squash("\n".join(_text(hostile_pdf[0])))
    assert _squash(HOSTILE[name]) in text


def test_long_word_url_and_line_breaks_survive(hostile_pdf) -> None:
    raw = "\n".join(_text(hostile_pdf[0]))
    text = _squash(raw)
    assert _squash(LONG_WORD) in text
    assert _squash(LONG_URL) in text
    assert re.search(r"line one\s*\n\s*line two\s*\n\s*line three", raw)


@pytest.mark.parametrize("logical", [HEBREW, ARABIC])
def test_right_to_left_names(hostile_pdf, logical: str) -> None:
    """RTL text is stored in visual order (that is what a PDF content stream holds), Arabic in
    its shaped presentation forms. Text extraction returns that visual string; NFKC maps the
    presentation forms back to the base letters. So we expect the visual-order form of the
    logical name — ``get_display(reshape(name))`` — or, from a bidi-aware extractor, the
    logical name itself."""
    text = _squash("\n".join(_text(hostile_pdf[0])))
    visual = get_display(_reshape(logical) if logical == ARABIC else logical)
    assert _squash(visual) in text or _squash(logical) in text


def test_hostile_markup_is_not_interpreted(hostile_pdf) -> None:
    raw = "\n".join(_text(hostile_pdf[0]))
    assert "S&P; 500" not in raw
    assert "Smith <smith@x.org>" in raw
    assert "Packet & <title>" in raw and "NAIJ & CO <UNION>" in raw


# -- tables -----------------------------------------------------------------------------------------


def test_600_row_table_splits_with_repeated_header() -> None:
    data = synthetic_packet(4)
    when = datetime.combine(AS_OF, time(9))
    changes = [PacketChange(when - timedelta(minutes=i), "LR chair", f"G-{i}",
                            f"Change number {i} & <more>") for i in range(600)]
    opts = replace(data.options, since=AS_OF - timedelta(days=7))
    out = io.BytesIO()
    build_packet(replace(data, options=opts, changes=changes), out)
    pages = _text(out.getvalue())
    with_rows = [t for t in pages if "Change number" in t]
    assert len(with_rows) >= 10
    for t in with_rows:
        assert re.search(r"When\nBy\nMatter\nWhat changed", t), t[:400]
    text = "\n".join(pages)
    assert all(f"Change number {i} & <more>" in text for i in (0, 299, 300, 599))


# -- redaction --------------------------------------------------------------------------------------


def test_redacted_packet_has_no_member_names_or_emails() -> None:
    data = synthetic_packet(24)
    hostile = replace(_hostile_matter(), id=999, member_names=[
        "Smith", HOSTILE["cyrillic"], HOSTILE["chinese"], HEBREW])
    opts = replace(data.options, redact=True)
    data = replace(data, options=opts, matters=[*data.matters, hostile])
    out = io.BytesIO()
    build_packet(data, out)
    raw = "\n".join(_text(out.getvalue()))
    text = _squash(raw)
    for m in data.matters:
        for name in m.member_names:
            assert _squash(name) not in text, name
            for part in name.split():
                assert _squash(part) not in text, part
    assert _squash(get_display(HEBREW)) not in text
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", raw), "an e-mail address survived"
    assert "202-555-0143" not in raw
    assert "Member A" in raw
    assert "replaced by a pseudonym" in raw


# -- file handling, progress, cancel ---------------------------------------------------------------


def test_progress_reaches_total_and_never_goes_back(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    build_packet(synthetic_packet(10), tmp_path / "p.pdf", progress=lambda d, t: calls.append((d, t)))
    assert calls and calls[-1][0] == calls[-1][1] == 20
    dones = [d for d, _ in calls]
    assert dones == sorted(dones)


def test_cancel_raises_and_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "p.pdf"
    seen = []

    def cancelled() -> bool:
        seen.append(1)
        return len(seen) > 3

    with pytest.raises(PacketCancelled):
        build_packet(synthetic_packet(80), target, cancelled=cancelled)
    assert list(tmp_path.iterdir()) == []


def test_failed_build_keeps_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "p.pdf"
    target.write_bytes(b"old")
    with pytest.raises(PacketCancelled):
        build_packet(synthetic_packet(5), target, cancelled=lambda: True)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["p.pdf"]


def test_writes_to_a_binary_stream_and_handles_empty_data() -> None:
    out = io.BytesIO()
    result = build_packet(PacketData(PacketOptions(as_of=AS_OF)), out)
    assert out.getvalue().startswith(b"%PDF-")
    assert result.pages == len(_text(out.getvalue())) >= 6
    assert result.matters == 0
