"""Where a piece of text may be cut into spans: never between a letter and the
marks that follow it.

A combining mark (tanwin U+064B, shadda U+0651, sukun, superscript alef
U+0670, any Mn or Me character) belongs to the letter before it, and so do a
zero-width joiner or non-joiner (U+200D, U+200C), which act on their
neighbours. WeasyPrint shapes each inline box on its own, so a span that ends
before a mark leaves the mark at the start of the next box with no letter to
sit on: the font draws it on a dotted circle (◌ً), and the text layer holds
the circle. Every span boundary the markup (<<keep|…>>) or the view
(briefgen/view/inline.py: isolated runs, kept units, addresses) chooses is
passed through `cut`, which moves it past such marks, so the span takes them.
"""
from __future__ import annotations

import unicodedata

JOINERS = "\u200c\u200d"      # zero-width non-joiner, joiner


def is_mark(char: str) -> bool:
    """A character that belongs with the letter before it."""
    return char in JOINERS or unicodedata.category(char) in ("Mn", "Me")


def cut(text: str, at: int) -> int:
    """The nearest place at or after `at` where `text` may be cut: past the
    marks that follow the letter before `at`."""
    while at < len(text) and is_mark(text[at]):
        at += 1
    return at


def bare(text: str) -> tuple[str, list[int]]:
    """`text` without its marks, for patterns that look at letters, and where
    each of its positions (its end included) falls in `text`. A match [s, e) of
    the bare text is [positions[s], positions[e]) of `text`: from a letter to
    the next letter, so it takes the marks after its last letter."""
    positions = [i for i, char in enumerate(text) if not is_mark(char)]
    return "".join(text[i] for i in positions), positions + [len(text)]
