"""``naij-tracker check`` evaluates the tables' CHECK constraints itself (faster than SQLite's
integrity check does) and must find exactly what SQLite finds, whatever the file holds."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from naij_tracker.db.check_constraints import _count_failing, check_expressions, failed_checks


def _file(path: Path, *statements: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA ignore_check_constraints=ON")  # write rows that break them
    for sql in statements:
        conn.execute(sql)
    conn.execute("PRAGMA ignore_check_constraints=OFF")
    return conn


def _sqlite_says(conn: sqlite3.Connection) -> list[str]:
    return sorted(r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok")


def test_expressions_are_cut_out_past_strings_names_and_comments() -> None:
    sql = ("CREATE TABLE t (a TEXT CHECK (a <> ')'), \"CHECK\" INT, b -- CHECK (x\n"
           ", [check] INT, /* CHECK ( */ CONSTRAINT c CHECK ((b IN ('(', 'x''y')) "
           "AND length(trim(a)) > 0))")
    assert check_expressions(sql) == ["a <> ')'", "(b IN ('(', 'x''y')) AND length(trim(a)) > 0"]
    assert check_expressions("CREATE TABLE t (a INT)") == []
    assert check_expressions("CREATE TABLE t (a INT CHECK (a > (1)") is None


@pytest.mark.parametrize("check", [
    "a > 0",                            # plain SQL, counted here
    "length(trim(b)) > 0 OR a IS NULL",  # a function on the list
    "hex(b) <> '41'",                   # a function not on the list: SQLite's quick_check
])
def test_the_same_rows_as_sqlite_are_reported(tmp_path: Path, check: str) -> None:
    conn = _file(tmp_path / "f.sqlite3",
                 f"CREATE TABLE t (a INT, b TEXT, CHECK ({check}))",
                 "CREATE TABLE u (x INT CHECK (x IN (1, 2)))",
                 "INSERT INTO t VALUES (1, 'A'), (-1, ' '), (NULL, 'B'), (-2, 'A'), (3, NULL)",
                 "INSERT INTO u VALUES (1), (3), (NULL)")
    found = failed_checks(conn, 100)
    assert sorted(found) == _sqlite_says(conn)
    assert "CHECK constraint failed in u" in found
    assert found.count("CHECK constraint failed in t") >= 1


def test_a_crafted_expression_is_not_run_outside_sqlite(tmp_path: Path) -> None:
    # randomblob is not on the list: the statement is refused by the authorizer and SQLite
    # evaluates the constraint itself; nothing but the table is read either way.
    conn = _file(tmp_path / "f.sqlite3",
                 "CREATE TABLE t (a INT CHECK (length(randomblob(a)) < 4))",
                 "INSERT INTO t VALUES (2), (9)")
    with pytest.raises(sqlite3.DatabaseError, match="not authorized"):
        _count_failing(conn, "t", ["length(randomblob(a)) < 4"])
    with pytest.raises(sqlite3.DatabaseError, match="not authorized"):
        _count_failing(conn, "t", ["a < (SELECT count(*) FROM sqlite_master)"])
    assert failed_checks(conn, 100) == ["CHECK constraint failed in t"] == _sqlite_says(conn)


def test_at_most_limit_sentences(tmp_path: Path) -> None:
    conn = _file(tmp_path / "f.sqlite3", "CREATE TABLE t (a INT CHECK (a > 0))",
                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                 "WHERE i < 150) INSERT INTO t SELECT -i FROM n")
    assert failed_checks(conn, 100) == ["CHECK constraint failed in t"] * 100
