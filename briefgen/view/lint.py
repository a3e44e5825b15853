"""What editors miss, as warnings with file:line:column (exit 0 unless --strict).

In a record: a sentence written twice, an item without a source, ASCII quotes
or Latin , ; ? inside Arabic, two digit styles in one text, a translation much
shorter than its original, a placeholder left in (new-relation's texts, "...",
"https://..."). In the documents: a part an audience asks for that
comes out empty (it is left out), a text shown in a language it is not
written in (English is printed), and a one-page document that had to shrink
below 9 pt in the last build (its manifest's entries, given by the caller).

Each warning has a code (record/acceptance.py); one a record or profile
accepts with a reason (`accept:`) is not printed.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterator, Optional

from ..errors import Location, Problem
from ..paths import Project, named_file
from ..record.acceptance import accepted
from ..record.kinds import Kind
from ..record.languages import FALLBACK, LANGUAGE, REQUIRED_LANGUAGES
from ..record.model import CLASSIFICATIONS, Accept, Relationship, Text
from ..record.repetition import repeated
from ..record.yamlnodes import composed, location_of, node_at
from ..record.validate import Inputs
from ..record.walk import walk
from .select import document_view, profile_options, untranslated
from ..record.placeholders import PLACEHOLDER_TEXTS, TO_TRANSLATE

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
# What stands for text not written yet: dots or an ellipsis alone, an address that is a scheme and dots.
ONLY_DOTS = re.compile(r"^[\s.\u2026]*[.\u2026][\s.\u2026]*$")
# A span of years, 2016–2018 (any dash; Arabic-Indic digits too), and where a sentence ends.
YEAR_SPAN = re.compile(r"(?<!\d)(\d{4})\s*[-–—]\s*(\d{4})(?!\d)")
SENTENCE_END = re.compile(r"(?<=[.!?؟;؛])\s+")
DOTS_ADDRESS = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[.\u2026]*/?$")


def lint(inputs: Inputs, project: Project, built: dict[str, dict],
         frame_of: Callable[[Kind, str], float], today: Optional[dt.date] = None) -> list[Problem]:
    """`built`: the last build's manifest entries, by output name (for the type it shrank to).
    `frame_of`: (kind, paper) -> the width figures are drawn to (render/widths.py, which
    this stage may not import)."""
    warnings: list[Problem] = []
    for relationship in inputs.record.relationships.values():
        warnings += [Problem(locate(project.root, relationship.file, path), message, code)
                     for code, path, message in record_warnings(relationship, today or dt.date.today())
                     if not accepted(relationship.accept, code, path)]
    warnings += entity_drafts(project, inputs)
    warnings += left_out_warnings(inputs, project, frame_of)
    warnings += translation_warnings(inputs, project, frame_of)
    warnings += shrink_warnings(project, inputs, built)
    return sorted(warnings)


# -- the record ------------------------------------------------------------

def record_warnings(rel: Relationship, today: dt.date) -> Iterator[tuple[str, str, str]]:
    """(code, field path, message) of each warning about a record's text."""
    texts = list(walk(rel, leaf=Text))
    for lang in REQUIRED_LANGUAGES:
        prose = [(path, text.get(lang)) for path, text in texts if PROSE.match(path)]
        for where, earlier, sentence in repeated(prose):
            yield "repeated-sentence", f"{where}.{lang}", f"repeats what {earlier}.{lang} already says: {sentence!r}"
    for group in ("events", "frameworks", "programmes"):
        for index, item in enumerate(getattr(rel, group)):
            if not item.sources:
                yield ("missing-source", f"{group}[{index}].sources",
                       f"{item.id!r} cites no source: add the id of the source that says it")
    yield from placeholders(rel, texts)
    yield from drafted(rel)
    for path, text in texts:
        yield from arabic_punctuation(path, text.ar)
        yield from ended_periods(path, text, today)
        for lang, wording in text.wordings.items():
            if WESTERN_DIGIT.search(wording) and ARABIC_DIGIT.search(wording):
                yield ("mixed-digits", f"{path}.{lang}",
                       "mixes Western (0-9) and Arabic-Indic (٠-٩) digits; write one style (documents convert)")
        shorter, longer = sorted((text.ar, text.en), key=len)
        if len(longer) >= LONG_ENOUGH and len(shorter) < SHORT_TRANSLATION * len(longer):
            short_lang = "ar" if shorter is text.ar else "en"
            yield ("translation-length", f"{path}.{short_lang}",
                   f"is {len(shorter)} characters against {len(longer)} in the other language: "
                   f"is part of the translation missing?")


def placeholders(rel: Relationship, texts: list[tuple[str, Text]]) -> Iterator[tuple[str, str, str]]:
    """Texts and addresses not written yet: they pass validation (the scaffold
    must check and build as it is), so only `--strict` keeps them from print."""
    for path, text in texts:
        for lang, wording in text.wordings.items():
            value = wording.strip()
            if value in PLACEHOLDER_TEXTS or ONLY_DOTS.match(value):
                yield "placeholder", f"{path}.{lang}", f"{value!r} is a placeholder: write the real text"
            elif value.startswith(TO_TRANSLATE.get(lang, "\0")):
                yield "placeholder", f"{path}.{lang}", "is marked to translate: write it in this language"
    for index, source in enumerate(rel.sources):
        if source.url and DOTS_ADDRESS.match(source.url):
            yield ("placeholder", f"sources[{index}].url",
                   f"{source.url!r} is a placeholder: give the page's address, or leave url out")


def ended_periods(path: str, text: Text, today: dt.date) -> Iterator[tuple[str, str, str]]:
    """A sentence that names a span of years over by today and says it holds
    now, by a word of its language's `present` list (record/languages.py)."""
    for lang, wording in text.wordings.items():
        present = LANGUAGE[lang].present
        if not present:
            continue
        claims_now = re.compile(rf"(?<!\w)(?:{present})(?!\w)", re.IGNORECASE)
        for sentence in SENTENCE_END.split(wording):
            word = claims_now.search(sentence)
            ended = [span for span in YEAR_SPAN.finditer(sentence) if int(span.group(2)) < today.year]
            if word and ended:
                yield ("ended-period", f"{path}.{lang}",
                       f"says {word.group(0)!r} of {ended[0].group(0)}, which ended before {today.year}: "
                       f"write it in the past tense")


def drafted(rel: Relationship) -> Iterator[tuple[str, str, str]]:
    """Items `draft` proposed and no analyst confirmed yet: their documents say
    DRAFT on every page and stay out of the audience indexes until then."""
    confirm = "drafted from its source, not confirmed: check it against the sentence, then remove `draft: true`"
    if rel.draft:
        yield "draft", "draft", f"the title, parties and summary are {confirm}"
    for index, event in enumerate(rel.events):
        if event.draft:
            said = f" ({event.source_span.sentence[:60]!r}…)" if event.source_span else ""
            yield "draft", f"events[{index}].draft", f"event {event.id!r} is {confirm}{said}"


def entity_drafts(project: Project, inputs: Inputs) -> list[Problem]:
    """Entities `draft` proposed (a place the page names that was not known), at
    their line in the entities file that says so."""
    found = []
    for entity in inputs.record.entities.values():
        if not entity.draft:
            continue
        for file in project.entity_files():
            path = f"entities.{entity.id}.draft"
            node = node_at(composed(file), path)
            if node is not None:
                found.append(Problem(location_of(node, project.shown(file), path),
                                     f"entity {entity.id!r} was proposed by draft, not confirmed: check its names "
                                     f"and kind, then remove `draft: true`", "draft"))
    return found


def arabic_punctuation(path: str, text: str) -> Iterator[tuple[str, str, str]]:
    """Latin , ; ? and ASCII quotes touching Arabic (not inside a Latin phrase or URL)."""
    for index, char in enumerate(text):
        if char in LATIN_MARKS and touches_arabic(text, index):
            yield ("latin-punctuation", f"{path}.ar",
                   f"{char!r} in Arabic text (character {index + 1}): write {LATIN_MARKS[char]}")


def touches_arabic(text: str, index: int) -> bool:
    """Whether the nearest letter on either side of text[index] is Arabic."""
    def nearest(chars) -> Optional[str]:
        return next((c for c in chars if ARABIC_LETTER.match(c) or LATIN_LETTER.match(c)), None)
    sides = (nearest(reversed(text[:index])), nearest(text[index + 1:]))
    latin = any(s and LATIN_LETTER.match(s) for s in sides)
    return not latin and any(s and ARABIC_LETTER.match(s) for s in sides)


def locate(root: Path, shown_as: str, field_path: str) -> Location:
    """file:line:column of a field, read again from the YAML file it was written in."""
    return location_of(node_at(composed(named_file(shown_as, root)), field_path), shown_as, field_path)


# -- the documents ----------------------------------------------------------

def left_out_warnings(inputs: Inputs, project: Project, frame_of: Callable[[Kind, str], float]) -> list[Problem]:
    """Each part of a document that comes out empty when it should not (see
    empty_parts; both languages leave out the same): a briefing section at its
    line in the audience's profile, a one-page document's part at the
    relationship file."""
    warnings = []
    for rel in inputs.record.relationships.values():
        for audience in inputs.audiences.values():
            profile = audience.folder / "audience.yaml"
            shown = project.shown(profile)
            for doc in audience.documents:
                options = profile_options(audience, inputs.kinds[doc], audience.languages_of(doc)[0],
                                          dt.date.today(), project.fonts, frame_of)
                view = document_view(inputs.record, rel, options, inputs.strings)
                for part in empty_parts(inputs, rel, options, view):
                    if accepted(rel.accept + audience.accept, "empty-section", part):
                        continue
                    if options.of_kind.parts is None:      # the profile's sections
                        where = locate(project.root, shown, f"sections[{audience.sections.index(part)}]")
                    else:
                        where = Location(rel.file)
                    warnings.append(Problem(where, f"{rel.id}/{audience.name}/{doc}: "
                                                   f"{left_out_message(options.of_kind, part)}",
                                            "empty-section"))
    return warnings


def empty_parts(inputs: Inputs, rel: Relationship, options, view: dict) -> list[str]:
    """The parts left out of a document that are worth a warning: those the
    record has something for that this audience does not get (its clearance
    removed it all), and the relationship's own declared sections that come
    out empty for it. A built-in part the record simply has nothing for (a
    young relationship has hosted nothing yet) is left out silently: the
    shipped profiles list every part so that it appears once there is
    something to show, and a warning there would be noise nobody can act on."""
    left_out = view["left_out"]
    declared = {section.id for section in rel.sections}
    if all(part in declared for part in left_out):
        return list(left_out)
    cleared_for_all = replace(options, audience=replace(options.audience, clearance=CLASSIFICATIONS[-1]))
    empty_anyway = document_view(inputs.record, rel, cleared_for_all, inputs.strings)["left_out"]
    return [part for part in left_out if part in declared or part not in empty_anyway]


def document_warnings(inputs: Inputs, project: Project, relation: str, options, view: dict,
                      fit_pt: Optional[float], earlier: int = 0) -> list[tuple[str, str]]:
    """(code, message) of what `check` would say about one built document:
    parts left out, texts printed in English, type shrunk, `earlier` events
    left out of a one-page document (render job: a selection); none a record
    or profile accepts."""
    rel = inputs.record.relationships[relation]
    accepts = rel.accept + options.audience.accept
    warnings = [("empty-section", left_out_message(options.of_kind, part))
                for part in empty_parts(inputs, rel, options, view)
                if not accepted(accepts, "empty-section", part)]
    warnings += [(problem.code, str(problem)) for problem in missing_translations(inputs, project, rel, options)]
    if shrunk_too_far(fit_pt) and not accepted(accepts, "small-fit"):
        warnings.append(("small-fit", shrink_message(fit_pt)))
    if earlier and not accepted(accepts, "selected-events"):
        warnings.append(("selected-events", selection_message(view, earlier)))
    return warnings


def translation_warnings(inputs: Inputs, project: Project, frame_of: Callable[[Kind, str], float]) -> list[Problem]:
    """Every text a document of a profile shows without its language, once
    (two documents in French show mostly the same texts)."""
    found = set()
    for rel in inputs.record.relationships.values():
        for audience in inputs.audiences.values():
            for doc in audience.documents:
                for lang in audience.languages_of(doc):
                    options = profile_options(audience, inputs.kinds[doc], lang, dt.date.today(), project.fonts,
                                              frame_of)
                    found.update(missing_translations(inputs, project, rel, options))
    return list(found)


def missing_translations(inputs: Inputs, project: Project, rel: Relationship, options) -> list[Problem]:
    """A warning at each text one document shows in English for want of its
    own language, at the file:line:column it is written (the relationship
    file, an entities.yaml, the audience's profile); none the relationship accepts."""
    if options.lang in REQUIRED_LANGUAGES:
        return []       # every text has these (record/yamlnodes.py)
    # By value, not identity: clearance's result is remembered for an equal record (view/clearance.py),
    # so the texts a view shows may be equal copies of those walked below.
    shown = set(untranslated(inputs.record, rel, options, inputs.strings))
    message = f"has no {options.lang} text; {LANGUAGE[FALLBACK].names[1]} is printed"
    files: dict[str, object] = {}       # each file read again once, for all its texts
    def where(candidates: list[str], path: str) -> Location:
        for shown_as in candidates:
            if shown_as not in files:
                files[shown_as] = composed(named_file(shown_as, project.root))
            node = node_at(files[shown_as], path)
            if node is not None:
                return location_of(node, shown_as, path)
        return Location(candidates[0], path=path)
    return [Problem(where(candidates, path), message, "missing-translation")
            for candidates, path, text in written_texts(inputs, project, rel, options.audience)
            if text in shown and not accepted(rel.accept, "missing-translation", path)]


def written_texts(inputs: Inputs, project: Project, rel: Relationship, audience) -> Iterator[tuple]:
    """(files it may be written in, field path, text) of every text a document
    of `rel` for `audience` may show: the relationship's, the entities' (data/'s
    own entities.yaml replaces the shipped one's by id), the profile's."""
    for path, text in walk(rel, leaf=Text):
        yield [rel.file], path, text
    entity_files = [project.shown(file) for file in reversed(project.entity_files())]
    for entity in inputs.record.entities.values():
        for path, text in walk(entity, f"entities.{entity.id}", leaf=Text):
            yield entity_files, path, text
    profile = project.shown(audience.folder / "audience.yaml")
    for path, text in walk({"title": audience.title, "marking": audience.marking}, leaf=Text):
        yield [profile], path, text


def left_out_message(kind: Kind, part: str) -> str:
    if kind.parts is None:          # a section the profile lists
        return f"section {part!r} has nothing to show for this audience; it is left out, heading and all"
    return f"{part.replace('_', ' ')} has nothing to show; left out, heading and all"


def shrink_warnings(project: Project, inputs: Inputs, entries: dict[str, dict]) -> list[Problem]:
    """One-page documents the last build had to set below 9 pt to fit (unless
    their relationship or audience accepts it)."""
    return [Problem(Location(project.shown(project.reports / name)), shrink_message(entry["fit_pt"]),
                    "small-fit")
            for name, entry in sorted(entries.items())
            if shrunk_too_far(entry.get("fit_pt")) and not accepted(accepts_of(inputs, entry), "small-fit")]


def accepts_of(inputs: Inputs, entry: dict) -> tuple[Accept, ...]:
    """What the relationship and audience of a manifest entry accept."""
    rel = inputs.record.relationships.get(entry.get("relation"))
    audience = inputs.audiences.get(entry.get("audience"))
    return (rel.accept if rel else ()) + (audience.accept if audience else ())


def selection_message(view: dict, earlier: int) -> str:
    total = len(view["chronology"])
    return (f"too dense for one page: lists the {total - earlier} most recent of {total} events and says "
            f"that {earlier} earlier ones are in the briefing")


def shrunk_too_far(size) -> bool:
    return isinstance(size, (int, float)) and size < SMALLEST_COMFORTABLE_PT


def shrink_message(size: float) -> str:
    return (f"set at {size:g} pt to fit one page (below {SMALLEST_COMFORTABLE_PT:g} pt, hard to read): "
            f"shorten its content")
