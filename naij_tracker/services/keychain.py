"""“Remember on this computer”: a database's passphrase in the operating system's keychain.

Through ``keyring``: Windows Credential Manager, the macOS Keychain, the Secret Service
(GNOME Keyring, KWallet) on Linux. Only a *real* keychain counts: where ``keyring`` finds none
(its ``fail`` or ``null`` backend) or only a file of its own (``keyrings.alt``'s plain-text and
"encrypted" files, whose key sits beside them), ``available()`` is False, the option is not
offered, and nothing is ever written anywhere else.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

SERVICE = "NAIJ Case Tracker"
#: Backends that are no keychain: nothing stored, or stored in a file beside the user's data.
_NOT_A_KEYCHAIN = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


def _real(backend: Any) -> bool:
    if type(backend).__module__.startswith(_NOT_A_KEYCHAIN):
        return False
    if type(backend).__module__.startswith("keyring.backends.chainer"):
        return any(_real(b) for b in getattr(backend, "backends", []))
    try:
        return float(getattr(backend, "priority", 0)) >= 1
    except Exception:
        return False


def _backend() -> Any | None:
    try:
        import keyring
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration is no keychain
        return None
    if not _real(backend):
        return None
    return backend


def available() -> bool:
    """Whether a real keychain is there to remember passphrases in."""
    return _backend() is not None


def _account(db_path: str | os.PathLike[str]) -> str:
    return str(Path(db_path).expanduser().absolute())


def remember(db_path: str | os.PathLike[str], passphrase: str) -> bool:
    """Store the passphrase; False (nothing stored) where there is no real keychain."""
    backend = _backend()
    if backend is None:
        return False
    try:
        backend.set_password(SERVICE, _account(db_path), passphrase)
    except Exception:
        return False
    return True


def recall(db_path: str | os.PathLike[str]) -> str | None:
    backend = _backend()
    if backend is None:
        return None
    try:
        value = backend.get_password(SERVICE, _account(db_path))
    except Exception:
        return None
    return str(value) if value is not None else None


def forget(db_path: str | os.PathLike[str]) -> None:
    backend = _backend()
    if backend is None:
        return
    with contextlib.suppress(Exception):
        backend.delete_password(SERVICE, _account(db_path))
