"""Audiences: clearance removes what an audience may not see before templating,
markings on every page, template overrides, profiles validated, scaffolding."""
import dataclasses
import re
import shutil

import pypdf
import pypdfium2 as pdfium
import pytest

from briefgen.record.audiences import load_audiences
from briefgen.errors import ValidationFailed
from briefgen.record.load import load_record
from briefgen.record.model import rank
from conftest import CLEARANCE_RECORD, ISSUED, ROOT, cli_in, data_with, page_texts, searchable

AUDIENCES = load_audiences(ROOT / "templates")
MARKINGS = {
    ("minister", "ar"): "مقيد", ("delegation", "ar"): "مقيد", ("delegation", "en"): "Restricted",
    ("press", "ar"): "للنشر العام", ("press", "en"): "For public release",
    ("training", "ar"): "عام", ("training", "en"): "Public",
}


def items_above(value, allowed: int):
    """Every classified item in the record above `allowed`."""
    if dataclasses.is_dataclass(value):
        if rank(getattr(value, "classification", "public")) > allowed:
            yield value
            return
        for field in dataclasses.fields(value):
            yield from items_above(getattr(value, field.name), allowed)
    elif isinstance(value, tuple):
        for item in value:
            yield from items_above(item, allowed)


def texts_in(item, lang: str):
    if dataclasses.is_dataclass(item):
        if hasattr(item, "ar") and hasattr(item, "en"):
            yield getattr(item, lang)
        for field in dataclasses.fields(item):
            yield from texts_in(getattr(item, field.name), lang)
    elif isinstance(item, tuple):
        for part in item:
            yield from texts_in(part, lang)


def everything_readable(pdf) -> str:
    """Text layer, bookmarks and metadata: every place a reader could find text."""
    reader = pypdf.PdfReader(pdf)
    outline = []
    stack = list(reader.outline)
    while stack:
        item = stack.pop()
        stack.extend(item) if isinstance(item, list) else outline.append(item.title)
    metadata = " ".join(str(v) for v in (reader.metadata or {}).values())
    return searchable(" ".join(page_texts(pdf) + outline + [metadata]))


def test_nothing_above_clearance_appears_anywhere_in_the_matrix(clearance_matrix, tmp_path):
    record = load_record(data_with(tmp_path, CLEARANCE_RECORD), set(AUDIENCES)).relationships["clearance"]
    checked = 0
    pdfs = sorted(clearance_matrix.rglob("*.pdf"))
    assert len(pdfs) == 12
    for pdf in pdfs:
        audience = AUDIENCES[pdf.parent.name]
        lang = pdf.name.split(".")[1]
        readable = everything_readable(pdf)
        withheld = [t for item in items_above(record, rank(audience.clearance)) for t in texts_in(item, lang)]
        assert withheld, "the data has nothing above this clearance: the test would prove nothing"
        for text in withheld:
            assert searchable(text)[:60] not in readable, (pdf, text)
            checked += 1
    assert checked > 60


def test_what_an_audience_is_cleared_for_does_appear(clearance_matrix):
    minister = everything_readable(clearance_matrix / "minister" / "briefing.ar.pdf")
    delegation = everything_readable(clearance_matrix / "delegation" / "briefing.en.pdf")
    training = everything_readable(clearance_matrix / "training" / "briefing.en.pdf")
    assert searchable("نقطة حديث مقيدة للوزير للاختبار فقط") in minister
    assert "A restricted note for the visiting delegation" in delegation
    assert "A restricted talking point for tagged audiences" in delegation      # by tag: officials
    assert "A restricted talking point for tagged audiences" not in training
    assert "A restricted source" in delegation and "A restricted source" not in training
    assert "A public event that followed a restricted meeting" in training


def test_clearance_is_remembered_by_the_record_s_value_not_its_identity(tmp_path):
    from briefgen.view.clearance import cleared, redact
    record = load_record(data_with(tmp_path, CLEARANCE_RECORD), set(AUDIENCES)).relationships["clearance"]
    read_again = dataclasses.replace(record)                  # equal, another object (a file read again)
    assert read_again is not record and read_again == record
    kept, marking = cleared(record, "public")
    assert cleared(read_again, "public")[0] is kept           # remembered, whichever object asks
    edited = dataclasses.replace(record, events=record.events[1:])
    assert cleared(edited, "public")[0] == redact(edited, "public") != kept    # an edit is a new record
    assert cleared(record, "restricted")[0] != kept


def test_the_shipped_record_holds_no_placeholders(matrix):
    """The items that exercise clearance live in tests/records/, not in data/."""
    data = (ROOT / "data" / "relations" / "qatar-nato.yaml").read_text(encoding="utf-8")
    assert not re.search(r"توضيحي|للاختبار|Illustrative|for testing", data)
    for pdf in sorted(matrix.rglob("*.pdf")):
        assert not re.search(r"توضيحي|للاختبار|Illustrative|shared/seed", everything_readable(pdf)), pdf


@pytest.mark.parametrize("audience,lang", sorted(MARKINGS))
def test_every_page_is_marked_at_top_and_bottom_in_its_language(matrix, audience, lang):
    marking = MARKINGS[(audience, lang)]
    for pdf in (matrix / audience).glob(f"*.{lang}.pdf"):
        document = pdfium.PdfDocument(str(pdf))
        for number, page in enumerate(document, start=1):
            width, height = page.get_size()
            text = page.get_textpage()
            top = text.get_text_bounded(0, height - 45, width, height)
            bottom = text.get_text_bounded(0, 0, width, 45)
            assert marking in top and marking in bottom, (pdf.name, number, top, bottom)
        document.close()


def test_minister_brief_opens_with_talking_points_and_keeps_to_two_pages(matrix):
    pdf = matrix / "minister" / "briefing.ar.pdf"
    assert len(pypdf.PdfReader(pdf).pages) <= 2
    first = page_texts(pdf)[0]
    assert first.index("نقاط الحديث") < first.index("الملخص")
    assert "المحتويات" not in first


def test_press_gets_only_public_documents_it_asked_for(matrix):
    assert sorted(p.name for p in (matrix / "press").glob("*.pdf")) == [
        "briefing.ar.pdf", "briefing.en.pdf", "factsheet.ar.pdf", "factsheet.en.pdf"]
    assert sorted(p.name for p in (matrix / "minister").glob("*.pdf")) == ["briefing.ar.pdf", "card.ar.pdf"]


def test_an_override_changes_only_what_it_overrides():
    """training/ overrides sections/chronology.html: render its briefing with and
    without the folder on the search path; only the chronology section differs."""
    import datetime as dt
    from briefgen.render.checks import check
    from briefgen.paths import Project
    from briefgen.render.engine import audience_environment
    from briefgen.render.widths import frame_of
    from briefgen.view.select import Options, document_view
    inputs = check(Project())
    training = inputs.audiences["training"]
    options = Options(training, "briefing", "en", dt.date(2026, 11, 29), "a4", "western", fonts=ROOT / "fonts",
                      frame=frame_of(Project())(inputs.kinds["briefing"], "a4"))
    view = document_view(inputs.record, inputs.record.relationships["qatar-nato"], options, inputs.strings)
    html = {}
    for label, folder in (("override", training.folder), ("base", None)):
        env = audience_environment(Project().templates, folder)
        html[label] = env.get_template("briefing.html").render(doc=view)
    sections = {label: re.findall(r'<section class="chapter.*?</section>', text, re.S) for label, text in html.items()}
    assert len(sections["override"]) == len(sections["base"]) == len(view["sections"])
    differing = [base for base, over in zip(sections["base"], sections["override"]) if base != over]
    assert len(differing) == 1 and 'id="chronology"' in differing[0]


def test_a_bad_profile_is_reported_by_file_line_and_field(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    profile = templates / "audiences" / "press" / "audience.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("clearance: public", "clearance: publik")
                           .replace("documents: [factsheet, briefing]", "documents: [factsheet, memo]"),
                       encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        load_audiences(templates)
    reports = [str(p) for p in failed.value.problems]
    lines = profile.read_text(encoding="utf-8").splitlines()
    line = next(i for i, l in enumerate(lines, 1) if l.startswith("clearance"))
    assert any(r.startswith(f"templates/audiences/press/audience.yaml:{line}:") and "clearance: expected one of" in r
               and "(did you mean 'public'?)" in r for r in reports), reports
    assert any("documents[1]: expected one of briefing, factsheet, card, got 'memo'" in r for r in reports), reports


def test_new_audience_scaffolds_a_folder_that_builds(tmp_path):
    for part in ("briefgen", "templates", "data", "fonts"):
        shutil.copytree(ROOT / part, tmp_path / part)
    shutil.copy(ROOT / "generate.py", tmp_path)
    run = lambda *args: cli_in(tmp_path, *args)
    created = run("new-audience", "embassy", "--from", "press")
    assert created.returncode == 0, created.stderr
    assert (tmp_path / "templates" / "audiences" / "embassy" / "audience.yaml").is_file()
    again = run("new-audience", "embassy", "--from", "press")
    assert again.returncode == 2 and "already exists" in again.stderr
    # A block override that extends the very template it replaces (README example).
    (tmp_path / "templates" / "audiences" / "embassy" / "briefing.html").write_text(
        '{% extends "base/briefing.html" %}\n{% block contents %}{% endblock %}\n', encoding="utf-8")
    built = run("build", "--audience", "embassy", "--lang", "ar", "--issued", ISSUED)
    assert built.returncode == 0, built.stderr
    out = tmp_path / "reports" / "qatar-nato" / "embassy"
    assert sorted(p.name for p in out.glob("*.pdf")) == ["briefing.ar.pdf", "factsheet.ar.pdf"]
    cover = page_texts(out / "briefing.ar.pdf")[0]
    assert "المحتويات" not in cover and "دولة قطر" in cover
