"""The bundled fonts: the only ones a build may see, and what they can draw.

Pango falls back silently to any system font that has a missing glyph, so the
same data would print differently on another machine. `isolate_fontconfig()`
points fontconfig at fonts/ alone before WeasyPrint starts; `missing_glyphs()`
finds characters the body face cannot draw before anything is rendered.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator, Optional

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
    home = fontconfig_home(fonts_dir)
    conf = home / "fonts.conf"
    text = FONTS_CONF.format(fonts=fonts_dir, cache=home / "cache")
    if not conf.exists() or conf.read_text() != text:
        # Workers start together: write beside it and rename, so none reads half a file.
        fd, temp = tempfile.mkstemp(dir=home, suffix=".tmp")
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
        os.replace(temp, conf)
    os.environ["FONTCONFIG_FILE"] = str(conf)


def fontconfig_home(fonts_dir: Path) -> Path:
    """A folder for our fonts.conf and fontconfig's cache that this user alone
    owns and can write. Shared by this user's builds of the same fonts/ (the
    cache is then made once); a folder of that name that another user made (a
    shared /tmp), or that is not a plain folder, is never used: fontconfig
    would fail to write its cache ("Fontconfig error: No writable cache
    directories") and another user could rewrite our configuration."""
    tag = hashlib.sha256(str(fonts_dir).encode()).hexdigest()[:12]
    home = Path(tempfile.gettempdir()) / f"briefgen-fontconfig-{os.getuid()}-{tag}"
    try:
        home.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(home)
        if (stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
                and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH) and os.access(home, os.W_OK)):
            return home
    except OSError:
        pass
    return Path(tempfile.mkdtemp(prefix="briefgen-fontconfig-"))   # private to this process


FACES_PREFIX = "briefgen-faces"


def face_folder() -> Path:
    """A folder for the copies of fonts/ WeasyPrint makes for @font-face
    (2.4 MB a process). WeasyPrint makes its own in the temporary folder and
    deletes it only when its FontConfiguration is collected, which a worker
    process never lets happen: it ends with os._exit. Unattended builds left
    one folder per worker, thousands after weeks. Ours carries the process
    id, so the next renderer removes those of processes that have ended."""
    sweep_face_folders()
    return Path(tempfile.mkdtemp(prefix=f"{FACES_PREFIX}-{os.getuid()}-{os.getpid()}-"))


def sweep_face_folders() -> None:
    """Remove this user's face folders whose process has ended (a folder
    that is not a plain folder of ours, e.g. another user's link, is left)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{FACES_PREFIX}-{os.getuid()}-*-*"):
        pid = folder.name.split("-")[3]
        try:
            info = os.lstat(folder)
        except OSError:
            continue
        if pid.isdigit() and stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass            # another user's process: alive, and not ours to judge
    return True


FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")


def unreadable_fonts(fonts_dir: Path, shown: Callable[[Path], str]) -> list[Problem]:
    """Every font file in fonts/ that fontTools cannot read whole. A corrupt face
    (random bytes as Amiri-Bold.ttf) is otherwise dropped by WeasyPrint without a
    word, and every bold word prints in another face."""
    problems = []
    for path in sorted(p for p in fonts_dir.iterdir() if p.suffix.lower() in FONT_SUFFIXES):
        info = path.stat()
        error = font_error(path, info.st_size, info.st_mtime_ns)
        if error:
            problems.append(Problem(Location(shown(path)), f"font file cannot be read: {error}; "
                                                           f"replace it with a good copy"))
    return problems


@lru_cache(maxsize=64)
def font_error(path: Path, size: int, mtime_ns: int) -> Optional[str]:
    """None if every table of the font reads and matches its checksum (a truncated
    or overwritten file does not); else why not. Cached by size and time: watch
    and serve check often."""
    from fontTools.ttLib import TTFont
    try:
        with TTFont(path, lazy=True, checkChecksums=2) as font:
            for tag in font.reader.keys():
                font.reader[tag]
            if not font.getBestCmap():
                return "it maps no character to a glyph"
    except Exception as err:    # fontTools raises many kinds on a broken file; any of them is the answer
        return f"{type(err).__name__}: {str(err).splitlines()[0][:200] if str(err) else 'unreadable'}"
    return None


@lru_cache(maxsize=8)
def covered_characters(font_path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont
    with TTFont(font_path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def missing_glyphs(fonts_dir: Path, texts: Iterator[tuple[str, str, str]],
                   locate: Optional[Callable[[str, str, str], Location]] = None) -> list[Problem]:
    """texts: (file, field path, text). One problem per field and missing
    character, placed by locate(file, field path, character) when given."""
    locate = locate or (lambda file, path, char: Location(file, path=path))
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
                    locate(file, path, char),
                    f"character {char!r} (U+{ord(char):04X}) is not in the bundled font {BODY_FONT}"))
    return problems
