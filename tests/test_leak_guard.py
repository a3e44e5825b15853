"""The leak guard (briefgen/output/withheld.py): whatever route carries a text
clearance removed into an output — a hard link or a copy of the record in a
template, a stylesheet's content, an attached restricted PDF, an index
template's include — the document (or index) fails by name and the published
file stays as it was. And --html's debugging files never outlive the render
they belong to."""
import gzip
import json
import re
import shutil
import unicodedata

import jinja2
import pytest

from conftest import ISSUED, ROOT, cli_in, published, write
from briefgen.output.withheld import Guard, letters, normalise, pieces, surfaces
from briefgen.paths import Project
from briefgen.render.checks import check

PRESS = "templates/audiences/press"
TALKING_POINT_EN = ("Stress that the Istanbul Cooperation Initiative is the framework that brings Qatar and "
                    "NATO together, and that both sides are keen to develop practical cooperation.")
WITHHELD = "withheld text of talking_points[{}] (classification restricted) found in "


def press_template(project, html, kind="factsheet"):
    write(project, f"{PRESS}/{kind}.html",
          f'{{% extends "base/{kind}.html" %}}{{% block body %}}{{{{ super() }}}}' + html + '{% endblock %}')


def build(project, *args):
    return cli_in(project, "build", "--issued", ISSUED, *args)


def refused(result, document, where):
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"error: {document}: withheld text of " in result.stderr, result.stderr
    assert f"found in {where}" in result.stderr, result.stderr


def test_withheld_text_carried_by_a_template_fails_the_document_and_keeps_the_published_file(project_copy, matrix):
    # The press office's English briefing: its cheapest document to render (one layout, no fitting).
    args = ("--audience", "press", "--doc", "briefing", "--lang", "en")
    pdf = published(project_copy, matrix) / "qatar-nato" / "press" / "briefing.en.pdf"
    before = pdf.read_bytes()

    # A plain copy of the record (no path rule can tell it from a template; a hard
    # link is refused by path, tests/test_confinement.py), included out of sight.
    shutil.copy(project_copy / "data" / "relations" / "qatar-nato.yaml", project_copy / PRESS / "hl.html")
    press_template(project_copy, '<div style="display: none">{% include "hl.html" %}</div>', "briefing")
    result = build(project_copy, *args)
    refused(result, "qatar-nato/press/briefing.en", "the HTML given to the renderer")
    assert f"qatar-nato/press/briefing.en: {WITHHELD.format(0)}" in result.stderr
    assert pdf.read_bytes() == before

    # A plain copy of the text in the audience's stylesheet: not in the HTML, only in the PDF's text.
    (project_copy / PRESS / "hl.html").unlink()
    (project_copy / PRESS / "briefing.html").unlink()
    write(project_copy, f"{PRESS}/audience.css", '.doc-title::after { content: " ' + TALKING_POINT_EN + '"; }')
    result = build(project_copy, *args)
    refused(result, "qatar-nato/press/briefing.en", "the PDF's text layer")
    assert f"{WITHHELD.format(0)}the PDF's text layer: “{TALKING_POINT_EN[:80].lower()}…”" in result.stderr
    assert pdf.read_bytes() == before

    # Clean again: written.
    (project_copy / PRESS / "audience.css").unlink()
    assert build(project_copy, *args).returncode == 0


def test_an_attached_restricted_pdf_fails_the_public_document(project_copy, matrix):
    # The minister's card (restricted: talking points), copied where the press templates may read it.
    shutil.copy(matrix / "minister" / "card.ar.pdf", project_copy / PRESS / "old.pdf")
    press_template(project_copy, '{% if doc.lang == "en" %}<link rel="attachment" href="audiences/press/old.pdf">'
                                 '{% else %}<a rel="attachment" href="audiences/press/old.pdf">.</a>{% endif %}')
    result = build(project_copy, "--audience", "press", "--doc", "factsheet")
    for lang in ("ar", "en"):       # <link>: the document's files; <a>: a page's attachment annotation
        refused(result, f"qatar-nato/press/factsheet.{lang}", "the PDF's attachment 'old.pdf''s text layer")
    assert not (project_copy / "reports" / "qatar-nato" / "press" / "factsheet.en.pdf").exists()
    assert "2 failed" in result.stdout


def test_an_index_that_includes_withheld_text_is_not_written(project_copy, matrix):
    args = ("--audience", "press", "--audience", "delegation", "--doc", "factsheet", "--lang", "ar")
    relation = published(project_copy, matrix) / "qatar-nato"
    before = {audience: (relation / audience / "index.html").read_bytes() for audience in ("press", "training")}
    # The index loader reads only the index templates (tests/test_confinement.py): a
    # copy of a withheld text pasted into the template itself is what no path rule sees.
    index = project_copy / "templates" / "index-audience.html"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "</body>", f"<!-- {TALKING_POINT_EN} --></body>"), encoding="utf-8")
    result = build(project_copy, *args)
    assert result.returncode == 1, result.stderr
    # Every published audience folder's index is written again, the public training
    # course's too, though no document of it was asked for.
    for audience in ("press", "training"):
        assert (f"error: qatar-nato/{audience}/index.html: withheld text of talking_points[0] (classification "
                "restricted) found in the audience's index") in result.stderr, result.stderr
        assert (relation / audience / "index.html").read_bytes() == before[audience]
    # The delegation is cleared for the restricted items: its index is written, include and all.
    assert TALKING_POINT_EN in (relation / "delegation" / "index.html").read_text(encoding="utf-8")
    assert "2 index(es) not written" in result.stdout


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


def test_letters_are_every_letter_and_number_sign_but_digits():
    """letters() drops ASCII's non-letters from the bytes before its regex
    runs: what is left is what the regex alone leaves ([\\W\\d_] removed)."""
    text = ("<p class=\"a_b-1\">Qatar، NATO: 2016–2018م ١٤٤٨هـ x² ½ Ⅻ café\u00a0e\u0301 ﷲ 𝐀\t"
            "_$@[\\]^`{|}~ \ud800 ẞ ǅ</p>")
    assert letters(text) == re.sub(r"[\W\d_]+", "", unicodedata.normalize("NFKC", text).replace("\u0640", "").casefold())
    assert letters("hello, world 42_") == "helloworld" and letters("١٢٣ – ٤") == ""


def test_only_texts_with_letters_are_looked_for():
    # A withheld run of dots or years would be "found" in any contents list or timeline.
    assert list(pieces("................")) == [] and list(pieces("2014 2015 2016 2017")) == []
    assert list(pieces("restricted meeting in doha")) == [("restricted meeting in doha", "restrictedmeetingindoha")]
    # Twelve letters at least, however many characters: digits and dashes are not letters.
    assert list(pieces("r-9 b-2 nato 2014")) == [] and len(list(pieces("nato otan nato"))) == 1


@pytest.fixture(scope="module")
def shipped():
    """The shipped project's inputs, checked in this process (nothing is written)."""
    return check(Project.at(ROOT))


def found(inputs, audience, html):
    """The guard's verdict on HTML given to the renderer, as the build judges a document."""
    guard = Guard(inputs.record)
    return guard.find("doc", "qatar-nato", inputs.audiences[audience], surfaces(html, {}))


@pytest.mark.parametrize("transform", [
    '{{ x|replace(" ", "_") }}', "{{ x|reverse }}", "{{ x|urlencode }}", '{{ x|list|join(" ") }}',
    '{{ x|upper|replace(" ", "") }}', "{{ x|tojson }}", '{{ x|replace(" ", "-")|reverse|urlencode }}'])
def test_a_template_that_transforms_a_copy_still_shows_it(shipped, transform):
    # Jinja's own filters on the copy: the letters survive, backwards or forwards.
    for text in (TALKING_POINT_EN, shipped.record.relationships["qatar-nato"].talking_points[0].text.ar):
        html = jinja2.Template("{% set x %}" + text + "{% endset %}" + transform).render()
        assert found(shipped, "press", html).startswith(f"doc: {WITHHELD.format(0)}the HTML given to the renderer")
        assert found(shipped, "delegation", html) is None      # cleared for it


def test_a_letter_spaced_stylesheet_copy_fails_the_document(project_copy):
    # The text layer reads "S t r e s s  t h a t …": no word of it is a word of the record.
    write(project_copy, f"{PRESS}/audience.css",
          '.doc-title::after { content: "' + TALKING_POINT_EN + '"; letter-spacing: 3pt; }')
    result = build(project_copy, "--audience", "press", "--doc", "briefing", "--lang", "en")   # one layout
    refused(result, "qatar-nato/press/briefing.en", "the PDF's text layer")


def test_an_attachment_the_guard_cannot_read_fails_the_document(project_copy, matrix):
    # The press office's English briefing: its cheapest document to render (one layout, no fitting).
    args = ("--audience", "press", "--doc", "briefing", "--lang", "en")
    # Legitimate attachments, a text and a PDF (an earlier press briefing), are read and written.
    write(project_copy, f"{PRESS}/notes.txt", "Notes for the press office, in UTF-8: الدوحة")
    pdf = published(project_copy, matrix) / "qatar-nato" / "press" / "briefing.en.pdf"
    shutil.copy(pdf, project_copy / PRESS / "earlier.pdf")
    press_template(project_copy, '<link rel="attachment" href="audiences/press/notes.txt">'
                                 '<link rel="attachment" href="audiences/press/earlier.pdf">', "briefing")
    written = build(project_copy, *args)
    assert written.returncode == 0 and written.stdout.startswith("1 written"), written.stderr + written.stdout
    before = pdf.read_bytes()

    # The record, gzipped; a PDF behind other bytes (viewers still open it): neither is read, neither goes out.
    record = (project_copy / "data" / "relations" / "qatar-nato.yaml").read_bytes()
    (project_copy / PRESS / "x.gz").write_bytes(gzip.compress(record))
    (project_copy / PRESS / "p.pdf").write_bytes(b"hello\n" + (project_copy / PRESS / "earlier.pdf").read_bytes())
    for name in ("x.gz", "p.pdf"):
        press_template(project_copy, f'<link rel="attachment" href="audiences/press/{name}">', "briefing")
        result = build(project_copy, *args)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert (f"error: qatar-nato/press/briefing.en: the PDF's attachment {name!r} cannot be read to check it "
                "for withheld text; not written") in result.stderr, result.stderr
        assert pdf.read_bytes() == before


def test_the_audiences_own_profile_does_not_make_a_withheld_text_visible(project_copy):
    # A restricted text pasted into the press profile's title: printed on every
    # document ("Prepared for: …"), and still withheld text, not the audience's own.
    profile = project_copy / PRESS / "audience.yaml"
    text = profile.read_text(encoding="utf-8")
    assert "en: The press office}" in text
    profile.write_text(text.replace("en: The press office}", f'en: "{TALKING_POINT_EN}"}}'), encoding="utf-8")
    result = build(project_copy, "--audience", "press", "--doc", "briefing", "--lang", "en")   # one layout
    refused(result, "qatar-nato/press/briefing.en", "the HTML given to the renderer")


def test_an_index_is_judged_as_its_folders_audience_whatever_its_entries_say(project_copy, matrix):
    args = ("--audience", "press", "--audience", "delegation", "--doc", "factsheet", "--lang", "en")
    press_index = published(project_copy, matrix) / "qatar-nato" / "press" / "index.html"
    # A forged entry: the press fact sheet "for the delegation", titled with a restricted text.
    manifest_path = project_copy / "reports" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    entry = manifest["outputs"]["qatar-nato/press/factsheet.en.pdf"]
    entry["audience"], entry["title"] = "delegation", {"ar": "", "en": TALKING_POINT_EN}
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    result = build(project_copy, *args)
    # The manifest refuses an entry that disagrees with its path (tests/test_confinement2.py);
    # the guard's own judgement by folder is tested below, without the manifest.
    assert result.returncode == 0, result.stderr
    assert ("warning[manifest-entry]: reports/manifest.json:1:1: entry.audience: 'delegation' disagrees with "
            "the path 'qatar-nato/press/factsheet.en.pdf'; skipped") in result.stderr, result.stderr
    assert TALKING_POINT_EN not in press_index.read_text(encoding="utf-8")   # rewritten (the sheet was rebuilt)


def test_an_index_outside_an_audience_folder_is_not_written(shipped):
    # The manifest admits only <relation>/<audience>/<file>.<format>; should that ever
    # loosen, an index elsewhere has no audience to be judged as, and is not written.
    from briefgen.rebuild.build import index_guard
    judge = index_guard(Guard(shipped.record), shipped)
    assert judge(("qatar-nato",), "<p>x</p>") == (
        False, "qatar-nato/index.html: not in an audience's folder (<relation>/<audience>/); not written")
    assert judge(("qatar-nato", "press"), f"<p>{TALKING_POINT_EN}</p>")[0] is False
    assert judge(("qatar-nato", "delegation"), f"<p>{TALKING_POINT_EN}</p>") == (True, None)


def test_a_pdf_whose_first_page_pdfium_cannot_load_is_unreadable_and_closed(monkeypatch):
    """OpenPdf.of opens the document, then loads its first page: a PDF that
    opens but whose page does not load (its one /Kids is no page) is the
    guard's UNREADABLE, and the document it opened is closed, not left to
    the garbage collector (review27)."""
    import pypdfium2 as pdfium
    from briefgen.output import withheld
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Count 1/Kids[3 0 R]>>", b"<</Type/Font>>"]
    body, offsets = b"%PDF-1.4\n", []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj%sendobj\n" % (number, obj)
    data = (body + b"xref\n0 4\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
            + b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % len(body))
    opened, closed = [], []
    real_init, real_close = pdfium.PdfDocument.__init__, pdfium.PdfDocument.close
    monkeypatch.setattr(pdfium.PdfDocument, "__init__",
                        lambda self, *a, **k: (opened.append(self), real_init(self, *a, **k))[1])
    monkeypatch.setattr(pdfium.PdfDocument, "close",
                        lambda self, *a, **k: (closed.append(self), real_close(self, *a, **k))[1])
    assert withheld.file_surfaces(data, 1) == [("", withheld.UNREADABLE)]
    assert opened and all(any(d is c for c in closed) for d in opened)
