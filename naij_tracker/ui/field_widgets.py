"""Input widgets for one field each, all with the same small protocol.

Every input has ``value()`` (a Python value ready for the services: ``date``, ``int``, ``float``,
``str`` or ``None``), ``set_value(v)`` and a ``edited`` signal emitted when the person changes it
(not when code calls ``set_value``). A value the person typed that cannot be understood — a member
name that is not in the list, "12x" in a number field — is returned as the raw text, so that
``validate_matter`` names the problem at the field instead of the input silently dropping it.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QDoubleValidator, QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from naij_tracker.domain import clock
from naij_tracker.domain.dates import (
    DATE_HINT,
    DateParseError,
    describe_date,
    parse_date,
    reading_note,
)
from naij_tracker.domain.kinds import Choice
from naij_tracker.ui.style import ERROR_COLOR, mark_invalid, set_text_color

NO_DATE_TEXT = "No date"
DATE_FORMAT = "yyyy-MM-dd"
#: Shown in the echo while a date is only half typed (before the field is left).
_KEEP_TYPING = "…"


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class _CalendarPopup(QFrame):
    """The calendar pop-up of a ``DateField``: click or Enter picks a day, Escape closes."""

    picked = Signal(object)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(False)
        self.calendar.setVerticalHeaderFormat(
            QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Sunday)
        self.calendar.setAccessibleName("Calendar")
        box = QVBoxLayout(self)
        box.setContentsMargins(2, 2, 2, 2)
        box.addWidget(self.calendar)
        self.calendar.clicked.connect(self._pick)
        self.calendar.activated.connect(self._pick)

    def _pick(self, day: QDate) -> None:
        self.hide()
        self.picked.emit(from_qdate(day))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            return
        super().keyPressEvent(event)

    def open_at(self, anchor: QWidget, day: date) -> None:
        self.calendar.setSelectedDate(to_qdate(day))
        self.calendar.setCurrentPage(day.year, day.month)
        self.adjustSize()
        self.move(anchor.mapToGlobal(anchor.rect().bottomLeft()))
        self.show()
        self.calendar.setFocus()


class DateField(QWidget):
    """A typed date with a calendar button, and the understood date echoed in words beside it.

    The officer types any form ``domain.dates.parse_date`` reads (``2019-08-09``, ``3/7/2025``,
    ``03/07/25``, ``Nov 24 2026``, ``24 November 2026``) or picks a day from the calendar
    (the button, or Alt+Down / F4 in the field). The echo says the date in words ("Tuesday,
    November 24, 2026"); text that is not a date is refused at the field in red — the field
    never keeps another date than the one typed. The line is the field's only Tab stop; an
    optional date is cleared by deleting its text.

    ``value()`` is the date, ``None`` when empty, or the raw text when it is not a date (so
    validation names it). ``edited`` fires only for acceptable values (a date, or empty when the
    date is optional), so a dialog listening to it never sees a half-typed date; ``validity_changed``
    fires when the text turns acceptable or not. While the text is not acceptable, the Ok button of
    the dialog the field sits in is disabled.
    """

    edited = Signal()
    validity_changed = Signal(bool)

    def __init__(self, optional: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.optional = optional
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(NO_DATE_TEXT if optional else "e.g. 11/24/2026")
        self.edit.setClearButtonEnabled(optional)
        self.edit.setMaxLength(40)
        self.edit.setMinimumWidth(110)
        self.edit.setMaximumWidth(150)
        self.edit.setToolTip(DATE_HINT)
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setToolTip("Choose from a calendar (Alt+Down)")
        # One Tab stop per date field: the calendar is reached with Alt+Down from the text.
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.echo = QLabel(self)
        self.echo.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.echo.setMinimumWidth(60)
        self.echo.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.edit)
        layout.addWidget(self.button)
        layout.addWidget(self.echo, 1)
        self.setFocusProxy(self.edit)
        self._popup: _CalendarPopup | None = None
        self._held: list[QPushButton] = []
        self._acceptable = True
        self._last: date | None | str = None
        self.edit.textEdited.connect(self._on_text_edited)
        self.edit.editingFinished.connect(self._on_finished)
        self.edit.installEventFilter(self)
        self.button.clicked.connect(self.open_calendar)
        self.set_value(None if optional else clock.today())

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 (Qt API)
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)
        self.button.setAccessibleName(f"{name}: calendar")
        self.echo.setAccessibleName(f"{name}: understood as")

    def setAccessibleDescription(self, text: str) -> None:  # noqa: N802 (Qt API)
        super().setAccessibleDescription(text)
        self.edit.setAccessibleDescription(text)

    # -- reading the text ----------------------------------------------------------------------

    def _parse(self) -> tuple[date | None | str, str | None]:
        """(value, problem): the date or None, or the raw text and why it is refused."""
        text = self.edit.text().strip()
        if not text:
            return None, (None if self.optional else "A date is required.")
        try:
            return parse_date(text), None
        except DateParseError as exc:
            return text, str(exc)

    def value(self) -> date | None | str:
        return self._parse()[0]

    def is_acceptable(self) -> bool:
        """A date, or nothing for an optional date: what can be saved."""
        return self._parse()[1] is None

    def problem(self) -> str | None:
        return self._parse()[1]

    def set_value(self, value: Any) -> None:
        if isinstance(value, date):
            self.edit.setText(value.isoformat())
        elif value is None:
            self.edit.setText("" if self.optional else clock.today().isoformat())
        else:
            self.edit.setText(str(value))
        self._last = self.value()
        self._refresh(finished=True, announce=False)

    # -- reacting ------------------------------------------------------------------------------

    def _on_text_edited(self, _text: str) -> None:
        self._refresh(finished=False, announce=True)

    def _on_finished(self) -> None:
        self._refresh(finished=True, announce=False)

    def _refresh(self, finished: bool, announce: bool) -> None:
        value, problem = self._parse()
        if problem is None:
            mark_invalid(self.edit, False)
            set_text_color(self.echo, None)
            words = describe_date(value) if isinstance(value, date) else ""
            note = reading_note(self.edit.text())
            self.echo.setText(f"{words} ({note})" if note else words)
            self.echo.setToolTip(self.echo.text())
        elif finished:
            mark_invalid(self.edit, True)
            set_text_color(self.echo, ERROR_COLOR)
            self.echo.setText(problem)
            self.echo.setToolTip(problem)
        else:
            mark_invalid(self.edit, False)
            set_text_color(self.echo, None)
            self.echo.setText(_KEEP_TYPING)
            self.echo.setToolTip(DATE_HINT)
        acceptable = problem is None
        if acceptable != self._acceptable:
            self._acceptable = acceptable
            self._hold_dialog_ok(not acceptable)
            if announce:
                self.validity_changed.emit(acceptable)
        if announce and acceptable and value != self._last:
            self._last = value
            self.edited.emit()

    def _hold_dialog_ok(self, hold: bool) -> None:
        """Keep the surrounding dialog's Ok button disabled while the date is not acceptable."""
        window = self.window()
        if hold:
            if not isinstance(window, QDialog):
                return
            for box in window.findChildren(QDialogButtonBox):
                ok = box.button(QDialogButtonBox.StandardButton.Ok)
                if ok is not None and ok.isEnabled():
                    ok.setEnabled(False)
                    self._held.append(ok)
        else:
            for ok in self._held:
                ok.setEnabled(True)
            self._held = []

    # -- the calendar --------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            key_event = cast(QKeyEvent, event)
            alt_down = (key_event.key() == Qt.Key.Key_Down
                        and key_event.modifiers() & Qt.KeyboardModifier.AltModifier)
            if alt_down or key_event.key() == Qt.Key.Key_F4:
                self.open_calendar()
                return True
        return False

    def open_calendar(self) -> None:
        if self._popup is None:
            self._popup = _CalendarPopup(self)
            self._popup.picked.connect(self._on_picked)
        value = self.value()
        self._popup.open_at(self.edit, value if isinstance(value, date) else clock.today())

    def _on_picked(self, day: date) -> None:
        self.edit.setText(day.isoformat())
        self.edit.setFocus()
        self._refresh(finished=True, announce=True)


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
