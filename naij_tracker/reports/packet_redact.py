"""Redaction of member names and contact details for briefing packets.

:func:`redact_packet` returns a copy of a :class:`PacketData` in which every member name (as
listed in the matters' ``member_names``) is replaced by one label everywhere in the packet —
fields, titles, summaries, timelines, deadlines, links and the change list — and every e-mail
address, phone number and listed contact is removed.

Names are matched case-insensitively and whole-word, as written ("Jane Q. Doe"), as "Jane Doe",
as "Doe, Jane", and by each part of the name that belongs to one member only ("Doe" alone, when
no other member is called Doe). Labels are initials ("J. D.", with "(2)" added when two members
share initials) or "Member A", "Member B" … in order of first appearance.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence

from naij_tracker.domain.labels import alphabetic_label
from naij_tracker.reports.packet_data import (
    MatterLink,
    PacketChange,
    PacketData,
    PacketDeadline,
    PacketMatter,
    RedactStyle,
    TimelineEntry,
)

EMAIL_REMOVED = "[e-mail removed]"
PHONE_REMOVED = "[phone removed]"
CONTACT_REMOVED = "[contact removed]"

EMAIL = re.compile(r"(?:mailto:)?[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
PHONE = re.compile(
    r"(?<![\w+-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-]?)\d{3}[\s.-]?\d{4}"
    r"(?:\s*(?:x|ext\.?)\s*\d{1,6})?(?![\w-])"
    r"|(?<![\w+])\+\d[\d\s().-]{6,}\d(?!\w)",
    re.IGNORECASE,
)
_CJK = re.compile(r"[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]")
_PARTS = re.compile(r"[\s,]+")


def _norm(name: str) -> str:
    return " ".join(name.split()).lower()


def _given_first(name: str) -> list[str]:
    """Name parts in given-name-first order ("Doe, Jane" -> ["Jane", "Doe"])."""
    if "," in name:
        last, _, first = name.partition(",")
        name = f"{first} {last}"
    return [p for p in _PARTS.split(name) if p]


def _initials(name: str) -> str:
    parts = _given_first(name)
    if len(parts) == 1 and _CJK.search(parts[0]):
        return parts[0][0] + "."
    return " ".join(p[0].upper() + "." for p in parts if p[0].isalnum()) or "[name]"


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


class Redactor:
    """Replaces member names by consistent labels and strips contact details from text."""

    def __init__(self, names: Iterable[str], style: RedactStyle = "initials",
                 contacts: Iterable[str] = ()) -> None:
        self.style = style
        self.labels: dict[str, str] = {}  # normalised full name -> label
        used: dict[str, int] = {}
        for raw in names:
            key = _norm(raw)
            if not key or key in self.labels:
                continue
            if style == "letters":
                label = f"Member {alphabetic_label(len(self.labels))}"
            else:
                label = _initials(raw)
                used[label] = used.get(label, 0) + 1
                if used[label] > 1:
                    label = f"{label} ({used[label]})"
            self.labels[key] = label
        variants: dict[str, str] = {}
        part_owner: dict[str, set[str]] = {}
        for key in self.labels:
            parts = _given_first(key)
            label = self.labels[key]
            variants[key] = label
            if len(parts) >= 2:
                variants[f"{parts[0]} {parts[-1]}"] = label
                variants[f"{parts[-1]}, {parts[0]}"] = label
                variants[f"{parts[-1]} {parts[0]}"] = label
                variants[f"{parts[-1]}, {' '.join(parts[:-1])}"] = label
                variants[" ".join(parts)] = label
            for p in parts:
                p = p.strip(".")
                if len(p) >= 2 or _CJK.search(p):
                    part_owner.setdefault(p, set()).add(label)
        for part, owners in part_owner.items():
            if len(owners) == 1:
                variants.setdefault(part, next(iter(owners)))
        self._variants = variants
        plain = [v for v in variants if not _CJK.search(v)]
        cjk = [v for v in variants if _CJK.search(v)]
        alts = []
        if plain:
            alts.append(r"(?<!\w)" + _trie_regex(plain) + r"(?!\w)")
        if cjk:
            alts.append(_trie_regex(cjk))
        self._names = re.compile("|".join(alts), re.IGNORECASE) if alts else None
        literal = sorted({c.strip() for c in contacts if c and c.strip()}, key=len, reverse=True)
        self._contacts = (re.compile("|".join(re.escape(c) for c in literal), re.IGNORECASE)
                          if literal else None)

    def label(self, name: str) -> str:
        """The label that replaces ``name`` (a full name as given to the constructor)."""
        return self.labels[_norm(name)]

    def _sub_name(self, m: re.Match[str]) -> str:
        return self._variants.get(_norm(m.group(0)), "[name]")

    def __call__(self, text: str) -> str:
        if not text:
            return text
        if self._contacts is not None:
            text = self._contacts.sub(CONTACT_REMOVED, text)
        if "@" in text:
            text = EMAIL.sub(EMAIL_REMOVED, text)
        if any(c.isdigit() for c in text):
            text = PHONE.sub(PHONE_REMOVED, text)
        if self._names is not None:
            text = self._names.sub(self._sub_name, text)
        return text


def _member_names(matters: Sequence[PacketMatter]) -> list[str]:
    return [n for m in matters for n in m.member_names]


def redact_packet(data: PacketData) -> PacketData:
    """A copy of ``data`` with member names replaced and contact details removed."""
    opts = data.options
    r = Redactor(_member_names(data.matters), opts.redact_style,
                 [c for m in data.matters for c in m.contacts])

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
            summary=r(m.summary),
            timeline=tuple(TimelineEntry(t.on, t.kind, r(t.text)) for t in m.timeline),
            deadlines=tuple(deadline(d) for d in m.deadlines),
            links=tuple(MatterLink(lk.relation, r(lk.reference), r(lk.title)) for lk in m.links),
            owner=r(m.owner),
        )

    return dataclasses.replace(
        data,
        matters=tuple(matter(m) for m in data.matters),
        deadlines=None if data.deadlines is None else tuple(deadline(d) for d in data.deadlines),
        changes=tuple(
            PacketChange(c.when, r(c.who), r(c.matter_reference), r(c.what), r(c.matter_title))
            for c in data.changes
        ),
    )
