"""Figures drop no event (issue 24, item 4): every event of the chronology is on
every timeline as a label or as a numbered marker with a key line, and the
Arabic and English timelines label the same events — on the shipped record and
on the dense one (test_figures.py). The view's labels and key carry event ids;
the key lines are read back from the fact sheets with both readers."""
import datetime as dt

import pypdfium2 as pdfium
import pytest

from conftest import ROOT, page_texts, poppler_text, searchable
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


@pytest.mark.parametrize("lang,line", [("en", "17 November 2006 Visit: Historic visit of His Highness"),
                                       ("ar", "17 نوفمبر 2006م زيارة: الزيارة التاريخية لسمو الأمير الوالد")])
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


KEY_ENTRIES = {"ar": ["زيارة: الزيارة", "تدريب: نسخة", "اتفاق: إجازة"],
               "en": ["Visit: Historic", "Training: 2014", "Agreement: Approval"]}


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_key_reads_in_order_its_first_column_at_the_start(built, lang):
    """The key's two lists (charts.py, key_columns): entries 1 and 2 in the
    first column, at the start of the line (the right in Arabic), 3 in the
    other, and entries 1, 2, 3 read in that order by both readers."""
    pdf = built / f"factsheet.{lang}.pdf"
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0].get_textpage()
        found = [page.search(text).get_next() for text in KEY_ENTRIES[lang]]
        assert all(found), found
        lefts = [page.get_charbox(index)[0] for index, _ in found]
    finally:
        document.close()
    assert [index for index, _ in found] == sorted(index for index, _ in found)
    first, second = (lefts[0], lefts[2]) if lang == "en" else (lefts[2], lefts[0])
    assert second - first > 100, lefts              # a column apart, the first at the start
    poppler = searchable(poppler_text(pdf))
    places = [poppler.find(searchable(text)) for text in KEY_ENTRIES[lang]]
    assert -1 not in places and places == sorted(places), places


def test_the_key_is_split_between_its_columns_by_estimated_lines():
    from briefgen.view.charts import Segment, key_columns
    from briefgen.view.textwidth import Measure
    measure = Measure(ROOT / "fonts")
    entry = lambda words: {"lines": [[Segment("كلمة " * words)]]}     # noqa: E731
    assert key_columns([], 300, measure) == 0
    assert key_columns([entry(3)], 300, measure) == 1
    assert key_columns([entry(3)] * 3, 300, measure) == 2              # the first column the taller
    assert key_columns([entry(60), entry(3), entry(3)], 300, measure) == 1
    assert key_columns([entry(3), entry(3), entry(60)], 300, measure) == 2


# -- a group's stem points at the group; labels stay inside the text area ------------

def spread_labels(view, name) -> tuple[int, int]:
    """(labels naming events at several dates well apart, brackets drawn)."""
    figure = view["figures"][name]
    position = {e["id"]: e["position"] for e in view["chronology"]}
    spread = sum(1 for label in figure.labels
                 if len(label.ids) > 1 and max(position[i] for i in label.ids) - min(position[i] for i in label.ids) > 0.2)
    return spread, figure.svg.count("<polyline")


def test_a_group_label_points_at_the_whole_group():
    """«2015م» over December 2014, March 2015 and 2015: its leader used to end on
    the March 2015 marker alone; now on a bracket over the three (and the numbers
    of keyed groups likewise), in both languages."""
    for lang, view in views()[("qatar-nato", "press", "factsheet")].items():
        spread, brackets = spread_labels(view, "timeline_compact")
        assert spread >= 2 and brackets >= spread, lang


def test_a_bracket_spans_the_marks_and_the_leader_starts_on_it():
    from briefgen.view.charts import STYLES, bracket_span, group_marks, lane_pitch, lay_marks, request_for, Axis
    events = [{"id": f"e{n}", "position": p, "kind": "meeting", "when": str(p)} for n, p in
              enumerate([2015.0, 2015.05, 2015.1, 2016.5])]
    style = STYLES[True]
    marks = lay_marks(events, Axis(2015, 2017, 10, 300, rtl=True), style.radius)
    groups = group_marks(marks, style.radius)
    assert [len(g) for g in groups] == [3, 1]
    pitch = lane_pitch(max(m.lane for m in marks), style.radius)
    request = request_for(groups[0], [[]], style, pitch, lambda *a: 10.0)
    left, right = bracket_span(groups[0])
    assert left < request.anchor_x < right            # the leader starts between the outer marks
    top = min(-m.lane * pitch - style.radius for m in groups[0])
    assert request.marks_top < top                    # above every mark of the group
    assert bracket_span(groups[1]) is None            # one mark: its leader meets it


def test_a_label_wider_than_the_figure_is_not_placed():
    from briefgen.view.placement import Bands, Request, place
    wide = Request(anchor_x=100, marks_top=-5, marks_bottom=5, width=250, height=11)
    assert place([wide], [], Bands(200, -10, None, 6, 4), require_all=False) == [None]


def test_the_margin_check_sees_absolutely_positioned_labels():
    from weasyprint import HTML
    from briefgen.render.overflow import text_past_margins
    html = ('<div style="position: relative; height: 40pt"><span style="position: absolute; left: -30pt; '
            'white-space: nowrap">تسمية شكل خارج الهامش</span></div><p>نص</p>')
    found = text_past_margins(HTML(string=html).render())
    assert [o.text for o in found] == ["تسمية شكل خارج الهامش"]


def test_the_margin_check_walks_every_text_box_in_order():
    """overflow.text_boxes_in_columns, one stack, gives the text boxes WeasyPrint's descendants()
    gives: nested inline boxes, a table, a list, absolutely positioned labels
    inside a positioned frame."""
    from weasyprint import HTML
    from briefgen.render.overflow import text_boxes_in_columns
    html = ('<p>قبل <b>غامق <i>مائل</i></b> بعد</p><table><tr><td>خلية ١</td><td><span>خلية ٢</span></td></tr>'
            '</table><ul><li>بند</li></ul><div style="position: relative; height: 40pt">'
            '<span style="position: absolute; left: 10pt">تسمية <b>أولى</b></span>'
            '<div style="position: absolute; top: 20pt"><p>تسمية ثانية</p></div></div><p>نص أخير</p>')
    for page in HTML(string=html).render().pages:
        root = page._page_box.children[0]
        walked = [box.text for box in root.descendants(placeholders=True) if type(box).__name__ == "TextBox"]
        assert [box.text for box, _ in text_boxes_in_columns(root)] == walked
        assert {"مائل", "خلية ٢", "أولى", "تسمية ثانية", "نص أخير"} <= set(walked)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_dense_long_labels_stay_inside_the_figure(lang):
    """The dense record's timeline with long labels (its dates written at
    length), in a narrow frame: every label inside the figure (what cannot fit
    is numbered and keyed), every event labelled or keyed."""
    from test_figures import dense_events
    from briefgen.record.languages import LANGUAGE
    from briefgen.render.checks import check
    from briefgen.paths import Project
    from briefgen.view.charts import timeline
    from briefgen.view.textwidth import Measure
    words = dict(check(Project()).strings[lang])
    events = []
    for n, e in enumerate(dense_events()):
        if "date" not in e:
            continue
        year, *rest = [int(x) for x in e["date"].split("-")]
        position = year + ((rest[0] - 0.5) / 12 if rest else 0.5)
        events.append({"id": e["id"], "position": position, "open": False, "kind": e["kind"],
                       "kind_label": words["kinds"][e["kind"]], "when": f'{e["title"][lang]} {e["date"]}',
                       "plain_title": e["title"][lang]})
    frame = 110.0
    figure = timeline(events, words, lang, str, frame, Measure(ROOT / "fonts"), compact=True)
    assert all(0 <= label.box.x0 and label.box.x1 <= frame for label in figure.labels), LANGUAGE[lang].code
    named = {i for label in figure.labels for i in label.ids} | {i for item in figure.key for i in item["ids"]}
    assert named == {e["id"] for e in events}


@pytest.mark.parametrize("dir_,lang", [("rtl", "ar"), ("ltr", "en")])
def test_a_two_digit_key_number_keeps_its_entrys_text_in_line(tmp_path, dir_, lang):
    """A key's number is set in its entry's line (poppler read a number in a
    block of its own into the date after it), padded to the 1.4 em the block
    had: an entry numbered 10 (a dense record keys 19 events) starts its text
    where entry 9 does, in both directions."""
    import jinja2
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    fonts = FontConfiguration()
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "templates"))
    key_list = env.get_template("macros.html").module.key_list
    items = [{"number": n, "lines": [[{"text": "Alpha", "bold": False, "colour": "#000"}]]} for n in ("9", "10")]
    html = f'<html lang="{lang}" dir="{dir_}"><body>{key_list(items)}</body></html>'
    pdf = tmp_path / "key.pdf"
    HTML(string=html, base_url=str(ROOT / "templates") + "/").write_pdf(
        pdf, stylesheets=[CSS(string=(ROOT / "templates" / "css" / "fonts.css").read_text(), base_url=str(ROOT / "fonts") + "/",
                              font_config=fonts),
                          CSS(filename=ROOT / "templates" / "css" / "base.css")], font_config=fonts)
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0].get_textpage()
        starts, search = [], page.search("Alpha")
        while (found := search.get_next()) is not None:
            first, count = found
            edge = page.get_charbox(first)[0] if dir_ == "ltr" else page.get_charbox(first + count - 1)[2]
            starts.append(edge)
    finally:
        document.close()
    assert len(starts) == 2 and abs(starts[0] - starts[1]) < 0.3, starts
