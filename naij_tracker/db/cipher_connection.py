"""SQLCipher connections and cursors that raise ``sqlite3``'s exceptions.

The whole application (and SQLAlchemy's ``pysqlite`` dialect) knows ``sqlite3.Error`` and its
subclasses; SQLCipher raises its own classes of the same names. These wrappers translate them,
so an encrypted file fails exactly as a plain one does. ``db/cipher.py`` makes them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

_ERROR_NAMES = ("Warning", "Error", "InterfaceError", "DatabaseError", "DataError",
                "OperationalError", "IntegrityError", "InternalError", "ProgrammingError",
                "NotSupportedError")
_map: dict[type, type] = {}


def _translate(exc: BaseException) -> BaseException:
    if not _map:
        import sqlcipher3

        for name in _ERROR_NAMES:
            _map[getattr(sqlcipher3, name)] = getattr(sqlite3, name)
    cls = _map.get(type(exc))
    if cls is None:
        return exc
    new = cls(*exc.args)
    for attr in ("sqlite_errorcode", "sqlite_errorname"):
        if hasattr(exc, attr):
            setattr(new, attr, getattr(exc, attr))
    return new


def _errors() -> type[BaseException]:
    import sqlcipher3

    error: type[BaseException] = sqlcipher3.Error
    return error


class CipherCursor:
    """An SQLCipher cursor that raises ``sqlite3`` exceptions."""

    __slots__ = ("_c",)

    def __init__(self, cursor: Any) -> None:
        object.__setattr__(self, "_c", cursor)

    def execute(self, *args: Any) -> CipherCursor:
        try:
            self._c.execute(*args)
        except _errors() as exc:
            raise _translate(exc) from None
        return self

    def executemany(self, *args: Any) -> CipherCursor:
        try:
            self._c.executemany(*args)
        except _errors() as exc:
            raise _translate(exc) from None
        return self

    def executescript(self, *args: Any) -> CipherCursor:
        try:
            self._c.executescript(*args)
        except _errors() as exc:
            raise _translate(exc) from None
        return self

    def fetchone(self) -> Any:
        try:
            return self._c.fetchone()
        except _errors() as exc:
            raise _translate(exc) from None

    def fetchmany(self, *args: Any) -> list[Any]:
        try:
            return self._c.fetchmany(*args)
        except _errors() as exc:
            raise _translate(exc) from None

    def fetchall(self) -> list[Any]:
        try:
            return self._c.fetchall()
        except _errors() as exc:
            raise _translate(exc) from None

    def close(self) -> None:
        self._c.close()

    def __iter__(self) -> CipherCursor:
        return self

    def __next__(self) -> Any:
        try:
            return next(self._c)
        except _errors() as exc:
            raise _translate(exc) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._c, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._c, name, value)


class CipherConnection:
    """An SQLCipher connection that raises ``sqlite3`` exceptions (see the module docstring)."""

    __slots__ = ("_c", "_home", "_park")

    def __init__(self, conn: Any, home: tuple[Any, ...] | None = None,
                 park: Callable[[Any, tuple[Any, ...]], bool] | None = None) -> None:
        object.__setattr__(self, "_c", conn)
        object.__setattr__(self, "_home", home)
        object.__setattr__(self, "_park", park)

    @property
    def raw(self) -> Any:
        return self._c

    def cursor(self, *args: Any) -> CipherCursor:
        try:
            return CipherCursor(self._c.cursor(*args))
        except _errors() as exc:
            raise _translate(exc) from None

    def execute(self, *args: Any) -> CipherCursor:
        return self.cursor().execute(*args)

    def executemany(self, *args: Any) -> CipherCursor:
        return self.cursor().executemany(*args)

    def executescript(self, *args: Any) -> CipherCursor:
        return self.cursor().executescript(*args)

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(self._c, name)(*args, **kwargs)
        except _errors() as exc:
            raise _translate(exc) from None

    def commit(self) -> None:
        self._call("commit")

    def rollback(self) -> None:
        self._call("rollback")

    def close(self) -> None:
        home = self._home
        if home is not None and self._park is not None:
            object.__setattr__(self, "_home", None)
            if self._park(self._c, home):
                object.__setattr__(self, "_c", _Closed())
                return
        self._call("close")

    def backup(self, target: Any, **kwargs: Any) -> None:
        if isinstance(target, sqlite3.Connection):
            raise sqlite3.NotSupportedError(
                "an encrypted database cannot be copied into a plain one")
        self._call("backup", target.raw if isinstance(target, CipherConnection) else target,
                   **kwargs)

    def __enter__(self) -> CipherConnection:
        self._c.__enter__()
        return self

    def __exit__(self, *exc: Any) -> Any:
        try:
            return self._c.__exit__(*exc)
        except _errors() as err:
            raise _translate(err) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._c, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._c, name, value)


class _Closed:
    """What a connection handed back to the idle list leaves behind: unusable."""

    def __getattr__(self, name: str) -> Any:
        if name == "close":
            return lambda: None
        raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
