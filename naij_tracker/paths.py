"""Where the default database lives, and how the user chooses another."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "NAIJ_TRACKER_DB"
APP_NAME = "naij-tracker"


def default_database_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "cases.sqlite3"


def chosen_database(cli_value: str | None) -> str:
    """``--db`` wins, then ``$NAIJ_TRACKER_DB``, then the platform's user data directory."""
    if cli_value:
        return cli_value
    env = os.environ.get(ENV_VAR)
    if env:
        return env
    return str(default_database_path())
