"""Where the packaged resources (fonts, sample data, the closure list) and migrations live.

``resources/`` and ``migrations/`` sit at the top of the source tree but are installed as the
packages ``naij_tracker.resources`` and ``naij_tracker.migrations`` (see ``pyproject.toml``), so
that a plain ``pip install .`` carries them inside the wheel.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resource_path(relative: str) -> Path:
    """Absolute path of a file under ``resources/``, e.g. ``resource_path("data/closures.json")``."""
    return Path(str(files("naij_tracker.resources").joinpath(relative)))


def migrations_path() -> Path:
    """The Alembic script directory."""
    return Path(str(files("naij_tracker.migrations")))
