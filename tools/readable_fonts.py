"""Font changes that let PDF readers get the right text back. A PDF maps each
glyph to ONE text (ToUnicode; WeasyPrint takes the text of the glyph's first
use), so a glyph must not stand for two different things.

1. Lam-alef ligatures drawn as one glyph become two glyphs, so readers
   extract "لا", not "ال".
2. Brackets mirrored in right-to-left text get glyphs of their own.

1. Noto Kufi Arabic draws
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

2. In right-to-left text HarfBuzz draws "(" with the glyph of ")" (Unicode
mirroring). That glyph then stands for "(" in Arabic and for ")" in Latin
text, and whichever came first in the document wins: after an Arabic
"(الناتو)", an English "(NAC)" extracted as ")NAC(" in both readers. A copy of
each bracket glyph, substituted by the font's `rlig` feature for the Arabic
script only (after mirroring), gives mirrored brackets their own glyphs: each
glyph now always means one character.

Usage: python tools/readable_fonts.py SOURCE.ttf TARGET.ttf
The Amiri and Noto Kufi Arabic fonts in fonts/ were put through it: Amiri
1.000 and Noto Kufi Arabic 2.102 from Debian (fonts-hosny-amiri,
fonts-noto-core 20201225); see docs/arabic.md. Running it twice changes nothing.
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
        if record.nameID == 5 and "briefgen" not in record.toUnicode():
            font["name"].setName(f"{record.toUnicode()}; text layer fixes by briefgen tools/readable_fonts.py",
                                 5, record.platformID, record.platEncID, record.langID)


def split_lam_alef(font: TTFont) -> int:
    """Rewrite every lam-alef ligature lookup; returns how many ligatures were split."""
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
    return count


BRACKETS = "()[]{}<>«»‹›"


def copy_glyph(font: TTFont, name: str, new: str) -> None:
    glyphs, glyf = font.getGlyphSet(), font["glyf"]
    pen = TTGlyphPen(glyphs)
    glyphs[name].draw(pen)
    order = font.getGlyphOrder() + [new]
    font.setGlyphOrder(order)
    glyf.glyphOrder = order
    glyf[new] = pen.glyph()
    glyf[new].recalcBounds(glyf)
    font["hmtx"][new] = font["hmtx"][name]


def arabic_language_systems(gsub):
    for record in gsub.ScriptList.ScriptRecord:
        if record.ScriptTag == "arab":
            yield from [record.Script.DefaultLangSys] + [r.LangSys for r in record.Script.LangSysRecord]


def add_arabic_script(gsub) -> None:
    """An `arab` script whose default language system lists one empty `rlig`
    feature (filled by the caller); the script list stays sorted by tag."""
    feature = ot.FeatureRecord()
    feature.FeatureTag, feature.Feature = "rlig", ot.Feature()
    feature.Feature.FeatureParams, feature.Feature.LookupListIndex, feature.Feature.LookupCount = None, [], 0
    gsub.FeatureList.FeatureRecord.append(feature)
    system = ot.LangSys()
    system.LookupOrder, system.ReqFeatureIndex = None, 0xFFFF
    system.FeatureIndex = [len(gsub.FeatureList.FeatureRecord) - 1]
    system.FeatureCount = 1
    record = ot.ScriptRecord()
    record.ScriptTag, record.Script = "arab", ot.Script()
    record.Script.DefaultLangSys, record.Script.LangSysRecord, record.Script.LangSysCount = system, [], 0
    gsub.ScriptList.ScriptRecord.append(record)
    gsub.ScriptList.ScriptRecord.sort(key=lambda r: r.ScriptTag)
    gsub.ScriptList.ScriptCount = len(gsub.ScriptList.ScriptRecord)


def own_mirrored_brackets(font: TTFont) -> int:
    """Glyph copies for brackets in Arabic-script runs (where they are mirrored);
    returns how many brackets got one."""
    cmap, order = font.getBestCmap(), set(font.getGlyphOrder())
    mapping = {}
    for char in BRACKETS:
        name = cmap.get(ord(char))
        if name and f"{name}.rtl" not in order:
            copy_glyph(font, name, f"{name}.rtl")
            mapping[name] = f"{name}.rtl"
    if not mapping:
        return 0
    gsub = font["GSUB"].table
    lookups, records = gsub.LookupList.Lookup, gsub.FeatureList.FeatureRecord
    lookups.append(buildLookup([buildSingleSubstSubtable(mapping)]))
    gsub.LookupList.LookupCount = len(lookups)
    # HarfBuzz uses the first `rlig` feature a language system lists, so the
    # Arabic systems get a copy of theirs with the new lookup added; other
    # scripts (Latin brackets are never mirrored) keep the original. A font
    # with no Arabic (Noto Sans, drawing brackets in Kufi headings) gets an
    # Arabic script entry holding only this feature.
    if not any(True for _ in arabic_language_systems(gsub)):
        add_arabic_script(gsub)
    for system in filter(None, arabic_language_systems(gsub)):
        for position, index in enumerate(system.FeatureIndex):
            if records[index].FeatureTag == "rlig":
                clone = ot.FeatureRecord()
                clone.FeatureTag, clone.Feature = "rlig", ot.Feature()
                clone.Feature.FeatureParams = None
                clone.Feature.LookupListIndex = list(records[index].Feature.LookupListIndex) + [len(lookups) - 1]
                clone.Feature.LookupCount = len(clone.Feature.LookupListIndex)
                records.append(clone)
                system.FeatureIndex[position] = len(records) - 1
    gsub.FeatureList.FeatureCount = len(records)
    return len(mapping)


def make_readable(source: str, target: str) -> tuple[int, int]:
    font = TTFont(source)
    changed = split_lam_alef(font), own_mirrored_brackets(font)
    if any(changed):
        mark_modified(font)
    font.save(target)
    return changed


if __name__ == "__main__":
    ligatures, brackets = make_readable(sys.argv[1], sys.argv[2])
    print(f"{ligatures} lam-alef ligatures split, {brackets} mirrored brackets given glyphs")
