"""The packet dialog's audience box: who the packet is for, and that preset's settings.

Choosing an audience (board, counsel, Congress, a member) fills in its marking, cover wording,
sections and smallest group shown; the officer may change them for this packet, or keep the
changes as the union's preset (**Keep as the preset**, saved in the database).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from naij_tracker.reports.audience import SECTIONS, Audience

NO_AUDIENCE = "Any reader (the union's own marking)"


class AudienceBox(QGroupBox):
    """An audience combo box and the chosen preset's settings, editable."""

    changed = Signal()
    #: The officer changed a setting of the chosen audience.
    edited = Signal()

    def __init__(self, audiences: Mapping[str, Audience],
                 save: Callable[[Audience], None] | None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Audience", parent)
        self.audiences = dict(audiences)
        self._save = save
        self.combo = QComboBox()
        self.combo.setObjectName("packet_audience")
        self.combo.setAccessibleName("Audience")
        self.combo.addItem(NO_AUDIENCE, "")
        for key, audience in self.audiences.items():
            self.combo.addItem(audience.name, key)
        self.marking = QLineEdit()
        self.marking.setObjectName("packet_marking")
        self.marking.setAccessibleName("Marking on every page")
        self.marking.setPlaceholderText("(no marking)")
        self.cover_note = QLineEdit()
        self.cover_note.setObjectName("packet_cover_note")
        self.cover_note.setAccessibleName("Cover wording")
        self.min_group = QSpinBox()
        self.min_group.setObjectName("packet_min_group")
        self.min_group.setAccessibleName("Smallest group shown")
        self.min_group.setRange(1, 100)
        self.min_group.setSuffix(" members")
        self.section_checks: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for i, (key, label) in enumerate(SECTIONS):
            check = QCheckBox(label)
            check.setObjectName(f"packet_section_{key}")
            check.toggled.connect(self.edited)
            grid.addWidget(check, i // 2, i % 2)
            self.section_checks[key] = check
        self.keep_button = QPushButton("&Keep as the preset")
        self.keep_button.setObjectName("packet_keep_preset")
        self.keep_button.setToolTip("Remember these settings for this audience (saved in the "
                                    "database, for every officer)")
        self.keep_button.setAutoDefault(False)
        self.keep_button.clicked.connect(lambda _c=False: self.keep())
        self.keep_button.setEnabled(save is not None)

        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&For:", self.combo)
        form.addRow("&Marking:", self.marking)
        form.addRow("Co&ver:", self.cover_note)
        form.addRow("Sections:", grid)
        form.addRow("S&mallest group:", self.min_group)
        form.addRow(self.keep_button)
        self.combo.currentIndexChanged.connect(self._on_choice)
        self._on_choice()

    def key(self) -> str:
        return str(self.combo.currentData() or "")

    def choose(self, key: str) -> None:
        index = self.combo.findData(key)
        if index >= 0:
            self.combo.setCurrentIndex(index)

    def _on_choice(self, *_args: object) -> None:
        key = self.key()
        preset = self.audiences.get(key)
        editing = preset is not None
        for widget in (self.marking, self.cover_note, self.min_group,
                       *self.section_checks.values()):
            widget.setEnabled(editing)
        self.keep_button.setVisible(editing)
        if preset is not None:
            self.marking.setText(preset.marking)
            self.cover_note.setText(preset.cover_note)
            self.marking.setCursorPosition(0)  # show the beginning of long wording
            self.cover_note.setCursorPosition(0)
            self.min_group.setValue(preset.min_group)
            for name, check in self.section_checks.items():
                check.setChecked(name in preset.sections)
            self.min_group.setEnabled(preset.aggregate)
        self.changed.emit()

    def audience(self) -> Audience | None:
        """The chosen preset with the officer's edits; None for "any reader"."""
        preset = self.audiences.get(self.key())
        if preset is None:
            return None
        return replace(
            preset, marking=self.marking.text().strip(),
            cover_note=self.cover_note.text().strip(), min_group=self.min_group.value(),
            sections=tuple(k for k, check in self.section_checks.items() if check.isChecked()))

    def keep(self) -> bool:
        """Save the edited preset in the database; whether it was saved."""
        audience = self.audience()
        if audience is None or self._save is None:
            return False
        self._save(audience)
        self.audiences[audience.key] = audience
        return True
