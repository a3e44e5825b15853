"""What editors miss, as warnings with file:line:column (exit 0 unless --strict).

In a record: a sentence written twice, an item without a source, ASCII quotes
or Latin , ; ? inside Arabic, two digit styles in one text, a translation much
shorter than its original. In the documents: a part an audience asks for that
comes out empty (it is left out), and a one-page document that had to shrink
below 9 pt in the last build (reports/manifest.json).
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Iterator, Optional

from ..errors import Location, Problem
from ..paths import Project
from ..record.model import Relationship, Text
from ..record.repetition import repeated
from ..record.yamlnodes import find_node
from ..record.validate import Inputs

# Fields written as running prose: where a repeated sentence is a mistake.
# (Highlights and participants echo a description on purpose; the view leaves
# out of an event card what its description already says.)
PROSE = re.compile(r"^(summary|background|objectives|engagement|exchanges|assessment)\[\d+\]"
                   r"|^(frameworks|events|programmes)\[\d+\]\.description"
                   r"|^(talking_points|notes)\[\d+\]\.text")
ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u066E-\u06D3\u06FA-\u06FF]")
LATIN_LETTER = re.compile(r"[A-Za-z]")
LATIN_MARKS = {",": "،", ";": "؛", "?": "؟", '"': "« »", "'": "« »"}
WESTERN_DIGIT, ARABIC_DIGIT = re.compile(r"[0-9]"), re.compile(r"[\u0660-\u0669\u06F0-\u06F9]")
SHORT_TRANSLATION = 0.4       # the shorter language under 40% of the longer ...
LONG_ENOUGH = 40              # ... in a text of at least this many characters
SMALLEST_COMFORTABLE_PT = 9.0


def lint(inputs: Inputs, project: Project) -> list[Problem]:
    warnings: list[Problem] = []
    for relationship in inputs.record.relationships.values():
        warnings += [Problem(locate(project.root, relationship.file, path), message)
                     for path, message in record_warnings(relationship)]
    warnings += left_out_warnings(inputs, project)
    warnings += shrink_warnings(project)
    return sorted(warnings)


# -- the record ------------------------------------------------------------

def record_warnings(rel: Relationship) -> Iterator[tuple[str, str]]:
    texts = list(texts_with_paths(rel))
    for lang in ("ar", "en"):
        prose = [(path, text.get(lang)) for path, text in texts if PROSE.match(path)]
        for where, earlier, sentence in repeated(prose):
            yield f"{where}.{lang}", f"repeats what {earlier}.{lang} already says: {sentence!r}"
    for group in ("events", "frameworks", "programmes"):
        for index, item in enumerate(getattr(rel, group)):
            if not item.sources:
                yield f"{group}[{index}].sources", f"{item.id!r} cites no source: add the id of the source that says it"
    for path, text in texts:
        yield from arabic_punctuation(path, text.ar)
        for lang in ("ar", "en"):
            if WESTERN_DIGIT.search(text.get(lang)) and ARABIC_DIGIT.search(text.get(lang)):
                yield f"{path}.{lang}", "mixes Western (0-9) and Arabic-Indic (٠-٩) digits; write one style (documents convert)"
        shorter, longer = sorted((text.ar, text.en), key=len)
        if len(longer) >= LONG_ENOUGH and len(shorter) < SHORT_TRANSLATION * len(longer):
            short_lang = "ar" if shorter is text.ar else "en"
            yield (f"{path}.{short_lang}", f"is {len(shorter)} characters against {len(longer)} in the other "
                                           f"language: is part of the translation missing?")


def texts_with_paths(value, path: str = "") -> Iterator[tuple[str, Text]]:
    """Every Text in a record with its field path as written in YAML."""
    if isinstance(value, Text):
        yield path, value
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            yield from texts_with_paths(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from texts_with_paths(item, f"{path}[{index}]")


def arabic_punctuation(path: str, text: str) -> Iterator[tuple[str, str]]:
    """Latin , ; ? and ASCII quotes touching Arabic (not inside a Latin phrase or URL)."""
    for index, char in enumerate(text):
        if char in LATIN_MARKS and touches_arabic(text, index):
            yield f"{path}.ar", f"{char!r} in Arabic text (character {index + 1}): write {LATIN_MARKS[char]}"


def touches_arabic(text: str, index: int) -> bool:
    """Whether the nearest letter on either side of text[index] is Arabic."""
    def nearest(chars) -> Optional[str]:
        return next((c for c in chars if ARABIC_LETTER.match(c) or LATIN_LETTER.match(c)), None)
    sides = (nearest(reversed(text[:index])), nearest(text[index + 1:]))
    latin = any(s and LATIN_LETTER.match(s) for s in sides)
    return not latin and any(s and ARABIC_LETTER.match(s) for s in sides)


def locate(root: Path, shown_as: str, field_path: str) -> Location:
    """file:line:column of a field, read again from the YAML file it was written in."""
    path = Path(shown_as) if Path(shown_as).is_absolute() else root / shown_as
    node = find_node(path, field_path)
    if node is None:
        return Location(shown_as, path=field_path)
    return Location(shown_as, node.start_mark.line + 1, node.start_mark.column + 1, field_path)


# -- the documents ----------------------------------------------------------

def left_out_warnings(inputs: Inputs, project: Project) -> list[Problem]:
    """Each part of a document that comes out empty (both languages leave out
    the same): a briefing section at its line in the audience's profile, a
    one-page document's part at the relationship file."""
    from ..document.select import Options, document_view
    warnings = []
    for rel in inputs.record.relationships.values():
        for audience in inputs.audiences.values():
            profile = audience.folder / "audience.yaml"
            shown = str(profile.relative_to(project.root) if profile.is_relative_to(project.root) else profile)
            for doc in audience.documents:
                options = Options(audience, doc, audience.languages_of(doc)[0], dt.date.today(), "a4", "western")
                view = document_view(inputs.record, rel, options, inputs.strings)
                for part in view["left_out"]:
                    if doc == "briefing":
                        where = locate(project.root, shown, f"sections[{audience.sections.index(part)}]")
                    else:
                        where = Location(rel.file)
                    warnings.append(Problem(where, f"{rel.id}/{audience.name}/{doc}: {left_out_message(doc, part)}"))
    return warnings


def left_out_message(doc: str, part: str) -> str:
    if doc == "briefing":
        return f"section {part!r} has nothing to show for this audience; it is left out, heading and all"
    return f"{part.replace('_', ' ')} has nothing to show; left out, heading and all"


def shrink_warnings(project: Project) -> list[Problem]:
    """One-page documents the last build had to set below 9 pt to fit."""
    from ..rebuild.manifest import Manifest
    entries = Manifest(project.reports / "manifest.json").entries
    return [Problem(Location(str(project.reports / name)), shrink_message(entry["fit_pt"]))
            for name, entry in sorted(entries.items())
            if shrunk_too_far(entry.get("fit_pt"))]


def shrunk_too_far(size) -> bool:
    return isinstance(size, (int, float)) and size < SMALLEST_COMFORTABLE_PT


def shrink_message(size: float) -> str:
    return (f"set at {size:g} pt to fit one page (below {SMALLEST_COMFORTABLE_PT:g} pt, hard to read): "
            f"shorten its content")
