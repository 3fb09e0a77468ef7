"""The database key, wrapped twice, in a small key file beside an encrypted database.

An encrypted database is encrypted by SQLCipher with a random 256-bit *database key* that no
person ever types. The key file (``cases.sqlite3-keys``, JSON, readable by the user only) holds
that key wrapped twice:

* under the **passphrase**, stretched with ``hashlib.scrypt`` (memory-hard, so guessing is slow
  even on a GPU), and
* under the **recovery key**, 30 random characters from an alphabet without look-alikes
  (no 0/O, 1/I/L, U), shown once as six groups of five: about 147 bits, beyond guessing.

A wrapping is ``key XOR scrypt(secret, salt)[:32]`` with ``HMAC-SHA256(scrypt(...)[32:])`` over
it (encrypt-then-MAC). Each wrapping has its own random salt, so the pad is never reused, and
the MAC tells a wrong secret from a right one before any byte of the database is read. Changing
the passphrase rewrites only its wrapping: the database file is not re-encrypted, and a backup
made before the change still opens with the recovery key (or the old passphrase).

The file holds nothing that helps an attacker beyond the salts: no hash of the passphrase that
is cheaper to attack than the scrypt itself.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from naij_tracker.db.errors import StorageError

# hashlib, hmac and secrets are imported where a key is made or opened: they load OpenSSL's
# libcrypto (some 3 MB of memory), which opening a plain database never needs.

KEY_BYTES = 32
KEYS_SUFFIX = "-keys"
FORMAT = "naij-tracker-keys"
#: scrypt cost for new wrappings: 2**17 x 8 x 128 bytes = 128 MiB, about half a second.
#: Stored in each file, so the tests (and a future version) may use other values.
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
#: Characters of a recovery key: digits and capitals without 0, 1, I, L, O and U.
RECOVERY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
RECOVERY_GROUPS = 6
RECOVERY_GROUP_LEN = 5
_WRAP_LABEL = b"naij-tracker key wrap v1"
_ID_LABEL = b"naij-tracker key id v1"


class WrongSecret(StorageError):
    """The passphrase or recovery key does not open this database."""


def keys_path(db_path: Path) -> Path:
    """The key file of a database: ``cases.sqlite3`` → ``cases.sqlite3-keys``."""
    return db_path.with_name(db_path.name + KEYS_SUFFIX)


def key_id(key: bytes) -> str:
    """A short public name of a database key (an HMAC of it, revealing nothing of the key)."""
    import hashlib
    import hmac

    return hmac.new(key, _ID_LABEL, hashlib.sha256).hexdigest()[:32]


def new_database_key() -> bytes:
    import secrets

    return secrets.token_bytes(KEY_BYTES)


def new_recovery_key() -> str:
    """Six groups of five characters, e.g. ``7KQ4M-XW2CD-…``."""
    import secrets

    chars = "".join(secrets.choice(RECOVERY_ALPHABET)
                    for _ in range(RECOVERY_GROUPS * RECOVERY_GROUP_LEN))
    return format_recovery_key(chars)


def format_recovery_key(chars: str) -> str:
    n = RECOVERY_GROUP_LEN
    return "-".join(chars[i:i + n] for i in range(0, len(chars), n))


def normalise_recovery_key(text: str) -> str:
    """The 30 characters of a typed recovery key: spaces and dashes ignored, any case.

    Raises ``WrongSecret`` naming the first character that cannot be in a recovery key.
    """
    chars = "".join(ch for ch in text.upper() if ch not in " -\t\n")
    for ch in chars:
        if ch not in RECOVERY_ALPHABET:
            raise WrongSecret(f"'{ch}' is not in a recovery key (they use 2–9 and A–Z without "
                              "I, L, O and U).")
    if len(chars) != RECOVERY_GROUPS * RECOVERY_GROUP_LEN:
        raise WrongSecret(f"A recovery key has {RECOVERY_GROUPS * RECOVERY_GROUP_LEN} "
                          f"characters; this one has {len(chars)}.")
    return chars


def _passphrase_bytes(passphrase: str) -> bytes:
    # NFC: the same passphrase typed on two keyboards (é as one or two code points) is the same.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    return base64.b64decode(str(text), validate=True)


def _derive(secret: bytes, salt: bytes, n: int, r: int, p: int) -> bytes:
    import hashlib

    return hashlib.scrypt(secret, salt=salt, n=n, r=r, p=p, dklen=64,
                          maxmem=256 * 1024 * 1024)


def wrap(key: bytes, secret: bytes) -> dict[str, Any]:
    import hashlib
    import hmac
    import secrets

    salt = secrets.token_bytes(16)
    derived = _derive(secret, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    wrapped = bytes(a ^ b for a, b in zip(key, derived[:KEY_BYTES], strict=True))
    mac = hmac.new(derived[32:], _WRAP_LABEL + wrapped, hashlib.sha256).digest()
    return {"kdf": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
            "salt": _b64(salt), "wrapped": _b64(wrapped), "mac": _b64(mac)}


def unwrap(entry: dict[str, Any], secret: bytes) -> bytes | None:
    """The key inside ``entry`` if ``secret`` is the right one, else None."""
    import hashlib
    import hmac

    derived = _derive(secret, _unb64(entry["salt"]), int(entry["n"]), int(entry["r"]),
                      int(entry["p"]))
    wrapped = _unb64(entry["wrapped"])
    mac = hmac.new(derived[32:], _WRAP_LABEL + wrapped, hashlib.sha256).digest()
    if not hmac.compare_digest(mac, _unb64(entry["mac"])):
        return None
    return bytes(a ^ b for a, b in zip(wrapped, derived[:KEY_BYTES], strict=True))


@dataclass
class KeyFile:
    """The parsed key file of one encrypted database."""

    path: Path
    key_id: str
    passphrase: dict[str, Any]
    recovery: dict[str, Any]

    @classmethod
    def create(cls, path: Path, key: bytes, passphrase: str, recovery_key: str) -> KeyFile:
        return cls(path, key_id(key), wrap(key, _passphrase_bytes(passphrase)),
                   wrap(key, normalise_recovery_key(recovery_key).encode("ascii")))

    @classmethod
    def read(cls, path: Path) -> KeyFile:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or int(data.get("version", 0)) != 1:
                raise ValueError("not a key file of this application")
            return cls(path, str(data["key_id"]), dict(data["passphrase"]),
                       dict(data["recovery"]))
        except FileNotFoundError:
            raise StorageError(f"The key file {path} is missing: an encrypted database cannot "
                               "be opened without it. Copy it back beside the database.") from None
        except OSError as exc:
            raise StorageError(f"Cannot read the key file {path}: {exc.strerror or exc}.") \
                from exc
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise StorageError(f"The key file {path} is damaged ({exc}); restore it from a "
                               "backup (each backup has its own beside it).") from exc

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "version": 1, "cipher": "sqlcipher4",
                           "key_id": self.key_id, "passphrase": self.passphrase,
                           "recovery": self.recovery}, indent=2) + "\n"

    def write(self, path: Path | None = None) -> Path:
        """Write atomically (temporary file, flushed, renamed), readable by the user only."""
        dest = path or self.path
        tmp = dest.with_name(dest.name + ".partial")
        try:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(self.to_json())
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, dest)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise StorageError(f"Could not write the key file {dest}: {exc.strerror or exc}.") \
                from exc
        return dest

    def _checked(self, key: bytes | None) -> bytes | None:
        return key if key is not None and key_id(key) == self.key_id else None

    def open_with_passphrase(self, passphrase: str) -> bytes | None:
        return self._checked(unwrap(self.passphrase, _passphrase_bytes(passphrase)))

    def open_with_recovery_key(self, recovery_key: str) -> bytes | None:
        chars = normalise_recovery_key(recovery_key)
        return self._checked(unwrap(self.recovery, chars.encode("ascii")))

    def with_passphrase(self, key: bytes, passphrase: str) -> KeyFile:
        """The same file with the key wrapped under a new passphrase (new salt)."""
        return KeyFile(self.path, self.key_id, wrap(key, _passphrase_bytes(passphrase)),
                       self.recovery)

    def with_recovery_key(self, key: bytes, recovery_key: str) -> KeyFile:
        return KeyFile(self.path, self.key_id, self.passphrase,
                       wrap(key, normalise_recovery_key(recovery_key).encode("ascii")))
