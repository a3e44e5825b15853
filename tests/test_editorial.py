"""Documents fit to issue: sources printed as citations, talking points that
point at their events and source, and no sentence said twice in a document."""
import datetime as dt
import html.parser
import re
import subprocess

import pytest

from briefgen.render.engine import Renderer
from briefgen.view.select import Options, document_view
from briefgen.paths import Project
from briefgen.record.repetition import repeated
from briefgen.render.checks import check
from briefgen.render.widths import frame_of
from conftest import ISSUED, ROOT, cli_in, data_with, page_texts, searchable, shared

CITATION = {
    # pdfium mirrors brackets and guillemets in right-to-left text,
    # so the Arabic citation is checked in its parts.
    "ar": ["وزارة الخارجية بدولة قطر:", "«العلاقات القطرية مع الناتو»",
           "، باللغة العربية، تاريخ الاطلاع 29 نوفمبر 2026م، يغطي المصدر الفترة 2005–2016م."],
    "en": ["[1] Ministry of Foreign Affairs of the State of Qatar: “Qatar's Relations with NATO”, in Arabic, "
           "retrieved 29 November 2026, the source covers 2005–2016."],
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
    """The text of every paragraph, list item and definition in a page of HTML,
    a figure's key apart: like the figure's labels, its lines name the events the
    figure numbers (date, kind, title: issue 24, item 4), which the chronology
    beside it lists too."""
    PROSE = {"p", "li", "dd"}

    def __init__(self):
        super().__init__()
        self.blocks: list[str] = []
        self.open: list[list[str]] = []
        self.in_key = 0

    def handle_starttag(self, tag, attrs):
        if tag == "ol" and ("class", "chart-key") in attrs or self.in_key and tag == "ol":
            self.in_key += 1
        elif tag in self.PROSE and not self.in_key:
            self.open.append([])

    def handle_endtag(self, tag):
        if tag == "ol" and self.in_key:
            self.in_key -= 1
        elif tag in self.PROSE and self.open and not self.in_key:
            self.blocks.append(" ".join("".join(self.open.pop()).split()))

    def handle_data(self, data):
        for block in self.open:
            block.append(data)


def every_document_html():
    project = Project()
    frame = frame_of(project)
    inputs = check(project)
    renderer = Renderer(project)
    for relationship in inputs.record.relationships.values():
        for audience in inputs.audiences.values():
            for doc in audience.documents:
                for lang in audience.languages:
                    options = Options(audience, doc, lang, dt.date(2026, 11, 29), "a4", "western",
                                      fonts=ROOT / "fonts", frame=frame(inputs.kinds[doc], "a4"))
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


SPARSE_RECORD = ROOT / "tests" / "records" / "sparse.yaml"
EMPTY_PARTS = {   # headings of what the sparse record has nothing for
    "ar": ["نقاط الحديث", "الملخص", "الإطار والخلفية", "مجالات التعاون", "الفعاليات المستضافة", "فعاليات مستضافة",
           "التدريب والزيارات المتبادلة", "الاتفاقات وبرامج الشراكة", "التمثيل", "ملاحظات", "حقائق أساسية"],
    "en": ["Talking points", "Summary", "Framework and background", "Areas of cooperation", "Events hosted",
           "Training and exchanges", "Agreements and partnership programmes", "Representation", "Notes", "Key facts"],
}


@pytest.fixture(scope="session")
def sparse(tmp_path_factory):
    """Every audience's documents for the least a valid record can hold; what the build printed."""
    def make(folder):
        data = data_with(folder / "data", SPARSE_RECORD)
        result = cli_in(ROOT, "build", "--issued", ISSUED, "--data", str(data), "--reports", str(folder / "reports"))
        assert result.returncode == 0, result.stderr
        (folder / "build.stderr").write_text(result.stderr, encoding="utf-8")
    folder = shared(tmp_path_factory, "editorial-sparse", make)
    return folder / "reports" / "sparse", (folder / "build.stderr").read_text(encoding="utf-8"), folder / "data"


def test_a_sparse_record_shows_no_empty_headings_and_no_zero_counts(sparse):
    folder, _, _ = sparse
    pdfs = sorted(folder.rglob("*.pdf"))
    assert len(pdfs) == 12
    for pdf in pdfs:
        lang = pdf.name.split(".")[1]
        label = "بطاقة نقاط الحديث"        # the card's name, not a heading
        text = searchable(" ".join(page_texts(pdf))).replace(label, "")
        assert "اجتماع ثنائي في الدوحة" in text or "A bilateral meeting in Doha" in text, pdf
        assert [h for h in EMPTY_PARTS[lang] if h in text] == [], pdf
        if pdf.name.startswith(("factsheet", "card")):      # no chart axis there to start at 0
            assert not re.search(r"(?<![\d.])0(?![\d.])", text), pdf
        poppler = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert [h for h in EMPTY_PARTS[lang] if h in searchable(poppler).replace(label, "")] == [], pdf


def test_a_sparse_record_is_built_and_checked_without_warnings_for_what_it_lacks(sparse):
    # Parts the record has nothing for (hosted, notes, ...) are left out silently:
    # the shipped profiles list them for records that have them (README: editorial lint).
    _, stderr, data = sparse
    assert "has nothing to show" not in stderr, stderr
    # The lint reads the last build's sizes from the reports folder: this record's own.
    checked = cli_in(ROOT, "check", "--data", str(data), "--reports", str(data.parent / "reports"), "--strict")
    assert checked.returncode == 0, checked.stderr
    assert "0 editorial warning(s)" in checked.stdout


FRAMEWORK = "ar: الإطار الذي تقع ضمنه العلاقات بين دولة قطر وحلف شمال الأطلسي."
LINTED_FRAMEWORK = """ar: 'الإطار "الذي" تقع, ضمنه؟ NATO, ICI https://a.example/?q=1 العلاقات.'"""
LINT_CASES = [   # (where in the record, what to write there, the warning expected)
    ("  - ar: >-\n      بذلت دولة قطر", "  - ar: >-\n      تقع العلاقات بين دولة قطر وحلف شمال الأطلسي ضمن إطار مبادرة إسطنبول "
     "للتعاون التي انضمت إليها دولة قطر في 16 فبراير 2005م.\n      بذلت دولة قطر",
     r"background\[0\]\.ar: repeats what summary\[0\]\.ar already says: 'تقع العلاقات"),
    ("    sources: [mofa]\n\n  - id: father-amir-visit", "    sources: []\n\n  - id: father-amir-visit",
     r"events\[0\]\.sources: 'ici-accession' cites no source"),
    (FRAMEWORK, LINTED_FRAMEWORK,
     r"frameworks\[0\]\.description\.ar: '\"' in Arabic text \(character 8\): write « »"),
    (FRAMEWORK, LINTED_FRAMEWORK,
     r"frameworks\[0\]\.description\.ar: ',' in Arabic text \(character 18\): write ،"),
    ("{ar: البرنامج التدريبي السنوي, en: The annual", "{ar: البرنامج التدريبي السنوي ٢٠١٤ و2015, en: The annual",
     r"engagement\[2\]\.ar: mixes Western \(0-9\) and Arabic-Indic"),
    ("en: Doha hosted the third meeting of the Istanbul Cooperation Initiative Consultative Group.",
     "en: Doha hosted it.", r"events\[7\]\.description\.en: is 15 characters against \d+ in the other language: is part of"),
]


def test_the_editorial_lint_warns_by_line_and_exits_0_unless_strict(data_copy, tmp_path):
    # An empty reports folder: no build's sizes to warn of, whatever the checkout's reports/ holds.
    unbuilt = ("--reports", str(tmp_path / "reports"))
    record = data_copy / "relations" / "qatar-nato.yaml"
    text = record.read_text(encoding="utf-8")
    for old, new in dict.fromkeys((old, new) for old, new, _ in LINT_CASES):
        assert old in text, old
        text = text.replace(old, new, 1)
    record.write_text(text, encoding="utf-8")
    result = cli_in(ROOT, "check", "--data", str(data_copy), *unbuilt)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning[")]
    for _, _, expected in LINT_CASES:
        found = [w for w in warnings if re.search(expected, w)]
        assert found, (expected, warnings)
        assert re.match(r"warning\[[a-z-]+\]: \S*relations/qatar-nato\.yaml:\d+:\d+: ", found[0]), found[0]
    assert not [w for w in warnings if "NATO, ICI" in w or "'?'" in w], warnings   # Latin runs and URLs are fine
    assert len(warnings) == 7, warnings        # the six above and the closing quotation mark
    assert cli_in(ROOT, "check", "--data", str(data_copy), *unbuilt, "--strict").returncode == 2


def test_the_shipped_record_passes_the_lint(tmp_path):
    result = cli_in(ROOT, "check", "--reports", str(tmp_path / "reports"), "--strict")
    assert result.returncode == 0, result.stderr
    assert "0 editorial warning(s)" in result.stdout


def test_a_sheet_set_below_9pt_is_named_by_the_build_and_by_check(data_copy, tmp_path):
    record = data_copy / "relations" / "qatar-nato.yaml"
    extra = "".join(
        f"  - ar: فقرة إضافية رقم {i} لاختبار تصغير الصحيفة، تتحدث عن مجالات التعاون المختلفة بين الجانبين وعن "
        f"الزيارات والمؤتمرات والبرامج التدريبية التي عقدت خلال السنوات الماضية.\n"
        f"    en: Additional paragraph number {i} to test the shrinking of the sheet.\n" for i in range(1, 5))
    record.write_text(record.read_text(encoding="utf-8").replace("summary:\n", "summary:\n" + extra, 1), encoding="utf-8")
    reports = tmp_path / "reports"
    built = cli_in(ROOT, "build", "--data", str(data_copy), "--reports", str(reports), "--audience", "press",
                   "--doc", "factsheet", "--lang", "ar", "--issued", ISSUED)
    assert built.returncode == 0, built.stderr
    # 8.6 pt, the largest that fits: the fit (render/engine.py) sets tenths of a point
    # within 0.3 pt of it (docs/scale.md, "A size within a tolerance"); it starts from
    # the text's amount (fit_start: 8.6 here) and was 8.4 when it started at 10 pt.
    said = "set at 8.6 pt to fit one page (below 9 pt, hard to read): shorten its content"
    assert f"warning[small-fit]: qatar-nato/press/factsheet.ar: {said}" in built.stderr, built.stderr
    checked = cli_in(ROOT, "check", "--data", str(data_copy), "--reports", str(reports))
    assert f"warning[small-fit]: {reports}/qatar-nato/press/factsheet.ar.pdf: {said}" in checked.stderr, checked.stderr
    assert checked.returncode == 0
