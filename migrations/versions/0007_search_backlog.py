"""The full-text index filled after an import's commit: a backlog of matters still to index.

An import of 100,000 rows spent a third of its time in the FTS5 trigger (trigram-tokenising
each row inside the transaction the officer waits for). The import now writes the new
matters' ids into ``search_backlog`` first, in the same transaction; the triggers leave
matters in the backlog alone, and ``db.search_backlog.catch_up`` indexes them afterwards in
chunks, each chunk's entries and its backlog rows removed in one transaction, so a crash
midway leaves exactly the rows still to index. The rule: a matter in the backlog has no
entry in the index; every other matter has its current text there.

Revision ID: 0007_search_backlog
Revises: 0006_number_case_and_versions
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_search_backlog"
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
    if op.get_bind().dialect.name == "sqlite":
        _replace_triggers(TRIGGERS)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("INSERT INTO matter_fts(rowid, search_text) SELECT id, search_text "
                   "FROM matter WHERE id IN (SELECT matter_id FROM search_backlog)")
        _replace_triggers(OLD_TRIGGERS)
    op.drop_table("search_backlog")
