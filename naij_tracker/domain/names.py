"""People's names as officers write them, compared the way a person would compare them.

Stewards write the same judge as "Lee, Grace", "Hon. Grace Lee", "Judge Grace Lee" or
"grace lee". ``normalize_person_name`` gives all of them one key ("grace lee"): case, accents
(diacritics), spacing and full stops ignored; honorifics and titles (Judge, Hon., IJ, AIJ,
ACIJ, Dr., Mr., Ms.…) removed; "Last, First" read as "First Last". ``clean_person_name`` does
the same but keeps the name's own spelling, for storing a new member. ``near_match`` says why
two different keys may still be one person ("one letter off", "initial for a first name").
Plain functions, no Qt, no database: the import and the member picker both use them.
"""

from __future__ import annotations

import re
import unicodedata

#: Titles and honorifics that say nothing about who the person is (compared without full
#: stops, case-insensitively). Only removed at the start of a name (or after a comma).
HONORIFICS: frozenset[str] = frozenset({
    "judge", "hon", "honorable", "honourable", "the", "ij", "aij", "acij", "cij", "dcij",
    "dr", "mr", "mrs", "ms", "miss", "mx", "esq", "immigration", "assistant", "chief",
})
#: Titles written after a name ("Grace Lee, IJ", "Grace Lee Esq.").
_TRAILING = frozenset({"ij", "aij", "acij", "esq", "jd"})

_SPACE = re.compile(r"\s+")


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _words(text: str) -> list[str]:
    """The words of a name with titles removed, in "First Last" order, spelling kept."""
    text = _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    lead = text.split(" ")
    while len(lead) > 1 and _bare(lead[0]) in HONORIFICS:
        lead.pop(0)
    text = " ".join(lead)
    if text.count(",") == 1:
        last, first = (p.strip() for p in text.split(","))
        first_words = [w for w in first.split() if _bare(w) not in HONORIFICS]
        # "Lee, Grace" → "Grace Lee"; but "Grace Lee, IJ" is a trailing title, not a first name.
        if first_words and not all(_bare(w) in _TRAILING for w in first.split()):
            text = " ".join(first_words) + " " + last
        else:
            text = last
    words = text.split()
    while len(words) > 1 and _bare(words[0]) in HONORIFICS:
        words.pop(0)
    while len(words) > 1 and _bare(words[-1]) in _TRAILING:
        words.pop()
    return words


def _bare(word: str) -> str:
    return _strip_accents(word).casefold().strip(".,;:")


def clean_person_name(text: str) -> str:
    """The name to store: titles removed, "Last, First" turned round, spacing tidied; the
    person's own capitals and accents kept ("Hon. Tomás Villanueva" → "Tomás Villanueva")."""
    words = _words(text)
    return " ".join(words) if words else text.strip()


def normalize_person_name(text: str | None) -> str:
    """The key two spellings of one person share: "Lee, Grace", "Hon. Grace Lee" and
    "grace  lee" all give "grace lee". Empty text gives ""."""
    if not text:
        return ""
    words = [_bare(w).replace(".", "") for w in _words(text)]
    return " ".join(w for w in words if w)


def _one_edit_apart(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one inserted, deleted or replaced letter, or by two
    neighbouring letters swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (len(diff) == 2 and diff[1] == diff[0] + 1
                and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


def near_match(a: str, b: str) -> str | None:
    """Why two *normalised* names may be the same person, or None.

    "one letter off" (Castellanos / Castelanos), "initial for a first name" (r abernathy /
    robert abernathy). Identical keys are not "near": they are the same person. Same last name
    in the same court is the caller's rule, since only it knows the courts (``last_name``).
    """
    if not a or not b or a == b:
        return None
    wa, wb = a.split(), b.split()
    if len(wa) == len(wb):
        differ = [(x, y) for x, y in zip(wa, wb, strict=True) if x != y]
        # One word one letter off; a one- or two-letter word (an initial) is not a spelling.
        if len(differ) == 1 and min(map(len, differ[0])) >= 3 and _one_edit_apart(*differ[0]):
            return "one letter off"
    elif _one_edit_apart(a, b):
        return "one letter off"  # "maryann lee" / "mary ann lee"
    if len(wa) >= 2 and len(wb) >= 2 and wa[-1] == wb[-1]:
        fa, fb = wa[0], wb[0]
        if (len(fa) == 1 and fb.startswith(fa)) or (len(fb) == 1 and fa.startswith(fb)):
            return "initial for a first name"
    return None


def last_name(key: str) -> str:
    """The last word of a normalised name ("" for none)."""
    words = key.split()
    return words[-1] if words else ""
