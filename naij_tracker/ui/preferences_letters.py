"""Preferences ▸ Letters: where the union's own letter templates live, and how letters are signed.

A template in this folder with the same file name as a shipped one replaces it. The page lists
what it finds — and, in one line each, the files it cannot use.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from naij_tracker.letters.templates import load_all, shipped_folder
from naij_tracker.services.letters import (
    default_letters_folder,
    load_letter_settings,
    save_letter_settings,
)
from naij_tracker.ui.context import AppContext


class LettersPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stored = load_letter_settings(ctx.db)
        self.folder = QLineEdit(self.stored.letters_folder)
        self.folder.setAccessibleName("Letters folder")
        self.folder.setPlaceholderText("Not set: the shipped templates only")
        self.choose = QPushButton("Ch&oose…")
        self.open_folder = QPushButton("Open &folder")
        for b in (self.choose, self.open_folder):
            b.setAutoDefault(False)
        folder_row = QHBoxLayout()
        folder_row.setContentsMargins(0, 0, 0, 0)
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose)
        folder_row.addWidget(self.open_folder)
        self.role = QLineEdit(self.stored.officer_role)
        self.role.setAccessibleName("Officer's role")
        self.role.setPlaceholderText("e.g. President, Vice President, Labor-relations chair")
        self.email = QLineEdit(self.stored.officer_email)
        self.email.setAccessibleName("Officer's email")
        self.phone = QLineEdit(self.stored.officer_phone)
        self.phone.setAccessibleName("Officer's phone")
        self.found = QPlainTextEdit()
        self.found.setReadOnly(True)
        self.found.setAccessibleName("Templates found")
        hint = QLabel("A .docx here with the same name as a shipped template replaces it. "
                      "Letters are signed with the officer name on the General page and the "
                      "role below.")
        hint.setWordWrap(True)
        hint.setEnabled(False)
        hint.setToolTip(f"The shipped templates are in {shipped_folder()}")
        folder_cell = QWidget()
        cell = QVBoxLayout(folder_cell)
        cell.setContentsMargins(0, 0, 0, 0)
        cell.addLayout(folder_row)
        cell.addWidget(hint)
        form = QFormLayout(self)
        form.addRow("Letters folder:", folder_cell)
        form.addRow("Officer's &role:", self.role)
        form.addRow("Officer's &email:", self.email)
        form.addRow("Officer's &phone:", self.phone)
        form.addRow("Templates:", self.found)
        self.choose.clicked.connect(self._choose)
        self.open_folder.clicked.connect(self._open)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(400)
        self._timer.timeout.connect(self.list_templates)
        self.folder.textChanged.connect(lambda _t: self._timer.start())
        self.list_templates()

    def _folder(self) -> Path | None:
        text = self.folder.text().strip()
        return Path(text).expanduser() if text else None

    def _choose(self) -> None:
        start = str(self._folder() or default_letters_folder().parent)
        chosen = QFileDialog.getExistingDirectory(self, "Letters folder", start)
        if chosen:
            self.folder.setText(chosen)
            self.list_templates()

    def _open(self) -> None:
        folder = self._folder() or default_letters_folder()
        folder.mkdir(parents=True, exist_ok=True)
        if not self.folder.text().strip():
            self.folder.setText(str(folder))
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def list_templates(self) -> None:
        templates, problems = load_all(self._folder())
        lines = [f"{t.title} — {t.path.name}" + (" (union)" if t.origin == "union" else "")
                 for t in templates]
        lines += [f"Not usable: {p}" for p in problems]
        self.found.setPlainText("\n".join(lines))

    def save(self) -> None:
        new = replace(self.stored, letters_folder=self.folder.text().strip(),
                      officer_role=self.role.text().strip(),
                      officer_email=self.email.text().strip(),
                      officer_phone=self.phone.text().strip())
        save_letter_settings(self.ctx.db, new, self.ctx.who)
        self.stored = new
