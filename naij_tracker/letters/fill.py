"""Filling a template into a .docx, and reading a .docx back as blocks of styled text.

The blocks are what the preview shows and what ``reports/letter_pdf.py`` lays out, so the PDF
says exactly what the Word file says: the letterhead (the section's header), then each paragraph
and table of the body in order, with bold, italic and underline kept.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from naij_tracker.letters.templates import LetterTemplate, TemplateError, environment, read_checked


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


@dataclass(frozen=True)
class Block:
    """One paragraph (``runs``) or one table (``rows`` of cell texts)."""

    runs: tuple[Run, ...] = ()
    style: str = "Normal"
    align: str = "left"
    rows: tuple[tuple[str, ...], ...] = ()
    #: "header", "body" or "footer".
    part: str = "body"
    space_after: float = 0.0
    indent: float = 0.0
    size: float | None = None

    @property
    def text(self) -> str:
        if self.rows:
            return "\n".join(" | ".join(r) for r in self.rows)
        return "".join(r.text for r in self.runs)


@dataclass
class FilledLetter:
    """A filled template: the Word file, its blocks, and the gaps it still prints."""

    template: LetterTemplate
    docx: bytes
    blocks: list[Block] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return plain_text(self.blocks)


def fill(template: LetterTemplate, context: dict[str, Any], gaps: list[str]) -> FilledLetter:
    """Fill ``template``; a placeholder that fails at this point is a :class:`TemplateError`."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError as JinjaError

    data = read_checked(template.path)
    tpl = DocxTemplate(io.BytesIO(data))
    try:
        tpl.render(context, environment(), autoescape=True)
    except (JinjaError, TypeError, ValueError, ArithmeticError, LookupError,
            AttributeError) as exc:
        # A template is the union's own file: whatever its expressions do wrong is said in one
        # line naming it, like any other bad template.
        message = (getattr(exc, "message", None) or str(exc) or type(exc).__name__)
        raise TemplateError(f"{template.path.name}: cannot be filled: "
                            f"{message.splitlines()[0]}") from None
    # Word keeps the template's own properties; the letter's title is the template's.
    tpl.docx.core_properties.comments = ""
    out = io.BytesIO()
    tpl.save(out)
    docx = out.getvalue()
    return FilledLetter(template, docx, read_blocks(docx), gaps)


def _align_name(value: Any) -> str | None:
    if value is None:
        return None
    name = str(value).split(".")[-1].split(" ")[0].lower()
    return {"center": "center", "right": "right", "justify": "justify"}.get(name, "left")


def _style_facts(p: Any, cache: dict[Any, tuple[str, str, float]]) -> tuple[str, str, float]:
    """(name, alignment, space after) of a paragraph's style, looked up once per style:
    python-docx searches every style for each lookup, which is most of a letter's reading."""
    key = p._p.style
    if key not in cache:
        style = p.style
        if style is None:
            cache[key] = ("Normal", "left", 0.0)
        else:
            fmt = style.paragraph_format
            after = fmt.space_after.pt if fmt.space_after is not None else 0.0
            cache[key] = (style.name, _align_name(fmt.alignment) or "left", after)
    return cache[key]


def _paragraph(p: Any, part: str, cache: dict[Any, tuple[str, str, float]]) -> Block:
    runs = []
    for r in p.runs:
        if r.text:
            runs.append(Run(r.text, bool(r.bold), bool(r.italic), bool(r.underline)))
    style, style_align, style_after = _style_facts(p, cache)
    fmt = p.paragraph_format
    after = fmt.space_after.pt if fmt.space_after is not None else style_after
    indent = fmt.left_indent.pt if fmt.left_indent is not None else 0.0
    sizes = [r.font.size.pt for r in p.runs if r.font.size is not None]
    return Block(tuple(runs), style, _align_name(fmt.alignment) or style_align, part=part,
                 space_after=after, indent=indent, size=max(sizes) if sizes else None)


def _body_blocks(container: Any, part: str,
                 cache: dict[Any, tuple[str, str, float]]) -> list[Block]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    blocks = []
    for item in container.iter_inner_content():
        if isinstance(item, Paragraph):
            blocks.append(_paragraph(item, part, cache))
        elif isinstance(item, Table):
            rows = tuple(tuple(cell.text for cell in row.cells) for row in item.rows)
            blocks.append(Block(rows=rows, part=part))
    return blocks


def read_blocks(docx: bytes) -> list[Block]:
    """The letter's header, body and footer as blocks, in reading order."""
    from docx import Document

    doc = Document(io.BytesIO(docx))
    section = doc.sections[0]
    cache: dict[Any, tuple[str, str, float]] = {}
    header = ([] if section.header.is_linked_to_previous
              else _body_blocks(section.header, "header", cache))
    footer = ([] if section.footer.is_linked_to_previous
              else _body_blocks(section.footer, "footer", cache))
    return header + _body_blocks(doc, "body", cache) + footer


def plain_text(blocks: list[Block]) -> str:
    """The letter as text; a paragraph spaced after in Word is followed by a blank line."""
    lines = []
    for b in blocks:
        lines.append(b.text)
        if b.space_after >= 6 or (b.part == "header" and b is not blocks[-1]):
            lines.append("")
    return "\n".join(lines).strip("\n") + "\n"
