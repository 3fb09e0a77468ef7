"""Deadlines as an iCalendar (.ics, RFC 5545) file for the officer's mail client.

One all-day ``VEVENT`` per deadline: ``DTSTART`` is the due date (``VALUE=DATE``), ``DTEND`` the
next day (RFC 5545 3.6.1: the end of an all-day event is exclusive). The ``UID`` is derived from
the deadline's database id and a namespace naming the database, so importing a fresh export
again *updates* the events instead of duplicating them. The description carries the matter, the
rule, its citation and the plain-language count (5 C.F.R. 2429.21–2429.22) so that the calendar
entry explains itself. An optional ``VALARM`` reminds a few days ahead.

The file is written atomically: to a temporary file in the same folder, flushed to disk, then
renamed over the target, so a reader never sees half a calendar.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from icalendar import Alarm, Calendar, Event

from naij_tracker.db.atomic import atomic_file
from naij_tracker.domain import clock

__all__ = [
    "PRODID",
    "CalendarExportError",
    "IcsDeadline",
    "build_ics",
    "deadline_uid",
    "write_ics",
]

PRODID = "-//NAIJ//NAIJ Case Tracker//EN"
_NAMESPACE_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


class CalendarExportError(Exception):
    """The calendar file could not be built or written; the message is one line."""


@dataclass(frozen=True, slots=True)
class IcsDeadline:
    """What the exporter needs to know about one stored deadline."""

    deadline_id: int
    matter_id: int
    matter_label: str
    title: str
    due: date
    rule_id: str | None
    citation: str
    explanation: str
    done: bool = False


def _clean_namespace(uid_namespace: str) -> str:
    cleaned = _NAMESPACE_SAFE.sub("-", uid_namespace.strip()).strip("-")
    if not cleaned:
        raise CalendarExportError("the calendar UID namespace is empty")
    return cleaned


def deadline_uid(deadline_id: int, uid_namespace: str) -> str:
    """The stable ``UID`` of a deadline's event: ``deadline-<id>-<namespace>@naij-tracker``."""
    return f"deadline-{deadline_id}-{_clean_namespace(uid_namespace)}@naij-tracker"


def _description(d: IcsDeadline) -> str:
    lines = [f"Matter: {d.matter_label} (#{d.matter_id})"]
    if d.rule_id:
        lines.append(f"Rule: {d.rule_id}")
    if d.citation:
        lines.append(f"Citation: {d.citation}")
    if d.explanation:
        lines.append(f"How it was counted: {d.explanation}")
    if d.done:
        lines.append("Status: done")
    lines.append("Computed by NAIJ Case Tracker; check the record before relying on it.")
    return "\n".join(lines)


def _event(
    d: IcsDeadline, uid_namespace: str, stamp: datetime, alarm_days_before: int | None
) -> Event:
    if isinstance(d.due, datetime) or not isinstance(d.due, date):
        raise CalendarExportError(f"deadline {d.deadline_id}: due date {d.due!r} is not a date")
    event = Event()
    event.add("uid", deadline_uid(d.deadline_id, uid_namespace))
    event.add("dtstamp", stamp)
    event.add("dtstart", d.due)
    event.add("dtend", d.due + timedelta(days=1))
    prefix = "Done: " if d.done else ""
    event.add("summary", f"{prefix}{d.title} — {d.matter_label}")
    event.add("description", _description(d))
    event.add("categories", ["NAIJ deadline"])
    event.add("transp", "TRANSPARENT")
    event.add("status", "CONFIRMED")
    if alarm_days_before and not d.done:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Due in {alarm_days_before} days: {d.title}")
        alarm.add("trigger", timedelta(days=-alarm_days_before))
        event.add_component(alarm)
    return event


def build_ics(
    deadlines: Iterable[IcsDeadline],
    uid_namespace: str,
    calendar_name: str,
    *,
    alarm_days_before: int | None = 3,
    now: datetime | None = None,
) -> bytes:
    """The calendar as bytes (CRLF lines, UTF-8), events in due-date order.

    ``uid_namespace`` distinguishes databases (e.g. a hash of the database path) so that two
    databases' deadline 7 do not overwrite each other. ``alarm_days_before=None`` adds no alarm;
    done deadlines never get one. ``now`` fixes ``DTSTAMP`` (for tests).
    """
    namespace = _clean_namespace(uid_namespace)
    stamp = (now or clock.utc_now()).astimezone(UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", calendar_name)
    seen: set[int] = set()
    for d in sorted(deadlines, key=lambda x: (x.due, x.deadline_id)):
        if d.deadline_id in seen:
            raise CalendarExportError(f"deadline {d.deadline_id} appears twice in the export")
        seen.add(d.deadline_id)
        cal.add_component(_event(d, namespace, stamp, alarm_days_before))
    return cal.to_ical()


def write_ics(
    deadlines: Iterable[IcsDeadline],
    path: str | os.PathLike[str],
    uid_namespace: str,
    calendar_name: str,
    *,
    alarm_days_before: int | None = 3,
    now: datetime | None = None,
) -> Path:
    """Write the calendar to ``path`` atomically and return the path written."""
    target = Path(path)
    data = build_ics(
        deadlines,
        uid_namespace,
        calendar_name,
        alarm_days_before=alarm_days_before,
        now=now,
    )
    folder = target.parent
    if not folder.is_dir():
        raise CalendarExportError(f"cannot write {target}: folder {folder} does not exist")
    try:
        with atomic_file(target) as fh:
            fh.write(data)
    except OSError as exc:
        raise CalendarExportError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target
