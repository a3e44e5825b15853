"""Figures drop no event (issue 24, item 4): every event of the chronology is on
every timeline as a label or as a numbered marker with a key line, and the
Arabic and English timelines label the same events — on the shipped record and
on the dense one (test_figures.py). The view's labels and key carry event ids;
the key lines are read back from the fact sheets with both readers."""
import datetime as dt

import pypdfium2 as pdfium
import pytest

from conftest import page_texts, searchable
from test_figures import dense_events, write_record

TIMELINES = ("timeline", "timeline_compact")


def views(data=None):
    """Every document with a timeline: (audience, doc) -> {lang: view}."""
    from briefgen.paths import Project
    from briefgen.render.checks import check
    from briefgen.render.widths import frame_of
    from briefgen.view.select import Options, document_view
    project = Project() if data is None else Project(data=data)
    inputs = check(project)
    frame = frame_of(project)
    out = {}
    for relationship in inputs.record.relationships.values():
        for name, audience in inputs.audiences.items():
            for doc in audience.documents:
                kind = inputs.kinds[doc]
                if not set(kind.figures) & set(TIMELINES):
                    continue
                out[(relationship.id, name, doc)] = {
                    lang: document_view(inputs.record, relationship,
                                        Options(audience, doc, lang, dt.date(2026, 11, 29), "a4", audience.digits,
                                                kind=kind, fonts=project.fonts, frame=frame(kind, "a4")),
                                        inputs.strings)
                    for lang in audience.languages_of(doc)}
    return out


def labelled_and_keyed(figure) -> tuple[set, set]:
    """Events named by a label, and by a key line (whose number is a label naming the same events)."""
    key = {tuple(item["ids"]) for item in figure.key}
    labelled = {i for label in figure.labels if tuple(label.ids) not in key for i in label.ids}
    keyed = {i for ids in key for i in ids}
    return labelled, keyed


def assert_every_event_once(documents):
    checked = 0
    for where, by_lang in documents.items():
        for name in TIMELINES:
            sets = {}
            for lang, view in by_lang.items():
                figure = view["figures"].get(name)
                if figure is None:
                    continue
                labelled, keyed = labelled_and_keyed(figure)
                events = {e["id"] for e in view["chronology"] if e["position"] is not None}
                assert labelled | keyed == events, (where, name, lang, events - labelled - keyed)
                assert not labelled & keyed, (where, name, lang)
                # A keyed group's number is on the figure, as a label naming the same events.
                numbers = {tuple(label.ids) for label in figure.labels}
                assert all(tuple(item["ids"]) in numbers for item in figure.key), (where, name, lang)
                sets[lang] = (labelled, keyed)
                checked += 1
            assert len(set(map(repr, sets.values()))) <= 1, (where, name, sets)
    assert checked


def test_shipped_timelines_label_or_key_every_event_the_same_in_both_languages():
    documents = views()
    assert_every_event_once(documents)
    # The press fact sheets key what they cannot label, the same three groups in both languages.
    sheet = documents[("qatar-nato", "press", "factsheet")]
    keys = {lang: [item["ids"] for item in v["figures"]["timeline_compact"].key] for lang, v in sheet.items()}
    assert keys["ar"] == keys["en"] and len(keys["en"]) == 3


def test_dense_timelines_label_or_key_every_event_the_same_in_both_languages(tmp_path):
    assert_every_event_once(views(write_record(tmp_path, "dense", dense_events())))


@pytest.mark.parametrize("lang,line", [("en", "17 November 2006 Visit"), ("ar", "17 نوفمبر 2006م زيارة")])
def test_the_fact_sheets_key_reads_back_in_both_readers(built, lang, line):
    pdf = built / f"factsheet.{lang}.pdf"
    poppler = searchable(" ".join(page_texts(pdf)))
    document = pdfium.PdfDocument(pdf)
    try:
        pdfium_text = searchable(" ".join(document[i].get_textpage().get_text_range() for i in range(len(document))))
    finally:
        document.close()
    assert searchable(line) in poppler
    assert searchable(line) in pdfium_text
