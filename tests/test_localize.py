"""Dates, digits and direction, as docs/arabic.md describes them."""
import datetime as dt

import pytest

from briefgen.view.localize import Localizer, direction_of, isolate
from briefgen.record import markup
from briefgen.record.model import DateRange, PartialDate
from briefgen.record.yamlnodes import parse_partial_date


@pytest.mark.parametrize("value,ar,en", [
    (PartialDate(2006, 11, 17), "17 نوفمبر 2006م", "17 November 2006"),
    (PartialDate(2014, 12), "ديسمبر 2014م", "December 2014"),
    (PartialDate(2014), "2014م", "2014"),
])
def test_dates_print_at_their_precision(value, ar, en):
    assert Localizer("ar").date(value) == ar
    assert Localizer("en").date(value) == en


def test_ranges_carry_one_suffix_and_stay_in_logical_order():
    span = DateRange(PartialDate(2016), PartialDate(2018))
    assert Localizer("ar").period(span) == "2016–2018م"
    assert Localizer("en").period(span) == "2016–2018"


def test_arabic_indic_digits_only_in_arabic():
    assert Localizer("ar", "arabic-indic").date(PartialDate(2005, 2, 16)) == "١٦ فبراير ٢٠٠٥م"
    assert Localizer("en", "arabic-indic").date(PartialDate(2005, 2, 16)) == "16 February 2005"


def test_hijri_date_of_issue_is_umm_al_qura():
    assert Localizer("ar").hijri(dt.date(2026, 11, 29)) == "19 جمادى الآخرة 1448هـ"
    assert Localizer("en").hijri(dt.date(2026, 11, 29)) == "19 Jumada al-Akhirah 1448 AH"


def test_latin_runs_in_arabic_text_are_isolated_and_escaped():
    html = str(Localizer("ar").text('مجلس حلف شمال الأطلسي (NAC)، <script>'))
    assert '(<bdi dir="ltr" lang="en">NAC</bdi>)،' in html
    assert "<script>" not in html and "&lt;" in html


def test_arabic_runs_in_english_text_are_isolated():
    html = str(Localizer("en").text("Source: العلاقات القطرية مع الناتو (Arabic)."))
    assert '<bdi dir="rtl" lang="ar">العلاقات القطرية مع الناتو</bdi> (Arabic).' in html


def test_direction_and_field_isolation():
    assert direction_of("NATO الناتو") == "ltr" and direction_of("الناتو NATO") == "rtl"
    assert str(isolate("NATO", "ar")) == '<bdi dir="ltr" lang="en">NATO</bdi>'
    assert str(isolate("الناتو", "ar")) == "الناتو"


@pytest.mark.parametrize("text,error", [
    ("2015-02-30", "day 30 does not exist"),
    ("2016-13", "month 13 does not exist"),
    ("2016/07/11", "expected a date as YYYY, YYYY-MM or YYYY-MM-DD"),
    ("2024-02-29", None),
])
def test_partial_dates_are_checked_against_the_calendar(text, error):
    parsed, problem = parse_partial_date(text)
    if error:
        assert parsed is None and error in problem
    else:
        assert parsed == PartialDate(2024, 2, 29) and problem is None


# -- whole phrases, quotes, units kept together (briefgen/view/inline.py) --

LTR, RTL = '<bdi dir="ltr" lang="en">', '<bdi dir="rtl" lang="ar">'


@pytest.mark.parametrize("text,run", [
    ('"NATO–ICI" partnership «شراكة»', "“NATO–ICI” partnership"),
    ("انظر https://www.nato.int/cps/en/natohq/topics_52956.htm للمزيد",
     '<span class="address">https://www.nato.int/cps/en/natohq/topics_52956.htm</span>'),
    ("راسلوا press@mofa.gov.qa أو", '<span class="address">press@mofa.gov.qa</span>'),
    ("القرار A/RES/60/1 الصادر", "A/RES/60/1"),
    ("رؤية NATO 2030 للحلف", "NATO 2030"),
    ("برنامج Partnership for Peace (PfP) منذ", "Partnership for Peace (PfP)"),
])
def test_a_latin_phrase_in_arabic_is_one_isolated_unit(text, run):
    html = str(isolate(text, "ar"))
    assert f"{LTR}{run}</bdi>" in html
    assert html.count("<bdi") == 1


def test_an_arabic_phrase_in_english_is_one_isolated_unit():
    html = str(isolate("the «شراكة وتعاون» (2016) and إدارة الأمن – الدفاع here", "en"))
    assert f"the “{RTL}شراكة وتعاون</bdi>” (2016)" in html
    assert f"{RTL}إدارة الأمن – الدفاع</bdi> here" in html


def test_quotes_follow_the_language_around_them():
    assert str(isolate('أجاز "بالإجماع" اتفاق', "ar")) == "أجاز «بالإجماع» اتفاق"
    assert str(isolate('approved it "unanimously"', "en")) == "approved it “unanimously”"
    # a pair round a whole foreign run is the sentence's; a pair inside it is the run's
    assert str(isolate('برنامج "Partnership for Peace" منذ', "ar")) == f"برنامج «{LTR}Partnership for Peace</bdi>» منذ"
    assert str(isolate('the "شراكة" programme', "en")) == f"the “{RTL}شراكة</bdi>” programme"


@pytest.mark.parametrize("lang,text,kept", [
    ("ar", "انضمت في 16 فبراير 2005م إلى", "16 فبراير 2005م"),
    ("ar", "بين 2014 و2016م، وفي", "2014 و2016م"),
    ("ar", "للفترة 2016–2018م.", "2016–2018م"),
    ("ar", "بنسبة 45 ٪ من", "45 ٪"),
    ("ar", "بتكلفة 12.5 مليون دولار", "12.5 مليون"),
    ("ar", "زيارة لسمو الأمير الوالد لمقر", "لسمو الأمير الوالد"),
    ("en", "joined on 16 February 2005 and", "16 February 2005"),
    ("en", "between 2014 and 2016, Doha", "2014 and 2016"),
    ("en", "a rise of 45 % in", "45 %"),
    ("en", "visit of His Highness the Father Amir to", "the Father Amir"),
    ("en", "met Sheikh Tamim bin Hamad", "Sheikh Tamim"),
    ("ar", "استقبل الشيخ تميم بن حمد", "الشيخ تميم"),
])
def test_units_that_must_not_break_are_kept_on_one_line(lang, text, kept):
    assert f'<span class="keep">{kept}</span>' in str(isolate(text, lang))


def test_arabic_indic_digits_take_their_signs_but_isolated_runs_keep_theirs():
    html = str(isolate("نمو 12.5% و1,200 متدرب عبر www.nato.int/2016", "ar", "arabic-indic"))
    assert "١٢٫٥٪" in html and "١٬٢٠٠" in html
    assert f'{LTR}<span class="address">www.nato.int/2016</span></bdi>' in html


def test_addresses_are_never_hyphenated_or_converted():
    html = str(isolate('see https://www.nato.int/2016 or press@mofa.gov.qa, "quoted"', "en"))
    assert '<span class="address">https://www.nato.int/2016</span>' in html
    assert '<span class="address">press@mofa.gov.qa</span>, “quoted”' in html


def test_explicit_markup_says_what_cannot_be_inferred():
    html = str(isolate("<<en|2022 FIFA World Cup>> في <<keep|المادة 5>> و<<ar|مركز 2022>>", "ar"))
    assert html.startswith(f"{LTR}2022 FIFA World Cup</bdi>")
    assert '<span class="keep">المادة 5</span>' in html
    assert f"{RTL}مركز 2022</bdi>" in html
    assert "&lt;&lt;" not in html


@pytest.mark.parametrize("text,problem", [
    ("<<fr|bonjour>>", "unknown markup '<<fr|'"),
    ("<<en|open", "unbalanced markup"),
    ("<<en|a <<keep|b>> c>>", "unbalanced markup"),
    ("<<keep| >>", "empty markup"),
    ("<<en|>>", "empty markup '<<en|>>'"),          # was reported as unbalanced
    ("<<EN|NATO>>", "unknown markup '<<EN|'"),      # was reported as unbalanced
])
def test_malformed_markup_is_named(text, problem):
    assert any(problem in p for p in markup.problems(text))
    assert isolate(text, "ar")           # and still prints, as plain text
