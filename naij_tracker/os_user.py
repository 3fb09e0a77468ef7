"""Who is using this computer: the operating system's name for the current user."""

from __future__ import annotations

import getpass


def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers, some CI runners)
        return "unknown user"
