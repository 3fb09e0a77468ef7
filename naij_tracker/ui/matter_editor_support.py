"""What the matter editor does around a save and around its member picker (mixed into
``MatterEditor``): members added from the picker, the court filled in from the member, a failed
save explained (the fields, a conflict, a storage error), the deadlines a save starts proposed
for review, and the Edit ▸ Undo entry of each save."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QMessageBox, QTabWidget, QWidget

from naij_tracker.db.errors import ConflictError
from naij_tracker.domain.validation import FieldError, ValidationError
from naij_tracker.ui.forms import MemberPicker
from naij_tracker.ui.messages import show_error
from naij_tracker.ui.tasks import TaskControl, TaskRunner

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
    runner: TaskRunner
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
        people, values = self.ctx.people, dialog.values()

        def added(member_id: int) -> None:
            self.ctx.changes.members_changed.emit()  # this editor's pickers, and every view
            picker.set_value(member_id)
            picker.edited.emit()
            picker.setFocus()

        def refused(exc: BaseException) -> None:
            if isinstance(exc, ValidationError):
                self._show_status(" ".join(e.message for e in exc.errors), error=True)
            else:
                show_error(self, "Add member", exc)

        self.runner.submit(lambda _control: people.create_member(values), on_result=added,
                           on_error=refused)


class SaveFollowUpMixin(_EditorBase):
    """After a save: the undo entry, then the review of the deadlines the save started; or why
    it failed."""

    ctx: AppContext
    form: FieldForm | None
    matter_id: int | None
    record: MatterRecord | None
    deadlines_tab: DeadlinesTab
    tabs: QTabWidget
    runner: TaskRunner
    _after_save: list[Callable[[], object]]

    if TYPE_CHECKING:  # provided by MatterEditor
        def _show_status(self, text: str, error: bool = False) -> None: ...
        def _on_tab_changed(self) -> None: ...
        def _set_saving(self, saving: bool, text: str = "Saving…") -> None: ...
        def load(self, matter_id: int) -> None: ...

    def _save_failed(self, exc: BaseException) -> None:
        self._set_saving(False)
        self._after_save = []  # the officer stays with the edit: nothing goes on
        if isinstance(exc, ValidationError):
            self._show_errors(exc.errors)
        elif isinstance(exc, ConflictError):
            self._on_conflict(exc)
        else:
            self._show_status("Not saved — your changes are still here.", error=True)
            show_error(self, "Save", exc)

    def _show_errors(self, errors: list[FieldError]) -> None:
        assert self.form is not None
        unplaced = self.form.show_errors(errors)
        count = len(errors)
        text = (f"Not saved — {count} field{'s' if count != 1 else ''} need{'s' if count == 1 else ''}"
                " attention.")
        if unplaced:
            text += " " + " ".join(e.message for e in unplaced)
        self.tabs.setCurrentIndex(0)
        self._show_status(text, error=True)

    def _on_conflict(self, exc: ConflictError) -> None:
        self._show_status("Not saved — another officer changed this matter.", error=True)
        box = QMessageBox(QMessageBox.Icon.Warning, "Changed by someone else",
                          "This matter was saved by someone else after you opened it, so your "
                          "changes were not saved (nothing was overwritten).", parent=self)
        box.setInformativeText(f"{exc}\n\nYour edit is still on screen. Copy what you need, "
                               "then reload to see their version.")
        reload = box.addButton("Reload their version", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Keep my edit on screen", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is reload and self.matter_id is not None:
            self.load(self.matter_id)

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

    def propose_deadlines(self, before: dict[str, Any] | None,
                          then: Callable[[], object]) -> None:
        """After a save: review the deadlines it started (a step, a filing or decision date),
        add the accepted ones on the task runner, then ``then()`` (whatever the outcome)."""
        from naij_tracker.services.proposals import propose_deadlines
        from naij_tracker.ui.proposed_deadlines import ProposedDeadlinesDialog

        if self.record is None:
            then()
            return
        deadlines, matter_id = self.ctx.deadlines, self.record.id
        try:
            proposals = propose_deadlines(deadlines, matter_id, self.record.kind, before,
                                          self.record.values)
        except Exception as exc:  # noqa: BLE001 - the save itself succeeded; say why, go on
            show_error(self, "Deadlines", exc)
            proposals = []
        dialog = (ProposedDeadlinesDialog(self.record.reference, proposals, deadlines, self)
                  if proposals else None)
        if dialog is None or dialog.exec() != QDialog.DialogCode.Accepted:
            then()
            return
        accepted = dialog.accepted_deadlines()

        def add(_control: TaskControl) -> tuple[int, Exception | None]:
            added = 0
            try:
                for item in accepted:
                    deadlines.add_from_rule(matter_id, item.rule_id, item.trigger_on,
                                            item.service, item.title)
                    added += 1
            except Exception as exc:  # noqa: BLE001 - shown; the ones added stay added
                return added, exc
            return added, None

        def added(outcome: tuple[int, Exception | None]) -> None:
            count, exc = outcome
            self._set_saving(False)
            if exc is not None:
                show_error(self, "Add deadline", exc)
            if count:
                self.deadlines_tab.refresh()
                self._on_tab_changed()
                self._show_status(f"Saved; {count} deadline{'s' if count != 1 else ''} added.")
            then()

        self._set_saving(True, "Adding deadlines…")
        self.runner.submit(add, on_result=added)
