"""How stewards write the choice values — status, step, priority, issue category — and what
each spelling means.

Spellings are compared by ``value_key`` (case, spacing and punctuation ignored, so "Step 2",
"step-2" and "STEP 2" meet). A cell that is not a known spelling as a whole is split at its
separators ("Step 2 - awaiting response", "Denied (considering arb)", "Closed: settled") and
read from the parts: the part that names a value gives the value, and when something else was
written beside it the whole text is kept as a note, so nothing the steward wrote is lost
(``ValueMatch.note``). A value still unknown is the officer's to map (the import's values page,
``--map``), never guessed.

Tables cite no law: they are the vocabulary of the union's own records (``kinds``) plus what
stewards' sheets were seen to contain.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import NamedTuple

from naij_tracker.domain.kinds import (
    GRIEVANCE_ISSUE_CATEGORIES,
    GRIEVANCE_STATUSES,
    GRIEVANCE_STEPS,
    PRIORITIES,
    Choice,
)

#: The grievance fields whose values come from a vocabulary, in the order pages list them.
CHOICE_FIELDS: tuple[str, ...] = ("status", "step", "priority", "issue_category")


@lru_cache(maxsize=8192)
def value_key(text: str) -> str:
    """Lower-case letters and digits only: the form spellings are compared in."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


class ValueMatch(NamedTuple):
    """What a written value means: a code, and the text as written when only part of it was
    understood (to be kept as a note)."""

    code: str
    note: str | None = None


# --- the tables: code → spellings (compared by ``value_key``) -----------------------------------

STATUS_SYNONYMS: dict[str, tuple[str, ...]] = {
    "open": ("open", "opened", "active", "new", "filed", "in progress", "ongoing", "live"),
    "awaiting_answer": (
        "awaiting answer", "awaiting response", "awaiting reply", "awaiting decision",
        "awaiting", "pending", "pending answer", "pending response", "pending decision",
        "pending mgmt response", "pending management response", "pending agency response",
        "pending mgmt", "pending management", "pending agency", "awaiting mgmt response",
        "awaiting management response", "awaiting agency response", "answer pending",
        "response pending", "decision pending", "waiting", "waiting for answer",
        "waiting for response", "with management", "with agency", "mgmt response due",
    ),
    "appealed": ("appealed", "appeal", "appeal pending", "elevated", "escalated"),
    "arbitration": (
        "arbitration", "in arbitration", "arb", "arbitration invoked", "invoked arbitration",
        "arbitration pending", "pending arbitration", "arbitration requested", "invoked arb",
    ),
    "settled": ("settled", "settlement", "settled informally", "resolved informally",
                "settlement agreement"),
    "sustained": (
        "sustained", "won", "win", "granted", "upheld", "granted in part", "sustained in part",
        "partially sustained", "partially granted", "favorable", "favourable",
    ),
    "denied": ("denied", "lost", "loss", "rejected", "dismissed", "unfavorable",
               "unfavourable"),
    "withdrawn": ("withdrawn", "withdrew", "withdraw", "cancelled", "canceled", "dropped"),
    "closed": ("closed", "close", "done", "complete", "completed", "resolved", "finished",
               "closed out", "inactive", "archived"),
}

STEP_SYNONYMS: dict[str, tuple[str, ...]] = {
    "informal": ("informal", "informal step", "informal resolution", "step 0",
                 "pre-step", "prestep", "informal discussion", "oral"),
    "step1": ("1", "i", "1st", "first", "one", "step 1", "step i", "step one", "s1",
              "first step", "1st step", "formal", "formal step 1"),
    "step2": ("2", "ii", "2nd", "second", "two", "step 2", "step ii", "step two", "s2",
              "second step", "2nd step"),
    "step3": ("3", "iii", "3rd", "third", "three", "step 3", "step iii", "step three", "s3",
              "third step", "3rd step"),
    "arbitration": ("arb", "arbitration", "arbitrate", "arbitrated", "in arbitration",
                    "arbitration invoked", "invoked arbitration", "arbitration step",
                    "step arbitration", "step arb"),
}

PRIORITY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "low": ("low", "l", "minor", "lowest"),
    "normal": ("normal", "n", "medium", "med", "m", "moderate", "standard", "routine"),
    "high": ("high", "h", "important"),
    "urgent": ("urgent", "u", "critical", "emergency", "asap", "highest", "rush"),
}

CATEGORY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "Performance metrics": ("metrics", "metric", "performance", "performance metric",
                            "case completion goals", "quotas", "quota"),
    "Case assignment": ("case assignments", "assignment", "assignments", "docket assignment"),
    "Leave": ("annual leave", "sick leave", "fmla"),
    "Telework": ("remote work", "telecommuting", "telecommute", "work from home", "wfh"),
    "Discipline": ("disciplinary", "adverse action", "reprimand", "suspension"),
    "Workload": ("caseload",),
    "Travel / details": ("travel", "details", "detail", "travel details"),
    "Health and safety": ("safety", "health safety", "health"),
    "Pay": ("compensation", "salary", "overtime"),
    "Other": ("misc", "miscellaneous"),
}

#: Per choice field: its vocabulary (for labels) and its synonym table.
VOCABULARIES: dict[str, tuple[Choice, ...]] = {
    "status": GRIEVANCE_STATUSES,
    "step": GRIEVANCE_STEPS,
    "priority": PRIORITIES,
    "issue_category": tuple(Choice(c, c) for c in GRIEVANCE_ISSUE_CATEGORIES),
}
_SYNONYMS: dict[str, Mapping[str, tuple[str, ...]]] = {
    "status": STATUS_SYNONYMS,
    "step": STEP_SYNONYMS,
    "priority": PRIORITY_SYNONYMS,
    "issue_category": CATEGORY_SYNONYMS,
}


def _lookup(field: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for choice in VOCABULARIES[field]:
        table[value_key(choice.code)] = choice.code
        table[value_key(choice.label)] = choice.code
    for code, words in _SYNONYMS[field].items():
        for word in words:
            table.setdefault(value_key(word), code)
    return table


_LOOKUPS: dict[str, dict[str, str]] = {f: _lookup(f) for f in CHOICE_FIELDS}

# Separators between the parts of a value: dashes with spaces round them (not the hyphen of
# "non-detained"), en and em dashes, colons, semicolons, slashes, commas, brackets, "|".
_SEPARATORS = re.compile(r"\s+-+\s+|\s*[–—:;/,|()\[\]]\s*")
# "closed" beside a way of closing adds nothing ("Closed - settled", "Settled (closed)").
_WEAKER = {"status": "closed"}


def _part_code(field: str, key: str) -> str | None:
    table = _LOOKUPS[field]
    code = table.get(key)
    if code is None and field == "status":
        # "Pending mgmt review", "Awaiting FLRA": waiting on the other side is awaiting.
        if key.startswith(("pending", "awaiting", "waitingfor")) and "arb" not in key:
            code = "awaiting_answer"
        elif key.startswith("closed") and table.get(key.removeprefix("closed")):
            code = table[key.removeprefix("closed")]
    if code is None and field == "step":
        # "Step 2 awaiting response" without a separator: a leading step.
        m = re.match(r"step(\d|i{1,3}|iv)(?![a-z0-9])", key)
        if m is None:
            m = re.match(r"step(\d)", key)
        if m:
            code = table.get(m.group(1))
    return code


def match_value(field: str, text: str) -> ValueMatch | None:
    """What ``text`` means for the choice ``field``, or None when it is not known.

    For ``issue_category`` a text that is not a known category is not matched (the category is
    free text and is kept as written by the caller).
    """
    if field not in _LOOKUPS:
        raise ValueError(f"{field!r} is not a choice field")
    text = " ".join(text.split())
    key = value_key(text)
    if not key:
        return None
    code = _LOOKUPS[field].get(key)
    if code is not None:
        return ValueMatch(code)
    parts = [p for p in _SEPARATORS.split(text) if value_key(p)]
    found: list[str] = []
    unexplained = False
    for part in parts or [text]:
        part_code = _part_code(field, value_key(part))
        if part_code is None:
            unexplained = True
        elif part_code not in found:
            found.append(part_code)
    weaker = _WEAKER.get(field)
    if weaker in found and len(found) > 1:
        found.remove(weaker)
    if not found:
        return None
    # The first value named wins ("Denied - appealed" is denied); the text is kept as a note
    # whenever it said more than the value.
    return ValueMatch(found[0], text if unexplained or len(found) > 1 else None)


def label_of(field: str, code: str | None) -> str:
    """The label an officer reads for a code of a choice field ("" for None)."""
    if code is None:
        return ""
    for choice in VOCABULARIES.get(field, ()):
        if choice.code == code:
            return choice.label
    return code


def choices_of(field: str) -> tuple[Choice, ...]:
    """The values a choice field can be mapped to."""
    return VOCABULARIES[field]
