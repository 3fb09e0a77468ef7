"""Redaction of member names, small courts and contact details for briefing packets.

:class:`Redactor` replaces the names of *every* member it is given (the service passes every
member in the database, not only the grievants of the matters in the packet) by a stable
pseudonym — "Member A", "Member B" … in the order given (member id order), never initials —
and removes e-mail addresses, phone numbers and listed contact details. :func:`redact_packet`
applies it to every text of a :class:`PacketData`.

Matching works on a *folded* copy of the text: Unicode NFKD with the combining marks removed
(so "José" typed in NFC or NFD is "jose"), case folded, and every apostrophe and dash variant
made plain (so "O’Neil" is "o'neil"); a map from folded to original positions puts each
replacement back in the original text. A member's full name, "given surname", "surname, given",
"initial. surname" and each part of the name as a whole word (possessive "'s" allowed) are
replaced. A part shared by two members becomes "[member]". A part that is also an ordinary
English word (:mod:`.name_words`: "Will", "Grant") is replaced only where it is capitalised and
next to another part of that member's name or a title ("Ms. Grant"), so "he will grant access"
survives.

:func:`scan_for_names` is the last line of defence: the packet's text layer, read back from
the PDF, must not hold any member's full name or distinctive surname.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from naij_tracker.domain.labels import alphabetic_label
from naij_tracker.reports.name_words import NAME_WORDS, TITLES
from naij_tracker.reports.packet_data import (
    MatterLink,
    PacketChange,
    PacketData,
    PacketDeadline,
    PacketMatter,
    TimelineEntry,
)

EMAIL_REMOVED = "[e-mail removed]"
PHONE_REMOVED = "[phone removed]"
CONTACT_REMOVED = "[contact removed]"
#: What a name part shared by several members becomes.
AMBIGUOUS = "[member]"
#: What a court shared by fewer than k members becomes in an aggregate packet.
OTHER_COURT = "another court"

EMAIL = re.compile(r"(?:mailto:)?[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
PHONE = re.compile(
    r"(?<![\w+-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-]?)\d{3}[\s.-]?\d{4}"
    r"(?:\s*(?:x|ext\.?)\s*\d{1,6})?(?![\w-])"
    r"|(?<![\w+])\+\d[\d\s().-]{6,}\d(?!\w)",
    re.IGNORECASE,
)
_CJK = re.compile(r"[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]")
_PARTS = re.compile(r"[\s,]+")
_PUNCT = ".()[]\"\u201c\u201d"
#: Parts of a name that name no one by themselves.
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "esq", "phd", "md", "hon"})
_APOSTROPHES = "\u2019\u2018\u201b\u02bc\u02b9\u02bb\u0060\u00b4\u2032\uff07"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_PLAIN = str.maketrans({**dict.fromkeys(_APOSTROPHES, "'"), **dict.fromkeys(_DASHES, "-")})


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    s = unicodedata.normalize("NFKD", ch.translate(_PLAIN))
    return "".join(c for c in s if not unicodedata.combining(c)).casefold().translate(_PLAIN)


def fold(text: str) -> str:
    """Text as names are compared: accents removed, case folded, apostrophes and dashes plain."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(c) for c in text)


def _fold_with_map(text: str) -> tuple[str, list[int] | None]:
    """The folded text and, for non-ASCII text, the original index of each folded character."""
    if text.isascii():
        return text.lower(), None
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        f = _fold_char(ch)
        out.append(f)
        index.extend([i] * len(f))
    return "".join(out), index


def _given_first(name: str) -> list[str]:
    """Name parts in given-name-first order ("Doe, Jane" -> ["Jane", "Doe"])."""
    if "," in name:
        last, _, first = name.partition(",")
        name = f"{first} {last}"
    return [p for p in _PARTS.split(name) if p]


def _trie_regex(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` factored into a trie (fast for thousands of names)."""
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        end = "" in node
        alts = []
        for ch in sorted(k for k in node if k):
            piece = r"\s+" if ch == " " else re.escape(ch)
            alts.append(piece + emit(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and not end else "(?:" + "|".join(alts) + ")"
        return body + ("?" if end else "")

    return emit(trie)


#: Whole words: not inside a word, not after an apostrophe ("O'Neil" is not "Neil"); a
#: possessive "'s" may follow.
_BEFORE = r"(?<![\w'-])"
_AFTER = r"(?!\w)(?!'(?!s\b)\w)"


class Redactor:
    """Replaces member names by stable pseudonyms and strips contact details from text.

    ``names`` are every member's name, in the order that gives the pseudonyms (member id);
    ``courts`` maps court names to be hidden to their replacement.
    """

    def __init__(self, names: Iterable[str], contacts: Iterable[str] = (),
                 courts: Mapping[str, str] | None = None) -> None:
        self.labels: dict[str, str] = {}  # folded full name -> pseudonym
        self.names: list[str] = []
        for raw in names:
            key = " ".join(fold(raw).split())
            if not key or key in self.labels:
                continue
            self.labels[key] = f"Member {alphabetic_label(len(self.labels))}"
            self.names.append(raw)
        variants: dict[str, str] = {}
        #: variants that contain an ordinary word: their word parts must be capitalised
        self._worded: dict[str, frozenset[str]] = {}

        def add(variant: str, label: str, words: frozenset[str] = frozenset()) -> None:
            variant = " ".join(variant.split())
            if not variant:
                return
            dotted = " ".join(t + "." if (len(t) == 1 and t.isalpha()) or t in SUFFIXES else t
                              for t in variant.split())
            if dotted != variant:  # "Jane Q. Doe" as well as "Jane Q Doe"
                add(dotted, label, words)
            old = variants.get(variant)
            variants[variant] = label if old in (None, label) else AMBIGUOUS
            if words:
                self._worded[variant] = words | self._worded.get(variant, frozenset())

        part_owner: dict[str, set[str]] = {}
        for key, label in self.labels.items():
            parts = [p.strip(_PUNCT) for p in _given_first(key)]
            parts = [p for p in parts if p]
            words = frozenset(p for p in parts if p in NAME_WORDS)
            add(" ".join(parts), label, words)
            if len(parts) >= 2:
                first, last = parts[0], parts[-1]
                pair = frozenset(p for p in (first, last) if p in NAME_WORDS)
                add(f"{first} {last}", label, pair)
                add(f"{last}, {first}", label, pair)
                add(f"{last} {first}", label, pair)
                add(f"{last}, {' '.join(parts[:-1])}", label, words)
                if first[:1].isalpha():
                    last_word = frozenset({last}) if last in NAME_WORDS else frozenset()
                    add(f"{first[0]}. {last}", label, last_word)
                    if not last_word:  # "A Grant was made" is not "A. Grant"
                        add(f"{first[0]} {last}", label)
            for p in parts:
                for piece in {p, *p.split("-")}:
                    if piece in SUFFIXES:  # "Jr." is nobody's name on its own
                        continue
                    if len(piece) >= 2 or _CJK.search(piece):
                        part_owner.setdefault(piece, set()).add(label)
        for part, owners in part_owner.items():
            label = next(iter(owners)) if len(owners) == 1 else AMBIGUOUS
            if part in NAME_WORDS:
                for title in TITLES:
                    add(f"{title} {part}", label, frozenset({part}))
            elif part not in variants:
                variants[part] = label
        for court, replacement in (courts or {}).items():
            folded = " ".join(fold(court).split())
            if folded:
                variants.setdefault(folded, replacement)
        self._variants = variants
        plain = [v for v in variants if not _CJK.search(v)]
        cjk = [v for v in variants if _CJK.search(v)]
        alts = []
        if plain:
            alts.append(_BEFORE + _trie_regex(plain) + _AFTER)
        if cjk:
            alts.append(_trie_regex(cjk))
        self._pattern = re.compile("|".join(alts)) if alts else None
        literal = sorted({c.strip() for c in contacts if c and c.strip()}, key=len, reverse=True)
        self._contacts = (re.compile("|".join(re.escape(c) for c in literal), re.IGNORECASE)
                          if literal else None)

    def label(self, name: str) -> str:
        """The pseudonym that replaces ``name`` (a full name as given to the constructor)."""
        return self.labels[" ".join(fold(name).split())]

    def _names(self, text: str) -> str:
        assert self._pattern is not None
        folded, index = _fold_with_map(text)
        out: list[str] = []
        last = 0
        for m in self._pattern.finditer(folded):
            start, end = m.start(), m.end()
            if index is not None:
                start, end = index[start], index[end - 1] + 1
                while end < len(text) and not _fold_char(text[end]):
                    end += 1  # a combining accent after the last letter belongs to the name
            variant = " ".join(m.group(0).split())
            words = self._worded.get(variant)
            if words and not _capitalised(text[start:end], words):
                continue
            out.append(text[last:start])
            out.append(self._variants.get(variant, AMBIGUOUS))
            last = end
        out.append(text[last:])
        return "".join(out)

    def __call__(self, text: str) -> str:
        if not text:
            return text
        if self._contacts is not None:
            text = self._contacts.sub(CONTACT_REMOVED, text)
        if "@" in text:
            text = EMAIL.sub(EMAIL_REMOVED, text)
        if any(c.isdigit() for c in text):
            text = PHONE.sub(PHONE_REMOVED, text)
        if self._pattern is not None:
            text = self._names(text)
        return text


def _capitalised(original: str, words: frozenset[str]) -> bool:
    """Whether every token of ``original`` that is one of ``words`` starts with a capital."""
    for token in _PARTS.split(original):
        bare = token.strip(".'")
        if fold(bare) in words and not bare[:1].isupper():
            return False
    return True


def redact_packet(data: PacketData) -> PacketData:
    """A copy of ``data`` with member names replaced and contact details removed.

    The names are every member of ``data.members`` (all members of the database) or, for data
    made without a database, those of the matters; in an aggregate packet, courts that fewer
    than ``options.min_group`` members share become "another court".
    """
    opts = data.options
    names = list(data.members) or [n for m in data.matters for n in m.member_names]
    courts = {c: OTHER_COURT for c in small_courts(data)} if opts.aggregate else {}
    r = Redactor(names, [c for m in data.matters for c in m.contacts], courts)

    def deadline(d: PacketDeadline) -> PacketDeadline:
        return dataclasses.replace(
            d, matter_reference=r(d.matter_reference), matter_title=r(d.matter_title),
            title=r(d.title), explanation=r(d.explanation))

    def matter(m: PacketMatter) -> PacketMatter:
        return dataclasses.replace(
            m,
            reference=r(m.reference),
            title=r(m.title),
            fields=tuple((r(k), r(v)) for k, v in m.fields),
            member_names=(),
            contacts=(),
            member=r(m.member),
            court=court_label(m.court, data) if opts.aggregate else r(m.court),
            summary=r(m.summary),
            timeline=tuple(TimelineEntry(t.on, t.kind, r(t.text)) for t in m.timeline),
            deadlines=tuple(deadline(d) for d in m.deadlines),
            links=tuple(MatterLink(lk.relation, r(lk.reference), r(lk.title)) for lk in m.links),
            owner=r(m.owner),
        )

    return dataclasses.replace(
        data,
        options=dataclasses.replace(opts, prepared_by=r(opts.prepared_by), title=r(opts.title),
                                    cover_note=r(opts.cover_note), marking=r(opts.marking)),
        matters=tuple(matter(m) for m in data.matters),
        deadlines=None if data.deadlines is None else tuple(deadline(d) for d in data.deadlines),
        changes=tuple(
            PacketChange(c.when, r(c.who), r(c.matter_reference), r(c.what), r(c.matter_title))
            for c in data.changes
        ),
        redacted_names=tuple(r.names),
    )


def small_courts(data: PacketData) -> list[str]:
    """Courts named in the packet that fewer than ``min_group`` members share."""
    k = data.options.min_group
    named = set(data.court_members) | {m.court for m in data.matters if m.court}
    return sorted(c for c in named if c and data.court_members.get(c, 0) < k)


def court_label(court: str, data: PacketData) -> str:
    """The court as an aggregate packet may show it: itself, or "another court"."""
    if not court:
        return ""
    return court if data.court_members.get(court, 0) >= data.options.min_group else OTHER_COURT


# -- the final check -----------------------------------------------------------------------------


class RedactionLeak(Exception):
    """A redacted packet's text still holds a member's name; the packet is not written."""


def _distinctive_parts(name: str) -> list[str]:
    parts = [p.strip(_PUNCT) for p in _given_first(" ".join(fold(name).split()))]
    parts = [p for p in parts if p not in SUFFIXES]
    last = parts[-1] if parts else ""
    return [last] if len(last) >= 3 and last not in NAME_WORDS else []


def scan_for_names(pages: Sequence[str], names: Sequence[str]) -> str | None:
    """A one-line message if a page's text holds a member's full name or distinctive surname.

    ``pages`` is the text layer of each page as read back from the PDF; right-to-left names are
    also looked for in visual (reversed) order, as some readers return them.
    """
    needles: dict[str, int] = {}
    cased: dict[str, int] = {}  # names made only of ordinary words: looked for capitalised
    for n, name in enumerate(names):
        parts = [p.strip(_PUNCT) for p in _given_first(" ".join(fold(name).split()))]
        parts = [p for p in parts if p not in SUFFIXES]
        forms = {" ".join(parts)} | set(_distinctive_parts(name))
        if len(parts) >= 2:
            forms.add(f"{parts[0]} {parts[-1]}")
        for form in forms:
            if not form:
                continue
            if all(p in NAME_WORDS for p in form.split()):
                if " " in form:
                    cased.setdefault(" ".join(w.capitalize() for w in form.split()), n)
                continue
            needles.setdefault(form, n)
            if re.search(r"[\u0590-\u08FF]", form):
                needles.setdefault(form[::-1], n)
    patterns = []
    if needles:
        patterns.append((re.compile(_BEFORE + _trie_regex(needles) + r"(?!\w)"), needles, True))
    if cased:
        patterns.append((re.compile(r"(?<!\w)(?:" + "|".join(
            r"\s+".join(map(re.escape, c.split())) for c in cased) + r")(?!\w)"), cased, False))
    for page_no, text in enumerate(pages, start=1):
        for pattern, table, folded in patterns:
            flat = " ".join((fold(text) if folded else unicodedata.normalize("NFC", text))
                            .split())
            m = pattern.search(flat)
            if m:
                n = table.get(" ".join(m.group(0).split()), 0)
                return (f"the redacted packet still shows the name of member {n + 1} of "
                        f"{len(names)} on page {page_no}; it was not written")
    return None
