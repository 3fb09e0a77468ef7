"""Input widgets for one field each, all with the same small protocol.

Every input has ``value()`` (a Python value ready for the services: ``date``, ``int``, ``float``,
``str`` or ``None``), ``set_value(v)`` and a ``edited`` signal emitted when the person changes it
(not when code calls ``set_value``). A value the person typed that cannot be understood — a member
name that is not in the list, "12x" in a number field — is returned as the raw text, so that
``validate_matter`` names the problem at the field instead of the input silently dropping it.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from naij_tracker.domain.kinds import Choice
from naij_tracker.ui.date_field import (  # noqa: F401 (re-exported: forms and dialogs import here)
    DATE_FORMAT,
    NO_DATE_TEXT,
    DateField,
    from_qdate,
    to_qdate,
)


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


#: The item role holding a record's folded label, which the completer matches against.
FOLDED_ROLE = Qt.ItemDataRole.UserRole + 1


def fold_for_matching(text: str) -> str:
    """Text for matching names: accents removed, case folded, spaces collapsed ("Zoë" → "zoe").

    Kept to this one function so that it can defer to the domain's person-name normaliser.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


class _FoldingCompleter(QCompleter):
    """Completion on any part of the label, ignoring accents and case; inserts the label."""

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 (Qt API)
        return [fold_for_matching(path)]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")


class RecordPicker(QComboBox):
    """Choose a record (member, metric) by its label, with completion as you type.

    ``items`` are ``(id, label)``. ``empty_text`` is the label of the "none" entry (``None`` for a
    picker that requires a choice). Completion finds a record by any part of its label, accents
    and case ignored. Text that matches no label is returned as itself.
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
        completer = _FoldingCompleter(self.model(), self)
        completer.setCompletionRole(FOLDED_ROLE)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseSensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        # PySide6's stubs do not declare SignalInstance's overload indexing ([str]).
        completer.activated[str].connect(lambda _t: self.edited.emit())  # type: ignore[index]
        self.set_items([])

    def set_items(self, items: list[tuple[int, str]]) -> None:
        current = self.value()
        self.blockSignals(True)
        self.clear()
        if self.empty_text is not None:
            self.addItem(self.empty_text, None)
        for record_id, label in items:
            self.addItem(label, record_id)
            self.setItemData(self.count() - 1, fold_for_matching(label), FOLDED_ROLE)
        self.blockSignals(False)
        self.set_value(current)

    def value(self) -> int | str | None:
        text = self.currentText().strip()
        if not text or text == self.empty_text:
            return None
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index < 0:
            # A name typed in full without the court ("Ada Alvarez", "zoe park" for Zoë Park)
            # is enough when only one record carries it.
            folded = fold_for_matching(text)
            hits = [i for i in range(self.count())
                    if fold_for_matching(self.itemText(i)) == folded
                    or fold_for_matching(self.itemText(i).split(" — ")[0]) == folded]
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
    """A member chosen by "Name — Court"; empty means a union (institutional) matter.

    When the typed name matches no member, the "Add new member '…'" button beside it (the
    form places ``add_button`` under the picker) asks to create one: ``add_requested`` carries
    the typed name, and whoever owns the form creates the member and selects it.
    """

    add_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", "Union / institutional — type a name to choose a member", parent)
        self.add_button = QPushButton()
        self.add_button.setObjectName("add_new_member")
        self.add_button.setAutoDefault(False)
        self.add_button.setVisible(False)
        self.add_button.clicked.connect(self._ask_to_add)
        self.edited.connect(self._update_add_button)
        line = self.lineEdit()
        assert line is not None
        line.returnPressed.connect(self._on_return)

    def typed_new_name(self) -> str | None:
        """The typed text when it names no member (what "Add new member" would create)."""
        value = self.value()
        return value if isinstance(value, str) else None

    def _update_add_button(self) -> None:
        name = self.typed_new_name()
        if name:
            self.add_button.setText(f"Add new member “{name[:40]}”…")
            self.add_button.setAccessibleName(f"Add new member {name[:40]}")
        self.add_button.setVisible(bool(name))

    def _on_return(self) -> None:
        if self.typed_new_name():
            self._ask_to_add()

    def _ask_to_add(self) -> None:
        name = self.typed_new_name()
        if name:
            self.add_requested.emit(name)

    def set_items(self, items: list[tuple[int, str]]) -> None:
        super().set_items(items)
        if hasattr(self, "add_button"):
            self._update_add_button()

    def set_value(self, value: Any) -> None:
        super().set_value(value)
        if hasattr(self, "add_button"):
            self._update_add_button()


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
