"""Is this file's schema exactly what our migrations create at its revision?

A file someone sent us may carry things no migration of ours made: a trigger on
``history_entry`` that deletes history on every insert, a view posing as one of our tables (a
recursive view hangs whatever reads it), a dropped column that crashes every command later.
Before a file is used (opened, restored, checked) its tables, columns, indexes, triggers and
views are compared with a *reference*: what the migrations create in an empty database at the
same revision.

References are made once by migrating an empty database (``build_reference``) and kept in
``schema_reference.json`` beside the migrations (so every install and the bundle carry it), so
opening a file needs neither Alembic nor SQLAlchemy; a test rebuilds them from the migrations and compares, so they cannot drift. A
revision missing from that file is built on first use and kept for the process.

What is compared is the *shape*, not the text SQLAlchemy happened to emit: each table's columns
(name, declared type, NOT NULL, primary key), its unique constraints and foreign keys; each
named index's table and definition; each trigger's and view's full definition (that is where
harm hides). Differences are split into

* ``extras`` — unknown triggers and views (``removable``: a repair drops them, and rewrites any
  of our own triggers or views whose definition was changed), unknown indexes, tables and
  columns;
* ``gaps`` — something of ours missing or changed (a table, a column, a constraint): the file
  cannot be used; restore a backup.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Shape = dict[str, dict[str, Any]]

REFERENCE_NAME = "schema_reference.json"
_CACHE: dict[str, Shape] = {}
_CACHE_GUARD = threading.Lock()
#: Names SQLite owns (auto-indexes, sqlite_sequence, sqlite_stat*): not part of our schema.
_INTERNAL = "sqlite_%"


def normalise_sql(sql: str | None) -> str:
    """SQL text compared without regard to spacing, quoting of names or letter case."""
    text = (sql or "").replace('"', "").replace("`", "").replace("[", "").replace("]", "")
    text = re.sub(r"\s+", " ", text).strip().rstrip(";").lower()
    return re.sub(r"\s*([(),;=])\s*", r"\1", text)


def _table_shape(conn: sqlite3.Connection, name: str) -> dict[str, Any]:
    quoted = name.replace('"', '""')
    columns = {r[1]: [str(r[2]).upper(), int(r[3]), int(r[5])]
               for r in conn.execute(f'PRAGMA table_xinfo("{quoted}")') if not r[6]}
    unique = sorted(
        ",".join(str(c[2]) for c in conn.execute(f'PRAGMA index_info("{r[1]}")'))
        for r in conn.execute(f'PRAGMA index_list("{quoted}")') if r[3] in ("u", "pk") and r[2])
    fks = sorted(f"{r[3]}->{r[2]}.{r[4]} {r[6]}".lower()
                 for r in conn.execute(f'PRAGMA foreign_key_list("{quoted}")'))
    return {"columns": columns, "unique": unique, "foreign_keys": fks}


def describe(conn: sqlite3.Connection) -> Shape:
    """The schema reachable through ``conn``: ``{name: {type, table, sql, ...}}``."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                        "WHERE name NOT LIKE ? ORDER BY type, name", (_INTERNAL,)).fetchall()
    shape: Shape = {}
    for kind, name, table, sql in rows:
        entry: dict[str, Any] = {"type": kind, "table": table}
        if kind == "table" and str(sql or "").upper().startswith("CREATE VIRTUAL TABLE"):
            entry["type"] = "virtual table"
            entry["sql"] = normalise_sql(sql)
        elif kind == "table":
            entry.update(_table_shape(conn, name))
        else:
            entry["sql"] = normalise_sql(sql)
            if kind in ("trigger", "view"):
                entry["create"] = sql
        shape[name] = entry
    return shape


# -- references --------------------------------------------------------------------------------

def build_reference(revision: str) -> Shape:
    """The schema the migrations create at ``revision``, from an empty temporary database."""
    import tempfile

    from naij_tracker.db import migrate
    from naij_tracker.db.connect_options import sqlite_url

    with tempfile.TemporaryDirectory(prefix="naij-schema-") as folder:
        path = Path(folder) / "reference.sqlite3"
        path.touch(mode=0o600)
        migrate.upgrade(sqlite_url(str(path)), revision)
        conn = sqlite3.connect(path)
        try:
            return describe(conn)
        finally:
            conn.close()


def reference_file() -> Path:
    from naij_tracker.resource_files import migrations_path

    return migrations_path() / REFERENCE_NAME


def _stored() -> dict[str, Shape]:
    try:
        data = json.loads(reference_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def reference(revision: str) -> Shape:
    """The reference schema of ``revision`` (stored, else built once per process)."""
    with _CACHE_GUARD:
        if revision in _CACHE:
            return _CACHE[revision]
    shape = _stored().get(revision) or build_reference(revision)
    with _CACHE_GUARD:
        _CACHE[revision] = shape
    return shape


def write_references(revisions: tuple[str, ...]) -> None:
    """Rebuild ``schema_reference.json`` (``python -m naij_tracker.db.schema_check``)."""
    data = {rev: build_reference(rev) for rev in revisions}
    reference_file().write_text(json.dumps(data, indent=1, sort_keys=True) + "\n",
                              encoding="utf-8")


# -- comparing ---------------------------------------------------------------------------------

@dataclass
class SchemaDifference:
    """How a file's schema differs from the reference (all empty: it does not)."""

    extras: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    #: (type, name) of triggers and views a repair drops ...
    removable: list[tuple[str, str]] = field(default_factory=list)
    #: ... and the CREATE statements it then runs (ours, whose definition was changed).
    recreate: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.extras or self.gaps)

    @property
    def repairable(self) -> bool:
        """Whether dropping (and rewriting) triggers and views makes the schema ours again."""
        return not self.gaps and len(self.extras) == len(self.removable) and bool(self.extras)

    @property
    def items(self) -> list[str]:
        return [*self.gaps, *self.extras]

    def sentence(self, limit: int = 6) -> str:
        """'extra trigger 'x' on history_entry; missing column member.email' (one line)."""
        items = self.items
        shown = "; ".join(items[:limit])
        return shown + (f"; and {len(items) - limit} more" if len(items) > limit else "")


def _label(entry: dict[str, Any], name: str) -> str:
    kind = entry["type"]
    if kind in ("trigger", "index"):
        return f"{kind} '{name}' on {entry['table']}"
    return f"{kind} '{name}'"


def compare(actual: Shape, expected: Shape) -> SchemaDifference:
    diff = SchemaDifference()
    for name, want in expected.items():
        have = actual.get(name)
        if have is None:
            diff.gaps.append(f"missing {_label(want, name)}")
            continue
        if have["type"] != want["type"]:
            diff.gaps.append(f"'{name}' is a {have['type']}, not a {want['type']}")
            continue
        if want["type"] == "table":
            _compare_table(name, have, want, diff)
        elif have.get("sql") != want.get("sql") or have["table"] != want["table"]:
            if want["type"] in ("trigger", "view"):
                diff.extras.append(f"changed {_label(want, name)}")
                diff.removable.append((want["type"], name))
                diff.recreate.append(str(want["create"]))
            else:
                diff.gaps.append(f"changed {_label(want, name)}")
    for name, have in actual.items():
        if name in expected:
            continue
        diff.extras.append(f"extra {_label(have, name)}")
        if have["type"] in ("trigger", "view"):
            diff.removable.append((have["type"], name))
    return diff


def _compare_table(name: str, have: dict[str, Any], want: dict[str, Any],
                   diff: SchemaDifference) -> None:
    for column, spec in want["columns"].items():
        got = have["columns"].get(column)
        if got is None:
            diff.gaps.append(f"missing column {name}.{column}")
        elif list(got) != list(spec):
            diff.gaps.append(f"changed column {name}.{column}")
    for column in have["columns"]:
        if column not in want["columns"]:
            diff.extras.append(f"extra column {name}.{column}")
    if sorted(have["unique"]) != sorted(want["unique"]):
        diff.gaps.append(f"changed unique constraints on {name}")
    if sorted(have["foreign_keys"]) != sorted(want["foreign_keys"]):
        diff.gaps.append(f"changed foreign keys on {name}")


def verify(conn: sqlite3.Connection, revision: str) -> SchemaDifference:
    """Compare the schema behind ``conn`` with the reference of ``revision``."""
    return compare(describe(conn), reference(revision))


def repair(conn: sqlite3.Connection, diff: SchemaDifference) -> None:
    """Drop the unknown triggers and views and rewrite ours, in one transaction on ``conn``."""
    if not diff.repairable:
        raise ValueError("this schema cannot be repaired by removing triggers and views")
    conn.execute("BEGIN IMMEDIATE")
    try:
        for kind, name in diff.removable:
            quoted = name.replace('"', '""')
            conn.execute(f'DROP {kind.upper()} IF EXISTS "{quoted}"')
        for statement in diff.recreate:
            conn.execute(statement)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    from naij_tracker.db.schema_version import REVISIONS

    write_references(REVISIONS)
    print(f"Wrote {reference_file()}")
