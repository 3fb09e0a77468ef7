"""Values in letters: dates in words, and any text the officer types kept exactly as typed."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from naij_tracker.db.opening import Database
from naij_tracker.letters.fields import date_in_words, xml_safe
from naij_tracker.services.letters import LetterService

DATES = [(date(2026, 12, 2), "December 2, 2026"), (date(2024, 2, 29), "February 29, 2024"),
         (date(2000, 1, 1), "January 1, 2000"), (date(2027, 9, 30), "September 30, 2027")]


def test_dates_in_words_table() -> None:
    for day, words in DATES:
        assert date_in_words(day) == words


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_dates_in_words_read_back(day: date) -> None:
    assert datetime.strptime(date_in_words(day), "%B %d, %Y").date() == day


@given(st.text(max_size=200))
def test_xml_safe_keeps_every_character_xml_allows(text: str) -> None:
    cleaned = xml_safe(text)
    for ch in cleaned:
        code = ord(ch)
        assert code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD \
            or 0x10000 <= code <= 0x10FFFF
    assert "\r" not in cleaned
    assert cleaned == "".join(ch for ch in text.replace("\r\n", "\n").replace("\r", "\n")
                              if ch in cleaned)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # it only reads
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60))
def test_typed_text_appears_as_typed_never_as_a_placeholder(letters_db: Database,
                                                            typed: str) -> None:
    service = LetterService(letters_db, "test")
    mid = service.resolve_reference("B-3")
    need = "{{ matter.title }} & <b>" + typed
    letter = service.prepare(mid, "information-request", {"particularized_need": need})
    expected = xml_safe(need)
    text = letter.text
    # A line break typed stays a line break; nothing typed is evaluated as a field.
    assert all(line.strip() in text for line in expected.split("\n") if line.strip())
    assert "Docket reassignment procedures & <b>" not in text
