"""The application's one clock: what "today" and "now" are.

Every date the application derives from the calendar ("overdue", "this week", a new matter's
opened date, history timestamps) asks this module, never ``date.today()`` or ``datetime.now()``
directly, so that tests — and an officer checking how a deadline list looked on another day —
can fix the day. ``fixed(day)`` moves the clock to *day* while time of day keeps running, so
timestamps stay ordered and anything that measures elapsed time still works.

The database lock and backup rotation keep the machine's wall clock (``db/lock.py``,
``db/backup.py``): they compare against other processes' heartbeats and file times, not the
officer's calendar.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

_offset = timedelta(0)


def now() -> datetime:
    """The local time now (naive, as stored in the database), shifted when the clock is fixed."""
    return datetime.now() + _offset


def utc_now() -> datetime:
    """The time now in UTC (aware), shifted like :func:`now`."""
    return datetime.now(UTC) + _offset


def today() -> date:
    """The officer's calendar day."""
    return now().date()


def set_today(day: date | None) -> None:
    """Make *day* today from now on (``None`` returns to the real calendar)."""
    global _offset
    _offset = timedelta(0) if day is None else day - datetime.now().date()


@contextmanager
def fixed(day: date) -> Iterator[None]:
    """Within the block, today is *day*; afterwards the clock is what it was."""
    global _offset
    saved = _offset
    set_today(day)
    try:
        yield
    finally:
        _offset = saved
