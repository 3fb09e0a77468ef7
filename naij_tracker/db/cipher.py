"""SQLCipher underneath the same code: encrypted database files opened like plain ones.

An encrypted database is an SQLCipher 4 file (the ``sqlcipher3`` wheel: SQLite with SQLCipher
and FTS5 built in) whose random *database key* is wrapped in a key file beside it
(``naij_tracker.db.keywrap``). The two kinds are told apart by the first 16 bytes: a plain file
starts with ``SQLite format 3\\0``; an SQLCipher file starts with its random salt, and has a key
file.

Once a database is *unlocked* (``unlock(path, key)``), ``connect`` — a drop-in for
``sqlite3.connect`` used by every module that opens the file directly (opening, backups, the
integrity check, crash recovery) — opens it through SQLCipher with the raw key (no key
derivation per connection, so the engine's one-connection-per-use pool stays fast), and the
engine (``creator_for``) does the same for SQLAlchemy. Plain files still go to ``sqlite3``.

The engine and ``Database.read`` open a connection for every use (``NullPool``); with a plain
file the operating system's cache makes that cheap, but an encrypted file would be decrypted
again page by page each time. So a closed SQLCipher connection is kept idle (at most
``MAX_IDLE`` per file and way of opening, with a ``CACHE_KIB`` page cache) and handed to the
next open of the same file the same way; ``release`` closes them (before the file is converted
or replaced, and when its key is forgotten).

SQLCipher's exceptions are not ``sqlite3``'s, and the whole application (and SQLAlchemy's
``pysqlite`` dialect, which we keep) catches ``sqlite3.Error``. So an SQLCipher connection is
handed out inside a thin wrapper that raises the ``sqlite3`` exception of the same name: every
``except sqlite3.Error`` and every SQLAlchemy error translation keeps working unchanged.

The unlocked keys live in this module, in memory, for as long as the database is open:
``lock(path)`` (closing, idle lock) forgets them. They are the process's keychain, not
application state.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from naij_tracker.db import keywrap
from naij_tracker.db.cipher_connection import (  # noqa: F401  (part of this module's face)
    CipherConnection,
    CipherCursor,
    _translate,
)
from naij_tracker.db.errors import StorageError

SQLITE_MAGIC = b"SQLite format 3\x00"

_keys: dict[Path, bytes] = {}
#: Files locked in this session (idle lock): opening one says so instead of "not a database".
_locked: set[Path] = set()
_umask_before: list[int] = []
#: SQLCipher 4 with HMAC-SHA256 page authentication (half the cost of the default SHA-512 per
#: page, still a 256-bit MAC): applied after the key on every connection, and by the export.
CIPHER_SETTINGS = ("cipher_compatibility = 4", "cipher_hmac_algorithm = HMAC_SHA256")
#: Page cache of an encrypted connection, KiB: decrypted pages kept while it is idle.
CACHE_KIB = 65536
#: Idle encrypted connections kept per (file, way of opening) — see ``connect``.
MAX_IDLE = 2
_idle: dict[tuple[Any, ...], list[Any]] = {}
_guard = threading.Lock()


class PassphraseNeeded(StorageError):
    """The database is encrypted and has not been unlocked in this process."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} is encrypted: give its passphrase (or recovery key).")
        self.path = path



def _url2pathname(path: str) -> str:
    """``urllib.request.url2pathname`` without loading ``urllib.request`` (and http, ssl and
    email with it: ~25 ms of every start)."""
    if os.name == "nt":
        from nturl2path import url2pathname

        return url2pathname(path)
    return unquote(path)

def available() -> bool:
    """Whether SQLCipher can be loaded here."""
    try:
        import sqlcipher3  # noqa: F401
    except ImportError:
        return False
    return True


def cipher_version() -> str:
    """SQLCipher's own version string, e.g. ``4.6.1 community``."""
    conn = _raw_connect(":memory:")
    try:
        conn.execute("PRAGMA key = 'probe'")
        row = conn.execute("PRAGMA cipher_version").fetchone()
        return str(row[0]) if row else ""
    finally:
        conn.close()


def _norm(path: str | os.PathLike[str]) -> Path:
    return Path(path).expanduser().absolute().resolve()


def has_plain_header(path: Path) -> bool | None:
    """True for a plain SQLite file, False for anything else, None for a missing/empty file."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError:
        return None
    if not head:
        return None
    return head == SQLITE_MAGIC


def is_encrypted(path: str | os.PathLike[str]) -> bool:
    """An existing, non-empty file that is not plain SQLite and has a key file beside it."""
    p = Path(path)
    return has_plain_header(p) is False and keywrap.keys_path(p).exists()


def is_unlocked(path: str | os.PathLike[str]) -> bool:
    return _key_for(_norm(path)) is not None


def unlock(path: str | os.PathLike[str], key: bytes) -> None:
    """Remember ``key`` for the database at ``path`` (until ``lock``).

    While any database is unlocked, every file this process creates (exports, packets,
    calendar files, attachment copies) is readable by the user only: umask 077.
    """
    with _guard:
        if not _keys:
            _umask_before[:] = [os.umask(0o077)]
        _keys[_norm(path)] = key
        _locked.discard(_norm(path))
    release(path)


def lock(path: str | os.PathLike[str] | None = None) -> None:
    """Forget the key of ``path`` (every key when None) and everything sharing it."""
    with _guard:
        if path is None:
            gone = list(_keys)
            _keys.clear()
        else:
            gone = [_norm(path)]
            _locked.add(_norm(path))
            key = _keys.pop(_norm(path), None)
            if key is not None:
                gone += [p for p, k in _keys.items() if k == key]
                for other in gone[1:]:
                    del _keys[other]
        if not _keys and _umask_before:
            os.umask(_umask_before.pop())
    for p in gone:
        release(p)


def forget_copy(path: str | os.PathLike[str]) -> None:
    """Forget the key for one copy (a temporary file), leaving the database it shares it with
    unlocked."""
    with _guard:
        _keys.pop(_norm(path), None)
    release(path)


def release(path: str | os.PathLike[str] | None = None) -> None:
    """Close the idle connections kept for ``path`` (every file when None).

    Needed before anything that must be the file's only user (changing its journal mode,
    replacing the file) and whenever its key is forgotten.
    """
    target = _norm(path) if path is not None else None
    with _guard:
        homes = [h for h in _idle if target is None or h[0] == target]
        conns = [c for h in homes for c in _idle.pop(h)]
    for conn in conns:
        with contextlib.suppress(Exception):
            conn.close()


def key_of(path: str | os.PathLike[str]) -> bytes | None:
    return _key_for(_norm(path))


def _key_for(path: Path) -> bytes | None:
    if not _keys:
        return None
    with _guard:
        key = _keys.get(path)
        known = list(_keys.values())
    if key is not None:
        return key
    # A copy made by this application (a backup) carries a key file naming the same key.
    kp = keywrap.keys_path(path)
    if not kp.exists():
        return None
    try:
        wanted = keywrap.KeyFile.read(kp).key_id
    except StorageError:
        return None
    for candidate in known:
        if keywrap.key_id(candidate) == wanted:
            return candidate
    return None


def require_key(path: Path) -> bytes:
    """The key of an encrypted database, or ``PassphraseNeeded``."""
    key = _key_for(_norm(path))
    if key is None:
        raise PassphraseNeeded(Path(path))
    return key


def share_key(source: Path, *copies: Path) -> bytes | None:
    """A copy of an encrypted ``source`` (a backup) is encrypted with the same key.

    Registers the key for ``copies`` and writes the source's key file beside the last one (the
    final name), so the copy opens on its own with the passphrase or the recovery key. Returns
    the key, or None for a plain source.
    """
    key = _key_for(_norm(source))
    if key is None:
        return None
    for copy in copies:
        unlock(copy, key)
    if copies:
        keyfile = keywrap.KeyFile.read(keywrap.keys_path(Path(source)))
        keyfile.write(keywrap.keys_path(Path(copies[-1])))
    return key


def remove_key_file(db_path: Path) -> None:
    """Delete the key file of a database file that was deleted (a rotated backup)."""
    kp = keywrap.keys_path(Path(db_path))
    try:
        kp.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise StorageError(f"Could not remove the key file {kp}: {exc.strerror or exc}") \
            from exc


# -- connections ---------------------------------------------------------------------------------

def _path_of(target: Any, uri: bool) -> Path | None:
    text = os.fspath(target) if isinstance(target, os.PathLike) else target
    if not isinstance(text, str) or text in ("", ":memory:"):
        return None
    if uri and text.startswith("file:"):
        parts = urlsplit(text)
        if not parts.path:
            return None
        return _norm(_url2pathname(parts.path))
    return _norm(text)


def connect(target: Any, *args: Any, **kwargs: Any) -> Any:
    """``sqlite3.connect``, or an SQLCipher connection when ``target`` is an unlocked database.

    Takes the same arguments as ``sqlite3.connect`` (``uri=True`` URIs included).
    """
    if _locked and not _keys:
        path = _path_of(target, bool(kwargs.get("uri")))
        if path in _locked and is_encrypted(path):
            raise PassphraseNeeded(path)
    if _keys:
        path = _path_of(target, bool(kwargs.get("uri")))
        key = _key_for(path) if path is not None else None
        if key is None and path in _locked and is_encrypted(path):
            raise PassphraseNeeded(path)
        if key is not None and path is not None and kwargs.get("check_same_thread") is False:
            # Every use opens a connection (NullPool, short reads); for an encrypted file that
            # would decrypt the same pages again each time. Closed connections are kept idle,
            # page cache and all, for the next open of the same file the same way. Only those
            # any thread may use (the engine's and ``Database.read``'s): the others are one-off
            # copies and checks, and belong to the thread that opened them.
            home = (path, os.fspath(target) if not isinstance(target, str) else target, args,
                    tuple(sorted((k, repr(v)) for k, v in kwargs.items())))
            with _guard:
                idle = _idle.get(home)
                raw = idle.pop() if idle else None
            if raw is not None:
                return CipherConnection(raw, home, _park)
            conn = keyed_connect(target, key, *args, **kwargs)
            object.__setattr__(conn, "_home", home)
            object.__setattr__(conn, "_park", _park)
            if "mode=ro" not in str(target):
                _optimize(conn)
            return conn
        if key is not None:
            return keyed_connect(target, key, *args, **kwargs)
    return sqlite3.connect(target, *args, **kwargs)


def _raw_connect(target: Any, *args: Any, **kwargs: Any) -> Any:
    import sqlcipher3

    try:
        return sqlcipher3.connect(target, *args, **kwargs)
    except sqlcipher3.Error as exc:
        raise _translate(exc) from None


def keyed_connect(target: Any, key: bytes | None, *args: Any, **kwargs: Any) -> CipherConnection:
    """An SQLCipher connection with ``key`` applied (None: SQLCipher reading a plain file)."""
    conn = _raw_connect(target, *args, **kwargs)
    wrapped = CipherConnection(conn)
    if key is not None:
        try:
            # A raw 256-bit key: SQLCipher skips its own key derivation (done once, by scrypt).
            wrapped.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            for setting in CIPHER_SETTINGS:
                wrapped.execute(f"PRAGMA {setting}")
            wrapped.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        except BaseException:
            conn.close()
            raise
    return wrapped


def _optimize(conn: CipherConnection) -> None:
    """Keep the query planner's statistics fresh (SQLite's advice for long-lived connections).

    SQLCipher bundles a newer SQLite than the system's, whose planner without statistics picks
    a slower index for the lists at 100,000 grievances (see ``bench/README.md`` § 9). Bounded by
    ``analysis_limit``; nothing is done when the statistics are fresh. A busy or read-only file
    simply keeps the statistics it has.
    """
    with contextlib.suppress(sqlite3.Error):
        conn.execute("PRAGMA analysis_limit = 1000")
        conn.execute("PRAGMA optimize = 0x10002")


def _park(raw: Any, home: tuple[Any, ...]) -> bool:
    """Keep a closed connection for reuse (True), or say it must really be closed."""
    try:
        if raw.in_transaction:
            raw.rollback()
        raw.execute("PRAGMA query_only = OFF")  # a reader's setting must not reach a writer
    except Exception:
        return False
    with _guard:
        if home[0] not in _keys:
            return False
        idle = _idle.setdefault(home, [])
        if len(idle) >= MAX_IDLE:
            return False
        idle.append(raw)
    return True


def creator_for(url: str, *, read_only: bool, timeout: float) -> Any:
    """A ``creator=`` for ``create_engine`` when ``url`` is an unlocked database, else None."""
    if not _keys or not url.startswith("sqlite") or "///" not in url:
        return None
    path = _path_of(url.split("///", 1)[1].split("?", 1)[0], False)
    key = _key_for(path) if path is not None else None
    if key is None or path is None:
        return None
    uri = f"{path.as_uri()}?mode={'ro' if read_only else 'rw'}"

    def create() -> CipherConnection:
        # Looked up on every connection, never kept here: once the database is locked (idle
        # lock, closing) the engine cannot open it again until it is unlocked.
        if _key_for(path) is None:
            raise PassphraseNeeded(path)
        conn: CipherConnection = connect(uri, uri=True, timeout=timeout,
                                         check_same_thread=False)
        return conn

    return create
