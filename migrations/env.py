"""Alembic environment.

The application runs migrations through ``naij_tracker.db.migrate``, which hands over an open
connection (foreign keys OFF, one transaction around all pending revisions) in
``config.attributes["connection"]``. ``render_as_batch`` lets SQLite ALTER tables by copy.
"""

from __future__ import annotations

from alembic import context

from naij_tracker.db.models import Base

FTS_TABLES = {"matter_fts", "matter_fts_data", "matter_fts_idx", "matter_fts_content",
              "matter_fts_docsize", "matter_fts_config"}


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    # The full-text index is maintained by triggers, not declared in the models.
    return not (type_ == "table" and name in FTS_TABLES)


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("naij_tracker migrations run through naij_tracker.db.migrate")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
