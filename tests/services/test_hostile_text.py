"""Hostile text through every text field: save → reload → export, nothing lost, nothing crashing.

Arbitrary Unicode — control characters, NUL, right-to-left marks and overrides, combining marks,
emoji, 100 kB strings — goes into every text field of a grievance and of a member. The services
clean text (``clean_text``: control characters other than tab and newline removed, surrounding
space stripped), so what comes back must be exactly the cleaned value; then the lists are
exported to CSV and XLSX and read back, and every cell must hold the stored text (neutralised in
CSV when it begins like a formula).
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from naij_tracker.db.opening import Database, open_database
from naij_tracker.domain.fields import FieldType, fields_for
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.domain.validation import clean_text
from naij_tracker.reports import exports as ex
from naij_tracker.services import export_tables as tables
from naij_tracker.services.matters import MatterService
from naij_tracker.services.people import PeopleService

HOSTILE_CHARS = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\t\n\r \u200e\u200f\u202a\u202b\u202e\u2066" \
                "\u2069\u061c\ufeff\u00a0\u2028\u2029\u0301=+-@'\"\\,;"
hostile_text = st.text(
    alphabet=st.one_of(st.sampled_from(HOSTILE_CHARS), st.characters(blacklist_categories=("Cs",))),
    max_size=80)

GRIEVANCE_TEXT = {f.name: f.max_length or 100_000 for f in fields_for(MatterKind.GRIEVANCE)
                  if f.type in (FieldType.TEXT, FieldType.LONGTEXT)}
_numbers = itertools.count(1)
BIG = ("مرحبا \u202eevil\u202c שלום =SUM(A1) \x00\x07 🧑‍⚖️ é\u0301 \t\n" * 2500)[:100_000]
SETTINGS = settings(max_examples=30, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = open_database(tmp_path_factory.mktemp("hostile") / "cases.sqlite3")
    yield db
    db.close()


def _expected(value: str) -> str | None:
    return clean_text(value) or None


def _export_and_read_back(db: Database, what: str, folder: Path) -> tuple[list[list[str]],
                                                                            list[tuple[object, ...]]]:
    table = tables.table_for(db, what, include_closed=True)
    csv_path = ex.write_table(table, folder / f"{what}.csv")
    xlsx_path = ex.write_table(table, folder / f"{what}.xlsx")
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        csv_rows = list(csv.reader(fh))
    ws = load_workbook(xlsx_path, read_only=True).active
    assert ws is not None
    xlsx_rows = list(ws.iter_rows(values_only=True))
    assert len(csv_rows) == len(xlsx_rows) == len(table.rows) + 1
    return csv_rows, xlsx_rows


def _as_csv(value: str | None) -> str:
    return "" if value is None else ex.neutralise(ex.sanitize(value))


def _as_xlsx(value: str | None) -> str | None:
    return None if value is None else ex.xlsx_text(value)


@SETTINGS
@given(texts=st.fixed_dictionaries({name: hostile_text for name in GRIEVANCE_TEXT}))
@example(texts={**{name: "x" for name in GRIEVANCE_TEXT}, "summary": BIG,
                "title": "\u202e=cmd|'/c calc'!A0\x00", "court": "\x00\x00"})
def test_grievance_text_survives_save_reload_and_export(
        hostile_db: Database, tmp_path_factory: pytest.TempPathFactory,
        texts: dict[str, str]) -> None:
    values = dict(texts)
    values["title"] = values["title"] if clean_text(values["title"]) else "Untitled"
    values["grievance_number"] = f"H-{next(_numbers)}-" + values["grievance_number"][:40]
    for name, limit in GRIEVANCE_TEXT.items():
        values[name] = values[name][:limit]
    service = MatterService(hostile_db, "hypothesis")
    mid = service.create("grievance", {**values, "filed_on": date(2026, 3, 2)})

    record = service.get(mid)
    for name in GRIEVANCE_TEXT:
        assert record.values[name] == _expected(values[name]), name

    csv_rows, xlsx_rows = _export_and_read_back(hostile_db, "grievances",
                                                tmp_path_factory.mktemp("export"))
    headers = csv_rows[0]
    number = record.values["grievance_number"]
    row = next(r for r in csv_rows[1:] if r[headers.index("Number")] == _as_csv(number))
    assert row[headers.index("Title")] == _as_csv(record.values["title"])
    assert row[headers.index("Court")] == _as_csv(record.values["court"])
    xrow = next(r for r in xlsx_rows[1:] if r[headers.index("Number")] == _as_xlsx(number))
    assert xrow[headers.index("Title")] == _as_xlsx(record.values["title"])


@SETTINGS
@given(name=hostile_text, court=hostile_text, notes=hostile_text)
def test_member_text_survives_save_reload_and_export(
        hostile_db: Database, tmp_path_factory: pytest.TempPathFactory,
        name: str, court: str, notes: str) -> None:
    name = f"{next(_numbers)} {name}"[:200]
    people = PeopleService(hostile_db, "hypothesis")
    mid = people.create_member({"name": name, "court": court, "notes": notes})
    stored = people.member(mid)
    assert stored.name == clean_text(name)
    assert stored.court == _expected(court) and stored.notes == _expected(notes)

    csv_rows, xlsx_rows = _export_and_read_back(hostile_db, "members",
                                                tmp_path_factory.mktemp("export"))
    assert [_as_csv(stored.name), _as_csv(stored.court)] in [r[:2] for r in csv_rows[1:]]
    assert (_as_xlsx(stored.name), _as_xlsx(stored.court)) in [r[:2] for r in xlsx_rows[1:]]


@given(value=st.text(max_size=200))
@settings(max_examples=100, deadline=None)
def test_neutralised_csv_cells_never_begin_like_a_formula(value: str) -> None:
    cell = ex.csv_cell(value)
    assert isinstance(cell, str)
    assert not cell.startswith(ex.FORMULA_TRIGGERS)
    assert cell in (ex.sanitize(value), "'" + ex.sanitize(value))


def test_lone_surrogates_are_cleaned_before_saving(hostile_db: Database) -> None:
    mid = MatterService(hostile_db, "t").create("grievance", {
        "title": "half a pair \ud83d here", "grievance_number": f"S-{next(_numbers)}",
        "filed_on": date(2026, 3, 2)})
    assert "\ud83d" not in MatterService(hostile_db, "t").get(mid).title


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(title=hostile_text, summary=hostile_text, name=hostile_text)
@example(title="S&P 500 <b>bold</b> 0.1 < A < 0.9", summary="Smith <smith@x.org>\n& more",
         name="Ольга Петрова")
@example(title="陈述 — شكوى — תלונה", summary=BIG[:5000], name="Zoë O'Connor")
def test_hostile_text_survives_into_the_packet(hostile_db: Database, tmp_path: Path,
                                               title: str, summary: str, name: str) -> None:
    """Save → packet → read back: the PDF builds and its text holds the cleaned title."""
    import re

    from pypdf import PdfReader

    from naij_tracker.reports.packet import build_packet
    from naij_tracker.services.packet_source import PacketSelection, collect_packet

    member = None
    if clean_text(name):
        member = PeopleService(hostile_db, "t").create_member({"name": name})
    clean_title = clean_text(title) or "untitled"
    mid = MatterService(hostile_db, "t").create("grievance", {
        "title": clean_title, "summary": summary, "member_id": member,
        "grievance_number": f"P-{next(_numbers)}", "filed_on": date(2026, 3, 2)})
    data = collect_packet(hostile_db, PacketSelection(matter_ids=(mid,)))
    out = tmp_path / "p.pdf"
    result = build_packet(data, out)
    assert result.matters == 1 and 1 <= result.pages <= 3  # a one-matter brief
    text = " ".join(p.extract_text() or "" for p in PdfReader(out).pages)
    ascii_words = [w for w in re.findall(r"[A-Za-z0-9&<>.]{4,}", clean_title)]
    flat = re.sub(r"\s+", " ", text)
    for word in ascii_words[:5]:
        assert word in flat
