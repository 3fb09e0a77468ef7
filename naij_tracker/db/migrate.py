"""Running Alembic migrations safely on SQLite.

Two traps are designed against here:

1. A batch migration copies and recreates a table. With foreign keys ON, dropping the old table
   silently deletes every row that cascades from it. So migrations run on a connection whose
   ``PRAGMA foreign_keys=OFF`` was set when it was opened — before any transaction, since SQLite
   ignores the pragma inside one — and ``PRAGMA foreign_key_check`` must come back empty before
   the transaction commits.
2. All pending revisions run inside one ``BEGIN`` … ``COMMIT`` (see ``engine``), so a failure
   halfway leaves the schema exactly as it was.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from naij_tracker.db.engine import make_engine
from naij_tracker.resource_files import migrations_path


class MigrationError(Exception):
    pass


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_path()))
    return cfg


def script_head() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _run(url: str, action: str, target: str) -> None:
    engine = make_engine(url, foreign_keys=False)
    try:
        with engine.connect() as conn, conn.begin():
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            getattr(command, action)(cfg, target)
            if conn.dialect.name == "sqlite":
                problems = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
                if problems:
                    # Raising rolls the whole transaction back: nothing is half-migrated.
                    raise MigrationError(
                        f"migration would break {len(problems)} foreign key(s); not applied"
                    )
    finally:
        engine.dispose()


def upgrade(url: str, target: str = "head") -> None:
    _run(url, "upgrade", target)


def downgrade(url: str, target: str) -> None:
    _run(url, "downgrade", target)
