"""A page's language from its content, not its name: the share of Arabic letters
among its letters (a ministry's Arabic page carries Latin acronyms, NAC, and its
English one Arabic names now and then)."""
from __future__ import annotations

from .normalise import ARABIC_LETTER, LATIN_LETTER

ARABIC_SHARE = 0.5      # more than half its letters Arabic: an Arabic page


def language_of(text: str) -> str:
    """'ar' or 'en' (the languages `draft` reads); a page with no letter is not one."""
    arabic = len(ARABIC_LETTER.findall(text))
    latin = len(LATIN_LETTER.findall(text))
    if arabic + latin == 0:
        raise ValueError("the page has no text in Arabic or English letters")
    return "ar" if arabic / (arabic + latin) > ARABIC_SHARE else "en"
