"""Input widgets for one field each, all with the same small protocol.

Every input has ``value()`` (a Python value ready for the services: ``date``, ``int``, ``float``,
``str`` or ``None``), ``set_value(v)`` and a ``edited`` signal emitted when the person changes it
(not when code calls ``set_value``). A value the person typed that cannot be understood — a member
name that is not in the list, "12x" in a number field — is returned as the raw text, so that
``validate_matter`` names the problem at the field instead of the input silently dropping it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from naij_tracker.domain import clock
from naij_tracker.domain.kinds import Choice

#: The date a "no date" field holds internally; shown as ``NO_DATE_TEXT``.
_SENTINEL = QDate(1800, 1, 1)
NO_DATE_TEXT = "No date"
DATE_FORMAT = "yyyy-MM-dd"


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _qtoday() -> QDate:
    """Today on the application's clock, as a QDate (never Qt's own clock)."""
    return to_qdate(clock.today())


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class _CalendarToToday(QObject):
    """Opens the calendar pop-up on today's month when the field holds no date yet."""

    def __init__(self, edit: QDateEdit) -> None:
        super().__init__(edit)
        self._edit = edit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Show and self._edit.date() == _SENTINEL:
            today = _qtoday()
            self._edit.calendarWidget().setCurrentPage(today.year(), today.month())
        return False


class DateField(QWidget):
    """A date edit with a calendar pop-up; optional dates have an explicit "no date" state.

    For an optional date a check box in front says whether there is a date at all: unchecked, the
    edit shows "No date" and is disabled; checking it (Space) fills in today.
    """

    edited = Signal()

    def __init__(self, optional: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.optional = optional
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.check = QCheckBox(self)
        self.check.setToolTip("Has a date")
        self.check.setVisible(optional)
        self.edit = QDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(DATE_FORMAT)
        self.edit.setMinimumWidth(130)
        self.edit.setMaximumDate(QDate(2200, 12, 31))
        if optional:
            self.edit.setMinimumDate(_SENTINEL)
            self.edit.setSpecialValueText(NO_DATE_TEXT)
            self.edit.calendarWidget().installEventFilter(_CalendarToToday(self.edit))
        else:
            self.edit.setMinimumDate(QDate(1900, 1, 1))
        self.edit.setDate(_qtoday())
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.check if optional else self.edit)
        self.check.toggled.connect(self._on_toggled)
        self.edit.dateChanged.connect(self._on_date_changed)
        self._quiet = False
        self.set_value(None if optional else clock.today())

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 (Qt API)
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)
        self.check.setAccessibleName(f"{name}: has a date")

    def _on_toggled(self, checked: bool) -> None:
        self.edit.setEnabled(checked)
        if not self._quiet:
            self._quiet = True
            self.edit.setDate(_qtoday() if checked else _SENTINEL)
            self._quiet = False
            if checked:
                self.edit.setFocus()
            self.edited.emit()

    def _on_date_changed(self, _: QDate) -> None:
        if not self._quiet:
            self.edited.emit()

    def value(self) -> date | None:
        if self.optional and not self.check.isChecked():
            return None
        return from_qdate(self.edit.date())

    def set_value(self, value: Any) -> None:
        self._quiet = True
        try:
            if isinstance(value, date):
                self.check.setChecked(True)
                self.edit.setEnabled(True)
                self.edit.setDate(to_qdate(value))
            elif self.optional:
                self.check.setChecked(False)
                self.edit.setEnabled(False)
                self.edit.setDate(_SENTINEL)
            else:
                self.edit.setDate(_qtoday())
        finally:
            self._quiet = False


class ChoiceField(QComboBox):
    """A fixed vocabulary: shows labels, stores codes. Optional choices start with "—"."""

    edited = Signal()

    def __init__(self, choices: tuple[Choice, ...], optional: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if optional:
            self.addItem("—", None)
        for choice in choices:
            self.addItem(choice.label, choice.code)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(10)
        self.activated.connect(lambda _i: self.edited.emit())

    def value(self) -> str | None:
        data = self.currentData()
        return str(data) if data is not None else None

    def set_value(self, value: Any) -> None:
        index = self.findData(value)
        self.setCurrentIndex(max(index, 0))


class SuggestField(QComboBox):
    """Free text with suggestions (e.g. FLRA regions, grievance issue categories)."""

    edited = Signal()

    def __init__(self, suggestions: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems(list(suggestions))
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(10)
        completer = self.completer()
        if completer is not None:
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
        line = self.lineEdit()
        assert line is not None
        line.textEdited.connect(lambda _t: self.edited.emit())
        self.activated.connect(lambda _i: self.edited.emit())

    def value(self) -> str | None:
        return self.currentText().strip() or None

    def set_value(self, value: Any) -> None:
        self.setEditText("" if value is None else str(value))


class RecordPicker(QComboBox):
    """Choose a record (member, metric) by its label, with completion as you type.

    ``items`` are ``(id, label)``. ``empty_text`` is the label of the "none" entry (``None`` for a
    picker that requires a choice). Text that matches no label is returned as itself.
    """

    edited = Signal()

    def __init__(self, empty_text: str | None, placeholder: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = empty_text
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)
        line = self.lineEdit()
        assert line is not None
        line.setPlaceholderText(placeholder)
        line.textEdited.connect(lambda _t: self.edited.emit())
        self.activated.connect(lambda _i: self.edited.emit())
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.set_items([])

    def set_items(self, items: list[tuple[int, str]]) -> None:
        current = self.value()
        self.blockSignals(True)
        self.clear()
        if self.empty_text is not None:
            self.addItem(self.empty_text, None)
        for record_id, label in items:
            self.addItem(label, record_id)
        self.blockSignals(False)
        self.set_value(current)

    def value(self) -> int | str | None:
        text = self.currentText().strip()
        if not text or text == self.empty_text:
            return None
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index < 0:
            # A name typed in full without the court ("Ada Alvarez") is enough when only one
            # record carries it.
            folded = text.casefold()
            hits = [i for i in range(self.count())
                    if self.itemText(i).casefold().split(" — ")[0] == folded]
            index = hits[0] if len(hits) == 1 else -1
        if index >= 0:
            data = self.itemData(index)
            return int(data) if data is not None else None
        return text

    def set_value(self, value: Any) -> None:
        index = self.findData(value) if isinstance(value, int) else -1
        if index >= 0:
            self.setCurrentIndex(index)
        elif self.empty_text is not None and value is None:
            self.setCurrentIndex(0)
        else:
            self.setCurrentIndex(-1)
            self.setEditText("" if value is None else str(value))


class MemberPicker(RecordPicker):
    """A member chosen by "Name — Court"; empty means a union (institutional) matter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", "Union / institutional — type a name to choose a member", parent)


class MetricPicker(RecordPicker):
    """A metric of the catalogue."""

    def __init__(self, optional: bool = False, parent: QWidget | None = None) -> None:
        super().__init__("" if optional else None, "Type or choose a metric", parent)


class NumberField(QLineEdit):
    """A decimal number; empty is ``None``, unreadable text is returned as text."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        validator = QDoubleValidator(-1e12, 1e12, 4, self)
        validator.setNotation(QDoubleValidator.Notation.StandardNotation)
        self.setValidator(validator)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setMaximumWidth(160)
        self.textEdited.connect(lambda _t: self.edited.emit())

    def value(self) -> float | str | None:
        text = self.text().strip().replace(",", "")
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            return text

    def set_value(self, value: Any) -> None:
        if value is None:
            self.clear()
        elif isinstance(value, float) and value.is_integer():
            self.setText(str(int(value)))
        else:
            self.setText(str(value))


class TextField(QLineEdit):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setClearButtonEnabled(True)
        self.textEdited.connect(lambda _t: self.edited.emit())

    def value(self) -> str | None:
        return self.text().strip() or None

    def set_value(self, value: Any) -> None:
        self.setText("" if value is None else str(value))


class LongTextField(QPlainTextEdit):
    """Several paragraphs. Tab moves to the next field, as everywhere else in a form."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setMinimumHeight(72)
        self._quiet = False
        self.textChanged.connect(self._on_changed)

    def _on_changed(self) -> None:
        if not self._quiet:
            self.edited.emit()

    def value(self) -> str | None:
        return self.toPlainText().strip() or None

    def set_value(self, value: Any) -> None:
        self._quiet = True
        try:
            self.setPlainText("" if value is None else str(value))
        finally:
            self._quiet = False
