"""When one text only says again what another already says.

Used by the view (an event card leaves out a highlight or participant its
description already gives) and by the editorial lint (a sentence written twice
in a record). Words are compared loosely, as a reader would: diacritics and
tatweel ignored, alef and teh marbuta forms folded, a joined "و" (and) dropped.
"""
from __future__ import annotations

import re
from typing import Iterable

from .languages import REQUIRED_LANGUAGES
from .model import Text

MARKS = re.compile(r"[\u0640\u064B-\u0652\u0670]")
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي"})
WORD = re.compile(r"\w+")
CLAUSE_END = re.compile(r"[.!?؟;؛:،,()\n]+")
COVERED = 0.8            # share of a phrase's words found in the other text
SAME_LENGTH = 0.75       # a clause inside a much longer one is a summary, not a repeat
MIN_SENTENCE_WORDS = 6   # shorter sentences ("Approved unanimously.") may fairly recur


def words(text: str) -> list[str]:
    folded = MARKS.sub("", text).casefold().translate(FOLD)
    return [w[1:] if w.startswith("و") and len(w) > 3 else w for w in WORD.findall(folded)]


def covered(phrase: str, by: Iterable[str]) -> bool:
    """Whether (nearly) every word of `phrase` is already in the texts `by`."""
    mine = words(phrase)
    theirs = {w for text in by for w in words(text)}
    return bool(mine) and sum(w in theirs for w in mine) / len(mine) >= COVERED


def says_again(text: Text, by: Iterable[Text]) -> bool:
    """Covered in either language: the decision is made once for both, so the
    Arabic and English documents keep the same shape."""
    by = list(by)
    return any(covered(text.get(lang), [t.get(lang) for t in by]) for lang in REQUIRED_LANGUAGES)


def sentences(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """The sentences and clauses of a text long enough to matter, each with its
    folded words. Clauses count: a sentence restated with one phrase reworded
    is still the same sentence to a reader."""
    found = []
    for part in CLAUSE_END.split(text):
        folded = tuple(words(part))
        if len(folded) >= MIN_SENTENCE_WORDS:
            found.append((" ".join(part.split()), folded))
    return found


def same_sentence(one: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Of about the same length, and nearly every word of the shorter is in the longer."""
    shorter, longer = sorted((one, other), key=len)
    if len(shorter) < SAME_LENGTH * len(longer):
        return False
    pool = set(longer)
    return sum(w in pool for w in shorter) / len(shorter) >= COVERED


def repeated(texts: Iterable[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(where, where else, sentence) for each sentence of `texts` ((where, text)
    pairs) that an earlier one already says."""
    seen: list[tuple[str, tuple[str, ...]]] = []
    found = []
    for where, text in texts:
        for sentence, folded in sentences(text):
            earlier = next((w for w, f in seen if same_sentence(folded, f)), None)
            if earlier is not None:
                found.append((where, earlier, sentence))
            seen.append((where, folded))
    return found
