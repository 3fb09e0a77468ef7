"""What the matter editor does around a save and around its member picker (mixed into
``MatterEditor``): members added from the picker, the court filled in from the member, the
deadlines a save starts proposed for review, and the Edit ▸ Undo entry of each save."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QWidget

from naij_tracker.domain.validation import ValidationError
from naij_tracker.ui.forms import MemberPicker
from naij_tracker.ui.messages import show_error

if TYPE_CHECKING:
    from naij_tracker.services.matters import MatterRecord
    from naij_tracker.ui.context import AppContext
    from naij_tracker.ui.forms import FieldForm
    from naij_tracker.ui.matter_tabs import DeadlinesTab

    # The mixins are only ever mixed into MatterEditor, a QWidget.
    _EditorBase = QWidget
else:
    _EditorBase = object


class MemberPickingMixin(_EditorBase):
    """The member pickers of the editor's form, kept in step with the members on file."""

    ctx: AppContext
    form: FieldForm | None
    _member_courts: dict[int, str | None]

    if TYPE_CHECKING:  # provided by MatterEditor
        def _show_status(self, text: str, error: bool = False) -> None: ...
        def _on_edited(self) -> None: ...

    def _reload_members(self) -> None:
        """Fill the member pickers (kept in step with every change: ``ctx.changes``)."""
        if self.form is None:
            return
        rows = self.ctx.people.members()
        self._member_courts = {m.id: m.court for m in rows}
        self.form.set_member_items([(m.id, m.label) for m in rows])

    def _member_chosen(self, picker: MemberPicker) -> None:
        """Choosing a member fills the court when the matter has none yet."""
        member_id = picker.value()
        if self.form is None or not isinstance(member_id, int) or "court" not in self.form.rows:
            return
        court = self._member_courts.get(member_id)
        row = self.form.rows["court"]
        if court and not row.value():
            row.set_value(court)
            self._on_edited()

    def _add_member(self, picker: MemberPicker, name: str) -> None:
        """"Add new member '…'": a small dialog, then the new member is chosen here."""
        from naij_tracker.ui.member_dialog import NewMemberDialog

        court = self.form.rows["court"].value() if self.form and "court" in self.form.rows \
            else None
        dialog = NewMemberDialog(name, court, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            member_id = self.ctx.people.create_member(dialog.values())
        except ValidationError as exc:
            self._show_status(" ".join(e.message for e in exc.errors), error=True)
            return
        except Exception as exc:
            show_error(self, "Add member", exc)
            return
        self.ctx.changes.members_changed.emit()  # this editor's pickers, and every other view
        picker.set_value(member_id)
        picker.edited.emit()
        picker.setFocus()



class SaveFollowUpMixin(_EditorBase):
    """After a save: the undo entry, then the review of the deadlines the save started."""

    ctx: AppContext
    record: MatterRecord | None
    deadlines_tab: DeadlinesTab

    if TYPE_CHECKING:  # provided by MatterEditor
        def _show_status(self, text: str, error: bool = False) -> None: ...
        def _on_tab_changed(self) -> None: ...

    def _push_undo(self, matter_id: int, before: dict[str, Any] | None) -> None:
        """Edit ▸ Undo for this save: back to the values before it, or the new matter deleted
        (to the trash). Another officer's save in between makes the undo a conflict."""
        assert self.record is not None
        matters, ref = self.ctx.matters, self.record.reference
        if before is None:
            self.ctx.undo.push(f"Undo creation of {ref}", lambda: matters.delete(matter_id))
            return
        changed = {n: v for n, v in before.items() if self.record.values.get(n) != v}
        if not changed:
            return
        version = self.record.version
        self.ctx.undo.push(f"Undo edit of {ref}",
                           lambda: matters.update(matter_id, changed, expected_version=version))

    def propose_deadlines(self, before: dict[str, Any] | None) -> int:
        """After a save: review the deadlines it started (a step, a filing or decision date).

        Returns how many deadlines were added.
        """
        from naij_tracker.services.proposals import propose_deadlines
        from naij_tracker.ui.proposed_deadlines import ProposedDeadlinesDialog

        if self.record is None:
            return 0
        try:
            proposals = propose_deadlines(self.ctx.deadlines, self.record.id, self.record.kind,
                                          before, self.record.values)
        except Exception as exc:  # noqa: BLE001 - the save itself succeeded; say why, go on
            show_error(self, "Deadlines", exc)
            return 0
        if not proposals:
            return 0
        dialog = ProposedDeadlinesDialog(self.record.reference, proposals, self.ctx.deadlines, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return 0
        added = 0
        try:
            for item in dialog.accepted_deadlines():
                self.ctx.deadlines.add_from_rule(self.record.id, item.rule_id, item.trigger_on,
                                                 item.service, item.title)
                added += 1
        except Exception as exc:  # noqa: BLE001 - one-line message, the rest stays as it is
            show_error(self, "Add deadline", exc)
        if added:
            self.deadlines_tab.refresh()
            self._on_tab_changed()
            self._show_status(f"Saved; {added} deadline{'s' if added != 1 else ''} added.")
        return added
