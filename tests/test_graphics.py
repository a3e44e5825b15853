"""Timeline and chart: Arabic labels that read right in SVG, text alternatives,
and the figures where they belong in both languages."""
import base64
import re
import unicodedata

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageFilter, ImageOps

from briefgen.document.fonts import isolate_fontconfig
from briefgen.document.svglabels import svg_label
from conftest import ROOT, page_texts

PRESENTATION = re.compile(r"[\uFB50-\uFDFF\uFE70-\uFEFF]")


@pytest.mark.parametrize("logical,drawn", [
    # brackets around Latin inside Arabic: mirrored back to read "(NAC)"
    ("مجلس حلف شمال الأطلسي (NAC)", "(NAC) ﻲﺴﻠﻃﻷﺍ ﻝﺎﻤﺷ ﻒﻠﺣ ﺲﻠﺠﻣ"),
    # square brackets and guillemets around Arabic, digits and a range inside
    ("الفترة [2016–2018م] «بالإجماع»", "«ﻉﺎﻤﺟﻹﺎﺑ» [ﻡ2018–2016] ﺓﺮﺘﻔﻟﺍ"),
    # lam-alef ligatures (plain, hamza below, hamza above) and tatweel kept
    ("لا لإ لأ تـــطويل", "ﻞﻳﻮﻄـــﺗ ﻷ ﻹ ﻻ"),
    # Persian letters take their own contextual forms
    ("گچپ ژ", "ﮊ ﭗﭽﮔ"),
    # a Latin word first in an Arabic label, digits at the end
    ("NATO (الناتو) 2014", "2014 (ﻮﺗﺎﻨﻟﺍ) NATO"),
    # nested-looking pairs next to each other
    ("(أ) و(ب)", "(ﺏ)ﻭ (ﺃ)"),
    # no Arabic: untouched
    ("NATO (ICI) 2016–2018", "NATO (ICI) 2016–2018"),
])
def test_label_transform_on_hard_strings(logical, drawn):
    assert svg_label(logical) == drawn


def test_diacritics_are_dropped_from_svg_labels_and_nothing_else():
    drawn = svg_label("مُحَمَّد")
    assert drawn == "ﺪﻤﺤﻣ"
    assert not any(unicodedata.category(c) == "Mn" for c in drawn)


def test_arabic_labels_in_english_figures_use_a_left_to_right_base():
    assert svg_label("Source: العلاقات (عربي).", "L") == "Source: (ﻲﺑﺮﻋ) ﺕﺎﻗﻼﻌﻟﺍ."


def ink(image: Image.Image) -> Image.Image:
    """The image cropped to its dark pixels."""
    grey = image.convert("L")
    box = ImageOps.invert(grey).point(lambda v: 255 if v > 60 else 0).getbbox()
    return grey.crop(box)


def render_pair(tmp_path, label: str, drawn: str) -> tuple[Image.Image, Image.Image]:
    """The label as HTML text (shaped by WeasyPrint) and as SVG text (drawn as given)."""
    isolate_fontconfig(ROOT / "fonts")
    from weasyprint import CSS, HTML
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="700" height="60">'
           f'<text x="690" y="42" text-anchor="end" font-family="Amiri" font-size="32">{drawn}</text></svg>')
    html = (f'<html lang="ar" dir="rtl"><body><p style="font: 24pt Amiri; margin: 0">{label}</p>'
            f'<div style="break-before: page"><img src="data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}"></div>'
            '</body></html>')
    css = CSS(string=f'@font-face {{ font-family: Amiri; src: url({(ROOT / "fonts" / "Amiri-Regular.ttf").as_uri()}); }}'
                     '@page { size: 200mm 60mm; margin: 5mm } body { margin: 0 }')
    pdf = tmp_path / "pair.pdf"
    HTML(string=html).write_pdf(pdf, stylesheets=[css])
    document = pdfium.PdfDocument(str(pdf))
    return tuple(ink(document[i].render(scale=2).to_pil()) for i in (0, 1))


def likeness(a: Image.Image, b: Image.Image) -> float:
    """Correlation of the two inked images, softened and brought to a common
    size (1: the same drawing); the softening forgives a pixel of placement."""
    size = (160, 20)
    soft = lambda image: image.filter(ImageFilter.GaussianBlur(3)).resize(size)
    xs = [255 - v for v in soft(a).tobytes()]
    ys = [255 - v for v in soft(b).tobytes()]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    norm = (sum((x - mx) ** 2 for x in xs) * sum((y - my) ** 2 for y in ys)) ** 0.5
    return cov / norm


@pytest.mark.parametrize("label", ["مجلس حلف شمال الأطلسي (NAC)", "الاجتماع الثالث للمجموعة الاستشارية [2016م]"])
def test_a_label_drawn_in_svg_matches_the_same_string_as_html_text(tmp_path, label):
    html, svg = render_pair(tmp_path, label, svg_label(label))
    assert abs(html.width - svg.width) / html.width < 0.08, (html.size, svg.size)
    shaped = likeness(html, svg)
    # Control: the raw string in SVG (unjoined letters, reversed order) does not match.
    raw = likeness(*render_pair(tmp_path, label, label))
    # Not pixel-identical: in HTML HarfBuzz also applies Amiri's optional
    # ligatures (مجـ stacked), so the HTML line can be a few percent narrower.
    assert shaped > 0.55 and raw < shaped / 2.5, (shaped, raw)


def figure_images(pdf) -> int:
    """Image or form XObjects drawn on the pages (the figures)."""
    document = pdfium.PdfDocument(str(pdf))
    count = 0
    for page in document:
        count += sum(1 for obj in page.get_objects(max_depth=1)
                     if obj.type in (pdfium.raw.FPDF_PAGEOBJ_FORM, pdfium.raw.FPDF_PAGEOBJ_IMAGE))
    return count


@pytest.mark.parametrize("lang,caption,activity", [
    ("ar", "الشكل: الخط الزمني للعلاقات", "الشكل: عدد الأحداث في كل عام حسب النوع"),
    ("en", "Figure: timeline of the relationship", "Figure: events per year by kind"),
])
def test_figures_are_in_the_briefing_chronology_and_on_the_fact_sheet(built, lang, caption, activity):
    pages = page_texts(built / f"briefing.{lang}.pdf")
    flat = [" ".join(p.split()) for p in pages]
    chronology = next(i for i, p in enumerate(flat) if caption in p)
    assert any(activity in p for p in flat[chronology:chronology + 2])
    assert figure_images(built / f"briefing.{lang}.pdf") >= 2
    assert figure_images(built / f"factsheet.{lang}.pdf") >= 1


def timeline_svg(view) -> str:
    return base64.b64decode(view["figures"]["timeline"]["src"].split(",", 1)[1]).decode()


def year_x(svg: str, year: str) -> float:
    match = re.search(rf'<text x="([\d.]+)"[^>]*>{year}</text>', svg)
    return float(match.group(1))


def test_the_arabic_timeline_runs_right_to_left_and_the_english_left_to_right():
    import datetime as dt
    from briefgen.paths import Project
    from briefgen.document.select import Options, document_view
    from briefgen.record.validate import check
    inputs = check(Project())
    press = inputs.audiences["press"]
    views = {lang: document_view(inputs.record, inputs.record.relationships["qatar-nato"],
                                 Options(press, "briefing", lang, dt.date(2026, 11, 29), "a4", "western"),
                                 inputs.strings) for lang in ("ar", "en")}
    ar, en = timeline_svg(views["ar"]), timeline_svg(views["en"])
    assert year_x(ar, "ﻡ2005") > year_x(ar, "ﻡ2015")       # "2005م" drawn as shaped label
    assert year_x(en, "2005") < year_x(en, "2015")
    assert PRESENTATION.search(ar) and not PRESENTATION.search(en)
    # The text alternative is plain logical-order text in the document's language.
    alt = views["ar"]["figures"]["timeline"]["alt"]
    assert alt.startswith("خط زمني يضم 9 أحداث من 16 فبراير 2005م إلى")
    assert "17 نوفمبر 2006م زيارة: الزيارة التاريخية لسمو الأمير الوالد لمقر الحلف" in alt
    assert not PRESENTATION.search(alt)
    assert views["en"]["figures"]["activity"]["alt"].startswith("Bar chart of events per year by kind: 2005: Accession 1")
