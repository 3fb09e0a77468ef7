"""Templates are checked when loaded: unknown fields named, unsafe files refused in one line."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from letter_helpers import make_template, zip_with

from naij_tracker.cli import main
from naij_tracker.db.opening import Database
from naij_tracker.letters.templates import TemplateError, load_template
from naij_tracker.services.letters import LetterService, LetterSettings, save_letter_settings

UNKNOWN = [
    ("{{ matter.refrence }}", "unknown field matter.refrence (did you mean matter.reference?)"),
    ("Dear {{ reciever.name }}:", "unknown field reciever"),
    ("{% for d in deadlines %}{{ d.dew }}{% endfor %}", "unknown field d.dew (did you mean d.due?)"),
    ("{{ officer.title }}", "unknown field officer.title (did you mean officer.role?)"),
    ("{{ fill.items }}", "fill.items cannot be a free part's name; choose another"),
    ("{{ cba.step_answr.citation }}", "unknown field cba.step_answr (did you mean "
                                      "cba.step_answer?)"),
]


@pytest.mark.parametrize(("text", "message"), UNKNOWN)
def test_an_unknown_field_is_named_with_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = make_template(tmp_path / "my-letter.docx", "{{ today }}", text)
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    assert str(caught.value) == f"my-letter.docx: {message}"


def test_known_fields_loops_and_free_parts_pass(tmp_path: Path) -> None:
    path = make_template(
        tmp_path / "ok.docx", "{{ matter.grievance_number }} {{ member.name }}",
        "{% for l in links %}{{ l.reference }}{% endfor %} {{ fill.particularized_need }}",
        "{% if matter.cba_article %}{{ matter.cba_article|upper }}{% endif %} "
        "{{ fill.information_requested }} {{ cba.step_answer.period }}",
        kinds="grievance")
    template = load_template(path)
    assert template.free_parts == ("particularized_need", "information_requested")
    assert [k.value for k in template.kinds] == ["grievance"]


def _bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document/>" + b" " * 30_000_000)
    return path


def _bad_files(folder: Path) -> dict[str, tuple[Path, str]]:
    return {
        "broken jinja": (make_template(folder / "broken.docx", "Dear {{ recipient.name :"),
                         "broken.docx: a placeholder is broken"),
        "not a docx": ((folder / "notes.docx"), "notes.docx: not a Word document (.docx)"),
        "macro-enabled": (make_template(folder / "macro.docm", "{{ today }}"),
                          "macro.docm: a macro-enabled Word file is refused"),
        "macros inside a .docx": (zip_with(folder / "hidden-macro.docx", {
            "[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>",
            "word/vbaProject.bin": b"\x00" * 100}),
            "hidden-macro.docx: refused, it contains macros"),
        "zip bomb": (_bomb(folder / "bomb.docx"), "bomb.docx: refused, word/document.xml "
                                                  "unpacks to 30,000,013 bytes"),
        "entity expansion": (zip_with(folder / "laughs.docx", {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa">'
                                 b'<!ENTITY b "&a;&a;&a;&a;">]><w:document>&b;</w:document>'}),
            "laughs.docx: refused, word/document.xml declares a DTD"),
        "unknown kind": (make_template(folder / "odd-kind.docx", "{{ today }}",
                                       kinds="grievances"),
                         "odd-kind.docx: Keywords 'grievances' must name kinds of matter"),
    }


@pytest.fixture
def bad_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "union letters"
    folder.mkdir()
    (folder / "notes.docx").write_text("Dear {{ recipient.name }}, this is plain text.")
    _bad_files(folder)
    return folder


def test_bad_templates_are_one_line_problems_and_the_good_ones_still_list(
        letters_db: Database, bad_folder: Path) -> None:
    save_letter_settings(letters_db, LetterSettings(letters_folder=str(bad_folder)))
    templates, problems = LetterService(letters_db, "test").templates()
    assert len(templates) == 9  # the shipped set
    expected = _bad_files(bad_folder)
    assert len(problems) == len(expected)
    for _, start in expected.values():
        assert any(p.startswith(start) for p in problems), (start, problems)
    assert all("\n" not in p for p in problems)


@pytest.mark.parametrize("case", ["broken jinja", "not a docx", "macro-enabled",
                                  "macros inside a .docx", "zip bomb", "entity expansion"])
def test_the_command_line_refuses_a_bad_template_and_writes_nothing(
        letters_db: Database, bad_folder: Path, tmp_path: Path, case: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    path, start = _bad_files(bad_folder)[case]
    out = tmp_path / "letter.docx"
    before = _attachments(letters_db)
    code = main(["--db", str(letters_db.path), "letter", str(path), "--matter", "B-3",
                 "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith(f"naij-tracker: {start}") and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert not out.exists()
    assert _attachments(letters_db) == before


def _attachments(db: Database) -> int:
    return db.read("SELECT count(*) FROM attachment")[0][0]


def test_a_union_template_replaces_the_shipped_one_by_name(letters_db: Database,
                                                          tmp_path: Path) -> None:
    folder = tmp_path / "ours"
    folder.mkdir()
    make_template(folder / "demand-to-bargain.docx", "OUR LETTERHEAD",
                  "We demand to bargain over {{ matter.subject }}.", title="Our demand",
                  kinds="bargaining")
    save_letter_settings(letters_db, LetterSettings(letters_folder=str(folder)))
    service = LetterService(letters_db, "test")
    template = service.template("demand-to-bargain")
    assert template.origin == "union" and template.title == "Our demand"
    letter = service.prepare(service.resolve_reference("B-3"), template)
    assert "We demand to bargain over Reassigning dockets between judges at large courts." \
        in letter.text
    titles = [t.title for t in service.templates("bargaining")[0]]
    assert "Our demand" in titles and "Demand to bargain" not in titles


@settings(max_examples=25, deadline=None)
@given(st.from_regex(r"[a-z][a-z_]{1,15}", fullmatch=True))
@example("subject")
@example("case_number")
@example("grievance_number")
@example("grievance_numbr")
def test_any_matter_field_is_accepted_exactly_when_it_exists(name: str) -> None:
    import tempfile

    from naij_tracker.letters.fields import SCHEMA

    with tempfile.TemporaryDirectory() as folder:
        path = make_template(Path(folder) / "prop.docx", f"{{{{ matter.{name} }}}}")
        if name in SCHEMA["matter"]:
            assert load_template(path).name == "prop"
        else:
            with pytest.raises(TemplateError) as caught:
                load_template(path)
            assert str(caught.value).startswith(f"prop.docx: unknown field matter.{name}")


def test_placeholders_as_word_stores_them_after_editing(letters_db: Database,
                                                        tmp_path: Path) -> None:
    """Word splits text into runs wherever formatting or editing history changes, and types
    curly quotes: a placeholder split across runs, or with “smart” quotes, still works."""
    from docx import Document

    doc = Document()
    p = doc.add_paragraph()
    p.add_run("Dear {{ recip")
    p.add_run("ient.na").bold = True
    p.add_run("me }}:")
    doc.add_paragraph("{% if matter.status == “Notice received” %}Status: {{ matter.status }}"
                      "{% endif %}")
    doc.core_properties.keywords = "bargaining"
    path = tmp_path / "edited.docx"
    doc.save(str(path))
    save_letter_settings(letters_db, LetterSettings(letters_folder=str(tmp_path)))
    service = LetterService(letters_db, "test")
    template = service.template("edited")
    letter = service.prepare(service.resolve_reference("B-3"), template, {},
                             {"name": "Jordan Alvarez"})
    assert "Dear Jordan Alvarez:" in letter.text
    assert "Status: Notice received" in letter.text


@pytest.mark.parametrize("expression", ["{{ matter.title + 1 }}", "{{ 1 / 0 }}",
                                        "{{ matter.title.__class__ }}",
                                        "{{ deadlines[99].title }}"])
def test_an_expression_that_fails_when_filled_is_one_line(letters_db: Database, tmp_path: Path,
                                                          expression: str) -> None:
    make_template(tmp_path / "odd.docx", f"Re: {expression}")
    save_letter_settings(letters_db, LetterSettings(letters_folder=str(tmp_path)))
    service = LetterService(letters_db, "test")
    with pytest.raises(TemplateError) as caught:
        service.prepare(service.resolve_reference("B-3"), "odd")
    assert str(caught.value).startswith("odd.docx: cannot be filled: ")
    assert "\n" not in str(caught.value)
