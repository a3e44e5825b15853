"""Kashida justification for Arabic: elongate joins before widening word spaces.

An extension around WeasyPrint 70.0 (pinned: WEASYPRINT), installed by
`install()` and switched on per element by the inherited custom property
`--briefgen-justify: kashida` (the `kashida` class in base.css; the profile
field `justify: kashida` puts it on Arabic documents). Elements without it go
through WeasyPrint untouched, so their bytes do not change.

Three hooks, nothing edited in the installed package:

1. Layout: `weasyprint.layout.inline.text_align` is wrapped. For a justified
   line that is not its paragraph's last, before WeasyPrint spreads the slack
   over the spaces, tatweels (U+0640) are inserted into the line's text boxes at
   the joins Arabic typesetting prefers, the boxes are shaped again (HarfBuzz and
   the font pick the forms around a tatweel: Amiri merges a run of tatweels into
   one stroke and has its own long forms), and the boxes to their visual right
   move over. WeasyPrint then gives what is left to the word spaces.

2. Drawing: `weasyprint.draw.text.draw_first_line` is wrapped. For a box that
   received tatweels, the inserted tatweel glyphs and the glyphs of the letter
   they extend are shown inside one marked-content span whose /ActualText is that
   letter, so text extraction returns the word as written. Measured on
   poppler 22 (pdftotext) and pdfium (pypdfium2): an empty /ActualText around the
   tatweels alone leaves a gap, and poppler splits the word there; pdfium ignores
   an /ActualText whose characters the font cannot map and one that is empty;
   an /Artifact is extracted by both. One letter, drawn in the same span as the
   elongation, satisfies both.
   The same hook, installed for every document (install_text_layer), gives any
   one-character cluster whose glyphs would be read as something else (Amiri's
   lam-kaf join drawn with its tatweel glyph) an /ActualText of its letter, and
   draws the spans readers.py plans for each right-to-left line.

3. Before a line is drawn: `weasyprint.draw.draw_inline_level` is wrapped
   (install_text_layer). For a right-to-left line, the characters of its text
   boxes are taken as the PDF readers will meet them and readers.plan_line
   decides which runs each reader needs an /ActualText for (READING_KEY).

Where (W3C alreq, "Kashida": preferred joins, few per word, no crowding;
priorities in the order Microsoft's Arabic justification and LibreOffice use):
  1 after seen, sheen, sad, dad (not final: they join the next letter);
  2 before final teh marbuta, heh, dal, thal;
  3 before final alef, tah, zah, lam, kaf, gaf (never lam-alef);
  4 between beh-like letters, or before a beh-like letter followed by final reh/yeh;
  5 before final waw, ain, ghain, qaf, feh;
  6 before any other final joining letter.
One site per word (the best; the last of equals), words of three letters or
more, at most MAX_TATWEELS_PER_WORD tatweels there and MAX_WORDS_PER_LINE words
per line, as far apart as the best joins allow: few long elongations rather
than many short ones (issue 24: four 2-pt strokes on one line and none on the
next made the colour uneven); never in a paragraph's last line, across lam-alef, in "الله", in a
word with vowel marks (readers already return those out of order; an elongation
would move the damage) or with a tatweel of its own, in a Latin run or a number
(only joins between two Arabic letters qualify). Spaces first take up to SPACES_FIRST of a natural space
each; the slack beyond that is what the tatweels try to fill; spaces take the rest.
"""
from __future__ import annotations

import inspect
import functools
import re
import unicodedata
import weakref
from dataclasses import dataclass
from operator import lt
from typing import Callable, Iterator

from briefgen.render import readers
from briefgen.render.stacked_marks import map_stacked_marks

WEASYPRINT = "70.0"
PROPERTY = "--briefgen-justify"       # css: inherited custom property; value `kashida`
STYLE_KEY = "__briefgen_justify"      # how WeasyPrint 70 stores it in a computed style
BOX_KEY = "_briefgen_kashida"         # on a TextBox: (its text, inserted and extended offsets)
PENDING_KEY = "_briefgen_pending"     # on a PDF Font: tatweel glyphs mapped only from insertions
READING_KEY = "_briefgen_reading"     # on a TextBox of a right-to-left line: (its text, readers.Span list)
GLYPHS_KEY = "_briefgen_glyphs"       # on such a TextBox: (its Pango layout, text, glyphs) as plan_reading read them

TATWEEL = "\u0640"
MAX_RISE = 0.1                # em: a span starting with a glyph raised more is not given to pdfium
RAISED = 0.5                  # pt: a box whose baseline is this far off its line's is raised (readers.Char)
SPACES_FIRST = 0.2            # each space may grow by this share of itself before kashida
MAX_TATWEELS_PER_WORD = 6     # Amiri draws 1-3 as one stroke (uni0640.1-.3), more as two, joined
MAX_WORDS_PER_LINE = 2
MIN_LETTERS = 3

# Arabic joining types (Unicode ArabicShaping.txt) of the letters the data uses.
DUAL = set("ئبتثجحخسشصضطظعغفقكلمنهيىٮٯپچڤکگیھ")
RIGHT = set("آأؤإاةدذرزوٱژۀە")
SEEN = set("سشصض")
BEH = set("بتثنيئپیٮ")
ALEF = set("اأإآٱ")
FINAL_P2 = set("ةهدذ")
FINAL_P3 = ALEF | set("طظلكکگ")
FINAL_P5 = set("وؤعغقفڤ")
REH_YEH = set("رزژيىی")


# -- where ------------------------------------------------------------------

@dataclass(frozen=True)
class Site:
    index: int         # insert before text[index]
    priority: int      # 1 best
    word: int          # which word of the text (for spreading sites over a line)


def _joins_next(char: str) -> bool:
    return char in DUAL


def _joins_previous(char: str) -> bool:
    return char in DUAL or char in RIGHT


def _is_mark(char: str) -> bool:
    return unicodedata.category(char) == "Mn"


def priority(word: str, i: int) -> int | None:
    """The priority of a tatweel between word[i-1] and word[i] (None: not a site)."""
    a, b = word[i - 1], word[i]
    if not (_joins_next(a) and _joins_previous(b)):
        return None
    if a == "ل" and b in ALEF:
        return None
    after = word[i + 1] if i + 1 < len(word) else ""
    if after and _is_mark(after):
        after = next((c for c in word[i + 1:] if not _is_mark(c)), "")
    b_final = b in RIGHT or not (after and _joins_previous(after))
    if a in SEEN:
        return 1
    if b_final and b in FINAL_P2:
        return 2
    if b_final and b in FINAL_P3:
        return 3
    if a in BEH and b in BEH and not b_final:
        return 4
    if b in BEH and not b_final and after in REH_YEH:
        return 4
    if b_final and b in FINAL_P5:
        return 5
    if b_final:
        return 6
    return None


def word_site(word: str) -> tuple[int, int] | None:
    """(index in word, priority) of the best join of one word, or None."""
    if ("لله" in word or TATWEEL in word or any(_is_mark(c) for c in word)
            or sum(c in DUAL or c in RIGHT for c in word) < MIN_LETTERS):
        return None
    best = None
    for i in range(1, len(word)):
        p = priority(word, i)
        if p is not None and (best is None or p <= best[1]):
            best = (i, p)
    return best


WORD = re.compile(r"\S+")


def sites(text: str) -> list[Site]:
    """One site per word of a text box's text, at most."""
    found = []
    for n, match in enumerate(WORD.finditer(text)):
        site = word_site(match.group())
        if site is not None:
            found.append(Site(match.start() + site[0], site[1], n))
    return found


def elongated(text: str, counts: dict[int, int]) -> tuple[str, list[int]]:
    """The text with counts[i] tatweels inserted before text[i], and the indices
    (in the new text) of the letters each run extends."""
    pieces, letters, start, shift = [], [], 0, 0
    for index in sorted(counts):
        pieces += [text[start:index], TATWEEL * counts[index]]
        letters.append(index - 1 + shift)
        shift += counts[index]
        start = index
    pieces.append(text[start:])
    return "".join(pieces), letters


# -- layout -----------------------------------------------------------------

def _enabled(style) -> bool:
    try:
        value = style[STYLE_KEY]
    except KeyError:          # an initial style (no element) has no custom properties
        return False
    return any(getattr(token, "value", None) == "kashida" for token in value or ())


class Measure:
    """Widths of words as WeasyPrint's Pango layouts give them, cached per font
    style (a paragraph repeats words and styles), and whether the font kept the
    tatweels in clusters of their own (Amiri draws three tatweels and a final
    alef as one long alef: a glyph that is part letter, part elongation, which
    no /ActualText could give back as the letter alone)."""

    def __init__(self):
        self._cache: dict[tuple, tuple[float, bool]] = {}

    @staticmethod
    def key(style) -> tuple:
        return tuple(str(style[k]) for k in (
            "font_family", "font_size", "font_weight", "font_style", "font_stretch",
            "font_feature_settings", "font_variant_ligatures", "font_kerning", "lang"))

    def shape(self, context, style, text: str) -> tuple[float, bool]:
        from weasyprint.text.line_break import create_layout, line_size
        key = (self.key(style), text)
        if key not in self._cache:
            if len(self._cache) > 20000:
                self._cache.clear()
            layout = create_layout(text, style, context, max_width=None, justification_spacing=0)
            line, _ = layout.get_first_line()
            clean = all(g.cluster_text.strip(TATWEEL) == "" or TATWEEL not in g.cluster_text
                        for g in _glyphs(layout))
            self._cache[key] = (line_size(line, style)[0], clean)
        return self._cache[key]

    def width(self, context, style, text: str) -> float:
        return self.shape(context, style, text)[0]


MEASURE = Measure()


def _text_boxes(box, boxes_module) -> list:
    """The line's text boxes in visual order, left to right (as WeasyPrint's
    add_word_spacing walks them)."""
    if isinstance(box, boxes_module.TextBox):
        return [box]
    if isinstance(box, (boxes_module.LineBox, boxes_module.InlineBox)):
        children = box.children[::-1] if box.style["direction"] == "rtl" else box.children
        return [t for child in children if child.is_in_normal_flow()
                for t in _text_boxes(child, boxes_module)]
    return []


def _shift(box, growth: dict[int, float], x_advance: float, boxes_module) -> float:
    """Move every box right by the growth of the boxes to its visual left and
    widen the ones that grew (the same walk as WeasyPrint's add_word_spacing)."""
    if isinstance(box, boxes_module.TextBox):
        box.position_x += x_advance
        grown = growth.get(id(box), 0.0)
        box.width += grown
        return x_advance + grown
    if isinstance(box, (boxes_module.LineBox, boxes_module.InlineBox)):
        box.position_x += x_advance
        before = x_advance
        children = box.children[::-1] if box.style["direction"] == "rtl" else box.children
        for child in children:
            if child.is_in_normal_flow():
                x_advance = _shift(child, growth, x_advance, boxes_module)
        box.width += x_advance - before
        return x_advance
    box.translate(x_advance, 0)
    return x_advance


@dataclass
class Candidate:
    box: object
    site: Site
    order: int          # position on the line, for spreading
    count: int = 0
    grown: float = 0.0  # width added so far


def _candidates(context, line, boxes_module) -> list[Candidate]:
    found = []
    for order, box in enumerate(_text_boxes(line, boxes_module)):
        style = box.style
        if not _enabled(style) or style["letter_spacing"] != "normal" or style["text_overflow"] != "clip":
            continue
        for site in sites(box.text):
            found.append(Candidate(box, site, order * 1000 + site.word))
    return found


def _choose(candidates: list[Candidate]) -> list[Candidate]:
    """At most MAX_WORDS_PER_LINE: the best join of the line, then, among the
    best joins left (and those one priority below), the one farthest from those
    chosen, so a line's elongations are few and apart, not a cluster."""
    ranked = sorted(candidates, key=lambda c: (c.site.priority, -c.order))
    chosen: list[Candidate] = ranked[:1]
    while len(chosen) < MAX_WORDS_PER_LINE:
        rest = [c for c in ranked if c not in chosen]
        if not rest:
            break
        best = rest[0].site.priority
        pool = [c for c in rest if c.site.priority <= best + 1]
        chosen.append(max(pool, key=lambda c: min(abs(c.order - o.order) for o in chosen)))
    return chosen


def _word_shape(context, c: Candidate, count: int) -> tuple[float, bool]:
    """Width of the candidate's word with `count` tatweels, and whether they stay
    clusters of their own."""
    text = c.box.text
    start = max(text.rfind(" ", 0, c.site.index) + 1, 0)
    end = text.find(" ", c.site.index)
    word = text[start:end if end >= 0 else len(text)]
    at = c.site.index - start
    return MEASURE.shape(context, c.box.style, word[:at] + TATWEEL * count + word[at:])


def _space_width(context, style) -> float:
    return MEASURE.width(context, style, "ا ا") - MEASURE.width(context, style, "اا")


def elongate(context, line, available_width: float) -> None:
    """Insert tatweels into a justified line (not its last) to take its slack
    beyond what the spaces take first."""
    from weasyprint.formatting_structure import boxes as boxes_module
    from weasyprint.layout.inline import count_expandable_spaces
    from weasyprint.text.line_break import create_layout, line_size

    slack = available_width - line.width
    if slack <= 0:
        return
    candidates = _candidates(context, line, boxes_module)
    if not candidates:
        return
    spaces = count_expandable_spaces(line)
    budget = slack - spaces * SPACES_FIRST * _space_width(context, candidates[0].box.style)
    if budget <= 0:
        return
    chosen = _choose(candidates)
    used = 0.0
    for _ in range(MAX_TATWEELS_PER_WORD):        # rounds: one more tatweel per word each
        for c in chosen:
            if used >= budget or c.count >= MAX_TATWEELS_PER_WORD:
                continue
            width, clean = _word_shape(context, c, c.count + 1)
            grown = width - _word_shape(context, c, 0)[0]
            if not clean or grown <= c.grown or used + grown - c.grown > slack:
                continue
            used += grown - c.grown
            c.count, c.grown = c.count + 1, grown
    placed = [c for c in chosen if c.count]
    if not placed:
        return
    growth: dict[int, float] = {}
    changed = []
    for box in {id(c.box): c.box for c in placed}.values():
        counts = {c.site.index: c.count for c in placed if c.box is box}
        text, letters = elongated(box.text, counts)
        layout = create_layout(text, box.style, context, max_width=None, justification_spacing=0)
        old = create_layout(box.text, box.style, context, max_width=None, justification_spacing=0)
        new_width = line_size(layout.get_first_line()[0], box.style)[0]
        old_width = line_size(old.get_first_line()[0], box.style)[0]
        try:       # the drawing hook must be able to give each elongation its text
            _spans(_glyphs(layout), *_offsets(text, letters))
        except KashidaError:
            continue
        layout.deactivate()
        growth[id(box)] = new_width - old_width
        changed.append((box, text, letters, layout))
    if not changed or sum(growth.values()) > slack + 0.01:   # shaping differed: spaces only
        return
    for box, text, letters, layout in changed:
        box.text, box.pango_layout = text, layout
        setattr(box, BOX_KEY, (text, _offsets(text, letters)))
    _shift(line, growth, 0.0, boxes_module)


def _offsets(text: str, letters: list[int]) -> tuple[dict, dict]:
    """Byte offsets (UTF-8, as Pango counts): each inserted tatweel -> the offset
    of the letter it extends, and each extended letter's offset -> the letter."""
    data = text.encode()
    inserted, extended = {}, {}
    for letter in letters:
        offset = len(text[:letter].encode())
        extended[offset] = text[letter]
        position = offset + len(text[letter].encode())
        while data[position:position + 2] == TATWEEL.encode():
            inserted[position] = offset
            position += 2
    return inserted, extended


def _text_align_hook(original: Callable) -> Callable:
    def text_align(context, line, available_width, last):
        if (not last and line.style["text_align_all"] == "justify"
                and line.style["white_space"] in ("normal", "nowrap", "pre-line")):
            elongate(context, line, available_width)
        return original(context, line, available_width, last)
    text_align.__wrapped__ = original
    return text_align


# -- drawing ----------------------------------------------------------------

@dataclass(slots=True)      # made for every glyph drawn: slots make it cheaper
class Glyph:
    gid: int
    font: object           # WeasyPrint's PDF font (Pango's while a line is planned; None when only checking a layout)
    text: str              # what WeasyPrint maps this glyph to (its first-glyph-of-cluster rule)
    cluster: int           # byte offset where the glyph's cluster starts
    cluster_text: str      # the whole cluster's text
    kind: str = ""         # "tatweel": its cluster holds inserted tatweels
    span: int | None = None  # which /ActualText span it is drawn in
    part: int = 0          # which piece of its span's pdfium text (a span over several fonts)
    misread: bool = False  # its span only undoes a glyph's mapping (_misread_spans)


def _glyphs(layout, font_of=None) -> list[Glyph]:
    """Every glyph draw_first_line shows for this layout's first line, in its
    order (empty glyphs skipped), with its cluster and what WeasyPrint maps it to."""
    data = layout.text.encode()
    glyphs = []
    for pango_font, ids, clusters, ends, offset, length in _runs(layout):
        font = font_of(pango_font) if font_of else None
        if lone(clusters, ends):     # most runs
            glyphs += _lone_glyphs(font, data, ids, clusters, ends, offset)
        else:
            starts = sorted(set(clusters)) + [length]
            glyphs += _run_glyphs(font, data, ids, clusters, ends, offset, dict(zip(starts, starts[1:])))
    return glyphs


def lone(clusters: list[int], ends: list[int]) -> bool:
    """Whether each glyph of a run (_runs: its clusters, where each glyph's
    text ends) is its cluster's only one, its text running to the next
    cluster: each cluster before its end, which is the next glyph's cluster
    (the clusters strictly in the run's order) or the run's end."""
    return all(map(lt, clusters, ends))


def _run_glyphs(font, data: bytes, ids, clusters, ends, offset: int, next_start: dict) -> list[Glyph]:
    """A run's glyphs (_runs gives its ids, clusters, ends and offset; data:
    the layout's text; next_start: each cluster -> where the next begins)."""
    from weasyprint.text.ffi import pango
    empty, glyphs = pango.PANGO_GLYPH_EMPTY, []
    texts: dict[tuple, str] = {}     # (cluster, end) -> its text, decoded once
    wholes: dict[int, str] = {}      # cluster -> the whole cluster's text
    for gid, cluster, end in zip(ids, clusters, ends):
        if gid == empty:
            continue
        text = texts.get((cluster, end))
        if text is None:
            text = texts[cluster, end] = data[offset + cluster:offset + end].decode(errors="replace")
        whole = wholes.get(cluster)
        if whole is None:
            stop = next_start[cluster]     # most clusters: one glyph, which stands for all of it
            whole = wholes[cluster] = text if stop == end else data[offset + cluster:offset + stop].decode(
                errors="replace")
        glyphs.append(Glyph(gid, font, text, offset + cluster, whole))
    return glyphs


def _lone_glyphs(font, data: bytes, ids, clusters, ends, offset: int) -> list[Glyph]:
    """_run_glyphs for a run of lone glyphs (`lone`: each end is next_start's):
    each glyph its cluster's only one, standing for all of it, made in one
    pass (tests/test_kashida.py holds it to _run_glyphs)."""
    from weasyprint.text.ffi import pango
    empty = pango.PANGO_GLYPH_EMPTY
    texts = [data[offset + cluster:offset + end].decode(errors="replace") for cluster, end in zip(clusters, ends)]
    return [Glyph(gid, font, text, offset + cluster, text)
            for gid, cluster, text in zip(ids, clusters, texts) if gid != empty]


def _runs(layout) -> Iterator[tuple]:
    """Each run of the layout's first line, in drawing order: (its Pango font,
    its glyph ids, their clusters, where each glyph's text ends, the run's
    offset and length in the layout's text, in bytes). A glyph's text runs
    from its cluster to the next glyph's (drawing order: the one before it in
    a right-to-left run), or the run's end. Each cffi field read makes an
    object: each is read once."""
    from weasyprint.text.ffi import ffi
    run = layout.get_first_line()[0].runs[0]
    while run != ffi.NULL:
        item, run = run.data, run.next
        pango_item = item.item
        analysis = pango_item.analysis
        string, offset, length = item.glyphs, pango_item.offset, pango_item.length
        count = string.num_glyphs
        clusters = ffi.unpack(string.log_clusters, count)
        ends = [length, *clusters[:-1]] if analysis.level % 2 else [*clusters[1:], length]
        yield analysis.font, _glyph_ids(string, count), clusters, ends, offset, length


def _glyph_ids(string, count: int) -> list[int]:
    """The glyph ids of a Pango glyph string, read from its array at once
    (PangoGlyphInfo: the 32-bit id first, then its geometry and attributes;
    check_internals makes sure): through cffi one field at a time, reading
    them was most of the text layer's cost per glyph."""
    from weasyprint.text.ffi import ffi
    size = _glyph_info_size()
    return memoryview(ffi.buffer(string.glyphs, count * size)).cast("I")[::size // 4].tolist()


@functools.lru_cache(maxsize=1)
def _glyph_info_size() -> int:
    """sizeof(PangoGlyphInfo), asked of cffi once (it parses the type's name)."""
    from weasyprint.text.ffi import ffi
    return ffi.sizeof("PangoGlyphInfo")


def _spans(glyphs: list[Glyph], inserted: dict, extended: dict) -> dict[int, str]:
    """Give each elongation its span: its tatweel glyphs and the glyphs of the
    letter it extends, with that letter as /ActualText. Returns span -> text;
    raises KashidaError if a glyph holds both tatweels and a letter, or if a
    span's glyphs are not side by side."""
    texts: dict[int, str] = {}
    for glyph in glyphs:
        if glyph.cluster in inserted:
            glyph.kind = "tatweel"
            rest, position = "", glyph.cluster
            for char in glyph.cluster_text:
                if position not in inserted:
                    rest += char
                position += len(char.encode())
            if rest:
                raise KashidaError("a glyph draws an elongation and a letter together")
            letter = inserted[glyph.cluster]
            glyph.span, texts[letter] = letter, extended[letter]
    for glyph in glyphs:
        if glyph.kind != "tatweel" and glyph.cluster in texts and glyph.cluster in extended:
            glyph.span = glyph.cluster
    seen, previous = set(), None
    for glyph in glyphs:
        if glyph.span is not None and glyph.span != previous:
            if glyph.span in seen:
                raise KashidaError("an elongation and its letter are not drawn side by side")
            seen.add(glyph.span)
        previous = glyph.span
    return texts


TOKEN = re.compile(r"<([0-9a-fA-F]*)>|([-+0-9.eE]+)")


ADJUSTMENTS_AT_END = re.compile(r"(?: [-+0-9.eE]+)+$")


def _space_first(pieces: list[list], glyph: Glyph) -> str:
    """The position adjustments right before a span's first glyph where that
    glyph is a space, taken off the piece before it to be drawn after the
    space (returned). poppler places a span's /ActualText from its first
    glyph's origin: a justified line's extra space, half of which Pango puts
    before the space glyph (its x_offset), was a gap left of the span, and
    where wider than poppler's word break (a strongly justified line: 1.3 pt
    at 13.2 pt) poppler read a space there, inside the left-to-right section
    the span's text starts ("و 2026-11-29،", "طيبة ."). The space has no ink:
    nothing drawn moves, and the text position after it is the same."""
    if glyph.span is None or not pieces or not glyph.text or glyph.text.strip():
        return ""
    match = ADJUSTMENTS_AT_END.search(pieces[-1][1])
    if match is None:
        return ""
    pieces[-1][1] = pieces[-1][1][:match.start()]
    if not pieces[-1][1]:
        pieces.pop()
    return match.group()


def _stretches(glyphs: list[Glyph]) -> tuple[list[int], list[int]]:
    """For each glyph, the width of its id in a shown string (hex digits: 2 in
    a bitmap font, else 4) and where the stretch of glyphs it starts ends: the
    next glyph in another span, part or width. SpanningStream.show_text takes
    a stretch at a time, not a glyph (nothing in it opens or closes a span)."""
    widths = [2 if glyph.font.bitmap else 4 for glyph in glyphs]
    ends, end = [0] * len(glyphs), len(glyphs)
    for i in range(len(glyphs) - 1, -1, -1):
        if i + 1 < len(glyphs) and (glyphs[i].span != glyphs[i + 1].span or glyphs[i].part != glyphs[i + 1].part
                                    or widths[i] != widths[i + 1]):
            end = i + 1
        ends[i] = end
    return widths, ends


def _whole_tokens(tokens: list[tuple[str, str]], start: int, left: int, width: int) -> tuple[int, int]:
    """(the first token from `start` on whose glyphs are not all among the
    next `left`, the glyphs before it): the tokens a stretch of `left` glyphs
    of ids `width` digits long shows whole. A position adjustment has none."""
    count = 0
    for stop in range(start, len(tokens)):
        glyphs = -(-len(tokens[stop][0]) // width)
        if glyphs > left:
            return stop, count
        left, count = left - glyphs, count + glyphs
    return len(tokens), count


class SpanningStream:
    """Stands in for WeasyPrint's stream while one elongated box is drawn: passes
    everything through, but splits the glyph strings it is given so that each
    elongation and its letter are shown inside /Span <</ActualText (letter)>>,
    and each span of readers.Reading inside the marked content it asks for."""

    def __init__(self, stream, glyphs: list[Glyph], letters: dict):
        self._stream, self._glyphs, self._letters, self._next = stream, glyphs, letters, 0
        self._open, self._depth, self._glyphs_only = None, 0, False
        self._rise, self._font_size = 0.0, 1.0
        self._part, self._parts = 0, None     # the pdfium pieces of a span over several fonts
        self._widths, self._ends = _stretches(glyphs)

    def __getattr__(self, name):
        return getattr(self._stream, name)

    def set_font_size(self, font, size):
        self._font_size = size
        return self._stream.set_font_size(font, size)

    def set_text_rise(self, rise):
        self._rise = rise
        return self._stream.set_text_rise(rise)

    def show_text(self, string):
        pieces = self._pieces(TOKEN.findall(string))    # tokens: (ids, "") or ("", a number)
        if not pieces:
            return self._stream.show_text(string)
        self._show(pieces)

    def _pieces(self, tokens: list[tuple[str, str]], at_once: bool = True) -> list[list]:
        """A string's pieces, [span or None, what to show, part]: each glyph
        shown as a string of its own, position adjustments after a space and
        one of their own. Tokens whose glyphs are all of the stretch where they
        start (_stretches) are taken at once (_whole_tokens; at_once=False: a
        stretch of one token's glyphs at a time, as tests/test_kashida.py
        compares)."""
        pieces: list[list] = []
        i = 0
        while i < len(tokens):
            digits, adjustment = tokens[i]
            if adjustment:      # a position adjustment: stays with what precedes
                if not pieces:
                    pieces.append([self._open, "", self._part])
                pieces[-1][1] += " " + adjustment   # never glued to a number before it
                i += 1
                continue
            first = self._next
            if at_once and digits and first < len(self._glyphs):
                width = self._widths[first]
                stop, count = _whole_tokens(tokens, i, self._ends[first] - first, width)
                if stop > i:
                    self._next = first + count
                    self._add(pieces, self._glyphs[first], min(width, len(digits)) + 2, "".join([
                        " " + adjustment if adjustment else f"<{digits}>" if len(digits) == width
                        else "".join([f"<{digits[k:k + width]}>" for k in range(0, len(digits), width)])
                        for digits, adjustment in tokens[i:stop]]))
                    i = stop
                    continue
            k = 0
            while k < len(digits):      # a stretch of the token's glyphs at a time
                first = self._next
                if first >= len(self._glyphs):
                    raise KashidaError("more glyphs drawn than laid out")
                glyph, width = self._glyphs[first], self._widths[first]
                count = min(self._ends[first] - first, -(-(len(digits) - k) // width))
                ids = [digits[n:n + width] for n in range(k, k + count * width, width)]
                self._next, k = first + count, k + count * width
                self._add(pieces, glyph, width + 2, "".join([f"<{gid}>" for gid in ids]))
            i += 1
        return pieces

    @staticmethod
    def _add(pieces: list[list], glyph: Glyph, cut: int, shown: str) -> None:
        """Add what shows a stretch's glyphs, from `glyph` on, to the pieces: a
        piece of its own where its span or part is another, the adjustments
        before its first glyph, a space, moved after it (`cut`: the length of
        that glyph's string)."""
        if pieces and pieces[-1][0] == glyph.span and pieces[-1][2] == glyph.part:
            pieces[-1][1] += shown
            return
        held = _space_first(pieces, glyph)
        pieces.append([glyph.span, shown[:cut] + held + shown[cut:], glyph.part])

    def _show(self, pieces: list[list]) -> None:
        """Show the pieces, each in its span, opened and closed around them."""
        for span, text, *part in pieces:
            if span != self._open:
                self._close()
                if span is not None:
                    self._begin(span, *part)
            elif part and part[0] != self._part:
                self._next_part(part[0])
            if self._glyphs_only:       # each text object its own: pdfium skips
                self._marked(readers.VISUAL_TAG, "")    # a second one under the same dict
                self._stream.show_text(text)
                self._stream.end_marked_content()
            else:
                self._stream.show_text(text)
        # a span stays open while more of its glyphs are to come (WeasyPrint
        # shows a mark raised or lowered in a call of its own)
        following = self._glyphs[self._next].span if self._next < len(self._glyphs) else None
        if following != self._open:
            self._close()

    def _marked(self, tag: str, text: str) -> None:
        import pydyf
        self._stream.begin_marked_content(tag, pydyf.Dictionary({"ActualText": pydyf.String(text)}))

    def _begin(self, span, part: int = 0):
        """Open a span: poppler reads /ActualText on a /Span only, pdfium on any
        tag, the innermost; pdfium is given an empty one (it then reads the
        glyphs) around each piece where only poppler needs a text."""
        text = self._letters[span]
        reading = text if isinstance(text, readers.Reading) else readers.Reading(text, text)
        if abs(self._rise) > MAX_RISE * self._font_size and reading.pdfium is not None:
            # the span's first glyph (a word's last mark, drawn first) in a text
            # object of its own, well above or below the line: pdfium, given
            # the /ActualText there, read a new line after the word ("سواءٍ" in
            # the shipped briefings, lowered 0.36 em); it reads the glyphs
            # instead, as it did (a shadda raised 0.05 em reads right)
            reading = readers.Reading(reading.poppler, None)
        self._depth = 0
        if reading.poppler is not None:
            self._marked("Span", reading.poppler)
            self._depth += 1
        self._glyphs_only = reading.pdfium is None
        self._part, self._parts = part, reading.pdfium if isinstance(reading.pdfium, tuple) else None
        if self._parts is not None:
            self._marked(readers.VISUAL_TAG, self._parts[part])
            self._depth += 1
        elif reading.pdfium is not None and reading.pdfium != reading.poppler:
            self._marked(readers.VISUAL_TAG, reading.pdfium)
            self._depth += 1
        self._open = span

    def _next_part(self, part: int) -> None:
        """A span over several fonts: its glyphs of the next font get the next
        piece of pdfium's text, in marked content of their own (see _parts)."""
        self._part = part
        if self._parts is None:
            return
        self._stream.end_marked_content()
        self._marked(readers.VISUAL_TAG, self._parts[part])

    def _close(self):
        for _ in range(self._depth):
            self._stream.end_marked_content()
        self._open, self._depth, self._glyphs_only = None, 0, False
        self._part, self._parts = 0, None

    def finish(self):
        self._close()
        if self._next != len(self._glyphs):
            raise KashidaError(f"{len(self._glyphs)} glyphs laid out, {self._next} drawn")


def _remap(glyphs: list[Glyph], mapped_before: dict) -> None:
    """WeasyPrint maps a glyph to text once per font, at its first use. A tatweel
    glyph first used by an insertion must not decide that for the font's other
    uses (Amiri also draws joins with it): map it as its first other use here does,
    or mark it pending until one comes (see _settle)."""
    for glyph in glyphs:
        if glyph.kind != "tatweel" or glyph.gid in mapped_before.get(id(glyph.font), ()):
            continue
        other = next((g for g in glyphs if g.gid == glyph.gid and g.font is glyph.font
                      and g.kind != "tatweel"), None)
        if other is not None:
            glyph.font.to_unicode[glyph.gid] = other.text
        else:
            glyph.font.__dict__.setdefault(PENDING_KEY, set()).add(glyph.gid)
            _PENDING.add(glyph.font)


def _settle(glyphs: list[Glyph]) -> None:
    """A pending tatweel glyph takes the text of its first use outside an elongation."""
    for glyph in glyphs:
        pending = glyph.font.__dict__.get(PENDING_KEY)
        if pending and glyph.gid in pending and glyph.kind != "tatweel":
            glyph.font.to_unicode[glyph.gid] = glyph.text
            pending.discard(glyph.gid)
            if not pending:
                _PENDING.discard(glyph.font)


def _mapping(glyphs: list[Glyph]) -> dict[tuple[int, int], str]:
    """What each glyph of the box will stand for in the text layer once drawn:
    its font's mapping if one is made already (and not pending), else the text of
    its first use here outside an elongation (WeasyPrint's first-use rule, with
    _remap and _settle applied)."""
    mapping: dict[tuple[int, int], str] = {}
    for glyph in glyphs:
        key = (id(glyph.font), glyph.gid)
        if key in mapping:
            continue
        pending = glyph.font.__dict__.get(PENDING_KEY) or ()
        if glyph.gid in glyph.font.to_unicode and glyph.gid not in pending:
            mapping[key] = glyph.font.to_unicode[glyph.gid]
        elif glyph.kind != "tatweel":
            mapping[key] = glyph.text
    return mapping


def _settled(glyph: Glyph) -> str | None:
    """The text the glyph's font maps it to for good (None: not yet, or pending)."""
    if _PENDING and glyph.gid in (glyph.font.__dict__.get(PENDING_KEY) or ()):
        return None
    return glyph.font.to_unicode.get(glyph.gid)


def _misread_spans(glyphs: list[Glyph], texts: dict) -> None:
    """A glyph stands for one text per font (its first use), but a font may draw
    two things with one glyph: Amiri's tatweel (uni0640.1) is also the stroke
    of its lam-kaf join (the lam's cluster: lam + tatweel), so after a real
    tatweel ("1448هـ") every "مملكة" read "مملـكة"; with the join first, the
    tatweel read "ل" and the lam nothing. Each one-character cluster
    whose glyphs would not spell it gets a span with that character as
    /ActualText (as an elongation does; longer ActualText is reversed by pdfium
    in right-to-left lines). Adds to texts; span key: the cluster's offset."""
    clusters: dict[tuple[int, int], list[Glyph]] = {}
    for glyph in glyphs:
        if glyph.span is None and len(glyph.cluster_text) == 1:   # a cluster's glyphs share its text
            clusters.setdefault((id(glyph.font), glyph.cluster), []).append(glyph)
    mapping = None
    for (_, start), members in clusters.items():
        text = members[0].cluster_text
        if start in texts or len(members) == 1 and _settled(members[0]) == text:
            continue        # most glyphs: one to its letter, mapped to it already
        if mapping is None:
            mapping = _mapping(glyphs)
        spelled = [mapping.get((id(g.font), g.gid), g.text) for g in members]
        # a glyph mapped to nothing (the second glyph of its first cluster) reads
        # as garbage in pdfium: its cluster is spanned even when the rest spells it
        if "" in spelled or ("".join(spelled) != text and "".join(reversed(spelled)) != text):
            for glyph in members:
                glyph.span, glyph.misread = start, True
            texts[start] = text


def _reading_spans(textbox, glyphs: list[Glyph], texts: dict) -> None:
    """The spans readers.py planned for this box's line, then its words drawn
    with marks, then its other letters drawn with marks, on glyphs no other
    span holds. Span key: ("read", first glyph)."""
    planned = getattr(textbox, READING_KEY, None)
    if planned is None or planned[0] != textbox.pango_layout.text:
        return
    for span in planned[1]:
        _reading_span(glyphs, span, texts)
    if readers.unmarked(textbox.pango_layout.text) and all(len(g.text) < 2 for g in glyphs):
        return      # word_spans and mark_spans give such a box nothing (most boxes)
    # a word's span gives its whole text, so it may take a glyph whose own
    # span only undid that glyph's mapping (the tatweel of "1448هـ")
    words = readers.word_spans([(g.cluster, g.cluster_text) for g in glyphs],
                               [g.span is None or g.misread for g in glyphs])
    for span in words:
        _reading_span(glyphs, span, texts, over_misread=True)
    for span in readers.mark_spans([g.text for g in glyphs]):
        _reading_span(glyphs, span, texts)


def _reading_span(glyphs: list[Glyph], span, texts: dict, over_misread: bool = False) -> None:
    members = glyphs[span.first:span.last + 1]
    if span.last >= len(glyphs) or any(g.span is not None and not (over_misread and g.misread)
                                       for g in members):
        return
    reading = span.reading
    if reading.pdfium is not None and len({id(g.font) for g in members}) > 1:
        reading = readers.Reading(reading.poppler, _parts(members, reading.pdfium))
    if reading == readers.Reading(None, None):
        return
    for glyph in members:
        glyph.span, glyph.misread = ("read", span.first), False
    texts[("read", span.first)] = reading


def _parts(members: list[Glyph], pdfium: str) -> tuple[str, ...] | None:
    """pdfium's text for a span drawn in several fonts, one piece per run of
    one font (each glyph's `part`), None if it cannot be cut so. Each font's
    run is a text object of its own, and pdfium puts one /ActualText at the
    place of the first of them, left to right, then measures the gap to the
    next word from there: given whole, "المصادر: [1]" (the fact sheet's
    footer: Noto Kufi Arabic has no brackets or colon, Noto Sans draws them)
    read "المصادر : [1]", a space from the marker's left end to the word.
    Cut into pieces as long as the text each run draws, left to right, each
    run gives its own piece where its glyphs stand (measured). Not where a
    run draws spaces only: pdfium skips a text object without ink, its
    /ActualText too (a heading's " (", Noto Sans's bracket and Noto Kufi's
    space, then lost its bracket: "للتعاون المبادرة)"; Kufi now draws both,
    tools/kufi_brackets.py)."""
    runs: list[list[Glyph]] = []
    for glyph in members:
        if runs and runs[-1][-1].font is glyph.font:
            runs[-1].append(glyph)
        else:
            runs.append([glyph])
    sizes = [sum(len(g.text) for g in run) for run in runs]
    inkless = any(not "".join(g.text for g in run).strip() for run in runs)
    if inkless or 0 in sizes or sum(sizes) != len(pdfium):
        return None
    pieces, start = [], 0
    for part, (run, size) in enumerate(zip(runs, sizes)):
        pieces.append(pdfium[start:start + size])
        start += size
        for glyph in run:
            glyph.part = part
    return tuple(pieces)


def _draw_hook(original: Callable) -> Callable:
    def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
        _as_drawn(textbox.pango_layout)
        marked = getattr(textbox, BOX_KEY, None)
        elongated = marked is not None and textbox.pango_layout.text == marked[0]
        if elongated:
            glyphs = _drawn_glyphs(textbox, stream)
            texts = _spans(glyphs, *marked[1])
            _more_spans(textbox, glyphs, texts)
        else:
            glyphs, texts = _box_spans(textbox, stream)
            if not texts:
                result = original(stream, textbox, text_overflow, block_ellipsis, matrix)
                if _PENDING and glyphs:
                    _settle(glyphs)
                return result
        # what the fonts mapped before, for _remap: only an elongated box has
        # glyphs it remaps (and _settle acts only while some are pending)
        before = ({id(font): set(font.to_unicode) for font in {id(g.font): g.font for g in glyphs}.values()}
                  if elongated else {})
        proxy = SpanningStream(stream, glyphs, texts)
        result = original(proxy, textbox, text_overflow, block_ellipsis, matrix)
        proxy.finish()
        if _PENDING:
            _settle([g for g in glyphs if g.kind != "tatweel"])
        if elongated:
            _remap(glyphs, before)
        return result
    draw_first_line.__wrapped__ = original
    return draw_first_line


def _box_spans(textbox, stream) -> tuple[list[Glyph], dict]:
    """A box without elongations: its glyphs and its spans (none: drawn as
    WeasyPrint draws it). The quick paths tell most boxes need none without
    the full one (_drawn_as_mapped, _spell_themselves)."""
    if not textbox.text.strip() or _drawn_as_mapped(textbox, stream):
        return [], {}
    read = GLYPHS_KEY in textbox.__dict__       # by plan_reading, for its line
    glyphs, texts = _drawn_glyphs(textbox, stream), {}
    if not (read and _spell_themselves(textbox, glyphs)):
        _more_spans(textbox, glyphs, texts)
    return glyphs, texts


def _more_spans(textbox, glyphs: list[Glyph], texts: dict) -> None:
    """Add to texts the spans of a box's glyphs beyond its elongations: a
    stack of marks mapped first, then misread glyphs, then the reading spans."""
    map_stacked_marks(glyphs)
    _misread_spans(glyphs, texts)
    _reading_spans(textbox, glyphs, texts)


def _drawn_as_mapped(textbox, stream) -> bool:
    """Whether the box needs no span, told from its glyph ids and clusters
    without making Glyphs (most boxes of a left-to-right document): no line
    plan read its glyphs and none planned it a span, its text has no mark or
    tatweel (readers.unmarked), nothing is pending (kashida), and every glyph
    stands alone for one character of its run, which its font maps it to
    already or, not mapped yet, will map it to: its first use in the box (the
    first use of a font's glyph in the document, WeasyPrint's rule), and every
    other use there the same character. Then the drawing hook's path would
    find none either: each cluster is one glyph spelling it (_misread_spans,
    _mapping), word_spans and mark_spans give nothing, map_stacked_marks maps
    nothing. Each run's font is added to the PDF in their order, as
    _drawn_glyphs does."""
    layout = textbox.pango_layout
    if GLYPHS_KEY in textbox.__dict__ or not _may_need_no_span(textbox):
        return False
    from weasyprint.text.ffi import pango
    data, empty, first_uses, font_of = layout.text.encode(), pango.PANGO_GLYPH_EMPTY, {}, _pdf_fonts(stream)
    for pango_font, ids, clusters, ends, offset, _ in _runs(layout):
        font = font_of(pango_font)
        # one character up to the next glyph's cluster, for every glyph:
        # the clusters strictly in order, each one glyph and one character
        texts = [data[offset + cluster:offset + end].decode(errors="replace")
                 for cluster, end in zip(clusters, ends)]
        if empty in ids or "" in texts or len("".join(texts)) != len(texts):
            return False
        to_unicode = font.to_unicode
        if list(map(to_unicode.get, ids)) == texts:
            continue        # all mapped to their characters already (most runs)
        for gid, text in zip(ids, texts):
            if not _spells(font, gid, text, first_uses):
                return False
    return True


def _may_need_no_span(textbox) -> bool:
    """What both quick paths (_drawn_as_mapped, _spell_themselves) ask first:
    nothing pending (kashida), no line plan gave the box a span, and its text
    has no mark or tatweel (readers.unmarked)."""
    planned = getattr(textbox, READING_KEY, None)
    return not (_PENDING or planned is not None and planned[1] or not readers.unmarked(textbox.pango_layout.text))


def _spells(font, gid: int, text: str, first_uses: dict) -> bool:
    """Whether glyph `gid` of `font` is mapped to `text`, now or, not mapped
    yet, by its first use in the box (WeasyPrint maps a glyph at its first use
    in the document): first_uses (id(font), gid) -> that use's text, every
    other use of it in the box the same."""
    mapped = font.to_unicode.get(gid)
    return (mapped if mapped is not None else first_uses.setdefault((id(font), gid), text)) == text


def _spell_themselves(textbox, glyphs: list[Glyph]) -> bool:
    """_drawn_as_mapped for a box whose glyphs a line plan read (a right-to-left
    line with punctuation, digits or Latin) and gave no span: whether each
    glyph is its cluster's only one, stands for one character and is mapped
    to it, now or by its first use in the box. The drawing hook's path would
    find no span there (_misread_spans, word_spans, mark_spans) and
    map_stacked_marks would map nothing."""
    if not _may_need_no_span(textbox):
        return False
    first_uses: dict[tuple[int, int], str] = {}
    for glyph in glyphs:
        text = glyph.text
        if len(text) != 1 or glyph.cluster_text != text or not _spells(glyph.font, glyph.gid, text, first_uses):
            return False
    return len({glyph.cluster for glyph in glyphs}) == len(glyphs)


def _drawn_glyphs(textbox, stream) -> list[Glyph]:
    """The box's glyphs, with the PDF fonts they are drawn in: the ones
    plan_reading read from this very Pango layout (a right-to-left line's box),
    else read now. Either way each run's font is added to the PDF in the order
    of the runs, as draw_first_line adds them (the order the PDF lists them)."""
    layout = textbox.pango_layout
    planned = textbox.__dict__.pop(GLYPHS_KEY, None)
    font_of = _pdf_fonts(stream)
    if planned is None or planned[0] is not getattr(layout, "layout", None) or planned[1] != layout.text:
        return _glyphs(layout, font_of)
    from weasyprint.text.ffi import ffi
    fonts = {}
    run = layout.get_first_line()[0].runs[0]
    while run != ffi.NULL:
        font = run.data.item.analysis.font
        fonts[font] = font_of(font)
        run = run.next
    glyphs = planned[2]
    for glyph in glyphs:
        glyph.font = fonts[glyph.font]
    return glyphs


def _pdf_fonts(stream) -> Callable:
    """The PDF font of each Pango font of one box, asked of stream.add_font
    once a Pango font (it describes and hashes the font at every call; a
    box's runs share a few): the first ask of each, in the runs' order, adds
    it to the PDF, as draw_first_line's do."""
    fonts: dict = {}

    def font_of(pango_font):
        font = fonts.get(pango_font)
        if font is None:
            font = fonts[pango_font] = stream.add_font(pango_font)[0]
        return font
    return font_of


def _as_drawn(layout) -> None:
    """Set the layout up as WeasyPrint's draw_first_line does before it reads
    the first line (one paragraph), so that the glyphs read here are the ones
    it draws and it does not shape the text again: Pango lays a layout out
    anew whenever that setting changes (setting it again is free)."""
    from weasyprint.text.ffi import pango
    pango.pango_layout_set_single_paragraph_mode(layout.layout, True)


def _active_for_drawing(layout, style) -> None:
    """Leave the layout as it was reactivated here for draw_text, which
    reactivates it first thing (and deactivates it once drawn): its next
    reactivation, with the same style, keeps it instead of building the same
    Pango layout and shaping its text again. Later ones are WeasyPrint's own."""
    def reactivate(given_style):
        del layout.reactivate
        if given_style is not style:
            layout.reactivate(given_style)
    layout.reactivate = reactivate


def _logical_boxes(box, boxes_module) -> list:
    """The text boxes of a line in the order of its content (logical order)."""
    if isinstance(box, boxes_module.TextBox):
        return [box] if getattr(box, "pango_layout", None) is not None else []
    if isinstance(box, (boxes_module.LineBox, boxes_module.InlineBox)):
        return [t for child in box.children       # an inline block is drawn as a
                if isinstance(child, boxes_module.Box) and child.is_in_normal_flow()   # stacking
                for t in _logical_boxes(child, boxes_module)]                    # context
    return []


def plan_reading(line) -> None:
    """Give each text box of a right-to-left line the spans readers.py plans
    for it (READING_KEY), read by the drawing hook."""
    from weasyprint.formatting_structure import boxes as boxes_module
    logical = _logical_boxes(line, boxes_module)
    drawn = [box for box in sorted(logical, key=lambda b: b.position_x) if box.text]
    for box in drawn:
        box.pango_layout.reactivate(box.style)      # as draw_text does before drawing it
        _as_drawn(box.pango_layout)
    spans = {}
    # a line of Arabic letters, marks and spaces needs no plan (its glyphs'
    # texts are taken from its boxes' texts): its glyphs are read when drawn
    if not readers.plain_line("".join(box.pango_layout.text for box in drawn)):
        read = []       # (box's logical place, its glyphs, raised), left to right
        for box in drawn:
            glyphs = _glyphs(box.pango_layout, lambda font: font)    # Pango's fonts, made PDF fonts when drawn
            raised = abs(box.position_y + box.baseline - line.position_y - line.baseline) > RAISED
            read.append((logical.index(box), glyphs, raised))
            setattr(box, GLYPHS_KEY, (box.pango_layout.layout, box.pango_layout.text, glyphs))
        char = tuple.__new__     # a readers.Char made without its Python __new__: one per character
        spans = readers.plan_line([char(readers.Char, (text, n, g, (n, glyph.cluster, k), raised))
                                   for n, glyphs, raised in read
                                   for g, glyph in enumerate(glyphs) for k, text in enumerate(glyph.text)])
    for box in drawn:
        _active_for_drawing(box.pango_layout, box.style)
    for n, box in enumerate(logical):
        setattr(box, READING_KEY, (box.pango_layout.text, spans.get(n, [])))


def _line_hook(original: Callable) -> Callable:
    def draw_inline_level(stream, page, box, *args, **kwargs):
        from weasyprint.formatting_structure import boxes as boxes_module
        if isinstance(box, boxes_module.LineBox) and box.style["direction"] == "rtl":
            plan_reading(box)
        return original(stream, page, box, *args, **kwargs)
    draw_inline_level.__wrapped__ = original
    return draw_inline_level


_PENDING: "weakref.WeakSet" = weakref.WeakSet()    # PDF fonts with pending tatweel glyphs


# -- installing -------------------------------------------------------------

class KashidaError(RuntimeError):
    """WeasyPrint is not the version this extension was written against, or its
    internals changed under it."""


# What the hooks rely on: (module, name, parameters).
RELIES_ON = (
    ("weasyprint.layout.inline", "text_align", ["context", "line", "available_width", "last"]),
    ("weasyprint.layout.inline", "count_expandable_spaces", ["box"]),
    ("weasyprint.draw.text", "draw_first_line",
     ["stream", "textbox", "text_overflow", "block_ellipsis", "matrix"]),
    ("weasyprint.text.line_break", "create_layout",
     ["text", "style", "context", "max_width", "justification_spacing"]),
    ("weasyprint.text.line_break", "line_size", ["line", "style"]),
    ("weasyprint.draw", "draw_inline_level",
     ["stream", "page", "box", "offset_x", "text_overflow", "block_ellipsis"]),
)


def interface_problems(what: str, relies_on) -> list[str]:
    """A hook's `relies_on` ((module, name, parameters), ...) checked against the
    installed WeasyPrint: another version than WEASYPRINT, a function gone or
    taking other parameters (empty: nothing). `what` names the hook."""
    import importlib
    import weasyprint
    problems = []
    if weasyprint.__version__ != WEASYPRINT:
        problems.append(f"WeasyPrint {weasyprint.__version__} is installed; {what} "
                        f"is written for {WEASYPRINT}")
    for module_name, name, parameters in relies_on:
        function = getattr(importlib.import_module(module_name), name, None)
        function = getattr(function, "__wrapped__", function)
        if function is None:
            problems.append(f"{module_name}.{name} is gone")
        elif list(inspect.signature(function).parameters) != parameters:
            problems.append(f"{module_name}.{name} now takes "
                            f"{list(inspect.signature(function).parameters)}, not {parameters}")
    return problems


def check_internals() -> list[str]:
    """What differs from the WeasyPrint these hooks were written for (empty: nothing)."""
    problems = interface_problems("the kashida extension", RELIES_ON)
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf.stream import Stream
    from weasyprint.text.line_break import Layout
    for owner, attribute in ((boxes, "TextBox"), (boxes, "LineBox"), (boxes, "InlineBox"),
                             (Stream, "add_font"), (Stream, "begin_marked_content"),
                             (Layout, "deactivate"), (Layout, "get_first_line")):
        if not hasattr(owner, attribute):
            problems.append(f"{owner.__name__}.{attribute} is gone")
    source = inspect.getsource(getattr(_module("weasyprint.draw.text").draw_text, "__wrapped__",
                                       _module("weasyprint.draw.text").draw_text))
    if "draw_first_line(" not in source:
        problems.append("weasyprint.draw.text.draw_text no longer calls draw_first_line")
    if "text_align(" not in inspect.getsource(_module("weasyprint.layout.inline").get_next_linebox):
        problems.append("weasyprint.layout.inline.get_next_linebox no longer calls text_align")
    from weasyprint.text.ffi import ffi
    if (ffi.sizeof("PangoGlyph") != 4 or ffi.offsetof("PangoGlyphInfo", "glyph") != 0
            or ffi.sizeof("PangoGlyphInfo") % 4):
        problems.append("PangoGlyphInfo no longer starts with a 32-bit glyph id (_glyph_ids)")
    return problems


def _module(name: str):
    import importlib
    return importlib.import_module(name)


def installed() -> bool:
    return hasattr(_module("weasyprint.layout.inline").text_align, "__wrapped__")


def install_text_layer() -> None:
    """Wrap draw_first_line and draw_inline_level (once per process), for every
    document: a cluster whose glyphs would be read as something else gets
    /ActualText (_misread_spans), and each right-to-left line the reading spans
    readers.py plans. Raises KashidaError on any other WeasyPrint."""
    text = _module("weasyprint.draw.text")
    if hasattr(text.draw_first_line, "__wrapped__"):
        return
    problems = check_internals()
    if problems:
        raise KashidaError("the text layer's repair is unavailable: " + "; ".join(problems))
    text.draw_first_line = _draw_hook(text.draw_first_line)
    draw = _module("weasyprint.draw")
    draw.draw_inline_level = _line_hook(draw.draw_inline_level)


def install() -> None:
    """Wrap the two WeasyPrint functions (once per process). Raises KashidaError,
    saying what changed, on any other WeasyPrint than the pinned one."""
    if installed():
        return
    problems = check_internals()
    if problems:
        raise KashidaError("kashida justification unavailable: " + "; ".join(problems))
    inline = _module("weasyprint.layout.inline")
    inline.text_align = _text_align_hook(inline.text_align)
    install_text_layer()


def uninstall() -> None:
    """Put WeasyPrint's own functions back (for tests)."""
    inline, text = _module("weasyprint.layout.inline"), _module("weasyprint.draw.text")
    inline.text_align = getattr(inline.text_align, "__wrapped__", inline.text_align)
    text.draw_first_line = getattr(text.draw_first_line, "__wrapped__", text.draw_first_line)
    draw = _module("weasyprint.draw")
    draw.draw_inline_level = getattr(draw.draw_inline_level, "__wrapped__", draw.draw_inline_level)
