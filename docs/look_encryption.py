"""Screenshots of the passphrase prompt, the new-passphrase dialog and the recovery-key sheet.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/look_encryption.py
Writes ``docs/screenshots/passphrase_prompt.png``, ``new_passphrase.png`` and
``recovery_key_sheet.png`` (from a throw-away encrypted database in a temporary folder; the key
shown is made up for the picture and opens nothing).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QLineEdit, QWidget  # noqa: E402

from naij_tracker.db import keywrap  # noqa: E402
from naij_tracker.services import encryption as enc  # noqa: E402
from naij_tracker.ui.passphrase_dialog import NewPassphraseDialog, PassphraseDialog  # noqa: E402
from naij_tracker.ui.recovery_key_dialog import RecoveryKeyDialog  # noqa: E402
from naij_tracker.ui.style import apply_style, choose_style  # noqa: E402

OUT = Path(__file__).resolve().parent / "screenshots"


def grab(widget: QWidget, name: str) -> None:
    widget.show()
    widget.adjustSize()
    for _ in range(3):
        QApplication.processEvents()
    target = OUT / name
    widget.grab().save(str(target))
    print(f"wrote {target}")


def main() -> int:
    choose_style()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    apply_style(app)
    keywrap.SCRYPT_N = 2**10  # a picture, not a real database
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "NAIJ cases.sqlite3"
        enc.create_encrypted(path, "a picture only")
        enc.lock(path)
        prompt = PassphraseDialog(path)
        prompt.remember.setVisible(True)  # as on a computer with a keychain
        prompt.findChild(QLineEdit, "passphrase").setText("wrong guess")
        prompt._say("That passphrase does not open NAIJ cases.sqlite3; nothing was changed.")
        grab(prompt, "passphrase_prompt.png")
        new = NewPassphraseDialog("Encrypt this database",
                                  "NAIJ cases.sqlite3 will be encrypted: without the passphrase "
                                  "(or the recovery key shown next) nobody can read it, nor its "
                                  "backups. Choose the passphrase.", ok_text="&Encrypt")
        new.first.setText("three unrelated words")
        new.again.setText("three unrelated")
        grab(new, "new_passphrase.png")
        sheet = RecoveryKeyDialog("7KQ4M-XW2CD-H9TPE-3RBNF-ZV6YA-M8GJS", path)
        grab(sheet, "recovery_key_sheet.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
