"""Encrypted databases: create, encrypt in place, decrypt, unlock, change the passphrase.

What both the GUI (File ▸ Encrypt this database… and friends) and the command line
(``naij-tracker encrypt`` …) call. The database key is random and never changes; the passphrase
and the recovery key only unlock it (``naij_tracker.db.keywrap``), so changing the passphrase
rewrites a small key file, not the database.

Converting a file (``encrypt_in_place``, ``decrypt_in_place``) needs the file quiet: the caller
holds the session lock and has closed its engine. The converted copy is written beside the
original, compared row for row and checked for integrity, and only then renamed over it; the
original is kept in the backups folder (``before-encryption`` / ``before-decryption``).
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from naij_tracker.db import backup as bk
from naij_tracker.db import cipher, cipher_files, keywrap
from naij_tracker.db.errors import StorageError
from naij_tracker.db.keywrap import WrongSecret

#: Seconds to wait after a wrong passphrase (on top of scrypt's own half second): slows a
#: guesser at the keyboard without locking out an officer who mistyped.
WRONG_SECRET_DELAY = 1.0
MIN_PASSPHRASE = 8
BEFORE_ENCRYPTION = "before-encryption"
BEFORE_DECRYPTION = "before-decryption"


@dataclass
class Encryption:
    """The outcome of encrypting a database: what the officer must see once, and act on."""

    path: Path
    recovery_key: str
    before_encryption: Path | None = None
    #: Backups written before the database was encrypted: still readable by anyone.
    plain_backups: list[Path] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)


def passphrase_problem(passphrase: str, again: str | None = None) -> str | None:
    """Why a new passphrase is refused (None when it is acceptable)."""
    if len(passphrase) < MIN_PASSPHRASE:
        return f"The passphrase needs at least {MIN_PASSPHRASE} characters."
    if passphrase.strip() != passphrase:
        return "The passphrase may not begin or end with a space."
    if again is not None and again != passphrase:
        return "The two passphrases are not the same."
    return None


def _check_new(passphrase: str) -> None:
    problem = passphrase_problem(passphrase)
    if problem:
        raise StorageError(problem)


def _file(path: str | os.PathLike[str]) -> Path:
    return Path(path).expanduser().absolute()


def is_encrypted(path: str | os.PathLike[str]) -> bool:
    return cipher.is_encrypted(_file(path))


def is_unlocked(path: str | os.PathLike[str]) -> bool:
    return cipher.is_unlocked(_file(path))


def unlock(path: str | os.PathLike[str], secret: str, *, delay: float | None = None) -> str:
    """Unlock an encrypted database with its passphrase or its recovery key.

    Returns ``"passphrase"`` or ``"recovery key"`` (what opened it). A wrong secret raises
    ``WrongSecret`` — one line, after a short delay — and writes nothing anywhere.
    """
    path = _file(path)
    keyfile = keywrap.KeyFile.read(keywrap.keys_path(path))
    key = keyfile.open_with_passphrase(secret)
    used = "passphrase"
    if key is None:
        with contextlib.suppress(WrongSecret):
            key = keyfile.open_with_recovery_key(secret)
            used = "recovery key"
    if key is None:
        time.sleep(WRONG_SECRET_DELAY if delay is None else delay)
        raise WrongSecret(f"That passphrase does not open {path.name}; nothing was changed.")
    cipher.unlock(path, key)
    return used


def lock(path: str | os.PathLike[str]) -> None:
    """Forget the key (closing, idle lock): the file cannot be read again without the secret."""
    cipher.lock(_file(path))


def create_encrypted(path: str | os.PathLike[str], passphrase: str) -> str:
    """Make a new, empty encrypted database at ``path``; returns its recovery key (show once).

    ``path`` must not exist (or be empty). The database is left unlocked for this process.
    """
    from naij_tracker.db.opening import open_database

    path = _file(path)
    _check_new(passphrase)
    if path.exists() and path.stat().st_size > 0:
        raise StorageError(f"{path} already exists; choose a new file name.")
    if not cipher.available():
        raise StorageError("Encryption needs the sqlcipher3 package, which is not installed.")
    path.parent.mkdir(parents=True, exist_ok=True)
    key = keywrap.new_database_key()
    recovery = keywrap.new_recovery_key()
    keywrap.KeyFile.create(keywrap.keys_path(path), key, passphrase, recovery).write()
    cipher.unlock(path, key)
    try:
        open_database(path).close()
    except BaseException:
        cipher.lock(path)
        with contextlib.suppress(OSError):
            path.unlink()
        with contextlib.suppress(OSError):
            keywrap.keys_path(path).unlink()
        raise
    return recovery


def _quiesce(path: Path, key: bytes | None) -> None:
    """Fold the WAL into the file and leave no ``-wal`` behind (it must not outlive the file).

    A stale ``-wal`` beside the converted file would be replayed into it by the next open.
    """
    cipher.release(path)  # idle connections would keep the file in WAL mode
    conn = cipher.keyed_connect(bk.sqlite_uri(path, "rw"), key, uri=True, timeout=5,
                                isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise StorageError(f"{path} is still in use by another program; close it and try again. "
                           "Nothing was changed.")


def _replace(tmp: Path, path: Path) -> None:
    cipher_files.fsync_path(tmp)
    os.replace(tmp, path)
    with contextlib.suppress(OSError):
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def plain_backups(path: str | os.PathLike[str]) -> list[Path]:
    """Backups of the database that are not encrypted (made before it was)."""
    return [b.path for b in bk.list_backups(_file(path))
            if cipher.has_plain_header(b.path)]


def encrypt_in_place(path: str | os.PathLike[str], passphrase: str) -> Encryption:
    """Encrypt a plain database file; the caller holds its lock and has closed its engine.

    The plain original is kept as a ``before-encryption`` backup: the officer is then asked to
    delete it (and the older plain backups) securely. The database is left unlocked.
    """
    path = _file(path)
    _check_new(passphrase)
    if cipher.has_plain_header(path) is not True:
        raise StorageError(f"{path} is not a plain database file (already encrypted?); "
                           "nothing was changed.")
    if not cipher.available():
        raise StorageError("Encryption needs the sqlcipher3 package, which is not installed.")
    _quiesce(path, None)
    key = keywrap.new_database_key()
    recovery = keywrap.new_recovery_key()
    tmp = path.with_name(path.name + ".encrypting")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    rows = cipher_files.convert_verified(path, None, tmp, key)
    try:
        before = bk.make_backup(path, BEFORE_ENCRYPTION)
        keywrap.KeyFile.create(keywrap.keys_path(path), key, passphrase, recovery).write()
        _replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if cipher.has_plain_header(path):  # not replaced: a key file would be a lie
            with contextlib.suppress(OSError):
                keywrap.keys_path(path).unlink()
        raise
    cipher.unlock(path, key)
    return Encryption(path, recovery, before, plain_backups(path), rows)


def decrypt_in_place(path: str | os.PathLike[str]) -> Path:
    """Write the database back as a plain file; returns the encrypted ``before-decryption``
    backup. The database must be unlocked; the caller holds its lock, its engine closed."""
    path = _file(path)
    key = cipher.require_key(path)
    _quiesce(path, key)
    tmp = path.with_name(path.name + ".decrypting")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    cipher_files.convert_verified(path, key, tmp, None)
    try:
        before = bk.make_backup(path, BEFORE_DECRYPTION)
        _replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    cipher.lock(path)
    cipher.remove_key_file(path)
    return before


def change_passphrase(path: str | os.PathLike[str], new_passphrase: str) -> None:
    """Wrap the database key under a new passphrase (the database must be unlocked).

    Only the key file changes; the recovery key stays valid.
    """
    path = _file(path)
    _check_new(new_passphrase)
    key = cipher.require_key(path)
    kp = keywrap.keys_path(path)
    keywrap.KeyFile.read(kp).with_passphrase(key, new_passphrase).write()


def verify_recovery_key(path: str | os.PathLike[str], recovery_key: str) -> bool:
    """Whether ``recovery_key`` opens the database (nothing is unlocked or written)."""
    keyfile = keywrap.KeyFile.read(keywrap.keys_path(_file(path)))
    try:
        return keyfile.open_with_recovery_key(recovery_key) is not None
    except WrongSecret:
        return False


def new_recovery_key(path: str | os.PathLike[str]) -> str:
    """Replace the recovery key (the old one stops working); returns the new one, to show once."""
    path = _file(path)
    key = cipher.require_key(path)
    recovery = keywrap.new_recovery_key()
    kp = keywrap.keys_path(path)
    keywrap.KeyFile.read(kp).with_recovery_key(key, recovery).write()
    return recovery


def delete_securely(path: Path) -> None:
    """Overwrite a file with random bytes, flush, then delete it (and its key file).

    On an SSD or a copy-on-write file system the old blocks may survive the overwrite; the
    README says so, and that full-disk encryption is what covers them.
    """
    path = Path(path)
    import secrets  # here: it loads OpenSSL's libcrypto, which a plain database never needs

    try:
        size = path.stat().st_size
        with open(path, "r+b") as fh:
            left = size
            while left > 0:
                chunk = min(left, 1 << 20)
                fh.write(secrets.token_bytes(chunk))
                left -= chunk
            fh.flush()
            os.fsync(fh.fileno())
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise StorageError(f"Could not delete {path}: {exc.strerror or exc}") from exc
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            path.with_name(path.name + suffix).unlink()
    cipher.remove_key_file(path)
