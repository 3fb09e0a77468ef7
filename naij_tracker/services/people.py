"""Members of the bargaining unit and the metrics catalogue."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from naij_tracker.db.errors import ConflictError
from naij_tracker.db.models import Grievance, Matter, Member, Metric, MetricDispute
from naij_tracker.db.opening import Database
from naij_tracker.domain import clock
from naij_tracker.domain import kinds as k
from naij_tracker.domain.validation import (
    FieldError,
    ValidationError,
    clean_text,
    validate_member,
)
from naij_tracker.services import history
from naij_tracker.services.matters import NotFound
from naij_tracker.services.settings import acting_user

MEMBER_FIELDS = ("name", "court", "email", "phone", "membership_status", "notes")
METRIC_FIELDS = ("name", "target", "unit", "period", "effective_on", "suspended_on", "source",
                 "description")

grievance_t = Grievance.__table__
dispute_t = MetricDispute.__table__
matter_t = Matter.__table__


@dataclass(frozen=True, slots=True)
class MemberRow:
    id: int
    name: str
    court: str | None
    email: str | None
    phone: str | None
    membership_status: str
    open_matters: int
    notes: str | None = None
    #: For the optimistic check of ``update_member`` (a stale save is a ``ConflictError``).
    version: int = 1

    @property
    def label(self) -> str:
        return f"{self.name} — {self.court}" if self.court else self.name


@dataclass(frozen=True, slots=True)
class MetricRow:
    id: int
    name: str
    target: float | None
    unit: str | None
    period: str | None
    effective_on: date | None
    suspended_on: date | None
    source: str | None
    description: str | None
    disputes: int
    version: int = 1


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {n: (clean_text(v) or None) if isinstance(v, str) else v for n, v in values.items()}


def _conflict(what: str) -> ConflictError:
    return ConflictError(f"This {what} was changed by someone else since you opened it; "
                         "nothing was saved. Reload it to see their change, then make yours "
                         "again.")


def _check_version(what: str, current: int, expected: int | None) -> None:
    if expected is not None and current != expected:
        raise _conflict(what)


@contextmanager
def _conflicts(what: str) -> Iterator[None]:
    """A save whose UPDATE found another version in the row (changed meanwhile) → conflict."""
    try:
        yield
    except StaleDataError:
        raise _conflict(what) from None


class PeopleService:
    def __init__(self, db: Database, who: str | None = None) -> None:
        self.db = db
        self.who = who or acting_user(db)

    # -- members -----------------------------------------------------------------------------

    def members(self, text_filter: str = "") -> list[MemberRow]:
        open_grievances = (
            select(grievance_t.c.member_id, func.count().label("n"))
            .join(matter_t, matter_t.c.id == grievance_t.c.id)
            .where(matter_t.c.status.not_in(sorted(k.CLOSED_STATUSES[k.MatterKind.GRIEVANCE])))
            .group_by(grievance_t.c.member_id).subquery())
        stmt = (select(Member.id, Member.name, Member.court, Member.email, Member.phone,
                       Member.membership_status, func.coalesce(open_grievances.c.n, 0),
                       Member.notes, Member.version)
                .outerjoin(open_grievances, open_grievances.c.member_id == Member.id)
                .order_by(Member.name, Member.court))
        if text_filter.strip():
            like = f"%{text_filter.strip()}%"
            stmt = stmt.where(Member.name.ilike(like) | Member.court.ilike(like))
        with self.db.engine.connect() as conn:
            return [MemberRow(*r) for r in conn.execute(stmt)]

    def member(self, member_id: int) -> MemberRow:
        for row in self.members():
            if row.id == member_id:
                return row
        raise NotFound(f"There is no member {member_id}.")

    def create_member(self, values: dict[str, Any]) -> int:
        values = _clean(values)
        errors = validate_member(values.get("name"), values.get("email"))
        status = values.get("membership_status") or "member"
        if status not in k.codes(k.MEMBERSHIP_STATUSES):
            errors.append(FieldError("membership_status", "Choose a membership status."))
        if errors:
            raise ValidationError(errors)
        with self.db.sessions.begin() as session:
            member = Member(**{n: values.get(n) for n in MEMBER_FIELDS if n != "membership_status"},
                            membership_status=status, created_at=clock.now())
            session.add(member)
            session.flush()
            history.record(session, who=self.who, action="create", entity="member",
                           entity_id=member.id, summary=f"Added member {member.name}")
            return member.id

    def update_member(self, member_id: int, values: dict[str, Any],
                      expected_version: int | None = None) -> None:
        """Save a member; ``expected_version`` (the version the officer loaded) turns a save
        over someone else's newer change into a ``ConflictError``, as for matters."""
        values = _clean(values)
        with _conflicts("member"), self.db.sessions.begin() as session:
            member = session.get(Member, member_id)
            if member is None:
                raise NotFound(f"There is no member {member_id}.")
            _check_version("member", member.version, expected_version)
            old = {n: getattr(member, n) for n in MEMBER_FIELDS}
            new = {**old, **{n: v for n, v in values.items() if n in MEMBER_FIELDS}}
            errors = validate_member(new.get("name"), new.get("email"))
            if errors:
                raise ValidationError(errors)
            changes = history.diff(old, new)
            if not changes:
                return
            for n, v in new.items():
                setattr(member, n, v)
            history.record(session, who=self.who, action="update", entity="member",
                           entity_id=member_id, summary=f"Edited member {member.name}",
                           changes=changes)

    def delete_member(self, member_id: int) -> None:
        try:
            with self.db.sessions.begin() as session:
                member = session.get(Member, member_id)
                if member is None:
                    raise NotFound(f"There is no member {member_id}.")
                history.record(session, who=self.who, action="delete", entity="member",
                               entity_id=member_id, summary=f"Removed member {member.name}")
                session.delete(member)
                session.flush()
        except IntegrityError as exc:
            raise ValidationError([FieldError(
                "id", "This member still has grievances or disputes; reassign or delete them "
                      "first.")]) from exc

    def member_matters(self, member_id: int) -> list[tuple[int, str, str, str]]:
        """(matter id, kind, title, status) of every matter concerning the member."""
        stmt = (select(matter_t.c.id, matter_t.c.kind, matter_t.c.title, matter_t.c.status)
                .outerjoin(grievance_t, grievance_t.c.id == matter_t.c.id)
                .outerjoin(dispute_t, dispute_t.c.id == matter_t.c.id)
                .where((grievance_t.c.member_id == member_id) | (dispute_t.c.member_id == member_id))
                .order_by(matter_t.c.opened_on.desc()))
        with self.db.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(stmt)]

    # -- metrics catalogue -------------------------------------------------------------------

    def metrics(self) -> list[MetricRow]:
        disputes = (select(dispute_t.c.metric_id, func.count().label("n"))
                    .group_by(dispute_t.c.metric_id).subquery())
        stmt = (select(Metric.id, Metric.name, Metric.target, Metric.unit, Metric.period,
                       Metric.effective_on, Metric.suspended_on, Metric.source, Metric.description,
                       func.coalesce(disputes.c.n, 0), Metric.version)
                .outerjoin(disputes, disputes.c.metric_id == Metric.id).order_by(Metric.name))
        with self.db.engine.connect() as conn:
            return [MetricRow(*r) for r in conn.execute(stmt)]

    def create_metric(self, values: dict[str, Any]) -> int:
        values = _clean(values)
        if not values.get("name"):
            raise ValidationError([FieldError("name", "Name is required.")])
        try:
            with self.db.sessions.begin() as session:
                metric = Metric(**{n: values.get(n) for n in METRIC_FIELDS})
                session.add(metric)
                session.flush()
                history.record(session, who=self.who, action="create", entity="metric",
                               entity_id=metric.id, summary=f"Added metric {metric.name}")
                return metric.id
        except IntegrityError as exc:
            raise ValidationError([FieldError("name", "A metric with this name exists.")]) \
                from exc

    def update_metric(self, metric_id: int, values: dict[str, Any],
                      expected_version: int | None = None) -> None:
        """Save a metric, with the same optimistic check as ``update_member``."""
        values = _clean(values)
        with _conflicts("metric"), self.db.sessions.begin() as session:
            metric = session.get(Metric, metric_id)
            if metric is None:
                raise NotFound(f"There is no metric {metric_id}.")
            _check_version("metric", metric.version, expected_version)
            old = {n: getattr(metric, n) for n in METRIC_FIELDS}
            new = {**old, **{n: v for n, v in values.items() if n in METRIC_FIELDS}}
            if not new.get("name"):
                raise ValidationError([FieldError("name", "Name is required.")])
            changes = history.diff(old, new)
            for n, v in new.items():
                setattr(metric, n, v)
            if changes:
                history.record(session, who=self.who, action="update", entity="metric",
                               entity_id=metric_id, summary=f"Edited metric {metric.name}",
                               changes=changes)

    def delete_metric(self, metric_id: int) -> None:
        """Remove a metric no dispute is about (one entered by mistake); a metric that disputes
        concern stays, since they would lose what they dispute: suspend it instead."""
        with self.db.sessions.begin() as session:
            metric = session.get(Metric, metric_id)
            if metric is None:
                raise NotFound(f"There is no metric {metric_id}.")
            disputes = session.scalar(select(func.count()).select_from(dispute_t)
                                      .where(dispute_t.c.metric_id == metric_id)) or 0
            if disputes:
                raise ValidationError([FieldError(
                    "id", f"{disputes} dispute{'s are' if disputes != 1 else ' is'} about this "
                          "metric, so it cannot be deleted; set the date it was suspended "
                          "instead.")])
            history.record(session, who=self.who, action="delete", entity="metric",
                           entity_id=metric_id, summary=f"Removed metric {metric.name}")
            session.delete(metric)

    def metric_disputes(self, metric_id: int) -> list[tuple[int, str, str]]:
        stmt = (select(matter_t.c.id, matter_t.c.title, matter_t.c.status)
                .join(dispute_t, dispute_t.c.id == matter_t.c.id)
                .where(dispute_t.c.metric_id == metric_id).order_by(matter_t.c.opened_on.desc()))
        with self.db.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(stmt)]
