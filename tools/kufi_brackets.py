"""Noto Kufi Arabic with the parentheses and guillemets of Noto Sans, so that a
space and the bracket or quote after it are drawn by one font (docs/arabic.md,
"A span over several fonts").

Noto Kufi Arabic (headings, labels, panels) has no parentheses: in
"للتعاون (المبادرة)" the space is drawn by Kufi and the bracket by Noto Sans,
the next font of the CSS list. Each font's run is a text object of its own,
and pdfium skips a text object without ink, its /ActualText included, so the
space's object cannot carry the text pdfium needs to read the bracket the
right way round (it read ")المبادرة)"). With the brackets in Kufi, the space
and the bracket are one text object with ink. The same for guillemets: the
mixed-script record's heading «مؤتمر «NATO–ICI» في الدوحة» read
"مؤتمر »NATO–ICI »في الدوحة" in pdfium.

What: the outlines and advances of Noto Sans's "(", ")", "«" and "»" (same units per
em, same baseline, so the page is drawn the same), mapped in the character
map and classed as base glyphs; then tools/readable_fonts.py gives them
mirrored copies for Arabic text as it does every font's brackets. Hinting
instructions are not copied (they belong to Noto Sans's own programs).
Nothing else: square brackets and the colon stay Noto Sans's, whose space
after them (260 units) differs from Kufi's (340).

Usage: python tools/kufi_brackets.py KUFI.ttf NOTO_SANS.ttf TARGET.ttf
The Noto Kufi Arabic fonts in fonts/ were put through it, Regular with
NotoSans-Regular.ttf and Bold with NotoSans-Bold.ttf. Running it twice
changes nothing; OFL 1.1 allows modified versions, and neither font reserves
its name (fonts/LICENSE-Noto.txt).
"""
from __future__ import annotations

import os
import sys

from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

from readable_fonts import own_mirrored_brackets

BORROWED = "()«»"
NOTE = "; parentheses from Noto Sans by briefgen tools/kufi_brackets.py"     # kept: the version strings already say it
GUILLEMETS_NOTE = "; guillemets from Noto Sans by briefgen tools/kufi_brackets.py"


def borrow(font: TTFont, donor: TTFont, char: str) -> bool:
    """Copy the donor's glyph for char into font, mapped to char; False if
    font already maps it."""
    if ord(char) in font.getBestCmap():
        return False
    if font["head"].unitsPerEm != donor["head"].unitsPerEm:
        raise SystemExit("the two fonts differ in units per em: the copy would be drawn at another size")
    name = donor.getBestCmap()[ord(char)]
    pen = TTGlyphPen(None)
    donor.getGlyphSet()[name].draw(pen)
    order = font.getGlyphOrder() + [name]
    font.setGlyphOrder(order)
    font["glyf"].glyphOrder = order
    font["glyf"][name] = pen.glyph()
    font["glyf"][name].recalcBounds(font["glyf"])
    font["hmtx"][name] = donor["hmtx"][name]
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap[ord(char)] = name
    classes = font["GDEF"].table.GlyphClassDef
    if classes is not None:
        classes.classDefs[name] = 1     # a base glyph
    return True


def mark_derived(font: TTFont, note: str) -> None:
    """Say in the font's version string what was added, and by what (OFL 1.1)."""
    for record in font["name"].names:
        if record.nameID == 5 and note not in record.toUnicode():
            font["name"].setName(record.toUnicode() + note, 5, record.platformID,
                                 record.platEncID, record.langID)


def add_brackets(kufi: str, donor: str, target: str) -> int:
    # the timestamp kept: the same sources give the same bytes
    font, source = TTFont(kufi, recalcTimestamp=False), TTFont(donor)
    added = sum(borrow(font, source, char) for char in BORROWED)
    if added:
        own_mirrored_brackets(font)
        mark_derived(font, NOTE)
        if any(font.getBestCmap().get(ord(char)) for char in "«»"):
            mark_derived(font, GUILLEMETS_NOTE)
    # Written beside the target and renamed: the folder's time changes, so
    # fontconfig rebuilds its cache of fonts/ (it checks the folder's time
    # only; a font rewritten in place kept its old character set there, and
    # the brackets were still drawn by Noto Sans).
    font.save(f"{target}.tmp")
    os.replace(f"{target}.tmp", target)
    return added


if __name__ == "__main__":
    print(f"{add_brackets(*sys.argv[1:4])} brackets added")
