"""Facts that know their time (issue 26, item 3): a period over by the date of
issue is printed as ended, in every language, and only then."""
import datetime as dt

import pytest

from briefgen.paths import Project
from briefgen.record.model import Text
from briefgen.record.validate import check_record
from briefgen.view.lint import ended_periods, record_warnings
from briefgen.view.select import Options, document_view
from conftest import ROOT, page_texts, poppler_text, searchable


@pytest.fixture(scope="module")
def inputs():
    return check_record(Project.at(ROOT))


def partnership(inputs, lang: str, issued: dt.date) -> str:
    """The card's key fact for the 2016–2018 partnership programme, as printed."""
    audience, kind = inputs.audiences["minister"], inputs.kinds["card"]
    options = Options(audience=audience, doc="card", lang=lang, issued=issued, paper="a5", digits="western",
                      fonts=ROOT / "fonts", kind=kind)
    view = document_view(inputs.record, inputs.record.relationships["qatar-nato"], options, inputs.strings)
    label = inputs.strings[lang]["facts"]["partnership"]
    return next(str(fact["value"]) for fact in view["key_facts"] if fact["label"] == label)


@pytest.mark.parametrize("lang, running, ended", [("en", "2016–2018", "2016–2018, ended"),
                                                   ("ar", "2016–2018م", "2016–2018م، انتهى"),
                                                   ("fr", "2016–2018", "2016–2018, terminé")])
def test_a_period_is_ended_only_once_its_last_year_is_over(inputs, lang, running, ended):
    assert partnership(inputs, lang, dt.date(2017, 6, 1)) == running
    assert partnership(inputs, lang, dt.date(2018, 12, 31)) == running      # 2018 is all of 2018
    assert partnership(inputs, lang, dt.date(2019, 1, 1)) == ended
    assert partnership(inputs, lang, dt.date(2026, 11, 29)) == ended


def test_the_shipped_documents_say_the_programme_ended(matrix):
    for reader in (lambda pdf: searchable(poppler_text(pdf)), lambda pdf: searchable(" ".join(page_texts(pdf)))):
        assert "2016–2018, ended" in reader(matrix / "press" / "factsheet.en.pdf")
        assert "انتهى" in reader(matrix / "press" / "factsheet.ar.pdf")


@pytest.mark.parametrize("lang, sentence", [
    ("en", "The partnership programme for 2016–2018 is currently in force."),
    ("ar", "برنامج الشراكة للفترة 2016–2018م لا يزال ساريا."),
    ("ar", "برنامج الشراكة للفترة ٢٠١٦–٢٠١٨م مستمر."),
    ("fr", "Le programme 2016-2018 est toujours en vigueur.")])
def test_the_lint_warns_of_the_present_tense_for_an_ended_period(lang, sentence):
    text = Text(**{"ar": "نص.", "en": "A text.", lang: sentence})
    found = list(ended_periods("summary[1]", text, dt.date(2026, 11, 29)))
    assert [(code, path) for code, path, _ in found] == [("ended-period", f"summary[1].{lang}")], found
    assert "2018" in found[0][2] or "٢٠١٨" in found[0][2]


@pytest.mark.parametrize("sentence", [
    "The partnership programme ran for 2016–2018.",                  # the past tense
    "The programme for 2024–2028 is currently running.",            # not over
    "It is currently the main framework. The programme ran for 2016–2018.",   # another sentence
    "Nowhere did the 2016–2018 programme stall.",                   # "now" only as part of a word
])
def test_the_lint_is_quiet_otherwise(sentence):
    assert not list(ended_periods("summary[1]", Text(ar="نص.", en=sentence), dt.date(2026, 11, 29)))


def test_the_shipped_record_passes_the_lint(inputs):
    assert not list(ended_periods_of(inputs.record.relationships["qatar-nato"]))


def ended_periods_of(relationship):
    return [w for w in record_warnings(relationship, dt.date(2026, 11, 29)) if w[0] == "ended-period"]
