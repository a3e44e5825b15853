"""Rewrite a font's one-glyph lam-alef ligatures as two glyphs, so PDF readers
extract "لا", not "ال".

Why: a PDF maps each glyph to the text it stands for. Noto Kufi Arabic draws
medial lam + final alef (the لا in العلاقات) as ONE glyph mapped to "لا";
pdftotext and pdfium rebuild right-to-left text by reversing the characters
of the glyphs in visual order, so that glyph's two letters come out reversed
(العالقات). Fonts that draw lam-alef from two glyphs (Amiri, Noto Naskh
Arabic) extract correctly.

What: every ligature substitution of a lam followed by an alef becomes a
contextual pair of single substitutions: the lam becomes a glyph carrying the
whole ligature's outline, the alef an empty glyph. The picture and the
advance are unchanged (the two advances add up to the ligature's), but each
glyph now stands for one letter in its own cluster, so readers reverse
two one-letter glyphs and get logical order. Marks above a split lam-alef
lose their ligature anchors (headings carry no tashkeel).

Usage: python tools/split_lam_alef.py SOURCE.ttf TARGET.ttf
The fonts in fonts/ named NotoKufiArabic-* were made this way from Debian's
fonts-noto-core 20201225 (see docs/arabic.md).
"""
from __future__ import annotations

import sys

from fontTools.otlLib.builder import buildCoverage, buildLookup, buildSingleSubstSubtable
from fontTools.pens.transformPen import TransformPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import otTables as ot

LAMS = ("uni0644", "uniFEDF", "uniFEE0", "uniFEDD", "uniFEDE")


def is_lam(glyph: str) -> bool:
    return glyph.startswith(LAMS) or glyph.startswith("uni06B") or glyph.startswith("uni076A")


def lam_alef_ligatures(lookup) -> list[tuple[str, str, str]]:
    """(lam, alef, ligature) for every two-glyph ligature starting with a lam."""
    found = []
    for subtable in lookup.SubTable:
        for first, ligatures in subtable.ligatures.items():
            for lig in ligatures:
                if is_lam(first) and len(lig.Component) == 1:
                    found.append((first, lig.Component[0], lig.LigGlyph))
    return found


def add_glyphs(font: TTFont, ligature: str) -> tuple[str, str]:
    """The lam half (the ligature's outline, shifted) and the empty alef half."""
    glyphs, glyf, hmtx = font.getGlyphSet(), font["glyf"], font["hmtx"]
    advance = hmtx[ligature][0]
    alef_advance = advance // 2
    lam_name, alef_name = f"{ligature}.lam", f"{ligature}.alef"
    pen = TTGlyphPen(glyphs)
    # In right-to-left text the alef half is drawn first (on the left); the lam
    # half starts where it ends, so the outline moves left by its advance.
    glyphs[ligature].draw(TransformPen(pen, (1, 0, 0, 1, -alef_advance, 0)))
    lam_glyph = pen.glyph()
    alef_glyph = TTGlyphPen(None).glyph()
    order = font.getGlyphOrder() + [lam_name, alef_name]
    font.setGlyphOrder(order)
    glyf.glyphOrder = order
    glyf[lam_name], glyf[alef_name] = lam_glyph, alef_glyph
    lam_glyph.recalcBounds(glyf)
    hmtx[lam_name] = (advance - alef_advance, getattr(lam_glyph, "xMin", 0))
    hmtx[alef_name] = (alef_advance, 0)
    gdef = font["GDEF"].table.GlyphClassDef
    if gdef is not None:
        gdef.classDefs[lam_name] = gdef.classDefs[alef_name] = 1    # base glyphs
    return lam_name, alef_name


def chain_rule(font, lam: str, alef: str, lam_lookup: int, alef_lookup: int):
    """lam' alef' -> each replaced by its own single-substitution lookup."""
    subtable = ot.ChainContextSubst()
    subtable.Format = 3
    subtable.BacktrackCoverage, subtable.LookAheadCoverage = [], []
    glyph_map = font.getReverseGlyphMap()
    subtable.InputCoverage = [buildCoverage([lam], glyph_map), buildCoverage([alef], glyph_map)]
    records = []
    for index, lookup in ((0, lam_lookup), (1, alef_lookup)):
        record = ot.SubstLookupRecord()
        record.SequenceIndex, record.LookupListIndex = index, lookup
        records.append(record)
    subtable.SubstLookupRecord = records
    subtable.BacktrackGlyphCount = subtable.LookAheadGlyphCount = 0
    subtable.InputGlyphCount, subtable.SubstCount = 2, 2
    return subtable


def mark_modified(font: TTFont) -> None:
    """Say in the font's version string that it was changed, and by what (OFL 1.1)."""
    for record in font["name"].names:
        if record.nameID == 5:
            font["name"].setName(f"{record.toUnicode()}; lam-alef split by briefgen",
                                 5, record.platformID, record.platEncID, record.langID)


def split(source: str, target: str) -> int:
    font = TTFont(source)
    lookups = font["GSUB"].table.LookupList.Lookup
    count = 0
    for lookup in list(lookups):
        if lookup.LookupType != 4:
            continue
        pairs = lam_alef_ligatures(lookup)
        total = sum(len(ligs) for st in lookup.SubTable for ligs in st.ligatures.values())
        if not pairs or len(pairs) != total:
            continue        # other ligatures too (e.g. discretionary ones): left alone
        rules = []
        for lam, alef, ligature in pairs:
            lam_name, alef_name = add_glyphs(font, ligature)
            lookups.append(buildLookup([buildSingleSubstSubtable({lam: lam_name})]))
            lookups.append(buildLookup([buildSingleSubstSubtable({alef: alef_name})]))
            rules.append(chain_rule(font, lam, alef, len(lookups) - 2, len(lookups) - 1))
            count += 1
        chain = buildLookup(rules, flags=lookup.LookupFlag)
        lookup.LookupType, lookup.SubTable = 6, chain.SubTable
        lookup.SubTableCount = len(chain.SubTable)
    font["GSUB"].table.LookupList.LookupCount = len(lookups)
    if count:
        mark_modified(font)
    font.save(target)
    return count


if __name__ == "__main__":
    print(f"{split(sys.argv[1], sys.argv[2])} lam-alef ligatures split")
