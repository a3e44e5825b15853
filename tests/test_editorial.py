"""Documents fit to issue: sources printed as citations, talking points that
point at their events and source, and no sentence said twice in a document."""
import datetime as dt
import html.parser

import pytest

from briefgen.document.render import Renderer
from briefgen.document.select import Options, document_view
from briefgen.paths import Project
from briefgen.record.repetition import repeated
from briefgen.record.validate import check
from conftest import page_texts, searchable

CITATION = {
    # pdfium mirrors brackets and guillemets in right-to-left text (DESIGN.md 9),
    # so the Arabic citation is checked in its parts.
    "ar": ["وزارة الخارجية بدولة قطر:", "«العلاقات القطرية مع الناتو»",
           "، باللغة العربية، تاريخ الاطلاع 29 نوفمبر 2026م."],
    "en": ["[1] Ministry of Foreign Affairs of the State of Qatar: “Qatar's Relations with NATO”, in Arabic, "
           "retrieved 29 November 2026."],
}
MIRRORED = str.maketrans("«»[]", "»«][")


def found(phrase: str, text: str) -> bool:
    phrase = searchable(phrase)
    return phrase in text or phrase.translate(MIRRORED) in text


def cited(text: str, lang: str) -> bool:
    return all(found(part, text) for part in CITATION[lang])


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_source_is_printed_as_a_citation(built, lang):
    for doc in ("briefing", "factsheet"):
        text = searchable(" ".join(page_texts(built / f"{doc}.{lang}.pdf")))
        assert cited(text, lang), doc
        assert "seed" not in text and ".txt" not in text


def test_talking_points_point_at_their_events_and_source(matrix):
    card = searchable(" ".join(page_texts(matrix / "minister" / "card.ar.pdf")))
    assert "استحضار مكانة الزيارة التاريخية لسمو الأمير الوالد" in card
    assert found("الحدث: 17 نوفمبر 2006م؛ المصدر: [1]", card)
    assert found("الأحداث: ديسمبر 2014م · مارس 2015م · نوفمبر 2016م؛ المصدر: [1]", card)
    assert cited(card, "ar")


class ProseBlocks(html.parser.HTMLParser):
    """The text of every paragraph, list item and definition in a page of HTML."""
    PROSE = {"p", "li", "dd"}

    def __init__(self):
        super().__init__()
        self.blocks: list[str] = []
        self.open: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.PROSE:
            self.open.append([])

    def handle_endtag(self, tag):
        if tag in self.PROSE and self.open:
            self.blocks.append(" ".join("".join(self.open.pop()).split()))

    def handle_data(self, data):
        for block in self.open:
            block.append(data)


def every_document_html():
    project = Project()
    inputs = check(project)
    renderer = Renderer(project)
    for relationship in inputs.record.relationships.values():
        for audience in inputs.audiences.values():
            for doc in audience.documents:
                for lang in audience.languages:
                    options = Options(audience, doc, lang, dt.date(2026, 11, 29), "a4", "western")
                    view = document_view(inputs.record, relationship, options, inputs.strings)
                    yield f"{audience.name}/{doc}.{lang}", renderer.html(view, audience)


def test_no_document_says_a_sentence_twice():
    """Every paragraph and list item of every document, compared clause by clause
    (as the editorial lint compares the record's fields)."""
    checked = 0
    for name, page in every_document_html():
        parser = ProseBlocks()
        parser.feed(page)
        assert parser.blocks, name
        assert repeated((name, block) for block in parser.blocks) == [], name
        checked += 1
    assert checked == 12


def test_the_repeats_an_editor_found_are_gone_from_the_pages(built):
    """Page 2 said the framework sentence three times; hosted-event cards said
    each fact in description, highlights and participants."""
    text = searchable(" ".join(page_texts(built / "briefing.ar.pdf")))
    for phrase in ("تعبيرا عن حرص الجانبين", "شارك فيه الأمين العام لحلف الناتو",
                   "احتفالية كبرى بالذكرى العاشرة", "خارج القارة الأوروبية وفي الشرق الأوسط"):
        assert text.count(phrase) == 1, phrase
