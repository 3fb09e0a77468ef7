"""Redaction of member names and contact details."""

from __future__ import annotations

from naij_tracker.reports.packet_redact import (
    EMAIL_REMOVED,
    PHONE_REMOVED,
    Redactor,
    redact_packet,
)
from naij_tracker.reports.packet_sample import synthetic_packet


def test_letters_are_consistent_and_in_order_of_appearance() -> None:
    r = Redactor(["Jane Q. Doe", "John Smith", "jane q.  doe"], "letters")
    assert r.label("Jane Q. Doe") == "Member A"
    assert r.label("John Smith") == "Member B"
    out = r("Jane Doe met DOE, JANE and Smith; later jane q. doe and John.")
    assert out == "Member A met Member A and Member B; later Member A and Member B."


def test_initials_with_collisions_and_ambiguous_parts() -> None:
    r = Redactor(["Jane Doe", "John Doe", "Ivan Petrov"], "initials")
    assert r.label("Jane Doe") == "J. D."
    assert r.label("John Doe") == "J. D. (2)"
    # "Doe" alone is ambiguous: it is left for the full-name patterns; "Petrov" is not.
    assert r("Petrov wrote to Jane Doe") == "I. P. wrote to J. D."


def test_words_containing_a_name_are_untouched() -> None:
    r = Redactor(["Ann Lee"], "letters")
    assert r("Annex and Leeway; Ann.") == "Annex and Leeway; Member A."


def test_non_latin_names() -> None:
    r = Redactor(["\u738b\u5c0f\u660e", "\u0418\u0432\u0430\u043d \u041f\u0435\u0442\u0440\u043e\u0432"], "letters")
    assert r("\u738b\u5c0f\u660e\u8bf4") == "Member A\u8bf4"
    assert r("\u041f\u0435\u0442\u0440\u043e\u0432 \u0418\u0432\u0430\u043d") == "Member B"


def test_contacts_removed_but_case_numbers_and_dates_kept() -> None:
    r = Redactor([], "initials", ["ext. 4411"])
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
    blob = repr(red)
    for n in names:
        assert n not in blob
    assert "@example.org" not in blob and "202-555-0143" not in blob
    assert all(not m.member_names and not m.contacts for m in red.matters)
