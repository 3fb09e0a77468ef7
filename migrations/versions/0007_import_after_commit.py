"""Imports: the full-text index filled after the commit, and history kept per batch.

**Search backlog.**
An import of 100,000 rows spent a third of its time in the FTS5 trigger (trigram-tokenising
each row inside the transaction the officer waits for). The import now writes the new
matters' ids into ``search_backlog`` first, in the same transaction; the triggers leave
matters in the backlog alone, and ``db.search_backlog.catch_up`` indexes them afterwards in
chunks, each chunk's entries and its backlog rows removed in one transaction, so a crash
midway leaves exactly the rows still to index. The rule: a matter in the backlog has no
entry in the index; every other matter has its current text there.

**Rows of a batch.** A history entry per created grievance was a seventh of the import's time
and 40 MB of the 144 MB that 100,000 imported grievances take. The batch now knows its rows:
``import_batch_row`` holds runs of created matters (ids ``first_matter_id`` to
``last_matter_id``, from spreadsheet row ``first_row`` on), and one history entry records the
batch; each grievance's history shows "Imported in batch N (row R of FILE)" from the runs.

Revision ID: 0007_import_after_commit
Revises: 0006_number_case_and_versions
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_import_after_commit"
down_revision = "0006_number_case_and_versions"
branch_labels = None
depends_on = None

_NOT_PENDING = "WHEN NOT EXISTS (SELECT 1 FROM search_backlog WHERE matter_id = {}.id) "

TRIGGERS = (
    "CREATE TRIGGER matter_fts_ai AFTER INSERT ON matter " + _NOT_PENDING.format("new")
    + "BEGIN INSERT INTO matter_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER matter_fts_ad AFTER DELETE ON matter " + _NOT_PENDING.format("old")
    + "BEGIN INSERT INTO matter_fts(matter_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER matter_fts_au AFTER UPDATE OF search_text ON matter "
    + _NOT_PENDING.format("old")
    + "BEGIN INSERT INTO matter_fts(matter_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO matter_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
)

OLD_TRIGGERS = (
    "CREATE TRIGGER matter_fts_ai AFTER INSERT ON matter BEGIN "
    "INSERT INTO matter_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER matter_fts_ad AFTER DELETE ON matter BEGIN "
    "INSERT INTO matter_fts(matter_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER matter_fts_au AFTER UPDATE OF search_text ON matter BEGIN "
    "INSERT INTO matter_fts(matter_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO matter_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
)


def _replace_triggers(statements: tuple[str, ...]) -> None:
    for trigger in ("matter_fts_ai", "matter_fts_ad", "matter_fts_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    op.create_table(
        "search_backlog",
        sa.Column("matter_id", sa.Integer(), primary_key=True, autoincrement=False),
    )
    op.create_table(
        "import_batch_row",
        sa.Column("batch_id", sa.Integer(),
                  sa.ForeignKey("import_batch.id", name="fk_import_batch_row_batch_id_import_batch",
                                ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("first_matter_id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("last_matter_id", sa.Integer(), nullable=False),
        sa.Column("first_row", sa.Integer(), nullable=False),
    )
    op.create_index("ix_import_batch_row_first", "import_batch_row", ["first_matter_id"])
    if op.get_bind().dialect.name == "sqlite":
        _replace_triggers(TRIGGERS)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("INSERT INTO matter_fts(rowid, search_text) SELECT id, search_text "
                   "FROM matter WHERE id IN (SELECT matter_id FROM search_backlog)")
        _replace_triggers(OLD_TRIGGERS)
    op.drop_index("ix_import_batch_row_first", table_name="import_batch_row")
    op.drop_table("import_batch_row")
    op.drop_table("search_backlog")
