"""How every connection to a SQLite file is addressed and how long it waits for a writer.

Kept apart from ``engine.py`` so that code on the start path can use them without loading
SQLAlchemy.
"""

from __future__ import annotations

#: How long a connection waits for another writer before reporting the database busy.
BUSY_TIMEOUT_MS = 5000


def sqlite_url(path: str) -> str:
    return f"sqlite+pysqlite:///{path}"
