"""The tables' CHECK constraints evaluated for every row, as ``PRAGMA integrity_check`` does.

On a read-write connection ``integrity_check`` evaluates each table's CHECK constraints row by
row, and on the large bench database that costs ≈ 2 s of CPU — as much as half the rest of the
check — because it walks every row through its own generic code. A ``SELECT count(*)`` with the
same expressions does the same work in a quarter of the time. So ``naij-tracker check`` runs
``integrity_check`` without them (``PRAGMA ignore_check_constraints``) and evaluates them here,
reporting each failing row with SQLite's own sentence ("CHECK constraint failed in matter").

The expressions come from the file's own ``CREATE TABLE`` statements, which may have been
crafted: they are cut out at SQL-token level (strings, quoted names and comments skipped) and
run under an authorizer that lets the statement read only that table and call only a few plain
functions. Anything else — an expression this cannot cut out, a function not on the list, an
error — falls back to SQLite's ``PRAGMA quick_check(table)``, which evaluates them itself.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

#: Functions a CHECK expression may call here (ours use ``length`` and ``trim``).
SAFE_FUNCTIONS = frozenset({"length", "trim", "ltrim", "rtrim", "lower", "upper", "abs",
                            "coalesce", "ifnull", "typeof", "substr", "instr", "count"})
_CLOSE = {"'": "'", '"': '"', "`": "`", "[": "]"}


def _skip(sql: str, i: int) -> int:
    """The index after the string, quoted name or comment at ``i`` (``i`` if none is there)."""
    c = sql[i]
    if c in _CLOSE:
        end = _CLOSE[c]
        j = i + 1
        while j < len(sql):
            if sql[j] == end:
                if end != "]" and sql[j + 1:j + 2] == end:  # a doubled quote
                    j += 2
                    continue
                return j + 1
            j += 1
        return len(sql)
    if sql.startswith("--", i):
        j = sql.find("\n", i)
        return len(sql) if j < 0 else j + 1
    if sql.startswith("/*", i):
        j = sql.find("*/", i + 2)
        return len(sql) if j < 0 else j + 2
    return i


def check_expressions(sql: str) -> list[str] | None:
    """The expressions of every ``CHECK (…)`` in a ``CREATE TABLE`` statement; None when the
    statement cannot be cut up with certainty (unbalanced parentheses)."""
    out: list[str] = []
    i, n = 0, len(sql)
    while i < n:
        j = _skip(sql, i)
        if j != i:
            i = j
            continue
        if sql[i].isalpha() or sql[i] == "_":
            j = i
            while j < n and (sql[j].isalnum() or sql[j] in "_$"):
                j += 1
            word, i = sql[i:j], j
            if word.upper() != "CHECK":
                continue
            while i < n and sql[i].isspace():
                i += 1
            if i >= n or sql[i] != "(":
                return None
            start, depth = i + 1, 0
            while i < n:
                j = _skip(sql, i)
                if j != i:
                    i = j
                    continue
                depth += {"(": 1, ")": -1}.get(sql[i], 0)
                i += 1
                if depth == 0:
                    break
            if depth:
                return None
            out.append(sql[start:i - 1])
            continue
        i += 1
    return out


def failing_condition(expressions: Sequence[str]) -> str:
    """SQL true for a row breaking one of the CHECK ``expressions`` (NULL passes, as in
    SQLite)."""
    return " OR ".join(f"NOT coalesce(({e}), 1)" for e in expressions)


def _count_failing(conn: sqlite3.Connection, table: str, expressions: Sequence[str]) -> int:
    """Rows of ``table`` for which an expression is false (NULL passes, as in SQLite)."""
    quoted = table.replace('"', '""')
    where = failing_condition(expressions)

    def allow(action: int, arg1: str | None, arg2: str | None, _db: str | None,
              _trigger: str | None) -> int:
        if action == sqlite3.SQLITE_SELECT:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_READ and (arg1 or "").lower() == table.lower():
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in SAFE_FUNCTIONS:
            return sqlite3.SQLITE_OK
        return sqlite3.SQLITE_DENY

    conn.set_authorizer(allow)
    try:
        cursor = conn.execute(f'SELECT count(*) FROM "{quoted}" WHERE {where}')
    finally:
        conn.set_authorizer(None)
    return int(cursor.fetchone()[0])


def failed_checks(conn: sqlite3.Connection, limit: int) -> list[str]:
    """SQLite's sentence for every row breaking a CHECK constraint, at most ``limit``."""
    found: list[str] = []
    for table, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                                   "AND sql LIKE '%CHECK%' ORDER BY name").fetchall():
        expressions = check_expressions(str(sql))
        if expressions == []:
            continue
        try:
            if expressions is None:
                raise sqlite3.DatabaseError("CHECK constraints not cut out")
            failing = _count_failing(conn, str(table), expressions)
            found += [f"CHECK constraint failed in {table}"] * min(failing, limit)
        except sqlite3.DatabaseError:
            quoted = str(table).replace('"', '""')
            rows = conn.execute(f'PRAGMA quick_check("{quoted}")').fetchmany(limit)
            found += [str(r[0]) for r in rows if r[0] != "ok"]
    return found[:limit]
