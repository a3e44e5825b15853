"""How wide a run of text prints, measured with the bundled font's own advances.

Figure labels are HTML text that WeasyPrint lays out with Pango and HarfBuzz
(charts.py places them). To place them without collisions the placement must
know their widths before WeasyPrint runs, so they are shaped here with
HarfBuzz (uharfbuzz) and the very font files the page uses: the same joining,
the same ligatures, the same advances. Labels use one face, Amiri, which draws
Arabic, Latin and digits alike, so Pango never falls back to another font for
them (`check` refuses data that Amiri cannot draw). The files are those of
the project's fonts/ (the shipped ones when it has none), so labels are
measured with the faces the document is set in, installed or not.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import uharfbuzz as hb

FACES = {False: "Amiri-Regular.ttf", True: "Amiri-Bold.ttf"}   # bold? -> file


@lru_cache(maxsize=None)
def _font(fonts: str, bold: bool) -> tuple[hb.Font, int]:
    face = hb.Face(hb.Blob.from_file_path(str(Path(fonts) / FACES[bold])))
    return hb.Font(face), face.upem


@lru_cache(maxsize=65536)
def em_width(text: str, bold: bool, fonts: str) -> float:
    """The advance of `text` in ems of the label face in the folder `fonts`,
    shaped as HarfBuzz shapes it for Pango (script and direction guessed from
    the text; mixed runs add up to the same advance). The folder is a str, the
    cheapest key for a cache asked thousands of times per view."""
    return shaped_em(text, bold, fonts)


def shaped_em(text: str, bold: bool, fonts: str) -> float:
    """em_width, not remembered: for a long text measured once (a whole
    document's, render/engine.py fit_start)."""
    if not text:
        return 0.0
    font, upem = _font(fonts, bold)
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {})
    return sum(position.x_advance for position in buffer.glyph_positions) / upem


class Measure:
    """Label widths with the faces in one fonts/ folder: `measure(text, size, bold)`."""

    def __init__(self, fonts: Path):
        self.fonts = str(fonts)

    def __call__(self, text: str, size: float, bold: bool = False) -> float:
        """The advance of `text` at `size` points, in points."""
        return em_width(text, bold, self.fonts) * size
