"""The main window's Edit ▸ Undo, View ▸ Trash and File ▸ Import history, installed in one call.

Kept out of ``main_window.py`` so the window only says where the actions go. Every slot asks the
window for its *current* context, since switching databases gives the window a new one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from naij_tracker.ui.changes import Change
from naij_tracker.ui.messages import show_error

if TYPE_CHECKING:
    from naij_tracker.ui.main_window import MainWindow


class SessionTools:
    """Undo, Trash and Import history for one main window."""

    def __init__(self, window: MainWindow, file_menu: QMenu, edit_menu: QMenu,
                 view_menu: QMenu) -> None:
        self.window = window
        self.act_undo = QAction("&Undo", window)
        self.act_undo.setObjectName("undo")
        self.act_undo.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.act_undo.triggered.connect(self.undo)
        window.addAction(self.act_undo)
        first = edit_menu.actions()[0] if edit_menu.actions() else None
        # PySide6's stubs omit None for ``before``; Qt appends when ``before`` is null.
        edit_menu.insertAction(first, self.act_undo)  # type: ignore[arg-type]
        edit_menu.insertSeparator(first)  # type: ignore[arg-type]
        edit_menu.aboutToShow.connect(self.update_undo_text)

        self.act_trash = QAction("&Trash…", window)
        self.act_trash.setObjectName("trash")
        self.act_trash.setToolTip("Deleted matters, restorable for 30 days")
        self.act_trash.triggered.connect(self.show_trash)
        view_menu.addSeparator()
        view_menu.addAction(self.act_trash)

        self.act_imports = QAction("Import &history…", window)
        self.act_imports.setObjectName("import_history")
        self.act_imports.triggered.connect(self.show_import_history)
        import_action = next((a for a in file_menu.actions() if a.objectName() == "import"), None)
        actions = file_menu.actions()
        after = actions[actions.index(import_action) + 1] if import_action in actions and \
            actions.index(import_action) + 1 < len(actions) else None
        file_menu.insertAction(after, self.act_imports)  # type: ignore[arg-type]  # as above
        self.windows: dict[str, object] = {}
        self.connect_context()

    def connect_context(self) -> None:
        """Follow the window's current context (again after a database switch)."""
        ctx = self.window.ctx
        ctx.undo.changed.connect(self.update_undo_text)
        ctx.changes.matters_changed.connect(self.after_change)
        self.update_undo_text()

    def update_undo_text(self) -> None:
        undo = self.window.ctx.undo
        self.act_undo.setText(f"&{undo.undo_text()}" if undo.can_undo() else "&Undo")
        self.act_undo.setEnabled(undo.can_undo() and not self.window.ctx.db.read_only)

    def undo(self) -> None:
        ctx = self.window.ctx
        if not ctx.undo.can_undo() or ctx.db.read_only:
            self.window.statusBar().showMessage("Nothing to undo.", 4000)
            return
        try:
            text = ctx.undo.undo()
        except Exception as exc:  # noqa: BLE001 - changed since, emptied trash: say why
            show_error(self.window, "Undo", exc)
            self.after_change(Change.of_everything())
            return
        self.after_change(Change.of_everything())  # an undo's scope is not recorded
        self.window.statusBar().showMessage(f"{text}: done.", 6000)

    def after_change(self, change: Change) -> None:
        """The views showing what ``change`` changed show the database as it now is; editors
        without unsaved edits reload."""
        for view in self.window.list_views():
            if not view.editor_built:
                continue
            shown = view.shown_matter_id
            editor = view.editor
            if shown is not None and not editor.is_dirty():
                editor.load(shown)
        self.window.registry.data_changed(change)

    def show_trash(self) -> None:
        from naij_tracker.ui.trash_view import TrashView

        self._show("trash", lambda: TrashView(self.window.ctx, None, self.window))

    def show_import_history(self) -> None:
        from naij_tracker.ui.import_history import ImportHistoryView

        self._show("imports", lambda: ImportHistoryView(self.window.ctx, None, self.window))

    def _show(self, key: str, make: object) -> None:
        old = self.windows.get(key)
        if old is not None:
            old.close()  # type: ignore[attr-defined]
            old.deleteLater()  # type: ignore[attr-defined]
        dialog = make()  # type: ignore[operator]
        self.windows[key] = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
