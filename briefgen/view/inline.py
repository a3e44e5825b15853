"""One field's text as inline HTML for a document in one language.

`isolate(text, lang, digits)` is the function every printed field goes
through (body text, names, titles, table cells, figure labels laid as HTML):
plain Unicode in logical order in, escaped Markup out. It

1. reads the author's explicit markup (<<en|…>>, <<ar|…>>, <<keep|…>>,
   briefgen/record/markup.py);
2. isolates every run of the other script as ONE unit in its own direction:
   a Latin phrase in Arabic text with the spaces, dashes, slashes, quotes,
   brackets and digits between its words, a URL, an e-mail address, a code
   like NATO–ICI; an Arabic phrase in English text likewise. Isolating word
   by word would lay the words of the phrase out right to left ("NATO–ICI"
   partnership came out partnership "ICI–NATO": docs/arabic.md);
3. sets quotation marks in the language around them: « » in Arabic, “ ” in
   English, « » with narrow no-break spaces in French (the table,
   record/languages.py); quotes inside an isolated run follow the run's language;
4. keeps together what must not break across lines: a date (day, month,
   year, era sign), a year range, a number with its unit or percent sign, a
   title with the name after it (a nowrap span: the text layer keeps
   ordinary spaces, which no-break spaces would not);
5. converts digits outside isolated runs when the audience asks for
   Arabic-Indic ones (URLs and codes keep theirs).

Nothing here reshapes or reorders letters: WeasyPrint shapes HTML text itself.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterator

from markupsafe import Markup, escape

from ..record import markup
from ..record.clusters import bare, cut
from ..record.languages import LANGUAGE

OPENING, CLOSING = "“«", "”»"
BRACKETS = {")": "(", "]": "[", "}": "{", "”": "“", "»": "«"}

# The longest text kept on one line: longer units may break rather than run
# out of a narrow column.
KEEP_MAX = 40

URL_OR_EMAIL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"«»\u0600-\u06FF]*[^\s<>\"«»\u0600-\u06FF.,;:!?)\]'’]"
    # an address starts where a run of its characters starts (the lookbehind
    # keeps a long run without "@" from being rescanned at every position)
    r"|(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# After a Latin phrase inside Arabic: numbers that belong to it (NATO 2030,
# A/RES/60/1), unless an Arabic letter is glued to them (2004م is Arabic's).
TRAILING_NUMBER = re.compile(r"(?:[ \-–/.:]*[0-9]+(?:[.,][0-9]+)*)+%?(?![\u0600-\u06FF])")


def is_arabic(char: str) -> bool:
    """Any character of the Arabic script blocks: letters, marks, digits, punctuation."""
    code = ord(char)
    return (0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0x08A0 <= code <= 0x08FF
            or 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF)


def is_left_to_right(char: str) -> bool:
    return unicodedata.bidirectional(char) == "L"


# For each direction of a document's language: what starts and ends a run of
# the other script, and what ends it for certain.
ANCHOR: dict[str, Callable[[str], bool]] = {"rtl": is_left_to_right, "ltr": is_arabic}
BARRIER: dict[str, Callable[[str], bool]] = {"rtl": is_arabic, "ltr": is_left_to_right}


# -- finding runs of the other script ---------------------------------------

def foreign_runs(text: str, lang: str) -> list[tuple[int, int]]:
    """(start, end) of each run of the other script in `text`, whole phrases:
    from the first to the last letter of the other script with nothing of the
    document's script between, then widened to keep brackets and quotes paired."""
    rtl = LANGUAGE[lang].rtl
    anchor, barrier = ANCHOR[LANGUAGE[lang].direction], BARRIER[LANGUAGE[lang].direction]
    anchored = [anchor(c) for c in text]
    if rtl:     # a Latin address in right-to-left text is one run
        for match in URL_OR_EMAIL.finditer(text):
            anchored[match.start():match.end()] = [True] * (match.end() - match.start())
    runs = []
    for chunk_start, chunk_end in chunks(text, barrier, anchored):
        positions = [i for i in range(chunk_start, chunk_end) if anchored[i]]
        if not positions:
            continue
        start, end = positions[0], cut(text, positions[-1] + 1)
        if rtl:
            number = TRAILING_NUMBER.match(text, end, chunk_end if chunk_end < len(text) else len(text))
            if number and (number.end() == len(text) or not is_arabic(text[number.end()])):
                end = number.end()
        start, end = balance(text, start, end, chunk_start, chunk_end)
        if cut(text, start) < cut(text, end):
            runs.append((cut(text, start), cut(text, end)))
    return runs


def chunks(text: str, barrier, anchored) -> Iterator[tuple[int, int]]:
    """Stretches of text with no character of the document's own script."""
    start = 0
    for i, char in enumerate(text):
        if barrier(char) and not anchored[i] or char == "\n":
            if i > start:
                yield start, i
            start = i + 1
    if start < len(text):
        yield start, len(text)


def balance(text: str, start: int, end: int, low: int, high: int) -> tuple[int, int]:
    """Widen a run so every bracket or quote in it has its partner in it too:
    `"NATO–ICI" partnership` is one run, its quotes the English phrase's own;
    a pair around the whole run stays outside, in the surrounding language."""
    for _ in range(4):
        inside = text[start:end]
        opened = [c for c in inside if c in "([{“«"]
        closed = [BRACKETS[c] for c in inside if c in BRACKETS]
        straight = inside.count('"') % 2
        if straight:
            before = text.rfind('"', low, start)
            after = text.find('"', end, high)
            if before >= 0:
                start = before
            elif after >= 0:
                end = after + 1
            else:
                break
        elif len(closed) > len(opened):
            opener = text.rfind(closed[-1], low, start)
            if opener < 0:
                break
            start = opener
        elif len(opened) > len(closed):
            closer = next((k for k, v in BRACKETS.items() if v == opened[-1]), None)
            found = text.find(closer, end, high) if closer else -1
            if found < 0:
                break
            end = found + 1
        else:
            break
    return start, end


# -- quotation marks ---------------------------------------------------------

class Quotes:
    """Sets the double quotation marks of one language context, pairing
    straight quotes in the order they come; an unpaired last one stays."""

    def __init__(self, lang: str, straight_total: int):
        self.open, self.close = LANGUAGE[lang].quotes
        self.pairable = straight_total - straight_total % 2
        self.seen = 0

    def __call__(self, text: str) -> str:
        out = []
        for char in text:
            if char == '"':
                if self.seen < self.pairable:
                    char = self.open if self.seen % 2 == 0 else self.close
                self.seen += 1
            elif char in OPENING:
                char = self.open
            elif char in CLOSING:
                char = self.close
            out.append(char)
        return self.spaced("".join(out))

    def spaced(self, text: str) -> str:
        """Quotes that bring their own spaces (French « ») replace the ones
        the author typed inside them, so none is doubled."""
        if self.open == self.open.rstrip() and self.close == self.close.lstrip():
            return text
        text = re.sub(re.escape(self.open) + r"[ \u00a0]+", self.open, text)
        return re.sub(r"[ \u00a0]+" + re.escape(self.close), self.close, text)


# -- what must not break -----------------------------------------------------

NUMBER = r"\d+(?:[.,٫٬]\d+)*"


def title_pattern(lang: str) -> str:
    """A title with its name: in a language with capitals one title and the
    capitalised word after it (a row of titles may break between them, so a
    narrow column is not left with a gap); in Arabic, which has none, the next
    word after a single title, or a row of titles (سمو الأمير الوالد) as it is."""
    language = LANGUAGE[lang]
    titles = language.titles
    if language.capitals:    # one title at a time: "His Highness" | "the Father Amir" | "Sheikh Tamim"
        return rf"(?<![\w])(?:{language.title_article})?(?:{titles})(?:\s+[A-Z][\w’'-]*)?(?![\w])"
    word = r"[^\s,،؛;:()\[\]«»“”\"]+"
    return (rf"(?<![\w])[وفبلك]?(?:{titles})(?:\s+(?:{titles}))+(?![\w])"
            rf"|(?<![\w])[وفبلك]?(?:{titles})\s+{word}")


def keep_pattern(lang: str) -> re.Pattern:
    language = LANGUAGE[lang]
    months, units, era, joiners = language.month_spellings, language.units, language.era, language.joiners
    return re.compile("|".join([
        # 16 فبراير 2005م, فبراير 2005م, 16 February 2005, February 16, 2005, 16 February
        rf"(?<!\d)(?:\d{{1,2}}\s+)?(?:{months})(?:\s+\d{{1,2}},)?\s+\d{{1,4}}{era}(?!\d)",
        rf"(?<!\d)\d{{1,2}}\s+(?:{months})(?![\w])",
        # 2014–2016م, 2014 و2016م, 2014 and 2016
        rf"(?<!\d)\d{{3,4}}\s*[–—]\s*\d{{2,4}}{era}(?!\d)",
        rf"(?<!\d)\d{{3,4}}\s+(?:{joiners})\s*\d{{3,4}}{era}(?!\d)",
        # 45%, 45 ٪, 12.5 million, 3 أيام
        rf"(?<![\d.,٫٬]){NUMBER}\s*[%٪‰]",
        rf"(?<![\d.,٫٬]){NUMBER}\s+(?:{units})(?![\w])",
        # a title with its name: سمو الأمير الوالد, الشيخ تميم, His Highness the Father Amir, Sheikh Tamim
        title_pattern(lang),
    ]))


KEEP = {lang: keep_pattern(lang) for lang in LANGUAGE}


def keep_spans(text: str, lang: str) -> Iterator[tuple[bool, str]]:
    """(keep together?, piece) for a stretch of text in the document's language.
    The patterns read the letters (record/clusters.py: `bare`), so a unit
    written with its tanwin or shadda (15 دولاراً, سموّ الأمير) is found, and
    kept with its marks."""
    letters, at = bare(text)
    last = 0
    for match in KEEP[lang].finditer(letters):
        if match.end() - match.start() > KEEP_MAX or " " not in match.group().strip() and "–" not in match.group():
            continue            # too long to hold on one line, or nothing to hold
        start, end = at[match.start()], at[match.end()]
        if start > last:
            yield False, text[last:start]
        yield True, text[start:end]
        last = end
    if last < len(text):
        yield False, text[last:]


LAST_TWO_WORDS = re.compile(r"(\S+)\s+(\S+)\s*$")


def kept_ranges(text: str, lang: str) -> Iterator[tuple[int, int]]:
    """(start, end) of what keep_spans keeps together in `text`."""
    at = 0
    for kept, piece in keep_spans(text, lang):
        if kept:
            yield at, at + len(piece)
        at += len(piece)


def opening_marks(word: str) -> int:
    """How many opening brackets and quotes ( [ « begin `word`, the word left
    after them not empty."""
    count = 0
    while count < len(word) - 1 and unicodedata.category(word[count]) in ("Ps", "Pi"):
        count += 1
    return count


@lru_cache(maxsize=8192)     # a pure function of its text: each relationship's paragraphs recur in its every document
def last_words_kept(text: str, lang: str) -> str:
    """A paragraph with its last two words in <<keep|…>> when the last one is
    short (Language.short_last_word), so its last line never holds one short
    word alone ("الناتو."). Left as it is when the two would cut into a unit
    kept already (a date that starts before them keeps its own words) or a run
    of the other script (isolated whole, not in two pieces), when the author
    marked the text up, or when they are too long to hold; a unit or a run
    inside them is held with them.

    An opening bracket or quote the two begin with stays outside, in the text
    box of the space before it: no line may break after it anyway (UAX #14),
    and pdfium reads " (" in order only when the two are drawn in one text
    object (render/readers.py: a space alone in a box is never read from its
    /ActualText; measured on "الخليجي (GCC) بالخطوة.", read "الخليجي )GCC )")."""
    limit = LANGUAGE[lang].short_last_word
    match = LAST_TWO_WORDS.search(text)
    if (not limit or not match or "<<" in text or ">>" in text or ">" in match.group()
            or sum(c.isalnum() for c in match.group(2)) > limit
            or len(match.group(1)) + len(match.group(2)) >= KEEP_MAX):
        return text
    start, end = match.start(), match.end(2)
    taken = [*foreign_runs(text, lang), *kept_ranges(text, lang)]
    if any(s < start < e for s, e in taken):
        return text
    start += opening_marks(match.group(1))
    return f"{text[:start]}<<keep|{text[start:end]}>>{text[end:]}"


class Unbroken(str):
    """Text the view made that must stay on one line (a date, a range, a
    bracketed place and date): plain text everywhere (running heads, figure
    labels, text alternatives), a nowrap span in an HTML template."""

    def __html__(self) -> Markup:
        return Markup('<span class="keep">{}</span>').format(str(self))


# -- putting it together -------------------------------------------------------

ARABIC_INDIC = str.maketrans("0123456789%", "٠١٢٣٤٥٦٧٨٩٪")
DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")
THOUSANDS = re.compile(r"(?<=\d),(?=\d{3})")


def arabic_indic(text: str) -> str:
    """Arabic-Indic digits with their own percent sign and separators (٫ ٬)."""
    text = THOUSANDS.sub("٬", DECIMAL_POINT.sub("٫", text))
    return text.translate(ARABIC_INDIC)


def in_digits(text: str, digits: str) -> str:
    """Text with its digits in `digits`, a style the document's language has
    (record/languages.py, Language.digits: callers pass what it gives)."""
    return arabic_indic(text) if digits == "arabic-indic" else text


@dataclass
class Context:
    lang: str            # the document's language
    digits: str          # a style the language has (Language.digits)
    quotes: Quotes       # the document language's quotation marks, paired across the field

    def native(self, text: str, keep: bool = True) -> Markup:
        """Text in the document's own language: quotes, units kept, digits;
        URLs and e-mail addresses (in English text) left as they are."""
        return addresses(text, lambda piece: self.prose(piece, keep))

    def prose(self, text: str, keep: bool) -> Markup:
        text = self.quotes(text)
        pieces = keep_spans(text, self.lang) if keep else [(False, text)]
        return Markup("").join(
            Markup('<span class="keep">{}</span>').format(self.digits_of(piece)) if kept
            else escape(self.digits_of(piece)) for kept, piece in pieces)

    def digits_of(self, text: str) -> str:
        return in_digits(text, self.digits)


def addresses(text: str, rest: Callable[[str], Markup]) -> Markup:
    """URLs and e-mail addresses in <span class="address"> (never hyphenated,
    nothing in them converted); everything around them through `rest`."""
    out, last = [], 0
    for match in URL_OR_EMAIL.finditer(text):
        start, end = cut(text, match.start()), cut(text, match.end())
        out.append(rest(text[last:start]))
        out.append(Markup('<span class="address">{}</span>').format(text[start:end]))
        last = end
    out.append(rest(text[last:]))
    return Markup("").join(out)


def run_html(text: str, lang: str, direction: str | None = None) -> Markup:
    """A run in `lang`, isolated in its direction (or `direction`), with that language's quotes."""
    quotes = Quotes(lang, text.count('"'))
    inner = addresses(text, lambda piece: escape(quotes(piece)))
    return Markup('<bdi dir="{}" lang="{}">{}</bdi>').format(direction or LANGUAGE[lang].direction, lang, inner)


def marked_direction(text: str, lang: str) -> str:
    """The direction of a run the author marked (<<ar|…>> in English): its
    language's, but an <<ar|…>> span with no right-to-left letter in it
    ({{7*7}}, (a) [b]) is set left to right, as written: right to left, its
    brackets and symbols would come out reversed (}}7*7{{)."""
    if LANGUAGE[lang].rtl and not any(unicodedata.bidirectional(c) in ("R", "AL") for c in text):
        return "ltr"
    return LANGUAGE[lang].direction


def plain_html(text: str, context: Context, keep: bool = True) -> Markup:
    """Unmarked text: runs of the other script isolated, the rest native."""
    out, last = [], 0
    for start, end in foreign_runs(text, context.lang):
        out.append(context.native(text[last:start], keep))
        out.append(run_html(text[start:end], LANGUAGE[context.lang].other))
        last = end
    out.append(context.native(text[last:], keep))
    return Markup("").join(out)


def native_quote_count(pieces, lang: str) -> int:
    """Straight quotes in the document's own language, outside isolated runs."""
    total = 0
    for kind, text in pieces:
        if kind in (None, "keep"):
            runs = foreign_runs(text, lang)
            inside = sum(text[s:e].count('"') for s, e in runs)
            total += text.count('"') - inside
    return total


@lru_cache(maxsize=65536)
def isolate(text: str, lang: str, digits: str = "western") -> Markup:
    """A field as inline HTML for a document in `lang` (record/languages.py).

    Text in: plain Unicode in logical order, as written in the data (the
    <<en|…>>, <<ar|…>>, <<keep|…>> markup allowed). Markup out: escaped, every
    run of the other script in one <bdi dir lang>, quotation marks in the
    surrounding language, units that must not break in <span class="keep">,
    digits in the audience's style. Safe to put into any HTML template;
    cached, so repeated fields cost nothing."""
    pieces = markup.parse(text)
    digits = LANGUAGE[lang].digits(digits)
    context = Context(lang, digits, Quotes(lang, native_quote_count(pieces, lang)))
    out = []
    for kind, piece in pieces:
        if kind is None:
            out.append(plain_html(piece, context))
        elif kind == "keep":
            out.append(Markup('<span class="keep">{}</span>').format(plain_html(piece, context, keep=False)))
        elif kind == lang:
            inner = plain_html(piece, Context(lang, digits, Quotes(lang, piece.count('"'))))
            out.append(Markup('<bdi dir="{}" lang="{}">{}</bdi>').format(LANGUAGE[lang].direction, lang, inner))
        else:
            out.append(run_html(piece, kind, marked_direction(piece, kind)))
    return Markup("").join(out)
