"""The draft as YAML a person reads and edits: one field a line, each event
under a comment quoting its sentence, strings as YAML double-quoted strings
(JSON's: any text is safe in them). Files are written only inside the
project's data/ (paths.write_problem: below it, through no link), through a
temporary file renamed into place, never over a file unless asked."""
from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import yaml

from ..errors import BuildError
from ..paths import write_problem
from ..record import limits
from ..record.placeholders import PLACEHOLDERS, TO_TRANSLATE
from .events import Drafted, Sentence

SOURCE_ID = "page"
# Characters a record may not hold (record/yamlnodes.py refuses bidi controls and
# C0/C1 controls) or that YAML reads as a line break; and the record's own markup.
UNSAFE = re.compile("[\u202a-\u202e\u2066-\u2069\u2028\u2029\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str, limit: int = limits.MAX_TEXT_CHARS) -> str:
    """The page's words as a record text: no hidden controls, no <<…|…>> markup
    (the page's own « << » is not the record's), one line, within the limit."""
    text = UNSAFE.sub(" ", unicodedata.normalize("NFC", text)).replace("<<", "‹‹").replace(">>", "››")
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def texts(original: str, lang: str, limit: int = limits.MAX_TEXT_CHARS) -> str:
    """{ar: …, en: …}: the page's words in its language, marked to translate in the other."""
    words = clean(original, limit - max(len(p) for p in TO_TRANSLATE.values()))
    both = {lang: words, **{other: TO_TRANSLATE[other] + words for other in TO_TRANSLATE if other != lang}}
    return "{" + ", ".join(f"{code}: {q(both[code])}" for code in ("ar", "en")) + "}"


def span(sentence: Sentence) -> str:
    return f"{{start: {sentence.start}, end: {sentence.end}, sentence: {q(clean(sentence.text))}}}"


@dataclass(frozen=True)
class Citation:
    title: str
    publisher: Optional[str]
    language: str
    accessed: str              # YYYY-MM-DD
    url: Optional[str]
    location: str              # the address or file as given (a file goes in a comment only)


def event_ids(events: list[Drafted], taken: set[str] = frozenset(), positions: Optional[list[int]] = None,
              anchors: Optional[dict[int, str]] = None) -> list[str]:
    """kind-date ids (visit-2006-11-17), kind-after-… for an undated one; unique.
    `after` counts in the page's events: `positions` are these events' places among
    them (default: their order here) and `anchors` the ids other places already have
    (the record's own events, when only what is new is drafted)."""
    ids: list[str] = []
    named = dict(anchors or {})
    used = set(taken)
    for position, event in zip(range(len(events)) if positions is None else positions, events):
        base = f"{event.kind}-{event.date.iso()}" if event.date else f"{event.kind}-after-{named[event.after]}"
        base = base if len(base) <= 60 else base[:60].rstrip("-")
        ident, n = base, 2
        while ident in used:
            ident, n = f"{base}-{n}", n + 1
        used.add(ident)
        ids.append(ident)
        named[position] = ident
    return ids


def event_yaml(event: Drafted, ident: str, lang: str, after: Optional[str], places: dict[str, str]) -> str:
    lines = [f"  # {clean(event.sentence.text, 160)}",
             f"  - id: {ident}",
             "    draft: true",
             f"    kind: {event.kind}"]
    if event.date:
        lines.append(f"    date: {event.date.iso()}")
    if after:
        lines.append(f"    after: {after}")
    if event.hijri:
        lines.append(f"    hijri: {q(event.hijri)}              # the Hijri date the page gives")
    if event.period:
        lines.append(f"    period: {{start: {event.period.start.iso()}, end: {event.period.end.iso()}}}")
    place = event.place or places.get(event.new_place or "")
    for field, value in (("place", place), ("hosted_by", event.hosted_by), ("decided_by", event.decided_by)):
        if value:
            lines.append(f"    {field}: {value}")
    lines += [f"    title: {texts(event.title, lang, limits.MAX_TITLE_CHARS)}",
              f"    description: {texts(event.sentence.text, lang)}",
              f"    sources: [{SOURCE_ID}]",
              f"    source_span: {span(event.sentence)}"]
    return "\n".join(lines) + "\n"


def citation_yaml(citation: Citation) -> str:
    publisher = texts(citation.publisher, citation.language, limits.MAX_TITLE_CHARS) if citation.publisher else \
        "{" + ", ".join(f"{code}: {q(PLACEHOLDERS['publisher'][code])}" for code in ("ar", "en")) + "}"
    lines = [f"  - id: {SOURCE_ID}",
             f"    publisher: {publisher}",
             f"    title: {texts(citation.title, citation.language, limits.MAX_TITLE_CHARS)}",
             f"    language: {citation.language}",
             f"    accessed: {citation.accessed}        # the day `draft` read it"]
    if citation.url:
        lines.append(f"    url: {q(citation.url)}")
    else:
        lines.insert(0, f"  # read from the file {q(citation.location)}: give its url: if it is on the web")
    return "\n".join(lines) + "\n"


def record_yaml(relation: str, parties: list[str], lang: str, title: Sentence, summary: list[Sentence],
                events: list[Drafted], places: dict[str, str], citation: Citation, today: str) -> str:
    ids = event_ids(events)
    other = "English" if lang == "ar" else "Arabic"
    head = (f"# Drafted by `draft` on {today} from {citation.location}\n"
            f"# ({'an Arabic' if lang == 'ar' else 'an English'} page). Nothing here is confirmed: each item marked\n"
            f"# `draft: true` says where it was read (source_span: character offsets in the page's text as\n"
            f"# draft read it, data/drafts/{relation}.source.txt; `serve` shows both at /draft/{relation}).\n"
            f"# Check each against the page, correct it, then remove the\n"
            f"# mark; documents showing a draft item say DRAFT on every page and are not published.\n"
            f"# {other} texts are marked \"{TO_TRANSLATE['en' if lang == 'ar' else 'ar'].strip()}\": translate them.\n")
    summary_text = " ".join(s.text for s in summary)
    body = [head,
            f"id: {relation}",
            "draft: true",
            f"source_span: {span(title)}",
            f"parties: [{', '.join(parties)}]",
            f"updated: {today}",
            f"title: {texts(title.text, lang, limits.MAX_TITLE_CHARS)}",
            "",
            f"# From the page's opening (characters {summary[0].start}-{summary[-1].end})." if summary else "",
            "summary:",
            f"  - {texts(summary_text or title.text, lang)}",
            "areas:                          # the page's areas of cooperation: write them",
            "  - {" + ", ".join(f"{code}: {q(PLACEHOLDERS['areas'][code])}" for code in ("ar", "en")) + "}",
            "",
            "events:" if events else "events:                          # none found: see the report `draft` printed",
            ""]
    text = "\n".join(body)
    for event, ident in zip(events, ids):
        text += event_yaml(event, ident, lang, ids[event.after] if event.after is not None else None, places) + "\n"
    return text + "sources:\n" + citation_yaml(citation)


def fragment_yaml(relation: str, events: list[Drafted], ids: list[str], anchors: dict[int, str], lang: str,
                  places: dict[str, str], citation: Citation, today: str) -> str:
    """Only what is new on the page, for the analyst to move into the record (item
    of issue 25: a page that changed since the last draft)."""
    head = (f"# New on {citation.location} since data/relations/{relation}.yaml was written\n"
            f"# (drafted {today}): the events below are not in the record. Check each, then move it\n"
            f"# into the record's events: (and remove `draft: true`). This file is not read by check or build.\n"
            f"# They cite the record's source `{SOURCE_ID}`; add it if the record names its source otherwise.\n"
            "events:\n")
    return head + "".join(event_yaml(e, i, lang, anchors.get(e.after) if e.after is not None else None, places)
                          for e, i in zip(events, ids))


def entity_yaml(ident: str, name: str, lang: str, location: str, indent: str = "  ") -> str:
    spelled = " Its id is the name spelled in Latin letters: rename it (and the events' place: that name it)." \
        if ident.split("-")[0] == latin_id(name).split("-")[0] and ARABIC_LETTER.search(name) else ""
    return (f"{indent}{ident}:      # proposed by draft from {clean(location, 120)}: check its names and kind.{spelled}\n"
            f"{indent * 2}kind: city\n"
            f"{indent * 2}name: {texts(name, lang, limits.MAX_TITLE_CHARS)}\n"
            f"{indent * 2}draft: true\n")


def entities_indent(current: Optional[str]) -> str:
    """The indentation of the entities already in data/entities.yaml (two spaces if none)."""
    match = re.search(r"^entities:[ \t]*\n(?:[ \t]*(?:#.*)?\n)*( +)\S", current or "", re.MULTILINE)
    return match.group(1) if match else "  "


ARABIC_LETTER = re.compile("[\u0621-\u064A]")
CONSONANTS = dict(zip("بتثجحخدذرزسشصضطظعغفقكلمنهءؤئ",
                      ["b", "t", "th", "j", "h", "kh", "d", "dh", "r", "z", "s", "sh", "s", "d", "t", "z",
                       "", "gh", "f", "q", "k", "l", "m", "n", "h", "", "", ""]))
LONG_VOWELS = {"ا": "a", "أ": "a", "إ": "i", "آ": "a", "ى": "a", "ة": "a", "و": "u", "ي": "i"}


def latin_id(name: str) -> str:
    """An Arabic name in Latin letters a reader can say (مدريد -> madrid, طوكيو ->
    tukyu, الرباط -> rabat): و and ي are vowels between consonants, consonants
    elsewhere; an "a" between the first two consonants, which Arabic does not write."""
    letters = re.sub(r"^ال", "", name.strip())
    out, after_consonant = [], False
    for i, c in enumerate(letters):
        after = letters[i + 1:i + 2]
        vowel = c in "وي" and after_consonant and after not in LONG_VOWELS
        out.append(LONG_VOWELS[c] if vowel else {"و": "w", "ي": "y"}.get(c) or CONSONANTS.get(c, LONG_VOWELS.get(c, c)))
        after_consonant = (c in CONSONANTS or c in "وي") and not vowel
        if i == 0 and c in CONSONANTS and after in CONSONANTS:
            out.append("a")
    return slug("".join(out))


def slug(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")[:40].strip("-")


def english_name(name: str, text: str) -> Optional[str]:
    """The Latin name the page gives in brackets beside the Arabic one ("مدريد (Madrid)")."""
    match = re.search(rf"{re.escape(name)}\s*\(\s*([A-Za-z][A-Za-z .'’-]{{1,40}}?)\s*\)", text)
    return match.group(1) if match else None


def entity_id(name: str, taken: set[str], text: str = "") -> str:
    """An id for a new place: its English name in lower case (the page's, in
    brackets beside an Arabic one), else its name in Latin letters (latin_id),
    for the analyst to rename."""
    base = slug(english_name(name, text) or name) if ARABIC_LETTER.search(name) else slug(name)
    if ARABIC_LETTER.search(name) and not english_name(name, text):
        base = latin_id(name)
    base = base or "place"
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    return ident


def write_file(target: Path, text: str, data: Path, shown, replace: bool) -> None:
    """`text` into `target`, below data/ and through no link; never over a file
    unless `replace`. A temporary file beside it, renamed: never half a file."""
    problem = write_problem(target, data, shown)
    if problem:
        raise BuildError(f"{problem}; `draft` writes only inside the project's data/")
    if not replace and (target.exists() or target.is_symlink()):
        raise BuildError(f"{shown(target)} already exists; not overwritten (--force to replace it)")
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "x", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def with_entities(current: Optional[str], blocks: list[str]) -> str:
    """data/entities.yaml with the new entities at the end of its `entities:`
    (which must then be its last top-level key), or a new file holding them."""
    if current is None or not current.strip():
        return "# Entities of this project; they add to the shipped ones.\nentities:\n" + "".join(blocks)
    top_keys = re.findall(r"^([A-Za-z_][\w-]*):", current, re.MULTILINE)
    if not top_keys or top_keys[-1] != "entities":
        raise BuildError("data/entities.yaml: `entities:` is not its last key; add the proposed entities by hand:\n"
                         + "".join(blocks))
    text = current.rstrip("\n") + "\n\n" + "".join(blocks)
    if not adds_only(current, text, len(blocks)):
        raise BuildError("data/entities.yaml: its `entities:` is not a block the proposed entities can follow "
                         "(written inline, `{…}`?); add them by hand:\n" + "".join(blocks))
    return text


def adds_only(before: str, after: str, added: int) -> bool:
    """Does `after` read as `before` with `added` more entities and nothing else
    changed? Text put after an inline mapping would not (a file check refuses)."""
    try:
        old, new = yaml.safe_load(before), yaml.safe_load(after)
    except yaml.YAMLError:
        return False
    if not isinstance(old, dict) or not isinstance(new, dict) or not isinstance(new.get("entities"), dict):
        return False
    kept, grown = old.get("entities") or {}, new["entities"]
    return (isinstance(kept, dict) and len(grown) == len(kept) + added and all(grown.get(k) == v for k, v in kept.items())
            and {k: v for k, v in new.items() if k != "entities"} == {k: v for k, v in old.items() if k != "entities"})
