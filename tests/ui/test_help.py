"""Help ▸ User guide (the README's Install and First day, rendered offline) and Help ▸ About
(version, database, the bundled libraries' licences)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QDialog, QLabel
from pytestqt.qtbot import QtBot

from naij_tracker import __version__, licences
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.help import GUIDE_IMAGE_WIDTH, AboutDialog, UserGuideDialog, guide_path
from naij_tracker.ui.main_window import MainWindow
from naij_tracker.ui.tasks import TaskRunner

ROOT = Path(__file__).resolve().parents[2]
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")


def test_the_guide_is_the_readmes_first_sections_word_for_word() -> None:
    guide = guide_path().read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert guide.startswith("## Install\n") and "\n## First day\n" in guide
    assert guide.strip() in readme
    headings = re.findall(r"^## (.+)$", readme, flags=re.MULTILINE)
    assert headings[:2] == ["Install", "First day"]  # officers read these first


def test_every_picture_of_the_guide_is_shipped_in_resources() -> None:
    guide = guide_path().read_text(encoding="utf-8")
    pictures = IMAGE.findall(guide)
    assert len(pictures) == 3  # the first run, a grievance, a packet
    for link in pictures:
        assert link.startswith("resources/guide/")
        assert (ROOT / link).is_file()  # in the README, from the repository's top
        assert (guide_path().parents[2] / link).is_file()  # in the guide, as the app finds it


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext, ui_settings_store: QSettings) -> MainWindow:
    win = MainWindow(ctx, runner=TaskRunner(synchronous=True), store=ui_settings_store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def _open_from_menu(qtbot: QtBot, window: MainWindow, text: str) -> QDialog:
    """Click Help ▸ ``text``; return the modal dialog it opens (closed again afterwards)."""
    seen: list[QDialog] = []

    def grab() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog):
            seen.append(dialog)
            dialog.reject()
        else:
            QTimer.singleShot(20, grab)

    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    action = next(a for a in help_menu.actions() if a.text() == text)
    QTimer.singleShot(0, grab)
    action.trigger()
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    return seen[0]


def test_help_user_guide_opens_the_guide_rendered(qtbot: QtBot, window: MainWindow) -> None:
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    action = next(a for a in help_menu.actions() if a.text() == "&User guide")
    action.trigger()
    dialog = window.findChild(UserGuideDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert not dialog.isModal()  # read beside the window while working
    action.trigger()
    assert window.findChildren(UserGuideDialog) == [dialog]  # one guide, brought forward
    document = dialog.browser.document()
    text = document.toPlainText()
    assert text.startswith("Install")  # the heading rendered, not "## Install"
    assert "First day" in text and "## " not in text
    assert "sudo apt install libxcb-cursor0" in text
    for link in IMAGE.findall(guide_path().read_text(encoding="utf-8")):
        image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(link))
        assert not image.isNull() and image.width() > GUIDE_IMAGE_WIDTH  # found, and scaled
    assert window.act_guide.shortcut().toString() != ""


def test_user_guide_pictures_fit_the_dialog(qtbot: QtBot) -> None:
    dialog = UserGuideDialog()
    qtbot.addWidget(dialog)
    widths = []
    block = dialog.browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                widths.append(fmt.toImageFormat().width())
            it += 1
        block = block.next()
    assert widths == [GUIDE_IMAGE_WIDTH] * 3


def test_help_about_shows_version_database_and_licences(qtbot: QtBot, window: MainWindow,
                                                        ctx: AppContext) -> None:
    dialog = _open_from_menu(qtbot, window, "&About NAIJ Case Tracker")
    assert isinstance(dialog, AboutDialog)
    header = dialog.findChild(QLabel, "about_header")
    assert header is not None
    assert __version__ in header.text() and str(ctx.db.label) in header.text()
    table = dialog.browser.toPlainText()
    lines = table.splitlines()  # a table's cells come out one a line
    for name, licence in (("SQLAlchemy", "MIT"), ("reportlab", "BSD"), ("Python", "PSF-2.0"),
                          ("PySide6_Essentials", "LGPL-3.0")):
        at = lines.index(name)
        assert licence in lines[at + 2], lines[at:at + 3]
    assert "Permission is hereby granted" in table  # the MIT licences' own text
    assert header.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse


def test_licences_come_from_the_bundle_when_frozen(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    licences.write(tmp_path / licences.BUNDLED_FILE)
    written = json.loads((tmp_path / licences.BUNDLED_FILE).read_text(encoding="utf-8"))
    names = [item["name"] for item in written]
    assert names[0] == "Python" and "SQLAlchemy" in names and "alembic" in names
    assert "pytest" not in names and "hypothesis" not in names  # the test extra is not carried
    assert {"psycopg", "psycopg-binary"} <= set(names)  # the server extra is, when installed
    (tmp_path / licences.BUNDLED_FILE).write_text(json.dumps(
        [{"name": "OnlyInTheBundle", "version": "1", "licence": "MIT", "text": ""}]))
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert [lic.name for lic in licences.bundled_licences()] == ["OnlyInTheBundle"]
    monkeypatch.delattr(sys, "_MEIPASS")
    assert "SQLAlchemy" in [lic.name for lic in licences.bundled_licences()]
