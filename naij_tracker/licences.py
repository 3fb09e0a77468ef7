"""The licences of the libraries the application runs on, for Help ▸ About.

A bundle (``make dist``) carries ``licences.json``, written at build time by
``python -m naij_tracker.licences OUT`` from the environment the bundle was built from; the
bundle itself has no package metadata to read. In a checkout or a ``pip install``, the same list
is read from ``importlib.metadata``: the application's runtime requirements and theirs, with
the PostgreSQL driver of the ``server`` extra where it is installed.
"""

from __future__ import annotations

import json
import platform
import re
import sys
import sysconfig
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

APP_DISTRIBUTION = "naij-tracker"
#: The application's extras whose libraries are listed when installed (a bundle carries them).
SERVER_EXTRAS = ("server",)
#: The file a bundle carries beside its libraries (``sys._MEIPASS``).
BUNDLED_FILE = "licences.json"

_REQUIREMENT = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?")
_LICENCE_FILE = re.compile(r"(?:^|/)(?:licen[cs]e|copying|notice)[^/]*$", re.IGNORECASE)
#: The longest licence text kept per library (a few ship whole third-party notices).
MAX_TEXT_CHARS = 60_000


@dataclass(frozen=True)
class Licence:
    name: str
    version: str
    licence: str
    text: str = ""


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirements(dist: metadata.Distribution,
                  extras: tuple[str, ...] = ()) -> list[tuple[str, tuple[str, ...]]]:
    """(name, extras asked for) of each requirement of ``dist`` with ``extras``."""
    found = []
    for req in dist.requires or []:
        spec, _, marker = req.partition(";")
        extra = re.search(r"extra\s*==\s*['\"]([^'\"]+)['\"]", marker)
        if extra and extra.group(1) not in extras:  # only what this installation carries
            continue
        match = _REQUIREMENT.match(spec.strip())
        if match:
            wanted = tuple(e.strip() for e in (match.group(2) or "").split(",") if e.strip())
            found.append((match.group(1), wanted))
    return found


def _licence_name(dist: metadata.Distribution) -> str:
    meta: Any = dist.metadata  # an email.message.Message; typeshed's protocol lacks .get
    expression = meta.get("License-Expression")
    if expression:
        return expression
    classifiers = [c.rsplit(" :: ", 1)[-1] for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::") and c != "License :: OSI Approved"]
    if classifiers:
        return ", ".join(dict.fromkeys(classifiers))
    text = (meta.get("License") or "").strip()
    return text.splitlines()[0][:80] if text else "see the package"


def _licence_text(dist: metadata.Distribution) -> str:
    parts = []
    for file in dist.files or []:
        if _LICENCE_FILE.search(str(file)) and ".dist-info/" in str(file).replace("\\", "/"):
            try:
                raw = Path(str(file.locate())).read_bytes()
            except OSError:
                continue
            parts.append(raw.decode("utf-8", errors="replace").strip())
    return "\n\n".join(parts)[:MAX_TEXT_CHARS]


def installed_licences(root: str = APP_DISTRIBUTION) -> list[Licence]:
    """The runtime requirements of ``root``, transitively, as installed here, sorted by name."""
    seen: dict[str, Licence] = {}
    todo: list[tuple[str, tuple[str, ...]]] = [(root, SERVER_EXTRAS)]
    while todo:
        name, extras = todo.pop()
        key = _canonical(name)
        if key in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a requirement for another platform or Python
        seen[key] = Licence(dist.metadata["Name"], dist.version, _licence_name(dist),
                            _licence_text(dist))
        todo.extend(_requirements(dist, extras))
    seen.pop(_canonical(root), None)
    return [_python(), *sorted(seen.values(), key=lambda lic: lic.name.lower())]


def _python() -> Licence:
    """The interpreter itself, which a bundle carries too."""
    text_file = Path(sysconfig.get_path("stdlib")) / "LICENSE.txt"
    try:
        text = text_file.read_text(encoding="utf-8", errors="replace")[:MAX_TEXT_CHARS]
    except OSError:
        text = ""
    return Licence("Python", platform.python_version(), "PSF-2.0", text)


def bundled_licences() -> list[Licence]:
    """The list this copy of the application ships: the bundle's file, or the installed one."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        path = Path(bundle) / BUNDLED_FILE
        if path.is_file():
            return [Licence(**item) for item in json.loads(path.read_text(encoding="utf-8"))]
    return installed_licences()


def write(path: Path) -> None:
    data = [asdict(lic) for lic in installed_licences()]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]))
