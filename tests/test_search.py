"""Search finds every word by its logical form, in both readers (issue 24, item 1).

Amiri draws the join of a medial lam before kaf (مملكة) with its tatweel glyph,
in the lam's cluster; a PDF maps each glyph to one text (WeasyPrint: its first
use). After a real tatweel ("1448هـ" on the cover) the join read "مملـكة"; with
the join first, the tatweel read "ل" and the lam "" ("ممللكة" on the fact
sheets). kashida.py's drawing hook now gives every one-character cluster whose
glyphs would not spell it an /ActualText of that character (docs/arabic.md)."""
from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import pytest

from briefgen.render import kashida
from briefgen.render.fonts import isolate_fontconfig
from conftest import BIDI_MARKS, ROOT, build_here, page_texts, poppler_text

ARABIC = [f"{audience}/{doc}.ar" for audience, docs in
          (("delegation", ("briefing", "factsheet")), ("press", ("briefing", "factsheet")),
           ("training", ("briefing",)), ("minister", ("briefing", "card"))) for doc in docs]


def as_searched(text: str) -> str:
    """What a viewer's search runs over: bidi controls and pdfium's soft-hyphen
    marks dropped, whitespace collapsed; tatweel and vowels KEPT (unlike
    conftest's `searchable`), so a stray tatweel counts as a miss."""
    return " ".join(BIDI_MARKS.sub("", text.replace("\ufffe", "")).split())


def readers(pdf: Path) -> dict[str, str]:
    return {"pdfium": as_searched(" ".join(page_texts(pdf))), "poppler": as_searched(poppler_text(pdf))}


@pytest.mark.parametrize("doc", ARABIC)
def test_every_arabic_document_reads_mamlaka_without_a_tatweel(matrix, doc):
    pdf = matrix / f"{doc}.pdf"
    for reader, text in readers(pdf).items():
        assert "مملـكة" not in text and "ممللكة" not in text, reader
        if not doc.endswith("card.ar"):               # the card does not name Belgium
            assert "مملكة بلجيكا" in text, reader
        if doc.endswith("briefing.ar"):                 # the cover's real tatweel stays where it was written
            assert "1448هـ" in text, reader


STYLE = """
@font-face {{ font-family: Amiri; src: url({amiri}); }}
@page {{ size: 150mm 400mm; margin: 10mm; }}
body {{ font: 12pt/1.7 Amiri; margin: 0; }}
p {{ text-align: justify; margin: 0 0 6pt; width: 60mm; }}
.kashida {{ --briefgen-justify: kashida; }}
"""

TATWEEL_FIRST = ["صدر في 19 جمادى الآخرة 1448هـ", "العنوان: مملـكة التعاون",
                 "زيارة إلى مملكة بلجيكا ولقاء في المملكة المتحدة مع ملك البلاد"]
JOIN_FIRST = TATWEEL_FIRST[2:] + TATWEEL_FIRST[:2]
# a justified paragraph long enough for kashida to elongate, holding both uses
LONG = ("تقع العلاقات بين دولة قطر ومملكة بلجيكا ضمن إطار مبادرة إسطنبول للتعاون التي انضمت "
        "إليها دولة قطر في السادس عشر من شهر فبراير 2005م، وذلك تعبيرا عن حرص الجانبين على تطوير "
        "العلاقات مع المملكة المتحدة ومملكة هولندا في 1448هـ وما بعده، وتعزيز التعاون الفعلي بينهما.")


def render(tmp_path: Path, paragraphs: list[str], name: str, cls: str = "") -> Path:
    isolate_fontconfig(ROOT / "fonts")
    from weasyprint import CSS, HTML
    (kashida.install if cls else kashida.install_text_layer)()
    css = CSS(string=STYLE.format(amiri=(ROOT / "fonts" / "Amiri-Regular.ttf").as_uri()))
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    pdf = tmp_path / f"{name}.pdf"
    HTML(string=f'<html lang="ar" dir="rtl" class="{cls}"><body>{body}</body></html>').write_pdf(
        pdf, stylesheets=[css])
    return pdf


@pytest.mark.parametrize("order", ["tatweel first", "join first", "kashida"])
def test_a_real_tatweel_and_the_lam_kaf_join_both_read_as_written(tmp_path, order):
    paragraphs = {"tatweel first": TATWEEL_FIRST, "join first": JOIN_FIRST, "kashida": [LONG] * 3}[order]
    pdf = render(tmp_path, paragraphs, order.replace(" ", "-"), "kashida" if order == "kashida" else "")
    for reader, text in readers(pdf).items():
        assert "مملـكة بلجيكا" not in text and "ممللكة" not in text, (reader, text)
        assert "مملكة بلجيكا" in text, (reader, text)
        # the written tatweel is kept, after its heh: pdfium read "1448ـه" mid-line
        # until a word with a written tatweel got a reading span (readers.word_spans)
        assert "1448هـ" in text and "1448ـه" not in text, (reader, text)
        if order == "kashida":
            assert text.count("مملكة بلجيكا") == 3 and text.count("ومملكة هولندا") == 3, (reader, text)
            assert text.count("المملكة المتحدة") == 3 and "ـ" not in text.replace("1448هـ", ""), (reader, text)
        else:
            assert "مملـكة التعاون" in text, (reader, text)    # where the record holds one
            assert "المملكة المتحدة" in text and "ملك البلاد" in text, (reader, text)


WORD = re.compile(r"[\u0621-\u065F\u0670-\u06D3\u0640]+")


def test_every_word_of_the_delegation_briefing_is_found(tmp_path):
    """Each Arabic word of the view (the HTML given to WeasyPrint, markup
    stripped) is read back as often as it is written, by both readers. poppler
    set the tanwin of بعثةً and سواءٍ apart until a letter and its marks became
    one span for it (render/readers.py, mark_spans)."""
    build_here(tmp_path, "--audience", "delegation", "--lang", "ar", "--doc", "briefing", "--html")
    folder = tmp_path / "qatar-nato" / "delegation"
    source = (folder / "briefing.ar.html").read_text(encoding="utf-8")
    source = re.sub(r"(?s)<(style|script|svg|head)\b.*?</\1>", " ", source)
    view = Counter(WORD.findall(html.unescape(re.sub(r"<[^>]+>", " ", source))))
    assert sum(view.values()) > 1000 and view["مملكة"] >= 4
    for reader, text in readers(folder / "briefing.ar.pdf").items():
        read = Counter(WORD.findall(text))
        short = {w: (n, read[w]) for w, n in view.items() if read[w] < n}
        assert short == {}, reader
