"""What a reader's PDF viewer finds: logical-order Arabic, every dated fact, no
presentation forms (the mark of text reshaped before the renderer)."""
import re

import pytest

from conftest import ROOT, page_texts, pdfium_chars, poppler_text, searchable

PRESENTATION_FORMS = re.compile(r"[\uFB50-\uFDFF\uFE70-\uFEFF]")

# Phrases of the seed, as it words them (spelling normalised as in the data).
SEED_PHRASES = [
    "مبادرة إسطنبول للتعاون",
    "التي انضمت إليها دولة قطر في 16 فبراير 2005م",
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


def read(pdf, reader: str) -> str:
    """The whole text layer by one reader. For poppler, white space is dropped:
    pdftotext splits some Arabic words at ر and ز and moves the comma before the
    space (docs/arabic.md), which says nothing about order."""
    if reader == "pdfium":
        return searchable(" ".join(page_texts(pdf)))
    return re.sub(r"\s+", "", searchable(poppler_text(pdf)))


def as_read(text: str, reader: str) -> str:
    return searchable(text) if reader == "pdfium" else re.sub(r"\s+", "", searchable(text))


@pytest.mark.parametrize("reader", ["pdfium", "poppler"])
def test_arabic_briefing_holds_the_seed_phrases_in_logical_order(built, reader):
    text = read(built / "briefing.ar.pdf", reader)
    missing = [p for p in SEED_PHRASES if as_read(p, reader) not in text]
    assert not missing


@pytest.mark.parametrize("reader", ["pdfium", "poppler"])
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_dated_fact_is_in_the_briefing(built, lang, reader):
    text = read(built / f"briefing.{lang}.pdf", reader)
    facts = DATED_FACTS[lang]
    if reader == "poppler" and lang == "ar":
        # A range in right-to-left text: pdftotext returns 2018–2016 (pdfium
        # gets it right; isolating it left to right turns the two round).
        facts = [d for d in facts if "–" not in d]
    assert [d for d in facts if as_read(d, reader) not in text] == []


def test_no_presentation_forms_in_any_text_layer(matrix):
    pdfs = sorted(matrix.rglob("*.pdf"))
    assert len(pdfs) == 12
    for pdf in pdfs:
        text = "".join(page_texts(pdf))
        if pdf.name.endswith(".ar.pdf"):
            assert re.search(r"[\u0600-\u06FF]", text), f"{pdf}: no Arabic found at all"
        assert PRESENTATION_FORMS.findall(text) == [], pdf


def test_english_briefing_isolates_arabic_free_text(built, mixed):
    """The shipped English briefing holds no Arabic; the test record's English
    briefing has "…the Arabic title was العلاقات القطرية مع الناتو 2016 (Arabic).":
    isolated, 2016 stands after (right of) the Arabic phrase; left to the bidi
    algorithm, it joins the Arabic run and prints before it."""
    text = searchable(" ".join(page_texts(built / "briefing.en.pdf")))
    assert "His Highness the Father Amir" in text
    assert "North Atlantic Council (NAC)" in text
    assert not re.search(r"[\u0600-\u06FF]", text), "Arabic leaked into the English briefing"
    chars = pdfium_chars(mixed / "briefing.en.pdf", 1)
    found = re.search(r"2016\)? ?\(?Arabic", "".join(c for c, _ in chars))
    assert found, "2016 (Arabic) not found by pdfium"
    year = [box for _, box in chars[found.start():found.start() + 4]]
    middle = lambda box: (box[1] + box[3]) / 2
    arabic = [box for char, box in chars
              if re.match(r"[\u0621-\u064A]", char) and abs(middle(box) - middle(year[0])) < 5]
    assert len(arabic) > 15 and min(b[0] for b in year) > max(b[2] for b in arabic)


def test_no_presentation_forms_in_poppler_text_either(matrix):
    """pdfium folds presentation forms back to letters; pdftotext shows them."""
    for pdf in sorted(matrix.rglob("*.ar.pdf")):
        assert PRESENTATION_FORMS.findall(poppler_text(pdf)) == [], pdf


def test_no_presentation_forms_in_poppler_text_of_english_documents(matrix):
    for pdf in sorted(matrix.rglob("*.en.pdf")):
        assert PRESENTATION_FORMS.findall(poppler_text(pdf)) == [], pdf


PARTS = {   # part of the Arabic briefing: (page, text it shows)
    "contents": (1, ["المحتويات", "الإطار والخلفية", "الاتفاقات وبرامج الشراكة"]),
    "heading": (2, ["الإطار والخلفية", "مجالات التعاون"]),
    "table": (4, ["التسلسل الزمني", "مؤتمر حلف الناتو وأمن الخليج", "الاجتماع الثالث للمجموعة الاستشارية"]),
    "caption": (3, ["الشكل الأول: الخط الزمني للعلاقات"]),
    "second caption": (4, ["الشكل الثاني: عدد الأحداث في كل عام حسب النوع"]),
}


@pytest.mark.parametrize("reader", ["pdfium", "poppler"])
@pytest.mark.parametrize("part", sorted(PARTS))
def test_every_part_of_the_arabic_briefing_reads_in_logical_order(built, part, reader):
    """Contents, headings, tables and captions, page by page, in both readers.
    (Running heads are artifacts in a PDF/UA file: pdfium leaves them out.)"""
    page, phrases = PARTS[part]
    pdf = built / "briefing.ar.pdf"
    if reader == "pdfium":
        text = searchable(page_texts(pdf)[page - 1])
    else:
        text = re.sub(r"\s+", "", searchable(poppler_text(pdf, "-f", str(page), "-l", str(page))))
    assert [p for p in phrases if as_read(p, reader) not in text] == []


def test_running_heads_read_in_logical_order(built):
    """Title and date of issue at the top of every page after the cover (poppler;
    pdfium leaves artifacts out)."""
    for page in (2, 3, 4):
        text = re.sub(r"\s+", "", poppler_text(built / "briefing.ar.pdf", "-f", str(page), "-l", str(page)))
        assert "العلاقاتالقطريةمعالناتو" in text and "29نوفمبر2026م" in text, page


SOURCE_TEXT = ROOT / "tests" / "records" / "qatar-nato.source.ar.txt"   # the ministry page's text
# Every fact of the source — dates, names, places, numbers — as the source words
# it, and as the record and the Arabic briefing word it.
SOURCE_FACTS = [
    # dates
    ("في السادس عشر من شهر فبراير 2005م", "16 فبراير 2005م"),
    ("بتاريخ 2006/11/17م", "17 نوفمبر 2006م"),
    ("خلال العامين 2014 و2015م", "2014م"),
    ("خلال العامين 2014 و2015م", "2015م"),
    ("في ديسمبر 2014م", "ديسمبر 2014م"),
    ("في مارس 2015م", "مارس 2015م"),
    ("في نوفمبر 2016م", "نوفمبر 2016م"),
    ("بتاريخ 2016/07/11م", "11 يوليو 2016م"),
    ("خلال الفترة 2016-2018م", "2016–2018م"),
    # names
    ("مبادرة إسطنبول للتعاون", "مبادرة إسطنبول للتعاون"),
    ("حلف شمال الأطلسي", "حلف شمال الأطلسي"),
    ("سمو الأمير الوالد", "سمو الأمير الوالد"),
    ("الأمين العام لحلف الناتو", "الأمين العام لحلف الناتو"),
    ("مجلس حلف شمال الأطلسي NAC", "مجلس حلف شمال الأطلسي"),
    ("مجلس حلف شمال الأطلسي NAC", "NAC"),     # poppler moves the comma after "(NAC)" inside it
    ("أعلى سلطة تنفيذية في الحلف", "أعلى سلطة تنفيذية في الحلف"),
    ("للمجموعة الاستشارية لمبادرة اسطنبول للتعاون", "للمجموعة الاستشارية لمبادرة إسطنبول للتعاون"),
    ("مؤتمر حلف الناتو وأمن الخليج", "مؤتمر حلف الناتو وأمن الخليج"),
    ("مؤتمر حلف الناتو الخاص بالحد من ومكافحة انتشار أسلحة الدمار الشامل",
     "مؤتمر حلف الناتو الخاص بالحد من ومكافحة انتشار أسلحة الدمار الشامل"),
    ("اتفاق الشراكة الفردية", "اتفاق الشراكة الفردية"),
    ("البرنامج التدريبي السنوي", "البرنامج التدريبي السنوي"),
    ("للدبلوماسيين والاكاديميين والاعلاميين القطريين", "للدبلوماسيين والأكاديميين والإعلاميين القطريين"),
    ("دبلوماسيين واكاديميين وصحفيين قطريين", "دبلوماسيون وأكاديميون وصحفيون قطريون"),
    # places
    ("في مقر الحلف في بروكسل", "في مقر الحلف في بروكسل"),
    ("الذي عقد في الدوحة", "في الدوحة"),
    ("خارج القارة الأوروبية وفي الشرق الأوسط", "خارج القارة الأوروبية وفي الشرق الأوسط"),
    ("سفارتها لدى مملكة بلجيكا", "سفارتها لدى مملكة بلجيكا"),
    ("الاستقرار الدائم والأمن في منطقة الخليج", "الاستقرار الدائم والأمن في منطقة الخليج"),
    # numbers and firsts
    ("ثلاثة من أهم الاجتماعات والفعاليات", "ثلاثة من أهم الاجتماعات والفعاليات"),
    ("الاجتماع الثالث", "الاجتماع الثالث"),
    ("بالذكرى العاشرة لإطلاق مبادرة اسطنبول للتعاون", "بالذكرى العاشرة لإطلاق مبادرة إسطنبول للتعاون"),
    ("مرتين في العام على الأقل", "مرتين في العام على الأقل"),
    ("تنظيم نسختين من البرنامج التدريبي", "تنظيم نسختين من البرنامج التدريبي"),
    ("كأول زيارة من نوعها لرئيس دولة", "كأول زيارة من نوعها لرئيس دولة"),
    ("المرة الاولى التي يعقد فيها هذا المؤتمر", "المرة الأولى التي يعقد فيها هذا المؤتمر"),
    ('"بالإجماع"', "«بالإجماع»"),
    ("أول ثمرات اتفاق الشراكة", "أول ثمرات اتفاق الشراكة"),
    # areas and forms of cooperation
    ("إصلاح القطاع الدفاعي", "إصلاح القطاع الدفاعي"),
    ("التعاون الأمني والعسكري", "التعاون الأمني والعسكري"),
    ("أمن الطاقة", "أمن الطاقة"),
    ("تبادل الزيارات والمشاورات السياسية", "تبادل الزيارات والمشاورات السياسية"),
    ("الدورات الدراسية والتدريبية", "الدورات الدراسية والتدريبية"),
    ("محاضرات علمية وعملية", "محاضرات علمية وعملية"),
    ("العلاقات الثنائية والمتعددة الأطراف", "العلاقات الثنائية والمتعددة الأطراف"),
    ("بشقيها الثنائي أو الجماعي", "بشقيها الثنائي أو الجماعي"),
]
RANGE = re.compile(r"(\d+)–(\d+)")
# Dates the record keeps as data, not words.
AS_DATA = {"16 فبراير 2005م": "date: 2005-02-16", "17 نوفمبر 2006م": "date: 2006-11-17", "2014م": "date: 2014",
           "2015م": "date: 2015", "ديسمبر 2014م": "date: 2014-12", "مارس 2015م": "date: 2015-03",
           "نوفمبر 2016م": "date: 2016-11", "11 يوليو 2016م": "date: 2016-07-11",
           "2016–2018م": "period: {start: 2016, end: 2018}"}


def tight(text: str) -> str:
    """searchable, then without spaces, brackets and citation marks: poppler moves
    the space beside a run of digits in right-to-left text (' 17نوفمبر'), pdfium
    mirrors one bracket of a pair (')NAC)') and reads a superscript [1] where
    the line it sits on falls; none of that changes the wording."""
    return re.sub(r"[\[\]]\d+[\[\]]|[\s()«»]", "", searchable(text))


def in_text(phrase: str, text: str) -> bool:
    """Found as written, or a range of years as poppler reorders it (2016–2018م
    comes back as 2018–2016)."""
    reordered = RANGE.sub(r"\2–\1", phrase)
    return any(tight(p) in text for p in (phrase, reordered))


def test_every_fact_of_the_source_reaches_the_record_and_the_arabic_briefing(built):
    source = tight(SOURCE_TEXT.read_text(encoding="utf-8"))
    record = tight((ROOT / "data" / "relations" / "qatar-nato.yaml").read_text(encoding="utf-8"))
    pdf = built / "briefing.ar.pdf"
    readers = {"pdfium": tight(" ".join(page_texts(pdf))), "pdftotext": tight(poppler_text(pdf))}
    assert [seed for seed, _ in SOURCE_FACTS if tight(seed) not in source] == []
    assert [fact for _, fact in SOURCE_FACTS if tight(AS_DATA.get(fact, fact)) not in record] == []
    for reader, text in readers.items():
        assert [fact for _, fact in SOURCE_FACTS if not in_text(fact, text)] == [], reader
    # Words stay whole for poppler's readers too (Evince, pdftotext): Amiri's kerning
    # once split "الاستشارية" into "الاستشار ية" for them.
    words = searchable(poppler_text(pdf))
    assert [fact for _, fact in SOURCE_FACTS if not re.search(r"[\d()«»]", fact) and fact not in words] == []
