"""Entities named in a stretch of text, by any of their names in any language
(`name`, `short`: "مقر الحلف" in "لمقر الحلف الأطلسي", "NATO Headquarters"), and
places the record does not know yet, named after the words that introduce one
("عقد في", "held in")."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..record.model import Entity
from .normalise import MARK, fold, inflected, word_forms, words_at
from .vocabulary import Vocabulary

ARABIC_WORD = re.compile(r"[\u0621-\u064A]")
NAME_LETTER = r"[\u0621-\u064A\u064B-\u0652\u0640]"     # letters, their marks (عمّان) and tatweel
PLACE_KINDS = ("building", "city")     # most specific first: a building is in a city
MAX_GAP = 1                            # words allowed inside a name ("مجلس [حلف] شمال الأطلسي")


SHADDA = "\u0651"


@dataclass(frozen=True)
class Found:
    entity: str
    start: int
    end: int


class EntityMatcher:
    def __init__(self, entities: dict[str, Entity]):
        self.entities = entities
        self.names: list[tuple[str, tuple[str, ...]]] = []
        self.spelt: dict[tuple[str, tuple[str, ...]], tuple[str, str]] = {}   # first and last word, marks kept
        for entity in entities.values():
            texts = [entity.name] + ([entity.short] if entity.short and entity.kind != "body" else [])
            for text in texts:   # a body's short name is a common noun ("المجلس", "the Council")
                for wording in text.wordings.values():
                    found = words_at(wording)
                    words = tuple(w for _, _, w in found)
                    if words:
                        self.names.append((entity.id, words))
                        self.spelt[entity.id, words] = (wording[found[0][0]:found[0][1]],
                                                        wording[found[-1][0]:found[-1][1]])

    def found(self, text: str, start: int = 0, end: Optional[int] = None) -> list[Found]:
        """Each entity named in text[start:end], at its first naming there."""
        words = [w for w in words_at(text) if w[0] >= start and (end is None or w[1] <= end)]
        forms = [word_forms(w) for _, _, w in words]
        first: dict[str, Found] = {}
        for entity, name in self.names:
            at = find_name(name, forms)
            if at is not None and self.spelt_alike(entity, name, text, words[at[0]], words[at[1]]):
                hit = Found(entity, words[at[0]][0], words[at[1]][1])
                if entity not in first or hit.start < first[entity].start:
                    first[entity] = hit
        return sorted(first.values(), key=lambda f: f.start)


    def spelt_alike(self, entity: str, name: tuple[str, ...], text: str, first, last) -> bool:
        """Whether the page's words are the name's where both are vowelled: عمّان
        (Amman) and عُمان (Oman) share their letters, not their shadda."""
        written = self.spelt[entity, name]
        return all(shadda_agrees(text[word[0]:word[1]], spelling)
                   for word, spelling in ((first, written[0]), (last, written[1])))


def doubled(word: str) -> frozenset[int]:
    """The letters written with a shadda, counted from the word's end (a
    letter joined before it, بعمّان, does not move them)."""
    found, letter = set(), 0
    for char in reversed(word):
        if char == SHADDA:
            found.add(letter)
        elif not MARK.match(char):
            letter += 1
    return frozenset(found)


def shadda_agrees(page_word: str, name_word: str) -> bool:
    """A shadda is a doubled letter, not a vowel: two vowelled spellings with
    their shaddas on different letters are two words. A word written without
    marks says nothing either way."""
    if not (MARK.search(page_word) and MARK.search(name_word)):
        return True
    return doubled(page_word) == doubled(name_word)


def count_names(matcher: EntityMatcher, text: str) -> dict[str, int]:
    """How often each entity is named in the text, by any of its names."""
    forms = [word_forms(w) for _, _, w in words_at(text)]
    counts: dict[str, int] = {}
    for entity, name in matcher.names:
        reach = len(name) + MAX_GAP * (len(name) - 1)
        for i in range(len(forms)):
            hit = find_name(name, forms[i:i + reach])
            if hit is not None and hit[0] == 0:
                counts[entity] = counts.get(entity, 0) + 1
    return counts


def find_name(name: tuple[str, ...], forms: list[set[str]]) -> Optional[tuple[int, int]]:
    """(first word, last word) of the name's first occurrence: its words in order,
    at most MAX_GAP other words between two of them."""
    for i, here in enumerate(forms):
        if name[0] not in here:
            continue
        position, ok = i, True
        for word in name[1:]:
            window = range(position + 1, min(position + 2 + MAX_GAP, len(forms)))
            position = next((j for j in window if word in forms[j]), -1)
            if position < 0:
                ok = False
                break
        if ok:
            return i, position
    return None


def new_places(text: str, start: int, end: int, vocab: Vocabulary, known: list[Found],
               common: frozenset[str] = frozenset(), on_page: list = ()) -> list[tuple[str, int, int]]:
    """(name as written, start, end) of places introduced by the vocabulary's
    words that no known entity covers: those after "عقد في", "held in" first, then
    those after a bare "في", "in" (their names must stand out: place_name), then,
    in Arabic, a name with the article after في / إلى or joined to ب ("في الرباط",
    "بالرباط"; with_article says which such words are names; never a word of
    `common`, the known entities' names: "في الحلف" is NATO, not a place).
    `on_page`, the page's places named here in any form (بمدريد), come after "held
    in X" and before a bare "in X": "مؤتمر طوكيو … الذي عقد في مدينة يوكوهاما"."""
    folded, found = fold(text), []
    for phrases, strict in ((vocab.place_before, False), (vocab.locative, True)):
        named = []
        for phrase in phrases:
            for match in re.finditer(rf"(?<!\w){re.escape(fold(phrase))}\s+", folded[start:end]):
                at = start + match.end()
                past = past_city_word(text, at, end, vocab) if not strict else at
                # "the city" in the phrase ("إلى مدينة", "بمدينة") or after it: its name follows.
                titled = past > at or fold(phrase).endswith(tuple(fold(c) for c in vocab.city))
                name = place_name(text, past, end, vocab, strict, titled=titled and not strict)
                at = past
                if name and not strict:
                    name, at = past_adjective(text, at, end, name, phrase in vocab.capital, vocab)
                # A name that runs into a known one is that one ("in The Netherlands").
                if name and not any(k.start < at + len(name) and at < k.end for k in known):
                    named.append((name, at, at + len(name)))
        found += sorted(set(named), key=lambda f: f[1])     # "held in X" before a bare "in X"
        if not strict:
            found += [f for f in visited_titled(text, start, end, vocab, common)
                      if not any(k.start <= f[1] < k.end for k in known)]
            found += list(on_page)
    titled = [f for f in named_for(text, start, end, vocab, common, on_page) + occasion_named(text, start, end, vocab)
              if not any(k.start <= f[1] < k.end for k in known)]
    # A word the event's title names ("مؤتمر باليرمو") is read as the title reads it, not as ب + اليرمو.
    found += [next((t for t in titled if t[1] <= f[1] < t[2]), f) for f in
              with_article(text, start, end, vocab, common) if not any(k.start <= f[1] < k.end for k in known)]
    found += [f for f in visited(text, start, end, vocab, common) if not any(k.start <= f[1] < k.end for k in known)]
    return found + titled


def country_city(text: str, start: int, end: int, vocab: Vocabulary, known: list[Found],
                 kinds: dict[str, str]) -> Optional[str]:
    """A city named for its country: a country's name and a word that only ends names
    (vocabulary: name_tails: "الجزائر العاصمة", "Mexico City")."""
    tails = {fold(w) for w in vocab.name_tails}
    for found in known:
        if kinds[found.entity] != "country":
            continue
        word = re.match(r"\s+(\S+)", text[found.end:end])
        if word and fold(word.group(1)).strip(".,،;؛:") in tails:
            return text[found.start:found.end + word.end(1)].rstrip(".,،;؛:")
    return None


def visited(text: str, start: int, end: int, vocab: Vocabulary,
            common: frozenset[str] = frozenset()) -> list[tuple[str, int, int]]:
    """A city after a verb of visiting with its subject between (vocabulary: visit_verbs:
    "وزار فخامة رئيس جمهورية جنوب أفريقيا أريكيبا يوم …"): the last word before a word
    that follows names (يوم، في …) or the clause's end, when a name by place_name's strict
    tests (no article: "وزار وزير الخارجية الكوري في …" names none) and no word of a
    known name."""
    if not vocab.visit_verbs:
        return []
    verbs = "|".join(re.escape(fold(w)) for w in vocab.visit_verbs)
    after = {fold(w) for w in vocab.after_name}
    city = {fold(w) for w in vocab.city}
    found = []
    for match in re.finditer(rf"(?<!\w)(?:و|ف)?(?:{verbs})\s+", fold(text)[start:end]):
        at = start + match.end()
        subject_and_object = []
        for word in re.finditer(r"[^\s،,.;؛:]+([،,.;؛:])?", text[at:end]):
            if fold(word.group()) in after or not ARABIC_WORD.match(word.group()):
                break
            subject_and_object.append(word)
            if word.group(1) or len(subject_and_object) > MAX_SUBJECT_WORDS + 1:
                break
        if not 2 <= len(subject_and_object) <= MAX_SUBJECT_WORDS + 1:
            continue        # no subject between ("زار X" is the locative's, new_places), or no end in sight
        last = subject_and_object[-1]
        begins, ends = at + last.start(), at + last.start() + len(last.group().rstrip("،,.;؛:"))
        # "the city" before the object begins its name, of one word or more ("مدينة سانت لويس").
        titled = [i for i, word in enumerate(subject_and_object[:-1]) if fold(word.group()) in city]
        if titled and len(subject_and_object) - titled[-1] <= MAX_NAME_WORDS + 1:
            begins = at + subject_and_object[titled[-1] + 1].start()
        name = place_name(text, begins, ends, vocab, strict=True)
        if name and name == text[begins:ends] and fold(name) not in common:
            found.append((name, begins, ends))
    return found


def visited_titled(text: str, start: int, end: int, vocab: Vocabulary,
                   common: frozenset[str] = frozenset()) -> list[tuple[str, int, int]]:
    """A place after a verb of visiting and a title, "the city", "the island" or "the
    region", in the verb's clause, its subject between ("زار وفد من صندوق قطر للتنمية
    مدينة زيندر في جنوب البلاد", "زار وفد من غرفة قطر منطقة توتونغ"): the name after the
    title, as "the city" reads it (arabic_name), the place visited — before a bare "في"
    further on ("واطلع على … في مشروع لتأهيل …" names a project, not a place)."""
    if not vocab.visit_verbs:
        return []
    verbs = "|".join(re.escape(fold(w)) for w in vocab.visit_verbs)
    titles = {fold(w) for w in vocab.city + vocab.region}
    found = []
    for match in re.finditer(rf"(?<!\w)(?:و|ف)?(?:{verbs})\s+", fold(text)[start:end]):
        at = start + match.end()
        clause_end = at + next((m.start() for m in re.finditer(r"[،,.;؛:]", text[at:end])), end - at)
        words = list(re.finditer(r"\S+", text[at:clause_end]))[:MAX_SUBJECT_WORDS + 1]
        title = next((w for w in words if fold(w.group()) in titles), None)
        if title is None:
            continue
        begins = at + title.end() + len(text[at + title.end():clause_end]) - len(text[at + title.end():clause_end].lstrip())
        name = place_name(text, begins, clause_end, vocab, strict=True, titled=True)
        if name and fold(name) not in common:
            found.append((name, begins, begins + len(name)))
    return found


def named_for(text: str, start: int, end: int, vocab: Vocabulary,
              common: frozenset[str] = frozenset(), on_page=()) -> list[tuple[str, int, int]]:
    """Last of all, a place an event is named for ("قمة العلا"): the word after one
    of the vocabulary's `named_for`, a name by with_article's tests when it has the
    article, else by place_name's strict ones; after one of `named_bare` ("مؤتمر برلين
    الدولي"), a name without the article only (named_bare says why)."""
    found = []
    for word in vocab.named_for + vocab.named_bare:
        bare = word in vocab.named_bare
        for match in re.finditer(rf"(?<!\w)(?:و|ف)?{re.escape(fold(word))}\s+", fold(text)[start:end]):
            at = start + match.end()
            name = bare_name(text, at, end, vocab, common, on_page) if bare else \
                place_name(text, at, end, vocab, strict=not text[at:end].startswith(vocab.article or "\0"))
            if not name or fold(name)[len(fold(vocab.article)):] in common:
                continue
            following = fold(text[at + len(name):end]).split()[:1]
            if bare or not text[at:end].startswith(vocab.article or "\0") \
                    or is_name_with_article(fold(name), following, vocab):
                found.append((name, at, at + len(name)))
    return found


def occasion_named(text: str, start: int, end: int, vocab: Vocabulary) -> list[tuple[str, int, int]]:
    """The city an occasion is named for, the name first (vocabulary: occasion_named: "on the
    sidelines of the Munich Security Conference"): where the meeting on its sidelines was —
    not a region the next clause says was discussed ("… in Eastern Europe")."""
    stops = {fold(w) for w in vocab.stop_words}
    return [(m.group("name"), m.start("name"), m.end("name"))
            for m in re.finditer(vocab.occasion_named, text[:end]) if m.start() >= start
            and fold(m.group("name")) not in stops]


def bare_name(text: str, at: int, end: int, vocab: Vocabulary, common: frozenset[str], on_page) -> Optional[str]:
    """The name right after an event's noun in construct ("مؤتمر إسطنبول الثاني"): no
    article, no adjective agreeing with the noun (in ي: "مؤتمر دولي"), a name by
    place_name's strict tests, though an adjective or ordinal with the article may follow
    it (it describes the event: "مؤتمر برلين الدولي", "مؤتمر مونتريال الثالث"), or its
    purpose after a joined preposition ("منتدى تاجورة للاستثمار"). A noun in
    construct takes no preposition, so a ب joined to it is the name's own letter ("مؤتمر
    باليرمو") — unless the project or the page knows the name without it ("مؤتمر بالرياض"
    where الرياض is known)."""
    article = fold(vocab.article)
    word = re.match(r"\S+", text[at:end])
    if word is None or not article or fold(word.group()).startswith(article):
        return None
    folded = fold(word.group())
    if folded.startswith("ب" + article) and (folded[1 + len(article):] in common or
                                             any(fold(name) == folded[1:] for name, *_ in on_page)):
        return None
    # An adjective agreeing with the noun (مؤتمر، منتدى: masculine) ends in ي, not in ة: a word in
    # ية there is a name ("منتدى قونية للتجارة"), not "مؤتمر دولي".
    masculine = tuple(fold(e) for e in vocab.adjective_endings if not e.endswith(vocab.name_endings))
    if folded.endswith(masculine):
        return None
    following = fold(text[at + word.end():end]).split()[:1]
    strict = place_name(text, at, end, vocab, strict=True)
    ordinals = {fold(w).split()[0] for w in vocab.ordinals}      # "مؤتمر مونتريال الثالث"
    # Nor the event's purpose after a joined preposition ("منتدى تاجورة للاستثمار"): no construct.
    if strict is None and following and (is_adjective(following[0], vocab) or following[0] in ordinals
                                         or following[0].startswith(joined_article(vocab))):
        strict = place_name(text[:at + word.end()], at, at + word.end(), vocab, strict=True)
    return strict


def with_article(text: str, start: int, end: int, vocab: Vocabulary,
                 common: frozenset[str] = frozenset()) -> list[tuple[str, int, int]]:
    """Names with the article after a bare locative or joined to a preposition
    ("في الرباط", "بالرباط", "وبمراكش" is the strict pass's): the article's word
    when it is not a noun or adjective by its ending (vocabulary: not_names), not
    a stop word, a day's ordinal ("في السادس عشر") or a word of `common`, and
    not followed by an adjective (a word with the article: "في المجال الاقتصادي")."""
    if not vocab.article:
        return []
    article = fold(vocab.article)
    before = "|".join(re.escape(fold(w)) + r"\s+" for w in vocab.locative)
    joined = "|".join(re.escape(fold(w)) for w in sorted(vocab.joined, key=len, reverse=True))
    found = []
    for match in re.finditer(rf"(?<!\w)(?:{before}|{joined})(?={article}\w)", fold(text)[start:end]):
        at = start + match.end()
        name = place_name(text, at, end, vocab)
        if name and fold(name)[len(article):] not in common \
                and is_name_with_article(fold(name), fold(text[at + len(name):end]).split()[:1], vocab):
            found.append((name, at, at + len(name)))
    return sorted(found + to_joined(text, start, end, vocab, common), key=lambda f: f[1])


def to_joined(text: str, start: int, end: int, vocab: Vocabulary,
              common: frozenset[str] = frozenset()) -> list[tuple[str, int, int]]:
    """A name with the article joined to ل ("للرباط": ل, then الرباط without its
    alef) where ل is "to": after a word of `to_joined` and at most one other word
    ("بزيارة رسمية للرباط"), and the name passes the tests of with_article. The
    name is given with its article (الرباط), as the page writes it elsewhere."""
    if not vocab.to_joined:
        return []
    article = fold(vocab.article)
    words = "|".join(re.escape(fold(w)) for w in vocab.to_joined)
    found = []
    pattern = rf"(?<!\w)(?:و|ف)?(?:{words})(?:\s+\w+)?\s+ل(?={article[1:]}\w)"
    for match in re.finditer(pattern, fold(text)[start:end]):
        at = start + match.end()
        word = re.match(rf"{NAME_LETTER}{{3,}}", text[at:end])
        if word is None:
            continue
        name = article[0] + word.group()
        if fold(name)[len(article):] not in common and place_name(name, 0, len(name), vocab) == name \
                and is_name_with_article(fold(name), fold(text[at + word.end():end]).split()[:1], vocab):
            found.append((name, at, at + word.end()))
    return found


def past_adjective(text: str, at: int, end: int, name: str, capital: bool, vocab: Vocabulary) -> tuple[Optional[str], int]:
    """(name, start) past an adjective with the article ("العاصمة الكينية نيروبي"): when
    no name follows it, the word was the name ("في مدينة الإسماعيلية في …"), but not after
    "the capital" ("في العاصمة الصينية": China's, unnamed). After "the capital" a word in ة
    agrees with it (agrees_with_capital) only when a plain name, no word that follows
    names, comes next ("العاصمة المؤقتة عدن"; "بالعاصمة القنيطرة خلال …" names القنيطرة)."""
    feminine = capital and not is_adjective(name, vocab) and agrees_with_capital(name, vocab)
    if not (is_adjective(name, vocab) or feminine):
        return name, at
    past = at + len(name) + len(text[at + len(name):end]) - len(text[at + len(name):end].lstrip())
    following = place_name(text, past, end, vocab, strict=feminine)
    if following and feminine and fold(following.split()[0]) in {fold(w) for w in vocab.after_name}:
        following = None
    if following:
        return following, past
    return (None if capital and not feminine else name), at


def past_city_word(text: str, at: int, end: int, vocab: Vocabulary) -> int:
    """Past "city" between the words that introduce a place and its name ("الذي استضافته
    مدينة شرم الشيخ", "held in the city of …"): the word is the name's title, not the name."""
    for word in vocab.city:
        # Describing words may stand inside the title ("the port city of Puerto Limón", "the old
        # harbour town of Ostend").
        first, *rest = fold(word).split()
        title = rf"{re.escape(first)}\s+(?:[^\s,.،]+\s+){{0,2}}" + r"\s+".join(map(re.escape, rest)) if rest \
            else re.escape(first)
        match = re.match(rf"{title}\s+", fold(text)[at:end])
        if match:
            return at + match.end()
    return at


def agrees_with_capital(name: str, vocab: Vocabulary) -> bool:
    """A word with the article in taa marbuta after "the capital": an adjective agreeing
    with it (العاصمة المؤقتة، العاصمة الإدارية), as the nisba is (is_adjective), when a
    name follows it; else the capital's name (العاصمة المنامة في …)."""
    folded = fold(name)
    return bool(vocab.article) and " " not in name and folded.startswith(fold(vocab.article)) \
        and folded.endswith(tuple(fold(e) for e in vocab.name_endings))


def is_adjective(name: str, vocab: Vocabulary) -> bool:
    """An Arabic word with the article and an adjective's ending (الكينية، الأردني)."""
    folded = fold(name)
    return bool(vocab.article) and " " not in name and folded.startswith(fold(vocab.article)) \
        and folded.endswith(tuple(fold(e) for e in vocab.adjective_endings))


def is_name_with_article(name: str, following: list[str], vocab: Vocabulary) -> bool:
    """Whether a word with the article is a name: not a stop word or ordinal, not
    followed by an adjective, and not a noun or adjective by its ending — except a
    name in taa marbuta (القاهرة، المنامة، الإسكندرية) the clause ends after, or a word
    that follows names does (vocabulary: after_name: "في المنامة في 16 مايو"), or the
    verb's object, an event's noun ("وقع البلدان في المنامة مذكرة تفاهم"); and a
    word in ون, which after a preposition is no plural (that takes ين): "في العيون"."""
    bare = name[len(fold(vocab.article)):]
    stops = {fold(s) for s in vocab.stop_words} | {fold(w).split()[0] for w in vocab.ordinals}
    if len(bare) < 3 or bare in stops or name in stops:
        return False
    if following and following[0].startswith(fold(vocab.article)):
        return False
    endings = tuple(fold(e) for e in vocab.not_names)
    if not name.endswith(endings):
        return True
    # After a preposition a plural takes ين, not ون: "في العيون" is a name.
    if name.endswith(tuple(fold(e) for e in vocab.nominative_plural)):
        return True
    closing = not following or not ARABIC_WORD.match(following[0]) \
        or following[0] in {fold(w) for w in vocab.after_name} or names_an_event(following[0], vocab)
    # An adjective's ية too (الإسماعيلية، الإسكندرية، اللاذقية): straight after the preposition,
    # with the clause or a word that follows names after it, there is no noun for it to describe.
    return closing and name.endswith(tuple(fold(e) for e in vocab.name_endings))


def names_an_event(word: str, vocab: Vocabulary) -> bool:
    """Whether a folded word is the first word of one of the vocabulary's kinds, in any
    inflection (اتفاقية، مذكرة، مؤتمرا)."""
    return any(inflected(form, fold(w.split()[0])) for form in word_forms(word)
               for words in vocab.kinds.values() for w in words)


def place_name(text: str, at: int, end: int, vocab: Vocabulary, strict: bool = False,
               titled: bool = False) -> Optional[str]:
    """The name starting at `at`: in English its capitalised words ("New York"),
    in Arabic one word (after a bare "في", one without the article: a name such as
    طوكيو, not a noun such as المجال); never a stop word, a number or a month.
    `titled`: "the city" came before it, so a name is what follows (arabic_name)."""
    rest = text[at:end]
    # The article is a bare alef and lam: ألماتي، ألمانيا begin with a hamza, not with it.
    if strict and vocab.article and rest.startswith(vocab.article):
        return None
    if re.match(r"[A-Za-z]", rest):
        match = re.match(r"((?:[A-Z][\w'-]+)(?:\s+[A-Z][\w'-]+){0,2})", rest)
        name = match.group(1) if match else None
        # Mid-sentence "The" is written with a capital only as a name's own word (The Hague,
        # The Bahamas): the name is both words, its second no stop word ("in The Ministry").
        if name and name.startswith("The ") and fold(name.split()[1]) not in {fold(s) for s in vocab.stop_words}:
            return name
        if name and name.split()[-1] in vocab.buildings:
            return None     # "at Malacañang Palace in Manila": the building, not the city
    else:
        match = re.match(rf"{NAME_LETTER}{{3,}}", rest)
        name = arabic_name(match.group(), rest, vocab, titled) if match else None
        if name is None and not strict:      # "في مدينة هو تشي منه", "دا نانغ": a short first word
            short = re.match(rf"{NAME_LETTER}{{2}}(?!\S)", rest)
            name = arabic_name(short.group(), rest, vocab, titled) if short else None
            name = name if name and " " in name else None
    if not name:
        return None
    months = {fold(s) for spellings in vocab.months + vocab.hijri_months for s in spellings}
    # Nor a word that says an event took place ("في أعمال مجلس …", "في الدورة"): of the event, not its place.
    stops = {fold(s) for s in vocab.stop_words + vocab.occasion} | {fold(w) for words in vocab.kinds.values() for w in words}
    first = fold(name.split()[0])
    # In any inflection: a dual or plural of a stop word is one too ("في دورتين", "في مدينتين").
    if first in months or any(inflected(f, stop) for f in word_forms(first) for stop in stops):
        return None
    if any(inflected(first, fold(w)) for words in vocab.kinds.values() for w in words):
        return None     # a kind of event in any form (في دورات), not a place
    following = fold(text[at + len(name):end]).split()[:1]
    # A name after "the city" is no noun in construct: what follows it with the article is its
    # adjective ("مدينة بونتا ديل إستي الساحلية", "مدينة دوريس الساحلية").
    if strict and not (titled and (" " in name or is_adjective(following[0] if following else "", vocab))) \
            and in_construct(first, following, vocab):
        return None
    return name


MAX_NAME_WORDS = 3         # words of a place's name after "the city" ("مدينة ريو دي جانيرو")
MAX_SUBJECT_WORDS = 14     # words between a verb of visiting and its object ("وزار فخامة رئيس … X")
SHORT_NAME_WORD = 3     # letters: ساو، ريو، سان، دي، أبو begin or join a name of several words


def arabic_name(first: str, rest: str, vocab: Vocabulary, titled: bool = False) -> str:
    """The name beginning with `first`: one word, or several while the last is
    short (ساو باولو، ريو دي جانيرو، أبو ظبي) and the next is no word of the
    vocabulary's (stop words, kinds, months, words that follow names) and has no
    article (then the short word is a noun in construct: "في نشر التعليم"), or with a
    word that only ends names (vocabulary: name_tails: إسلام آباد). After "the city"
    (`titled`), two_word_name takes a second word in ا too (مدينة سانتا مارتا), and a
    short word takes one with the article (closes_name: مدينة دار السلام بتاريخ …)."""
    words = re.findall(r"\S+", rest)[:4]
    listed = {fold(w) for w in vocab.stop_words + vocab.after_name}
    listed |= {fold(w) for words_ in vocab.kinds.values() for w in words_}
    listed |= {fold(s) for spellings in vocab.months + vocab.hijri_months for s in spellings}
    taken = [first]
    tails = {fold(w) for w in vocab.name_tails}
    for word in words[1:]:
        if fold(word) in tails:         # إسلام آباد: the second word says it is one name
            taken.append(word)
            break
        if len(taken[-1]) > SHORT_NAME_WORD or not re.fullmatch(rf"{NAME_LETTER}+", word) or fold(word) in listed:
            break
        if has_article(word, vocab):
            # A noun in construct ("في نشر التعليم"), not a name's second word; but after "the
            # city" a short word and one with the article the name closes after are one name.
            if titled and len(taken) == 1 and closes_name(word, words[2:3], vocab):
                taken.append(word)
            break
        taken.append(word)
    if len(taken) == 1 and two_word_name(words, listed, vocab, titled):
        taken.append(words[1].rstrip("،,.؛;:"))
    elif len(taken) == 1 and (titled or closed_after(words[3:4], vocab)) and joins_name(words[1:3], listed, vocab):
        taken += [words[1], words[2].rstrip("،,.؛;:")]     # "مدينة سانتياغو دي كوبا"
    return " ".join(taken)


def closed_after(following: list[str], vocab: Vocabulary) -> bool:
    """Whether a name ends before `following` (its next word, if any): the clause's end, or a
    word that follows names ("في بندر سري بكاوان في …")."""
    return not following or fold(following[0]) in {fold(w) for w in vocab.after_name}


def joins_name(words: list[str], listed: set[str], vocab: Vocabulary) -> bool:
    """Whether, after "the city" and a long first word, a short word joins it to a third
    ("مدينة سانتياغو دي كوبا", "سان خوسيه دي ..."): the short word and the next plain, of
    the name's letters, no article and none of the vocabulary's words."""
    if len(words) < 2:
        return False
    short, name = words[0], words[1].rstrip("،,.؛;:")
    article = fold(vocab.article) or "\0"
    return bool(re.fullmatch(rf"{NAME_LETTER}{{2,{SHORT_NAME_WORD}}}", short)
                and re.fullmatch(rf"{NAME_LETTER}{{3,}}", name)
                and not any(fold(w) in listed or fold(w).startswith((article, "و")) for w in (short, name)))


def closes_name(word: str, following: list[str], vocab: Vocabulary) -> bool:
    """Whether a word with the article ends a name begun by a short word after "the city"
    ("مدينة دار السلام"): no noun's or adjective's ending (vocabulary: not_names: not
    "مدينة دبي الطبية") and the clause ends after it, or a word that follows names does."""
    if fold(word).endswith(tuple(fold(e) for e in vocab.not_names)):
        return False
    return not following or fold(following[0]) in {fold(w) for w in vocab.after_name}


def two_word_name(words: list[str], listed: set[str], vocab: Vocabulary, titled: bool = False) -> bool:
    """Whether a name's first two words are one name though the first is long ("في كوكس
    بازار في …"): the second a plain word (no article, none of the vocabulary's, not an
    adjective's or adverb's ending: "في طوكيو اليابانية", "في لندن مؤخرا", no conjunction: "وكان")
    and the name closed right after it, by the clause's end or a word that follows names.
    An ا ends an adverb ("في لندن مؤخرا") but not after "the city" (`titled`): there a
    name is what follows, and an adverb between it and a word that follows names is rare."""
    article = fold(vocab.article) or "\0"
    if len(words) < 2 or fold(words[0]).startswith(article):
        return False        # a name with the article is one word ("في الخامس عشر" is a day)
    bare = words[1].rstrip("،,.؛;:")
    # After "the city", an adjective with the article closes it too ("مدينة فيليكو تارنوفو التاريخية").
    described = titled and len(words) > 2 and is_adjective(words[2].rstrip("،,.؛;:"), vocab)
    closed = bare != words[1] or len(words) == 2 or fold(words[2]) in {fold(w) for w in vocab.after_name} or described
    second = MARK.sub("", bare)
    # Before the city's adjective with the article, a bare word in ي is the name's, no adjective
    # of it ("مدينة والفيس باي الساحلية": an adjective of a named city takes the article).
    endings = tuple(fold(e) for e in vocab.adjective_endings + vocab.not_names
                    if not (described and e in vocab.adjective_endings))
    plain = re.fullmatch(rf"{NAME_LETTER}{{3,}}", second) and fold(second) not in listed \
        and not has_article(second, vocab) and not fold(second).startswith(("و", "ف") + joined_article(vocab)) \
        and not fold(second).endswith(endings + (() if titled else ("ا",)))
    return bool(plain and closed)


def has_article(word: str, vocab: Vocabulary) -> bool:
    """Whether a word begins with the article as written, a bare alef and lam: "ألغرا" (in
    "بورتو ألغرا") begins with a hamza, as "ألماتي" does — folding would make both "ال"."""
    return bool(vocab.article) and MARK.sub("", word).startswith(vocab.article)


def joined_article(vocab: Vocabulary) -> tuple[str, ...]:
    """A preposition joined to the article, folded ("بال", "لل": ل takes the article's lam
    only): a word beginning so is a noun after its preposition ("منتدى تاجورة للاستثمار"),
    never a name's second word."""
    if not vocab.article:
        return ()
    article = fold(vocab.article)
    return tuple(fold(p) + article for p in vocab.joined) + ("ل" + article[1:],)


def in_construct(word: str, following: list[str], vocab: Vocabulary) -> bool:
    """Whether an Arabic word without the article is a noun in construct with the
    next word: the next has the article ("في أعمال المؤتمر", "إلى مبادرة الاتحاد"),
    or the word ends in taa marbuta and the next is not one that follows names
    ("إلى رابطة دول"; but "في أنقرة في …"); or a noun before its adjective
    ("في برنامج تدريبي"); not before an event's noun, the verb's object ("وقع البلدان
    في تامبيري اتفاقية")."""
    if not following or not re.match(r"[\u0621-\u064A]", following[0]):
        return False
    after = {fold(w) for w in vocab.after_name}
    if following[0] in after:
        return False
    # A noun and its indefinite adjective ("في برنامج تدريبي", "في مؤتمر دولي"): no name.
    adjective = len(following[0]) > 3 and following[0].endswith(tuple(fold(e) for e in vocab.adjective_endings))
    # But an event's noun in ية after the place is the verb's object ("ووقع البلدان في تامبيري
    # اتفاقية"): a noun not in ة takes a masculine adjective (ي), not that.
    if adjective and following[0].endswith(fold(vocab.adjective_endings[0])) and names_an_event(following[0], vocab):
        adjective = False
    return following[0].startswith(fold(vocab.article) or "\0") or word.endswith("ه") or adjective
