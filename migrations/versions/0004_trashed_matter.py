"""Trash: a deleted matter is kept whole for 30 days in ``trashed_matter`` so it can be restored.

A new table only (no change to existing ones), so no batch mode is needed on SQLite.

Revision ID: 0004_trashed_matter
Revises: 0003_deadline_rulesets
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_trashed_matter"
down_revision = "0003_deadline_rulesets"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trashed_matter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("matter_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("reference", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_by", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trashed_matter")),
    )
    op.create_index("ix_trashed_matter_deleted_at", "trashed_matter", ["deleted_at"])


def downgrade() -> None:
    op.drop_index("ix_trashed_matter_deleted_at", table_name="trashed_matter")
    op.drop_table("trashed_matter")
