"""The leak guard (briefgen/document/withheld.py): whatever route carries a text
clearance removed into an output — a hard link or a copy of the record in a
template, a stylesheet's content, an attached restricted PDF, an index
template's include — the document (or index) fails by name and the published
file stays as it was. And --html's debugging files never outlive the render
they belong to."""
import os
import shutil

from conftest import ISSUED, run_in
from briefgen.document.withheld import normalise, pieces

PRESS = "templates/audiences/press"
TALKING_POINT_EN = ("Stress that the Istanbul Cooperation Initiative is the framework that brings Qatar and "
                    "NATO together, and that both sides are keen to develop practical cooperation.")
WITHHELD = "withheld text of talking_points[{}] (classification restricted) found in "


def write(project, name, content):
    path = project / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


def press_factsheet(project, html):
    write(project, f"{PRESS}/factsheet.html",
          '{% extends "base/factsheet.html" %}{% block body %}{{ super() }}' + html + '{% endblock %}')


def build(project, *args):
    return run_in(project, "build", "--issued", ISSUED, *args)


def refused(result, document, where):
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"error: {document}: withheld text of " in result.stderr, result.stderr
    assert f"found in {where}" in result.stderr, result.stderr


def test_withheld_text_carried_by_a_template_fails_the_document_and_keeps_the_published_file(project_copy):
    args = ("--audience", "press", "--doc", "factsheet", "--lang", "en")
    assert build(project_copy, *args).returncode == 0
    pdf = project_copy / "reports" / "qatar-nato" / "press" / "factsheet.en.pdf"
    published = pdf.read_bytes()

    # A plain copy of the record (no path rule can tell it from a template; a hard
    # link is refused by path, tests/test_confinement.py), included out of sight.
    shutil.copy(project_copy / "data" / "relations" / "qatar-nato.yaml", project_copy / PRESS / "hl.html")
    press_factsheet(project_copy, '<div style="display: none">{% include "hl.html" %}</div>')
    result = build(project_copy, *args)
    refused(result, "qatar-nato/press/factsheet.en", "the HTML given to the renderer")
    assert f"qatar-nato/press/factsheet.en: {WITHHELD.format(0)}" in result.stderr
    assert pdf.read_bytes() == published

    # A plain copy of the text in the audience's stylesheet: not in the HTML, only in the PDF's text.
    (project_copy / PRESS / "hl.html").unlink()
    (project_copy / PRESS / "factsheet.html").unlink()
    write(project_copy, f"{PRESS}/audience.css", '.doc-title::after { content: " ' + TALKING_POINT_EN + '"; }')
    result = build(project_copy, *args)
    refused(result, "qatar-nato/press/factsheet.en", "the PDF's text layer")
    assert f"{WITHHELD.format(0)}the PDF's text layer: “{TALKING_POINT_EN[:80].lower()}…”" in result.stderr
    assert pdf.read_bytes() == published

    # Clean again: written.
    (project_copy / PRESS / "audience.css").unlink()
    assert build(project_copy, *args).returncode == 0


def test_an_attached_restricted_pdf_fails_the_public_document(project_copy):
    # The minister's card (restricted: talking points), copied where the press templates may read it.
    assert build(project_copy, "--audience", "minister", "--doc", "card").returncode == 0
    shutil.copy(project_copy / "reports" / "qatar-nato" / "minister" / "card.ar.pdf", project_copy / PRESS / "old.pdf")
    press_factsheet(project_copy, '{% if doc.lang == "en" %}<link rel="attachment" href="audiences/press/old.pdf">'
                                  '{% else %}<a rel="attachment" href="audiences/press/old.pdf">.</a>{% endif %}')
    result = build(project_copy, "--audience", "press", "--doc", "factsheet")
    for lang in ("ar", "en"):       # <link>: the document's files; <a>: a page's attachment annotation
        refused(result, f"qatar-nato/press/factsheet.{lang}", "the PDF's attachment 'old.pdf''s text layer")
    assert not (project_copy / "reports" / "qatar-nato" / "press" / "factsheet.en.pdf").exists()
    assert "2 failed" in result.stdout


def test_an_index_that_includes_withheld_text_is_not_written(project_copy):
    args = ("--audience", "press", "--audience", "delegation", "--doc", "factsheet", "--lang", "ar")
    assert build(project_copy, *args).returncode == 0
    press_index = project_copy / "reports" / "qatar-nato" / "press" / "index.html"
    published = press_index.read_bytes()
    # The index loader reads only the index templates (tests/test_confinement.py): a
    # copy of a withheld text pasted into the template itself is what no path rule sees.
    index = project_copy / "templates" / "index-audience.html"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "</body>", f"<!-- {TALKING_POINT_EN} --></body>"), encoding="utf-8")
    result = build(project_copy, *args)
    assert result.returncode == 1, result.stderr
    assert ("error: qatar-nato/press/index.html: withheld text of talking_points[0] (classification restricted) "
            "found in the audience's index") in result.stderr
    assert press_index.read_bytes() == published
    # The delegation is cleared for the restricted items: its index is written, include and all.
    assert TALKING_POINT_EN in (press_index.parent.parent / "delegation" / "index.html").read_text(encoding="utf-8")
    assert "1 index(es) not written" in result.stdout


def test_html_debugging_files_go_when_their_document_is_rebuilt_without_html(project_copy):
    args = ("--audience", "press", "--doc", "factsheet", "--lang", "ar")
    assert build(project_copy, *args, "--html").returncode == 0
    folder = project_copy / "reports" / "qatar-nato" / "press"
    assert (folder / "factsheet.ar.html").is_file() and (folder / "factsheet.ar.css").is_file()
    html = (folder / "factsheet.ar.html").read_text(encoding="utf-8")
    event = "الزيارة التاريخية لسمو الأمير الوالد"
    assert event in html
    # The event is reclassified restricted; a plain build renders the fact sheet again.
    record = project_copy / "data" / "relations" / "qatar-nato.yaml"
    text = record.read_text(encoding="utf-8")
    text = text.replace("  - id: father-amir-visit\n", "  - id: father-amir-visit\n    classification: restricted\n", 1)
    record.write_text(text, encoding="utf-8")
    result = build(project_copy, *args)
    assert result.returncode == 0, result.stderr
    assert "1 written" in result.stdout
    assert not (folder / "factsheet.ar.html").exists() and not (folder / "factsheet.ar.css").exists()
    assert sorted(p.name for p in folder.iterdir() if p.is_file()) == ["factsheet.ar.pdf", "index.html"]
    assert ".html\"" not in (folder / "index.html").read_text(encoding="utf-8").replace('"index.html"', "")


def test_text_is_compared_as_a_reader_gives_it_back():
    withheld = normalise("التأكيد على أن مبادرة إسطنبول للتعاون هي الإطار \"الذي\" يجمع 2016")
    # Kashida, a presentation form (lam-alef), a line break, « », Arabic-Indic digits.
    layer = "التأكيـــد علــى أن مبادرة إسطنبول\r\nللتعاون هي الإطار «الذي» يجمع ٢٠١٦"
    assert withheld in normalise("قبل " + layer + " بعد")
    assert normalise("ﻻ") == normalise("لا")
    # A word hyphenated at a line end (pdfium's U+FFFE), a soft hyphen, bidi marks.
    assert normalise("practical cooperation") in normalise("prac\ufffetical co\u00adoper\u200eation")


def test_only_texts_with_letters_are_looked_for():
    # A withheld run of dots or years would be "found" in any contents list or timeline.
    assert list(pieces("................")) == [] and list(pieces("2014 2015 2016 2017")) == []
    assert list(pieces("restricted meeting in doha")) == ["restricted meeting in doha"]
