"""Language conventions for printed text: digits, dates, direction.

Everything here returns plain Unicode in logical order, or Markup where a
field must be isolated from the surrounding direction. Nothing here reshapes
or reorders Arabic: WeasyPrint shapes HTML text itself (see docs/arabic.md).

Ranges such as 2016–2018م are left to the bidi algorithm: in right-to-left
text they print with 2016 on the right, read first, and PDF readers give them
back in logical order. Forcing them left-to-right would print what readers
expect from English but make every text extractor return 2018–2016.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from bidi import get_base_level
from hijridate import Gregorian
from markupsafe import Markup, escape

from ..record.model import DateRange, PartialDate

DIGIT_STYLES = ("western", "arabic-indic")
ARABIC_INDIC = str.maketrans("0123456789%", "٠١٢٣٤٥٦٧٨٩٪")

MONTHS = {
    # Gulf usage (ARABIC.md): transliterated month names.
    "ar": ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو",
           "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"),
    "en": ("January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December"),
}
GREGORIAN_SUFFIX = {"ar": "م", "en": ""}
HIJRI_SUFFIX = {"ar": "هـ", "en": " AH"}
RANGE_DASH = "–"

# Runs of the other script inside a field: Latin words (NATO, NAC) in Arabic
# text, Arabic words in English text. Each is isolated with <bdi>.
FOREIGN_RUN = {
    "ar": (re.compile(r"[A-Za-z]+(?:[ .&'’-]+[A-Za-z]+)*"), "ltr", "en"),
    "en": (re.compile(r"[\u0600-\u06FF]+(?:[\s\u060C]+[\u0600-\u06FF]+)*"), "rtl", "ar"),
}


class Localizer:
    """Formats numbers and dates for one document language and digit style."""

    def __init__(self, lang: str, digits: str = "western"):
        self.lang = lang
        self.digits = digits
        self.rtl = lang == "ar"

    def num(self, text: str) -> str:
        """Convert digits in Arabic text when the audience asks for Arabic-Indic ones."""
        if self.lang == "ar" and self.digits == "arabic-indic":
            return text.translate(ARABIC_INDIC)
        return text

    def text(self, value: str) -> Markup:
        """A field in this language: escaped, digits in the audience's style, and
        runs of the other script isolated so punctuation beside them stays put."""
        return localized_text(self.lang, self.digits, value)

    def date(self, value: PartialDate) -> str:
        """17 نوفمبر 2006م / 17 November 2006; month and year precision kept."""
        parts = []
        if value.day is not None:
            parts.append(str(value.day))
        if value.month is not None:
            parts.append(MONTHS[self.lang][value.month - 1])
        parts.append(f"{value.year}{GREGORIAN_SUFFIX[self.lang]}")
        return self.num(" ".join(parts))

    def period(self, value: DateRange) -> str:
        """2016–2018م / 2016–2018: one calendar suffix for the whole span."""
        start, end = self._bare(value.start), self._bare(value.end)
        return f"{start}{RANGE_DASH}{end}{GREGORIAN_SUFFIX[self.lang]}"

    def _bare(self, value: PartialDate) -> str:
        """A date without the calendar suffix, for the ends of a range."""
        text = self.date(value)
        suffix = GREGORIAN_SUFFIX[self.lang]
        return text[: -len(suffix)] if suffix else text

    def hijri(self, day: dt.date) -> str:
        """The Umm al-Qura date: 19 جمادى الآخرة 1448هـ."""
        h = Gregorian(day.year, day.month, day.day).to_hijri()
        month = h.month_name("ar" if self.lang == "ar" else "en")
        return self.num(f"{h.day} {month} {h.year}{HIJRI_SUFFIX[self.lang]}")

    def issue_dates(self, day: dt.date) -> tuple[str, str]:
        return self.date(PartialDate(day.year, day.month, day.day)), self.hijri(day)


@lru_cache(maxsize=65536)
def localized_text(lang: str, digits: str, value: str) -> Markup:
    """Localizer.text, remembered: every audience's documents share the same fields."""
    localizer = Localizer(lang, digits)
    pattern, direction, run_lang = FOREIGN_RUN[lang]
    pieces, last = [], 0
    for match in pattern.finditer(value):
        pieces.append(escape(localizer.num(value[last:match.start()])))
        pieces.append(Markup('<bdi dir="{}" lang="{}">{}</bdi>').format(direction, run_lang, match.group()))
        last = match.end()
    pieces.append(escape(localizer.num(value[last:])))
    return Markup("").join(pieces)


def direction_of(text: str) -> str:
    """'rtl' or 'ltr' by the first strong character (python-bidi's base level);
    text with no paragraph at all (empty, or only line breaks) is 'ltr'."""
    if not text.strip():
        return "ltr"
    return "rtl" if get_base_level(text) == 1 else "ltr"


def isolate(text: str, document_lang: str) -> Markup:
    """Wrap a field whose direction differs from the document's in <bdi dir=...>,
    so an English name in Arabic text (or the reverse) keeps its punctuation."""
    direction = direction_of(text)
    document_direction = "rtl" if document_lang == "ar" else "ltr"
    if direction == document_direction:
        return Markup(escape(text))
    lang = "ar" if direction == "rtl" else "en"
    return Markup('<bdi dir="{}" lang="{}">{}</bdi>').format(direction, lang, text)
