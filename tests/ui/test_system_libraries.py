"""Qt's X11 plugin and the system libraries it needs: the README's list checked with ``ldd``, and
the one line the application prints when the plugin cannot be loaded.

The plugin checked is the bundle's (``dist/naij-tracker``, after ``make dist``) when there is
one, else the one PySide6 installed in the virtual environment — the same file, as PyInstaller
copies it.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from naij_tracker.ui import system_libraries as sl

ROOT = Path(__file__).resolve().parents[2]
BUNDLED_PLUGIN = ROOT / "dist/naij-tracker/_internal/PySide6/Qt/plugins/platforms/libqxcb.so"
README_SECTION = "## Qt's system libraries on Linux"
#: Not libraries a package provides: the kernel's vDSO and the dynamic loader.
_NOT_PACKAGED = ("linux-vdso.so", "ld-linux")


def plugin_under_test() -> Path:
    plugin = BUNDLED_PLUGIN if BUNDLED_PLUGIN.is_file() else sl.xcb_plugin()
    assert plugin is not None and plugin.is_file(), "PySide6 ships libqxcb.so on Linux"
    return plugin


def readme_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(README_SECTION)
    end = text.find("\n## ", start + len(README_SECTION))
    return text[start:end if end >= 0 else None]


def ldd_entries(plugin: Path) -> list[tuple[str, str]]:
    """(library name, where it was found or "not found") for every line of ``ldd``."""
    report = sl.ldd(plugin)
    assert report, "ldd is part of the C library's tools on every Linux"
    entries = []
    for line in report.splitlines():
        line = line.strip()
        if "=>" in line:
            name, _, where = line.partition("=>")
            entries.append((name.strip(), where.split("(")[0].strip()))
        elif line:
            entries.append((line.split()[0].rsplit("/", 1)[-1], line.split()[0]))
    return entries


def test_readme_names_every_library_ldd_reports_for_the_xcb_plugin() -> None:
    plugin = plugin_under_test()
    qt_root = plugin.resolve().parents[2]  # …/Qt: plugins/platforms/libqxcb.so
    section = readme_section()
    entries = ldd_entries(plugin)
    not_found = [name for name, where in entries if where == "not found"]
    system = [name for name, where in entries
              if where != "not found" and not name.startswith(_NOT_PACKAGED)
              and not Path(where).resolve().is_relative_to(qt_root)]
    assert "libxcb.so.1" in not_found + system  # the report is about the X11 plugin
    missing_from_readme = [name for name in dict.fromkeys(not_found + system)
                           if f"`{name}`" not in section]
    assert missing_from_readme == [], f"ldd {plugin} names libraries the README does not"
    # What ldd reports missing here is what the application's one line names too.
    assert sl.not_found(sl.ldd(plugin)) == list(dict.fromkeys(not_found))


def test_readme_and_message_give_the_same_packages() -> None:
    section = readme_section()
    for library, debian, fedora in sl.SYSTEM_LIBRARIES:
        assert f"| `{library}` | {debian} | {fedora} |" in section
    assert sl.apt_command() in section and sl.dnf_command() in section
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    install = readme[readme.index("## Install"):readme.index("## First day")]
    assert sl.apt_command() in install and sl.dnf_command() in install
    line = sl.missing_message(["libxcb-icccm.so.4"])
    assert "\n" not in line
    assert "missing here: libxcb-icccm.so.4" in line
    assert sl.apt_command() in line and sl.dnf_command() in line


LDD_SAMPLE = """\
\tlinux-vdso.so.1 (0x00007ffb87ad5000)
\tlibQt6XcbQpa.so.6 => /opt/app/Qt/lib/libQt6XcbQpa.so.6 (0x00007ffb87a07000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-util.so.1 => /lib/x86_64-linux-gnu/libxcb-util.so.1 (0x00007ffb86df1000)
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
"""


def test_not_found_lists_each_missing_library_once_in_order() -> None:
    assert sl.not_found(LDD_SAMPLE) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert sl.not_found("\tlibc.so.6 => /lib/libc.so.6 (0x1)\n") == []


@pytest.mark.parametrize(("missing", "held", "expected"), [
    (["libxcb-icccm.so.4"], [], "missing here: libxcb-icccm.so.4"),
    (["libQt6XcbQpa.so.6", "libxcb-keysyms.so.1"], [], "missing here: libxcb-keysyms.so.1)"),
    (["libQt6XcbQpa.so.6"], [], "own Qt files are incomplete (libQt6XcbQpa.so.6 not found)"),
    ([], ["qt.qpa.xcb: could not connect to display "], "there is no display to show it on"),
    (None, ["qt.qpa.plugin: something else"], "qt.qpa.plugin: something else no Qt platform"),
])
def test_failure_line_says_what_is_wrong(monkeypatch: pytest.MonkeyPatch,
                                         missing: list[str] | None, held: list[str],
                                         expected: str) -> None:
    monkeypatch.setattr(sl, "missing_libraries", lambda: missing)
    monkeypatch.setattr(sl.sys, "platform", "linux")
    guard = sl.PlatformGuard(io.StringIO())
    guard.held = list(held)
    line = guard.failure_line("no Qt platform plugin could be initialized.")
    assert expected in line
    assert "\n" not in line


def test_guard_holds_platform_messages_until_the_application_is_made() -> None:
    from PySide6.QtCore import QMessageLogContext, QtMsgType

    stream = io.StringIO()
    guard = sl.PlatformGuard(stream)
    context = QMessageLogContext()
    guard.handle(QtMsgType.QtWarningMsg, context, "an ordinary warning")
    assert stream.getvalue() == "an ordinary warning\n"
    context.category = "qt.qpa.plugin"  # type: ignore[misc]
    guard.handle(QtMsgType.QtWarningMsg, context, "about the plugin")
    assert stream.getvalue() == "an ordinary warning\n"
    guard.release()
    assert stream.getvalue() == "an ordinary warning\nqt.qpa.plugin: about the plugin\n"


def test_a_plugin_that_cannot_load_gives_one_line_not_qts_abort(tmp_path: Path) -> None:
    """The real application, made to load an xcb plugin whose system libraries are checked by
    ``ldd``: Qt's own libraries are linked beside the copy, so only system libraries can be
    missing. Without a display, a plugin with all its libraries gives the no-display line."""
    source = sl.xcb_plugin()
    assert source is not None
    qt_lib = source.resolve().parents[2] / "lib"
    platforms = tmp_path / "plugins" / "platforms"
    platforms.mkdir(parents=True)
    (tmp_path / "lib").mkdir()
    for library in qt_lib.iterdir():
        (tmp_path / "lib" / library.name).symlink_to(library)
    plugin = platforms / sl.PLUGIN_FILE
    plugin.write_bytes(source.read_bytes())
    env = {k: v for k, v in os.environ.items()
           if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_PLUGIN_PATH"}}
    env.update(QT_QPA_PLATFORM="xcb", QT_QPA_PLATFORM_PLUGIN_PATH=str(platforms),
               LANG="C.UTF-8", NAIJ_TRACKER_DB=str(tmp_path / "cases.sqlite3"))
    done = subprocess.run([sys.executable, "-m", "naij_tracker"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert "Qt platform plugin" not in done.stderr  # Qt's own message is replaced
    missing = sl.not_found(sl.ldd(plugin))
    assert not any(name.startswith("libQt6") for name in missing)
    if missing:
        assert re.search(r"missing here: " + re.escape(", ".join(missing)), lines[0])
        assert sl.apt_command() in lines[0] and sl.dnf_command() in lines[0]
    else:
        assert "there is no display" in lines[0]
