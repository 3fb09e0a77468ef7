"""Grievance status "closed" (outcome not recorded) and the informal step: the CHECKs allow them.

Stewards' sheets often say only "Closed". Rather than refuse such rows or guess an outcome, the
import records them as closed with the outcome not recorded, which an officer can refine later.
Many grievances start at an informal step before step 1; sheets say "Informal".

On SQLite the CHECKs are widened in place by SQLite's documented procedure for loosening a
constraint (https://www.sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema
Changes": edit the table's text in ``sqlite_schema`` under ``writable_schema`` and bump
``schema_version``, in one transaction). Allowing one more value cannot make any stored row
invalid, and the tables, their indexes and the full-text triggers are left as they are (a batch
copy would drop and rebuild all three). On PostgreSQL the named constraints are replaced.

Revision ID: 0005_closed_informal
Revises: 0004_trashed_matter
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_closed_informal"
down_revision = "0004_trashed_matter"
branch_labels = None
depends_on = None

OLD = ("(kind = 'grievance' AND status IN ('open', 'awaiting_answer', 'appealed', "
       "'arbitration', 'settled', 'sustained', 'denied', 'withdrawn'))")
NEW = ("(kind = 'grievance' AND status IN ('open', 'awaiting_answer', 'appealed', "
       "'arbitration', 'settled', 'sustained', 'denied', 'withdrawn', 'closed'))")
REST = (
    "(kind = 'bargaining' AND status IN ('notice_received', 'demand_sent', 'negotiating', "
    "'impasse', 'agreement', 'implemented_without_bargaining', 'withdrawn')) OR "
    "(kind = 'flra' AND status IN ('preparing', 'filed', 'investigation', 'complaint_issued', "
    "'hearing', 'decision_pending', 'exceptions', 'decided', 'settled', 'withdrawn', "
    "'dismissed')) OR {grievance} OR "
    "(kind = 'metric_dispute' AND status IN ('raised', 'under_review', 'grieved', "
    "'in_bargaining', 'resolved', 'withdrawn'))")


OLD_STEP = "step IN ('step1', 'step2', 'step3', 'arbitration')"
NEW_STEP = "step IN ('informal', 'step1', 'step2', 'step3', 'arbitration')"


def _sqlite_replace(table: str, old: str, new: str) -> None:
    bind = op.get_bind()
    sql = bind.execute(sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' "
                               "AND name = :name"), {"name": table}).scalar_one()
    if old not in sql:
        raise RuntimeError(f"the {table} table's CHECK is not the one this revision knows")
    version = bind.execute(sa.text("PRAGMA schema_version")).scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    try:
        bind.execute(sa.text("UPDATE sqlite_master SET sql = :sql "
                             "WHERE type = 'table' AND name = :name"),
                     {"sql": sql.replace(old, new), "name": table})
        bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def _server_replace(grievance: str, step: str) -> None:
    op.drop_constraint(op.f("ck_matter_status"), "matter", type_="check")
    op.create_check_constraint(op.f("ck_matter_status"), "matter", REST.format(grievance=grievance))
    op.drop_constraint(op.f("ck_grievance_step"), "grievance", type_="check")
    op.create_check_constraint(op.f("ck_grievance_step"), "grievance", step)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_replace("matter", OLD, NEW)
        _sqlite_replace("grievance", OLD_STEP, NEW_STEP)
    else:
        _server_replace(NEW, NEW_STEP)


def downgrade() -> None:
    bind = op.get_bind()
    closed = bind.execute(sa.text(
        "SELECT count(*) FROM matter WHERE kind = 'grievance' AND status = 'closed'")).scalar()
    informal = bind.execute(sa.text(
        "SELECT count(*) FROM grievance WHERE step = 'informal'")).scalar()
    if closed or informal:
        raise RuntimeError(f"{closed} grievance(s) are closed with the outcome not recorded and "
                           f"{informal} at the informal step; change them before downgrading")
    if bind.dialect.name == "sqlite":
        _sqlite_replace("matter", NEW, OLD)
        _sqlite_replace("grievance", NEW_STEP, OLD_STEP)
    else:
        _server_replace(OLD, OLD_STEP)
