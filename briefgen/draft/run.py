"""`draft SOURCE`: a page -> data/relations/ID.yaml (or, for a record already
there, only what is new, in data/drafts/) and proposed entities in the
project's data/entities.yaml. The draft is checked by the record's own reader
before it is put in place: `check` reads what `draft` writes."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Optional

from ..errors import BuildError, Problem
from ..paths import Project, ReadRefused, read_confined
from ..record.load import load_entities, load_relationship
from ..record.model import Entity, Text
from ..record.placeholders import TO_TRANSLATE
from ..record.yamlnodes import ID_PATTERN, WEB_ADDRESS, composed, did_you_mean, looks_like_path
from .events import Drafted, EventReader, Sentence, sentences
from .language import language_of
from .match import EntityMatcher, count_names
from .normalise import fold
from .source import FETCH_SECONDS, MAX_SOURCE_BYTES, Page, SourceError, read_page
from .vocabulary import VOCABULARIES
from .write import (Citation, clean, entities_indent, entity_id, entity_yaml, event_ids, fragment_yaml,
                    record_yaml, with_entities, write_file)

PARTY_KINDS = ("country", "organisation")
SUMMARY_CHARS = 500       # the opening sentences taken as the summary, about this long


@dataclass
class Outcome:
    written: Path                      # the record, or the file of what is new
    language: str
    events: list[Drafted]
    silent: list[Sentence]             # sentences that yielded nothing
    new_entities: dict[str, str] = field(default_factory=dict)   # id -> name as written
    only_new: bool = False             # the record was there: only what is new was drafted
    known: int = 0                     # events left out as already in the record
    follows: list[Optional[str]] = field(default_factory=list)   # per event, the id an undated one is after


def draft(project: Project, source: str, today: dt.date, relation: Optional[str] = None,
          parties: Optional[list[str]] = None, force: bool = False,
          timeout: float = FETCH_SECONDS, limit: int = MAX_SOURCE_BYTES) -> Outcome:
    try:
        page = read_page(source, timeout, limit)
        lang = language_of(page.text)
    except (SourceError, ValueError) as err:
        raise BuildError(str(err)) from None
    entities = known_entities(project)
    parties = parties or likely_parties(page.text, entities)
    check_parties(parties, entities)
    relation = relation or "-".join(parties)
    if not ID_PATTERN.match(relation):
        raise BuildError(f"--relation {relation!r}: use lower-case letters, digits and hyphens")
    events, silent = EventReader(VOCABULARIES[lang], entities, tuple(parties)).events(page.text)
    places = proposed_places(events, entities, page.text)
    data = project.root / "data"
    target = data / "relations" / f"{relation}.yaml"
    citation = cite(page, lang, today)
    ids = event_ids(events)
    outcome = Outcome(target, lang, events, silent, {i: n for n, i in places.items()},
                      follows=[None if e.after is None else ids[e.after] for e in events])
    if (target.exists() or target.is_symlink()) and not force:
        outcome = only_new(project, target, relation, outcome, places, citation, today, page.text)
    else:
        text = record_yaml(relation, parties, lang, title_of(page, lang), summary_of(page.text), events, places,
                           citation, today.isoformat())
        check_own(project, target, text, {**entities, **proposed_entities(places, lang)})
        write_file(target, text, data, project.shown, replace=True)
        # The text the offsets count in, for the analyst and `serve`'s side-by-side view (/draft/ID).
        write_file(data / "drafts" / f"{relation}.source.txt", page.text, data, project.shown, replace=True)
    add_entities(project, {name: ident for ident, name in outcome.new_entities.items()}, lang, page.location)
    return outcome


def known_entities(project: Project) -> dict[str, Entity]:
    problems: list[Problem] = []
    entities, _ = load_entities(project.entity_files(), problems, project.root)
    if problems:
        raise BuildError("the entities cannot be read:\n" + "\n".join(str(p) for p in problems))
    return entities


def likely_parties(text: str, entities: dict[str, Entity]) -> list[str]:
    """The two countries or organisations the page names most, the most named first."""
    matcher = EntityMatcher(entities)
    counts = {e: n for e, n in count_names(matcher, text).items() if entities[e].kind in PARTY_KINDS}
    top = sorted(counts, key=lambda e: -counts[e])[:2]
    if len(top) < 2:
        raise BuildError("the page names fewer than two known countries or organisations: give --parties a,b "
                         "(add new ones to data/entities.yaml first)")
    first = {f.entity: f.start for f in matcher.found(text)}
    return sorted(top, key=lambda e: (-counts[e], first.get(e, 0)))


def check_parties(parties: list[str], entities: dict[str, Entity]) -> None:
    for party in parties:
        if party not in entities:
            raise BuildError(f"--parties: unknown entity {party!r}{did_you_mean(party, entities)}")
    if len(parties) < 2 or len(set(parties)) < len(parties):
        raise BuildError("--parties: expected at least two different entities, e.g. --parties qatar,nato")


def proposed_places(events: list[Drafted], entities: dict[str, Entity], text: str = "") -> dict[str, str]:
    """New place's name as written -> the id proposed for it."""
    places: dict[str, str] = {}
    for event in events:
        if event.new_place and event.new_place not in places:
            places[event.new_place] = entity_id(event.new_place, set(entities) | set(places.values()), text)
    return places


def proposed_entities(places: dict[str, str], lang: str) -> dict[str, Entity]:
    other = "en" if lang == "ar" else "ar"
    return {ident: Entity(ident, "city", Text(**{lang: name, other: TO_TRANSLATE[other] + name}), draft=True)
            for name, ident in places.items()}


def title_of(page: Page, lang: str) -> Sentence:
    """The page's title where it says it (offsets of its first appearance in the text, if any)."""
    if page.title and not looks_like_path(page.title):
        at = page.text.find(page.title)
        return Sentence(page.title, max(at, 0), max(at, 0) + len(page.title) if at >= 0 else 0)
    first = sentences(page.text)
    return first[0] if first else Sentence("—", 0, 0)


def summary_of(text: str) -> list[Sentence]:
    """The opening sentences of the page's prose, about SUMMARY_CHARS long: sentences
    that end as sentences do (a title or heading does not) and say something (8 words or more)."""
    prose = [s for s in sentences(text) if len(s.text.split()) >= 8 and s.text.rstrip()[-1:] in ".!?؟"]
    chosen: list[Sentence] = []
    for sentence in prose:
        if chosen and sum(len(s.text) for s in chosen) + len(sentence.text) > SUMMARY_CHARS:
            break
        chosen.append(sentence)
    return chosen


def cite(page: Page, lang: str, today: dt.date) -> Citation:
    url = page.url if page.url and WEB_ADDRESS.match(page.url) else None
    host = url.split("/")[2] if url else None
    title = page.title if page.title and not looks_like_path(page.title) else (host or "—")
    return Citation(clean(title, 200), page.publisher or host, lang, today.isoformat(), url, page.location)


def check_own(project: Project, target: Path, text: str, entities: dict[str, Entity]) -> None:
    """The draft read by the record's reader before it replaces anything: a draft
    `check` would refuse is a bug of `draft`, named here, and writes nothing."""
    probe = target.with_name(f".{target.stem}.draft-probe")     # not *.yaml: no build reads it
    write_file(probe, text, project.root / "data", project.shown, replace=True)
    problems: list[Problem] = []
    try:
        load_relationship(probe, project.root / "data", entities, None, problems, None, project.root)
    finally:
        probe.unlink(missing_ok=True)
    real = [p for p in problems if "must match the file name" not in p.message]
    # Named as the file it would have been (the probe is gone): line numbers are the draft's.
    said = [str(p).replace(project.shown(probe), f"{project.shown(target)} (as drafted)") for p in real]
    over = [line for line in said if "the limit is" in line]
    if over:    # the page says more than one record may hold: the page's doing, not draft's
        raise BuildError("the page gives more than one relationship file may hold (README: Limits); nothing "
                         "written: draft from a shorter page, or split it:\n" + "\n".join(over))
    if said:
        raise BuildError("the draft would not pass check (a bug of draft; nothing written):\n" + "\n".join(said))


def only_new(project: Project, target: Path, relation: str, outcome: Outcome, places: dict[str, str],
             citation: Citation, today: dt.date, page_text: str) -> Outcome:
    """The record is there (confirmed or not): never edited. What the page says
    that the record does not — an event whose sentence and whose kind and date
    are both new — goes to data/drafts/ID.DATE.yaml."""
    sentences_known, dated_known, ids_known = record_events(target)
    new, anchors = [], {}
    for index, event in enumerate(outcome.events):
        said = fold(clean(event.sentence.text)) in sentences_known
        dated = event.date is not None and (event.kind, event.date.iso()) in dated_known
        if said or dated:
            if event.date is not None and (event.kind, event.date.iso()) in ids_known:
                anchors[index] = ids_known[(event.kind, event.date.iso())]
            continue
        new.append(index)
    # An event `after` one that is not in the record nor new has no anchor: it is left out.
    drafted = set(new)
    new = [i for i in new if outcome.events[i].after is None or outcome.events[i].after in anchors.keys() | drafted]
    kept = [outcome.events[i] for i in new]
    ids = event_ids(kept, set(ids_known.values()), new, anchors)
    anchors.update(zip(new, ids))
    fragment = project.root / "data" / "drafts" / f"{relation}.{today.isoformat()}.yaml"
    if kept:
        write_file(fragment.with_suffix(".source.txt"), page_text, project.root / "data", project.shown, replace=True)
        write_file(fragment, fragment_yaml(relation, kept, ids, anchors, outcome.language, places, citation,
                                           today.isoformat()), project.root / "data", project.shown, replace=True)
    used = {e.new_place for e in kept if e.new_place}
    return replace(outcome, written=fragment, events=kept, only_new=True, known=len(outcome.events) - len(kept),
                   follows=[None if e.after is None else anchors[e.after] for e in kept],
                   new_entities={i: n for n, i in places.items() if n in used})


def record_events(target: Path) -> tuple[set[str], set[tuple[str, str]], dict[tuple[str, str], str]]:
    """The sentences, (kind, date) pairs and their ids of the events a record holds."""
    try:
        root = composed(target)
    except (OSError, ValueError) as err:
        raise BuildError(f"{target}: cannot be read to compare ({err}); --force replaces it") from None
    said, dated, ids = set(), set(), {}
    events = scalar_map(root).get("events")
    for item in events.value if events is not None and hasattr(events, "value") and isinstance(events.value, list) else []:
        fields = scalar_map(item)
        span = scalar_map(fields.get("source_span"))
        if "sentence" in span:
            said.add(fold(clean(span["sentence"].value)))
        kind, date, ident = (getattr(fields.get(k), "value", None) for k in ("kind", "date", "id"))
        if isinstance(kind, str) and isinstance(date, str):
            dated.add((kind, date))
            if isinstance(ident, str):
                ids[(kind, date)] = ident
    return said, dated, ids


def scalar_map(node) -> dict:
    """A YAML mapping node's {key: value node}; {} for anything else."""
    if node is None or not isinstance(getattr(node, "value", None), list):
        return {}
    return {k.value: v for k, v in node.value if isinstance(getattr(k, "value", None), str)} \
        if all(isinstance(pair, tuple) for pair in node.value) else {}


def add_entities(project: Project, places: dict[str, str], lang: str, location: str) -> None:
    """The proposed places at the end of the project's data/entities.yaml, marked draft."""
    if not places:
        return
    path = project.root / "data" / "entities.yaml"
    current = None
    if path.exists() or path.is_symlink():
        try:
            current = read_confined(path, (project.root / "data").resolve(), name="data/entities.yaml").decode("utf-8")
        except (ReadRefused, UnicodeDecodeError) as err:
            raise BuildError(f"{project.shown(path)}: {err}; the proposed entities are not added") from None
    indent = entities_indent(current)
    blocks = [entity_yaml(ident, name, lang, location, indent) for name, ident in places.items()]
    write_file(path, with_entities(current, blocks), project.root / "data", project.shown, replace=True)
