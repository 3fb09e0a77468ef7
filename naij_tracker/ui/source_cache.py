"""The source text PySide6 reads at import time, let go of once the window is built.

PySide6's import hook (its ``__feature__`` support) looks whether each module imported after
PySide6 uses PySide6 by reading the module's source with ``inspect.getsource`` — which keeps
every line of every such file in ``linecache``: ≈ 1.5 million characters once the window's
modules are loaded, 1.4 MiB of the window's peak memory with the grievances list open
(``bench/`` row 8). Nothing of ours reads that cache; a traceback reads its file again when it
needs one.
"""

from __future__ import annotations

import linecache


def forget_module_sources() -> None:
    """Drop the lines ``linecache`` holds (refilled, file by file, only when asked for)."""
    linecache.clearcache()
