"""Sub-commands: import."""

from __future__ import annotations
