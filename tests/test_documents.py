"""Page structure: one-page fact sheets, contents that point to the right pages,
running heads, metadata, bundled fonts only, paper sizes and digit styles."""
import re
import shutil

import pypdf
import pytest
from fontTools.ttLib import TTFont

from conftest import ISSUED, ROOT, cli_in, page_texts

SECTIONS_AR = ["نقاط الحديث", "الملخص", "الإطار والخلفية", "العلاقات في لمحة", "التسلسل الزمني", "الفعاليات المستضافة",
               "التدريب والزيارات المتبادلة", "الاتفاقات وبرامج الشراكة", "التمثيل", "ملاحظات", "المصادر"]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_fact_sheet_is_exactly_one_page(built, lang):
    assert len(pypdf.PdfReader(built / f"factsheet.{lang}.pdf").pages) == 1


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_contents_page_numbers_match_where_headings_land(built, lang):
    reader = pypdf.PdfReader(built / f"briefing.{lang}.pdf")
    landed = {item.title: reader.get_destination_page_number(item) + 1
              for item in flatten(reader.outline)}
    printed = contents_entries(page_texts(built / f"briefing.{lang}.pdf")[0])
    assert len(printed) == 11
    for title, page in printed.items():
        assert landed[title] == page, title
    assert max(printed.values()) > 2, "every section on one page: the check would prove nothing"


def flatten(outline):
    for item in outline:
        if isinstance(item, list):
            yield from flatten(item)
        else:
            yield item


def contents_entries(cover_text: str) -> dict[str, int]:
    """'1. Summary 2' lines (extracted as '.1 الملخص 2' in Arabic) -> {title: page}."""
    entries = {}
    for line in cover_text.splitlines():
        match = re.match(r"^\.?(\d+)\.?\s+(.+?)\s+(\d+)$", line.strip())
        if match:
            entries[match.group(2)] = int(match.group(3))
    return entries


def test_arabic_contents_lists_the_sections_in_order(built):
    assert list(contents_entries(page_texts(built / "briefing.ar.pdf")[0])) == SECTIONS_AR


@pytest.mark.parametrize("lang,page_word", [("ar", "صفحة"), ("en", "Page")])
def test_running_footer_page_x_of_y_after_the_cover(built, lang, page_word):
    pages = page_texts(built / f"briefing.{lang}.pdf")
    total = len(pages)
    assert total >= 4
    assert page_word not in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert re.search(rf"{page_word} {number} \S+ {total}", text), number


def test_metadata_title_language_subject_keywords(built):
    reader = pypdf.PdfReader(built / "briefing.ar.pdf")
    assert reader.metadata.title.startswith("العلاقات القطرية مع الناتو")
    assert "إحاطة" in reader.metadata.subject
    assert "مبادرة إسطنبول للتعاون" in reader.metadata["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    assert pypdf.PdfReader(built / "factsheet.en.pdf").trailer["/Root"]["/Lang"] == "en"


def test_briefing_has_bookmarks_for_every_section(built):
    titles = [i.title for i in flatten(pypdf.PdfReader(built / "briefing.ar.pdf").outline)]
    assert set(SECTIONS_AR) <= set(titles)


def bundled_font_names() -> set[str]:
    names = set()
    for path in (ROOT / "fonts").glob("*.ttf"):
        font = TTFont(path)
        family, style = font["name"].getDebugName(1), font["name"].getDebugName(2)
        full = family if style == "Regular" else f"{family} {style}"
        names.add(full.replace(" ", "-"))
    return names


def test_only_bundled_fonts_are_embedded(matrix):
    bundled = bundled_font_names()
    for pdf in matrix.rglob("*.pdf"):
        embedded = set()
        for page in pypdf.PdfReader(pdf).pages:
            for font in page["/Resources"]["/Font"].values():
                embedded.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
        assert embedded, f"{pdf}: no fonts found"
        assert embedded <= bundled, pdf


def test_letter_paper_and_arabic_indic_digits(tmp_path):
    # The minister's briefing: two pages, the cheapest paged Arabic document.
    result = cli_in(ROOT, "build", "--relation", "qatar-nato", "--audience", "minister", "--doc", "briefing",
                    "--lang", "ar", "--paper", "letter", "--digits", "arabic-indic", "--issued", ISSUED,
                    "--reports", str(tmp_path))
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "qatar-nato" / "minister" / "briefing.ar.letter.arabic-indic.pdf"   # a one-off, kept apart
    box = pypdf.PdfReader(pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    pages = page_texts(pdf)
    assert "١٦ فبراير ٢٠٠٥م" in " ".join(pages)
    assert re.search(r"صفحة ٢ من [٠-٩]+", pages[1])
    assert not re.search(r"[0-9]", pages[1].replace("\r", "")), "Western digits left in an Arabic-Indic page"


def test_arabic_indic_digits_never_reach_an_english_document(tmp_path):
    """A profile asking for Arabic-Indic digits, and --digits arabic-indic too:
    the English document keeps 0-9 everywhere, page numbers and list numbers
    included (they come from the page sheet, not from the fields)."""
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    profile = tmp_path / "templates" / "audiences" / "minister" / "audience.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("languages: [ar]", "languages: [ar, en]\ndigits: arabic-indic", 1),
                       encoding="utf-8")
    result = cli_in(tmp_path, "build", "--audience", "minister", "--doc", "briefing",
                    "--lang", "en", "--digits", "arabic-indic", "--issued", ISSUED)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "reports" / "qatar-nato" / "minister" / "briefing.en.pdf"   # the profile's style: no variant
    pages = page_texts(pdf)
    assert len(pages) > 1 and "Page 2 of" in pages[1]
    assert not re.search("[\u0660-\u0669\u06f0-\u06f9\u066a-\u066c]", "".join(pages))


def test_only_the_requested_document_is_built(press_factsheet_html):
    # --relation qatar-nato --audience press --doc factsheet --lang ar (and --html), into a fresh reports/.
    reports, stdout = press_factsheet_html
    written = sorted(p.relative_to(reports).as_posix() for p in reports.rglob("*.pdf"))
    assert written == ["qatar-nato/press/factsheet.ar.pdf"]
    assert "1 written, 1 page," in stdout
