"""A page's sentences -> the events they tell, each with the sentence it came from.

An event is a date phrase (dates.py) in a sentence that also names a kind of
event (vocabulary.py: the kind whose word stands nearest the date). "In 2014
and 2015" gives two events; a range of years is the period of the event beside
it, not an event. An undated sentence that says it followed what came before
("وكانت أول ثمرات…", "following this") and names a kind is an event `after`
the last dated one. Places: a building or city the record knows, named in the
event's part of the sentence; else a country that is not a party, after "in"
or "to"; else a place the record does not know, proposed as a new entity.
A sentence with a date and no kind, or a kind and no date, yields nothing: the
report lists those for the analyst to read."""
from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass
from typing import Optional

from ..record.model import DateRange, Entity, PartialDate
from .dates import DateReader, Mention, resolve
from .match import PLACE_KINDS, EntityMatcher, Found, country_city, find_name, is_name_with_article, new_places, place_name
from .normalise import fold, inflected, word_forms, words_at
from .vocabulary import Vocabulary

TITLE_WORDS = 12
# Kinds that take no place: a state joins an organisation by an instrument, not at a place
# ("انضمت دولة قطر إلى المنظمة في سبتمبر 1972م، … وأنشأت المكتب … في الدوحة": Doha is the office's).
PLACELESS = ("accession",)
# Not a sentence's end: a single capital (U.S.), common abbreviations, a dot between digits.
NOT_AN_END = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|No|Prof|H\.E|e\.g|i\.e|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec))$")
BULLETS = "•◦▪‣-–—*·●○ \t"


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int       # offsets in the page's text
    end: int


@dataclass(frozen=True)
class Drafted:
    kind: str
    sentence: Sentence
    date: Optional[PartialDate] = None
    after: Optional[int] = None          # index of the dated event it followed
    period: Optional[DateRange] = None
    hijri: Optional[str] = None
    place: Optional[str] = None          # a known entity's id
    new_place: Optional[str] = None      # a place the record does not know, as written
    hosted_by: Optional[str] = None
    decided_by: Optional[str] = None
    title: str = ""


def sentences(text: str) -> list[Sentence]:
    """Lines, cut after . ! ? ؟ (not inside numbers or abbreviations); bullets and
    blanks trimmed off, offsets kept."""
    found, start = [], 0
    for match in re.finditer(r"\n|[.!?؟](?=\s|$)", text):
        end = match.end()
        if match.group() == "." and NOT_AN_END.search(text[max(0, match.start() - 6):match.start()]):
            continue
        found.append(trimmed(text, start, end))
        start = end
    found.append(trimmed(text, start, len(text)))
    return [s for s in found if s is not None]


def phrases_at(text: str, lo: int, hi: int, phrases) -> list[tuple[str, tuple[int, int]]]:
    """(label, (start, end)) of each (label, folded words) phrase in text[lo:hi],
    its words in any of their inflections (normalise.inflected)."""
    return [(label, at) for label, at in phrases_in(text, tuple(phrases)) if lo <= at[0] and at[1] <= hi]


@functools.lru_cache(maxsize=256)
def phrases_in(text: str, phrases: tuple) -> list[tuple[str, tuple[int, int]]]:
    """phrases_at over the whole text, kept: a sentence is asked of the same
    phrases for each of its dates and each question (kind, place, title)."""
    words = words_at(text)
    forms = [word_forms(w) for _, _, w in words]
    # A word matches a listed one only if it begins with the listed word's first two letters
    # (normalise.inflected): the text's words by those, so each listed word meets only its own.
    by_start: dict[str, list[tuple[int, str]]] = {}
    for i, here in enumerate(forms):
        for form in here:
            by_start.setdefault(form[:2], []).append((i, form))
    at: dict[str, set[int]] = {}       # a listed word -> the positions of the text's words it matches
    for word in {word for _, phrase in phrases for word in phrase}:
        pool = by_start.get(word[:2], []) if len(word) >= 2 else [(i, f) for i, here in enumerate(forms) for f in here]
        at[word] = {i for i, form in pool if inflected(form, word)}
    found = []
    for label, phrase in phrases:
        for i in sorted(at[phrase[0]]):
            if all(i + k in at[word] for k, word in enumerate(phrase)):
                found.append((label, (words[i][0], words[i + len(phrase) - 1][1])))
    return found


def clause(text: str, lo: int, hi: int, mention: Mention) -> tuple[int, int]:
    """The stretch of text[lo:hi] around a date phrase between clause marks (، , ; ؛ :)."""
    marks = [m.start() for m in re.finditer(r"[،,;؛:]", text)]     # a bracket is an aside, not a clause's end
    start = max([m + 1 for m in marks if m < mention.start] + [lo])
    end = min([m for m in marks if m >= mention.end] + [hi])
    return start, end


def nearest_clauses(text: str, lo: int, hi: int, own: tuple[int, int],
                    others: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """The date's own clause of text[lo:hi] (between clause marks), then the one after
    it and the one before it, but for those of other dates (`others`): a clause further
    off tells another event ("In March 2015, Qatar hosted a conference in Doha, …, and
    in 2017, Qatar joined …": Doha is not 2017's)."""
    cuts = [lo] + [m.start() for m in re.finditer(r"[،,;؛:]", text) if lo < m.start() < hi] + [hi]
    pieces = [(a + (a > lo), b) for a, b in zip(cuts, cuts[1:]) if b > a + 1]
    at = next((i for i, (a, b) in enumerate(pieces) if a < own[1] and own[0] < b), None)
    if at is None:
        return [own]
    near = [pieces[i] for i in (at, at + 1, at - 1) if 0 <= i < len(pieces)]
    return [p for p in near if p == pieces[at] or not any(p[0] < b and a < p[1] for a, b in others)]


def phrases(label: str, words) -> list[tuple[str, tuple[str, ...]]]:
    """(label, folded words) of each of the vocabulary's words or phrases, as phrases_at asks."""
    return [(label, tuple(w for _, _, w in words_at(word))) for word in words]


def event_nouns(vocab: Vocabulary, definite: bool, kind: Optional[str] = None) -> tuple[str, ...]:
    """The kinds' nouns (or one kind's) as they name an event told already: in Arabic with
    the article (الزيارة: "this visit" is هذه الزيارة too), in English after "the" when `definite`."""
    words = [w for k, words in vocab.kinds.items() if kind in (None, k) for w in words]
    if vocab.article:
        return tuple(w for w in words if w.startswith(vocab.article))
    return tuple(f"{vocab.the} {w}" for w in words) if definite and vocab.the else tuple(words)


def told_already(vocab: Vocabulary, kind: Optional[str] = None) -> tuple[str, ...]:
    """A demonstrative and an event's noun: "هذه الزيارة", "this visit"."""
    return tuple(f"{this} {noun}" for this in vocab.demonstratives for noun in event_nouns(vocab, False, kind))


def nth_day(date: PartialDate, day: Optional[int]) -> PartialDate:
    """The event's N-th day: its date and N-1 days, when it is known to the day."""
    if day is None or date.day is None:
        return date
    later = datetime.date(date.year, date.month, date.day) + datetime.timedelta(days=day - 1)
    return PartialDate(later.year, later.month, later.day)


def nisba_stem(name_word: str, article: str) -> str:
    """The folded word of a country's name as its adjective (nisba) keeps it: without
    the article, and without a final alef (قطر: القطرية; بلجيكا: البلجيكية; كينيا: الكينية)."""
    bare = name_word[len(article):] if article and name_word.startswith(article) else name_word
    return bare[:-1] if bare.endswith("ا") and len(bare) > 3 else bare


def trimmed(text: str, start: int, end: int) -> Optional[Sentence]:
    while start < end and text[start] in BULLETS + "\n":
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(text[start:end], start, end) if any(c.isalnum() for c in text[start:end]) else None


class EventReader:
    def __init__(self, vocab: Vocabulary, entities: dict[str, Entity], parties: tuple[str, ...]):
        self.vocab, self.entities, self.parties = vocab, entities, parties
        self.dates = DateReader(vocab)
        self.page_places: tuple[tuple[str, tuple[str, ...]], ...] = ()     # events: the page's new places
        self.last_date: Optional[PartialDate] = None    # read: the page's last date before the sentence
        self.matcher = EntityMatcher(entities)
        # The words of known names, without the article: "الحلف", "المنظمة" name a party, not a new place.
        article = fold(vocab.article)
        self.name_words = frozenset(w[len(article):] if article and w.startswith(article) else w
                                    for _, name in self.matcher.names for w in name)
        self.kind_words = [(kind, tuple(w for _, _, w in words_at(word)))
                           for kind, words in vocab.kinds.items() for word in words]
        weak = {tuple(w for _, _, w in words_at(word)) for word in vocab.weak}
        self.strong_kind_words = [(kind, words) for kind, words in self.kind_words if words not in weak]
        self.occasion_words = phrases("meeting", vocab.occasion)
        # Names of several words (the entities'), inside which a word is no kind word.
        self.long_names = [("name", words) for _, words in self.matcher.names if len(words) > 1]
        # "It was agreed" (on a mechanism): a decision, inside which the agreement word names no signing.
        self.agreed_words = phrases("agreed", vocab.agreed)
        # An office, embassy or mission opened: an accreditation ("افتتحت المفوضية مكتبا لها").
        self.opening = re.compile(fold(vocab.opening), re.IGNORECASE)
        self.founded_words = phrases("founded", vocab.founded)
        self.during_words = phrases("during", vocab.during)
        self.relative_words = phrases("which", vocab.relatives)
        self.another_words = phrases("another", vocab.another)
        self.sequel_words = phrases("sequel", vocab.sequel) + phrases("fruit", vocab.fruit) \
            + phrases("this", vocab.this_one)
        # An event told already: a definite noun of its kind, or a demonstrative and one ("الزيارة",
        # "هذه الزيارة", "the visit"), labelled with its kind; and the words before one that say what
        # follows came after it ("وتلا الزيارة", "following the visit") or during it ("خلال الاجتماع نفسه").
        self.event_nouns = [(kind, words) for kind in vocab.kinds
                            for _, words in phrases(kind, event_nouns(vocab, True, kind) + told_already(vocab, kind))]
        self.told_words = phrases("told", told_already(vocab))
        self.credentials = phrases("credentials", vocab.credentials)
        self.after_the = phrases("sequel", vocab.after_the)
        self.outcome = re.compile(fold(vocab.outcome), re.IGNORECASE)
        self.took_part = re.compile(fold(vocab.took_part), re.IGNORECASE)
        self.dates_back = re.compile(fold(vocab.dates_back), re.IGNORECASE)
        self.during_the = phrases("during", vocab.during_the)
        self.partner_words = phrases("partner", vocab.partner)
        self.there_words = phrases("there", vocab.there)
        self.both_sides_words = phrases("both", vocab.both_sides)
        self.received_words = phrases("received", vocab.received)
        self.embassy = re.compile(fold(vocab.embassy), re.IGNORECASE)
        self.sidelines_words = phrases("sidelines", vocab.sidelines)
        self.tournament_words = phrases("tournament", vocab.tournaments)
        self.figure = re.compile(fold(vocab.figure), re.IGNORECASE)
        self.preceded_words = phrases("preceded", vocab.preceded)
        self.existing_words = phrases("existing", vocab.existing)
        self.led_mission = re.compile(fold(vocab.led_mission), re.IGNORECASE)
        self.day_of = re.compile(vocab.day_of, re.IGNORECASE)     # matched on folded text: its words have no alef forms

    def events(self, text: str) -> tuple[list[Drafted], list[Sentence]]:
        """The events of the page in its order, and the sentences that yielded none.
        Read twice: a new place the page names plainly once ("في مدريد") is, the
        second time, known wherever the page names it ("بمدريد", "لمدريد")."""
        self.page_places = ()
        drafted, silent = self.read(text)
        named = tuple(dict.fromkeys(e.new_place for e in drafted if e.new_place))
        if not named:
            return drafted, silent
        self.page_places = tuple((name, tuple(w for _, _, w in words_at(name))) for name in named)
        return self.read(text)

    def read(self, text: str) -> tuple[list[Drafted], list[Sentence]]:
        drafted: list[Drafted] = []
        silent: list[Sentence] = []
        self.last_date = None
        for sentence in sentences(text):
            found = self.dated(sentence, drafted) or self.signed_during_one_before(sentence, drafted)
            # "… on DATE, followed by a visit …": an undated event after the sentence's last date.
            found += self.sequel(sentence, drafted + found, self.after_dates(sentence.text) if found else 0)
            drafted += found
            if not found:
                silent.append(sentence)
            self.last_date = next((m.dates[-1] for m in reversed(self.mentions(sentence.text)) if m.dates),
                                  self.last_date)
        return drafted, silent

    def before_told(self, text: str, lo: int, hi: int, heads) -> list[tuple[str, tuple[int, int]]]:
        """(the noun's kind, (the head's start, the noun's end)) of each head (`after_the`,
        `during_the`) in text[lo:hi] with an event told already right after it."""
        nouns = phrases_at(text, lo, hi, self.event_nouns)
        return [(kind, (at[0], noun[1])) for _, at in phrases_at(text, lo, hi, heads)
                for kind, noun in nouns if noun[0] > at[1] and not text[at[1]:noun[0]].strip()]

    def marks_of_sequence(self, text: str, lo: int, hi: int) -> list[tuple[str, tuple[int, int]]]:
        """The words that say what follows came after an event: the vocabulary's, and those
        before an event told already (its noun is in the mark: the kind is the next one named);
        not after "what" ("شكلت الإطار القانوني لما تلاها من اتفاقيات": what followed, in general)."""
        what = {fold(w) for w in self.vocab.what}
        marks = phrases_at(text, lo, hi, self.sequel_words) \
            + [("sequel", at) for _, at in self.before_told(text, lo, hi, self.after_the)]
        return [(label, at) for label, at in marks
                if not set([w for _, end, w in words_at(text) if end <= at[0]][-1:]) & what
                and not self.preceded_and_followed(text, at)]

    def preceded_and_followed(self, text: str, at: tuple[int, int]) -> bool:
        """Whether "preceded" stands before a word of sequence in its clause ("وقد سبق ذلك وتلاه عدد
        من الزيارات"): events before and after, none in particular followed the one told."""
        start = max([m.end() for m in re.finditer(r"[،,;؛:]", text[:at[0]])] + [0])
        return bool(phrases_at(text, start, at[0], self.preceded_words))

    def outcomes(self, text: str, lo: int, hi: int) -> list[tuple[Optional[str], tuple[int, int]]]:
        """(the kind of the event told, (start, end)) of each "resulted in the signing" in
        text[lo:hi] ("وأسفرت الزيارة عن توقيع", "The visit resulted in the signing of"): what an
        event resulted in took place during it. The kind is the noun's in the words or in its
        clause before them; None when no noun names one ("وأسفرت عن توقيع")."""
        found = []
        for match in self.outcome.finditer(fold(text), lo, hi):
            start = max([m.end() for m in re.finditer(r"[،,;؛:]", text[:match.start()])] + [lo])
            nouns = [(at, kind) for kind, at in phrases_at(text, start, match.end(), self.event_nouns)]
            found.append((max(nouns)[1] if nouns else None, (match.start(), match.end())))
        return found

    def signed_during_one_before(self, sentence: Sentence, before: list[Drafted]) -> list[Drafted]:
        """A sentence of no date that tells a signing during an event told already ("وخلال الزيارة
        وقع الجانبان مذكرة تفاهم", "On the second day of the visit, the two sides signed …"): an
        agreement of the last dated event of the noun's kind, at its place, on its date (its N-th
        day, when the sentence names one and the event is dated to the day)."""
        text = sentence.text
        during = self.before_told(text, 0, len(text), self.during_the) + self.outcomes(text, 0, len(text))
        day = None
        for match in self.day_of.finditer(fold(text)):
            noun = [(kind, at) for kind, at in phrases_at(text, match.end(), len(text), self.event_nouns)
                    if not text[match.end():at[0]].strip()]
            if noun and fold(match.group("n")) in self.dates.ordinal_of:
                during.append((noun[0][0], (match.start(), noun[0][1][1])))
                day = self.dates.ordinal_of[fold(match.group("n"))]
        for kind, (_, end) in sorted(during, key=lambda d: d[1]):
            told = [e for e in before if e.date is not None and kind in (None, e.kind)]
            signed = [at for k, at in self.kinds_at(text, end, len(text), False) if k == "agreement"]
            if told and signed:
                event = told[-1]
                return [Drafted("agreement", sentence, date=nth_day(event.date, day), title=self.title_from(
                    text, signed[0][0], len(text)), place=event.place, new_place=event.new_place)]
        return []

    def mentions(self, text: str) -> list[Mention]:
        """The sentence's date phrases, those told by the date before them
        ("في شهر أكتوبر من العام نفسه", "the same day") dated by it (dates.resolve)."""
        return resolve(self.dates.mentions(text), self.last_date)

    def dated(self, sentence: Sentence, before: list[Drafted] = ()) -> list[Drafted]:
        mentions = self.mentions(sentence.text)
        dated = [m for m in mentions if m.dates]
        periods = [m for m in mentions if m.period]
        found = []
        clauses = [clause(sentence.text, 0, len(sentence.text), m) for m in dated]
        # "… في نوفمبر 2017م، وتبع ذلك تنظيم دورة … في الدوحة": what follows the words
        # of sequence is the next event's, not this one's.
        sequels = [at[0] for _, at in self.marks_of_sequence(sentence.text, 0, len(sentence.text))]
        for index, mention in enumerate(dated):
            lo = dated[index - 1].end if index else 0
            hi = dated[index + 1].start if index + 1 < len(dated) else len(sentence.text)
            if self.founding(sentence.text, lo, hi, mention) or self.statistic(sentence.text, lo, hi, mention) \
                    or self.sporting(sentence.text, lo, hi, mention):
                continue
            hi = min([at for at in sequels if at >= mention.end] + [hi])
            others = tuple(c for i, c in enumerate(clauses) if i != index)
            kind = self.nearest_kind(sentence.text, lo, hi, mention, others) \
                or self.occasion(sentence.text, lo, hi, mention) or self.another(sentence.text, lo, hi, mention, found)
            if kind is None or (kind == "accession" and self.others_own_accession(sentence.text, lo, hi, mention)):
                continue
            period = min(periods, key=lambda p: abs(p.start - mention.end)).period if periods else None
            where = self.where(sentence.text, lo, hi, kind, mention, others)
            if mention.relative == "day" and not (where["place"] or where["new_place"]):
                where = self.same_days_place(where, mention.dates[0], list(before) + found)
            if not (where["place"] or where["new_place"]) and phrases_at(sentence.text, *clause(
                    sentence.text, lo, hi, mention), self.there_words):
                where = self.there(where, list(before) + found)
            title = self.title(sentence.text, lo, hi, kind, mentions)
            for date in mention.dates:      # two years in one phrase: an event each, told apart by the year
                if any(e.date == date and e.kind == kind for e in found):
                    continue                # the same event told twice in one sentence ("في 5 مايو … يوم 5 مايو")
                found.append(Drafted(kind, sentence, date=date, period=period, hijri=mention.hijri,
                                     title=f"{title} {date.year}" if len(mention.dates) > 1 else title, **where))
                signed = self.signed_during(sentence.text, lo, hi, mention, others) if kind != "agreement" else None
                if signed is not None and not any(e.date == date and e.kind == "agreement" for e in found):
                    found.append(Drafted("agreement", sentence, date=date, hijri=mention.hijri, title=signed,
                                         place=where["place"], new_place=where["new_place"]))
        if not dated and periods:      # "during 2016-2018 the programme…": the period's start
            mention = periods[0]
            kind = self.nearest_kind(sentence.text, 0, len(sentence.text), mention)
            if kind is not None:
                found.append(Drafted(kind, sentence, date=mention.period.start, period=mention.period,
                                     title=self.title(sentence.text, 0, len(sentence.text), kind, mentions),
                                     **self.where(sentence.text, 0, len(sentence.text), kind)))
        return found

    @staticmethod
    def same_days_place(where: dict, date: PartialDate, before: list[Drafted]) -> dict:
        """An event "on the same day" ("وفي اليوم نفسه وقع الجانبان …") that names no
        place took place where the day's event before it did."""
        return EventReader.there(where, [e for e in before if e.date == date])

    @staticmethod
    def there(where: dict, before: list[Drafted]) -> dict:
        """An event "there" ("بعد أن افتتحت الدولة سفارتها هناك في العام نفسه") took place where
        the event told last did, the one that named a place."""
        placed = [e for e in before if e.place or e.new_place]
        return {**where, "place": placed[-1].place, "new_place": placed[-1].new_place} if placed else where

    def after_dates(self, text: str) -> int:
        """Where the clause of the sentence's last date ends."""
        dated = [m for m in self.mentions(text) if m.dates]
        return clause(text, 0, len(text), dated[-1])[1] if dated else 0

    def sequel(self, sentence: Sentence, before: list[Drafted], start: int = 0) -> list[Drafted]:
        """An undated event that followed the last dated one, when the sentence (from
        `start`) says so: its kind is the first named after the words that say it
        (vocabulary: sequel), or after the one before, which words such as "أول ثمرات"
        name first (vocabulary: fruit: "أول ثمرات اتفاق الشراكة … اعتماد"), or, after
        a demonstrative ("إثر تلك الزيارة، وقع": vocabulary: this_one), the first
        named past the noun's clause (else past the noun)."""
        anchors = [i for i, event in enumerate(before) if event.date is not None]
        text = sentence.text
        marks = self.marks_of_sequence(text, start, len(text))
        if not anchors or not marks:
            return []
        anchor = anchors[-1]
        label, (mark_start, mark_end) = min(marks, key=lambda m: m[1][1])
        # After "the first fruit of", the one before is named first: its kind is not this event's.
        following = sorted((at, kind) for kind, at in self.kinds_at(text, 0, len(text))
                           if at[0] >= mark_end and not (label == "fruit" and kind == before[anchor].kind))
        if label == "this":     # "إثر تلك الزيارة، وقع …": the noun's clause names the one before
            ends = [m.start() for m in re.finditer(r"[،,;؛:]", text) if m.start() >= mark_end]
            later = [f for f in following if ends and f[0][0] > ends[0]]
            following = later or following[1:]
        if not following:
            return []
        (first, noun_end), kind = following[0]
        if self.introduces_a_list(text, first, noun_end):
            return []
        # Its place is named after the words that say it followed ("On DATE, X visited Doha,
        # followed by a visit … to Canberra"); what stands before them is the event before's,
        # and what follows its clause is another matter ("وتلا ذلك التوقيع على اتفاقية …، مهدت
        # لتسيير رحلات مباشرة بين الدوحة ولواندا": a route, not where it was signed).
        end = min([first + m.start() for m in re.finditer(r"[،,;؛:]", text[first:])] + [len(text)])
        return [Drafted(kind, sentence, after=anchor, title=self.title_from(text, first, len(text)),
                        **self.where(text, max(start, mark_start), end, kind))]

    def introduces_a_list(self, text: str, start: int, end: int) -> bool:
        """Whether the sentence ends in a colon and its event noun is plural ("وتوالت بعد ذلك
        الزيارات المتبادلة بين مسؤولي البلدين، ومن أبرزها:", "Visits followed, among them:"):
        the list below tells the events, this line none."""
        word = ([w for s, e, w in words_at(text) if s < end and start < e] or [""])[-1]
        return text.rstrip().endswith(":") and word.endswith(self.vocab.plural_ends)

    def kinds_at(self, text: str, lo: int, hi: int, weak: bool = True) -> list[tuple[str, tuple[int, int]]]:
        """(kind, (start, end)) of every kind word in text[lo:hi], in any of its
        inflections; without the vocabulary's weak words unless `weak`."""
        found = phrases_at(text, lo, hi, self.kind_words if weak else self.strong_kind_words)
        names = phrases_at(text, lo, hi, self.long_names) + self.agreed_on(text, lo, hi) + self.partners(text, lo, hi) \
            + [("took part", (m.start(), m.end())) for m in self.took_part.finditer(fold(text), lo, hi)]
        # A word inside a known entity's name names no kind ("اللجنة الدولية للصليب الأحمر" is
        # no meeting, "North Atlantic Treaty Organization" no agreement), nor one inside "it was
        # agreed" ("وتم الاتفاق على آلية": no signing) or one that tells taking part ("joined the
        # debates of": no accession).
        found = [(kind, at) for kind, at in found if not any(a <= at[0] and at[1] <= b for _, (a, b) in names)]
        # An agreement in force, its word beside one that says so ("تفعيل الاتفاقيات القائمة", "the
        # existing agreements"), is no signing told.
        existing = phrases_at(text, lo, hi, self.existing_words)
        found = [(kind, at) for kind, at in found if kind != "agreement" or not any(
            not text[at[1]:a].strip() or not text[b:at[0]].strip() for _, (a, b) in existing if b <= at[0] or a >= at[1])]
        opened = [("accreditation", (m.start(), m.end())) for m in self.opening.finditer(fold(text), lo, hi)]
        # A mission led, or of trade ("led an economic mission to Doha"), is a delegation's visit;
        # its word names no accreditation.
        led = [("visit", (m.start(), m.end())) for m in self.led_mission.finditer(fold(text), lo, hi)]
        found = [(kind, at) for kind, at in found if not any(a <= at[0] and at[1] <= b for _, (a, b) in led)]
        return self.on_the_sidelines(text, self.of_a_conference(text, found)) + opened + led

    def on_the_sidelines(self, text: str, found: list[tuple[str, tuple[int, int]]]) -> list[tuple[str, tuple[int, int]]]:
        """The kind words, the first after "on the sidelines of" in its clause a meeting's ("على هامش
        منتدى أنطاليا … في مارس 2024م، التقى", "on the sidelines of the GECF Summit in Algiers, the Amir
        met"): the occasion is where the meeting was, not the event."""
        occasions = set()
        for _, (_, end) in phrases_at(text, 0, len(text), self.sidelines_words):
            stop = min([m.start() for m in re.finditer(r"[،,;؛:]", text[end:])] + [len(text) - end]) + end
            after = sorted(at for _, at in found if end <= at[0] < stop)
            occasions.update(after[:1])
        return [("meeting" if at in occasions else kind, at) for kind, at in found]

    def partners(self, text: str, lo: int, hi: int) -> list[tuple[str, tuple[int, int]]]:
        """Each "in cooperation with" and the noun after it ("نظمت الوزارة بالتعاون مع سفارة دولة
        قطر دورتين تدريبيتين"): the partner, whose word (سفارة) names no event's kind."""
        words = words_at(text)
        found = []
        for label, at in phrases_at(text, lo, hi, self.partner_words):
            after = [(end, word) for start, end, word in words if start > at[1]][:2]
            noun = after[1] if len(after) == 2 and self.vocab.the and after[0][1] == fold(self.vocab.the) else \
                (after[:1] or [(at[1], "")])[0]       # past "the" ("in cooperation with the Embassy")
            found.append((label, (at[0], noun[0])))
        return found

    @staticmethod
    def of_a_conference(text: str, found: list[tuple[str, tuple[int, int]]]) -> list[tuple[str, tuple[int, int]]]:
        """The kind words but a meeting's right beside a conference's, nothing or an acronym in
        brackets between ("اجتماعات قمة آسيان", "the Asia–Europe Meeting (ASEM) Summit"): the
        conference's sessions, or a word of its name — the event is the conference. Not a
        meeting *for* a conference's body, ل joined to it ("اجتماع لمنتدى رجال الأعمال")."""
        def beside(meeting: tuple[int, int], conference: tuple[int, int]) -> bool:
            if meeting[1] <= conference[0]:
                gap = text[meeting[1]:conference[0]]
                if fold(text[conference[0]:conference[1]]).startswith("ل"):
                    return False
            else:
                gap = text[conference[1]:meeting[0]]
            return re.fullmatch(r"\s*(?:\([^()]*\)\s*)?", gap) is not None
        conferences = [at for kind, at in found if kind == "conference"]
        return [(kind, at) for kind, at in found
                if kind != "meeting" or not any(beside(at, c) for c in conferences)]

    def agreed_on(self, text: str, lo: int, hi: int) -> list[tuple[str, tuple[int, int]]]:
        """Each "it was agreed" and the rest of its clause: what was agreed on ("واتفق الجانبان
        فيها على آلية لمتابعة تنفيذ الاتفاقيات الموقعة", "تم الاتفاق على توقيع مذكرة") is a
        decision or a plan, its agreement words no signing told."""
        ends = [m.start() for m in re.finditer(r"[،,;؛:.]", text)] + [len(text)]
        return [(label, (at[0], min(e for e in ends if e >= at[1])))
                for label, at in phrases_at(text, lo, hi, self.agreed_words)]

    def nearest_kind(self, text: str, lo: int, hi: int, mention: Mention,
                     others: tuple[tuple[int, int], ...] = ()) -> Optional[str]:
        """The event's kind by its words (kind_by), the weak ones (جولة) only when no
        other names one — but in the date's own clause first: a weak word there outweighs a
        strong one in the next ("استضافت الدوحة أعمال الدورة الثامنة للجنة في …، وبحثت اللجنة
        مشروعات الاتفاقيات": a meeting; the drafts it discussed are no signing)."""
        if self.opened_then(text, lo, hi, mention):
            return "accreditation"
        if self.received_visitor(text, lo, hi, mention):
            return "visit"
        return self.kind_by(text, lo, hi, mention, others, False, own=True) \
            or self.kind_by(text, lo, hi, mention, others, True, own=True) \
            or self.kind_by(text, lo, hi, mention, others, False) or self.kind_by(text, lo, hi, mention, others, True)

    def received_visitor(self, text: str, lo: int, hi: int, mention: Mention) -> bool:
        """Whether the date's own clause, naming no kind, tells an official of the other party
        received ("استقبل سعادة الوزير في الدوحة وزير خارجية جمهورية بنين"): the guest's visit. An
        organisation's official received ("استقبل … الأمين العام للاتحاد") is a meeting, as before."""
        start, end = clause(text, lo, hi, mention)
        if self.kinds_at(text, start, end, False):
            return False
        verbs = [at for _, at in phrases_at(text, start, end, self.received_words)]
        return bool(verbs) and any(f.entity in self.parties[1:] and f.start > verbs[0][1]
                                   and self.entities[f.entity].kind == "country"
                                   for f in self.matcher.found(text, start, end))

    def opened_then(self, text: str, lo: int, hi: int, mention: Mention) -> bool:
        """Whether an embassy's opening is the last kind named before the date in its clause
        ("شهدت … تكثيف الزيارات وتوقيع الاتفاقيات وافتتاح سفارة دولة قطر في تبليسي عام 2016م"):
        the opening, told with its year, is the date's event, whatever heads the clause
        (docs/drafting.md, What a key holds)."""
        start, _ = clause(text, lo, hi, mention)
        opened = [m.start() for m in self.opening.finditer(fold(text), start, mention.start)]
        return bool(opened) and all(kind == "accreditation" for kind, at in self.kinds_at(text, start, mention.start)
                                    if at[0] >= opened[-1])

    def kind_by(self, text: str, lo: int, hi: int, mention: Mention,
                others: tuple[tuple[int, int], ...], weak: bool, own: bool = False) -> Optional[str]:
        """The event's kind, read in the date's own clause (between commas): the first
        kind word before the date, the clause's head ("signed an agreement on … training
        … on DATE", "التي انضمت إليها … في"); else the nearest after it ("في … 2018م
        وقعت"); else the nearest in the clause after, then the clause before (not other
        dates'); else the nearest in the sentence's part for this date, leaving out the
        clauses of its other dates (`others`), whose words are theirs. `own`: the date's own
        clause alone."""
        order = list(self.vocab.kinds)
        start, end = clause(text, lo, hi, mention)
        found = self.not_told_before(text, lo, hi, mention, self.kinds_at(text, lo, hi, weak))
        before = [(at[0], order.index(k), k) for k, at in found if start <= at[0] and at[1] <= mention.start]
        after = [(at[0] - mention.end, order.index(k), k) for k, at in found if mention.end <= at[0] and at[1] <= end]
        if before or after:
            return min(before or after)[2]
        if own:
            return None
        # A clause of a date alone ("وبتاريخ 2006/11/17م، وشهد … الزيارة …"): the clause beside it,
        # the one before first when the date's clause tells of it ("…، وذلك في 10 يناير 2019م").
        beside = nearest_clauses(text, lo, hi, (start, end), others)[1:]
        if self.tells_of_the_one_before(text, start, end):
            beside = beside[::-1]
        for near in beside:
            # Its head: the first kind word ("اجتماع وزيري الخارجية … على هامش اجتماعات منتدى …، يوم 9
            # نوفمبر 2017م" is a meeting; the forum is its occasion).
            beside = [(at[0], order.index(k), k) for k, at in found if near[0] <= at[0] and at[1] <= near[1]]
            if beside:
                return min(beside)[2]
        anywhere = [(max(mention.start - at[1], at[0] - mention.end, 0), order.index(k), k) for k, at in found
                    if not any(a <= at[0] < b for a, b in others)]
        return min(anywhere)[2] if anywhere else None

    def not_told_before(self, text: str, lo: int, hi: int, mention: Mention, found: list) -> list:
        """The kind words but a demonstrative's noun before the date ("وسبقت هذه الزيارة جولة من
        المشاورات … في 5 يونيو 2017م", "This visit was preceded by talks … on"): an event an
        earlier sentence told. After the date it is this one's ("في 14 يناير 2012م، وكانت تلك
        الزيارة …")."""
        told = [at for _, at in phrases_at(text, lo, mention.start, self.told_words)]
        return [(kind, at) for kind, at in found if not any(a < at[0] and at[1] == b for a, b in told)]

    def tells_of_the_one_before(self, text: str, start: int, end: int) -> bool:
        """Whether the clause text[start:end] begins with words that tell of the clause
        before it (vocabulary: back: "وذلك في …", "held in …")."""
        words = text[start:end].split()
        # A relative clause too ("…, which Argentina hosted in … from 10 to 13 December 2017"):
        # its pronoun stands for a noun of the clause before, the event it dates.
        return any(fold(" ".join(words[:len(w.split())])) == fold(w) for w in self.vocab.back + self.vocab.relatives)

    def occasion(self, text: str, lo: int, hi: int, mention: Mention) -> Optional[str]:
        """A date with no kind word near it, in a clause that says an event took place
        ("استضافت الدوحة أعمال الدورة الخامسة والعشرين لمجلس …", "the session held on"):
        a meeting, the most general kind, rather than nothing."""
        start, end = clause(text, lo, hi, mention)
        if phrases_at(text, start, end, self.tournament_words):
            return None     # "استضافت الكاميرون بطولة كأس الأمم الأفريقية عام 2022م": a party's, no event of the relation
        return "meeting" if phrases_at(text, start, end, self.occasion_words) else None

    def sporting(self, text: str, lo: int, hi: int, mention: Mention) -> bool:
        """Whether the date's clause names a sports tournament before it ("won the FIFA World Cup
        at Lusail Stadium on 18 December 2022, in front of … fans who had travelled to Qatar"): a
        match, no event of the relation, whoever travelled to it. One named after the date is an
        event's subject ("وقعت … في 2021م اتفاقية لضمان أن تكون بطولة كأس العالم … صحية")."""
        return bool(phrases_at(text, clause(text, lo, hi, mention)[0], mention.start, self.tournament_words))

    def founding(self, text: str, lo: int, hi: int, mention: Mention) -> bool:
        """Whether the date's clause tells a founding before it ("الذي تأسس عام 2004م",
        "relations were established in 1974"), a year of independence, or the start of a state
        ("since 2011"): a fact of the page, no event — but an embassy opened or founded, in any
        words ("ويعود افتتاح سفارة … إلى عام 2003م", "تأسست سفارة … عام 2009م"), is one."""
        start, _ = clause(text, lo, hi, mention)
        if any(self.embassy.search(m.group()) for m in self.opening.finditer(fold(text), start, mention.start)):
            return False    # an embassy opened or founded, in any words, is an event (opened_then)
        if phrases_at(text, start, mention.start, self.founded_words):
            return True
        # "منذ عام 1994م", "since 2011": the start of a state, no event.
        before = [w for _, end, w in words_at(text) if end <= mention.start][-1:] \
            + [w for s, _, w in words_at(text) if s == mention.start]
        if set(before) & {fold(w) for w in self.vocab.since}:
            return True
        # "X dates back to Y" — unless the next clause tells what happened then ("…، حين زار …").
        told_then = re.match(rf"[\s،,]*(?:و)?(?:{'|'.join(map(re.escape, map(fold, self.vocab.when)))})(?!\w)",
                             fold(text)[mention.end:]) if self.vocab.when else None
        return self.dates_back.search(fold(text), start, mention.start) is not None and told_then is None

    def statistic(self, text: str, lo: int, hi: int, mention: Mention) -> bool:
        """Whether the date's clause counts something before it and names no kind ("واستقبلت مالطا
        نحو 2.9 مليون سائح في عام 2023م", "trade exceeded 30 million US dollars in 2021"): a figure's
        year, no event — what the next clause says of the figure is no event of that year either."""
        start, end = clause(text, lo, hi, mention)
        return self.figure.search(fold(text), start, mention.start) is not None \
            and not self.kinds_at(text, start, end, False)

    def others_own_accession(self, text: str, lo: int, hi: int, mention: Mention) -> bool:
        """Whether the accession nearest the date is the other party's own, to a body that is no
        party ("وجورجيا، التي انضمت إلى مجلس أوروبا عام 1999م", "Bolivia's accession to MERCOSUR
        in 2024"): that state's history, told as background, no event of the relation. The page is
        the first party's ministry's: its own state's accessions it tells are the relation's ("حين
        انضمت دولة قطر إلى المنظمة الدولية للفرانكفونية …" on the Gabon page). The joiner is the
        party named right after the word ("انضمام رومانيا", "انضمت دولة قطر"), else the nearest
        one named before it that no preposition governs ("وأوغندا، التي … وانضمت"; not "انضمت
        دولة قطر إلى البنك الدولي …، كما انضمت إلى": the bank is what was joined). A noun with a
        pronoun ("انضمامها") owns it: the party named last before it, governed or not ("وتنظر دولة
        قطر إلى كرواتيا …، لا سيما منذ انضمامها إلى الاتحاد الأوروبي"); a state, not a body ("أصبحت
        دولة قطر عضواً في اللجنة الاستشارية للأونروا، بعد … طلب انضمامها")."""
        words = [at for kind, at in self.kinds_at(text, lo, hi) if kind == "accession"]
        own = clause(text, lo, hi, mention)
        words = [at for at in words if own[0] <= at[0] and at[1] <= own[1]] or words
        if not words:
            return False
        start, end = min(words, key=lambda at: min(abs(at[0] - mention.end), abs(mention.start - at[1])))
        named = self.party_namings(text)
        possessed = fold(text[start:end]).endswith(("ها", "ه"))
        after = self.subject_after(text, end, named)
        # A body named after the word is what was joined ("Qatar joined UNIDO in 1990"), no joiner.
        joiner = (after if after and self.entities[after.entity].kind == "country" else None) or max(
            (f for f in named if f.end <= start
             and (self.entities[f.entity].kind == "country" if possessed else not self.governed(text, f))),
            key=lambda f: f.end, default=None)
        if joiner is None or joiner.entity == self.parties[0]:
            return False
        joined_end = clause(text, lo, hi, mention)[1] if mention.start >= end else mention.start
        return not any(f.entity != joiner.entity and end <= f.start < max(joined_end, end) for f in named)

    def party_namings(self, text: str) -> list[Found]:
        """Every naming of a party in the text (EntityMatcher.found gives each one's first)."""
        namings, start = [], 0
        while True:
            found = [f for f in self.matcher.found(text, start) if f.entity in self.parties]
            if not found:
                return namings
            first = min(found, key=lambda f: f.start)
            namings.append(first)
            start = first.end

    def subject_after(self, text: str, at: int, named: list[Found]) -> Optional[Found]:
        """The party a verb's subject names right after it, before any preposition's object
        ("انضمت دولة قطر إلى", "التي انضمت إليها دولة قطر في", "انضمام رومانيا إلى")."""
        prepositions = {fold(w) for w in self.vocab.prepositions} - {fold(w) for w in ("إليه", "إليها")}
        for start, end, word in words_at(text):
            if start < at:
                continue
            party = next((f for f in named if f.start == start), None)
            if party is not None:
                return party
            if word in prepositions or word.isdigit() or re.search(r"[،,;؛:]", text[at:start]):
                return None
        return None

    def governed(self, text: str, found: Found) -> bool:
        """Whether a preposition stands right before a name ("إلى البنك الدولي", "to NATO")."""
        before = [w for _, end, w in words_at(text) if end <= found.start]
        return bool(before) and before[-1] in {fold(w) for w in self.vocab.prepositions}

    def another(self, text: str, lo: int, hi: int, mention: Mention, found: list[Drafted]) -> Optional[str]:
        """A date of no kind whose clause says "another" before it ("عقد الجانبان حوارا …
        في مارس 2017م، وآخر في واشنطن في يونيو 2018م"): the kind of the sentence's event before."""
        start, _ = clause(text, lo, hi, mention)
        return found[-1].kind if found and phrases_at(text, start, mention.start, self.another_words) else None

    def signed_during(self, text: str, lo: int, hi: int, mention: Mention,
                      others: tuple[tuple[int, int], ...]) -> Optional[str]:
        """The title of an agreement signed "during it" in a later clause of the date's part
        ("بزيارة رسمية إلى بغداد في …، وقّع الجانبان خلالها عددا من مذكرات التفاهم", "during the
        visit the two sides signed …"): a signing is an event of its own, of the visit's date
        and place; a meeting during a visit is the visit, and so is a signing told in a
        relative clause ("التي وقع خلالها القادة …", "during which agreements were signed") —
        unless the two sides signed it ("during which the two sides signed an agreement on …")."""
        own_end = clause(text, lo, hi, mention)[1]
        during = phrases_at(text, own_end, hi, self.during_words) + self.before_told(text, own_end, hi, self.during_the) \
            + self.outcomes(text, own_end, hi)
        for _, (at, _) in sorted(during, key=lambda d: d[1]):
            if any(a <= at < b for a, b in others):
                continue
            start = max([own_end + m.end() for m in re.finditer(r"[،,;؛:]", text[own_end:at])] + [own_end])
            end = min([at + m.start() for m in re.finditer(r"[،,;؛:]", text[at:hi])] + [hi])
            signed = [where for kind, where in self.kinds_at(text, start, end, False) if kind == "agreement"]
            if signed and (not phrases_at(text, start, signed[0][0], self.relative_words)
                           or phrases_at(text, start, signed[0][0], self.both_sides_words)):
                return self.title_from(text, signed[0][0], end)
        return None

    def where(self, text: str, lo: int, hi: int, kind: str, mention: Optional[Mention] = None,
              others: tuple[tuple[int, int], ...] = ()) -> dict:
        """The event's places, from the date's own clause if it names one, else from
        the nearest clause of the sentence's part for this date that names one and is
        no other date's ("في 12/10/2023م، شارك … في القاهرة، لبحث … في قطاع غزة":
        Cairo; "انضمت … في عام 2023م، وعقدت … في الدوحة يومي …": Doha is the
        meeting's), else from the whole part when the sentence has one date, else the
        host an earlier clause of the sentence names ("استضافت الدوحة …، كما استضافت
        الدورة التاسعة … يومي …": Doha hosted both)."""
        if kind in PLACELESS:
            return self.ceremony(text, lo, hi, kind, mention, others)
        if mention is not None:
            for start, end in nearest_clauses(text, lo, hi, clause(text, lo, hi, mention), others):
                here = self.places(text, start, end, kind)
                if here["place"] or here["new_place"]:
                    body = here["decided_by"] or self.places(text, lo, hi, kind)["decided_by"]
                    return {**here, "decided_by": body}
        here = self.places(text, lo, hi, kind)
        if not others and (here["place"] or here["new_place"]):
            return here
        # A host before the date, or in its own clause after it ("في عام 2017م استضافت وهران دورة").
        upto = clause(text, lo, hi, mention)[1] if mention else hi
        hosted = self.hosted_here(text, upto, kind)
        if hosted is None and kind == "accreditation" and self.accredited_to(text, lo, hi):
            hosted = {**here, "place": self.accredited_to(text, lo, hi), "new_place": None}
        return hosted or self.party_named(text, lo, hi, kind, mention, others, here) \
            or {**here, "place": None, "new_place": None, "hosted_by": None}

    def party_named(self, text: str, lo: int, hi: int, kind: str, mention: Optional[Mention],
                    others: tuple[tuple[int, int], ...], here: dict) -> Optional[dict]:
        """A party's own country named as where the event happened ("بزيارة رسمية إلى دولة
        الكويت", "a state visit to Japan"), when no city is named: a place like any other, but
        the last one asked — a city named anywhere in the event's part comes first ("بزيارة
        دولة إلى جمهورية الصين الشعبية، … في بكين": Beijing) — and in the date's own clause
        only: a party named further off is where something else happened ("…، وهي المذكرة
        التي مهدت لافتتاح فروع للجامعات في دولة قطر")."""
        for start, end in [self.clause_of_event(text, lo, hi, mention, others) if mention else (lo, hi)]:
            found = self.matcher.found(text, start, end)
            country = self.country_place(text, found, {f.entity: self.entities[f.entity].kind for f in found},
                                         parties=True)
            if country:
                return {**here, "place": country, "new_place": None,
                        "hosted_by": self.host(country) if kind in ("conference", "meeting", "training") else None}
        return None

    def clause_of_event(self, text: str, lo: int, hi: int, mention: Mention,
                        others: tuple[tuple[int, int], ...]) -> tuple[int, int]:
        """The date's own clause, or, when it holds the date alone ("In 2019 and 2022, groups of
        diplomats attended courses in New Zealand"), the clause after it, which tells the event."""
        own = clause(text, lo, hi, mention)
        rest = fold(text[own[0]:mention.start] + " " + text[mention.end:own[1]]).split()
        if any(w not in {fold(b) for b in self.vocab.before_year} for w in rest):
            return own
        after = [c for c in nearest_clauses(text, lo, hi, own, others)[1:] if c[0] >= own[1]]
        return after[0] if after else own

    def ceremony(self, text: str, lo: int, hi: int, kind: str, mention: Optional[Mention],
                 others: tuple[tuple[int, int], ...]) -> dict:
        """The place of a placeless kind (an accession) only where a clause right after the
        date's tells of it ("انضمت دولة قطر إلى المعاهدة في …، وذلك خلال مراسم أقيمت في بانكوك"):
        the ceremony's city; else none (the office the organisation opened in Doha is not where
        the state joined it)."""
        none = {"place": None, "new_place": None, "hosted_by": None, "decided_by": None}
        if mention is None:
            return none
        own = clause(text, lo, hi, mention)
        after = [c for c in nearest_clauses(text, lo, hi, own, others)[1:] if c[0] >= own[1]]
        # Or "during" a conference in its own clause ("انضمت دولة قطر إلى المنظمة … خلال قمة كينشاسا
        # في أكتوبر 2012م"): the conference's city.
        during = [at for _, at in phrases_at(text, own[0], own[1], self.during_the)
                  if any(k == "conference" and fold(text[at[1]:where[0]]).split() in ([], [fold(self.vocab.the)])
                         for k, where in self.kinds_at(text, at[1], own[1]))]
        if during:
            where = (during[0][0], own[1])
        elif after and self.tells_of_the_one_before(text, *after[0]):
            where = after[0]
        else:
            return none
        here = self.places(text, where[0], where[1], kind)
        city = here["place"] if here["place"] and self.entities[here["place"]].kind in PLACE_KINDS else None
        return {**none, "place": city, "new_place": None if city else here["new_place"]}

    def hosted_here(self, text: str, upto: int, kind: str) -> Optional[dict]:
        """The places of the host named right after a hosting word (vocabulary: hosts)
        before `upto`: a place the project knows, else a name (with the article, one
        that passes with_article's tests: "استضافت الرباط", not "استضافت الدورة")."""
        folded = fold(text[:upto])
        for host in self.vocab.hosts:
            # "احتضنت مدينة وهران": the city's name past the word "city".
            city = "|".join(re.escape(fold(w)) + r"\s+" for w in self.vocab.city)
            for match in re.finditer(rf"(?<!\w){re.escape(fold(host))}\s+(?:{city})?", folded):
                at = match.end()
                word = re.match(r"\S+", text[at:upto])
                if word is None:
                    continue
                here = self.places(text, at, at + word.end(), kind)
                if here["place"]:
                    return here
                name = place_name(text, at, upto, self.vocab)
                following = fold(text[at + len(name):upto]).split()[:1] if name else []
                if name and (not fold(name).startswith(fold(self.vocab.article) or "\0")
                             or is_name_with_article(fold(name), following, self.vocab)) \
                        and fold(name)[len(fold(self.vocab.article)):] not in self.name_words:
                    return {**here, "new_place": name}
        return None

    def places(self, text: str, lo: int, hi: int, kind: str) -> dict:
        """place (a known building, city, or a country not a party after "in"/"to"),
        new_place, hosted_by (a party the place is in), decided_by (a body named)."""
        found = self.matcher.found(text, lo, hi)
        kinds = {f.entity: self.entities[f.entity].kind for f in found}
        place = next((f.entity for k in PLACE_KINDS for f in found if kinds[f.entity] == k), None)
        new = None if place else country_city(text, lo, hi, self.vocab, found, kinds)
        place = place or (None if new else self.country_place(text, found, kinds))
        if place is None and new is None:
            candidates = new_places(text, lo, hi, self.vocab, found, self.name_words, self.named_on_page(text, lo, hi))
            new = candidates[0][0] if candidates else None
        place = place or (None if new else self.capital_named_by_its_country(text, lo, hi))
        body = next((f.entity for f in found if kinds[f.entity] == "body"), None)
        return {"place": place, "new_place": new, "decided_by": body if kind == "agreement" else None,
                "hosted_by": self.host(place) if kind in ("conference", "meeting", "training") else None}

    def capital_named_by_its_country(self, text: str, lo: int, hi: int) -> Optional[str]:
        """"The capital" and its country's adjective ("في العاصمة القطرية"): the one city the
        project knows in that country (part_of), when it knows one only; the adjective is
        the country's name with the article and the nisba's ending (قطر، القطرية)."""
        article, endings = fold(self.vocab.article), tuple(fold(e) for e in self.vocab.adjective_endings)
        words = [w for w in words_at(text) if lo <= w[0] and w[1] <= hi]
        capitals = {fold(w) for w in self.vocab.capital}
        for (_, _, word), (_, _, adjective) in zip(words, words[1:]):
            if word not in capitals or not (article and adjective.startswith(article)):
                continue
            stem = next((adjective[len(article):-len(e)] for e in endings if adjective.endswith(e)), None)
            countries = {country for country, name in self.matcher.names if self.entities[country].kind == "country"
                         and stem and stem in {nisba_stem(n, article) for n in name}}
            if len(countries) == 1 and self.only_city_in(next(iter(countries))):
                return self.only_city_in(next(iter(countries)))
        return None

    def only_city_in(self, country: str) -> Optional[str]:
        """The one city the project knows in the country (part_of), if it knows one only."""
        cities = [c for c, e in self.entities.items() if e.kind == "city" and e.part_of == country]
        return cities[0] if len(cities) == 1 else None

    def accredited_to(self, text: str, lo: int, hi: int) -> Optional[str]:
        """Where credentials the sentence names no place for were presented: to the head of the
        receiving state, in its capital — the one city the project knows in the country named
        after "ambassador to" / "لدى" (vocabulary: accredited_to: "Norway's ambassador to Qatar
        presented his credentials to the Amir": Doha)."""
        if not phrases_at(text, lo, hi, self.credentials):
            return None     # a mission accredited ("سفارتها لدى مملكة بلجيكا كبعثة معتمدة لدى الحلف"): no head of state
        words = {fold(w) for w in self.vocab.accredited_to}
        for found in self.matcher.found(text, lo, hi):
            before = " ".join(w for _, end, w in words_at(text) if end <= found.start)
            if self.entities[found.entity].kind == "country" and any(before.endswith(w) for w in words):
                return self.only_city_in(found.entity)
        return None

    def named_on_page(self, text: str, lo: int, hi: int) -> list[tuple[str, int, int]]:
        """(name, start, end) of the page's new places (events: the first reading)
        named in text[lo:hi], in any form (بمدريد), first named first."""
        words = [w for w in words_at(text) if w[0] >= lo and w[1] <= hi]
        forms = [word_forms(w) for _, _, w in words]
        found = []
        for name, name_words in self.page_places:
            at = find_name(name_words, forms)
            if at is not None:
                found.append((name, words[at[0]][0], words[at[1]][1]))
        return sorted(found, key=lambda f: f[1])

    def country_place(self, text: str, found: list[Found], kinds: dict[str, str], parties: bool = False) -> Optional[str]:
        """A country named after "in"/"to" (vocabulary: where_to); a party's only when `parties`."""
        before = {fold(w) for w in self.vocab.where_to}
        for f in found:
            if kinds[f.entity] == "country" and (parties or f.entity not in self.parties):
                words = [w for _, end, w in words_at(text) if end <= f.start]
                if words and words[-1] in before:
                    return f.entity
        return None

    def host(self, place: Optional[str]) -> Optional[str]:
        """The party the place lies in (by part_of), if any."""
        seen = set()
        while place and place not in seen:
            if place in self.parties and self.entities[place].kind == "country":
                return place
            seen.add(place)
            place = self.entities[place].part_of if place in self.entities else None
        return None

    def title(self, text: str, lo: int, hi: int, kind: str, mentions: list[Mention]) -> str:
        """From the first word of the event's kind in its part of the sentence, up to
        the next date phrase, a comma or TITLE_WORDS words."""
        starts = [at[0] for k, at in self.kinds_at(text, lo, hi) if k == kind]
        start = min(starts) if starts else lo
        end = min([m.start for m in mentions if m.start > start] + [hi])
        return self.title_from(text, start, end)

    def title_from(self, text: str, start: int, end: int) -> str:
        piece = re.split(r"[،,.؛;:()\"«»]", text[start:end])[0]
        words = piece.split()[:TITLE_WORDS]
        trailing = {fold(w) for w in ("في", "بتاريخ", "خلال", "منذ", "on", "in", "during", "from", "at", "of",
                                      "the", "and", "و", "الذي", "التي", "which", "that")}
        while len(words) > 2 and fold(words[-1]) in trailing:
            words.pop()
        return " ".join(words) or text[start:end].strip()[:80]
