"""What a reader's PDF viewer finds: logical-order Arabic, every dated fact, no
presentation forms (the mark of text reshaped before the renderer)."""
import re

import pytest

from conftest import page_texts, searchable

PRESENTATION_FORMS = re.compile(r"[\uFB50-\uFDFF\uFE70-\uFEFF]")

# Phrases of the seed, as it words them (spelling normalised as in the data).
SEED_PHRASES = [
    "مبادرة إسطنبول للتعاون",
    "التي انضمت إليها دولة قطر في السادس عشر من شهر فبراير 2005م",
    "إصلاح القطاع الدفاعي",
    "أمن الطاقة",
    "الزيارة التاريخية",
    "كأول زيارة من نوعها لرئيس دولة من الدول الأعضاء في مبادرة إسطنبول للتعاون",
    "مرتين في العام على الأقل",
    "مؤتمر حلف الناتو وأمن الخليج",
    "بالذكرى العاشرة لإطلاق مبادرة إسطنبول للتعاون",
    "خارج القارة الأوروبية وفي الشرق الأوسط",
    "الاجتماع الثالث للمجموعة الاستشارية لمبادرة إسطنبول للتعاون",
    "أعلى سلطة تنفيذية في الحلف",
    "بالإجماع",
    "كبعثة معتمدة لدى حلف شمال الأطلسي",
    "وتسارعا في مجالات التعاون",
]

DATED_FACTS = {
    "ar": ["16 فبراير 2005م", "17 نوفمبر 2006م", "2014م", "ديسمبر 2014م", "2015م",
           "مارس 2015م", "11 يوليو 2016م", "نوفمبر 2016م", "2016–2018"],
    "en": ["16 February 2005", "17 November 2006", "2014", "December 2014", "2015",
           "March 2015", "11 July 2016", "November 2016", "2016–2018"],
}


def test_arabic_briefing_holds_the_seed_phrases_in_logical_order(built):
    text = searchable(" ".join(page_texts(built / "briefing.ar.pdf")))
    missing = [p for p in SEED_PHRASES if searchable(p) not in text]
    assert not missing


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_dated_fact_is_in_the_briefing(built, lang):
    text = searchable(" ".join(page_texts(built / f"briefing.{lang}.pdf")))
    assert [d for d in DATED_FACTS[lang] if d not in text] == []


def test_no_presentation_forms_in_any_text_layer(matrix):
    pdfs = sorted(matrix.rglob("*.pdf"))
    assert len(pdfs) == 12
    for pdf in pdfs:
        text = "".join(page_texts(pdf))
        if pdf.name.endswith(".ar.pdf"):
            assert re.search(r"[\u0600-\u06FF]", text), f"{pdf}: no Arabic found at all"
        assert PRESENTATION_FORMS.findall(text) == [], pdf


def test_english_briefing_isolates_arabic_free_text(built):
    text = " ".join(page_texts(built / "briefing.en.pdf"))
    assert "His Highness the Father Amir" in text
    assert "North Atlantic Council (NAC)" in text
    assert not re.search(r"[\u0600-\u06FF]", text), "Arabic leaked into the English briefing"
