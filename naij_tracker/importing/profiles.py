"""Import profiles: what the officer said about one spreadsheet layout, kept for the next file.

A profile is keyed by the header row (``headers.header_signature``) and holds the column
choices, the meaning of values the synonyms did not know (``values.ValueMap``) and the answers
about members ("Wen Castelanos" is Wen Castellanos). It has a name, so the command line can use
it for a file with other headers: ``naij-tracker import FILE --profile "Boston log"``. Stored as
JSON in the ``import_mapping`` table; a row written by an older version (a plain header → field
mapping) reads as a profile with column choices only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from naij_tracker.db.models import ImportMapping
from naij_tracker.db.opening import Database
from naij_tracker.domain import clock


@dataclass
class ImportProfile:
    name: str = ""
    #: header text → field (or None: do not import).
    columns: dict[str, str | None] = field(default_factory=dict)
    #: field → value key → code (or None: leave empty).
    values: dict[str, dict[str, str | None]] = field(default_factory=dict)
    #: normalised member name → member id, or "new".
    members: dict[str, int | str] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({"name": self.name, "columns": self.columns, "values": self.values,
                           "members": self.members}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> ImportProfile:
        data: Any = json.loads(text)
        if not isinstance(data, dict):
            return cls()
        if "columns" in data and isinstance(data.get("columns"), dict):
            raw_values, raw_members = data.get("values"), data.get("members")
            values: dict[Any, Any] = raw_values if isinstance(raw_values, dict) else {}
            members: dict[Any, Any] = raw_members if isinstance(raw_members, dict) else {}
            return cls(str(data.get("name") or ""), dict(data["columns"]),
                       {f: dict(v) for f, v in values.items() if isinstance(v, dict)},
                       {k: v for k, v in members.items() if isinstance(v, int | str)})
        # An older row: header → field only.
        return cls(columns={k: v for k, v in data.items() if v is None or isinstance(v, str)})


def load_profile(db: Database, signature: str) -> ImportProfile | None:
    """The profile kept for files with this header row, or None."""
    with db.sessions() as session:
        row = session.get(ImportMapping, signature)
        return ImportProfile.from_json(row.mapping) if row else None


def find_profile(db: Database, name: str) -> tuple[str, ImportProfile] | None:
    """(signature, profile) of the profile called ``name`` (ignoring case), newest first."""
    wanted = name.strip().casefold()
    with db.sessions() as session:
        rows = session.query(ImportMapping).order_by(ImportMapping.updated_at.desc()).all()
        for row in rows:
            profile = ImportProfile.from_json(row.mapping)
            if profile.name.strip().casefold() == wanted:
                return row.signature, profile
    return None


def profile_names(db: Database) -> list[str]:
    with db.sessions() as session:
        rows = session.query(ImportMapping).order_by(ImportMapping.updated_at.desc()).all()
        return [p.name for p in (ImportProfile.from_json(r.mapping) for r in rows) if p.name]


def save_profile(db: Database, signature: str, profile: ImportProfile) -> None:
    """Keep ``profile`` for files with this header row (replacing what was kept)."""
    with db.sessions.begin() as session:
        session.merge(ImportMapping(signature=signature, mapping=profile.to_json(),
                                    updated_at=clock.now()))
