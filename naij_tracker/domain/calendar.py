"""The federal working-day calendar that deadlines are counted on.

A day is *not* a working day when it is

* a Saturday or a Sunday;
* a legal public holiday of 5 U.S.C. 6103(a), or the day observed in lieu of one: a holiday that
  falls on a Saturday is observed the Friday before and one that falls on a Sunday the Monday
  after (5 U.S.C. 6103(b); Executive Order 11582). New Year's Day 2022 (a Saturday) was therefore
  observed on Friday 2021-12-31. Juneteenth exists from 2021 (Pub. L. 117-17). The dates come from
  the ``holidays`` package (``holidays.US``, category ``public``, ``observed=True``), not from a
  list written by hand;
* a *closure*: a whole-day closing of the executive departments and agencies ordered by the
  President (Christmas Eve closings, national days of mourning). Closures are data, not code:
  the built-in list lives in ``resources/data/closures.json`` with the order that made each one,
  and the officer can add more in the database; pass both to :class:`FederalCalendar`.
  5 C.F.R. 2429.21(a) names only Saturdays, Sundays and federal legal holidays; the orders bring
  closure days under 5 U.S.C. 6103(b) for pay and leave, and whether the Authority extends a
  filing period over them is not settled. So a calendar can count closures or not
  (:meth:`FederalCalendar.without_closures`); the deadline engine counts both ways and shows the
  earlier date, naming the later one as an alternative.

A *shutdown* (a lapse in appropriations) is not a non-working day: the deadline stands. The
recorded shutdowns (also in ``closures.json``) only let the engine warn about a deadline that
falls in one (:meth:`FederalCalendar.shutdown_on`).

Inauguration Day is *not* a non-working day here: 5 U.S.C. 6103(c) makes it a holiday only for
employees in the District of Columbia and the surrounding counties, not nationwide, and the
FLRA's eFiling system stays open. Treating it as a working day can only make a deadline earlier,
never later; an officer whose counsel advises otherwise can add it as a closure.

The calendar covers the years :data:`MIN_YEAR`–:data:`MAX_YEAR` (from the Federal Service
Labor-Management Relations Statute, effective 1979, to a horizon past any realistic filing
period). Asking about a day outside it raises :class:`CalendarRangeError` rather than guessing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from holidays.countries import US as USHolidays

from naij_tracker.resource_files import resource_path

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "CalendarRangeError",
    "Closure",
    "Shutdown",
    "ClosureFileError",
    "FederalCalendar",
    "default_calendar",
    "load_builtin_closures",
    "load_builtin_shutdowns",
    "load_closures",
    "load_shutdowns",
]

#: First and last years the calendar answers for (inclusive).
MIN_YEAR = 1979
MAX_YEAR = 2107

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class CalendarRangeError(ValueError):
    """A day outside the years the federal calendar covers."""


class ClosureFileError(ValueError):
    """The closure list could not be read (missing file, bad JSON, a malformed entry)."""


def weekday_name(d: date) -> str:
    """``"Monday"`` … ``"Sunday"`` (locale-independent, unlike ``strftime("%A")``)."""
    return _WEEKDAY_NAMES[d.weekday()]


def _require_date(d: object, what: str = "day") -> date:
    # datetime is a subclass of date; a datetime here is a programming error that would make
    # comparisons with plain dates fail later, so refuse it at the door.
    if isinstance(d, datetime) or not isinstance(d, date):
        raise TypeError(f"{what} must be a datetime.date, got {type(d).__name__}")
    return d


@dataclass(frozen=True, slots=True)
class Closure:
    """One whole day on which federal offices were (or will be) closed, with why and by what."""

    day: date
    reason: str
    source: str

    def __post_init__(self) -> None:
        _require_date(self.day, "closure day")
        if not self.reason.strip():
            raise ValueError(f"closure on {self.day.isoformat()} needs a reason")


@dataclass(frozen=True, slots=True)
class Shutdown:
    """A lapse in appropriations from ``first`` to ``last`` (inclusive): not a holiday."""

    first: date
    last: date
    reason: str
    source: str

    def __post_init__(self) -> None:
        _require_date(self.first, "shutdown start")
        _require_date(self.last, "shutdown end")
        if self.last < self.first:
            raise ValueError(f"shutdown from {self.first.isoformat()} ends before it starts")

    def describe(self) -> str:
        return f"{self.reason.lower()} {self.first.isoformat()} to {self.last.isoformat()}"


@lru_cache(maxsize=4)
def _federal_holidays(first_year: int, last_year: int) -> dict[date, str]:
    """Legal public holidays (5 U.S.C. 6103) with their observed days, as a plain dict.

    Built eagerly once per year range and returned as an ordinary ``dict`` so that lookups never
    mutate shared state (``holidays`` objects expand lazily on lookup), which keeps the calendar
    safe to use from worker threads.
    """
    # The same class as ``holidays.US``, which the package builds lazily and mypy cannot see.
    table = USHolidays(
        categories=("public",), observed=True, years=range(first_year, last_year + 1)
    )
    return {d: str(name) for d, name in table.items() if first_year <= d.year <= last_year}


class FederalCalendar:
    """Working days of the U.S. Federal Government: weekdays that are neither a legal public
    holiday (or its observed day) nor a closure.

    ``closures`` is any iterable of :class:`Closure`; when two closures share a day, the later one
    wins (so an officer's corrected entry overrides a built-in one). The calendar itself is
    immutable; use :meth:`with_closures` to derive one with more closures.
    """

    __slots__ = (
        "_closures", "_count_closures", "_first_year", "_holidays", "_last_year", "_other",
        "_shutdowns",
    )

    def __init__(
        self,
        closures: Iterable[Closure] = (),
        *,
        first_year: int = MIN_YEAR,
        last_year: int = MAX_YEAR,
        shutdowns: Iterable[Shutdown] = (),
        count_closures: bool = True,
    ) -> None:
        if not (MIN_YEAR <= first_year <= last_year <= MAX_YEAR):
            raise ValueError(
                f"calendar years must lie within {MIN_YEAR}-{MAX_YEAR}, "
                f"got {first_year}-{last_year}"
            )
        self._first_year = first_year
        self._last_year = last_year
        self._holidays = _federal_holidays(first_year, last_year)
        by_day: dict[date, Closure] = {}
        for closure in closures:
            if not isinstance(closure, Closure):
                raise TypeError(f"closures must be Closure objects, got {type(closure).__name__}")
            by_day[closure.day] = closure
        self._closures = dict(sorted(by_day.items()))
        self._shutdowns = tuple(sorted(shutdowns, key=lambda x: x.first))
        self._count_closures = bool(count_closures)
        self._other: FederalCalendar | None = None  # the other reading of closures, made once

    def __repr__(self) -> str:
        return (
            f"FederalCalendar({len(self._closures)} closures, {self._first_year}-{self._last_year})"
        )

    # --- what the calendar holds -------------------------------------------------------------

    @property
    def first_year(self) -> int:
        return self._first_year

    @property
    def last_year(self) -> int:
        return self._last_year

    @property
    def closures(self) -> tuple[Closure, ...]:
        """The closures, in date order."""
        return tuple(self._closures.values())

    @property
    def counts_closures(self) -> bool:
        """Whether closure days are non-working days in this calendar."""
        return self._count_closures

    @property
    def shutdowns(self) -> tuple[Shutdown, ...]:
        return self._shutdowns

    def with_closures(self, closures: Iterable[Closure]) -> FederalCalendar:
        """A new calendar with ``closures`` added to (and overriding) this one's."""
        return FederalCalendar(
            [*self._closures.values(), *closures],
            first_year=self._first_year,
            last_year=self._last_year,
            shutdowns=self._shutdowns,
            count_closures=self._count_closures,
        )

    def with_shutdowns(self, shutdowns: Iterable[Shutdown]) -> FederalCalendar:
        """A new calendar that also knows these shutdowns (for warnings only)."""
        return FederalCalendar(
            self._closures.values(),
            first_year=self._first_year,
            last_year=self._last_year,
            shutdowns=[*self._shutdowns, *shutdowns],
            count_closures=self._count_closures,
        )

    def counting_closures(self, count: bool) -> FederalCalendar:
        """This calendar with closure days counted as non-working days, or not."""
        if count == self._count_closures:
            return self
        if self._other is None:
            self._other = FederalCalendar(
                self._closures.values(),
                first_year=self._first_year,
                last_year=self._last_year,
                shutdowns=self._shutdowns,
                count_closures=count,
            )
            self._other._other = self
        return self._other

    def without_closures(self) -> FederalCalendar:
        """Weekends and legal holidays only: 5 C.F.R. 2429.21(a) read literally."""
        return self.counting_closures(False)

    def closures_between(self, first: date, last: date) -> list[Closure]:
        """The closures from ``first`` to ``last`` inclusive, counted or not."""
        return [c for d, c in self._closures.items() if first <= d <= last]

    def shutdown_on(self, d: date) -> Shutdown | None:
        """The recorded lapse in appropriations that ``d`` falls in, if any."""
        for shutdown in self._shutdowns:
            if shutdown.first <= d <= shutdown.last:
                return shutdown
        return None

    def covers(self, d: date) -> bool:
        """Whether ``d`` lies in the years this calendar answers for."""
        return self._first_year <= _require_date(d).year <= self._last_year

    def check_covers(self, d: date) -> date:
        """``d`` itself, or :class:`CalendarRangeError` when the calendar does not cover it."""
        return self._check(d)

    def _check(self, d: date) -> date:
        if not self.covers(d):
            raise CalendarRangeError(
                f"{d.isoformat()} is outside the federal calendar, which covers "
                f"{self._first_year}-{self._last_year} only"
            )
        return d

    # --- single days ------------------------------------------------------------------------

    def holiday_name(self, d: date) -> str | None:
        """The legal public holiday on ``d`` (e.g. ``"Christmas Day (observed)"``), if any."""
        return self._holidays.get(self._check(d))

    def closure_on(self, d: date) -> Closure | None:
        """The closure on ``d``, if any."""
        return self._closures.get(self._check(d))

    def why_not_working(self, d: date) -> str | None:
        """``None`` for a working day, otherwise why not, in plain words.

        ``"Saturday"``, ``"Sunday"``, ``"Thanksgiving Day (federal holiday)"``,
        ``"Christmas Day (observed)"`` or ``"closure: <reason>"``.
        """
        self._check(d)
        if d.weekday() >= 5:
            return weekday_name(d)
        name = self._holidays.get(d)
        if name is not None:
            return name if name.endswith("(observed)") else f"{name} (federal holiday)"
        closure = self._closures.get(d) if self._count_closures else None
        if closure is not None:
            return f"closure: {closure.reason}"
        return None

    def is_working_day(self, d: date) -> bool:
        return self.why_not_working(d) is None

    # --- moving between days ------------------------------------------------------------------

    def next_working_day(self, d: date) -> date:
        """``d`` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(d):
            d = self._step(d, 1)
        return d

    def previous_working_day(self, d: date) -> date:
        """``d`` itself if it is a working day, else the last working day before it."""
        while not self.is_working_day(d):
            d = self._step(d, -1)
        return d

    def add_working_days(self, d: date, n: int) -> date:
        """The ``n``-th working day after ``d`` (``d`` itself not counted; ``n == 0`` gives ``d``).

        A negative ``n`` counts back: the ``|n|``-th working day before ``d``.
        """
        self._check(d)
        step = 1 if n >= 0 else -1
        remaining = abs(n)
        while remaining:
            d = self._step(d, step)
            if self.is_working_day(d):
                remaining -= 1
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days fall after ``start`` up to and including ``end``."""
        self._check(start)
        self._check(end)
        count = 0
        d = start
        while d < end:
            d += timedelta(days=1)
            if self.is_working_day(d):
                count += 1
        return count

    def non_working_days(self, start: date, end: date) -> list[tuple[date, str]]:
        """Every non-working day from ``start`` to ``end`` inclusive, with the reason."""
        out: list[tuple[date, str]] = []
        d = self._check(start)
        self._check(end)
        while d <= end:
            why = self.why_not_working(d)
            if why is not None:
                out.append((d, why))
            d += timedelta(days=1)
        return out

    def _step(self, d: date, days: int) -> date:
        try:
            nxt = d + timedelta(days=days)
        except OverflowError:
            raise CalendarRangeError(f"{d.isoformat()} is at the end of the calendar") from None
        return self._check(nxt)


# --- the closure list -------------------------------------------------------------------------


def _parse_closure(entry: object, where: str) -> Closure:
    if not isinstance(entry, dict):
        raise ClosureFileError(f"{where}: expected an object with day, reason and source")
    missing = [k for k in ("day", "reason", "source") if not isinstance(entry.get(k), str)]
    if missing:
        raise ClosureFileError(f"{where}: missing or non-text field(s): {', '.join(missing)}")
    try:
        day = date.fromisoformat(entry["day"])
    except ValueError:
        raise ClosureFileError(f"{where}: day {entry['day']!r} is not a YYYY-MM-DD date") from None
    try:
        return Closure(day=day, reason=entry["reason"].strip(), source=entry["source"].strip())
    except ValueError as exc:
        raise ClosureFileError(f"{where}: {exc}") from None


def _read_closure_file(path: Path) -> object:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ClosureFileError(f"{path}: cannot read the closure list ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise ClosureFileError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from None


def load_closures(path: Path) -> list[Closure]:
    """Read a closure list: ``{"closures": [{"day", "reason", "source"}, …]}`` or a bare list."""
    data = _read_closure_file(path)
    entries = data.get("closures") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise ClosureFileError(f'{path}: expected a list of closures under "closures"')
    return [_parse_closure(e, f"{path}, entry {i + 1}") for i, e in enumerate(entries)]


def _parse_shutdown(entry: object, where: str) -> Shutdown:
    if not isinstance(entry, dict):
        raise ClosureFileError(f"{where}: expected an object with first, last, reason and source")
    missing = [k for k in ("first", "last", "reason", "source") if not isinstance(entry.get(k), str)]
    if missing:
        raise ClosureFileError(f"{where}: missing or non-text field(s): {', '.join(missing)}")
    try:
        first, last = date.fromisoformat(entry["first"]), date.fromisoformat(entry["last"])
        return Shutdown(first, last, entry["reason"].strip(), entry["source"].strip())
    except ValueError as exc:
        raise ClosureFileError(f"{where}: {exc}") from None


def load_shutdowns(path: Path) -> list[Shutdown]:
    """Read the ``"shutdowns"`` list of a closure file (none if the file has no such list)."""
    data = _read_closure_file(path)
    entries = data.get("shutdowns", []) if isinstance(data, dict) else []
    if not isinstance(entries, list):
        raise ClosureFileError(f'{path}: expected a list of shutdowns under "shutdowns"')
    return [_parse_shutdown(e, f"{path}, shutdown {i + 1}") for i, e in enumerate(entries)]


def load_builtin_shutdowns() -> list[Shutdown]:
    """The lapses in appropriations shipped with the application."""
    return list(_builtin_shutdowns())


@lru_cache(maxsize=1)
def _builtin_shutdowns() -> tuple[Shutdown, ...]:
    return tuple(load_shutdowns(resource_path("data/closures.json")))


def load_builtin_closures() -> list[Closure]:
    """The closures shipped with the application (``resources/data/closures.json``)."""
    return list(_builtin_closures())


@lru_cache(maxsize=1)
def _builtin_closures() -> tuple[Closure, ...]:
    return tuple(load_closures(resource_path("data/closures.json")))


def default_calendar() -> FederalCalendar:
    """The federal calendar with the built-in closures (and none from a database)."""
    return _default_calendar()


@lru_cache(maxsize=1)
def _default_calendar() -> FederalCalendar:
    return FederalCalendar(_builtin_closures(), shutdowns=_builtin_shutdowns())
