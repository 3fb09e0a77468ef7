"""The Linux system libraries Qt's X11 (xcb) platform plugin needs, and saying so when missing.

Qt ships inside the application, but its xcb plugin links against the desktop's own X11
libraries. When one is missing, Qt prints "Could not load the Qt platform plugin "xcb" … even
though it was found" and aborts — often blaming ``libxcb-cursor0`` whatever is really missing.
``PlatformGuard`` watches Qt's messages while the ``QApplication`` is made; if the platform
plugin cannot be loaded it asks ``ldd`` which libraries are not found and prints one line naming
them and the packages to install, then exits with status 1.

``SYSTEM_LIBRARIES`` is the list the README's "Qt's system libraries" section gives; the tests
check it against ``ldd`` of the plugin (bundled, or the one in the virtual environment).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: (library, Debian/Ubuntu package, Fedora package): what libqxcb.so and the Qt libraries it
#: loads ask the system for. Their own dependencies come with these packages.
SYSTEM_LIBRARIES: tuple[tuple[str, str, str], ...] = (
    ("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    ("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    ("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    ("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    ("libxcb-util.so.1", "libxcb-util1", "xcb-util"),
    ("libxcb.so.1", "libxcb1", "libxcb"),
    ("libxcb-randr.so.0", "libxcb-randr0", "libxcb"),
    ("libxcb-render.so.0", "libxcb-render0", "libxcb"),
    ("libxcb-shape.so.0", "libxcb-shape0", "libxcb"),
    ("libxcb-shm.so.0", "libxcb-shm0", "libxcb"),
    ("libxcb-sync.so.1", "libxcb-sync1", "libxcb"),
    ("libxcb-xfixes.so.0", "libxcb-xfixes0", "libxcb"),
    ("libxcb-xkb.so.1", "libxcb-xkb1", "libxcb"),
    ("libX11-xcb.so.1", "libx11-xcb1", "libX11-xcb"),
    ("libX11.so.6", "libx11-6", "libX11"),
    ("libxkbcommon.so.0", "libxkbcommon0", "libxkbcommon"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
    ("libEGL.so.1", "libegl1", "libglvnd-egl"),
    ("libGL.so.1", "libgl1", "libglvnd-glx"),
    ("libfontconfig.so.1", "libfontconfig1", "fontconfig"),
    ("libfreetype.so.6", "libfreetype6", "freetype"),
    ("libglib-2.0.so.0", "libglib2.0-0", "glib2"),
    ("libgthread-2.0.so.0", "libglib2.0-0", "glib2"),
    ("libdbus-1.so.3", "libdbus-1-3", "dbus-libs"),
)

PLUGIN_FILE = "libqxcb.so"


def _packages(column: int) -> str:
    return " ".join(dict.fromkeys(row[column] for row in SYSTEM_LIBRARIES))


def apt_command() -> str:
    return f"sudo apt install {_packages(1)}"


def dnf_command() -> str:
    return f"sudo dnf install {_packages(2)}"


def missing_message(missing: list[str]) -> str:
    """The one line printed when the xcb plugin cannot be loaded for want of libraries."""
    named = f" (missing here: {', '.join(missing)})" if missing else ""
    return (f"naij-tracker: the window cannot open: Qt's X11 (xcb) plugin needs system "
            f"libraries that are not installed{named}. Debian/Ubuntu: {apt_command()}  "
            f"Fedora: {dnf_command()}")


def not_found(ldd_output: str) -> list[str]:
    """The libraries ``ldd`` reports as "not found", each once, in its order."""
    names = [line.split("=>")[0].strip() for line in ldd_output.splitlines()
             if "=> not found" in line]
    return list(dict.fromkeys(names))


def plugin_candidates() -> Iterator[Path]:
    """Where Qt looks for the xcb plugin: the override, then Qt's own plugin folder."""
    override = os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH")
    if override:
        yield from (Path(p) / PLUGIN_FILE for p in override.split(os.pathsep) if p)
    from PySide6.QtCore import QLibraryInfo

    yield Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms" / PLUGIN_FILE
    import PySide6

    yield Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / PLUGIN_FILE


def xcb_plugin() -> Path | None:
    return next((p for p in plugin_candidates() if p.is_file()), None)


def ldd(path: Path) -> str:
    """``ldd``'s report on ``path`` ("" where there is no ldd)."""
    import shutil
    import subprocess

    tool = shutil.which("ldd") or next((t for t in ("/usr/bin/ldd", "/bin/ldd")
                                        if Path(t).is_file()), None)
    if tool is None:
        return ""
    done = subprocess.run([tool, str(path)], capture_output=True, text=True, timeout=30,
                          check=False)
    return done.stdout


def missing_libraries() -> list[str] | None:
    """The libraries the xcb plugin needs and cannot find here; None if that cannot be told."""
    plugin = xcb_plugin()
    if plugin is None:
        return None
    report = ldd(plugin)
    return not_found(report) if report else None


#: Libraries that come with the application (Qt's own), not with the system.
_SHIPPED = ("libQt6", "libicu", "libpyside6", "libshiboken6")
_PLATFORM_FAILED = "no Qt platform plugin could be initialized"
_NO_DISPLAY = "could not connect to display"


class PlatformGuard:
    """Qt's message handler while the ``QApplication`` is made (see the module docstring).

    Messages about loading the platform plugin are held back; the rest pass through. If the
    application is made, the held messages are printed as Qt would have; if the platform
    fails, one line says why (missing libraries, or no display) and the process exits 1.
    """

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream or sys.stderr
        self.held: list[str] = []

    def handle(self, mode: Any, context: Any, message: str) -> None:
        from PySide6.QtCore import QtMsgType

        category = getattr(context, "category", "") or ""
        text = f"{category}: {message}" if category not in ("", "default") else message
        if mode == QtMsgType.QtFatalMsg and _PLATFORM_FAILED in message:
            self.stream.write(self.failure_line(message) + "\n")
            self.stream.flush()
            os._exit(1)  # Qt aborts after a fatal message; leave first, with our own word
        if category.startswith("qt.qpa"):
            self.held.append(text)
        else:
            self.stream.write(text + "\n")

    def failure_line(self, message: str) -> str:
        missing = missing_libraries() if sys.platform.startswith("linux") else None
        system = [name for name in missing or [] if not name.startswith(_SHIPPED)]
        if system:
            return missing_message(system)
        if missing:
            return (f"naij-tracker: the window cannot open: the application's own Qt files are "
                    f"incomplete ({', '.join(missing)} not found); install it again.")
        if any(_NO_DISPLAY in held for held in self.held):
            return ("naij-tracker: the window cannot open: there is no display to show it on "
                    "(DISPLAY is not set or not reachable); the commands work without one: "
                    "naij-tracker --help")
        return " ".join([*self.held, message])

    def release(self) -> None:
        for text in self.held:
            self.stream.write(text + "\n")
        self.held.clear()


@contextmanager
def platform_guard() -> Iterator[PlatformGuard]:
    """Install ``PlatformGuard`` around the making of the ``QApplication``."""
    from PySide6.QtCore import qInstallMessageHandler

    guard = PlatformGuard()
    previous = qInstallMessageHandler(guard.handle)
    try:
        yield guard
    finally:
        qInstallMessageHandler(previous)
        guard.release()
