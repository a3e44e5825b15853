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

from .inline import Unbroken, in_digits, isolate   # isolate: THE function for printed fields
from ..record.languages import LANGUAGE
from ..record.model import DateRange, PartialDate


# The Umm al-Qura tables (hijridate) cover these days: a date of issue must fall inside.
HIJRI_RANGE = (dt.date(1924, 8, 1), dt.date(2077, 11, 16))
RANGE_DASH = "–"

class Localizer:
    """Formats numbers and dates for one document language and digit style
    (month names, calendar suffixes and digit styles: record/languages.py)."""

    def __init__(self, lang: str, digits: str = "western"):
        self.lang = lang
        self.language = LANGUAGE[lang]
        # The view's `digits` (page numbers, list numbers) comes from this.
        self.digits = self.language.digits(digits)

    def num(self, text: str) -> str:
        """Digits in the document's style."""
        return in_digits(text, self.digits)

    def text(self, value: str) -> Markup:
        """A field in this language as inline HTML (inline.isolate): escaped, runs
        of the other script isolated whole, quotes of the language, units kept
        on one line, digits in the audience's style."""
        return isolate(value, self.lang, self.digits)

    def date(self, value: PartialDate) -> str:
        """17 نوفمبر 2006م / 17 November 2006 / 1er février 2005; month and year precision kept."""
        parts = []
        if value.day is not None:
            parts.append(self.language.day(value.day))
        if value.month is not None:
            parts.append(self.language.months[value.month - 1])
        parts.append(f"{value.year}{self.language.gregorian_suffix}")
        return Unbroken(self.num(" ".join(parts)))

    def period(self, value: DateRange) -> str:
        """2016–2018م / 2016–2018: one calendar suffix for the whole span."""
        start, end = self._bare(value.start), self._bare(value.end)
        return Unbroken(f"{start}{RANGE_DASH}{end}{self.language.gregorian_suffix}")

    def _bare(self, value: PartialDate) -> str:
        """A date without the calendar suffix, for the ends of a range."""
        text = self.date(value)
        suffix = self.language.gregorian_suffix
        return text[: -len(suffix)] if suffix else text

    def hijri(self, day: dt.date) -> str:
        """The Umm al-Qura date: 19 جمادى الآخرة 1448هـ."""
        h = Gregorian(day.year, day.month, day.day).to_hijri()
        month = self.language.hijri_months[h.month - 1]
        return Unbroken(self.num(f"{self.language.day(h.day)} {month} {h.year}{self.language.hijri_suffix}"))

    def issue_dates(self, day: dt.date) -> tuple[str, str]:
        return self.date(PartialDate(day.year, day.month, day.day)), self.hijri(day)


def direction_of(text: str) -> str:
    """'rtl' or 'ltr' by the first strong character (python-bidi's base level);
    text with no paragraph at all (empty, or only line breaks) is 'ltr'."""
    if not text.strip():
        return "ltr"
    return "rtl" if get_base_level(text) == 1 else "ltr"
