"""Justified Arabic (issue 24, item 6): no double gap after a kept unit, no
line short of its start margin, no one-word last line, and kashida as few long
elongations. Measured as WeasyPrint laid the documents out
(bench/justify_gaps.py, in this process) and, for the gaps, on the PDF's
glyphs (pdfium's character boxes)."""
from __future__ import annotations

import statistics

import pypdfium2 as pdfium
import pytest

from briefgen.render import first_line, trailing_space
from briefgen.render.fonts import isolate_fontconfig
from briefgen.view.inline import keep_spans
from conftest import ROOT, bench_json, pdfium_chars

ARABIC = ("qatar-nato/delegation/briefing.ar", "qatar-nato/delegation/factsheet.ar")
MIXED = ("mixed-script/delegation/briefing.ar", "mixed-script/delegation/factsheet.ar")
MINISTER = ("qatar-nato/minister/card.ar", "qatar-nato/minister/briefing.ar")


@pytest.fixture(scope="session")
def arabic_column(tmp_path_factory) -> dict:
    """The delegation's Arabic documents: shipped record and the mixed-script one."""
    shipped = bench_json(tmp_path_factory, "column-ar", "--lang", "ar")
    mixed = bench_json(tmp_path_factory, "column-mixed", "--lang", "ar", "--relation", "mixed-script",
                       "--data", str(ROOT / "tests" / "fixtures" / "mixed-script"))
    return {**shipped, **mixed}


@pytest.fixture(scope="session")
def minister_column(tmp_path_factory) -> dict:
    """The minister's Arabic card (A5: a narrower column) and briefing."""
    return bench_json(tmp_path_factory, "column-minister", "--lang", "ar", "--audience", "minister",
                      "--doc", "card", "--doc", "briefing")


@pytest.fixture(scope="session")
def kashida_column(tmp_path_factory) -> dict:
    return bench_json(tmp_path_factory, "column-kashida", "--lang", "ar", "--justify", "kashida")


@pytest.mark.parametrize("doc", ARABIC + MIXED)
def test_lines_run_margin_to_margin_with_no_box_moved_off(arabic_column, doc):
    """WeasyPrint 70 moved the last box of a right-to-left line that ends at an
    inline box a space left: a double gap after «لسمو الأمير الوالد» and the
    line 3.5 pt past the left margin (render/trailing_space.py)."""
    column = arabic_column[doc]
    assert column["gaps"], "no justified line measured"
    assert column["double_gaps"] == []
    assert column["short_starts"] == []


@pytest.mark.parametrize("doc", ARABIC + MIXED)
def test_no_paragraph_ends_on_one_word(arabic_column, doc):
    assert arabic_column[doc]["one_word_last_lines"] == []


@pytest.mark.parametrize("doc", ARABIC + MIXED + MINISTER)
def test_no_line_holds_one_word_the_next_line_could_have_joined(arabic_column, minister_column, doc):
    """WeasyPrint 70 cut a text that fit but for its trailing space after its
    first word: the card's talking point 5 was «الإشارة» alone on its first
    line, the rest on the next (render/first_line.py)."""
    assert {**arabic_column, **minister_column}[doc]["early_breaks"] == []


@pytest.mark.parametrize("doc", ARABIC)
def test_kashida_is_few_long_elongations(kashida_column, doc):
    """At most two a line (four before), each longer than one tatweel on
    average, and the widest word gap still under 1.5 spaces."""
    column = kashida_column[doc]
    counts = [count for count, _, _ in column["elongations"]]
    assert counts and max(counts) <= 2
    tatweels = sum(t for _, t, _ in column["elongations"])
    assert tatweels / sum(counts) >= 2
    assert max(g["ratio"] for g in column["gaps"]) <= 1.5


# -- on the PDF: the space after a kept unit, as drawn ---------------------------

def space_gaps(chars) -> dict[int, float]:
    """Ink gap (pt) at each space between two letters of one line, by the
    space's index: right-to-left, the letter before it is drawn on its right."""
    gaps = {}
    for i in range(1, len(chars) - 1):
        (before, left), (char, _), (after, right) = chars[i - 1], chars[i], chars[i + 1]
        if char == " " and before.isalpha() and after.isalpha() and abs(left[1] - right[1]) < 3:
            gaps[i] = left[0] - right[2]
    return gaps


@pytest.mark.parametrize("doc", ["delegation/briefing.ar", "press/briefing.ar"])
def test_no_double_gap_after_a_kept_unit(matrix, doc):
    """The space after each unit kept on one line (a title with its name, a date,
    a range) is drawn as wide as the line's others, give or take the letters'
    shapes (±2 pt): it was 12.5 pt against a median of 7.4 after «الوالد»."""
    checked = []
    pdf = matrix / f"{doc}.pdf"
    for page in range(len(pdfium.PdfDocument(str(pdf)))):
        chars = pdfium_chars(pdf, page)
        text, gaps = "".join(c for c, _ in chars), space_gaps(chars)
        at = 0
        for kept, piece in keep_spans(text, "ar"):
            at += len(piece)
            if not kept or at not in gaps or "\n" in piece:
                continue
            baseline = chars[at - 1][1][1]
            line = [g for i, g in gaps.items() if abs(chars[i - 1][1][1] - baseline) < 3]
            if len(line) < 5:             # a heading, a label: no line to compare with
                continue
            checked.append(piece)
            assert gaps[at] <= statistics.median(line) + 2.5, (page, piece, gaps[at], sorted(line))
    assert any("الوالد" in piece for piece in checked), checked


def line_starts(chars, top: str, bottom: str) -> list[float]:
    """The right edge (pt) of the Arabic letters of each line between the
    headings `top` (its last mention) and `bottom` (a right-to-left line's start)."""
    text = "".join(c for c, _ in chars)
    upper, lower = chars[text.rindex(top)][1][1], chars[text.index(bottom)][1][1]
    lines: dict[int, float] = {}
    for char, (_, bottom_y, right, _) in chars:
        if "\u0621" <= char <= "\u064a" and lower + 3 < bottom_y < upper - 3:
            key = round(bottom_y / 6)
            lines[key] = max(lines.get(key, 0.0), right)
    return list(lines.values())


def test_the_talking_points_lines_start_at_one_edge(matrix):
    """A line whose last box lost its trailing space was drawn a space to the
    right, past the column's start, where the number of a point hangs:
    «بأسلحة ... الأوسط» 2.7 pt (trailing_space.drop_drawn_space)."""
    starts = line_starts(pdfium_chars(matrix / "minister" / "card.ar.pdf", 0), "نقاط الحديث", "حقائق أساسية")
    edge = statistics.mode(round(start, 1) for start in starts)     # most lines start there
    assert len(starts) >= 10
    assert max(starts) - edge < 1.5, sorted(starts)       # a letter's overhang (إ), not a space


# -- a text that fits but for its trailing space ---------------------------------

POINT = "الإشارة إلى اعتماد سفارة دولة قطر لدى بلجيكا بعثةً لها لدى الحلف يرأسها سفيرها، أولى ثمرات الشراكة."
SPACE_PX = 0.292 * 16          # Amiri's space at 16 px (bench/justify_gaps.py)


def laid_lines(lang: str, width: str, body: str) -> list[tuple[str, float]]:
    """(text, width of its text boxes in px) of each line of a paragraph `width` wide in Amiri
    16 px, laid out with the engine's line repairs."""
    isolate_fontconfig(ROOT / "fonts")
    from weasyprint import CSS, HTML
    from briefgen.render.engine import require_line_repair
    require_line_repair("test")
    css = CSS(string=f'@font-face {{ font-family: A; src: url({(ROOT / "fonts" / "Amiri-Regular.ttf").as_uri()}) }}'
                     "p { font: 16px/1.7 A; margin: 0; font-kerning: none } .keep { white-space: nowrap }")
    html = (f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">'
            f'<p style="width: {width}">{body}</p></html>')
    page = HTML(string=html).render(stylesheets=[css]).pages[0]._page_box
    lines = [[b for b in line.descendants() if type(b).__name__ == "TextBox"]
             for line in page.descendants() if type(line).__name__ == "LineBox"]
    return [("".join(b.text for b in boxes).strip(), sum(b.width for b in boxes)) for boxes in lines]


@pytest.mark.parametrize("lang, text", [("ar", POINT), ("en", "Recall the embassy accredited to the Alliance.")])
def test_a_text_that_fits_but_for_its_trailing_space_is_not_cut_after_its_first_word(lang, text):
    """A paragraph as wide as its words and half a space, a kept unit after
    them: WeasyPrint 70 set the first word alone and the rest on the next line
    (the minister's card, talking point 5)."""
    (_, words_px), = laid_lines(lang, "100em", text)
    lines = laid_lines(lang, f"{words_px + SPACE_PX / 2}px", f'{text} <span class="keep">[1]</span>')
    assert [line for line, _ in lines] == [text, "[1]"]


def test_the_first_line_repair_checks_the_weasyprint_it_wraps():
    assert first_line.check_internals() == []


# -- the repair refuses a WeasyPrint it was not written for ----------------------

def test_the_trailing_space_repair_checks_the_weasyprint_it_wraps(monkeypatch):
    assert trailing_space.check_internals() == []
    import weasyprint
    was_installed = trailing_space.installed()
    trailing_space.uninstall()
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    try:
        with pytest.raises(trailing_space.TrailingSpaceError, match="WeasyPrint 71.0 is installed"):
            trailing_space.install()
        assert not trailing_space.installed()
    finally:
        monkeypatch.undo()
        if was_installed:
            trailing_space.install()


# -- the view: a short last word held with the word before it ----------------------

@pytest.mark.parametrize("text, lang, expected", [
    ("والفعاليات التابعة لحلف الناتو.", "ar", "والفعاليات التابعة <<keep|لحلف الناتو.>>"),
    ("إلى رئاسة حلف الناتوً.", "ar", "إلى رئاسة <<keep|حلف الناتوً.>>"),          # a mark stays with its letter
    ("وصلت في 17 نوفمبر 2006م.", "ar", "وصلت في 17 نوفمبر 2006م."),             # the date keeps its own words
    ("برنامج Individual Partnership", "ar", "برنامج Individual Partnership"),    # a Latin run is not cut
    ("برنامج الشراكة NATO", "ar", "برنامج <<keep|الشراكة NATO>>"),              # nor cut when held whole
    ("رحب المجلس (GCC) بالخطوة.", "ar", "رحب المجلس (<<keep|GCC) بالخطوة.>>"),  # the bracket stays with its space
    ("قال <<en|NATO>> الناتو", "ar", "قال <<en|NATO>> الناتو"),                  # the author's markup stays his
    ("السهم يشير -> الناتو>", "ar", "السهم يشير -> الناتو>"),                    # nothing that could close a span
    ("وتعزيز العلاقات الاستراتيجيةالاستراتيجية", "ar", "وتعزيز العلاقات الاستراتيجيةالاستراتيجية"),
    ("الناتو", "ar", "الناتو"),
    ("", "ar", ""),
    ("for the period 2016–2018.", "en", "for the period 2016–2018."),           # English hyphenates instead
])
def test_a_short_last_word_is_kept_with_the_word_before(text, lang, expected):
    from briefgen.view.inline import isolate, last_words_kept
    assert last_words_kept(text, lang) == expected
    isolate(last_words_kept(text, lang), lang)          # and the view can print it


def test_a_remembered_paragraph_is_remembered_per_language():
    """last_words_kept is remembered (lru_cache): the same text in another
    language is judged by that language's rule, not given the first answer."""
    from briefgen.view.inline import last_words_kept
    text = "والفعاليات التابعة لحلف الناتو."
    assert last_words_kept(text, "ar") == "والفعاليات التابعة <<keep|لحلف الناتو.>>"
    assert last_words_kept(text, "en") == text           # English hyphenates instead
    assert last_words_kept(text, "ar") == "والفعاليات التابعة <<keep|لحلف الناتو.>>"
