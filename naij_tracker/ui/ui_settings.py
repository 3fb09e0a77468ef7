"""This computer's window state, declared once with type and default, kept in ``QSettings``.

The union's own configuration (union name, CBA time limits…) lives in the database
(``naij_tracker.services.settings``); this module only holds what belongs to one desk: geometry,
splitter positions, column widths, recent files and the last database. Every key is declared
here; views read and write through ``read``/``write`` so an undeclared key cannot creep in.
Keys with ``{placeholders}`` are families (one per list kind) filled in by ``key_for``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")

RECENT_FILES_MAX = 8


@dataclass(frozen=True)
class UiSetting(Generic[T]):
    key: str
    type: type
    default: T
    doc: str

    def key_for(self, **parts: str) -> str:
        return self.key.format(**parts)


WINDOW_GEOMETRY = UiSetting("window/geometry", QByteArray, QByteArray(), "Main window geometry.")
WINDOW_STATE = UiSetting("window/state", QByteArray, QByteArray(), "Tool bars and docks.")
NAV_SPLITTER = UiSetting("window/nav_splitter", QByteArray, QByteArray(),
                         "Navigation / content splitter.")
LAST_VIEW = UiSetting("window/last_view", str, "dashboard", "The view shown at start-up.")
LIST_SPLITTER = UiSetting("lists/{kind}/splitter", QByteArray, QByteArray(),
                          "List / editor splitter of one kind's list.")
LIST_HEADER = UiSetting("lists/{kind}/header", QByteArray, QByteArray(),
                        "Column widths and order of one kind's list.")
SHOW_CLOSED = UiSetting("lists/show_closed", bool, False, "Show closed matters in the lists.")
RECENT_FILES: UiSetting[list[str]] = UiSetting("files/recent", list, [], "Recently opened database files, newest first.")
LAST_DATABASE = UiSetting("files/last_database", str, "", "The database opened last time.")
SERVER_HOST = UiSetting("server/host", str, "", "The PostgreSQL server last connected to.")
SERVER_PORT = UiSetting("server/port", int, 5432, "Its port.")
SERVER_DATABASE = UiSetting("server/database", str, "", "The database on it.")
SERVER_USER = UiSetting("server/user", str, "", "The user name (the password is never kept).")
LAST_SERVER = UiSetting("server/last_session", bool, False,
                        "The last session was on the server: offer to reconnect at start.")

ALL_SETTINGS: tuple[UiSetting[Any], ...] = (
    WINDOW_GEOMETRY, WINDOW_STATE, NAV_SPLITTER, LAST_VIEW, LIST_SPLITTER, LIST_HEADER,
    SHOW_CLOSED, RECENT_FILES, LAST_DATABASE, SERVER_HOST, SERVER_PORT, SERVER_DATABASE,
    SERVER_USER, LAST_SERVER,
)


def read(store: QSettings, setting: UiSetting[T], **parts: str) -> T:
    """The stored value converted to the declared type, or the default."""
    key = setting.key_for(**parts)
    if not store.contains(key):
        return setting.default
    value = store.value(key)
    try:
        if setting.type is bool:
            if isinstance(value, str):
                return value.lower() in ("true", "1", "yes")  # type: ignore[return-value]
            return bool(value)  # type: ignore[return-value]
        if setting.type is list:
            if value is None:
                return []  # type: ignore[return-value]
            if isinstance(value, str):
                return [value]  # type: ignore[return-value]
            return [str(v) for v in value]  # type: ignore[return-value]
        if setting.type is QByteArray:
            # T is QByteArray here, which the checker cannot follow from ``setting.type``.
            return value if isinstance(value, QByteArray) else setting.default  # type: ignore[return-value]
        return setting.type(value)
    except (TypeError, ValueError):
        return setting.default


def write(store: QSettings, setting: UiSetting[T], value: T, **parts: str) -> None:
    store.setValue(setting.key_for(**parts), value)


def remember_recent(store: QSettings, path: str) -> list[str]:
    """Put ``path`` first in the recent-files list (without duplicates) and return the list."""
    recent = [p for p in read(store, RECENT_FILES) if p != path]
    recent.insert(0, path)
    del recent[RECENT_FILES_MAX:]
    write(store, RECENT_FILES, recent)
    return recent


def make_private(store: QSettings) -> None:
    """Make this computer's settings file readable by the user only (0600, in a 0700 folder).

    It names the databases and the server this officer uses. Qt writes it with the umask's
    permissions when it creates it, but keeps those of a file that exists, so the file is
    created (or narrowed) here before anything is written.
    """
    import os
    from pathlib import Path

    from naij_tracker.db.filesystem import make_private_folder

    name = store.fileName()
    if not name or store.format() == QSettings.Format.NativeFormat and os.name == "nt":
        return  # the Windows registry: no file
    path = Path(name)
    try:
        make_private_folder(path.parent)
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
        os.chmod(path, 0o600)
    except OSError:
        pass  # settings are a convenience; never a reason not to start
