"""``python -m naij_tracker.cli`` is the same as the ``naij-tracker`` command."""

import sys

from naij_tracker.cli import main

sys.exit(main())
