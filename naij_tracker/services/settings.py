"""The union's own configuration, declared once with types and defaults, stored in the database.

(This computer's window state lives in ``QSettings`` instead; see the GUI.) Reading goes through
``Database.read`` — the dashboard shows the union's name before SQLAlchemy is loaded; writing
imports the ORM when it happens.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields

from naij_tracker.db.opening import Database
from naij_tracker.services.actor import os_user


@dataclass
class UnionSettings:
    union_name: str = "National Association of Immigration Judges"
    officer_name: str = ""
    packet_marking: str = "Privileged and confidential — attorney work product"
    backup_keep_daily: int = 7
    backup_keep_weekly: int = 8
    #: The officer's role ("Vice President"), asked by the first-run assistant.
    officer_role: str = ""
    #: The first-run assistant has been completed on this database.
    setup_done: bool = False

    def validate(self) -> list[str]:
        problems = []
        if not self.union_name.strip():
            problems.append("Union name is required.")
        for name in ("backup_keep_daily", "backup_keep_weekly"):
            if not 0 <= getattr(self, name) <= 365:
                problems.append("Backup retention must be between 0 and 365 copies.")
        return problems


def load_settings(db: Database) -> UnionSettings:
    stored = dict(db.read("SELECT key, value FROM setting"))
    values = {}
    for f in fields(UnionSettings):
        if f.name in stored:
            try:
                values[f.name] = json.loads(stored[f.name])
            except ValueError:
                continue
    return UnionSettings(**values)


def save_settings(db: Database, new: UnionSettings) -> None:
    from naij_tracker.db.models import Setting
    from naij_tracker.services import history

    problems = new.validate()
    if problems:
        raise ValueError(" ".join(problems))
    old = asdict(load_settings(db))
    changes = history.diff(old, asdict(new))
    if not changes:
        return
    with db.sessions.begin() as session:
        for name in changes:
            session.merge(Setting(key=name, value=json.dumps(getattr(new, name))))
        history.record(session, who=acting_user(db, new), action="update", entity="settings",
                       summary="Settings changed", changes=changes)


def acting_user(db: Database, settings: UnionSettings | None = None) -> str:
    """The configured officer name, else the operating-system user."""
    settings = settings or load_settings(db)
    return settings.officer_name.strip() or os_user()


def database_uid(db: Database) -> str:
    """A random identifier for this database, made once; keeps calendar UIDs stable per file."""
    import uuid

    from naij_tracker.db.models import Setting

    with db.sessions() as session:
        row = session.get(Setting, "database_uid")
        if row is not None:
            return str(json.loads(row.value))
    uid = uuid.uuid4().hex
    if db.read_only:
        return uid
    with db.sessions.begin() as session:
        row = session.get(Setting, "database_uid")
        if row is not None:
            return str(json.loads(row.value))
        session.add(Setting(key="database_uid", value=json.dumps(uid)))
    return uid
