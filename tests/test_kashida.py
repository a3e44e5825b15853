"""Kashida justification (briefgen/render/kashida.py): where it elongates,
that the text layer does not change, that documents without it keep their
bytes, and that the WeasyPrint internals it hooks are still the ones it knows."""
from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pikepdf
import pytest

from briefgen.render import kashida, readers
from briefgen.render.fonts import isolate_fontconfig
from conftest import BIDI_MARKS, ISSUED, ROOT, cli_in, kashida_project, page_texts, shared

TATWEEL = "\u0640"


# -- where: the typesetter's priorities ---------------------------------------

@pytest.mark.parametrize("word, expected", [
    ("سلام", (1, 1)),          # after seen; never inside lam-alef
    ("مدرسة", (4, 1)),         # after seen beats before final dal
    ("دولة", (3, 2)),          # before final teh marbuta
    ("الكتاب", (4, 3)),        # before final alef
    ("بيت", (1, 4)),           # between beh-like letters
    ("تعزيز", (4, 6)),         # before a final zain: the last of two equal joins
    ("الله", None),            # the name of God is one ligature
    ("في", None),              # too short
    ("NATO", None), ("2014م", None), ("١٤٤٨هـ", None),
    ("ممـلكة", None),          # already elongated by its writer
    ("مُحَمَّد", None),         # marks between every pair of letters
    ("لا", None), ("الاستقلال", (4, 1)),
])
def test_one_site_per_word_at_the_preferred_join(word, expected):
    assert kashida.word_site(word) == expected


def test_every_site_joins_two_arabic_letters():
    text = "قطر NATO 2014م وحلف شمال الأطلسي (NAC)، https://nato.int والسلام"
    for site in kashida.sites(text):
        before, after = text[site.index - 1], text[site.index]
        assert kashida._joins_next(before) and kashida._joins_previous(after), (before, after)
        assert not (before == "ل" and after in kashida.ALEF)


def test_elongated_text_names_the_letters_it_extends():
    assert kashida.elongated("سلام عليكم", {1: 2, 8: 1}) == ("ســلام عليـكم", [0, 9])


def test_a_misspelt_profile_field_is_named_by_file_and_line(tmp_path):
    import shutil
    from briefgen.errors import ValidationFailed
    from briefgen.record.audiences import load_audiences
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    profile = templates / "audiences" / "press" / "audience.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + "justify: kasheeda\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        load_audiences(templates)
    line = len(profile.read_text(encoding="utf-8").splitlines())
    assert any(str(p).startswith(f"templates/audiences/press/audience.yaml:{line}:")
               and "justify: expected one of spaces, kashida" in str(p) and "did you mean 'kashida'" in str(p)
               for p in failed.value.problems), [str(p) for p in failed.value.problems]


# -- the hooks: pinned, and loud when WeasyPrint changes ----------------------

def test_the_weasyprint_internals_it_hooks_are_the_ones_it_was_written_for():
    assert kashida.check_internals() == []
    pins = (ROOT / "requirements.txt").read_text()
    assert f"weasyprint=={kashida.WEASYPRINT}\n" in pins


def test_install_refuses_another_weasyprint(monkeypatch):
    import weasyprint
    was_installed = kashida.installed()
    kashida.uninstall()
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    try:
        with pytest.raises(kashida.KashidaError, match="WeasyPrint 71.0 is installed"):
            kashida.install()
        assert not kashida.installed()
    finally:
        monkeypatch.undo()
        if was_installed:
            kashida.install()


# -- in this process: crafted paragraphs, on and off ---------------------------

STYLE = """
@font-face {{ font-family: Amiri; src: url({amiri}); }}
@font-face {{ font-family: Noto Sans; src: url({sans}); }}
@page {{ size: 150mm 600mm; margin: 10mm; }}   /* one page: no paragraph is split */
body {{ font: 12pt/1.7 Amiri, "Noto Sans"; margin: 0; }}
p {{ text-align: justify; margin: 0 0 6pt; }}
.narrow {{ width: 55mm; }}
.kashida {{ --briefgen-justify: kashida; }}
.no-kashida {{ --briefgen-justify: none; }}
"""

SEED = ("تقع العلاقات بين دولة قطر وحلف شمال الأطلسي ضمن إطار مبادرة إسطنبول للتعاون التي انضمت "
        "إليها دولة قطر في السادس عشر من شهر فبراير 2005م، وذلك تعبيرا عن حرص الجانبين على تطوير "
        "وتعزيز التعاون الفعلي بينهما في مجالات تتعلق بتحقيق الاستقرار الدائم والأمن في منطقة الخليج.")

HOSTILE = [
    # mixed scripts: Latin phrases, a URL, quotes, digits inside Arabic
    'أجاز مجلس حلف شمال الأطلسي (NAC)، أعلى سلطة تنفيذية في الحلف، "بالإجماع" اتفاق الشراكة '
    'Individual Partnership and Cooperation Programme للفترة 2016–2018م ويمكن مراجعته على '
    'https://www.nato.int/cps/en/natohq/topics_52956.htm بتاريخ 17/11/2006م وبنسبة 45٪ تقريبا.',
    # tashkeel, tatweel written by the author, lam-alef, the name of God, Persian letters
    "بِسْمِ اللَّهِ الرَّحْمَنِ الرَّحِيمِ والسلام عليكم ورحمة الله وبركاته، ممـلكة البحريـن "
    "ولا إلا الأعلى والإسلامية پژوهش گزارش کتاب ی ولكن لا يزال الاستقلال قائما في كل الأحوال.",
    # inline markup cutting words, isolates, a very long unbreakable token
    "العلاقات <b>الثنا</b>ئية بين <bdi dir=ltr>NATO–ICI</bdi> ودولة <i>قطر</i> والمؤسسات "
    "الاستراتيجيةالاستراتيجيةالاستراتيجيةالاستراتيجية العسكرية والأمنية والاقتصادية والتعليمية.",
    # numbers only, punctuation runs, a single word
    "2005 2006 2014 2015 2016 ، ، ؛ ؟ !!! ... — – (((( )))) « » ١٢٣٤٥٦٧٨٩٠ ٪ ٫ ٬",
    "كلمة",
]


def render(tmp_path: Path, body: str, name: str, cls: str, hooks: bool = True, **options):
    """PDF path and laid-out document of some paragraphs, with or without the hooks."""
    isolate_fontconfig(ROOT / "fonts")
    from weasyprint import CSS, HTML
    if hooks:
        kashida.install()
    css = CSS(string=STYLE.format(amiri=(ROOT / "fonts" / "Amiri-Regular.ttf").as_uri(),
                                  sans=(ROOT / "fonts" / "NotoSans-Regular.ttf").as_uri()))
    pdf = tmp_path / f"{name}.pdf"
    html = f'<html lang="ar" dir="rtl" class="{cls}"><body>{body}</body></html>'
    document = HTML(string=html).render(stylesheets=[css])
    document.write_pdf(pdf, **options)
    return pdf, document


def poppler_words(pdf: Path, *mode: str) -> list[str]:
    """pdftotext's words, its bidi embedding marks dropped (they carry no letters)."""
    out = subprocess.run(["pdftotext", *mode, str(pdf), "-"], capture_output=True, text=True, check=True)
    return BIDI_MARKS.sub("", out.stdout).split()


WORD_CHARACTERS = re.compile(r"[^\w\u0640]+")


SCRIPT_RUN = re.compile(r"[\u0600-\u06ff]+|[^\u0600-\u06ff]+")


def words(tokens: list[str]) -> Counter:
    """What a search matches: the words, punctuation left out, in any order; an
    Arabic and a Latin word read without a gap between them still both found
    (search matches inside a token: pdftotext -raw, which does not reorder, may
    glue a run given as one /ActualText to the word beside it)."""
    return Counter(run for t in tokens for w in WORD_CHARACTERS.sub(" ", t).split()
                   for run in SCRIPT_RUN.findall(w))


def no_word_lost(on: list[str], off: list[str], source: str) -> None:
    """Every word of the source a reader finds without kashida, it finds with it,
    and no tatweel is added."""
    written = words(re.sub(r"<[^>]+>", " ", source).split())
    found_on, found_off = words(on) & written, words(off) & written
    lost = found_off - found_on
    assert not lost, f"lost with kashida: {dict(lost)}"
    assert "".join(on).count(TATWEEL) <= "".join(off).count(TATWEEL)


def actual_text_spans(pdf: Path, letters: bool = False) -> int:
    """/ActualText spans in the content streams (parsing every stream: a malformed
    one raises); letters: only /Span of one Arabic letter (an elongation's, or a
    misread cluster's; the readers' spans of render/readers.py give runs and
    marks)."""
    count = 0
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
                    text = str(operands[1].get("/ActualText", "")) if "/ActualText" in operands[1] else None
                    if letters:
                        count += (str(operands[0]) == "/Span" and text is not None
                                  and len(text) == 1 and "\u0621" <= text <= "\u064a")
                    else:
                        count += text is not None
    return count


def elongations(document) -> list[tuple]:
    """(line, box) for every laid-out text box that received tatweels."""
    from weasyprint.formatting_structure import boxes
    found = []
    for page in document.pages:
        for line in page._page_box.descendants():
            if isinstance(line, boxes.LineBox):
                for box in line.descendants():
                    if isinstance(box, boxes.TextBox) and hasattr(box, kashida.BOX_KEY):
                        found.append((line, box))
    return found


@pytest.mark.parametrize("tags", [False, True], ids=["plain", "tagged"])
def test_hostile_and_mixed_paragraphs_keep_their_words(tmp_path, tags):
    body = "".join(f'<p class="narrow">{p}</p>' for p in [SEED] + HOSTILE)
    options = {"pdf_tags": True, "pdf_variant": "pdf/ua-1"} if tags else {}
    off, _ = render(tmp_path, body, "off", "", **options)
    on, document = render(tmp_path, body, "on", "kashida", **options)
    assert elongations(document), "nothing was elongated"
    # Readers regroup glyphs into words and lines by geometry, and already
    # mangle some of these lines without kashida (vowel marks, Amiri's joins,
    # punctuation between scripts); narrower gaps change that grouping, sometimes
    # for the better (pdftotext stops splitting a line or a word). What must hold:
    # no word found before is lost, and no tatweel is added.
    for mode in ((), ("-raw",)):
        no_word_lost(poppler_words(on, *mode), poppler_words(off, *mode), body)
    no_word_lost(" ".join(page_texts(on)).split(), " ".join(page_texts(off)).split(), body)
    # off: the span every document gets where a glyph would read as something
    # else (here a join after the written tatweel of ممـلكة; test_search.py). The
    # written tatweels' own words are reading spans of a word (readers.word_spans),
    # which both readers give back as written
    assert actual_text_spans(off, letters=True) == 1
    assert actual_text_spans(on, letters=True) >= len(elongations(document)) + 1
    for pdf in (off, on):
        assert "ممـلكة البحريـن" in " ".join(poppler_words(pdf)), pdf.name
        assert "ممـلكة البحريـن" in " ".join(" ".join(page_texts(pdf)).split()), pdf.name


def test_where_tatweels_go_in_laid_out_lines(tmp_path):
    body = "".join(f'<p class="narrow">{p}</p>' for p in [SEED, SEED + " " + SEED] + HOSTILE)
    _, document = render(tmp_path, body, "on", "kashida")
    found = elongations(document)
    assert found
    per_line: dict[int, int] = {}
    tatweels = 0
    for line, box in found:
        paragraph_lines = [c for c in line_parent(document, line).children]
        assert line is not paragraph_lines[-1], "a paragraph's last line was elongated"
        for run in re.finditer(f"{TATWEEL}+", box.text):
            assert len(run.group()) <= kashida.MAX_TATWEELS_PER_WORD
            before, after = box.text[run.start() - 1], box.text[run.end()]
            assert kashida._joins_next(before) and kashida._joins_previous(after)
            assert not (before == "ل" and after in kashida.ALEF)
        words = [w for w in box.text.split() if TATWEEL in w]
        assert all(len(re.findall(f"{TATWEEL}+", w)) == 1 for w in words)   # one site per word
        inserted, extended = getattr(box, kashida.BOX_KEY)[1]      # the author's own tatweels apart
        per_line[id(line)] = per_line.get(id(line), 0) + len(extended)
        tatweels += len(inserted)
    # few and long (issue 24, item 6): at most two a line, two tatweels or more
    # each on average (up to four 2-pt strokes a line, 1.4 tatweels each, before)
    assert max(per_line.values()) <= 2
    assert tatweels / sum(per_line.values()) >= 2


def line_parent(document, line):
    for page in document.pages:
        for box in page._page_box.descendants():
            if line in getattr(box, "children", ()):
                return box
    raise AssertionError("line not found")


def test_an_element_can_opt_out_and_nothing_else_changes(tmp_path):
    """With the hooks installed, paragraphs that opt out come out byte for byte
    as WeasyPrint makes them with only the text layer's repair, which every
    document gets (kashida.install_text_layer)."""
    body = f'<p class="narrow">{SEED}</p>' + "".join(f'<p class="narrow">{p}</p>' for p in HOSTILE)
    opted_out, _ = render(tmp_path, f'<div class="no-kashida">{body}</div>', "out", "kashida")
    kashida.uninstall()
    try:
        kashida.install_text_layer()
        bare, _ = render(tmp_path, f"<div>{body}</div>", "bare", "", hooks=False)
    finally:
        kashida.install()
    assert opted_out.read_bytes() == bare.read_bytes()


def test_the_text_layer_draws_each_line_from_the_layout_weasyprint_draws(tmp_path, monkeypatch):
    """The drawing hooks read a right-to-left line's glyphs before it is drawn
    (plan_reading): the Pango layout made for that is the one draw_text then
    draws, not one more to set up and shape. Counted on one laid-out document
    drawn without the text layer, then with it."""
    from weasyprint.text.line_break import Layout
    body = f'<p class="narrow">{SEED}</p>' + "".join(f'<p class="narrow">{p}</p>' for p in HOSTILE)
    _, document = render(tmp_path, body, "layouts", "kashida")
    setup, made = Layout.setup, {}
    monkeypatch.setattr(Layout, "setup", lambda layout, style: (made.__setitem__(drawn, made[drawn] + 1),
                                                                setup(layout, style))[1])
    kashida.uninstall()
    try:
        for drawn in ("bare", "text layer"):
            made[drawn] = 0
            if drawn == "text layer":
                kashida.install_text_layer()
            document.write_pdf()
    finally:
        kashida.install()
    assert made["text layer"] == made["bare"] > 20, made


def test_a_box_needing_no_span_is_drawn_without_its_glyphs_made(tmp_path, monkeypatch):
    """kashida._drawn_as_mapped tells a box that needs no span from its glyph
    ids and clusters alone, and WeasyPrint draws it as it is: most boxes of
    plain Arabic lines and of English paragraphs (here more than a third, the
    document drawn a second time, its fonts' glyphs mapped by then), and the
    PDF is the one drawn with every box read as Glyphs (the quick path taken
    out), hard strings included (marks, tatweel, lam-alef, a lam-kaf join,
    brackets, digits, a no-break space) and a glyph its font maps to
    another letter, as a first use elsewhere may have ("e" read "é")."""
    english = ('<p dir="ltr" lang="en">Qatar and NATO signed a transit agreement, the first of '
               'its kind; the two sides meet twice a year (in Brussels and Doha).</p>')
    # no-break spaces beside spaces
    spaced = '<p dir="ltr" lang="en">Doha\u00a0Forum, 12\u00a0May</p>'
    body = (f'<p class="narrow">{SEED}</p>' * 3 + english * 3 + spaced
            + "".join(f"<p>{p}</p>" for p in HOSTILE))
    _, document = render(tmp_path, body, "quick", "no-kashida")
    quick, taken = kashida._drawn_as_mapped, []
    monkeypatch.setattr(kashida, "_drawn_as_mapped", lambda *args: taken.append(quick(*args)) or taken[-1])
    document.write_pdf()
    for font in document.fonts.values():     # as if the glyph of "e" had first stood for "é":
        for gid, text in list(font.to_unicode.items()):    # each "e" needs a span now
            if text == "e":
                font.to_unicode[gid] = "é"
    taken.clear()
    with_quick_path = document.write_pdf()
    assert sum(taken) > len(taken) / 3, taken
    monkeypatch.setattr(kashida, "_drawn_as_mapped", lambda *args: False)
    assert document.write_pdf() == with_quick_path


def test_a_run_of_lone_glyphs_is_read_as_the_full_path_reads_it(tmp_path):
    """kashida._lone_glyphs, taken for a run where each glyph's text runs to
    the next cluster (`lone`, which says so as next_start would), makes the
    Glyphs _run_glyphs makes of it, over every run
    of hard strings (lam-alef, marks, written and inserted tatweels, Amiri's
    lam-kaf join, Latin ligatures, digits, brackets), laid out with kashida."""
    body = (f'<p class="narrow">{SEED}</p>' + "".join(f"<p>{p}</p>" for p in HOSTILE)
            + '<p dir="ltr" lang="en">Qatar (NATO) office staff, 2026: fit and affix</p>')
    _, document = render(tmp_path, body, "runs", "kashida")
    lone = other = 0
    for page in document.pages:
        for box in page._page_box.descendants():
            if getattr(box, "pango_layout", None) is None or not box.text:
                continue
            box.pango_layout.reactivate(box.style)
            data = box.pango_layout.text.encode()
            for _, ids, clusters, ends, offset, length in kashida._runs(box.pango_layout):
                starts = sorted(set(clusters)) + [length]
                next_start = dict(zip(starts, starts[1:]))
                full = kashida._run_glyphs(None, data, ids, clusters, ends, offset, next_start)
                assert kashida.lone(clusters, ends) == ([next_start[cluster] for cluster in clusters] == ends)
                if kashida.lone(clusters, ends):
                    lone += 1
                    assert kashida._lone_glyphs(None, data, ids, clusters, ends, offset) == full
                else:
                    other += 1
    assert lone > 20 and other > 3, (lone, other)


class Recorded:
    """A PDF stream that records what SpanningStream passes it."""

    def __init__(self):
        self.calls = []

    def show_text(self, text):
        self.calls.append(("show", text))

    def begin_marked_content(self, tag, properties):
        self.calls.append(("begin", tag, properties["ActualText"].string))

    def end_marked_content(self):
        self.calls.append(("end",))


def test_shown_strings_are_cut_at_each_span_a_stretch_at_a_time():
    """SpanningStream.show_text takes the glyphs a stretch at a time (one span,
    part and id width: kashida._stretches) and shows each glyph as a string
    of its own, spans opened and closed between them, the adjustments before
    a span's first space drawn after it (_space_first), bitmap fonts' 2-digit
    ids (and a string of two fonts' ids, which WeasyPrint does not show), a
    span in two fonts cut in parts: as it did glyph by glyph."""
    vector, bitmap = SimpleNamespace(bitmap=False), SimpleNamespace(bitmap=True)

    def glyph(gid, font, text, span=None, part=0):
        return kashida.Glyph(gid, font, text, 0, text, span=span, part=part)
    glyphs = [glyph(1, vector, "a"), glyph(2, vector, "b"), glyph(3, vector, " ", 1), glyph(4, vector, "2", 1),
              glyph(5, vector, "0", 1), glyph(6, vector, "c"), glyph(7, bitmap, "d", 2), glyph(8, bitmap, "e", 2),
              glyph(9, bitmap, "f"), glyph(16, vector, "z"), glyph(10, vector, "g", 3, 0), glyph(11, vector, "h", 3, 1), glyph(12, vector, "i")]
    letters = {1: readers.Reading("x", "y"), 2: "d", 3: readers.Reading("gh", ("g", "h"))}
    stream = Recorded()
    spanning = kashida.SpanningStream(stream, glyphs, letters)
    for string in ("<00010002>-120<000300040005>7.5<0006>", "<0708>-3<090010>", "<000a000b>1e-05<000c>"):
        spanning.show_text(string)
    spanning.finish()
    assert stream.calls == [
        ("show", "<0001><0002>"), ("begin", "Span", "x"), ("begin", "VisualText", "y"),
        ("show", "<0003> -120<0004><0005> 7.5"), ("end",), ("end",), ("show", "<0006>"),
        ("begin", "Span", "d"), ("show", "<07><08> -3"), ("end",), ("show", "<09><0010>"),
        ("begin", "Span", "gh"), ("begin", "VisualText", "g"), ("show", "<000a>"), ("end",),
        ("begin", "VisualText", "h"), ("show", "<000b> 1e-05"), ("end",), ("end",), ("show", "<000c>")]


def test_shown_strings_are_cut_at_once_as_a_stretch_at_a_time(tmp_path, monkeypatch):
    """SpanningStream._pieces, taking at once the tokens whose glyphs are all of
    the stretch where they start, cuts every string drawn of hard strings
    (Latin, digits, brackets, marks, spans over two fonts, kashida) as it does
    a stretch of one token's glyphs at a time (at_once=False)."""
    pieces, taken = kashida.SpanningStream._pieces, []

    def checked(self, tokens, at_once=True):
        start = self._next
        slow = pieces(self, tokens, at_once=False)
        after, self._next = self._next, start
        quick = pieces(self, tokens)
        assert quick == slow and self._next == after
        taken.append(len(quick))
        return quick
    monkeypatch.setattr(kashida.SpanningStream, "_pieces", checked)
    body = (f'<p class="narrow">{SEED}</p>' + "".join(f"<p>{p}</p>" for p in HOSTILE)
            + '<p>المصادر: [1] «مبادرة» (NATO) في ١٦\u00a0فبراير 2005م.</p>')
    render(tmp_path, body, "strings", "kashida")
    assert len(taken) > 20 and max(taken) > 2, taken


def test_first_uses_need_no_span_as_the_full_path_finds(tmp_path, monkeypatch):
    """The quick paths take a glyph its font does not map yet as the first
    use in its box will map it (kashida._drawn_as_mapped), and a box of a
    planned line that the plan gave no span is let through from the glyphs
    the plan read (_spell_themselves): most boxes of an Arabic document's
    first draw, whose glyphs are new to their fonts. A fresh document, drawn
    with them and without them, gives the same PDF, hard strings included:
    no-break spaces, and Amiri's one glyph for the fraction slash and the
    division slash, both in a box before either is mapped (the first use
    decides what the other reads: it needs a span), on a planned right-to-left
    line and on a left-to-right one."""
    english = '<p dir="ltr" lang="en">Doha\u00a0Forum 2026, 12\u00a0May and the 16\u00a0February</p>'
    rest = (f'<p class="narrow">{SEED}</p>' + english + "".join(f"<p>{p}</p>" for p in HOSTILE)
            + '<p>في ١٦\u00a0فبراير 2005م، وبنسبة 45٪ في\u00a0الدوحة</p>')
    mapped, spelled = kashida._drawn_as_mapped, kashida._spell_themselves
    for n, slashes in enumerate(("<p>نصف⁄و∕هنا</p>", '<p dir="ltr">a ⁄ b ∕ c</p>')):
        taken = {mapped: [], spelled: []}
        for quick_path in taken:
            monkeypatch.setattr(kashida, quick_path.__name__,
                                lambda *args, was=quick_path: taken[was].append(was(*args)) or taken[was][-1])
        quick, _ = render(tmp_path, slashes + rest, f"quick{n}", "no-kashida")
        assert sum(taken[mapped]) >= 5 and sum(taken[spelled]) >= 5, taken
        for quick_path in taken:
            monkeypatch.setattr(kashida, quick_path.__name__, lambda *args: False)
        full, _ = render(tmp_path, slashes + rest, f"full{n}", "no-kashida")
        assert quick.read_bytes() == full.read_bytes()


# -- the shipped record, through the command line -----------------------------

@pytest.fixture(scope="session")
def kashida_mixed(tmp_path_factory):
    """The mixed-script test record (tests/fixtures/mixed-script), the delegation's
    Arabic documents, with kashida."""
    def make(folder: Path) -> None:
        result = cli_in(kashida_project(folder), "build", "--data", str(ROOT / "tests" / "fixtures" / "mixed-script"),
                        "--issued", ISSUED, "--audience", "delegation", "--lang", "ar")
        assert result.returncode == 0, result.stderr
    return shared(tmp_path_factory, "kashida-mixed", make) / "reports" / "mixed-script" / "delegation"


@pytest.mark.parametrize("doc", ["factsheet.ar", "briefing.ar"])
def test_the_mixed_script_record_keeps_its_words(kashida_mixed, mixed, doc):
    on, off = kashida_mixed / f"{doc}.pdf", mixed / f"{doc}.pdf"
    assert actual_text_spans(on) > 0
    source = " ".join(p.read_text(encoding="utf-8")
                      for p in (ROOT / "tests" / "fixtures" / "mixed-script").rglob("*.yaml"))
    for mode in ((), ("-raw",)):
        no_word_lost(poppler_words(on, *mode), poppler_words(off, *mode), source)
    no_word_lost(" ".join(page_texts(on)).split(), " ".join(page_texts(off)).split(), source)


@pytest.mark.parametrize("doc", ["factsheet.ar", "briefing.ar"])
def test_kashida_documents_read_back_word_for_word(kashida_build, matrix, doc):
    on, off = kashida_build / "press" / f"{doc}.pdf", matrix / "press" / f"{doc}.pdf"
    assert on.read_bytes() != off.read_bytes()
    assert page_texts(on) == page_texts(off)                   # pdfium, exactly
    # poppler's pdftotext: the same words (where it sets a full stop after a
    # kept date, "2005م .وشهد", depends on the gaps kashida changes)
    assert words(poppler_words(on)) == words(poppler_words(off))
    # in content order, pdftotext splits some words at Amiri's joins without
    # kashida (ملامحه -> حه م ملا); an elongation can mend one, never break one
    source = " ".join(p.read_text() for p in (ROOT / "data").rglob("*.yaml"))
    no_word_lost(poppler_words(on, "-raw"), poppler_words(off, "-raw"), source)
    assert actual_text_spans(on) > 5        # elongations were drawn (8 on the press fact sheet)


@pytest.mark.parametrize("doc", ["press/factsheet.en", "press/briefing.en",
                                 "training/briefing.ar", "training/briefing.en"])
def test_documents_without_kashida_keep_their_bytes(kashida_build, matrix, doc):
    assert (kashida_build / f"{doc}.pdf").read_bytes() == (matrix / f"{doc}.pdf").read_bytes()
