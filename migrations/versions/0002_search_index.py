"""Full-text search: a denormalised ``matter.search_text`` and an FTS5 trigram index over it.

The service layer fills ``search_text`` (number, member name, title, summary, tags) on every save;
triggers keep the FTS5 index in step with the table, so search never drifts from the data. The
trigram tokenizer matches any fragment of three or more characters, e.g. ``042`` in ``G-0042``.

Revision ID: 0002_search_index
Revises: 0001_initial
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_search_index"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

BACKFILL = """
UPDATE matter SET search_text = trim(
    coalesce((SELECT grievance_number FROM grievance g WHERE g.id = matter.id), '') || ' ' ||
    coalesce((SELECT case_number FROM flra_case f WHERE f.id = matter.id), '') || ' ' ||
    coalesce((SELECT m.name FROM grievance g JOIN member m ON m.id = g.member_id
              WHERE g.id = matter.id), '') || ' ' ||
    coalesce((SELECT m.name FROM metric_dispute d JOIN member m ON m.id = d.member_id
              WHERE d.id = matter.id), '') || ' ' ||
    title || ' ' || coalesce(summary, '') || ' ' || coalesce(tags, ''))
"""

FTS_DDL = (
    "CREATE VIRTUAL TABLE matter_fts USING fts5("
    "search_text, content='matter', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER matter_fts_ai AFTER INSERT ON matter BEGIN "
    "INSERT INTO matter_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER matter_fts_ad AFTER DELETE ON matter BEGIN "
    "INSERT INTO matter_fts(matter_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER matter_fts_au AFTER UPDATE OF search_text ON matter BEGIN "
    "INSERT INTO matter_fts(matter_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO matter_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO matter_fts(matter_fts) VALUES ('rebuild')",
)


def upgrade() -> None:
    op.add_column(
        "matter", sa.Column("search_text", sa.Text(), nullable=False, server_default="")
    )
    op.execute(BACKFILL)
    if op.get_bind().dialect.name == "sqlite":
        for statement in FTS_DDL:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("matter_fts_ai", "matter_fts_ad", "matter_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS matter_fts")
    with op.batch_alter_table("matter") as batch:
        batch.drop_column("search_text")
