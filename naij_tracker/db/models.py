"""The database schema as SQLAlchemy 2 typed declarative classes.

Design: joined-table inheritance. Every matter has one row in ``matter`` (the shared core: kind,
title, status, priority, owner, dates, summary, tags, and the denormalised ``search_text`` that the
full-text index reads) and one row in the table of its kind (``grievance``, ``flra_case``,
``bargaining_obligation``, ``metric_dispute``) keyed by the same id. Deadlines, timeline entries,
links, attachments and history hang off ``matter`` so they work the same for every kind. We chose
joined tables over one wide table so that each kind's NOT NULL and UNIQUE rules (grievance number,
FLRA case number) live in the schema, and over separate unrelated tables so that "everything due
this week" is one query.

Constraints are in the schema, not only in Python: CHECKs built from the vocabularies in
``naij_tracker.domain.kinds``, unique numbers, and deliberate ON DELETE rules:

* a matter's own rows (kind row, deadlines, timeline, links, attachments) CASCADE with it;
* history survives the matter (SET NULL), so a deletion stays on record;
* members and metrics in use cannot be deleted (RESTRICT) — a grievance never loses its grievant.

No class here is called ``…Model``: Qt owns that word.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from naij_tracker.domain import kinds as k
from naij_tracker.domain.field_rules import DEFAULT_PRIORITY, DEFAULT_STEP, MAX_LENGTH

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Attachments are kept inside the database file; this keeps the file manageable and backups quick.
MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024


def _in(column: str, values: tuple[str, ...], nullable: bool = False) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    clause = f"{column} IN ({quoted})"
    return f"({column} IS NULL OR {clause})" if nullable else clause


def _status_check() -> str:
    parts = [
        f"(kind = '{kind.value}' AND {_in('status', k.codes(choices))})"
        for kind, choices in k.STATUSES.items()
    ]
    return " OR ".join(parts)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Member(Base):
    __tablename__ = "member"
    __table_args__ = (
        CheckConstraint(_in("membership_status", k.codes(k.MEMBERSHIP_STATUSES)), name="status"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        Index("ix_member_name_court", "name", "court"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(MAX_LENGTH["name"]))
    court: Mapped[str | None] = mapped_column(String(MAX_LENGTH["court"]))
    email: Mapped[str | None] = mapped_column(String(MAX_LENGTH["email"]))
    phone: Mapped[str | None] = mapped_column(String(MAX_LENGTH["phone"]))
    membership_status: Mapped[str] = mapped_column(String(20), default="member")
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    #: Optimistic locking, as for matters: a save from a stale copy is a ``StaleDataError``.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class Metric(Base):
    """An entry of the metrics catalogue (e.g. 700 completions a year)."""

    __tablename__ = "metric"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(MAX_LENGTH["name"]), unique=True)
    target: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(60))
    period: Mapped[str | None] = mapped_column(String(60))
    effective_on: Mapped[date | None] = mapped_column(Date)
    suspended_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class Matter(Base):
    __tablename__ = "matter"
    #: Each kind's table declares its own constraints (a tuple of any length).
    __table_args__: tuple[Any, ...] = (
        CheckConstraint(_in("kind", tuple(x.value for x in k.MatterKind)), name="kind"),
        CheckConstraint(_status_check(), name="status"),
        CheckConstraint(_in("priority", k.codes(k.PRIORITIES)), name="priority"),
        CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        CheckConstraint("closed_on IS NULL OR opened_on IS NULL OR closed_on >= opened_on",
                        name="closed_after_opened"),
        Index("ix_matter_kind_status", "kind", "status"),
        Index("ix_matter_kind_opened", "kind", "opened_on"),
        Index("ix_matter_updated", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(MAX_LENGTH["title"]))
    status: Mapped[str] = mapped_column(String(40))
    priority: Mapped[str] = mapped_column(String(10), default=DEFAULT_PRIORITY)
    owner: Mapped[str | None] = mapped_column(String(MAX_LENGTH["owner"]))
    opened_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    summary: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[str | None] = mapped_column(String(MAX_LENGTH["tags"]))
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    #: Optimistic locking: two officers editing one matter get a conflict, not an overwrite.
    version: Mapped[int] = mapped_column(Integer, default=1)

    deadlines: Mapped[list[Deadline]] = relationship(
        back_populates="matter", cascade="all, delete-orphan", passive_deletes=True
    )
    timeline: Mapped[list[TimelineEntry]] = relationship(
        back_populates="matter", cascade="all, delete-orphan", passive_deletes=True
    )

    __mapper_args__ = {"polymorphic_on": "kind", "version_id_col": version}


class BargainingObligation(Matter):
    __tablename__ = "bargaining_obligation"
    __table_args__ = (
        CheckConstraint(_in("bargaining_type", k.codes(k.BARGAINING_TYPES)), name="type"),
    )

    id: Mapped[int] = mapped_column(ForeignKey("matter.id", ondelete="CASCADE"), primary_key=True)
    subject: Mapped[str] = mapped_column(String(MAX_LENGTH["subject"]))
    bargaining_type: Mapped[str] = mapped_column(String(40))
    agency_notice_on: Mapped[date | None] = mapped_column(Date)
    union_demand_on: Mapped[date | None] = mapped_column(Date)
    cba_article: Mapped[str | None] = mapped_column(String(MAX_LENGTH["cba_article"]))
    assurances: Mapped[str | None] = mapped_column(Text)

    __mapper_args__ = {"polymorphic_identity": k.MatterKind.BARGAINING.value}


class FlraCase(Matter):
    __tablename__ = "flra_case"
    __table_args__ = (CheckConstraint(_in("case_type", k.codes(k.FLRA_CASE_TYPES)), name="type"),)

    id: Mapped[int] = mapped_column(ForeignKey("matter.id", ondelete="CASCADE"), primary_key=True)
    case_number: Mapped[str | None] = mapped_column(String(MAX_LENGTH["case_number"]), unique=True)
    case_type: Mapped[str] = mapped_column(String(40))
    filed_by: Mapped[str | None] = mapped_column(String(MAX_LENGTH["filed_by"]))
    respondent: Mapped[str | None] = mapped_column(String(MAX_LENGTH["respondent"]))
    region: Mapped[str | None] = mapped_column(String(MAX_LENGTH["region"]))
    filed_on: Mapped[date | None] = mapped_column(Date)
    hearing_on: Mapped[date | None] = mapped_column(Date)
    decision_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(Text)

    __mapper_args__ = {"polymorphic_identity": k.MatterKind.FLRA.value}


class Grievance(Matter):
    __tablename__ = "grievance"
    __table_args__ = (
        CheckConstraint(_in("step", k.codes(k.GRIEVANCE_STEPS)), name="step"),
        CheckConstraint("length(trim(grievance_number)) > 0", name="number_not_blank"),
        Index("ix_grievance_member", "member_id"),
        Index("ix_grievance_filed", "filed_on"),
        # Unique regardless of letter case, on SQLite and PostgreSQL alike (migration 0006).
        Index("uq_grievance_number_nocase", text("lower(grievance_number)"), unique=True),
    )

    id: Mapped[int] = mapped_column(ForeignKey("matter.id", ondelete="CASCADE"), primary_key=True)
    grievance_number: Mapped[str] = mapped_column(String(MAX_LENGTH["grievance_number"]), unique=True)
    #: NULL means a union (institutional) grievance.
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="RESTRICT"))
    court: Mapped[str | None] = mapped_column(String(MAX_LENGTH["court"]))
    issue_category: Mapped[str | None] = mapped_column(String(MAX_LENGTH["issue_category"]))
    cba_article: Mapped[str | None] = mapped_column(String(MAX_LENGTH["cba_article"]))
    step: Mapped[str] = mapped_column(String(20), default=DEFAULT_STEP)
    filed_on: Mapped[date | None] = mapped_column(Date)
    remedy_sought: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)

    member: Mapped[Member | None] = relationship(lazy="joined")

    __mapper_args__ = {"polymorphic_identity": k.MatterKind.GRIEVANCE.value}


class MetricDispute(Matter):
    __tablename__ = "metric_dispute"
    __table_args__ = (
        CheckConstraint(_in("scope", k.codes(k.DISPUTE_SCOPES)), name="scope"),
        CheckConstraint(_in("docket_type", k.codes(k.DOCKET_TYPES), nullable=True), name="docket"),
        CheckConstraint("scope = 'unit' OR member_id IS NOT NULL", name="member_scope"),
    )

    id: Mapped[int] = mapped_column(ForeignKey("matter.id", ondelete="CASCADE"), primary_key=True)
    metric_id: Mapped[int] = mapped_column(ForeignKey("metric.id", ondelete="RESTRICT"), index=True)
    scope: Mapped[str] = mapped_column(String(10), default="unit")
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("member.id", ondelete="RESTRICT"), index=True
    )
    measured_value: Mapped[float | None] = mapped_column(Float)
    target_value: Mapped[float | None] = mapped_column(Float)
    docket_type: Mapped[str | None] = mapped_column(String(20))
    extenuating_circumstances: Mapped[str | None] = mapped_column(Text)

    metric: Mapped[Metric] = relationship(lazy="joined")
    member: Mapped[Member | None] = relationship(lazy="joined")

    __mapper_args__ = {"polymorphic_identity": k.MatterKind.METRIC_DISPUTE.value}


class Deadline(Base):
    __tablename__ = "deadline"
    __table_args__ = (
        CheckConstraint(_in("service_method", k.codes(k.SERVICE_METHODS), nullable=True),
                        name="service"),
        CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        CheckConstraint("opens_on IS NULL OR opens_on <= due_on", name="window_order"),
        # The dashboard asks "open deadlines ordered by due date" all day long.
        Index("ix_deadline_open_due", "done_on", "due_on"),
        Index("ix_deadline_matter", "matter_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date] = mapped_column(Date)
    opens_on: Mapped[date | None] = mapped_column(Date)
    rule_id: Mapped[str | None] = mapped_column(String(80))
    citation: Mapped[str | None] = mapped_column(String(300))
    trigger_on: Mapped[date | None] = mapped_column(Date)
    service_method: Mapped[str | None] = mapped_column(String(20))
    explanation: Mapped[str | None] = mapped_column(Text)
    done_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    #: The rule set and inputs a computed deadline was counted with (JSON), and the alternative
    #: date where a closure day may extend the period (migration 0003).
    ruleset_version: Mapped[str | None] = mapped_column(String(20))
    computed_with: Mapped[str | None] = mapped_column(Text)
    alternative_due: Mapped[date | None] = mapped_column(Date)

    matter: Mapped[Matter] = relationship(back_populates="deadlines")


class TimelineEntry(Base):
    __tablename__ = "timeline_entry"
    __table_args__ = (
        CheckConstraint(_in("entry_kind", k.codes(k.TIMELINE_KINDS)), name="kind"),
        Index("ix_timeline_matter_date", "matter_id", "occurred_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id", ondelete="CASCADE"))
    occurred_on: Mapped[date] = mapped_column(Date)
    entry_kind: Mapped[str] = mapped_column(String(20), default="note")
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    matter: Mapped[Matter] = relationship(back_populates="timeline")


class MatterLink(Base):
    __tablename__ = "matter_link"
    __table_args__ = (
        CheckConstraint(_in("relation", k.codes(k.LINK_RELATIONS)), name="relation"),
        CheckConstraint("from_matter_id <> to_matter_id", name="not_self"),
        UniqueConstraint("from_matter_id", "to_matter_id", "relation", name="uq_matter_link_pair"),
        Index("ix_matter_link_to", "to_matter_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    from_matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id", ondelete="CASCADE"))
    to_matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id", ondelete="CASCADE"))
    relation: Mapped[str] = mapped_column(String(30), default="related")
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Attachment(Base):
    __tablename__ = "attachment"
    __table_args__ = (
        CheckConstraint(f"size >= 0 AND size <= {MAX_ATTACHMENT_BYTES}", name="size_limit"),
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
        Index("ix_attachment_matter", "matter_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id", ondelete="CASCADE"))
    file_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(120))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    added_at: Mapped[datetime] = mapped_column(DateTime)


class ImportBatch(Base):
    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(500))
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    sheet: Mapped[str | None] = mapped_column(String(200))
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    imported_by: Mapped[str] = mapped_column(String(200))
    created_count: Mapped[int] = mapped_column(Integer, default=0)
    updated_count: Mapped[int] = mapped_column(Integer, default=0)
    unchanged_count: Mapped[int] = mapped_column(Integer, default=0)
    skipped_count: Mapped[int] = mapped_column(Integer, default=0)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime)


class ImportBatchRow(Base):
    """A run of grievances a batch created: matters ``first_matter_id``…``last_matter_id``
    from spreadsheet rows ``first_row``… on, one for one (the batch knows its rows, so each
    needs no history entry of its own)."""

    __tablename__ = "import_batch_row"
    __table_args__ = (Index("ix_import_batch_row_first", "first_matter_id"),)

    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id", ondelete="CASCADE"),
                                          primary_key=True)
    first_matter_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_matter_id: Mapped[int] = mapped_column(Integer)
    first_row: Mapped[int] = mapped_column(Integer)


class HistoryEntry(Base):
    """Who changed what, when. ``changes`` is JSON: {field: [old, new]}."""

    __tablename__ = "history_entry"
    __table_args__ = (
        CheckConstraint(_in("action", k.HISTORY_ACTIONS), name="action"),
        Index("ix_history_matter_at", "matter_id", "at"),
        Index("ix_history_at", "at"),
        Index("ix_history_batch", "import_batch_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int | None] = mapped_column(ForeignKey("matter.id", ondelete="SET NULL"))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(String(500))
    changes: Mapped[str] = mapped_column(Text, default="{}")
    who: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime)
    import_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", ondelete="SET NULL")
    )


class SearchBacklog(Base):
    """A matter whose full-text entry is still to be made (``db.search_backlog``): an import
    commits its rows first and fills the index after, so the triggers leave these alone."""

    __tablename__ = "search_backlog"

    matter_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class Setting(Base):
    """The union's own configuration (union name, officer name, packet marking, retention)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class CbaRule(Base):
    """A time limit from the union's CBA, configured by the officer."""

    __tablename__ = "cba_rule"
    __table_args__ = (
        CheckConstraint("day_type IN ('calendar', 'working')", name="day_type"),
        CheckConstraint("days > 0 AND days <= 3650", name="days_range"),
        CheckConstraint(_in("applies_to", tuple(x.value for x in k.MatterKind)), name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(MAX_LENGTH["name"]))
    applies_to: Mapped[str] = mapped_column(String(20))
    trigger: Mapped[str] = mapped_column(String(80))
    trigger_label: Mapped[str] = mapped_column(String(200))
    deadline_title: Mapped[str] = mapped_column(String(200))
    days: Mapped[int] = mapped_column(Integer)
    day_type: Mapped[str] = mapped_column(String(10))
    citation: Mapped[str] = mapped_column(String(200))


class ClosureDay(Base):
    """A one-off federal closure (executive order, day of mourning) the officer has added."""

    __tablename__ = "closure_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    reason: Mapped[str] = mapped_column(String(300))
    source: Mapped[str | None] = mapped_column(String(500))


class ImportMapping(Base):
    """A header mapping the officer corrected, remembered for the next file with those headers."""

    __tablename__ = "import_mapping"

    signature: Mapped[str] = mapped_column(String(64), primary_key=True)
    mapping: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


KIND_CLASSES: dict[k.MatterKind, type[Matter]] = {
    k.MatterKind.BARGAINING: BargainingObligation,
    k.MatterKind.FLRA: FlraCase,
    k.MatterKind.GRIEVANCE: Grievance,
    k.MatterKind.METRIC_DISPUTE: MetricDispute,
}


class TrashedMatter(Base):
    """A deleted matter kept for 30 days so that it can be restored whole.

    ``payload`` is JSON: the matter's rows (its ``matter`` and kind rows, deadlines, timeline,
    links, attachments with their content) and the ids of its history entries, which survive
    the deletion (SET NULL) and are pointed back at the matter when it is restored.
    """

    __tablename__ = "trashed_matter"
    __table_args__ = (Index("ix_trashed_matter_deleted_at", "deleted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(500))
    deleted_at: Mapped[datetime] = mapped_column(DateTime)
    deleted_by: Mapped[str] = mapped_column(String(200))
    payload: Mapped[str] = mapped_column(Text)
