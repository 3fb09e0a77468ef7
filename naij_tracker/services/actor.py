"""Who is acting: the configured officer name, else the operating-system user."""

from __future__ import annotations

from naij_tracker.os_user import os_user

__all__ = ["os_user"]
