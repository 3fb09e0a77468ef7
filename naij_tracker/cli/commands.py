"""Sub-commands beyond ``info`` and ``demo``: each capability registers its own module here.

Each module decorates its handlers with ``naij_tracker.cli.common.command`` and appends a function
that adds its sub-parsers to ``naij_tracker.cli.common.EXTENSIONS``.
"""

from __future__ import annotations

import naij_tracker.cli.encryption  # noqa: F401
from naij_tracker.cli import brief, deadlines, imports, letters, safety  # noqa: F401
