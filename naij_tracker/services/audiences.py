"""The union's audience presets (board, counsel, Congress, member), as edited and kept in the
database: one ``setting`` row per edited audience (``audience.<key>``, JSON), over the shipped
defaults of :mod:`naij_tracker.reports.audience`."""

from __future__ import annotations

import json

from naij_tracker.db.opening import Database
from naij_tracker.reports.audience import AUDIENCE_KEYS, DEFAULT_AUDIENCES, Audience
from naij_tracker.services.settings import acting_user

_PREFIX = "audience."


def load_audiences(db: Database) -> dict[str, Audience]:
    """Every audience, the union's edits applied; a damaged entry falls back to the default."""
    stored = dict(db.read("SELECT key, value FROM setting WHERE key LIKE 'audience.%'"))
    out: dict[str, Audience] = {}
    for key in AUDIENCE_KEYS:
        base = DEFAULT_AUDIENCES[key]
        raw = stored.get(_PREFIX + key)
        audience = base
        if raw:
            try:
                data = json.loads(raw)
                if isinstance(data, dict):
                    audience = Audience.from_json(key, data, base)
            except ValueError:
                audience = base
            if audience.problems():
                audience = base
        out[key] = audience
    return out


def save_audience(db: Database, audience: Audience) -> None:
    """Keep ``audience`` as the union's preset for its key (with a history entry)."""
    from naij_tracker.db.models import Setting
    from naij_tracker.services import history

    if audience.key not in AUDIENCE_KEYS:
        raise ValueError(f"Unknown audience {audience.key!r}.")
    problems = audience.problems()
    if problems:
        raise ValueError(" ".join(problems))
    old = load_audiences(db)[audience.key]
    if old == audience:
        return
    with db.sessions.begin() as session:
        session.merge(Setting(key=_PREFIX + audience.key,
                              value=json.dumps(audience.to_json())))
        history.record(session, who=acting_user(db), action="update", entity="settings",
                       summary=f"Audience preset \u201c{audience.name}\u201d changed",
                       changes=history.diff(old.to_json(), audience.to_json()))


def reset_audience(db: Database, key: str) -> None:
    """Back to the shipped preset."""
    from naij_tracker.db.models import Setting

    with db.sessions.begin() as session:
        row = session.get(Setting, _PREFIX + key)
        if row is not None:
            session.delete(row)
