"""Language conventions for printed text: digits, dates, direction.

Everything here returns plain Unicode in logical order; dates are Unbroken
(plain text that prints as a nowrap span in HTML). Fields of the data become
HTML through `isolate` (inline.py), re-exported here. Nothing here reshapes
or reorders Arabic: WeasyPrint shapes HTML text itself (see docs/arabic.md).

Ranges such as 2016–2018م are left to the bidi algorithm: in right-to-left
text they print with 2016 on the right, read first, and PDF readers give them
back in logical order. Forcing them left-to-right would print what readers
expect from English but make every text extractor return 2018–2016.
"""
from __future__ import annotations

import datetime as dt

from bidi import get_base_level
from hijridate import Gregorian
from markupsafe import Markup

from .inline import Unbroken, arabic_indic, isolate   # isolate: THE function for printed fields
from ..record.model import DateRange, PartialDate


MONTHS = {
    # Gulf usage (docs/arabic.md, "Numbers and dates"): transliterated month names.
    "ar": ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو",
           "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"),
    "en": ("January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December"),
}
# The Umm al-Qura tables (hijridate) cover these days: a date of issue must fall inside.
HIJRI_RANGE = (dt.date(1924, 8, 1), dt.date(2077, 11, 16))
GREGORIAN_SUFFIX = {"ar": "م", "en": ""}
HIJRI_SUFFIX = {"ar": "هـ", "en": " AH"}
RANGE_DASH = "–"

class Localizer:
    """Formats numbers and dates for one document language and digit style."""

    def __init__(self, lang: str, digits: str = "western"):
        self.lang = lang
        # Arabic-Indic digits are for Arabic documents only. A profile's digits
        # apply to all its documents, so the English ones are made western here,
        # once: the view's `digits` (page numbers, list numbers) comes from this.
        self.digits = digits if lang == "ar" else "western"
        self.rtl = lang == "ar"

    def num(self, text: str) -> str:
        """Convert digits in Arabic text when the audience asks for Arabic-Indic ones."""
        if self.lang == "ar" and self.digits == "arabic-indic":
            return arabic_indic(text)
        return text

    def text(self, value: str) -> Markup:
        """A field in this language as inline HTML (inline.isolate): escaped, runs
        of the other script isolated whole, quotes of the language, units kept
        on one line, digits in the audience's style."""
        return isolate(value, self.lang, self.digits)

    def date(self, value: PartialDate) -> str:
        """17 نوفمبر 2006م / 17 November 2006; month and year precision kept."""
        parts = []
        if value.day is not None:
            parts.append(str(value.day))
        if value.month is not None:
            parts.append(MONTHS[self.lang][value.month - 1])
        parts.append(f"{value.year}{GREGORIAN_SUFFIX[self.lang]}")
        return Unbroken(self.num(" ".join(parts)))

    def period(self, value: DateRange) -> str:
        """2016–2018م / 2016–2018: one calendar suffix for the whole span."""
        start, end = self._bare(value.start), self._bare(value.end)
        return Unbroken(f"{start}{RANGE_DASH}{end}{GREGORIAN_SUFFIX[self.lang]}")

    def _bare(self, value: PartialDate) -> str:
        """A date without the calendar suffix, for the ends of a range."""
        text = self.date(value)
        suffix = GREGORIAN_SUFFIX[self.lang]
        return text[: -len(suffix)] if suffix else text

    def hijri(self, day: dt.date) -> str:
        """The Umm al-Qura date: 19 جمادى الآخرة 1448هـ."""
        h = Gregorian(day.year, day.month, day.day).to_hijri()
        month = h.month_name("ar" if self.lang == "ar" else "en")
        return Unbroken(self.num(f"{h.day} {month} {h.year}{HIJRI_SUFFIX[self.lang]}"))

    def issue_dates(self, day: dt.date) -> tuple[str, str]:
        return self.date(PartialDate(day.year, day.month, day.day)), self.hijri(day)


def direction_of(text: str) -> str:
    """'rtl' or 'ltr' by the first strong character (python-bidi's base level);
    text with no paragraph at all (empty, or only line breaks) is 'ltr'."""
    if not text.strip():
        return "ltr"
    return "rtl" if get_base_level(text) == 1 else "ltr"
