"""Validation of a matter's values against its field specs — shown at the field before saving.

``validate_matter`` returns every problem at once (a list of ``FieldError``), so an editor can mark
each offending field; services refuse to save while any remain.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from naij_tracker.domain import kinds as k
from naij_tracker.domain.field_rules import MAX_YEAR, MIN_YEAR, year_is_plausible
from naij_tracker.domain.fields import FieldSpec, FieldType, fields_for
from naij_tracker.domain.kinds import MatterKind

_FLRA_NUMBER = re.compile(k.FLRA_CASE_NUMBER_PATTERN)
# Control characters other than tab and newline have no business in a case file.
# Lone surrogates (a QString can carry them) cannot be stored as UTF-8.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str


class ValidationError(ValueError):
    """Raised by services when values do not pass ``validate_matter``."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))


def clean_text(value: str) -> str:
    """Strip surrounding spaces and remove control characters (keeping tabs and newlines)."""
    return _CONTROL.sub("", value).strip()


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _check_field(spec: FieldSpec, value: Any) -> str | None:
    if is_blank(value):
        return f"{spec.label} is required." if spec.required else None
    if spec.type in (FieldType.TEXT, FieldType.LONGTEXT):
        if not isinstance(value, str):
            return f"{spec.label} must be text."
        if spec.max_length and len(value) > spec.max_length:
            return f"{spec.label} is too long ({len(value):,} characters; at most {spec.max_length:,})."
    elif spec.type is FieldType.DATE:
        if not isinstance(value, date):
            return f"{spec.label} must be a date."
        if not year_is_plausible(value.year):
            return f"{spec.label} must be a date between {MIN_YEAR} and {MAX_YEAR}."
    elif spec.type is FieldType.CHOICE:
        allowed = k.codes(spec.choices)
        if value not in allowed:
            labels = ", ".join(c.label for c in spec.choices)
            return f"{spec.label} must be one of: {labels}."
    elif spec.type is FieldType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{spec.label} must be a number."
    elif spec.type in (FieldType.MEMBER, FieldType.METRIC) and (
        isinstance(value, bool) or not isinstance(value, int)
    ):
        return f"{spec.label} must be chosen from the list."
    return None


def validate_matter(kind: MatterKind | str, values: Mapping[str, Any]) -> list[FieldError]:
    """Every problem with ``values`` for a matter of ``kind`` (an empty list when all is well)."""
    kind = MatterKind(kind)
    errors: list[FieldError] = []
    for spec in fields_for(kind):
        message = _check_field(spec, values.get(spec.name))
        if message:
            errors.append(FieldError(spec.name, message))
    bad = {e.field for e in errors}

    opened, closed = values.get("opened_on"), values.get("closed_on")
    if (isinstance(opened, date) and isinstance(closed, date) and closed < opened
            and "closed_on" not in bad):
        errors.append(FieldError("closed_on", "Closed must be on or after Opened."))

    if kind is MatterKind.FLRA:
        number = values.get("case_number")
        if isinstance(number, str) and number.strip() and "case_number" not in bad \
                and not _FLRA_NUMBER.match(number.strip().upper()):
            errors.append(FieldError(
                "case_number",
                "Case number must be in FLRA form, e.g. WA-RP-19-0067, SF-CA-21-0123 or 0-AR-5678.",
            ))
    if kind is MatterKind.METRIC_DISPUTE and values.get("scope") == "member" \
            and is_blank(values.get("member_id")) and "member_id" not in bad:
        errors.append(FieldError("member_id", "Choose the member this dispute concerns."))
    return errors


def validate_member(name: Any, email: Any = None) -> list[FieldError]:
    errors: list[FieldError] = []
    if is_blank(name):
        errors.append(FieldError("name", "Name is required."))
    elif len(str(name)) > 200:
        errors.append(FieldError("name", "Name is too long (at most 200 characters)."))
    if isinstance(email, str) and email.strip() and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+",
                                                                       email.strip()):
        errors.append(FieldError("email", "Email must look like name@example.org."))
    return errors
