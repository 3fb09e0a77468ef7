"""Sub-commands: safety."""

from __future__ import annotations
