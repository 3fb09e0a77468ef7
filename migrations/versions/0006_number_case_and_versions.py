"""Grievance numbers unique regardless of letter case; members and metrics carry a version.

Stewards write "g-2024-017" in one spreadsheet and "G-2024-017" in the next for the same
grievance; the importer and ``check`` already compare numbers that way, and now the database
enforces it too (a unique index on ``lower(grievance_number)``, the same on SQLite and
PostgreSQL), so two imports running at once on a server cannot both add one. A database that
already holds such a pair cannot take the index: the upgrade stops, changes nothing, and names
the pairs to merge first.

``member.version`` and ``metric.version`` give members and metrics the optimistic check that
matters have: a save made from a stale copy is a conflict, never a silent overwrite.

Revision ID: 0006_number_case_and_versions
Revises: 0005_closed_informal
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

from naij_tracker.db.migrate import MigrationError

revision = "0006_number_case_and_versions"
down_revision = "0005_closed_informal"
branch_labels = None
depends_on = None

INDEX = "uq_grievance_number_nocase"


def _clashes() -> list[str]:
    rows = op.get_bind().execute(
        sa.text("SELECT id, grievance_number FROM grievance ORDER BY id")).fetchall()
    groups: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row_id, number in rows:
        groups[str(number).lower()].append((row_id, str(number)))
    return [" = ".join(f"{n!r} (matter {i})" for i, n in uses)
            for uses in groups.values() if len(uses) > 1]


def upgrade() -> None:
    clashes = _clashes()
    if clashes:
        shown = "; ".join(clashes[:5]) + (f"; and {len(clashes) - 5} more" if len(clashes) > 5
                                          else "")
        raise MigrationError(
            "grievance numbers that differ only in letter case must be merged before this "
            f"upgrade: {shown}")
    op.create_index(INDEX, "grievance", [sa.text("lower(grievance_number)")], unique=True)
    for table in ("member", "metric"):
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False,
                                       server_default="1"))


def downgrade() -> None:
    for table in ("metric", "member"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
    op.drop_index(INDEX, table_name="grievance")
