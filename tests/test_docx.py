"""Editable Word files (issue 28; briefgen/output/docx.py): the same cleared
view as the PDF, in Word-native structure, read back from the package's XML —
styles named for their role, the direction of every Arabic paragraph and run,
the seed's facts, figures as images with their text alternatives, the marking
in header and footer, page numbers, properties — with nothing above the
audience's clearance in any part; identical bytes on a second build, up to
date on a third, pruned when no longer asked for."""
import io
import os
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from conftest import CLEARANCE_RECORD, ISSUED, ROOT, build_here, data_with, invoke, shared
from briefgen.output.withheld import Guard, surfaces

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ARABIC_LETTER = re.compile("[\u0621-\u064a]")


@pytest.fixture(scope="session")
def word(tmp_path_factory) -> Path:
    """reports/ of one Word build: the shipped record, tests/records/clearance.yaml and
    tests/records/sparse.yaml (one event, one source), for the press (public) and
    the minister (restricted: a briefing and the card)."""
    def make(folder: Path) -> None:
        data = data_with(folder / "data", ROOT / "data" / "relations" / "qatar-nato.yaml", CLEARANCE_RECORD,
                         ROOT / "tests" / "records" / "sparse.yaml")
        # In this process (no interpreter to start), through a pool of two workers all the same.
        build_here(folder / "reports", "--data", str(data), "--format", "docx", "--audience", "press",
                   "--audience", "minister", "--workers", "2")
    return shared(tmp_path_factory, "word", make) / "reports"


def parts(docx: Path) -> dict[str, str]:
    with zipfile.ZipFile(docx) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist() if not name.endswith(".png")}


def xml(docx: Path, part: str):
    import xml.etree.ElementTree as ET
    with zipfile.ZipFile(docx) as archive:
        return ET.fromstring(archive.read(part))


def paragraph_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def plain(docx: Path) -> str:
    """The body's text, a paragraph a line."""
    return "\n".join(paragraph_text(p) for p in xml(docx, "word/document.xml").iter(f"{W}p"))


def test_styles_are_named_for_their_role_with_complex_script_font_and_size(word):
    styles = xml(word / "qatar-nato" / "press" / "briefing.ar.docx", "word/styles.xml")
    named = {s.find(f"{W}name").get(f"{W}val"): s for s in styles.iter(f"{W}style")}
    for name in ("Title", "heading 1", "heading 2", "Body", "Table", "caption", "Classification", "List Number",
                 "Strong"):
        assert name in named, sorted(named)
    for name in ("Title", "heading 1", "heading 2", "Body", "caption", "Classification"):
        fonts = named[name].find(f"{W}rPr/{W}rFonts")
        assert fonts.get(f"{W}cs") in ("Amiri", "Noto Kufi Arabic"), name
        assert named[name].find(f"{W}rPr/{W}szCs") is not None, name
    used = {s.get(f"{W}val") for s in xml(word / "qatar-nato" / "press" / "briefing.ar.docx",
                                          "word/document.xml").iter(f"{W}pStyle")}
    assert {"Title", "Heading1", "Heading2", "Body", "TableText", "Caption", "Figure"} <= used, used


@pytest.mark.parametrize("document", ["press/briefing.ar", "press/factsheet.ar", "minister/briefing.ar",
                                      "minister/card.ar"])
def test_every_arabic_paragraph_is_right_to_left_in_its_own_properties(word, document):
    docx = word / "qatar-nato" / f"{document}.docx"
    for part in ("word/document.xml", "word/header1.xml", "word/footer1.xml"):
        paragraphs = list(xml(docx, part).iter(f"{W}p"))
        assert paragraphs
        for p in paragraphs:
            assert p.find(f"{W}pPr/{W}bidi") is not None, (part, paragraph_text(p))
        for run in xml(docx, part).iter(f"{W}r"):
            text = "".join(t.text or "" for t in run.iter(f"{W}t"))
            if ARABIC_LETTER.search(text):
                assert run.find(f"{W}rPr/{W}rtl") is not None, (part, text)
    tables = list(xml(docx, "word/document.xml").iter(f"{W}tbl"))
    assert all(t.find(f"{W}tblPr/{W}bidiVisual") is not None for t in tables)


def test_an_english_document_is_left_to_right_with_its_arabic_runs_marked(word):
    docx = word / "qatar-nato" / "press" / "briefing.en.docx"
    body = xml(docx, "word/document.xml")
    assert not list(body.iter(f"{W}bidi")) and not list(body.iter(f"{W}bidiVisual"))
    runs = [r for r in body.iter(f"{W}r") if r.find(f"{W}rPr/{W}rtl") is not None]
    assert all(not re.search("[A-Za-z]", "".join(t.text for t in r.iter(f"{W}t"))) for r in runs)


def test_a_sparse_record_gives_no_empty_heading_or_table(word):
    files = sorted((word / "sparse").glob("*/*.docx"))
    assert len(files) == 6
    for docx in files:
        body = xml(docx, "word/document.xml")
        paragraphs = list(body.iter(f"{W}p"))
        styles = [p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in paragraphs]
        # every heading is followed by something that is not another heading of its level or above
        for index, style in enumerate(styles):
            if style == "Heading1":
                assert index + 1 < len(styles) and styles[index + 1] not in ("Heading1", "Title"), (docx, index)
        for row in body.iter(f"{W}tr"):
            assert any(paragraph_text(p).strip() for p in row.iter(f"{W}p")), docx


def test_mixed_scripts_keep_each_runs_direction(tmp_path):
    """tests/fixtures/mixed-script: a Latin phrase, a URL and an e-mail address
    inside Arabic sentences are left-to-right runs in right-to-left paragraphs;
    Arabic inside English, right-to-left runs in left-to-right paragraphs."""
    status, stderr, _ = invoke("build", "--project", str(ROOT), "--reports", str(tmp_path), "--issued", ISSUED,
                               "--data", str(ROOT / "tests" / "fixtures" / "mixed-script"), "--audience", "press",
                               "--doc", "briefing", "--format", "docx", "--workers", "1")
    assert status == 0, stderr
    runs = lambda lang: [(r.find(f"{W}rPr/{W}rtl") is not None, "".join(t.text for t in r.iter(f"{W}t")))
                         for r in xml(tmp_path / "mixed-script" / "press" / f"briefing.{lang}.docx",
                                      "word/document.xml").iter(f"{W}r")]
    arabic = runs("ar")
    for latin in ("NATO–ICI", "https://www.nato.int/cps/en/natohq/topics_52956.htm", "press@mofa.gov.qa"):
        assert any(latin in text and not rtl for rtl, text in arabic), latin
        assert not any(latin in text and rtl for rtl, text in arabic), latin
    assert any("أطلق الجانبان" in text and rtl for rtl, text in arabic)
    english = runs("en")
    assert any("مجلس شمال الأطلسي" in text and rtl for rtl, text in english)
    assert not any("North Atlantic Council" in text and rtl for rtl, text in english)


def test_the_seeds_facts_are_in_the_word_files(word):
    arabic = plain(word / "qatar-nato" / "press" / "briefing.ar.docx")
    for fact in ("العلاقات القطرية مع الناتو", "مبادرة إسطنبول للتعاون", "16 فبراير 2005م", "17 نوفمبر 2006م",
                 "مؤتمر حلف الناتو وأمن الخليج", "الدوحة", "برنامج الشراكة الفردية والتعاون"):
        assert fact in arabic, fact
    english = plain(word / "qatar-nato" / "press" / "factsheet.en.docx")
    for fact in ("Qatar's Relations with NATO", "Istanbul Cooperation Initiative", "16 February 2005", "Doha"):
        assert fact in english, fact


def test_structure_lists_tables_figures_marking_page_numbers_properties(word):
    docx = word / "qatar-nato" / "minister" / "briefing.ar.docx"
    body = xml(docx, "word/document.xml")
    numbered = [p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}numPr") is not None]
    assert len(numbered) >= 5 and all(p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "ListNumber" for p in numbered)
    assert 'w:numFmt w:val="decimal"' in parts(docx)["word/numbering.xml"]
    header_rows = [r for r in body.iter(f"{W}tr") if r.find(f"{W}trPr/{W}tblHeader") is not None]
    assert [paragraph_text(p) for p in header_rows[0].iter(f"{W}p")] == ["التاريخ", "النوع", "الحدث", "المكان"]
    assert "مقيد" in paragraph_text(xml(docx, "word/header1.xml"))       # the marking: restricted
    footer = parts(docx)["word/footer1.xml"]
    assert "مقيد" in footer and " PAGE " in footer and " NUMPAGES " in footer
    core = parts(docx)["docProps/core.xml"]
    assert "<dc:language>ar</dc:language>" in core and "<dc:title>العلاقات القطرية مع الناتو</dc:title>" in core
    assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">" in core

    briefing = word / "qatar-nato" / "press" / "briefing.en.docx"
    contents = [p for p in xml(briefing, "word/document.xml").iter(f"{W}p")
                if p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Contents1"]
    assert ' TOC \\o "1-1" \\h \\z \\u ' in "".join(t.text for t in contents[0].iter(f"{W}instrText"))
    assert [paragraph_text(p) for p in contents][:2] == ["1. Summary", "2. Framework and background"]
    pictures = list(xml(briefing, "word/document.xml").iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"))
    assert len(pictures) == 2           # the timeline and the activity chart
    assert all(len(p.get("descr")) > 40 for p in pictures)
    assert "16 February 2005" in pictures[0].get("descr")
    with zipfile.ZipFile(briefing) as archive:
        pngs = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert len(pngs) == 2 and all(archive.read(n)[:4] == b"\x89PNG" for n in pngs)


def test_arabic_indic_digits_number_the_pages_and_lists():
    import datetime as dt
    from briefgen.output.ooxml import Page, Parts, package
    page = Page(lang="ar", rtl=True, paper="a5", digits="arabic-indic", marking="مقيد", accent="#7a1430",
                title="t", subject="s", keywords="k", created=dt.datetime(2026, 11, 29, tzinfo=dt.timezone.utc),
                words_page="صفحة", words_of="من")
    with zipfile.ZipFile(io.BytesIO(package(page, Parts("", lists=["number"])))) as archive:
        assert '<w:pgNumType w:fmt="hindiNumbers"/>' in archive.read("word/document.xml").decode()
        assert '<w:pgSz w:w="8391" w:h="11906"/>' in archive.read("word/document.xml").decode()
        assert '<w:numFmt w:val="hindiNumbers"/>' in archive.read("word/numbering.xml").decode()
        assert {info.date_time for info in archive.infolist()} == {(2026, 11, 29, 0, 0, 0)}


WITHHELD = ("[Illustrative] A restricted", "[Illustrative] A confidential", "مقيدة للوزير", "سرية للاختبار",
            "مقيد للاختبار")


def test_nothing_above_the_audiences_clearance_is_in_any_part(word):
    for docx in sorted((word / "clearance" / "press").glob("*.docx")):
        for name, text in parts(docx).items():
            assert not any(canary in text for canary in WITHHELD), (docx.name, name)
    minister = parts(word / "clearance" / "minister" / "briefing.ar.docx")
    assert "نقطة حديث مقيدة للوزير" in minister["word/document.xml"]       # cleared for restricted
    assert not any("سرية" in text and "للاختبار" in text and "ملخص سرية" in text for text in minister.values())


def test_the_leak_guard_reads_every_part_of_a_word_file(word):
    from briefgen.record.load import load_record
    docx = word / "clearance" / "press" / "factsheet.en.docx"
    with zipfile.ZipFile(docx) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    canary = "[Illustrative] A restricted talking point for the minister, for testing only."
    contents["docProps/core.xml"] = contents["docProps/core.xml"].replace(
        b"</dc:subject>", canary.encode("utf-8") + b"</dc:subject>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in contents.items():
            archive.writestr(name, data)
    from briefgen.record.audiences import load_audiences
    record = load_record(data_with(docx.parent / "guard-data", CLEARANCE_RECORD))
    press = load_audiences(ROOT / "templates")["press"]
    found = Guard(record).find("clearance/press/factsheet.en.docx", "clearance", press,
                               surfaces("", {"docx": out.getvalue()}))
    assert found and "found in the Word file's part docProps/core.xml" in found, found
    shutil.rmtree(docx.parent / "guard-data")


def test_identical_bytes_up_to_date_then_pruned_when_no_longer_asked_for(word, tmp_path):
    reports = tmp_path / "reports"
    one = ("build", "--project", str(ROOT), "--reports", str(reports), "--issued", ISSUED, "--audience", "press",
           "--doc", "factsheet", "--lang", "ar", "--workers", "1")
    status, stderr, stdout = invoke(*one, "--format", "docx")
    assert status == 0, stderr
    docx = reports / "qatar-nato" / "press" / "factsheet.ar.docx"
    assert docx.read_bytes() == (word / "qatar-nato" / "press" / "factsheet.ar.docx").read_bytes()
    status, stderr, stdout = invoke(*one, "--format", "docx")
    assert stdout.startswith("0 written, 0 pages, 1 up to date"), stdout
    index = (reports / "qatar-nato" / "press" / "index.html").read_text(encoding="utf-8")
    assert 'href="factsheet.ar.docx"' in index
    status, stderr, stdout = invoke(*one, "--format", "pdf", "--format", "docx")
    assert stdout.startswith("1 written, 1 page, 1 up to date"), stdout
    rows = (reports / "qatar-nato" / "press" / "index.html").read_text(encoding="utf-8").split("<tr>")[2:]
    assert len(rows) == 1 and 'href="factsheet.ar.pdf"' in rows[0] and 'href="factsheet.ar.docx" lang="en" dir="ltr">DOCX</a>' in rows[0]
    # The press's profile asks for PDFs only: a build that does not make its Word file removes it.
    status, stderr, stdout = invoke(*one)
    assert status == 0 and "removed qatar-nato/press/factsheet.ar.docx" in stderr, stderr
    assert not docx.exists() and (reports / "qatar-nato" / "press" / "factsheet.ar.pdf").is_file()


def test_every_format_a_profile_may_ask_for_has_a_writer():
    from briefgen.output.formats import formats
    from briefgen.record.audiences import FORMATS
    assert set(FORMATS) <= set(formats())


def test_a_profiles_formats_are_validated_and_planned(tmp_path):
    import datetime as dt
    from briefgen.errors import ValidationFailed
    from briefgen.paths import Project
    from briefgen.rebuild.build import Selection, plan
    from briefgen.record.audiences import load_audiences
    from briefgen.record.validate import check_record
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates" / "audiences" / "press", templates / "audiences" / "press")
    profile = templates / "audiences" / "press" / "audience.yaml"
    shipped = profile.read_text(encoding="utf-8")
    profile.write_text(shipped + "formats: [pdf, word, pdf]\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        load_audiences((templates, ROOT / "templates"), tmp_path)
    messages = [str(p) for p in failed.value.problems]
    line = len(shipped.splitlines()) + 1
    assert any(f"audience.yaml:{line}:" in m and "expected one of pdf, docx, got 'word'" in m for m in messages), messages
    assert any(f"audience.yaml:{line}:" in m and "a format is listed twice" in m for m in messages), messages

    profile.write_text(shipped + "formats: [pdf, docx]\n", encoding="utf-8")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    project = Project.at(tmp_path)
    jobs = plan(check_record(project), project, Selection(docs=("factsheet",), langs=("ar",)),
                dt.date(2026, 11, 29))
    press = sorted(job.output.name for job in jobs if job.options.audience.name == "press")
    assert press == ["factsheet.ar.docx", "factsheet.ar.pdf"]
    assert {job.output.suffix for job in jobs if job.options.audience.name != "press"} == {".pdf"}


# setup.sh --dev's background install of LibreOffice: its log and process.
OFFICE_LOG, OFFICE_PID = ROOT / ".venv" / "libreoffice-install.log", ROOT / ".venv" / "libreoffice-install.pid"


def installing() -> bool:
    """Is setup.sh --dev's install still running (no "exit N" logged, its process alive)?"""
    if not OFFICE_LOG.is_file() or "exit " in OFFICE_LOG.read_text(errors="replace"):
        return False
    try:
        os.kill(int(OFFICE_PID.read_text()), 0)
    except (OSError, ValueError):
        return False
    return True


def libreoffice() -> str:
    """LibreOffice's command, once setup.sh --dev's background install has ended;
    the test fails if that install failed, and is skipped only where setup.sh
    --dev never tried (no log)."""
    deadline = time.monotonic() + 900
    while installing() and time.monotonic() < deadline:
        time.sleep(1)
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None and OFFICE_LOG.is_file():
        pytest.fail(f"setup.sh --dev did not install LibreOffice: {OFFICE_LOG.read_text(errors='replace')[-2000:]}")
    if office is None:
        pytest.skip("LibreOffice is not installed (`./setup.sh --dev` installs it)")
    return office


def test_libreoffice_keeps_every_paragraphs_direction(word, tmp_path):
    """Converted to PDF by LibreOffice, each heading of the Arabic briefing starts
    at the right margin and each of the English one at the left."""
    import pypdfium2 as pdfium
    office = libreoffice()
    for name, rtl in (("briefing.ar", True), ("briefing.en", False)):
        docx = word / "qatar-nato" / "press" / f"{name}.docx"
        subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                       check=True, capture_output=True, timeout=180)
        headings = [paragraph_text(p) for p in xml(docx, "word/document.xml").iter(f"{W}p")
                    if p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") in ("Heading1", "Title")]
        pdf = pdfium.PdfDocument(str(tmp_path / f"{name}.pdf"))
        margin = 1134 / 20          # ooxml.MARGIN_TWIPS, in points
        edges = {heading: [] for heading in headings}      # where each occurrence starts (a contents entry too)
        for page in pdf:
            start = page.get_width() - margin if rtl else margin
            text = page.get_textpage()
            for heading in headings:
                searcher = text.search(heading[:12])
                while (found := searcher.get_next()):
                    box = [text.get_charbox(i) for i in range(found[0], found[0] + found[1])]
                    edges[heading].append(abs((max(b[2] for b in box) if rtl else min(b[0] for b in box)) - start))
            text.close()
        # pdfium does not find every Arabic heading (a lam-alef of Noto Kufi reads back as other letters)
        found = [distances for distances in edges.values() if distances]
        assert len(found) >= len(headings) // 2, (name, edges)
        assert all(any(distance < 6 for distance in distances) for distances in found), (name, edges)
        pdf.close()


PRESS = "templates/audiences/press"
PRESS_SHEET_AR = ("build", "--issued", ISSUED, "--audience", "press", "--doc", "factsheet", "--lang", "ar",
                  "--format", "docx")


def test_a_template_of_any_shape_gives_a_well_formed_word_file(project_copy):
    from conftest import cli_in, write
    write(project_copy, f"{PRESS}/factsheet.html", '{% extends "base/factsheet.html" %}{% block body %}{{ super() }}'
          '<table><tr><td><table><tr><td>inner cell</td></tr></table></td></tr></table>'
          '<dl><dt>Lonely term</dt></dl><ol><li>one<ol><li>nested item</li></ol></li></ol>'
          '<p dir="auto">auto \x0b direction</p><figure class="figure figure-nothing"><figcaption>Caption only'
          '</figcaption></figure><ul></ul><table></table>{% endblock %}')
    result = cli_in(project_copy, *PRESS_SHEET_AR)
    assert result.returncode == 0, result.stderr
    docx = project_copy / "reports" / "qatar-nato" / "press" / "factsheet.ar.docx"
    body = xml(docx, "word/document.xml")          # well-formed
    text = plain(docx)
    for words in ("inner cell", "Lonely term", "nested item", "auto  direction", "Caption only"):
        assert words in text, words
    for cell in body.iter(f"{W}tc"):
        assert cell[-1].tag == f"{W}p"             # Word refuses a cell that ends with a table


def test_withheld_text_only_in_a_figures_picture_fails_the_word_file(project_copy):
    """A picture's text cannot be read back: the guard reads the HTML it was
    laid out from (here the document itself never calls the figure macro)."""
    from conftest import cli_in, write
    withheld = ("Stress that the Istanbul Cooperation Initiative is the framework that brings Qatar and "
                "NATO together, and that both sides are keen to develop practical cooperation.")
    macros = (ROOT / "templates" / "macros.html").read_text(encoding="utf-8")
    write(project_copy, f"{PRESS}/macros.html",
          macros.replace("{% macro figure(fig) -%}", "{% macro figure(fig) -%}<p>" + withheld + "</p>", 1))
    write(project_copy, f"{PRESS}/factsheet.html", '{% extends "base.html" %}{% block body %}<h1>{{ doc.title }}</h1>'
          '<figure class="figure figure-timeline-compact"></figure>{% endblock %}')
    result = cli_in(project_copy, *PRESS_SHEET_AR)
    assert result.returncode == 1, result.stderr
    assert ("qatar-nato/press/factsheet.ar.docx: withheld text of talking_points[0] (classification restricted) "
            "found in the HTML of the Word file's picture 1") in result.stderr, result.stderr
    assert not (project_copy / "reports" / "qatar-nato" / "press" / "factsheet.ar.docx").exists()
