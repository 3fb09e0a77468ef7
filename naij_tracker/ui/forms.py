"""Forms built from the domain's field specs, with the error for each field shown at the field.

``FieldForm`` lays a kind's fields out the way an officer reads a case file: the title across the
top, the kind's own short fields in the left column and the shared core (status, priority, owner,
dates, tags) in the right, and the long texts full width underneath. Each input sits above a red
error label that stays hidden until ``show_errors`` names that field. Labels carry mnemonics
(Alt+letter) and are the inputs' buddies; every input has an accessible name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from naij_tracker.domain.fields import FieldSpec, FieldType
from naij_tracker.domain.validation import FieldError
from naij_tracker.ui.field_widgets import (
    NO_DATE_TEXT,
    ChoiceField,
    DateField,
    LongTextField,
    MemberPicker,
    MetricPicker,
    NumberField,
    RecordPicker,
    SuggestField,
    TextField,
)
from naij_tracker.ui.style import ERROR_COLOR, mark_invalid, set_text_color

__all__ = [
    "NO_DATE_TEXT",
    "ChoiceField",
    "DateField",
    "FieldForm",
    "FieldRow",
    "LongTextField",
    "MemberPicker",
    "MetricPicker",
    "NumberField",
    "SuggestField",
    "TextField",
    "assign_mnemonics",
    "error_label",
    "input_for",
]

#: Below this width a form with two columns shows one (e.g. beside a list in a narrow pane).
TWO_COLUMN_WIDTH = 820
#: The core fields shown in the right-hand column.
_CORE_SIDE = ("status", "priority", "owner", "opened_on", "closed_on", "tags")


class FieldInput(Protocol):
    def value(self) -> Any: ...

    def set_value(self, value: Any) -> None: ...


def input_for(spec: FieldSpec) -> QWidget:
    """The right input widget for a field spec."""
    optional = not spec.required
    widget: QWidget
    if spec.type is FieldType.DATE:
        widget = DateField(optional=optional)
    elif spec.type is FieldType.CHOICE:
        widget = ChoiceField(spec.choices, optional)
    elif spec.type is FieldType.MEMBER:
        widget = MemberPicker()
    elif spec.type is FieldType.METRIC:
        widget = MetricPicker(optional=optional)
    elif spec.type is FieldType.NUMBER:
        widget = NumberField()
    elif spec.type is FieldType.LONGTEXT:
        widget = LongTextField()
    elif spec.suggestions:
        widget = SuggestField(spec.suggestions)
    else:
        widget = TextField()
        if spec.help and "e.g." in spec.help:
            widget.setPlaceholderText(spec.help.split("e.g.", 1)[1].strip(" .") or "")
    widget.setObjectName(f"field_{spec.name}")
    widget.setAccessibleName(spec.label)
    if spec.help:
        widget.setToolTip(spec.help)
        widget.setAccessibleDescription(spec.help)
    return widget


def labelled_form(rows: Iterable[tuple[str, QWidget]], *, name_fields: bool = False
                  ) -> QFormLayout:
    """A form of (label text with its mnemonic, field) rows, each label the field's buddy;
    ``name_fields`` also gives each field its label as accessible name (without "&" and ":")."""
    form = QFormLayout()
    for text, widget in rows:
        label = QLabel(text)
        label.setBuddy(widget)
        if name_fields:
            widget.setAccessibleName(text.replace("&", "").rstrip(":"))
        form.addRow(label, widget)
    return form


def error_label(parent: QWidget | None = None) -> QLabel:
    """A hidden red label for a field's error message."""
    label = QLabel(parent)
    set_text_color(label, ERROR_COLOR)
    label.setWordWrap(True)
    label.setVisible(False)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def assign_mnemonics(labels: Iterable[str], reserved: str = "") -> list[str]:
    """Labels with an ``&`` before a letter not yet used (first letters of words preferred)."""
    used = set(reserved.lower())
    out = []
    for label in labels:
        chosen = -1
        starts = [i for i, ch in enumerate(label) if ch.isalpha() and (i == 0 or label[i - 1] == " ")]
        for i in starts + list(range(len(label))):
            ch = label[i].lower()
            if ch.isalpha() and ch not in used:
                chosen = i
                used.add(ch)
                break
        out.append(label if chosen < 0 else label[:chosen] + "&" + label[chosen:])
    return out


@dataclass
class FieldRow:
    """One field of a form: its spec, label, input and error label."""

    spec: FieldSpec
    label: QLabel
    input: QWidget
    error: QLabel

    def value(self) -> Any:
        return self.input.value()  # type: ignore[attr-defined]

    def set_value(self, value: Any) -> None:
        self.input.set_value(value)  # type: ignore[attr-defined]

    def set_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
        mark_invalid(self.input.edit if isinstance(self.input, DateField) else self.input,
                     bool(message))
        description = self.spec.help
        if message:
            description = f"Error: {message}"
        self.input.setAccessibleDescription(description)


class FieldForm(QWidget):
    """A form for a sequence of field specs; ``edited`` fires on any change by the person."""

    edited = Signal()

    def __init__(self, specs: Sequence[FieldSpec], parent: QWidget | None = None,
                 reserved_mnemonics: str = "", columns: int = 2) -> None:
        super().__init__(parent)
        self.specs = tuple(specs)
        self.columns = columns
        self.rows: dict[str, FieldRow] = {}
        # Mnemonics are handed out in reading order (title, the kind's own fields, the core), so
        # when letters run out it is the rarely used fields that go without.
        reading = sorted(self.specs, key=lambda s: (s.name != "title",
                                                    s.name in _CORE_SIDE,
                                                    s.type is FieldType.LONGTEXT))
        texts = dict(zip([s.name for s in reading],
                         assign_mnemonics([s.label for s in reading], reserved_mnemonics),
                         strict=True))
        for spec in self.specs:
            text = texts[spec.name]
            widget = input_for(spec)
            label = QLabel(text + ("" if not spec.required else " *"), self)
            label.setBuddy(widget)
            if spec.required:
                label.setToolTip("Required")
            row = FieldRow(spec, label, widget, error_label(self))
            widget.edited.connect(self.edited)  # type: ignore[attr-defined]
            if isinstance(widget, DateField):
                widget.validity_changed.connect(lambda _ok: self.edited.emit())
            self.rows[spec.name] = row
        self._lay_out()

    # -- layout --------------------------------------------------------------------------------

    @staticmethod
    def _cell(row: FieldRow) -> QWidget:
        cell = QWidget()
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(row.input)
        extra = getattr(row.input, "add_button", None)
        if isinstance(extra, QWidget):  # the member picker's "Add new member '…'"
            box.addWidget(extra, 0, Qt.AlignmentFlag.AlignLeft)
        box.addWidget(row.error)
        if row.spec.type is not FieldType.LONGTEXT:
            # Short fields keep their natural height; spare room goes to the long texts.
            cell.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        return cell

    def _form(self, rows: list[FieldRow]) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Explicit, or the form inherits the 24-px gap between the columns.
        form.setVerticalSpacing(8)
        form.setHorizontalSpacing(10)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for row in rows:
            form.addRow(row.label, self._cell(row))
        return form

    def _lay_out(self) -> None:
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(0, 0, 0, 0)
        self._body: QWidget | None = None
        self._mode = 0
        self._rebuild(self.columns)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        """Two columns when there is room for them, one when the form sits in a narrow pane."""
        super().resizeEvent(event)
        if self.columns == 2:
            wanted = 2 if event.size().width() >= TWO_COLUMN_WIDTH else 1
            if wanted != self._mode:
                self._rebuild(wanted)

    def _rebuild(self, mode: int) -> None:
        """(Re)place every field for ``mode`` columns in a fresh body widget."""
        self._mode = mode
        body = QWidget(self)
        outer = QVBoxLayout(body)
        outer.setContentsMargins(0, 0, 0, 0)
        rows = list(self.rows.values())
        top = [r for r in rows if r.spec.name == "title"]
        long = [r for r in rows if r.spec.type is FieldType.LONGTEXT]
        side = [r for r in rows if r.spec.name in _CORE_SIDE]
        main = [r for r in rows if r not in top and r not in long and r not in side]
        if self.columns == 2 and not side:  # not a matter form: split the short fields
            half = (len(main) + 1) // 2
            main, side = main[:half], main[half:]
        order: list[QWidget] = []
        for r in top + main + side + long:
            order.append(r.input)
            extra = getattr(r.input, "add_button", None)
            if isinstance(extra, QWidget):
                order.append(extra)
        if mode == 1:
            top, main, side = top + main + side, [], []
        if top:
            outer.addLayout(self._form(top))
        if main:
            columns = QHBoxLayout()
            columns.setSpacing(24)
            for group in (main, side):
                column = QVBoxLayout()
                column.addLayout(self._form(group))
                column.addStretch(1)
                columns.addLayout(column, 1)
            outer.addLayout(columns)
        if long:
            grid = QGridLayout()
            grid.setHorizontalSpacing(16)
            for i, row in enumerate(long):
                row.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
                row.input.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
                col = i % mode
                base = (i // mode) * 2
                grid.addWidget(row.label, base, col)
                grid.addWidget(self._cell(row), base + 1, col)
            outer.addLayout(grid, 1)
        focused = self.focusWidget()
        if self._body is not None:
            self._outer.removeWidget(self._body)
            self._body.deleteLater()  # its fields have moved to the new body already
        self._body = body
        self._outer.addWidget(body)
        body.show()  # at once, not at the layout's next queued pass
        # Tab order follows reading order: title, the kind's fields, the core, long texts.
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)
        if focused is not None:
            focused.setFocus()

    # -- values and errors ---------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        return {name: row.value() for name, row in self.rows.items()}

    def set_values(self, values: dict[str, Any]) -> None:
        for name, row in self.rows.items():
            row.set_value(values.get(name))
        self.clear_errors()

    def set_member_items(self, items: list[tuple[int, str]]) -> None:
        self._set_picker_items(FieldType.MEMBER, items)

    def member_pickers(self) -> list[MemberPicker]:
        return [r.input for r in self.rows.values() if isinstance(r.input, MemberPicker)]

    def set_metric_items(self, items: list[tuple[int, str]]) -> None:
        self._set_picker_items(FieldType.METRIC, items)

    def _set_picker_items(self, type_: FieldType, items: list[tuple[int, str]]) -> None:
        for row in self.rows.values():
            if row.spec.type is type_ and isinstance(row.input, RecordPicker):
                row.input.set_items(items)

    def show_errors(self, errors: Iterable[FieldError]) -> list[FieldError]:
        """Mark each field with its error; returns the errors that name no field of this form."""
        self.clear_errors()
        unplaced: list[FieldError] = []
        first: QWidget | None = None
        for err in errors:
            row = self.rows.get(err.field)
            if row is None:
                unplaced.append(err)
                continue
            row.set_error(err.message)
            first = first or row.input
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        return unplaced

    def refused_dates(self) -> list[FieldError]:
        """The date fields whose text is not a date (or is empty but required), with why."""
        out = []
        for name, row in self.rows.items():
            if isinstance(row.input, DateField) and not row.input.is_acceptable():
                problem = row.input.problem() or ""
                out.append(FieldError(name, f"{row.spec.label}: {problem}"))
        return out

    def clear_errors(self) -> None:
        for row in self.rows.values():
            row.set_error(None)

    def error_text(self, name: str) -> str:
        """The error shown at a field ("" when none) — for tests and the status line."""
        row = self.rows[name]
        return row.error.text() if not row.error.isHidden() else ""

    def field(self, name: str) -> QWidget:
        return self.rows[name].input
