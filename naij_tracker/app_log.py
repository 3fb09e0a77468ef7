"""Where the application writes its log, and what happens to an error nobody caught.

An unexpected exception — in a Qt slot, on a worker thread, or in the command line — must never
vanish: ``install_excepthooks`` logs it (with its traceback) to a rotating file in the user's log
folder and hands a one-line notice naming that file to whoever shows messages (a dialog in the
window, standard error in a terminal). Start-up calls ``setup_logging`` once, before anything
else can fail.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from naij_tracker.paths import APP_NAME

#: Tests and portable installs may put the log elsewhere.
LOG_DIR_VAR = "NAIJ_TRACKER_LOG_DIR"
LOG_FILE_NAME = "naij-tracker.log"
_MAX_BYTES = 1_000_000
_BACKUPS = 5

log = logging.getLogger("naij_tracker")
_handler: RotatingFileHandler | None = None


def log_folder() -> Path:
    """The user's log folder for this application (created on first use, readable by them only)."""
    configured = os.environ.get(LOG_DIR_VAR)
    if configured:
        return Path(configured)
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, appauthor=False)


def log_file() -> Path:
    return log_folder() / LOG_FILE_NAME


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Log the package's messages to the rotating file; returns its path (None if the folder
    cannot be written: the application still runs, it only cannot keep a log)."""
    global _handler
    path = log_file()
    if _handler is not None and Path(_handler.baseFilename) == path:
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = RotatingFileHandler(path, maxBytes=_MAX_BYTES, backupCount=_BACKUPS,
                                      encoding="utf-8", delay=False)
        os.chmod(path, 0o600)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"))
    if _handler is not None:
        log.removeHandler(_handler)
        _handler.close()
    _handler = handler
    log.addHandler(handler)
    log.setLevel(level)
    return path


def notice_for_unexpected() -> str:
    """The one line an officer sees for a bug: what happened and where the details are."""
    return f"An unexpected error occurred; details are in {log_file()}"


def install_excepthooks(show: Callable[[str], None]) -> None:
    """Log every uncaught exception (main thread, Qt slots, other threads) and ``show`` a notice.

    PySide6 reports an exception raised in a slot through ``sys.excepthook``; worker threads
    through ``threading.excepthook``. ``show`` runs on the thread that failed: a GUI passes a
    function that hands the text to the GUI thread.
    """

    def on_uncaught(kind: type[BaseException], exc: BaseException,
                    tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        log.error("Uncaught exception", exc_info=(kind, exc, tb))
        show(notice_for_unexpected())

    def on_thread(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        log.error("Uncaught exception in thread %s",
                  args.thread.name if args.thread else "?",
                  exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
        show(notice_for_unexpected())

    sys.excepthook = on_uncaught
    threading.excepthook = on_thread
