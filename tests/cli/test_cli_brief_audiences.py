"""Packets for each audience, read back with pdftotext/pypdf: marking, redaction, small groups,
single-matter briefs, ``--matter`` by number, and a redaction that holds for hard names."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from naij_tracker.cli import main
from naij_tracker.db.opening import open_database
from naij_tracker.reports.audience import BOARD_MARKING, COUNSEL_MARKING
from naij_tracker.reports.name_words import NAME_WORDS
from naij_tracker.services.audiences import load_audiences, save_audience
from naij_tracker.services.matters import MatterService
from naij_tracker.services.people import PeopleService
from naij_tracker.services.sample_data import load_sample_data


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("audiences") / "sample.sqlite3"
    db = open_database(path)
    load_sample_data(db, grievances=120)
    db.close()
    return path


def pdftotext(pdf: Path) -> list[str]:
    """Each page's text as pdftotext reads it (what a recipient's search finds)."""
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is required (Debian package poppler-utils; .ci/run installs it)"
    out = subprocess.run([tool, "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return out.split("\f")[:-1]


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def brief(db: Path, out: Path, *args: str) -> int:
    return main(["--db", str(db), "brief", "--out", str(out), *args])


def members(db: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db)
    try:
        return [(n, c or "") for n, c in conn.execute("SELECT name, court FROM member")]
    finally:
        conn.close()


def test_congress_packet_names_no_member_no_initials_no_small_court(
        sample_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "congress.pdf"
    assert brief(sample_db, out, "--audience", "congress", "--include-closed") == 0
    pages = pdftotext(out)
    text = flat(" ".join(pages))
    people = members(sample_db)
    for name, _court in people:
        assert name not in text, name
        surname = name.split()[-1]
        if surname.lower() not in NAME_WORDS:
            assert not re.search(rf"\b{re.escape(surname)}\b", text), surname
    # no initials ("U. Z."), no pseudonyms either: an aggregate packet names nobody
    assert not re.search(r"\b[A-Z]\. ?[A-Z]\.", text)
    per_court: dict[str, int] = {}
    for _name, court in people:
        per_court[court] = per_court.get(court, 0) + 1
    small = [c for c, n in per_court.items() if c and n < 5]
    large = [c for c, n in per_court.items() if c and n >= 5]
    assert small and large, "the sample must have both kinds of court"
    for court in small:
        assert not re.search(rf"(?<![\w-]){re.escape(court)}(?![\w-])", text), court
    assert any(court in text for court in large)
    assert "another court" in text or "Other courts" in text
    # aggregate: counts and analytics, no briefs or case numbers, no marking
    assert "Grievance analytics" in text and "Win rate" in text
    assert "Matter briefs" not in text and not re.search(r"\b20\d\d-\d{4}\b", text)
    assert "attorney work product" not in text
    assert "Prepared by the union for Members of Congress" in text
    # the union's own deadlines stay inside the union
    assert "overdue" not in text and "Deadlines met" not in text


def test_counsel_packet_is_marked_on_every_page(sample_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "counsel.pdf"
    assert brief(sample_db, out, "--audience", "counsel", "--kinds", "flra,bargaining") == 0
    pages = pdftotext(out)
    assert len(pages) >= 4
    for number, page in enumerate(pages, start=1):
        assert COUNSEL_MARKING in flat(page), f"page {number} is not marked"


def test_board_packet_is_not_marked_attorney_work_product(sample_db: Path,
                                                          tmp_path: Path) -> None:
    out = tmp_path / "board.pdf"
    assert brief(sample_db, out, "--audience", "board", "--kinds", "grievances") == 0
    pages = pdftotext(out)
    text = flat(" ".join(pages))
    assert "attorney work product" not in text.lower()
    assert all(BOARD_MARKING in flat(p) for p in pages[1:])
    # grievance tables give member and court; the analytics section is there
    assert "Member Court" in text and "Grievance analytics" in text


def test_an_edited_preset_is_kept_in_the_database(sample_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "edited.sqlite3"
    shutil.copyfile(sample_db, copy)
    db = open_database(copy)
    try:
        board = load_audiences(db)["board"]
        from dataclasses import replace

        save_audience(db, replace(board, marking="For the board only", sections=("summary",)))
        assert load_audiences(db)["board"].marking == "For the board only"
    finally:
        db.close()
    out = tmp_path / "board.pdf"
    assert brief(copy, out, "--audience", "board") == 0
    text = flat(" ".join(pdftotext(out)))
    assert "For the board only" in text and "Deadlines" not in text.split("Contents")[1][:200]


@pytest.fixture()
def numbered_db(tmp_path: Path) -> Path:
    path = tmp_path / "numbered.sqlite3"
    db = open_database(path)
    try:
        people = PeopleService(db, "t")
        grievant = people.create_member({"name": "Harriet Okonkwo", "court": "Boston"})
        matters = MatterService(db, "t")
        gid = matters.create("grievance", {
            "title": "Docket reassigned without notice", "grievance_number": "2026-0301",
            "member_id": grievant, "court": "Boston", "filed_on": date(2026, 3, 2),
            "summary": "Reassigned mid-hearing."})
        other = matters.create("grievance", {
            "title": "Leave denied", "grievance_number": "2026-0302",
            "filed_on": date(2026, 3, 4)})
        bid = matters.create("bargaining", {"title": "Telework policy", "subject": "Telework",
                                            "bargaining_type": "substantive"})
        from naij_tracker.services.related import RelatedService

        RelatedService(db, "t").link(gid, bid, "arises_from")
        RelatedService(db, "t").link(other, gid)
    finally:
        db.close()
    return path


def test_one_grievance_brief_by_its_number(numbered_db: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "one.pdf"
    assert brief(numbered_db, out, "--matter", "2026-0301") == 0
    assert "1 matters" in capsys.readouterr().out
    pages = pdftotext(out)
    assert 1 <= len(pages) <= 3
    text = flat(" ".join(pages))
    assert "2026-0301" in text and "Harriet Okonkwo" in text
    # only this matter, its links in plain words, no empty sections
    assert "Leave denied" in text and "Telework policy" in text
    assert "Arises from" in text and "Related to" in text and "(reverse)" not in text
    assert "No FLRA cases" not in text and "Contents" not in text
    # the same by reference with another case and by B-number
    assert brief(numbered_db, tmp_path / "b.pdf", "--matter", "b-3") == 0
    assert "Gave rise to" in flat(" ".join(pdftotext(tmp_path / "b.pdf")))


def test_matter_that_does_not_exist_is_one_line(numbered_db: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture) -> None:
    assert brief(numbered_db, tmp_path / "x.pdf", "--matter", "2026-9999") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "2026-9999" in err
    assert not (tmp_path / "x.pdf").exists()


def test_overdue_next_due_dates_are_flagged(sample_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "grievances.pdf"
    assert brief(sample_db, out, "--kinds", "grievances") == 0
    text = flat(" ".join(pdftotext(out)))
    assert re.search(r"20\d\d-\d\d-\d\d overdue", text)
    # and drawn in red: the alert colour is set in the summary pages' content
    reader = PdfReader(out)
    assert any(b".690196 .152941 .109804 rg" in p.get_contents().get_data()
               for p in reader.pages)


HARD_NAMES = [
    "John Smith", "Anna Smith",                       # a shared surname
    "Sean O\u2019Neil",                               # a curly apostrophe
    unicodedata.normalize("NFD", "Jos\u00e9 Mu\u00f1oz"),  # decomposed accents
    "Will Grant",                                     # a name made of ordinary words
    "\u0418\u0432\u0430\u043d \u041f\u0435\u0442\u0440\u043e\u0432",   # Cyrillic
    "\u0645\u062d\u0645\u062f \u0627\u0644\u0639\u0644\u064a",         # Arabic
    "Priya Raghunathan",                              # a witness, grievant of nothing
]


@pytest.fixture()
def hard_db(tmp_path: Path) -> Path:
    path = tmp_path / "hard.sqlite3"
    db = open_database(path)
    try:
        people = PeopleService(db, "t")
        ids = [people.create_member({"name": n, "court": "Miami"}) for n in HARD_NAMES]
        matters = MatterService(db, "t")
        summaries = [
            "Ms. Smith objected; J. Smith signed the reply; Smith\u2019s notes attached.",
            "Witness Priya Raghunathan saw it; O'NEIL and o\u2019neil agree.",
            "Jos\u00e9 Mu\u00f1oz (typed composed) and MU\u00d1OZ\u2019s memo.",
            "Management said it will grant access next week; Will Grant disagreed; "
            "Judge Grant was told.",
            "\u041f\u0435\u0442\u0440\u043e\u0432 wrote; \u0627\u0644\u0639\u0644\u064a replied.",
        ]
        for i, summary in enumerate(summaries):
            matters.create("grievance", {
                "title": f"Grievance {i} of {HARD_NAMES[i]}", "grievance_number": f"H-{i}",
                "member_id": ids[i], "court": "Miami", "filed_on": date(2026, 3, 2),
                "summary": summary})
    finally:
        db.close()
    return path


def test_redaction_holds_for_hard_names(hard_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "redacted.pdf"
    assert brief(hard_db, out, "--redact", "--include-closed", "--kinds", "grievances") == 0
    raw = " ".join(pdftotext(out))
    text = flat(raw)
    folded = unicodedata.normalize("NFKD", text).casefold()
    for name in HARD_NAMES:
        for part in unicodedata.normalize("NFKD", name).casefold().split():
            if part in NAME_WORDS:
                continue
            bare = "".join(c for c in part if not unicodedata.combining(c))
            assert bare.replace("\u2019", "'") not in folded.replace("\u2019", "'"), name
    assert "Will Grant" not in text and "Judge Grant" not in text
    assert "will grant access" in text
    # Arabic is shaped for display: look for it in visual order too
    assert "\u064a\u0644\u0639\u0644\u0627" not in raw and "Member A" in text


def test_a_name_the_redaction_misses_stops_the_packet(hard_db: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture) -> None:
    from naij_tracker.reports import packet_redact

    monkeypatch.setattr(packet_redact.Redactor, "_names", lambda self, text: text)
    out = tmp_path / "leak.pdf"
    assert brief(hard_db, out, "--redact", "--kinds", "grievances") == 1
    err = capsys.readouterr().err
    assert "still shows the name of member" in err and err.count("\n") == 1
    assert not any(n in err for n in HARD_NAMES)
    assert not out.exists()


def test_a_member_gets_their_own_matter_marked_for_them(numbered_db: Path,
                                                      tmp_path: Path) -> None:
    out = tmp_path / "member.pdf"
    assert brief(numbered_db, out, "--audience", "member", "--matter", "2026-0301") == 0
    pages = pdftotext(out)
    text = flat(" ".join(pages))
    assert len(pages) <= 3 and "Harriet Okonkwo" in text and "2026-0301" in text
    assert "Confidential \u2014 for the member concerned" in text
    assert "attorney work product" not in text and "Leave denied" in text


@pytest.fixture()
def sums_db(tmp_path: Path) -> Path:
    """Two courts of six members each: Miami has 3 grievances in arbitration and 10 sustained,
    Boston 20 open and 30 denied. The packet prints the open and closed totals, so hiding
    Miami's 3 alone would leave it to be worked out (23 - 20)."""
    path = tmp_path / "sums.sqlite3"
    db = open_database(path)
    try:
        people = PeopleService(db, "t")
        matters = MatterService(db, "t")
        n = 0
        for court, groups in (("Miami", (("arbitration", 3), ("sustained", 10))),
                              ("Boston", (("open", 20), ("denied", 30)))):
            judges = [people.create_member({"name": f"Judge {court} {i}", "court": court})
                      for i in range(6)]
            for status, count in groups:
                for _ in range(count):
                    n += 1
                    closed = status in ("sustained", "denied")
                    matters.create("grievance", {
                        "title": f"Grievance {n}", "grievance_number": f"2026-{n:04d}",
                        "member_id": judges[n % 6], "court": court, "status": status,
                        "filed_on": date(2026, 1, 5),
                        "closed_on": date(2026, 3, 5) if closed else None})
    finally:
        db.close()
    return path


def test_congress_packet_hides_what_the_totals_would_give_away(sums_db: Path,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "congress.pdf"
    assert brief(sums_db, out, "--audience", "congress", "--include-closed") == 0
    text = flat(" ".join(pdftotext(out)))
    # by court: Miami's 3 open is hidden, and so is its closed count (13 - closed), Boston's
    # open (23 open in all) and so Boston's closed (50 - closed)
    assert "Miami fewer than 5 withheld 13" in text
    assert "Boston withheld withheld 50" in text
    # by status: the open total (23 open) would give "3 in arbitration" away
    assert "In arbitration Open fewer than 5" in text
    assert "Open Open withheld" in text
    assert "Total 23 open" in text
