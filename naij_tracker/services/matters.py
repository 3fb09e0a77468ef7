"""Creating, reading, updating, closing and deleting matters — with validation and history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from naij_tracker.db.errors import ConflictError
from naij_tracker.db.models import KIND_CLASSES, FlraCase, Grievance, Matter, Member, Metric
from naij_tracker.db.opening import Database
from naij_tracker.domain import clock
from naij_tracker.domain import kinds as k
from naij_tracker.domain.field_rules import apply_status_dates, defaults_for, status_dates_apply
from naij_tracker.domain.fields import FieldType, field_names, fields_for, reference
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.domain.search_text import search_text
from naij_tracker.domain.validation import FieldError, ValidationError, clean_text, validate_matter
from naij_tracker.services import history
from naij_tracker.services.errors import NotFound
from naij_tracker.services.settings import acting_user


@dataclass(frozen=True)
class MatterRecord:
    """A matter as plain data: ``values`` holds every field of its kind by name."""

    id: int
    kind: MatterKind
    version: int
    reference: str
    values: dict[str, Any]
    member_name: str | None
    metric_name: str | None
    created_at: datetime
    updated_at: datetime

    @property
    def title(self) -> str:
        return str(self.values["title"])

    @property
    def is_open(self) -> bool:
        return not k.is_closed_status(self.kind, self.values["status"])


def normalise(kind: MatterKind, values: dict[str, Any]) -> dict[str, Any]:
    """Clean text (trim, drop control characters), blank → None, canonical case numbers."""
    specs = {f.name: f for f in fields_for(kind)}
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name not in specs:
            raise ValueError(f"{kind.label} has no field {name!r}")
        if isinstance(value, str):
            value = clean_text(value) or None
        if specs[name].type is FieldType.NUMBER and isinstance(value, int):
            value = float(value)
        out[name] = value
    if isinstance(out.get("case_number"), str):
        out["case_number"] = out["case_number"].upper()
    return out


def number_of(obj: Matter) -> str | None:
    if isinstance(obj, Grievance):
        return obj.grievance_number
    if isinstance(obj, FlraCase):
        return obj.case_number
    return None


def search_text_for(obj: Matter, member_name: str | None) -> str:
    """``domain.search_text.search_text`` of a stored matter."""
    return search_text({"number": number_of(obj), "member_name": member_name,
                        "title": obj.title, "subject": getattr(obj, "subject", None),
                        "court": getattr(obj, "court", None), "summary": obj.summary,
                        "tags": obj.tags})


class MatterService:
    def __init__(self, db: Database, who: str | None = None) -> None:
        self.db = db
        self.who = who or acting_user(db)

    # -- reading -----------------------------------------------------------------------------

    def get(self, matter_id: int) -> MatterRecord:
        with self.db.sessions() as session:
            return self._record(session, self._load(session, matter_id))

    def _load(self, session: Session, matter_id: int) -> Matter:
        obj = session.get(Matter, matter_id)
        if obj is None:
            raise NotFound(f"There is no matter {matter_id}.")
        return obj

    def _record(self, session: Session, obj: Matter) -> MatterRecord:
        kind = MatterKind(obj.kind)
        values = {name: getattr(obj, name) for name in field_names(kind)}
        member = getattr(obj, "member", None)
        metric = getattr(obj, "metric", None)
        return MatterRecord(
            id=obj.id, kind=kind, version=obj.version,
            reference=reference(kind, obj.id, number_of(obj)), values=values,
            member_name=member.name if member else None,
            metric_name=metric.name if metric else None,
            created_at=obj.created_at, updated_at=obj.updated_at,
        )

    # -- writing -----------------------------------------------------------------------------

    def _check(self, session: Session, kind: MatterKind, values: dict[str, Any],
               matter_id: int | None) -> None:
        errors = validate_matter(kind, values)
        taken = {e.field for e in errors}
        if kind is MatterKind.GRIEVANCE and values.get("grievance_number") \
                and "grievance_number" not in taken:
            # lower(): as the database's unique index compares them (migration 0006).
            other = session.scalar(select(Grievance.id).where(
                func.lower(Grievance.grievance_number)
                == func.lower(str(values["grievance_number"]))))
            if other is not None and other != matter_id:
                errors.append(FieldError("grievance_number",
                                         f"Grievance number {values['grievance_number']} is "
                                         "already used by another grievance."))
        if kind is MatterKind.FLRA and values.get("case_number") and "case_number" not in taken:
            other = session.scalar(select(FlraCase.id).where(
                FlraCase.case_number == values["case_number"]))
            if other is not None and other != matter_id:
                errors.append(FieldError("case_number",
                                         f"Case {values['case_number']} is already recorded."))
        for name, model in (("member_id", Member), ("metric_id", Metric)):
            ref = values.get(name)
            if isinstance(ref, int) and name not in taken and session.get(model, ref) is None:
                errors.append(FieldError(name, "The chosen record no longer exists."))
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def _apply_status_dates(kind: MatterKind, values: dict[str, Any]) -> None:
        apply_status_dates(kind, values, clock.today())

    def create(self, kind: MatterKind | str, values: dict[str, Any]) -> int:
        kind = MatterKind(kind)
        full: dict[str, Any] = {name: None for name in field_names(kind)}
        full.update(defaults_for(kind))
        full.update(normalise(kind, values))
        if full.get("opened_on") is None:
            full["opened_on"] = full.get("filed_on") or clock.today()
        self._apply_status_dates(kind, full)
        now = clock.now()
        with self.db.sessions.begin() as session:
            self._check(session, kind, full, None)
            obj = KIND_CLASSES[kind](**full, created_at=now, updated_at=now)
            session.add(obj)
            session.flush()
            record = self._record(session, obj)
            obj.search_text = search_text_for(obj, record.member_name)
            history.record(session, who=self.who, action="create", matter_id=obj.id,
                           entity_id=obj.id,
                           summary=f"Created {kind.noun} {record.reference}",
                           changes=history.diff({}, {n: v for n, v in full.items() if v is not None}))
            return obj.id

    def update(self, matter_id: int, values: dict[str, Any],
               expected_version: int | None = None) -> MatterRecord:
        with self.db.sessions.begin() as session:
            obj = self._load(session, matter_id)
            if expected_version is not None and obj.version != expected_version:
                raise ConflictError(
                    "Someone else saved this matter after you opened it. "
                    "Your changes are still on screen: reload to see theirs, then re-apply.")
            kind = MatterKind(obj.kind)
            before = self._record(session, obj)
            merged = dict(before.values)
            merged.update(normalise(kind, values))
            if "status" in values and status_dates_apply(kind, before.values["status"],
                                                         merged["status"]):
                self._apply_status_dates(kind, merged)
            self._check(session, kind, merged, matter_id)
            changes = history.diff(before.values, merged)
            if not changes:
                return before
            for name, value in merged.items():
                setattr(obj, name, value)
            obj.updated_at = clock.now()
            try:
                session.flush()
            except StaleDataError as exc:
                raise ConflictError("This matter was changed elsewhere; reload it.") from exc
            session.refresh(obj)
            after = self._record(session, obj)
            obj.search_text = search_text_for(obj, after.member_name)
            history.record(session, who=self.who, action="update", matter_id=matter_id,
                           entity_id=matter_id, summary=f"Edited {after.reference}",
                           changes=changes)
            return after

    def close(self, matter_id: int, status: str, closed_on: date | None = None) -> MatterRecord:
        return self.update(matter_id, {"status": status, "closed_on": closed_on or clock.today()})

    def delete(self, matter_id: int) -> int:
        """Delete a matter, keeping it whole in the trash (``services/trash.py``) for 30 days.

        Returns the trash entry's id (what ``TrashService.restore`` takes).
        """
        from naij_tracker.services.trash import snapshot_into

        with self.db.sessions.begin() as session:
            obj = self._load(session, matter_id)
            record = self._record(session, obj)
            trash_id = snapshot_into(session, obj, record.reference, self.who)
            history.record(session, who=self.who, action="delete", matter_id=None,
                           entity_id=matter_id,
                           summary=f"Deleted {record.kind.noun} {record.reference}: "
                                   f"{record.title}",
                           changes={n: [v[1], None] for n, v in history.diff({}, record.values).items()
                                    if v[1] is not None})
            session.delete(obj)
            try:
                session.flush()
            except IntegrityError as exc:  # pragma: no cover - cascades make this unexpected
                raise ValidationError([FieldError("id", "This matter is still referenced.")]) \
                    from exc
            return trash_id
