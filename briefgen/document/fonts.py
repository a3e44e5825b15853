"""The bundled fonts: the only ones a build may see, and what they can draw.

Pango falls back silently to any system font that has a missing glyph, so the
same data would print differently on another machine. `isolate_fontconfig()`
points fontconfig at fonts/ alone before WeasyPrint starts; `missing_glyphs()`
finds characters the body face cannot draw before anything is rendered.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from ..errors import Location, Problem

BODY_FONT = "Amiri-Regular.ttf"   # every text field is set in it, or falls back to it
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""
# Characters that shape or steer text but draw nothing of their own.
INVISIBLE = {"\n", "\t", "\r", "\u200c", "\u200d", "\u200e", "\u200f",
             "\u2066", "\u2067", "\u2068", "\u2069"}


def isolate_fontconfig(fonts_dir: Path) -> None:
    """Make fontconfig know only fonts/; must run before WeasyPrint is imported."""
    fonts_dir = fonts_dir.resolve()
    tag = hashlib.sha256(str(fonts_dir).encode()).hexdigest()[:12]
    home = Path(tempfile.gettempdir()) / f"briefgen-fontconfig-{tag}"
    home.mkdir(parents=True, exist_ok=True)
    conf = home / "fonts.conf"
    text = FONTS_CONF.format(fonts=fonts_dir, cache=home / "cache")
    if not conf.exists() or conf.read_text() != text:
        conf.write_text(text)
    os.environ["FONTCONFIG_FILE"] = str(conf)


@lru_cache(maxsize=8)
def covered_characters(font_path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont
    with TTFont(font_path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def missing_glyphs(fonts_dir: Path, texts: Iterator[tuple[str, str, str]]) -> list[Problem]:
    """texts: (file, field path, text). One problem per field and missing character."""
    covered = covered_characters(fonts_dir / BODY_FONT)
    texts = list(texts)
    every_char = set().union(*(set(text) for _, _, text in texts)) if texts else set()
    if all(ord(c) in covered or c in INVISIBLE for c in every_char):
        return []       # the usual case, found in one pass over the characters
    problems = []
    for file, path, text in texts:
        for char in sorted(set(text)):
            if char not in INVISIBLE and ord(char) not in covered:
                problems.append(Problem(
                    Location(file, path=path),
                    f"character {char!r} (U+{ord(char):04X}) is not in the bundled font {BODY_FONT}"))
    return problems


def texts_of(value, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string inside a record, with its field path (dataclasses, lists, dicts)."""
    if isinstance(value, str):
        yield path, value
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from texts_of(getattr(value, field.name), f"{path}.{field.name}" if path else field.name)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from texts_of(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from texts_of(item, f"{path}.{key}" if path else str(key))
