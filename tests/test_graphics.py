"""Timeline and chart: text alternatives, numbered captions, direction, and the
figures where they belong in both languages (collisions: test_figures.py)."""
import re

import pytest

from conftest import page_texts
from test_figures import figure_pages

PRESENTATION = re.compile(r"[\uFB50-\uFDFF\uFE70-\uFEFF]")


@pytest.mark.parametrize("lang,caption,activity", [
    ("ar", "الشكل الأول: الخط الزمني للعلاقات", "الشكل الثاني: عدد الأحداث في كل عام حسب النوع"),
    ("en", "Figure 1: timeline of the relationship", "Figure 2: events per year by kind"),
])
def test_figures_are_in_the_briefing_chronology_and_on_the_fact_sheet(built, lang, caption, activity):
    pages = page_texts(built / f"briefing.{lang}.pdf")
    flat = [" ".join(p.split()) for p in pages]
    chronology = next(i for i, p in enumerate(flat) if caption in p)
    assert any(activity in p for p in flat[chronology:chronology + 2])
    assert figure_pages(built / f"briefing.{lang}.pdf")
    assert figure_pages(built / f"factsheet.{lang}.pdf") == [0]


def year_x(figure, year: str) -> float:
    """The middle of the label that reads `year` (labels are HTML text over the SVG)."""
    label = next(l for l in figure.labels if "".join(str(s.text) for s in l.lines[0]) == year)
    return (label.box.x0 + label.box.x1) / 2


def test_the_arabic_timeline_runs_right_to_left_and_the_english_left_to_right():
    import datetime as dt
    from briefgen.paths import Project
    from briefgen.render.widths import frame_of
    from briefgen.view.select import Options, document_view
    from briefgen.render.checks import check
    project = Project()
    inputs = check(project)
    press, press_briefing = inputs.audiences["press"], inputs.kinds["briefing"]
    views = {lang: document_view(inputs.record, inputs.record.relationships["qatar-nato"],
                                 Options(press, "briefing", lang, dt.date(2026, 11, 29), "a4", "western",
                                         fonts=project.fonts, frame=frame_of(project)(press_briefing, "a4")),
                                 inputs.strings) for lang in ("ar", "en")}
    ar, en = views["ar"]["figures"]["timeline"], views["en"]["figures"]["timeline"]
    assert year_x(ar, "2005م") > year_x(ar, "2015م")
    assert year_x(en, "2005") < year_x(en, "2015")
    assert not PRESENTATION.search(ar.svg + en.svg)      # the SVG layer carries no text at all
    assert "<text" not in ar.svg
    # The text alternative is plain logical-order text in the document's language, numbered.
    alt = ar.alt
    assert alt.startswith("الشكل الأول: خط زمني يضم 9 أحداث من 16 فبراير 2005م إلى")
    assert "17 نوفمبر 2006م زيارة: الزيارة التاريخية لسمو الأمير الوالد لمقر الحلف" in alt
    assert not PRESENTATION.search(alt)
    assert views["en"]["figures"]["activity"].alt.startswith("Figure 2: Bar chart of events per year by kind: 2005: Accession 1")
