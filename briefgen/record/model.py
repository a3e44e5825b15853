"""Typed records: what a relationship record holds once it has been validated.

Everything here is plain, immutable data. Loading (load.py) builds it from
YAML; selection (select.py) turns it into what one document shows.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from collections.abc import Mapping
from typing import Iterator, Optional

from .languages import FALLBACK

# Lowest to highest. An item with no classification is public.
CLASSIFICATIONS = ("public", "restricted", "confidential", "secret")


def rank(classification: str) -> int:
    return CLASSIFICATIONS.index(classification)

EVENT_KINDS = (
    "accession",      # joining a framework or initiative
    "visit",
    "conference",
    "meeting",
    "training",
    "agreement",
    "accreditation",
)


class Wordings(Mapping):
    """A text's wording in each language it is written in: an immutable,
    hashable mapping, one value for clearance (view/clearance.py looks inside
    dataclasses and tuples only, and a text is cleared whole)."""
    __slots__ = ("_by_language",)

    def __init__(self, by_language: Mapping[str, str]):
        self._by_language = dict(by_language)

    def __getitem__(self, lang: str) -> str:
        return self._by_language[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_language)

    def __len__(self) -> int:
        return len(self._by_language)

    def __hash__(self) -> int:
        return hash(tuple(self._by_language.items()))

    def __repr__(self) -> str:
        return repr(self._by_language)

    def __reduce__(self):
        return Wordings, (self._by_language,)


@dataclass(frozen=True, init=False)
class Text:
    """One piece of text in the languages it is written in: always Arabic and
    English (record/languages.py, REQUIRED_LANGUAGES), any other of the table optionally."""
    wordings: Wordings
    classification: str = "public"

    def __init__(self, classification: str = "public", wordings: Optional[Mapping[str, str]] = None,
                 **by_language: str):
        """Text(ar="…", en="…"); `wordings` for dataclasses.replace."""
        object.__setattr__(self, "wordings", Wordings({**(wordings or {}), **by_language}))
        object.__setattr__(self, "classification", classification)

    def get(self, lang: str) -> str:
        """The text in `lang`, or in English where it is not written in `lang`
        (the build warns: view/lint.py, missing-translation)."""
        return self.wordings.get(lang, self.wordings[FALLBACK])

    def has(self, lang: str) -> bool:
        return lang in self.wordings

    @property
    def ar(self) -> str:
        return self.wordings["ar"]

    @property
    def en(self) -> str:
        return self.wordings["en"]


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day; it prints at that precision."""
    year: int
    month: Optional[int] = None
    day: Optional[int] = None

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)


@dataclass(frozen=True)
class DateRange:
    """A span such as 2016–2018; both ends keep their own precision."""
    start: PartialDate
    end: PartialDate

    def ended_before(self, day: dt.date) -> bool:
        """Whether the span was over by `day`: its end, at its precision (2018 is
        all of 2018), came before it."""
        end = self.end
        return (end.year, end.month or 12, end.day or 31) < (day.year, day.month, day.day)


@dataclass(frozen=True)
class SourceSpan:
    """Where a drafted item came from (`draft`, briefgen/draft/): the sentence and
    its character offsets in the source's text, start included, end excluded."""
    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class Entity:
    id: str
    kind: str                       # country, organisation, body, city, building
    name: Text
    short: Optional[Text] = None
    part_of: Optional[str] = None   # another entity's id (a city in a country, a body of an organisation)
    draft: bool = False             # proposed by `draft`, not yet confirmed by an analyst


@dataclass(frozen=True)
class Source:
    """A citation: who published what, in which language, when it was published
    or retrieved, and where it can be found on the web when that is known."""
    id: str
    title: Text
    language: str
    publisher: Text
    url: Optional[str] = None
    published: Optional[PartialDate] = None
    accessed: Optional[PartialDate] = None    # retrieved: when no date of publication is known
    covers: Optional[DateRange] = None        # the period its facts cover: "the source covers 2005–2016"
    classification: str = "public"


@dataclass(frozen=True)
class Framework:
    id: str
    name: Text
    short: Optional[Text]
    joined: PartialDate
    description: Text
    sources: tuple[str, ...] = ()
    classification: str = "public"


@dataclass(frozen=True)
class Event:
    id: str
    kind: str
    title: Text
    description: Text
    date: Optional[PartialDate] = None   # None when the source gives only `after`
    after: Optional[str] = None          # id of an event this one followed
    period: Optional[DateRange] = None   # what an agreement or programme covers
    place: Optional[str] = None          # entity id
    hosted_by: Optional[str] = None      # entity id: set for events a party hosted
    decided_by: Optional[str] = None     # entity id of the body that approved it
    participants: tuple[Text, ...] = ()
    highlights: tuple[Text, ...] = ()    # what made the event notable
    sources: tuple[str, ...] = ()
    classification: str = "public"
    hijri: Optional[str] = None          # the Hijri date as the source gives it (YYYY[-MM[-DD]], Hijri calendar)
    draft: bool = False                  # drafted from a source page, not yet confirmed
    source_span: Optional[SourceSpan] = None   # the sentence it was drafted from


@dataclass(frozen=True)
class Programme:
    """A standing programme (training, exchanges) with its dated editions."""
    id: str
    kind: str
    name: Text
    description: Text
    frequency: Text
    place: Optional[str]
    participants: tuple[Text, ...]
    editions: tuple[str, ...]             # ids of events, kind training
    sources: tuple[str, ...] = ()
    classification: str = "public"


class Addressed:
    """An item meant for some audiences (by name or by tag), or for all when it names none."""
    audiences: tuple[str, ...]
    tags: tuple[str, ...]

    def is_for(self, audience: str, audience_tags: tuple[str, ...]) -> bool:
        if not self.audiences and not self.tags:
            return True
        return audience in self.audiences or bool(set(self.tags) & set(audience_tags))


@dataclass(frozen=True)
class Note(Addressed):
    """A talking point or note, for some audiences (by name or tag) or for all."""
    text: Text
    audiences: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    events: tuple[str, ...] = ()      # ids of the events it speaks of
    sources: tuple[str, ...] = ()     # ids of the sources that say what it says
    classification: str = "public"
    internal: bool = False            # a research note: for no document (view/clearance.py removes it)


@dataclass(frozen=True)
class KeyFact:
    """One dated line of a section's key facts."""
    date: PartialDate
    text: Text
    classification: str = "public"


@dataclass(frozen=True)
class TableRow:
    """One row of a section's table; clearance removes the whole row if any
    cell goes, so cells never slide into another column."""
    cells: tuple[Text, ...]
    classification: str = "public"


@dataclass(frozen=True)
class Table:
    columns: tuple[Text, ...]             # bilingual headers; clearance drops the table if one goes
    rows: tuple[TableRow, ...]
    classification: str = "public"


@dataclass(frozen=True)
class CustomSection(Addressed):
    """A briefing section declared in the relationship file (`sections:`),
    placed by id in an audience's profile. Its content is any of paragraphs,
    a bullet list, a table and dated key facts, drawn in that order."""
    id: str
    title: Text
    paragraphs: tuple[Text, ...] = ()
    bullets: tuple[Text, ...] = ()
    table: Optional[Table] = None
    facts: tuple[KeyFact, ...] = ()
    audiences: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    classification: str = "public"


@dataclass(frozen=True)
class Accept:
    """An editorial warning a record or profile accepts, with the reason
    (record/acceptance.py): `check --strict` then passes."""
    warning: str                  # its code, e.g. empty-section
    reason: str
    field: Optional[str] = None   # only for this field path and below (a record's warnings)
    section: Optional[str] = None  # only for this section or part (empty-section)


@dataclass(frozen=True)
class Relationship:
    id: str
    file: str
    parties: tuple[str, ...]
    title: Text
    updated: dt.date
    summary: tuple[Text, ...]
    background: tuple[Text, ...]
    objectives: tuple[Text, ...]
    areas: tuple[Text, ...]
    engagement: tuple[Text, ...]          # the forms the relationship takes
    exchanges: tuple[Text, ...]           # why visits and meetings matter
    assessment: tuple[Text, ...]
    frameworks: tuple[Framework, ...]
    events: tuple[Event, ...]
    programmes: tuple[Programme, ...]
    sources: tuple[Source, ...]
    keywords: tuple[Text, ...] = ()
    talking_points: tuple[Note, ...] = ()
    notes: tuple[Note, ...] = ()
    sections: tuple[CustomSection, ...] = ()
    accept: tuple[Accept, ...] = ()
    draft: bool = False                   # title, parties and summary drafted, not yet confirmed
    source_span: Optional[SourceSpan] = None   # the sentence the title was drafted from


@dataclass(frozen=True)
class Record:
    """Everything in data/: the entities and every relationship."""
    entities: dict[str, Entity]
    relationships: dict[str, Relationship] = field(default_factory=dict)
    # Ids of sections declared in any relationship file, valid or not: a
    # profile may place them (an invalid file must not make its profile wrong too).
    section_ids: frozenset[str] = frozenset()
    # {file as shown: sha256 of the bytes read}, every data file read (entities, relationships):
    # what a document's input key is made of (rebuild/inputs.py).
    digests: dict[str, str] = field(default_factory=dict, compare=False)
