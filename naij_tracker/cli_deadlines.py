"""Sub-commands: deadlines."""

from __future__ import annotations
