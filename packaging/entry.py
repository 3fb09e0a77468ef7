"""The bundle's entry point: the GUI and the command line in one executable.

``naij-tracker`` with no command opens the window; with a command it works headless, exactly as
the ``naij-tracker`` script of a ``pip install``. Two things only a frozen build needs:

* the spreadsheet reader runs in a child process started as ``sys.executable -P worker.py``
  (``naij_tracker/importing/safety.py``); in a bundle ``sys.executable`` is this program, so that
  call is recognised here and runs the worker module instead of the application;
* on Windows the executable is built without a console (no black window behind the GUI), so a
  command typed in a terminal attaches to that terminal to print its output.
"""

from __future__ import annotations

import sys


def _attach_windows_console() -> None:
    import ctypes

    attach_parent_process = -1
    if ctypes.windll.kernel32.AttachConsole(attach_parent_process):  # type: ignore[attr-defined]
        sys.stdout = open("CONOUT$", "w", encoding="utf-8", buffering=1)  # noqa: SIM115
        sys.stderr = open("CONOUT$", "w", encoding="utf-8", buffering=1)  # noqa: SIM115


def main() -> int:
    args = sys.argv[1:]
    if len(args) >= 2 and args[0] == "-P" and args[1].endswith("worker.py"):
        import runpy

        sys.argv = args[1:]
        runpy.run_module("naij_tracker.importing.worker", run_name="__main__", alter_sys=True)
        return 0
    if sys.platform == "win32" and args and sys.stdout is None:
        _attach_windows_console()
    from naij_tracker.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
