"""The fields a letter template may use, declared once, and the context filled from the record.

:data:`SCHEMA` is what a template is checked against when it is loaded (an unknown field is an
error naming it) and what ``docs/letters/README.md`` lists. :func:`build_context` turns a
:class:`LetterSource` — plain data gathered by ``services/letters.py`` — into the values the
template sees: dates in words ("December 2, 2026"), choices by their labels, and a visible
marker such as ``[Agency notice not recorded]`` instead of a blank wherever the record has no
value, so that a gap is seen in the preview rather than mailed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from naij_tracker.domain import kinds as k
from naij_tracker.domain.deadlines import DEFAULT_CBA_RULES, ComputedDeadline, DeadlineRule
from naij_tracker.domain.fields import FieldType, fields_for
from naij_tracker.domain.kinds import MatterKind

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def date_in_words(day: date) -> str:
    """``December 2, 2026`` — the form a letter's date takes."""
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters a Word document cannot hold (XML 1.0); line ends as
    ``\n``, which the filled letter turns into line breaks."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


class Missing:
    """A value the record does not have: falsy in ``{% if %}``, visible when printed.

    Each one printed is noted in ``log`` so the preview can say what still needs filling in.
    """

    __slots__ = ("label", "verb", "log")

    def __init__(self, label: str, log: list[str], verb: str = "not recorded") -> None:
        self.label, self.verb, self.log = label, verb, log

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        text = f"[{self.label} {self.verb}]"
        if text not in self.log:
            self.log.append(text)
        return text

    def __iter__(self):  # a missing list prints nothing in a loop
        return iter(())


# --- the schema -------------------------------------------------------------------------------

#: A leaf (printable value) in the schema.
LEAF = "leaf"
#: A free part: ``fill.<any name>``, typed in by the officer (``--set name=value``).
FREE = "free"


@dataclass(frozen=True)
class ListOf:
    item: dict[str, Any]


def _matter_fields() -> dict[str, Any]:
    names: dict[str, Any] = {"reference": LEAF, "kind": LEAF, "kind_noun": LEAF}
    for kind in MatterKind:
        for spec in fields_for(kind):
            names[spec.name if spec.type not in (FieldType.MEMBER, FieldType.METRIC)
                  else spec.name.removesuffix("_id")] = LEAF
    return names


def cba_key(rule_id: str) -> str:
    """``cba-step-answer`` → ``step_answer``: a name a template can write as ``cba.step_answer``."""
    return rule_id.removeprefix("cba-").replace("-", "_")


_DEFAULT_CITATIONS = {r.id: r.citation for r in DEFAULT_CBA_RULES}
_DEADLINE = {"title": LEAF, "due": LEAF, "due_iso": LEAF, "opens": LEAF, "rule": LEAF,
             "citation": LEAF, "explanation": LEAF}
_RULE = {"name": LEAF, "citation": LEAF, "period": LEAF, "title": LEAF}

SCHEMA: dict[str, Any] = {
    "today": LEAF,
    "today_iso": LEAF,
    "union": {"name": LEAF},
    "officer": {"name": LEAF, "role": LEAF, "email": LEAF, "phone": LEAF},
    "recipient": {"name": LEAF, "title": LEAF, "organization": LEAF, "address": LEAF},
    "matter": _matter_fields(),
    "member": {"name": LEAF, "court": LEAF, "email": LEAF, "phone": LEAF, "membership": LEAF},
    "grievant": LEAF,
    "metric": {"name": LEAF, "target": LEAF, "unit": LEAF, "period": LEAF, "source": LEAF,
               "description": LEAF},
    "links": ListOf({"relation": LEAF, "reference": LEAF, "title": LEAF, "kind": LEAF}),
    "deadlines": ListOf(_DEADLINE),
    "overdue": ListOf(_DEADLINE),
    "cba": {cba_key(r.id): _RULE for r in DEFAULT_CBA_RULES},
    "follow_up": {**_DEADLINE, "period": LEAF},
    "fill": FREE,
}

#: Recipient fields in the order a letter's address block shows them.
RECIPIENT_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "Name"), ("title", "Title"), ("organization", "Office"), ("address", "Address"))


def free_label(name: str) -> str:
    """``particularized_need`` → ``Particularized need``."""
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


# --- the record, as plain data ------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineFact:
    title: str
    due_on: date
    opens_on: date | None = None
    rule_name: str = ""
    citation: str = ""
    explanation: str = ""
    done_on: date | None = None


@dataclass(frozen=True)
class LinkFact:
    relation: str
    reference: str
    title: str
    kind: MatterKind


@dataclass
class LetterSource:
    """Everything a letter may say, gathered from the database by the letters service."""

    kind: MatterKind
    reference: str
    values: dict[str, Any]
    today: date
    union_name: str
    officer: dict[str, str] = field(default_factory=dict)
    recipient: dict[str, str] = field(default_factory=dict)
    member: dict[str, Any] | None = None
    metric: dict[str, Any] | None = None
    links: list[LinkFact] = field(default_factory=list)
    deadlines: list[DeadlineFact] = field(default_factory=list)
    cba_rules: list[DeadlineRule] = field(default_factory=list)
    follow_up: ComputedDeadline | None = None
    follow_up_period: str = ""


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _text(value: Any) -> str:
    if isinstance(value, date):
        return date_in_words(value)
    if isinstance(value, float):
        return _number(value)
    return xml_safe(str(value))


def _deadline(d: DeadlineFact) -> dict[str, Any]:
    return {"title": d.title, "due": date_in_words(d.due_on), "due_iso": d.due_on.isoformat(),
            "opens": date_in_words(d.opens_on) if d.opens_on else "",
            "rule": d.rule_name, "citation": d.citation, "explanation": d.explanation}


def build_context(src: LetterSource, fills: dict[str, str],
                  log: list[str] | None = None) -> dict[str, Any]:
    """The values a template sees; ``log`` collects every gap the letter printed."""
    log = [] if log is None else log

    def value(v: Any, label: str, verb: str = "not recorded") -> Any:
        if v is None or (isinstance(v, str) and not v.strip()):
            return Missing(label, log, verb)
        return _text(v)

    specs = {s.name: s for s in fields_for(src.kind)}
    matter: dict[str, Any] = {}
    for name in SCHEMA["matter"]:
        spec = specs.get(name) or specs.get(f"{name}_id")
        if spec is None:
            matter[name] = Missing(free_label(name), log, f"does not apply to a {src.kind.noun}")
            continue
        raw = src.values.get(spec.name)
        if spec.type is FieldType.CHOICE and raw is not None:
            raw = k.label_of(spec.choices, raw)
        elif spec.type is FieldType.MEMBER:
            raw = src.member.get("name") if src.member else None
        elif spec.type is FieldType.METRIC:
            raw = src.metric.get("name") if src.metric else None
        matter[name] = value(raw, spec.label)
    matter.update(reference=src.reference, kind=src.kind.label, kind_noun=src.kind.noun)

    member_src = src.member or {}
    member = {
        "name": value(member_src.get("name"), "Member's name"),
        "court": value(member_src.get("court"), "Member's court"),
        "email": value(member_src.get("email"), "Member's email"),
        "phone": value(member_src.get("phone"), "Member's phone"),
        "membership": value(k.label_of(k.MEMBERSHIP_STATUSES, member_src.get("membership_status"))
                            if member_src.get("membership_status") else None, "Membership"),
    }
    grievant = (member_src.get("name") if src.member
                else f"{src.union_name} (institutional grievance)")
    metric_src = src.metric or {}
    metric = {n: value(metric_src.get(n), f"Metric {n}") for n in SCHEMA["metric"]}

    cba: dict[str, Any] = {}
    configured = {cba_key(r.id): r for r in src.cba_rules if r.cba}
    for key in sorted(set(SCHEMA["cba"]) | set(configured)):
        rule = configured.get(key)
        if rule is None:
            cba[key] = {n: Missing(f"CBA rule {key} {n}", log) for n in _RULE}
        else:
            # The shipped defaults cite no real article ("CBA Art. (…), as configured"): until
            # the officer enters the agreement's article, the letter shows the gap.
            citation: Any = rule.citation
            if citation == _DEFAULT_CITATIONS.get(rule.id):
                citation = Missing(f"CBA article for {rule.name.lower()}", log,
                                   "not configured in Preferences")
            period = rule.describe_period()
            if rule.period.unit.value == "days":
                period = period.replace("day", "calendar day", 1)
            cba[key] = {"name": rule.name, "citation": citation, "period": period,
                        "title": rule.deadline_title}

    if src.follow_up is not None:
        fu = src.follow_up
        follow_up: dict[str, Any] = {
            **_deadline(DeadlineFact(fu.title, fu.due, fu.opens, "", fu.citation,
                                     fu.explanation)),
            "period": src.follow_up_period}
    else:
        follow_up = {n: Missing(f"Follow-up {n.replace('_', ' ')}", log, "not set")
                     for n in SCHEMA["follow_up"]}

    open_deadlines = sorted((d for d in src.deadlines if d.done_on is None),
                            key=lambda d: d.due_on)
    recipient = {n: value(src.recipient.get(n), f"Recipient's {label.lower()}", "not filled in")
                 for n, label in RECIPIENT_FIELDS}
    officer = {n: value(src.officer.get(n), f"Officer's {n}", "not set in Preferences")
               for n in SCHEMA["officer"]}
    free = {n: value(v, free_label(n), "to be filled in") for n, v in fills.items()}
    return {
        "today": date_in_words(src.today),
        "today_iso": src.today.isoformat(),
        "union": {"name": src.union_name},
        "officer": officer,
        "recipient": recipient,
        "matter": matter,
        "member": member,
        "grievant": grievant,
        "metric": metric,
        "links": [{"relation": k.label_of(k.LINK_RELATIONS, li.relation), "reference":
                   li.reference, "title": li.title, "kind": li.kind.label} for li in src.links],
        "deadlines": [_deadline(d) for d in open_deadlines],
        "overdue": [_deadline(d) for d in open_deadlines if d.due_on < src.today],
        "cba": cba,
        "follow_up": follow_up,
        "fill": _FreeParts(free, log),
    }


class _FreeParts(dict):
    """``fill.<name>``: a part the officer types; one not given prints as a visible gap."""

    def __init__(self, values: dict[str, Any], log: list[str]) -> None:
        super().__init__(values)
        self._log = log

    def __missing__(self, name: str) -> Missing:
        return Missing(free_label(name), self._log, "to be filled in")
