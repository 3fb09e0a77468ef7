"""Names that come from data — attachment names, sheet names, file names in messages.

An attachment's name is *data*: it came from whoever made the file (or the database) and is
shown and used only as a base name, never as a path. ``safe_file_name`` turns any text into a
name that stays inside the folder it is written to, on every system we run on:

* only the part after the last ``/`` or ``\\`` is kept (so ``../../.bashrc`` is ``.bashrc``,
  ``C:\\Windows\\x.dll`` is ``x.dll``), and a drive letter (``C:x``) is dropped;
* control characters (C0, DEL, C1, and Unicode line/paragraph separators and bidi controls that
  can disguise an extension) become ``_``; so do characters Windows forbids (``<>:"|?*``);
* ``.`` and ``..`` alone, trailing dots and spaces (which Windows strips), and names reserved
  by Windows (``CON``, ``NUL``, ``COM1``, ``LPT1``… with any extension) are changed;
* the name is at most 200 characters (most file systems allow 255 bytes), keeping its extension.

``printable`` escapes control characters for a terminal or a one-line message, so an escape
sequence hidden in a sheet or file name is shown, never obeyed.
"""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_CHARS = 200
FALLBACK = "attachment"
_RESERVED = frozenset({"con", "prn", "aux", "nul", "conin$", "conout$",
                       *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10)),
                       "com¹", "com²", "com³", "lpt¹", "lpt²", "lpt³"})
_FORBIDDEN = re.compile(r'[<>:"|?*]')


def _is_control(ch: str) -> bool:
    # Cc: C0/C1 controls; Cf: format characters (bidi overrides, zero-width joiners…);
    # Zl/Zp: line and paragraph separators.
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")


def safe_file_name(name: str | None, fallback: str = FALLBACK) -> str:
    """``name`` as a safe base name (see the module docstring); ``fallback`` if nothing is left."""
    text = str(name or "")
    text = "".join("_" if _is_control(ch) else ch for ch in text)
    text = re.split(r"[/\\]", text)[-1]
    text = re.sub(r"^[A-Za-z]:", "", text)
    text = _FORBIDDEN.sub("_", text)
    text = text.rstrip(" .").lstrip(" ")
    if text in ("", ".", ".."):
        return fallback
    if text.split(".", 1)[0].strip().lower() in _RESERVED:
        text = f"_{text}"
    if len(text) > MAX_NAME_CHARS:
        base, dot, ext = text.rpartition(".")
        if dot and 0 < len(ext) <= 16:
            text = base[:MAX_NAME_CHARS - len(ext) - 1] + "." + ext
        else:
            text = text[:MAX_NAME_CHARS]
    return text


def is_safe_file_name(name: str | None) -> bool:
    """Whether ``name`` is already a safe base name (what ``check`` asks of stored names)."""
    return bool(name) and safe_file_name(name) == name


def printable(text: object) -> str:
    """``text`` with control characters escaped (``\\x1b``, ``\\n``, ``\\u202e``), for a terminal
    or a one-line message."""
    out = []
    for ch in str(text):
        if _is_control(ch):
            code = ord(ch)
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch)
                       or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"))
        else:
            out.append(ch)
    return "".join(out)
