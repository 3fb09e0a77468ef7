"""The ``Table`` behind a declarative model, typed as such.

SQLAlchemy types ``Model.__table__`` as ``FromClause`` (a mapped class may map any selectable),
but every model in ``db/models.py`` is mapped to a plain ``Table``; ``insert()``/``update()``
and ``.name`` need it typed as one.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table

from naij_tracker.db.models import Base


def table_of(model: type[Base]) -> Table:
    """``model.__table__`` as the ``Table`` it is (declarative models map one ``Table`` each)."""
    return cast(Table, model.__table__)
