"""Finding rules: by id, by trigger, by kind of matter, and by the date of the triggering event.

A built-in rule may have several versions under one id, each in force for its own dates (see
:mod:`.flra_rules`). Asked without a date, the lookups give the *current* version (the one with
no end date, else the latest); asked with the date of the triggering event, the version that
governed it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import date

from naij_tracker.domain.deadlines.flra_rules import BUILTIN, TRIGGERS
from naij_tracker.domain.deadlines.model import DeadlineError, DeadlineRule, UnknownRuleError
from naij_tracker.domain.kinds import MatterKind


def _group(rules: tuple[DeadlineRule, ...]) -> dict[str, tuple[DeadlineRule, ...]]:
    """Versions by id (catalogue order), each oldest first. The catalogue is immutable, so this
    is worked out once: a review recounts thousands of deadlines."""
    out: dict[str, list[DeadlineRule]] = {}
    for r in rules:
        out.setdefault(r.id, []).append(r)
    key = lambda r: (r.in_force_from or date.min, r.in_force_until or date.max)  # noqa: E731
    return {rule_id: tuple(sorted(vs, key=key)) for rule_id, vs in out.items()}


_VERSIONS = _group(BUILTIN)


def rule_versions(rule_id: str) -> list[DeadlineRule]:
    """Every version of a built-in rule, oldest first (empty for an unknown or CBA id)."""
    return list(_VERSIONS.get(rule_id, ()))


def all_rule_versions() -> list[DeadlineRule]:
    """Every version of every built-in rule, grouped by id in catalogue order."""
    return [v for versions in _VERSIONS.values() for v in versions]


def _version_for(versions: tuple[DeadlineRule, ...], on: date | None) -> DeadlineRule:
    if on is not None:
        for v in versions:
            if v.in_force_on(on):
                return v
        # An event outside every version's dates: the nearest version (the first one for an
        # earlier event, the last for a later one); the count still warns about it.
        if versions[0].in_force_from and on < versions[0].in_force_from:
            return versions[0]
    current = [v for v in versions if v.in_force_until is None]
    return current[-1] if current else versions[-1]


def builtin_rules(on: date | None = None) -> dict[str, DeadlineRule]:
    """The statutory and FLRA rules, by id: the version in force ``on`` (default: current).

    CBA rules are not included: they live in the database (seeded from
    :data:`DEFAULT_CBA_RULES`) and reach the engine as ``extra_rules``.
    """
    return {rule_id: _version_for(versions, on) for rule_id, versions in _VERSIONS.items()}


def all_rules(
    extra_rules: Iterable[DeadlineRule] = (), on: date | None = None
) -> dict[str, DeadlineRule]:
    """Built-in rules plus ``extra_rules`` (the configured CBA rules), by id.

    An extra rule may not reuse a built-in id: statutory rules are not the officer's to redefine.
    """
    rules = builtin_rules(on)
    seen: set[str] = set()
    for rule in extra_rules:
        if rule.id in rules and rule.id not in seen:
            raise DeadlineError(f"rule id {rule.id!r} is reserved for a built-in FLRA rule")
        if rule.id in seen:
            raise DeadlineError(f"rule id {rule.id!r} is defined twice")
        seen.add(rule.id)
        rules[rule.id] = rule
    return rules


def get_rule(
    rule_id: str, extra_rules: Iterable[DeadlineRule] = (), on: date | None = None
) -> DeadlineRule:
    """The rule with this id (the version in force ``on``), or :class:`UnknownRuleError`."""
    rules = all_rules(extra_rules, on)
    key = str(rule_id).strip().lower()
    if key in rules:
        return rules[key]
    close = difflib.get_close_matches(key, rules, n=3, cutoff=0.5)
    if close:
        hint = f"did you mean {', '.join(close)}?"
    else:
        hint = f"known rules: {', '.join(sorted(rules))}"
    raise UnknownRuleError(f"unknown deadline rule {str(rule_id)!r}; {hint}")


def rules_for_trigger(
    trigger: str,
    kind: MatterKind | str,
    extra_rules: Iterable[DeadlineRule] = (),
) -> list[DeadlineRule]:
    """The rules to propose when the officer records ``trigger`` on a matter of ``kind``."""
    try:
        matter_kind = MatterKind(kind)
    except ValueError:
        raise DeadlineError(f"unknown matter kind {kind!r}") from None
    return [
        r
        for r in all_rules(extra_rules).values()
        if r.trigger == trigger and matter_kind in r.applies_to
    ]


def triggers_for_kind(
    kind: MatterKind | str, extra_rules: Iterable[DeadlineRule] = ()
) -> dict[str, str]:
    """Trigger code → label for every event that starts at least one rule on this kind."""
    matter_kind = MatterKind(kind)
    out: dict[str, str] = {}
    for rule in all_rules(extra_rules).values():
        if matter_kind in rule.applies_to:
            out.setdefault(rule.trigger, TRIGGERS.get(rule.trigger, rule.trigger_label))
    return out


def filing_time_for(rule_id: str | None) -> str:
    """The time of day filings under this rule are due (``""`` if none is set)."""
    if not rule_id:
        return ""
    versions = _VERSIONS.get(rule_id)
    return versions[-1].filing_time if versions else ""
