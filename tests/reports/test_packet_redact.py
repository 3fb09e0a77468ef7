"""Redaction of member names and contact details: folding, pseudonyms, words that are names."""

from __future__ import annotations

import unicodedata

import pytest

from naij_tracker.reports.packet_redact import (
    AMBIGUOUS,
    EMAIL_REMOVED,
    PHONE_REMOVED,
    Redactor,
    fold,
    redact_packet,
    scan_for_names,
)
from naij_tracker.reports.packet_sample import synthetic_packet


def test_pseudonyms_are_stable_in_the_order_given_and_never_initials() -> None:
    r = Redactor(["Jane Q. Doe", "John Smith", "jane q.  doe"])
    assert r.label("Jane Q. Doe") == "Member A"
    assert r.label("John Smith") == "Member B"
    out = r("Jane Doe met DOE, JANE and Smith; later jane q. doe and John.")
    assert out == "Member A met Member A and Member B; later Member A and Member B."
    assert "J. D." not in out


@pytest.mark.parametrize(("text", "expected"), [
    # a surname shared by two members: replaced, never left behind
    ("Ms. Smith spoke; J. Smith signed; Anna Smith's note; Smith agreed.",
     "Ms. [member] spoke; Member A signed; Member B's note; [member] agreed."),
    # curly and straight apostrophes, any case
    ("O\u2019Neil and O'NEIL and o\u2018neil", "Member C and Member C and Member C"),
    # accents typed composed or decomposed, and without accents
    (unicodedata.normalize("NFD", "Jos\u00e9 Mu\u00f1oz wrote; Munoz agreed; MU\u00d1OZ\u2019s"),
     "Member D wrote; Member D agreed; Member D\u2019s"),
    # a name that is also a word: only capitalised and next to its name or a title
    ("he will grant access", "he will grant access"),
    ("Will Grant will grant it; Judge Grant; Grant, Will; a Grant of leave",
     "Member E will grant it; Member E; Member E; a Grant of leave"),
    # Cyrillic and Arabic names, each part as a whole word
    ("\u0418\u0432\u0430\u043d \u041f\u0435\u0442\u0440\u043e\u0432 \u0438 "
     "\u041f\u0435\u0442\u0440\u043e\u0432\u0430",
     "Member F \u0438 \u041f\u0435\u0442\u0440\u043e\u0432\u0430"),
    ("\u0643\u062a\u0628 \u0645\u062d\u0645\u062f \u0627\u0644\u0639\u0644\u064a",
     "\u0643\u062a\u0628 Member G"),
    # hyphenated surnames with any dash, and words that contain a name
    ("Garc\u00eda\u2013L\u00f3pez and Lopez; Annex, Leeway",
     "Member H and Member H; Annex, Leeway"),
])
def test_every_member_name_is_replaced(text: str, expected: str) -> None:
    r = Redactor(["John Smith", "Anna Smith", "Sean O'Neil", "Jos\u00e9 Mu\u00f1oz",
                  "Will Grant", "\u0418\u0432\u0430\u043d \u041f\u0435\u0442\u0440\u043e\u0432",
                  "\u0645\u062d\u0645\u062f \u0627\u0644\u0639\u0644\u064a",
                  "Rosa Garc\u00eda-L\u00f3pez"])
    assert r(text) == expected
    assert AMBIGUOUS == "[member]"


def test_a_suffix_is_no_one_s_name() -> None:
    r = Redactor(["Robert Hale Jr.", "Tom Ngata Jr."])
    assert r("Robert Hale Jr. and Ngata met; the Jr. varsity") == (
        "Member A and Member B met; the Jr. varsity")


def test_fold_removes_accents_case_and_apostrophe_variants() -> None:
    assert fold("Jos\u00e9") == fold(unicodedata.normalize("NFD", "JOSE\u0301")) == "jose"
    assert fold("O\u2019Neil") == "o'neil"
    assert fold("Garc\u00eda\u2013L\u00f3pez") == "garcia-lopez"


def test_contacts_removed_but_case_numbers_and_dates_kept() -> None:
    r = Redactor([], ["ext. 4411"])
    text = ("mail a.b+c@x.org or call (202) 555-0188, +44 20 7946 0958, 202.555.0100 "
            "ext. 4411; case WA-RP-19-0067 filed 2026-03-02, 700 completions")
    out = r(text)
    assert "@" not in out and "555" not in out and "7946" not in out and "4411" not in out
    assert EMAIL_REMOVED in out and PHONE_REMOVED in out
    assert "WA-RP-19-0067" in out and "2026-03-02" in out and "700 completions" in out


def test_redact_packet_covers_every_text_field() -> None:
    data = synthetic_packet(30)
    red = redact_packet(data)
    names = {n for m in data.matters for n in m.member_names}
    blob = repr(red.matters) + repr(red.changes) + repr(red.deadlines)
    for n in names:
        assert n not in blob
        assert n.split()[-1] not in blob
    assert "@example.org" not in blob and "202-555-0143" not in blob
    assert all(not m.member_names and not m.contacts for m in red.matters)


def test_the_title_and_cover_typed_by_the_officer_are_redacted_too() -> None:
    from dataclasses import replace

    data = synthetic_packet(3)
    name = data.matters[0].member_names[0]
    data = replace(data, options=replace(data.options, title=f"Grievance of {name}",
                                         cover_note=f"For {name}'s counsel", redact=True))
    red = redact_packet(data).options
    assert name not in red.title and name not in red.cover_note
    assert red.title.startswith("Grievance of Member ")


def test_the_final_scan_finds_a_name_left_in_the_text() -> None:
    names = ["Will Grant", "Sean O'Neil", "\u0645\u062d\u0645\u062f \u0627\u0644\u0639\u0644\u064a"]
    assert scan_for_names(["he will grant access", "Member A"], names) is None
    problem = scan_for_names(["fine", "signed by O\u2019NEIL"], names)
    assert problem is not None and "page 2" in problem and "O'Neil" not in problem
    assert scan_for_names(["Will  Grant signed"], names) is not None
    # a right-to-left name read back in visual order
    assert scan_for_names(["\u064a\u0644\u0639\u0644\u0627"], names) is not None
