"""Text as `draft` matches it: one character for one, so every position found
in the normalised text is a position in the page's own text (a drafted item's
`source_span` points into what the analyst reads).

Arabic: the alef forms (أ إ آ ٱ) as ا, alef maksura as ya, taa marbuta as ha,
Arabic-Indic and Persian digits as 0-9; Latin letters in lower case. Each
language's spellings vary in these (إسطنبول/اسطنبول, الأولى/الاولى, 2014/٢٠١٤),
and a ministry page is not consistent."""
from __future__ import annotations

import functools
import re

FOLD = str.maketrans({**{c: "ا" for c in "أإآٱ"}, "ى": "ي", "ة": "ه",
                      **{chr(0x0660 + d): str(d) for d in range(10)},
                      **{chr(0x06F0 + d): str(d) for d in range(10)}})
ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u066E-\u06D3\u06FA-\u06FF]")
LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")
# Arabic letters a word may carry before it: و ف ب ل ك, and ال (لل after ل).
PROCLITICS = re.compile(r"^(?:و|ف)?(?:ب|ل|ك)?")


@functools.lru_cache(maxsize=65536)     # the vocabulary's words are folded again at each question
def fold(text: str) -> str:
    """The text for matching: same length, same positions."""
    folded = text.translate(FOLD)
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)


def word_forms(word: str) -> set[str]:
    """A folded word and the word without the letters joined before it
    (ولمقر -> مقر; للتعاون -> التعاون), so a name matches inside running text."""
    forms = {word}
    if word.endswith(("'s", "’s")):        # English possessive: "Bolivia's accession" names Bolivia
        forms.add(word[:-2])
    if len(word) > 3 and word[0] in "وف":       # وبعد is و + بعد, not و + ب + عد
        forms.add(word[1:])
    bare = PROCLITICS.sub("", word)
    if bare and bare != word:
        forms.add(bare)
        if word.startswith(("لل", "ولل", "فلل")):
            forms.add("ال" + word.split("لل", 1)[1])
    return forms


# Arabic marks (shadda, tanween, harakat, dagger alef) and tatweel: inside a word, not part
# of its spelling ("وقّعت" is وقعت, "رسمياً" is رسميا); not letters to \w.
MARKS = "\u0640\u064B-\u0652\u0670"
WORD = re.compile(rf"\w[\w{MARKS}]*(?:[-'’]\w[\w{MARKS}]*)*")
MARK = re.compile(f"[{MARKS}]")


@functools.lru_cache(maxsize=256)     # a sentence is asked for its words at each date, for each question
def words_at(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, folded word without its marks) of each word of a text: letters,
    their marks, digits, hyphens inside."""
    return tuple((m.start(), m.end(), MARK.sub("", m.group())) for m in WORD.finditer(fold(text)))


# Endings a word takes after the form a vocabulary lists: Arabic case and number
# endings and attached pronouns (تدريبيا، اجتماعات، بعثته), English plural and tense.
# Not the adjective's ي / ية: الاجتماعية is "social", not a meeting (the vocabulary
# lists the adjectives that are kinds: تدريبي، تدريبية).
ARABIC_ENDINGS = ("", "ا", "ه", "ات", "ان", "ين", "ون", "ها", "هم", "هما", "نا")
ENGLISH_ENDINGS = ("", "s", "es", "ed", "d", "ing")
SHORTEST_INFLECTED = 4      # a shorter word inflected is too often another word (زار in وزارة)


@functools.lru_cache(maxsize=65536)     # every word of a sentence against every listed word
def inflected(word: str, listed: str) -> bool:
    """Whether a folded word is the listed (folded) word with one of its
    language's endings; a listed word in taa marbuta (بعثه) takes them after ت or ات."""
    if word == listed:
        return True
    if len(listed) < SHORTEST_INFLECTED:
        return False
    endings = ARABIC_ENDINGS if ARABIC_LETTER.match(listed[:1] or " ") else ENGLISH_ENDINGS
    if word.startswith(listed) and word[len(listed):] in endings:
        return True
    stem = listed[:-1]
    # Taa marbuta: ت before a pronoun (بعثته), the sound feminine plural (دورة -> دورات).
    return listed.endswith("ه") and any(word.startswith(stem + joint) and word[len(stem + joint):] in endings
                                        for joint in ("ت", "ات"))
