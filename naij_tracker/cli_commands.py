"""Sub-commands beyond ``info`` and ``demo``: each capability registers its own here."""

from __future__ import annotations
