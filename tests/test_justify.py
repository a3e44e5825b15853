"""Justified Arabic (issue 24, item 6): no double gap after a kept unit, no
line short of its start margin, no one-word last line, and kashida as few long
elongations. Measured as WeasyPrint laid the documents out
(bench/justify_gaps.py, in this process) and, for the gaps, on the PDF's
glyphs (pdfium's character boxes)."""
from __future__ import annotations

import statistics

import pypdfium2 as pdfium
import pytest

from briefgen.render import trailing_space
from briefgen.view.inline import keep_spans
from conftest import ROOT, bench_json, pdfium_chars

ARABIC = ("qatar-nato/delegation/briefing.ar", "qatar-nato/delegation/factsheet.ar")
MIXED = ("mixed-script/delegation/briefing.ar", "mixed-script/delegation/factsheet.ar")


@pytest.fixture(scope="session")
def arabic_column(tmp_path_factory) -> dict:
    """The delegation's Arabic documents: shipped record and the mixed-script one."""
    shipped = bench_json(tmp_path_factory, "column-ar", "--lang", "ar")
    mixed = bench_json(tmp_path_factory, "column-mixed", "--lang", "ar", "--relation", "mixed-script",
                       "--data", str(ROOT / "tests" / "fixtures" / "mixed-script"))
    return {**shipped, **mixed}


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
