"""The date field: typed in any form officers use, or picked from a calendar; echoed in words.

``DateField`` follows the field protocol of ``field_widgets`` (``value()``, ``set_value()``,
``edited``). The reading of the text is the domain's (``domain/dates.py``).
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
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
        # Wraps rather than cuts off: "Friday, March 7, 2025 (read month first, US usage)".
        self.echo.setWordWrap(True)
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
