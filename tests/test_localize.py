"""Dates, digits and direction, as ARABIC.md asks for them."""
import datetime as dt

import pytest

from briefgen.document.localize import Localizer, direction_of, isolate
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
