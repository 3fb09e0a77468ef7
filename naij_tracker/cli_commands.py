"""Sub-commands beyond ``info`` and ``demo``: each capability registers its own module here.

Each module decorates its handlers with ``naij_tracker.cli.command`` and appends a function that
adds its sub-parsers to ``naij_tracker.cli.EXTENSIONS``.
"""

from __future__ import annotations

from naij_tracker import cli_brief, cli_deadlines, cli_import, cli_safety  # noqa: F401
