"""Letter templates: where they are, what each declares, and refusing the ones that are unsafe.

A template is an ordinary Word ``.docx`` with Jinja placeholders (docxtpl). The starter set ships
in ``resources/letters/``; the union's own folder (Preferences ▸ Letters) is searched first, so a
union template with the same file name replaces the shipped one.

What a template declares lives in its document properties (Word: File ▸ Info ▸ Properties), so
it travels with the file: *Title* is the letter's title, *Keywords* the kinds of matter it fits
(``bargaining, flra, grievance, metric_dispute``; empty = all), and *Comments* the follow-up
deadline that sending it starts, one ``Key: value`` a line::

    Follow-up rule: cba-step-answer
    Follow-up days: 15 calendar
    Follow-up title: Management's Step 1 answer due

The rule is used when the union has configured it (Preferences ▸ CBA time limits); otherwise
the days given here.

Every file is checked before Word's XML is parsed (size, a real zip, no macros, no zip bomb) and
every placeholder is checked against :data:`naij_tracker.letters.fields.SCHEMA` when it is
loaded. Problems are :class:`TemplateError`, whose message is one line naming the file.
"""

from __future__ import annotations

import difflib
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from naij_tracker.domain.kinds import MatterKind
from naij_tracker.letters.fields import FREE, LEAF, SCHEMA, ListOf
from naij_tracker.resource_files import resource_path

#: A template file larger than this is refused before it is opened.
MAX_TEMPLATE_BYTES = 10 * 1024 * 1024
#: Uncompressed size of all parts together, and of any part relative to its compressed size.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_RATIO = 200
MAX_PARTS = 2000

_MACRO_MARKERS = ("vbaproject.bin", "vbadata.xml")
_JINJA_GLOBALS = frozenset({"loop", "range", "dict", "lipsum", "cycler", "joiner", "namespace",
                            "true", "false", "none", "True", "False", "None"})


class TemplateError(ValueError):
    """A template that cannot be used; the message is one line naming the file."""


@dataclass(frozen=True)
class FollowUp:
    """The deadline a letter's sending starts: a configured rule, else a number of days."""

    title: str
    rule_id: str | None = None
    days: int | None = None
    day_type: str = "calendar"
    citation: str = ""


@dataclass(frozen=True)
class LetterTemplate:
    name: str
    path: Path
    title: str
    kinds: tuple[MatterKind, ...]
    follow_up: FollowUp | None
    #: The free parts (``fill.<name>``) in the order they first appear.
    free_parts: tuple[str, ...]
    #: "union" for the union's own folder, "shipped" for the starter set.
    origin: str

    def fits(self, kind: MatterKind | str) -> bool:
        return MatterKind(kind) in self.kinds

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "kinds": [k.value for k in self.kinds],
                "origin": self.origin, "file": str(self.path),
                "free_parts": list(self.free_parts),
                "follow_up": self.follow_up.title if self.follow_up else None}


def shipped_folder() -> Path:
    return resource_path("letters")


# --- the file itself ----------------------------------------------------------------------------


def read_checked(path: Path) -> bytes:
    """The template's bytes, once it is known to be a plain .docx that is safe to open."""
    name = path.name
    if path.suffix.lower() in (".docm", ".dotm"):
        raise TemplateError(f"{name}: a macro-enabled Word file is refused; save it as .docx")
    if path.suffix.lower() != ".docx":
        raise TemplateError(f"{name}: a letter template must be a Word .docx file")
    try:
        size = path.stat().st_size
        if size > MAX_TEMPLATE_BYTES:
            raise TemplateError(f"{name}: {size / 1_048_576:.1f} MB is too large for a letter "
                                f"template (at most {MAX_TEMPLATE_BYTES // 1_048_576} MB)")
        data = path.read_bytes()
    except OSError as exc:
        raise TemplateError(f"{name}: cannot be read ({exc.strerror})") from None
    check_package(name, data)
    return data


def check_package(name: str, data: bytes) -> None:
    """Refuse anything but a Word document without macros whose parts unpack to a sane size."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise TemplateError(f"{name}: not a Word document (.docx)") from None
    if len(infos) > MAX_PARTS:
        raise TemplateError(f"{name}: refused, {len(infos)} parts is not a letter")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise TemplateError(f"{name}: refused, {info.filename} unpacks to "
                                f"{info.file_size:,} bytes from {info.compress_size:,} "
                                "(a zip bomb)")
        if info.filename.lower().rsplit("/", 1)[-1] in _MACRO_MARKERS:
            raise TemplateError(f"{name}: refused, it contains macros; save it as a plain .docx")
    if total > MAX_UNPACKED_BYTES:
        raise TemplateError(f"{name}: refused, it unpacks to {total:,} bytes (a zip bomb?)")
    names = {i.filename for i in infos}
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise TemplateError(f"{name}: not a Word document (.docx)")
    types = archive.read("[Content_Types].xml")
    if b"macroEnabled" in types:
        raise TemplateError(f"{name}: refused, it is a macro-enabled document; save it as .docx")
    for info in infos:
        # Word never writes a DTD; one in a part can only be there to expand entities.
        if info.filename.endswith((".xml", ".rels")) and b"<!DOCTYPE" in archive.read(info):
            raise TemplateError(f"{name}: refused, {info.filename} declares a DTD "
                                "(Word documents have none)")


# --- placeholders -------------------------------------------------------------------------------


def template_source(name: str, data: bytes) -> tuple[Any, str]:
    """docxtpl's template and the Jinja text of its body, headers and footers."""
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate
    from lxml.etree import LxmlError

    tpl = DocxTemplate(io.BytesIO(data))
    try:
        tpl.init_docx()
        doc = tpl.docx
        parts = [tpl.patch_xml(tpl.xml_to_string(doc._element.body))]
        for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
            for _key, part in tpl.get_headers_footers(uri):
                parts.append(tpl.patch_xml(tpl.get_part_xml(part)))
    except (PackageNotFoundError, KeyError, ValueError, LxmlError, AttributeError) as exc:
        raise TemplateError(f"{name}: not a Word document it can read ({exc})") from None
    return tpl, "\n".join(parts)


def environment() -> Any:
    """The Jinja environment templates are parsed and filled with.

    Sandboxed (a template is a file from outside), autoescaped (a value may hold ``&`` or ``<``;
    the template is XML), strict (an undefined name is an error, never a blank).
    """
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def check_placeholders(name: str, text: str) -> tuple[str, ...]:
    """Parse the template and check every field it names; returns the free parts it uses."""
    from jinja2 import TemplateSyntaxError, nodes

    try:
        tree = environment().parse(text)
    except TemplateSyntaxError as exc:
        raise TemplateError(f"{name}: a placeholder is broken: {exc.message}") from None

    free: dict[str, None] = {}

    def resolve(node: Any, scope: dict[str, Any]) -> tuple[str, Any] | None:
        """(dotted name, schema) of a Name/Getattr/Getitem chain, or None when not a chain."""
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return node.name, scope[node.name]
            if node.name in SCHEMA:
                return node.name, SCHEMA[node.name]
            if node.name in _JINJA_GLOBALS:
                return node.name, None
            raise _unknown(name, node.name, list(SCHEMA) + list(scope))
        attr = None
        if isinstance(node, nodes.Getattr):
            attr = node.attr
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) \
                and isinstance(node.arg.value, str):
            attr = node.arg.value
        if attr is None or not isinstance(node, (nodes.Getattr, nodes.Getitem)):
            return None
        base = resolve(node.node, scope)
        if base is None:
            return None
        dotted, schema = base
        full = f"{dotted}.{attr}"
        if schema == FREE:
            if attr.startswith("_") or hasattr(dict, attr):
                raise TemplateError(f"{name}: {full} cannot be a free part's name; "
                                    "choose another")
            free.setdefault(attr, None)
            return full, LEAF
        if isinstance(schema, dict):
            if attr not in schema:
                raise _unknown(name, full, [f"{dotted}.{a}" for a in schema])
            return full, schema[attr]
        return full, None  # an attribute of a value (a string method): not ours to judge

    def visit(node: Any, scope: dict[str, Any]) -> None:
        if isinstance(node, nodes.For):
            visit(node.iter, scope)
            item: Any = None
            chain = resolve(node.iter, scope) if isinstance(
                node.iter, (nodes.Name, nodes.Getattr, nodes.Getitem)) else None
            if chain is not None and isinstance(chain[1], ListOf):
                item = chain[1].item
            inner = dict(scope)
            for target in node.target.find_all(nodes.Name) if not isinstance(
                    node.target, nodes.Name) else [node.target]:
                inner[target.name] = item
            for child in (*node.body, *node.else_):
                visit(child, inner)
            if node.test is not None:
                visit(node.test, inner)
            return
        if isinstance(node, (nodes.Assign, nodes.AssignBlock)):
            for target in node.target.find_all(nodes.Name) if not isinstance(
                    node.target, nodes.Name) else [node.target]:
                scope[target.name] = None
        is_chain = isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)) and not (
            isinstance(node, nodes.Name) and node.ctx == "store")
        if is_chain and resolve(node, scope) is not None:
            if isinstance(node, nodes.Getitem):
                visit(node.arg, scope)
            return
        for child in node.iter_child_nodes():
            visit(child, scope)

    visit(tree, {})
    return tuple(free)


def _unknown(file_name: str, field: str, known: Iterable[str]) -> TemplateError:
    close = difflib.get_close_matches(field, list(known), n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return TemplateError(f"{file_name}: unknown field {field}{hint}")


# --- what a template declares ------------------------------------------------------------------


def _kinds(name: str, keywords: str) -> tuple[MatterKind, ...]:
    words = [w.strip().lower().replace(" ", "_") for w in keywords.replace(";", ",").split(",")]
    words = [w for w in words if w]
    if not words:
        return tuple(MatterKind)
    try:
        return tuple(MatterKind(w) for w in words)
    except ValueError:
        known = ", ".join(k.value for k in MatterKind)
        raise TemplateError(f"{name}: Keywords {keywords!r} must name kinds of matter: "
                            f"{known}") from None


def _follow_up(name: str, comments: str) -> FollowUp | None:
    values: dict[str, str] = {}
    for line in comments.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip().lower().startswith("follow-up"):
            values[key.strip().lower().removeprefix("follow-up").strip()] = value.strip()
    if not values:
        return None
    title = values.get("title", "")
    rule_id = values.get("rule") or None
    days: int | None = None
    day_type = "calendar"
    if values.get("days"):
        amount, _, unit = values["days"].partition(" ")
        try:
            days = int(amount)
        except ValueError:
            raise TemplateError(f"{name}: Follow-up days {values['days']!r} must be a number "
                                "and 'calendar' or 'working'") from None
        day_type = (unit.strip() or "calendar").lower()
        if day_type not in ("calendar", "working") or not 1 <= days <= 730:
            raise TemplateError(f"{name}: Follow-up days {values['days']!r} must be 1 to 730 "
                                "and 'calendar' or 'working'")
    if not title or (rule_id is None and days is None):
        raise TemplateError(f"{name}: a follow-up needs a title and a rule or a number of days")
    return FollowUp(title, rule_id, days, day_type, values.get("citation", ""))


def load_template(path: Path, origin: str = "union") -> LetterTemplate:
    """Check and read one template; :class:`TemplateError` names the file and the problem."""
    data = read_checked(path)
    tpl, text = template_source(path.name, data)
    free = check_placeholders(path.name, text)
    props = tpl.docx.core_properties
    title = (props.title or "").strip() or path.stem.replace("-", " ").replace("_", " ").title()
    return LetterTemplate(name=path.stem, path=path, title=title,
                          kinds=_kinds(path.name, props.keywords or ""),
                          follow_up=_follow_up(path.name, props.comments or ""),
                          free_parts=free, origin=origin)


def template_files(union_folder: Path | None) -> dict[str, tuple[Path, str]]:
    """Template name → (file, origin); a union file replaces a shipped one of the same name."""
    found: dict[str, tuple[Path, str]] = {}
    folders = [(shipped_folder(), "shipped")]
    if union_folder is not None:
        folders.append((union_folder, "union"))
    for folder, origin in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in (".docx", ".docm", ".dotm") and \
                    not path.name.startswith(("~$", ".")):
                found[path.stem] = (path, origin)
    return found


def load_all(union_folder: Path | None) -> tuple[list[LetterTemplate], list[str]]:
    """Every usable template (by title), and a one-line problem for each that is not."""
    templates, problems = [], []
    for path, origin in template_files(union_folder).values():
        try:
            templates.append(load_template(path, origin))
        except TemplateError as exc:
            problems.append(str(exc))
    templates.sort(key=lambda t: t.title.lower())
    return templates, problems


def find_template(name: str, union_folder: Path | None) -> LetterTemplate:
    """A template by name (the file name without .docx), or a path to a .docx file."""
    candidate = Path(name).expanduser()
    if candidate.suffix.lower() in (".docx", ".docm", ".dotm", ".doc") and candidate.exists():
        return load_template(candidate, "file")
    files = template_files(union_folder)
    key = name.removesuffix(".docx")
    if key not in files:
        close = difflib.get_close_matches(key, list(files), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise TemplateError(f"there is no letter template {name}{hint}; "
                            "`naij-tracker letter --list` lists them")
    path, origin = files[key]
    return load_template(path, origin)
