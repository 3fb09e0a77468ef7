"""Help ▸ User guide and Help ▸ About.

The user guide is ``resources/guide/user_guide.md`` — the same text as the README's "Install"
and "First day" sections (a test keeps them equal) — rendered by Qt's own Markdown support, so
it opens offline, in the bundle as in a checkout. Its pictures are named from the folder above
``resources/`` (``resources/guide/…png``), which is the repository's top in a checkout and the
package folder once installed or bundled, so the same links work in the README and here.

About shows the version, the database in use and the licences of the libraries the application
runs on (``naij_tracker.licences``: written at build time into a bundle, read from the installed
packages' metadata otherwise).
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QPixmap, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from naij_tracker import __version__
from naij_tracker.licences import Licence, bundled_licences
from naij_tracker.resource_files import resource_path
from naij_tracker.ui.messages import APP_TITLE

GUIDE = "guide/user_guide.md"
#: The widest a picture of the guide is shown, in pixels.
GUIDE_IMAGE_WIDTH = 760


def guide_path() -> Path:
    return resource_path(GUIDE)


def fit_to_width(browser: QTextBrowser, width: int) -> None:
    """Pictures at most ``width`` pixels wide (height follows); code blocks wrapped."""
    document = browser.document()
    block = document.begin()
    while block.isValid():
        if block.blockFormat().nonBreakableLines():  # code blocks wrap too: no sideways scroll
            fmt = block.blockFormat()
            fmt.setNonBreakableLines(False)
            QTextCursor(block).setBlockFormat(fmt)
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            char_format = fragment.charFormat()
            if char_format.isImageFormat():
                image = char_format.toImageFormat()
                natural = document.resource(QTextDocument.ResourceType.ImageResource,
                                            QUrl(image.name()))
                if isinstance(natural, QImage | QPixmap) and natural.width() > width:
                    image.setWidth(width)
                    image.setHeight(natural.height() * width / natural.width())
                    cursor = QTextCursor(document)
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(fragment.position() + fragment.length(),
                                       QTextCursor.MoveMode.KeepAnchor)
                    cursor.setCharFormat(image)
            it += 1
        block = block.next()


def _close_buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    return buttons


class UserGuideDialog(QDialog):
    """The user guide, rendered from its Markdown file; links to web pages open the browser."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("user_guide")
        self.setWindowTitle(f"{APP_TITLE} — User guide")
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("user_guide_text")
        self.browser.setOpenExternalLinks(True)
        path = guide_path()
        self.browser.setSearchPaths([str(path.parents[2])])
        self.browser.setMarkdown(path.read_text(encoding="utf-8"))
        fit_to_width(self.browser, GUIDE_IMAGE_WIDTH)
        box = QVBoxLayout(self)
        box.addWidget(self.browser)
        box.addWidget(_close_buttons(self))
        self.resize(900, 700)


def licences_html(licences: list[Licence]) -> str:
    """A table of library, version and licence, then each licence's text."""
    rows = "".join(
        f"<tr><td><a href='#{html.escape(lic.name)}'>{html.escape(lic.name)}</a></td>"
        f"<td>{html.escape(lic.version)}</td><td>{html.escape(lic.licence)}</td></tr>"
        for lic in licences)
    texts = "".join(
        f"<h4><a name='{html.escape(lic.name)}'></a>{html.escape(lic.name)} "
        f"{html.escape(lic.version)}</h4><pre>{html.escape(lic.text)}</pre>"
        for lic in licences if lic.text)
    return ("<table cellspacing='0' cellpadding='3'><tr><th align='left'>Library</th>"
            f"<th align='left'>Version</th><th align='left'>Licence</th></tr>{rows}</table>"
            "<p>Qt and Qt for Python are used under the GNU LGPL version 3; their source is "
            "at qt.io. Licences without a text above are named by the package only.</p>"
            f"{texts}")


class AboutDialog(QDialog):
    """The version, the database in use, and the bundled libraries' licences."""

    def __init__(self, database: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about")
        self.setWindowTitle(f"About {APP_TITLE}")
        self.licences = bundled_licences()
        header = QLabel(
            f"<h3>{APP_TITLE} {html.escape(__version__)}</h3>"
            "<p>Bargaining obligations, FLRA cases, grievances and metric disputes of a "
            "federal-sector union, with the deadlines that follow from them.</p>"
            f"<p>Database: <code>{html.escape(database)}</code></p>"
            "<p>Libraries this copy runs on, and their licences:</p>", self)
        header.setObjectName("about_header")
        header.setWordWrap(True)
        header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("about_licences")
        self.browser.setHtml(licences_html(self.licences))
        box = QVBoxLayout(self)
        box.addWidget(header)
        box.addWidget(self.browser, 1)
        box.addWidget(_close_buttons(self))
        self.resize(720, 600)
