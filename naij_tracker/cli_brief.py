"""Sub-commands: brief."""

from __future__ import annotations
