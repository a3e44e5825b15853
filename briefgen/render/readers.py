"""How the two PDF text readers rebuild a right-to-left line from its glyphs,
and the /ActualText each needs to give it back in logical order (issue 24).

A PDF holds glyphs in visual order, left to right; a reader rebuilds logical
order line by line with rules of its own, simplified from the Unicode bidi
algorithm, and both get some lines wrong however the glyphs are mapped:

- poppler (pdftotext, Evince, Okular; TextOutputDev.cc, `reorderText`), in a
  right-to-left page, reads a line from the right: a right-to-left section
  runs to the first digit or Latin letter ("number" includes the separators
  and terminators ``: . , ، % ٪`` and the no-break space), is reversed, and a
  left-to-right section then takes everything up to the next Arabic letter,
  spaces and brackets included, and keeps it left to right. So a space or a
  bracket written between a number and the next Arabic word comes out before
  the number ("صفحة  2من 7").
- pdfium (Chrome, Edge; cpdf_textpage.cpp, `CloseTempLine`) splits a line into
  segments (Latin letters; numbers, marks and separators; Arabic letters;
  the rest), reverses their order and reverses and MIRRORS every neutral
  segment met while the direction is right to left. The fonts map a mirrored
  bracket to the character it stands for (tools/readable_fonts.py), so pdfium
  mirrors it a second time ("]1["), and a Latin phrase comes back word by word
  reversed.

A run is what lies between two Arabic letters of a line (or its end): digits,
Latin, spaces, punctuation. For each run whose reading differs from its
logical text, `plan_line` computes what each reader must be given so that its
own rules return the logical text, and the drawing hook (kashida.py) draws the
run's glyphs inside marked content carrying it: poppler honours /ActualText
only on a /Span; pdfium honours it on any tag and takes the innermost, so a
/Span with poppler's text can hold a VISUAL_TAG span with pdfium's (an empty
one: pdfium reads the glyphs themselves). Neither reader is given an
invisible character. Where poppler's rules cannot return the logical text at
all (a closing bracket or a quote right after a number, a Latin letter or a
colon, touching the next word), it is given a no-break space after it
("المصدر: [1]" at a line's end; mid-line "قطر: « العلاقات", a space more after
the quote: for_poppler). What poppler cannot set apart after a number but a
space, it is given as a no-break space: "صفحة 2 من 7" reads "صفحة 2\\u00a0من 7",
which search and copy treat as a space.

A word with marks (بعثةً, الشَّرَاكَة, full tashkeel) is drawn as one span,
with the full stop or comma that closes it, and given to each reader whole
(word_spans): drawn glyph by glyph both split it at its marks. So is a word
with a written tatweel (Amiri's one-glyph "ـــا", "1448هـ"). A letter with its marks outside such a
word is one span for poppler (mark_spans), which otherwise sets a mark that
stands after its letter apart as a word of its own. A closing bracket drawn in
the box after a Latin phrase or a number is given to poppler with them
(_hosted), the box they came from a share of that text back where poppler
reads it so too (_spread: an empty box is a gap, and a wide gap cut the line
in two), and a line without letters (a list number) to pdfium in logical
order (_letterless_for_pdfium). Where pdfium must read a character of another
box right after a space that is all a box gives the run (a phrase isolated in
a box of its own, its opening quote read after the space right of it), that
space is given pdfium's text with the word before it (_through_word): a space
alone has no ink, and pdfium skips it with its /ActualText.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

VISUAL_TAG = "VisualText"     # marked content only pdfium reads /ActualText on
NO_BREAK_SPACE = "\u00a0"
TATWEEL = "\u0640"
SPACES = re.compile(" +")
# pdfium mirrors English quotes too (measured: a word's /ActualText ending in
# "” " read " “", see _through_word)
MIRRORED = dict(zip("()[]{}<>«»‹›“”", ")(][}{><»«›‹”“"))
MAX_SHARED = 3          # boxes sharing one text for poppler (_spread tries every cut: a few hundred)


class Char(NamedTuple):
    """One character of a line as a reader meets it, left to right (a tuple:
    the drawing hook makes one per character of every right-to-left line)."""
    char: str
    box: int          # which text box of the line (their logical order)
    glyph: int        # which glyph of the box (its drawing order)
    order: tuple      # sorts the line's characters into logical order
    raised: bool = False    # its box sits off the line's baseline (a citation marker)


@dataclass(frozen=True)
class Reading:
    """What a span of glyphs is given as text: poppler's, pdfium's (None: the
    glyphs themselves)."""
    poppler: str | None
    pdfium: str | None


@dataclass(frozen=True)
class Span:
    first: int        # first and last glyph of the box, drawing order
    last: int
    reading: Reading


# The classes below are asked of every character of every right-to-left line
# drawn, a few times each: remembered per character (or cluster), they cost a
# look-up instead of Unicode's tables (bounded: a record of many scripts
# cannot make them grow without end).

@lru_cache(maxsize=65536)
def poppler_class(char: str) -> str:
    """poppler's character class (UnicodeTypeTable.cc), which follows the
    Unicode bidi classes for the scripts documents use: R, L, '#' or N."""
    bidi = unicodedata.bidirectional(char)
    if bidi in ("R", "AL"):
        return "R"
    if bidi == "L":
        return "L"
    return "#" if bidi in ("EN", "AN", "ES", "ET", "CS") else "N"


@lru_cache(maxsize=65536)
def pdfium_class(char: str) -> str:
    """pdfium's segment class (CFX_BidiChar::AppendChar)."""
    bidi = unicodedata.bidirectional(char)
    if bidi == "L":
        return "left"
    if bidi in ("R", "AL"):
        return "right"
    if bidi in ("AN", "EN", "NSM", "CS", "ES", "ET", "BN"):
        return "weak"
    return "neutral"


def _segments(items, classify) -> list:
    """Runs of neighbours of one class (of a string: strings; of a list: lists)."""
    pieces: list = []
    for item in items:
        if pieces and classify(pieces[-1][-1]) == classify(item):
            pieces[-1] += item if isinstance(item, str) else [item]
        else:
            pieces.append(item if isinstance(item, str) else [item])
    return pieces


def _mirror(text: str) -> str:
    return "".join(MIRRORED.get(c, c) for c in text)


# -- how each reader reads a run (between Arabic letters, right-to-left line) --

def poppler_reads(visual: str) -> str:
    """A run as poppler gives it: the neutrals right of its last digit or
    Latin letter join the right-to-left section before it (reversed), the
    rest stays left to right."""
    strong = [i for i, c in enumerate(visual) if poppler_class(c) in ("L", "#")]
    if not strong:
        return visual[::-1]
    last = strong[-1]
    return visual[last + 1:][::-1] + visual[:last + 1]


def pdfium_reads(visual: str, given: bool = False) -> str:
    """A run as pdfium gives it, entered from the right in right-to-left mode.
    given: the run's text is an /ActualText, whose neutral segments pdfium
    mirrors but does not reverse (measured: "(مبادرة)" given as " )…( " reads
    right, given as ") …(" reads ")…(")."""
    out, rtl = [], True
    for piece in reversed(_segments(visual, pdfium_class)):
        kind = pdfium_class(piece[0])
        if kind == "neutral" and rtl:
            out.append(_mirror(piece if given else piece[::-1]))
            continue
        out.append(piece)
        rtl = rtl and kind != "left"
    return "".join(out)


def for_poppler(logical: list[Char], spaced: bool = False) -> list[Char] | None:
    """The characters, in the order and form poppler reads as `logical`
    (None: none does). spaced: a bracket or quote that ends the run after a
    number, a Latin letter or a colon is given a no-break space after it (a
    digit to poppler, so its left-to-right section ends there; read as a space
    after the bracket, "قطر: « العلاقات", but at a line's end)."""
    strong = [i for i, c in enumerate(logical) if poppler_class(c.char) in ("L", "#")]
    if not strong:
        return logical[::-1]
    lead, rest = logical[:strong[0]], _no_break_tail(logical[strong[0]:])
    if poppler_class(rest[-1].char) not in ("L", "#") and spaced:
        rest = rest + [rest[-1]._replace(char=NO_BREAK_SPACE)]
    if poppler_class(rest[-1].char) not in ("L", "#"):
        return None            # a bracket or quote after a number: poppler moves it
    return rest + lead[::-1]


def _no_break_tail(chars: list[Char]) -> list[Char]:
    """Trailing spaces made no-break (poppler counts those with numbers)."""
    end = len(chars)
    while end > 0 and chars[end - 1].char in (" ", NO_BREAK_SPACE):
        end -= 1
    return chars[:end] + [c._replace(char=NO_BREAK_SPACE) for c in chars[end:]]


def for_pdfium(logical: list[Char]) -> list[Char]:
    """The characters, in the order and form pdfium reads as `logical` from
    an /ActualText: its segments in reverse order, each neutral one it will
    mirror given mirrored."""
    pieces, rtl = [], True
    for piece in _segments(logical, lambda c: pdfium_class(c.char)):
        kind = pdfium_class(piece[0].char)
        if kind == "neutral" and rtl:
            pieces.append([c._replace(char=MIRRORED.get(c.char, c.char)) for c in piece])
        else:
            pieces.append(piece)
            rtl = rtl and kind != "left"
    return [c for piece in reversed(pieces) for c in piece]


def _same(a: str, b: str) -> bool:
    """Equal as search reads them: a no-break space is a space, and a run of
    spaces one space (both readers collapse them)."""
    return SPACES.sub(" ", a.replace(NO_BREAK_SPACE, " ")) == SPACES.sub(" ", b)


# -- a line's plan ------------------------------------------------------------

def runs(chars: list[Char]) -> list[list[Char]]:
    """The line's characters between Arabic letters (and their marks, which
    mark_spans gives to their letters), left to right."""
    inside = map(_between, [char.char for char in chars])
    return [[char for _, char in run] for between, run in groupby(zip(inside, chars), key=itemgetter(0)) if between]


@lru_cache(maxsize=65536)
def _between(char: str) -> bool:
    """Not an Arabic letter nor a mark: a character of a run (runs)."""
    return not (poppler_class(char) == "R" or is_mark(char))


def _hosted(given: list[Char], run: list[Char], carry: bool = False,
            ends_line: bool = False, starts_line: bool = False) -> list[str] | None:
    """The run's text as a reader is to be given it, one piece per box of the
    run, left to right: each box takes the characters that come from it, a
    no-break space the box of the character before it. carry (poppler): a box left
    of the one being filled, holding a space, gives its characters to it and
    is given nothing; poppler reads its empty place as the space it holds
    (pdfium would read an empty /ActualText as the glyphs). So a closing
    bracket drawn in the box after a Latin phrase or a number ("الحدث: 16
    فبراير", the colon and the number kept apart) is read with them. At the
    end of a line (ends_line) any box left of the text can be given nothing:
    the gap poppler reads there ends the line. Then the boxes so emptied are
    given a share back where poppler reads it so too (_spread). None if the
    pieces in visual order would not spell it."""
    boxes = list(dict.fromkeys(c.box for c in run))
    place = {box: n for n, box in enumerate(boxes)}
    pieces = {box: "" for box in boxes}
    host = None
    for char in given:
        if host is None or not (char.char == NO_BREAK_SPACE
                                or carry and place[char.box] < place[host]):
            host = char.box
        pieces[host] += char.char
    own = [_text([c for c in run if c.box == box]) for box in boxes]
    ordered = [pieces[box] for box in boxes]
    if "".join(ordered) != _text(given):
        return None
    if carry:
        raised = [any(c.raised for c in run if c.box == box) for box in boxes]
        ordered = _spread(ordered, own, raised, _text(sorted(run, key=lambda c: c.order)), ends_line, starts_line)
    filled = [n for n, piece in enumerate(ordered) if piece]
    for n, piece in enumerate(ordered):
        if not piece and " " not in own[n] and not (carry and ends_line and n < min(filled)):
            return None
    return ordered


def _spread(pieces: list[str], own: list[str], raised: list[bool], logical: str,
            ends_line: bool, starts_line: bool) -> list[str]:
    """The pieces (a run's boxes, left to right), where a box that gave its
    characters to a box on its right is given a share of that box's text
    back, in order, where poppler still reads the run as `logical`. Emptied,
    it left a gap as wide as its glyphs (a number and a space; more beside a
    figure key's number and its padding), and poppler cut the line there into
    two blocks or lines and read them out of order ("نوفمبر 2026م / 19 تاريخ
    الإصدار: 29", a page's foot between a date's day and its month). A box
    drawing spaces only is given nothing (the drawing hook spans no such box),
    nor a raised box (a citation marker after a full stop, "بروكسل.[1]"):
    poppler read a share there on a line of its own. Nor, at a line's end
    (ends_line), a box left of all the text: the gap ends the line, and with
    a share there poppler set the event cards' last lines (". [1]") apart
    as paragraphs of their own."""
    pieces = list(pieces)
    first = next((n for n, piece in enumerate(pieces) if piece), 0) if ends_line else 0
    for host in range(len(pieces)):
        group = [i for i in range(max(first, _group_start(pieces, own, host)), host + 1)
                 if own[i].strip() and not raised[i]]
        if not 2 <= len(group) <= MAX_SHARED or not pieces[host]:
            continue
        scored = [(_cost(pieces, group, shares, own, logical, ends_line, starts_line), shares)
                  for shares in _cuts(pieces[host], len(group))]
        cost, best = min(scored, key=lambda item: item[0])
        if cost[0] == 2:
            continue        # no cut reads right (as modelled): the box keeps it all
        for i, share in zip(group, best):
            pieces[i] = share
    return pieces


def _group_start(pieces: list[str], own: list[str], host: int) -> int:
    """The first of the empty boxes right before `host` (they gave it their text)."""
    start = host
    while start > 0 and not pieces[start - 1] and own[start - 1]:
        start -= 1
    return start


def _cuts(text: str, count: int):
    """Every way to cut text in `count` pieces in order (some may be empty)."""
    if count == 1:
        yield (text,)
        return
    for cut in range(len(text) + 1):
        for rest in _cuts(text[cut:], count - 1):
            yield (text[:cut], *rest)


def _cost(pieces, group, shares, own, logical, ends_line, starts_line) -> tuple:
    """How a cut of a host's text over its group fares: first whether poppler
    reads the run right (_poppler_reads_pieces), then the gaps left (boxes of the group
    given nothing), then how far the cuts fall from the boxes' own shares."""
    trial = list(pieces)
    for i, share in zip(group, shares):
        trial[i] = share
    gaps = sum(not share.strip(" " + NO_BREAK_SPACE) for share in shares)
    total, size = sum(len(own[i]) for i in group), sum(map(len, shares))
    drift = sum(abs(len(share) - size * len(own[i]) / total) for i, share in zip(group, shares))
    read = _poppler_reads_pieces(trial, own, ends_line, starts_line)
    return (0 if _same(read, logical) else 1 if _same(read, logical + " ") else 2, gaps, drift)


def _poppler_reads_pieces(pieces: list[str], own: list[str], ends_line: bool = False, starts_line: bool = False) -> str:
    """What poppler reads of a run given as pieces (its boxes left to right,
    `own` what each draws): a piece of spaces only it skips (poppler drops a
    character that is a space or a no-break space), and a box given nothing
    reads as a space, the gap it leaves, but at the end of a line."""
    visual = "".join(p if p.strip(" " + NO_BREAK_SPACE) else (" " if o else "")
                     for p, o in zip(pieces, own))
    if ends_line:
        visual = visual.lstrip(" ")
    if starts_line:
        visual = visual.rstrip(" ")
    return poppler_reads(visual)


def _text(chars: list[Char]) -> str:
    return "".join(c.char for c in chars)


def pdfium_right_to_left(chars: list[Char]) -> bool:
    """Whether pdfium reads the line right to left: it counts segments of
    Arabic and of Latin letters (a line with a long URL is read left to right)."""
    kinds = [kind for kind, _ in groupby(map(pdfium_class, "".join(c.char for c in chars)))]   # a segment's
    return 0 < kinds.count("right") >= kinds.count("left")                                        # class each


def plan_run(run: list[Char], pdfium: bool = True, ends_line: bool = False,
             starts_line: bool = False) -> dict[int, tuple[str | None, str | None]]:
    """Box -> (poppler's text, pdfium's text) for the run's piece in that box;
    None where the reader already reads it right or nothing helps (pdfium:
    False when it reads the line left to right). ends_line, starts_line: the
    run is at the line's left end, its right end. A function of the run's
    characters, which box each is in (the boxes by first appearance), their
    logical order and which are raised: remembered so (_planned), as a
    document's runs recur (a comma and a space, a date's digits)."""
    boxes = list(dict.fromkeys(c.box for c in run))
    place = {box: n for n, box in enumerate(boxes)}
    ranks = sorted(range(len(run)), key=lambda i: run[i].order)
    plan = _planned("".join(c.char for c in run), tuple(place[c.box] for c in run), tuple(ranks),
                    tuple(c.raised for c in run), pdfium, ends_line, starts_line)
    return {boxes[n]: texts for n, texts in plan}


@lru_cache(maxsize=8192)
def _planned(text: str, boxes: tuple, ranks: tuple, raised: tuple, pdfium: bool, ends_line: bool,
             starts_line: bool) -> tuple:
    """plan_run's plan of a run given as its parts, as ((box, texts), ...)."""
    order = {i: n for n, i in enumerate(ranks)}
    run = [Char(c, box, i, (order[i],), up) for i, (c, box, up) in enumerate(zip(text, boxes, raised))]
    return tuple(_plan_run(run, pdfium, ends_line, starts_line).items())


def _plan_run(run: list[Char], pdfium: bool, ends_line: bool, starts_line: bool) -> dict:
    visual = "".join(c.char for c in run)
    ordered = sorted(run, key=lambda c: c.order)
    logical = "".join(c.char for c in ordered)
    wanted: dict[str, list[str] | None] = {"poppler": None, "pdfium": None}
    for reader, reads, given, checks in (
            ("poppler", poppler_reads, lambda chars: for_poppler(chars, spaced=True), poppler_reads),
            ("pdfium", pdfium_reads, for_pdfium, lambda text: pdfium_reads(text, given=True))):
        if _same(reads(visual), logical) or (reader == "pdfium" and not pdfium):
            continue
        chars = given(ordered)
        if chars is not None and (_same(checks(_text(chars)), logical)
                                     or reader == "poppler" and _same(checks(_text(chars)), logical + " ")):
            wanted[reader] = _hosted(chars, run, carry=reader == "poppler", ends_line=ends_line,
                                     starts_line=starts_line)
    boxes = list(dict.fromkeys(c.box for c in run))
    plan = {}
    for i, box in enumerate(boxes):
        mine = "".join(c.char for c in run if c.box == box)
        texts = tuple(None if wanted[r] is None or wanted[r][i] == mine else wanted[r][i]
                      for r in ("poppler", "pdfium"))
        if texts != (None, None):
            plan[box] = texts
    return plan


def plan_line(chars: list[Char]) -> dict[int, list[Span]]:
    """Box -> the spans its glyphs need so that both readers read the line's
    runs in logical order (a right-to-left line, its characters left to right)."""
    spans: dict[int, list[Span]] = {}
    right_to_left = pdfium_right_to_left(chars)
    letterless = not any(poppler_class(c) in ("R", "L") for c in {c.char for c in chars})
    for run in runs(chars):
        written = reads_as_written(run)      # nor does _through_word give it anything
        plan = {} if written else plan_run(
            run, right_to_left, ends_line=run[0] is chars[0], starts_line=run[-1] is chars[-1])
        word: list[Char] = []
        if letterless:
            given = _letterless_for_pdfium(run)
            spaced = _spaced_number_for_poppler(run)
            plan = {box: (spaced.get(box, plan.get(box, (None, None))[0]), given.get(box))
                    for box in dict.fromkeys([*plan, *given, *spaced])}
        elif (right_to_left and not written and not any(pdfium for _, pdfium in plan.values())
              and run[-1].box not in plan):
            through, word = _through_word(run, chars) or ({}, [])
            plan = {box: (plan.get(box, (None, None))[0], through.get(box))
                    for box in dict.fromkeys([*plan, *through])}
        for box, (poppler, pdfium) in plan.items():
            glyphs = [c.glyph for c in run + (word if box == run[-1].box else []) if c.box == box]
            spans.setdefault(box, []).append(
                Span(min(glyphs), max(glyphs), Reading(poppler, pdfium)))
    return spans


def _word_before(chars: list[Char], run: list[Char]) -> list[Char]:
    """The Arabic word drawn right of a run, in the box of the run's last
    character (the word before it in logical order), if it is a whole word
    without marks or tatweel (word_spans spans those): letters only, then a
    space of its box or the line's end."""
    end = chars.index(run[-1]) + 1
    word = []
    for char in chars[end:]:
        if char.box != run[-1].box or poppler_class(char.char) != "R" or char.char == TATWEEL:
            break
        word.append(char)
    after = chars[end + len(word):end + len(word) + 1]
    whole = not after or (after[0].box == run[-1].box and after[0].char == " ")
    return word if whole else []


def _through_word(run: list[Char], chars: list[Char]) -> tuple[dict[int, str], list[Char]] | None:
    """(box -> pdfium's text, the word), for a run of the line `chars` that
    pdfium misreads and whose text for it no cut over its boxes gives: the
    box at the run's right end (its logical start) draws
    only the space after the word before the run, and pdfium must read a
    character of another box after that space. In "أطلق الجانبان “NATO–ICI”
    partnership «شراكة»", the phrase isolated in a box of its own, pdfium
    read "partnership” ICI–NATO« “": its text for the run is
    " «partnership” ICI–NATO ”", whose " ”" mixes the space (right of the
    phrase) and the opening quote (at the phrase's left end). A space alone
    is a text object without ink, which pdfium skips with its /ActualText,
    so the space's box is given, with the word before it, the word and what
    pdfium must read after it ("نابناجلا” " for "الجانبان “", as
    for_pdfium_word gives a word), and the other boxes the rest (measured:
    right in pdfium; poppler reads the glyphs of that word as before)."""
    ordered = sorted(run, key=lambda c: c.order)
    logical, last = _text(ordered), run[-1].box
    mine = _text([c for c in run if c.box == last])
    if len(mine) == len(run) or mine.strip() or _same(pdfium_reads(_text(run)), logical):
        return None
    word = _word_before(chars, run)
    if not word:
        return None
    given = for_pdfium(ordered)
    start = next(i for i, c in enumerate(given) if c.box == last)
    read = pdfium_reads(_text(given[:start]), given=True)
    if not start or not logical.endswith(read) or not _same(pdfium_reads(_text(given), given=True), logical):
        return None
    others = [c for c in run if c.box != last]
    pieces = _hosted(given[:start], others)
    if pieces is None:
        return None
    found = dict(zip(dict.fromkeys(c.box for c in others), pieces))
    word_text = _text(sorted(word, key=lambda c: c.order))
    found[last] = for_pdfium_word(word_text + logical[:len(logical) - len(read)])
    return {box: text for box, text in found.items() if text != _text([c for c in run if c.box == box])}, word


# Most of a right-to-left line needs no span: the checks below say so
# without planning (tests/test_readback.py holds them to plan_run and
# plan_line over every character the documents draw and more).

def reads_as_written(run: list[Char]) -> bool:
    """A run plan_run gives no span, whatever its line: spaces only (the gap
    between two words, most runs), or one character that is neither mirrored
    by pdfium (a bracket, a quote) nor a no-break space (which _same reads as
    a space): each reader reads one character as drawn."""
    if len(run) == 1:
        return run[0].char not in MIRRORED and run[0].char != NO_BREAK_SPACE
    return all(c.char == " " for c in run)


def plain_line(text: str) -> bool:
    """A line plan_line gives no span: its characters (`text`, in any order)
    are Arabic letters, marks and spaces only, so every run between its
    letters is spaces (reads_as_written), and a line without letters is spaces
    and marks (nothing for _letterless_for_pdfium or
    _spaced_number_for_poppler). Not a full stop, a comma (Arabic's too: a
    number's separator to poppler), a digit or a Latin letter."""
    return all(_plain(c) for c in set(text))


@lru_cache(maxsize=65536)
def _plain(char: str) -> bool:
    return char == " " or poppler_class(char) == "R" or is_mark(char)


def unmarked(text: str) -> bool:
    """A box's text with no combining mark and no tatweel: where no glyph of
    it stands for more than one character, word_spans and mark_spans give it
    nothing (a word's span needs a mark or a tatweel; a letter's, a mark or a
    glyph of several characters)."""
    return not any(is_mark(c) or c == TATWEEL for c in set(text))


def _letterless_for_pdfium(run: list[Char]) -> dict[int, str]:
    """Box -> its logical text, for the boxes of a right-to-left line without
    letters that pdfium would misread: a list's number ("1. ", drawn " .1"),
    which pdfium read left to right (".1"), on a line of its own or merged
    into its item's line (the contents). Given the logical text as
    /ActualText it reads it in logical order either way (measured on the
    shipped briefings' list and contents numbers)."""
    found = {}
    for box in dict.fromkeys(c.box for c in run):
        mine = [c for c in run if c.box == box]
        logical = _text(sorted(mine, key=lambda c: c.order))
        if logical != _text(mine):
            found[box] = logical
    return found


def _spaced_number_for_poppler(run: list[Char]) -> dict[int, str]:
    """Box -> its logical text and a no-break space, for a box of a line
    without letters whose text ends with a full stop: a talking point's
    number, drawn in its item's first line with padding rather than a space
    after it (css/page.css), which poppler read joined to the item's first
    word ("1.التأكيد"). A no-break space is a digit to poppler, so it stays
    with the number; search reads it as a space. pdfium is given nothing
    more: with a space glyph in the number's box it misread it."""
    found = {}
    for box in dict.fromkeys(c.box for c in run):
        logical = _text(sorted((c for c in run if c.box == box), key=lambda c: c.order))
        if logical.endswith("."):
            found[box] = logical + NO_BREAK_SPACE
    return found


@lru_cache(maxsize=65536)
def is_mark(text: str) -> bool:
    return bool(text) and all(unicodedata.category(c) == "Mn" for c in text)


def _arabic(text: str) -> bool:
    return any(poppler_class(c) == "R" for c in text)


WORD_END = ".،؛:!؟"     # punctuation a vowelled word's span takes with it (not mirrored)


@lru_cache(maxsize=65536)
def _in_word(text: str) -> bool:
    """A cluster of Arabic letters and marks only (tatweel included)."""
    return bool(text) and all(poppler_class(c) == "R" or is_mark(c) for c in text)


def for_pdfium_word(logical: str) -> str:
    """What pdfium must be given to read a word (letters, marks, its closing
    punctuation) back as `logical` from an /ActualText in a right-to-left line.
    Measured (pdfium 159): it reverses each run of Arabic letters and each run
    of other characters in place, keeping the runs' order ("الطَّ" given as
    "طلاَّ" reads "الطَّ"; "ةٍ." given as "ة.ٍ" reads "ةٍ."), and mirrors the
    other characters ("الجانبان “" given as "نابناجلا” "); doing it twice
    undoes it."""
    return "".join(piece[::-1] if poppler_class(piece[0]) == "R" else _mirror(piece[::-1])
                   for piece in _segments(logical, lambda c: poppler_class(c) == "R"))


def word_spans(clusters: list[tuple[int, str]], free: list[bool]) -> list[Span]:
    """One span for each word of a right-to-left line that carries combining
    marks (full tashkeel: وَقَّعَ) or a written tatweel (Amiri's one-glyph "ـــا",
    "1448هـ"), with the punctuation that closes it. clusters: for each glyph, in drawing
    order, its cluster's offset and text; free: whether no other span holds
    the glyph. Drawn glyph by glyph, or a letter and its marks at a time, both
    readers split such a word: poppler at each gap between a letter's span and
    the next glyph ("وَقَّ عَ"), pdfium at marks drawn as glyphs of their own
    ("الَّطّر َف َانِ"), and a final mark before a full stop came back after it
    ("جَدِيدَة.ٍ"); pdfium read "بلغـــا" as "بلغاـــ", and "هـ" as "ـه" (its tatweel
    glyph given "ـ" alone: kashida._misread_spans). As one span the word is one
    unit for each: poppler is given it reversed (it reverses what it reads
    right to left), pdfium as for_pdfium_word says."""
    spans, i = [], 0
    while i < len(clusters):
        if not (_in_word(clusters[i][1]) and free[i]):
            i += 1
            continue
        last = i
        while last + 1 < len(clusters) and _in_word(clusters[last + 1][1]) and free[last + 1]:
            last += 1
        texts = [text for _, text in clusters[i:last + 1]]
        if any(is_mark(c) for text in texts for c in text) or any(TATWEEL in text for text in texts):
            first = _closing_punctuation(clusters, free, i)
            logical = _logical(clusters[first:last + 1])
            spans.append(Span(first, last, Reading(logical[::-1], for_pdfium_word(logical))))
        i = last + 1
    return spans


def _closing_punctuation(clusters: list[tuple[int, str]], free: list[bool], first: int) -> int:
    """The first glyph of a word's span: the full stop or comma drawn to the
    word's left (its logical end) joins it where the word ends with a mark."""
    if not is_mark(_logical(clusters[first:first + 1])[-1:]):
        return first
    while first > 0 and free[first - 1] and clusters[first - 1][1] and set(clusters[first - 1][1]) <= set(WORD_END):
        first -= 1
    return first


def _logical(clusters: list[tuple[int, str]]) -> str:
    """The text of some glyphs' clusters, in logical order, each cluster once."""
    return "".join(dict(sorted(clusters)).values())


def mark_spans(texts: list[str]) -> list[Span]:
    """Spans for the letters drawn with marks in a right-to-left line (texts:
    what each glyph maps to, in drawing order, where a mark comes before its
    letter). Marks drawn as glyphs of their own, before the letter's: one span
    poppler reads as drawn, so it keeps them in the letter's word; pdfium reads
    the glyphs (given the letter and its marks as an /ActualText, it read the
    letter out of its word: the span's first glyph, a mark, stands elsewhere).
    A glyph mapped to several characters (a letter and its marks; Amiri's
    tatweels and final alef in one stroke, "ـــا"): poppler is given them
    reversed, as it reverses what it reads right to left; pdfium, which does
    not reverse an /ActualText, as written. (Measured: pdfium read "ـــا" back
    "اـــ" from the glyph, and right from an /ActualText in logical order.)"""
    spans = []
    i = 0
    while i < len(texts):
        j = i
        while j < len(texts) and (is_mark(texts[j]) or (j > i and texts[j] == "")):
            j += 1
        end = j + 1
        while end < len(texts) and texts[end] == "":      # the rest of the letter's glyphs
            end += 1
        if j > i and j < len(texts) and _arabic(texts[j]):
            spans.append(Span(i, end - 1, Reading("".join(texts[i:end]), None)))
            i = end
        elif len(texts[i]) > 1 and _arabic(texts[i]) and all(
                poppler_class(c) in ("R", "N") for c in texts[i]):
            # the glyph alone: with a glyph mapped to nothing after it in the
            # same span, pdfium read the pair reversed ("ِإ"); drawn first, at
            # its word's left end, pdfium read the word out of order ("اـــغلب")
            # and is left the glyph ("بلغاـــ")
            final = i == 0 or not _arabic(texts[i - 1])
            spans.append(Span(i, i, Reading(texts[i][::-1], None if final else texts[i])))
            i += 1
        else:
            i = max(j, i + 1)
    return spans
