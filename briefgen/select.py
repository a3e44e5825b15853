"""Select what one document shows and put it in the document's language.

`document_view()` takes a validated Relationship and returns a plain tree of
dicts, lists and strings: every Text already resolved to one language,
every date formatted at its precision, digits in the audience's style, and
names whose direction differs from the document's wrapped in <bdi> (Markup).
Templates only lay this out; they never see the record.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from .localize import Localizer, isolate
from .model import Entity, Event, PartialDate, Record, Relationship, Text

DOCUMENTS = ("briefing", "factsheet")
# The briefing's sections in reading order; each is templates/sections/<id>.html.
BRIEFING_SECTIONS = ("summary", "background", "chronology", "hosted", "exchanges",
                     "agreements", "representation", "sources")
PAPERS = ("a4", "letter")
HOSTED_KINDS = ("conference", "meeting")
EXCHANGE_KINDS = ("visit", "training")
AGREEMENT_KINDS = ("accession", "agreement")
REPRESENTATION_KINDS = ("accreditation",)


@dataclass(frozen=True)
class Options:
    """What a reader chose for one document (audience profiles extend this)."""
    doc: str = "briefing"
    lang: str = "ar"
    paper: str = "a4"
    digits: str = "western"
    issued: dt.date = dt.date.today()
    classification: str = "public"


def document_view(record: Record, relationship: Relationship, options: Options,
                  strings: dict) -> dict:
    """The whole view for one document: what the templates receive as `doc`."""
    view = ViewBuilder(record, relationship, options, strings)
    return view.build()


class ViewBuilder:
    def __init__(self, record: Record, relationship: Relationship, options: Options, strings: dict):
        self.record, self.rel, self.options = record, relationship, options
        self.lang = options.lang
        self.loc = Localizer(options.lang, options.digits)
        self.words = strings[options.lang]
        self.source_numbers = {s.id: n for n, s in enumerate(relationship.sources, start=1)}
        self.events_by_id = {e.id: e for e in relationship.events}

    def t(self, text: Text) -> Markup:
        """One field in the document's language (see Localizer.text)."""
        return self.loc.text(text.get(self.lang))

    def paragraphs(self, texts) -> list[Markup]:
        return [self.t(text) for text in texts]

    def build(self) -> dict:
        rel, loc = self.rel, self.loc
        gregorian, hijri = loc.issue_dates(self.options.issued)
        chronology = [self.event(e) for e in self.ordered_events()]
        by_kind = lambda kinds: [c for c in chronology if c["kind"] in kinds]
        return {
            "lang": self.lang,
            "dir": "rtl" if self.lang == "ar" else "ltr",
            "kind": self.options.doc,
            "paper": self.options.paper,
            "digits": self.options.digits,
            "words": self.words,
            "title": self.t(rel.title),
            "plain_title": rel.title.get(self.lang),
            "parties": [self.entity(p) for p in rel.parties],
            "issued": {"gregorian": gregorian, "hijri": hijri},
            "updated": loc.date(PartialDate(rel.updated.year, rel.updated.month, rel.updated.day)),
            "sections": list(BRIEFING_SECTIONS),
            "marking": self.words["classification"][self.options.classification],
            "summary": self.paragraphs(rel.summary),
            "background": self.paragraphs(rel.background),
            "objectives": self.paragraphs(rel.objectives),
            "areas": self.paragraphs(rel.areas),
            "engagement": self.paragraphs(rel.engagement),
            "exchanges": self.paragraphs(rel.exchanges),
            "assessment": self.paragraphs(rel.assessment),
            "frameworks": [self.framework(f) for f in rel.frameworks],
            "chronology": chronology,
            "hosted": [c for c in chronology if c["hosted"]],
            "visits": by_kind(("visit",)),
            "programmes": [self.programme(p) for p in rel.programmes],
            "agreements": by_kind(AGREEMENT_KINDS),
            "representation": by_kind(REPRESENTATION_KINDS),
            "sources": [self.source(s) for s in rel.sources],
            "key_facts": self.key_facts(chronology),
            "meta": self.metadata(),
        }

    def ordered_events(self) -> list[Event]:
        """By date; an event known only as `after` another follows it directly."""
        def key(event: Event):
            anchor = event if event.date else self.events_by_id[event.after]
            return (anchor.date.sort_key(), 0 if event.date else 1, event.id)
        return sorted(self.rel.events, key=key)

    def when(self, event: Event) -> str:
        if event.date:
            return self.loc.date(event.date)
        anchor = self.events_by_id[event.after]
        return self.words["after"].format(date=self.loc.date(anchor.date))

    def event(self, event: Event) -> dict:
        return {
            "id": event.id,
            "kind": event.kind,
            "kind_label": self.words["kinds"][event.kind],
            "when": self.when(event),
            "year": self.loc.num(str((event.date or self.events_by_id[event.after].date).year)),
            "title": self.t(event.title),
            "description": self.t(event.description),
            "place": self.place(event.place),
            "hosted": event.hosted_by is not None,
            "decided_by": self.entity(event.decided_by)["name"] if event.decided_by else None,
            "period": self.loc.period(event.period) if event.period else None,
            "participants": self.paragraphs(event.participants),
            "highlights": self.paragraphs(event.highlights),
            "cites": self.cites(event.sources),
        }

    def place(self, entity_id) -> Markup | None:
        if entity_id is None:
            return None
        return self.entity(entity_id)["name"]

    def entity(self, entity_id: str) -> dict:
        entity: Entity = self.record.entities[entity_id]
        short = entity.short or entity.name
        return {"id": entity.id, "name": self.t(entity.name), "short": isolate(short.get(self.lang), self.lang)}

    def framework(self, framework) -> dict:
        return {
            "name": self.t(framework.name),
            "short": isolate(framework.short.get(self.lang), self.lang) if framework.short else None,
            "joined": self.loc.date(framework.joined),
            "description": self.t(framework.description),
            "cites": self.cites(framework.sources),
        }

    def programme(self, programme) -> dict:
        editions = [self.event(self.events_by_id[e]) for e in programme.editions]
        return {
            "name": self.t(programme.name),
            "description": self.t(programme.description),
            "frequency": self.t(programme.frequency),
            "place": self.place(programme.place),
            "participants": self.paragraphs(programme.participants),
            "editions": editions,
            "cites": self.cites(programme.sources),
        }

    def source(self, source) -> dict:
        return {
            "number": self.loc.num(str(self.source_numbers[source.id])),
            "title": isolate(source.title.get(self.lang), self.lang),
            "language": self.words["languages"][source.language],
            "publisher": self.t(source.publisher) if source.publisher else None,
            "url": source.url,
            "file": source.file,
            "accessed": self.loc.date(source.accessed) if source.accessed else None,
        }

    def cites(self, source_ids) -> list[str]:
        return [self.loc.num(str(self.source_numbers[s])) for s in source_ids]

    def key_facts(self, chronology: list[dict]) -> list[dict]:
        """The fact sheet's panel: label and value pairs, derived from the record."""
        words, facts = self.words["facts"], []
        for framework in self.rel.frameworks:
            facts.append({"label": words["framework"], "value": self.t(framework.name)})
            facts.append({"label": words["joined"],
                          "value": self.loc.date(framework.joined)})
        for item in chronology:
            if item["kind"] == "visit":
                facts.append({"label": words["first_visit"], "value": item["when"]})
                break
        facts.append({"label": words["hosted"], "value": self.loc.num(str(sum(c["hosted"] for c in chronology)))})
        for item in chronology:
            if item["period"] is not None:
                facts.append({"label": words["partnership"], "value": item["period"]})
        if self.rel.programmes:
            facts.append({"label": words["training"], "value": self.t(self.rel.programmes[0].frequency)})
        return facts

    def metadata(self) -> dict:
        names = [self.rel.title.get(self.lang)] + [k.get(self.lang) for k in self.rel.keywords]
        return {
            "title": self.rel.title.get(self.lang),
            "subject": self.words["documents"][self.options.doc],
            "keywords": ", ".join(names[1:]),
            "created": self.options.issued.isoformat(),
        }
