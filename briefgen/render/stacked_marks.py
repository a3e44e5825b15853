"""A glyph first drawn inside a stack of marks stands for its own mark in the
text layer, not for the whole stack (issue 24).

WeasyPrint 70 maps each glyph of a font to text once, at its first use
(`draw_first_line`): the first glyph of a cluster takes the whole cluster's
text, the others nothing. Amiri draws a shadda with a kasra (ِّ, one cluster of
two marks) as its kasra glyph and its shadda glyph; when that cluster is the
first use of the kasra glyph, every later kasra of the document reads "ِّ".
Which use comes first depends only on drawing order: the keep span round a
paragraph's last two words (view/inline.py `last_words_kept`) made the
held-out record's "مُذَكِّرَةَ" come before "جَدِيدَةٍ", and "العَلاقاتِ" was then
spanned to undo the misreading, an /ActualText of a lone mark that pdfium
reads outside its word ("العَ ِ لاقات").

So before a box is drawn, a glyph not yet mapped whose cluster is made of
marks only is mapped to the mark the font's own character map draws with it
(its nominal glyph), as a first use of that mark alone would map it.
"""
from __future__ import annotations

import io
import unicodedata

NOMINAL_KEY = "_briefgen_nominal_marks"     # on a PDF Font: glyph id -> the mark it is the glyph of


def is_mark_stack(text: str) -> bool:
    """Two or more characters, all combining marks (ِّ)."""
    return len(text) > 1 and all(unicodedata.category(c) == "Mn" for c in text)


def nominal_marks(font) -> dict[int, str]:
    """Glyph id -> the combining mark the font's character map draws with it
    (read once per font, and only for a document that stacks marks)."""
    found = font.__dict__.get(NOMINAL_KEY)
    if found is None:
        from fontTools.ttLib import TTFont
        face = TTFont(io.BytesIO(font.file_content), fontNumber=font.index, lazy=True)
        found = {face.getGlyphID(name): chr(code) for code, name in (face.getBestCmap() or {}).items()
                 if unicodedata.category(chr(code)) == "Mn"}
        font.__dict__[NOMINAL_KEY] = found
    return found


def map_stacked_marks(glyphs) -> None:
    """Map each glyph of the box drawn inside a stack of marks, and not mapped
    yet, to its own mark (glyphs: kashida.Glyph, with their PDF fonts)."""
    for glyph in glyphs:
        if glyph.gid in glyph.font.to_unicode or not is_mark_stack(glyph.cluster_text):
            continue
        mark = nominal_marks(glyph.font).get(glyph.gid)
        if mark is not None and mark in glyph.cluster_text:
            glyph.font.to_unicode[glyph.gid] = mark
