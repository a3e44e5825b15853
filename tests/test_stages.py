"""Each stage in this process, on a tiny record (two events, one of them
restricted) in a project folder of its own that uses the shipped templates
and fonts: reading the record, the document's view, rendering, the leak
guard, a rebuild, and the live stage's timetable and preview state. The other
test files drive the same stages end to end, through the command line."""
import datetime as dt
import json
import shutil

import pypdfium2 as pdfium
import pytest

from briefgen.errors import ValidationFailed
from briefgen.live.schedule import Run, next_times
from briefgen.live.state import PreviewState
from briefgen.output.withheld import Guard, normalise, surfaces
from briefgen.paths import Project
from briefgen.rebuild.build import Selection, build, plan
from briefgen.record.validate import check_record
from briefgen.render.engine import Renderer
from briefgen.view.select import Options, document_view
from conftest import ROOT, write

ISSUED = dt.date(2026, 11, 29)
RESTRICTED_TITLE = "A restricted meeting in Brussels"
CLOSED_MEETING = """\
  - id: closed-meeting
    kind: meeting
    date: 2021-02
    classification: restricted
    title: {ar: اجتماع مقيد في بروكسل, en: %s}
    description: {ar: اجتماع لم يعلن عنه., en: A meeting that was not announced.}
    sources: [notice]
""" % RESTRICTED_TITLE
# tests/records/sparse.yaml (one event, one source) with a restricted second event.
TINY = (ROOT / "tests" / "records" / "sparse.yaml").read_text(encoding="utf-8").replace(
    "id: sparse", "id: tiny", 1).replace("\nsources:", "\n" + CLOSED_MEETING + "sources:", 1)


@pytest.fixture
def tiny(tmp_path) -> Project:
    """A project of one relationship file and the shipped entities."""
    write(tmp_path, "data/relations/tiny.yaml", TINY)
    shutil.copy(ROOT / "data" / "entities.yaml", tmp_path / "data" / "entities.yaml")
    return Project.at(tmp_path)


def options(project: Project, inputs, audience: str, doc: str = "factsheet", lang: str = "en") -> Options:
    profile, kind = inputs.audiences[audience], inputs.kinds[doc]
    return Options(audience=profile, doc=doc, lang=lang, issued=ISSUED, paper=profile.paper, digits=profile.digits,
                   fonts=project.fonts, kind=kind, frame=322.0)      # the A4 fact sheet's (render/widths.py)


def view_of(project: Project, audience: str, lang: str = "en") -> dict:
    inputs = check_record(project)
    return document_view(inputs.record, inputs.record.relationships["tiny"],
                         options(project, inputs, audience, lang=lang), inputs.strings)


# -- 1 reading the record ------------------------------------------------------------

def test_the_record_stage_reads_a_tiny_record(tiny):
    inputs = check_record(tiny)
    assert list(inputs.record.relationships) == ["tiny"] and inputs.problems == ()
    assert [e.id for e in inputs.record.relationships["tiny"].events] == ["first-meeting", "closed-meeting"]


def test_a_record_error_names_the_file_line_and_field(tiny):
    path = tiny.data / "relations" / "tiny.yaml"
    path.write_text(TINY.replace("kind: meeting", "kind: meting", 1), encoding="utf-8")
    inputs = check_record(tiny)        # one relationship's problem leaves it out, and is reported
    assert inputs.record.relationships == {} and inputs.invalid == ("tiny",)
    assert [str(p).split(": ", 1)[0] for p in inputs.problems] == ["data/relations/tiny.yaml:12:11"]
    assert "events[0].kind" in str(inputs.problems[0]) and "meting" in str(inputs.problems[0])
    # A problem shared by every relationship (here, the entities) stops the stage, named by file and line.
    path.write_text(TINY, encoding="utf-8")
    (tiny.data / "entities.yaml").write_text("entities:\n  qatar: [not, an, entity]\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        check_record(tiny)
    assert failed.value.report().startswith("data/entities.yaml:2:10: entities.qatar: expected a mapping")


# -- 2 the document's view ------------------------------------------------------------

def test_clearance_removes_the_restricted_event_from_the_public_view(tiny):
    public = [e["id"] for e in view_of(tiny, "press")["chronology"]]
    restricted = [e["id"] for e in view_of(tiny, "delegation")["chronology"]]
    assert public == ["first-meeting"]
    assert restricted == ["first-meeting", "closed-meeting"]


def test_the_view_localises_dates(tiny):
    assert view_of(tiny, "press", "en")["updated"] == "29 November 2026"
    assert view_of(tiny, "press", "ar")["updated"] == "29 نوفمبر 2026م"
    assert view_of(tiny, "press", "ar")["chronology"][0]["when"] == "مايو 2020م"


# -- 3 rendering ----------------------------------------------------------------------

def pdf_text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        return " ".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_the_renderer_turns_a_view_into_a_pdf(tiny):
    inputs = check_record(tiny)
    view = document_view(inputs.record, inputs.record.relationships["tiny"], options(tiny, inputs, "delegation"),
                         inputs.strings)
    drawing = Renderer(tiny).pdf(view, inputs.audiences["delegation"], "tiny/delegation/factsheet.en")
    pdf = drawing.pdf
    assert pdf.startswith(b"%PDF-") and drawing.pages == 1 and drawing.fit_pt is not None
    text = " ".join(pdf_text(pdf).split())
    assert "Qatar–Belgium relations" in text and RESTRICTED_TITLE in text


# -- 4 writing outputs: the leak guard ------------------------------------------------

def test_the_leak_guard_refuses_a_surface_holding_a_withheld_text(tiny):
    inputs = check_record(tiny)
    guard = Guard(inputs.record)
    html = f'<p>Some text, then <span style="display: none">{RESTRICTED_TITLE}</span>, then more.</p>'
    found = guard.find("tiny/press/factsheet.en", "tiny", inputs.audiences["press"], surfaces(html, {}))
    assert found == (f"tiny/press/factsheet.en: withheld text of events[1] (classification restricted) found in "
                     f"the HTML given to the renderer: “{normalise(RESTRICTED_TITLE)}”; not written")
    # Cleared to see it, the delegation's document may hold it; and a clean surface passes.
    assert guard.find("tiny/delegation/factsheet.en", "tiny", inputs.audiences["delegation"], surfaces(html, {})) is None
    assert guard.find("tiny/press/factsheet.en", "tiny", inputs.audiences["press"],
                      surfaces("<p>A bilateral meeting in Doha</p>", {})) is None


# -- 5 rebuilding ---------------------------------------------------------------------

def test_a_rebuild_plans_builds_and_then_finds_the_document_up_to_date(tiny):
    inputs = check_record(tiny)
    jobs = plan(inputs, tiny, Selection(audiences=("press",), docs=("factsheet",), langs=("en",)), ISSUED)
    assert [job.name for job in jobs] == ["tiny/press/factsheet.en"]
    first = build(inputs, tiny, jobs)
    assert first.text().startswith("1 written, 1 page, 0 up to date"), first.text()
    pdf = tiny.reports / "tiny" / "press" / "factsheet.en.pdf"
    text = " ".join(pdf_text(pdf.read_bytes()).split())
    assert "A bilateral meeting in Doha" in text and RESTRICTED_TITLE not in text
    entry = json.loads((tiny.reports / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    assert entry["tiny/press/factsheet.en.pdf"]["status"] == "built"
    assert build(inputs, tiny, jobs).text().startswith("0 written, 0 pages, 1 up to date")


# -- 6 live commands: the timetable and the preview's state ---------------------------

def test_a_run_s_next_times_follow_its_cron_expression():
    monday_six = Run(name="weekly", cron="0 6 * * 1")
    times = next_times(monday_six, dt.datetime(2026, 11, 29, 12, 0), 3)     # a Sunday
    assert times == [dt.datetime(2026, 11, 30, 6), dt.datetime(2026, 12, 7, 6), dt.datetime(2026, 12, 14, 6)]
    assert next_times(Run(name="never", cron="0 0 31 2 *"), dt.datetime(2026, 1, 1), 3) == []


def test_the_preview_state_tells_each_open_page_what_changed():
    state = PreviewState()
    state.know("tiny/press/factsheet.en", {"title": {"en": "Qatar–Belgium relations"}})
    page = state.subscribe("tiny/press/factsheet.en")
    assert [event for event, _ in drain(page)] == ["preview", "document"]
    assert state.viewed() == {"tiny/press/factsheet.en"}
    state.update("tiny/press/factsheet.en", status="built", version=1, pages=2)
    (event, data), = drain(page)
    shown = json.loads(data)
    assert event == "document" and shown["status"] == "built"
    assert shown["images"] == ["/doc/tiny/press/factsheet.en/page-1.png?v=1",
                               "/doc/tiny/press/factsheet.en/page-2.png?v=1"]
    state.forget_except(set())
    assert state.all_documents() == []


def drain(listener) -> list:
    found = []
    while not listener.empty():
        found.append(listener.get_nowait())
    return found
