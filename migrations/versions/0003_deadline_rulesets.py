"""Deadlines remember how they were computed: the rule-set version, the inputs, the alternative.

``ruleset_version`` names the catalogue of rules a deadline was counted with; ``computed_with``
holds its inputs as JSON (service methods, closure policy, the closure days in its span, the
period); ``alternative_due`` is the later (or earlier) date when a closure day ordered by the
President may or may not extend the period. Together they let the application list every open
deadline that a change of rules, closures or CBA limits would move. Existing deadlines get
NULLs: they were computed before rule sets were recorded and are offered for review.

Revision ID: 0003_deadline_rulesets
Revises: 0002_search_index
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_deadline_rulesets"
down_revision = "0002_search_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deadline") as batch:
        batch.add_column(sa.Column("ruleset_version", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("computed_with", sa.Text(), nullable=True))
        batch.add_column(sa.Column("alternative_due", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("deadline") as batch:
        batch.drop_column("alternative_due")
        batch.drop_column("computed_with")
        batch.drop_column("ruleset_version")
