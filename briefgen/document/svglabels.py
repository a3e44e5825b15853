"""Arabic labels for SVG graphics: the one place text is shaped before WeasyPrint.

WeasyPrint lays out HTML text with HarfBuzz and FriBidi, but draws SVG <text>
code point by code point, left to right, with no joining and no bidi
(../shared/DESIGN.md, upstream issue 2909). So a label bound for SVG is:

1. shaped: arabic-reshaper picks each letter's contextual form (presentation
   forms, U+FB50–U+FEFF), lam-alef ligatures included;
2. put in visual order: python-bidi's get_display (the Unicode bidi algorithm,
   bracket pairs included) reorders runs, so Latin words and digits inside
   Arabic keep their own direction;
3. mirrored: get_display does not swap mirrored characters, so a bracket pair
   that ended up right to left, "(NAC)" drawn as ")NAC(", is swapped back.

Diacritics (harakat) are dropped from SVG labels: drawn one code point at a
time they cannot attach to their letter and come out on dotted circles. The
figure's text alternative keeps them. Tatweel is kept.

Only SVG text goes through here; HTML text never does (the text layer of an
HTML run stays logical). Labels that must be searchable are also given in
logical order in the figure's text alternative.
"""
from __future__ import annotations

import re
from functools import lru_cache

import arabic_reshaper
from bidi import get_display

RTL_CHARS = re.compile(r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]")
PAIRS = {"(": ")", "[": "]", "{": "}", "«": "»", "‹": "›"}
CLOSERS = {close: open_ for open_, close in PAIRS.items()}
MIRROR = {**PAIRS, **CLOSERS, "<": ">", ">": "<"}
# Stand-ins for probing where one pair lands: paired brackets like ( ), so the
# bidi algorithm treats the pair exactly as before, and absent from labels.
PROBE_OPEN, PROBE_CLOSE = "\u27E6", "\u27E7"     # ⟦ ⟧

_reshaper = arabic_reshaper.ArabicReshaper(configuration={
    "delete_harakat": True,           # unattachable when drawn one by one (see above)
    "support_ligatures": True,        # lam-alef and friends
    "delete_tatweel": False,          # tatweel is deliberate
})


def needs_shaping(text: str) -> bool:
    return bool(RTL_CHARS.search(text))


@lru_cache(maxsize=4096)
def svg_label(text: str, base: str = "R") -> str:
    """The string to put in an SVG <text> so that it reads right when drawn
    code point by code point from left to right. base: the paragraph direction
    the label lives in, R in Arabic documents, L in English ones."""
    if not needs_shaping(text):
        return text
    shaped = _reshaper.reshape(text)
    visual = list(get_display(shaped, base_dir=base))
    for start, end in bracket_pairs(shaped):
        probe = shaped[:start] + PROBE_OPEN + shaped[start + 1:end] + PROBE_CLOSE + shaped[end + 1:]
        placed = get_display(probe, base_dir=base)
        left, right = placed.index(PROBE_OPEN), placed.index(PROBE_CLOSE)
        if right < left:     # the pair runs right to left: draw mirrored glyphs
            visual[left] = MIRROR[visual[left]]
            visual[right] = MIRROR[visual[right]]
    return "".join(visual)


def bracket_pairs(text: str) -> list[tuple[int, int]]:
    """Logical positions of matched bracket pairs (an unmatched one is left alone)."""
    pairs, stack = [], []
    for index, char in enumerate(text):
        if char in PAIRS:
            stack.append((char, index))
        elif char in CLOSERS:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == CLOSERS[char]:
                    pairs.append((stack[depth][1], index))
                    del stack[depth:]
                    break
    return pairs
