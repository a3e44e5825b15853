"""Dates in a sentence, as ministries write them, at the precision they give.

"في السادس عشر من شهر فبراير 2005م" and "on 16 February 2005" are days;
"بتاريخ 2006/11/17م" a day in digits (year first, or day first: 17/11/2006);
"في ديسمبر 2014م" a month; "خلال العامين 2014 و2015م" two years, each an event;
"للفترة 2016-2018م" and "from 2016 to 2018" a period, not an event's date;
"13-15 March 2015" a range of days, "يومي 17 و18 أكتوبر" two days, "من 28 نوفمبر إلى 9 ديسمبر
2011م" a range across two months (the event's date is the first);
"7 محرم 1426هـ الموافق 16 فبراير 2005م" a Hijri date with its Gregorian
equivalent (both kept); a Hijri date alone is converted (hijridate's Umm
al-Qura tables) to the finest Gregorian precision its whole span falls in.

The words are the language's vocabulary (vocabulary.py); matching is on the
folded text (normalise.py), so positions are the sentence's own."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Optional

from hijridate import Hijri

from ..record.model import DateRange, PartialDate
from .normalise import fold, word_forms
from .vocabulary import Vocabulary

YEAR = r"(?<!\d)((?:1[89]|20)\d{2})(?!\d)"
DAY = r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?(?!\d)"


@dataclass(frozen=True)
class Mention:
    """A date phrase at [start, end) of its sentence: the dates it gives (one,
    or two for "in 2014 and 2015"), or a period it spans; the Hijri date as written."""
    start: int
    end: int
    dates: tuple[PartialDate, ...] = ()
    period: Optional[DateRange] = None
    hijri: Optional[str] = None
    # A date told by the one before it ("في ديسمبر من العام نفسه", "the same day"):
    # "month" (with its month), "year", "day", "this-month" (the same month), "next-year"
    # or "next-month" (a month of the year after); resolve() gives it its dates.
    relative: str = ""
    month: Optional[int] = None


def alternation(words) -> str:
    """A regex group matching any of the (folded) words, longest first."""
    return "(" + "|".join(re.escape(fold(w)) for w in sorted(set(words), key=len, reverse=True)) + ")"


class DateReader:
    """The patterns of one language, compiled once."""

    def __init__(self, vocab: Vocabulary):
        self.vocab = vocab
        self.month_of = {fold(s): n for n, spellings in enumerate(vocab.months, 1) for s in spellings}
        self.hijri_month_of = {fold(s): n for n, spellings in enumerate(vocab.hijri_months, 1) for s in spellings}
        self.ordinal_of = {fold(w): n for w, n in vocab.ordinals.items()}
        self.before_year = frozenset(fold(w) for w in vocab.before_year)
        self.kind_words = frozenset(fold(w) for words in vocab.kinds.values() for w in words if " " not in w)
        month, hmonth = alternation(self.month_of), alternation(self.hijri_month_of)
        day = rf"(?:{DAY}|{alternation(self.ordinal_of)})"
        # The vocabulary's patterns are written as the language spells them: folded like the text.
        of, era, joiner = fold(vocab.of_word), fold(vocab.gregorian_era), fold(vocab.range_joiners)
        hijri_era, two_years, and_word = fold(vocab.hijri_era), fold(vocab.two_years), fold(vocab.and_word)
        period_words, year_words = fold(vocab.period_words), fold(vocab.year_words)
        month_year = r"[\s,،]+(?:(?:من|of)\s+)?(?:(?:ال)?(?:عام|سنه)\s+|the\s+year\s+)?"
        compile_ = lambda pattern: re.compile(pattern, re.IGNORECASE)
        # Most specific first: a phrase taken by one is not read again by the next.
        self.weekday = re.compile(rf"(?<!\w){fold(vocab.weekday)}$", re.IGNORECASE)
        same_year, later, same_day = fold(vocab.same_year), fold(vocab.later_that_year), fold(vocab.same_day)
        of_next, next_year, same_month = fold(vocab.of_next_year), fold(vocab.next_year), fold(vocab.same_month)
        month_word = r"(?:(?:شهر|the\s+month\s+of)\s+)?"
        self.patterns = [
            ("same-year-month", compile_(rf"{month_word}{month}{same_year}")),
            ("next-year-month", compile_(rf"{month_word}{month}{of_next}")),
            # Joined to و or ف in Arabic ("وفي العام التالي").
            ("same-year", compile_(rf"(?<!\w)(?:و|ف)?(?:{later})(?!\w)")),
            ("next-year", compile_(rf"(?<!\w)(?:و|ف)?(?:{next_year})(?!\w)")),
            ("same-month", compile_(rf"(?<!\w)(?:و|ف)?(?:{same_month})(?!\w)")),
            ("same-day", compile_(rf"(?<!\w)(?:و|ف)?(?:{same_day})(?!\w)")),
            # A Hijri date in digits ("1441/6/5هـ", "5/6/1441هـ"), before the Gregorian ones would read it.
            ("hijri-ymd", compile_(rf"(?<!\d)(\d{{3,4}})[/.\-](\d{{1,2}})[/.\-](\d{{1,2}})(?!\d){hijri_era}")),
            ("hijri-dmy", compile_(rf"(?<!\d)(\d{{1,2}})[/.\-](\d{{1,2}})[/.\-](\d{{3,4}})(?!\d){hijri_era}")),
            ("hijri", compile_(rf"(?:{day}{of})?(?:{hmonth}[\s,،]+)?(?<!\d)(\d{{3,4}})(?!\d){hijri_era}")),
            ("ymd", compile_(rf"(?<!\d)(\d{{4}})[/.\-](\d{{1,2}})[/.\-](\d{{1,2}})(?!\d){era}")),
            ("dmy", compile_(rf"(?<!\d)(\d{{1,2}})[/.\-](\d{{1,2}})[/.\-](\d{{4}})(?!\d){era}")),
            ("months-range", compile_(rf"{DAY}{of}{month}{joiner}{DAY}{of}{month}{month_year}{YEAR}{era}")),
            ("day-range", compile_(rf"{DAY}(?:{joiner}|{and_word}){DAY}{of}{month}{month_year}{YEAR}{era}")),
            ("day", compile_(rf"{day}{of}{month}{month_year}{YEAR}{era}")),
            ("month-day", compile_(rf"{month}\s+{DAY}(?:{joiner}{DAY})?,?\s+{YEAR}{era}")),
            ("month", compile_(rf"(?:(?:شهر)\s+)?{month}{month_year}{YEAR}{era}")),
            ("two-years", compile_(rf"{two_years}{YEAR}{era}{and_word}{YEAR}{era}")),
            ("years", compile_(rf"(?:{period_words})?{YEAR}{era}{joiner}{YEAR}{era}")),
            ("year", compile_(rf"(?:{year_words})?{YEAR}{era}")),
        ]

    def mentions(self, sentence: str) -> list[Mention]:
        """Every date phrase of the sentence, in order, a Hijri date merged with
        the Gregorian one beside it."""
        text, taken, found = fold(sentence), [False] * len(sentence), []
        for name, pattern in self.patterns:
            for match in pattern.finditer(text):
                if any(taken[match.start():match.end()]):
                    continue
                mention = self.read(name, match, sentence)
                if mention is not None:
                    taken[match.start():match.end()] = [True] * (match.end() - match.start())
                    found.append(mention)
        found = [self.with_weekday(m, text) for m in found]
        return merge_hijri(sorted(found, key=lambda m: m.start), text, self.vocab)

    def with_weekday(self, mention: Mention, text: str) -> Mention:
        """The mention with the weekday written before it ("يوم الخميس الموافق 7 فبراير",
        "Sunday, 17 April"): a comma there is inside the date, not a clause's end."""
        if not mention.dates or mention.dates[0].day is None:
            return mention
        before = self.weekday.search(text, max(0, mention.start - 40), mention.start)
        return replace(mention, start=before.start()) if before else mention

    def read(self, name: str, match: re.Match, sentence: str) -> Optional[Mention]:
        g = [x for x in match.groups()]
        at = dict(start=match.start(), end=match.end())
        if name in ("same-year-month", "next-year-month"):
            return Mention(**at, relative="month" if name.startswith("same") else "next-month",
                           month=self.month_of[g[0]])
        if name in ("same-year", "same-day", "same-month", "next-year"):
            return Mention(**at, relative={"same-year": "year", "same-day": "day", "same-month": "this-month",
                                           "next-year": "next-year"}[name])
        if name == "hijri":
            return hijri_mention(self.day_of(g[0], g[1]), self.hijri_month_of.get(g[2]) if g[2] else None,
                                 int(g[3]), at)
        if name in ("hijri-ymd", "hijri-dmy"):
            year, month, day = (g[0], g[1], g[2]) if name == "hijri-ymd" else (g[2], g[1], g[0])
            return hijri_mention(int(day), int(month), int(year), at) if 1 <= int(month) <= 12 else None
        if name in ("ymd", "dmy"):
            year, month, day = (g[0], g[1], g[2]) if name == "ymd" else (g[2], g[1], g[0])
            # No such day in figures (31/02/2016, 2021/13/05): which figure is wrong is
            # anyone's guess, so its words are taken with no date, not read again as a year.
            return single(int(year), int(month), int(day), at) or Mention(**at)
        if name == "months-range":      # "من 28 نوفمبر إلى 9 ديسمبر 2011م": its first day
            return single(int(g[4]), self.month_of[g[1]], int(g[0]), at)
        if name == "day-range":
            return single(int(g[3]), self.month_of[g[2]], int(g[0]), at)
        if name == "day":
            return single(int(g[3]), self.month_of[g[2]], self.day_of(g[0], g[1]), at)
        if name == "month-day":
            return single(int(g[3]), self.month_of[g[0]], int(g[1]), at)
        if name == "month":
            return single(int(g[1]), self.month_of[g[0]], None, at)
        if name == "two-years":
            first, second = int(g[0]), int(g[1])
            return Mention(**at, dates=(PartialDate(first), PartialDate(second))) if first < second else None
        if name in ("years", "year") and match.group()[0].isdigit() and self.in_a_name(match, sentence):
            return Mention(**at)        # a year in a name: taken, no date ("قطر 2022", "Vision 2030")
        if name == "years":
            first, last = int(g[0]), int(g[1])
            return Mention(**at, period=DateRange(PartialDate(first), PartialDate(last))) if first < last else None
        return Mention(**at, dates=(PartialDate(int(g[0])),))

    def in_a_name(self, match: re.Match, sentence: str) -> bool:
        """Whether a bare year (or range of years) is part of a name: it follows a word
        that is none of those a date follows (vocabulary: before_year): "مؤتمر "تونس
        2020"", "رؤية قطر الوطنية 2030", "الاستراتيجية الوطنية للصحة 2018-2022م", "Vision
        2030", "the 2016 memorandum"; not "في 2022", "in 2005", "، 2005". `sentence` is the
        text as written, the match's folded (fold keeps offsets): its capitals tell an English name."""
        before = match.string[max(0, match.start() - 80):match.start()].rstrip()
        written = sentence[max(0, match.start() - 80):match.start()].rstrip()
        word = re.search(r"[^\W\d_]+$", before)
        if word is None:
            return False        # a sentence's start, a comma, a bracket: a date
        forms = {word.group(), re.sub(r"^(?:و|ف)", "", word.group())}
        if forms & self.before_year:
            return False
        # An event named for its year, its kind heading the name ("منتدى الدوحة 2019م", "منتدى قطر
        # الاقتصادي 2023", "the Doha Forum 2019"): the event's date, not a name's number. The
        # name is the words before the year, up to NAME_WORDS, within its phrase (no punctuation).
        name = re.search(rf"(?:[^\W\d_]+\s+){{0,{NAME_WORDS - 1}}}[^\W\d_]+$", written).group().split()
        if name[-1].isascii():      # an English name is its capitalised words ("Qatar National Vision")
            name = name[len(name) - next((i for i, w in enumerate(reversed(name)) if not w[0].isupper()),
                                         len(name)):]
        return not any(word_forms(fold(w)) & self.kind_words for w in name)

    def day_of(self, digits: Optional[str], words: Optional[str]) -> Optional[int]:
        if digits:
            return int(digits)
        return self.ordinal_of.get(words) if words else None


NAME_WORDS = 5     # "القمة العالمية للابتكار في التعليم 2021"


def resolve(mentions: list[Mention], last: Optional[PartialDate]) -> list[Mention]:
    """The mentions with a date told by the one before ("في شهر أكتوبر من العام نفسه",
    "later that year", "وفي اليوم نفسه") dated by the last date before them — the
    sentence's, else `last`, the page's before the sentence — at the precision the
    text gives; dropped when no date comes before."""
    found = []
    for mention in mentions:
        if mention.relative:
            if last is None:
                continue
            date = {"month": PartialDate(last.year, mention.month), "year": PartialDate(last.year),
                    "next-month": PartialDate(last.year + 1, mention.month), "next-year": PartialDate(last.year + 1),
                    "this-month": PartialDate(last.year, last.month), "day": last}[mention.relative]
            mention = replace(mention, dates=(date,))
        if mention.dates:       # the next one told by this one ("the following year … in the same month")
            last = mention.dates[-1]
        found.append(mention)
    return found


def single(year: int, month: int, day: Optional[int], at: dict) -> Optional[Mention]:
    """One date, or None when it is no date (31 February, month 13)."""
    try:
        dt.date(year, month, day or 1)
    except ValueError:
        return None
    return Mention(**at, dates=(PartialDate(year, month, day),))


def hijri_mention(day: Optional[int], month: Optional[int], year: int, at: dict) -> Optional[Mention]:
    """A Hijri date, with the Gregorian date its whole span falls in: a day is a
    day, a month usually straddles two Gregorian months (then it is a year, or
    the first year when it straddles two)."""
    if day is not None and month is None:
        return None
    try:
        first = Hijri(year, month or 1, day or 1).to_gregorian()
        if day is not None:
            last = first
        elif month is not None:
            after = Hijri(year + (month == 12), month % 12 + 1, 1).to_gregorian()
            last = after - dt.timedelta(days=1)
        else:
            last = Hijri(year + 1, 1, 1).to_gregorian() - dt.timedelta(days=1)
    except (ValueError, OverflowError):
        return None     # outside the Umm al-Qura tables, or no such day
    if first == last:
        date = PartialDate(first.year, first.month, first.day)
    elif (first.year, first.month) == (last.year, last.month):
        date = PartialDate(first.year, first.month)
    else:
        date = PartialDate(first.year)
    written = "-".join([f"{year:04d}"] + [f"{n:02d}" for n in (month, day) if n is not None])
    return Mention(**at, dates=(date,), hijri=written)


def merge_hijri(mentions: list[Mention], text: str, vocab: Vocabulary) -> list[Mention]:
    """A Hijri date beside a Gregorian one ("… 1426هـ الموافق 16 فبراير 2005م", or
    the Gregorian first with the Hijri in brackets) is one date: the Gregorian,
    the Hijri kept."""
    between = re.compile(rf"^{fold(vocab.equivalent)}$", re.IGNORECASE)
    merged: list[Mention] = []
    for mention in mentions:
        last = merged[-1] if merged else None
        pair = last is not None and (last.hijri is None) != (mention.hijri is None) \
            and len(last.dates) == len(mention.dates) == 1 and between.match(text[last.end:mention.start])
        if pair:
            hijri, gregorian = (last, mention) if last.hijri else (mention, last)
            merged[-1] = Mention(last.start, mention.end, gregorian.dates, None, hijri.hijri)
        else:
            merged.append(mention)
    return merged
