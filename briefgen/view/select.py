"""Select what one document shows, for one audience, in one language.

`document_view()` first removes everything above the audience's clearance
(clearance.py), then turns what is left into a plain tree of dicts, lists and
strings: every Text resolved to one language, every date formatted at its
precision, digits in the audience's style, runs of the other script wrapped in
<bdi> (Markup). Templates only lay this out; they never see the record.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Optional
from urllib.parse import quote

from markupsafe import Markup, escape

from . import charts
from .textwidth import Measure
from ..record.audiences import SECTIONS as BUILT_IN_SECTIONS, Audience
from ..record.kinds import Kind, shipped_kinds
from ..record.languages import FALLBACK
from .clearance import cleared
from .inline import KEEP_MAX, Unbroken, last_words_kept
from .localize import Localizer
from ..record.repetition import says_again
from ..record.model import CustomSection, DateRange, Entity, Event, Note, PartialDate, Record, Relationship, Text
from ..record.words import fill

AGREEMENT_KINDS = ("accession", "agreement")
# The parts a selection shortens: a kind that prints neither has nothing to select.
SELECTED_PARTS = ("chronology", "hosted")
REPRESENTATION_KINDS = ("accreditation",)


@dataclass(frozen=True)
class Options:
    """One document of the build matrix: audience x document x language."""
    audience: Audience
    doc: str
    lang: str
    issued: dt.date
    paper: str
    digits: str
    pdf_variant: str = "none"
    print_marks: bool = False
    created: Optional[dt.datetime] = None    # SOURCE_DATE_EPOCH; else the data's last change
    # The project's fonts/ (Project.fonts), which figure labels are measured with: always given, so no
    # document is measured with faces other than those it is set in.
    fonts: Path = field(kw_only=True)
    kind: Optional[Kind] = None     # what `doc` is (templates/documents.yaml); None: the shipped kind of that name
    # The width figures are drawn to, in points: measured from the kind's stylesheets by the
    # render stage (render/widths.py), which the makers of views ask; needed when the kind draws figures.
    frame: Optional[float] = None

    @property
    def of_kind(self) -> Kind:
        return self.kind or shipped_kinds()[self.doc]

    @property
    def shows_changes(self) -> bool:
        """Whether it prints what is new since the last issue (view/changes.py):
        as its kind says (templates/documents.yaml), unless the profile says no."""
        return self.of_kind.changes and self.audience.changes


def profile_options(audience: Audience, kind: Kind, lang: str, issued: dt.date, fonts: Path,
                    frame_of: Callable[[Kind, str], float]) -> Options:
    """One document as its audience's profile asks for it, with no command-line
    overrides (the build's plan applies those): what `check` renders and lints."""
    paper = kind.paper_for(audience.paper)
    return Options(audience, kind.name, lang, issued, paper, audience.digits, audience.pdf_variant,
                   audience.print_marks, fonts=fonts, kind=kind, frame=frame_of(kind, paper))


def document_view(record: Record, relationship: Relationship, options: Options,
                  strings: dict) -> dict:
    """The whole view for one document: what the templates receive as `doc`."""
    kept, highest = cleared(relationship, options.audience.clearance)
    return ViewBuilder(record, kept, options, strings, highest).build()


def untranslated(record: Record, relationship: Relationship, options: Options, strings: dict) -> list[Text]:
    """The texts one document shows that are not written in its language
    (English is printed for them: Text.get), in the order shown."""
    kept, highest = cleared(relationship, options.audience.clearance)
    builder = ViewBuilder(record, kept, options, strings, highest)
    builder.build()
    return builder.untranslated


def selects(kind: Kind) -> bool:
    """Whether a one-page document of this kind can be shortened by listing
    fewer events: as its registry entry says (`fewer_events`), else if its
    parts print the chronology or the hosted events."""
    if kind.fewer_events is not None:
        return kind.one_page and kind.fewer_events
    return kind.one_page and bool(set(kind.parts or ()) & set(SELECTED_PARTS))


def selection(view: dict, keep: int) -> dict:
    """The view of a one-page document that lists only its `keep` most recent
    events: the chronology's last `keep` rows and the hosted events among them,
    with doc.earlier, the line that says how many earlier events the briefing
    has ("… and 36 earlier events in the briefing"). Key facts and the compact
    timeline still count and draw every event."""
    chronology = view["chronology"]
    kept = chronology[len(chronology) - keep:] if keep else []
    ids = {item["id"] for item in kept}
    count = len(chronology) - len(kept)
    line = fill(view["words"]["earlier_events"], count=str(count))
    return {**view, "chronology": kept, "hosted": [item for item in view["hosted"] if item["id"] in ids],
            "earlier": {"count": count, "line": Localizer(view["lang"], view["digits"]).text(line)}}


def fewer(total: int) -> list[int]:
    """How many of `total` events a selection tries to keep, most first: three
    quarters of the last try each time, down to one; never all but one (the
    line says "events", plural)."""
    tries, keep = [], min(total - 2, total * 3 // 4)
    while keep >= 1:
        tries.append(keep)
        keep = min(keep - 1, keep * 3 // 4)
    return tries


class ViewBuilder:
    def __init__(self, record: Record, relationship: Relationship, options: Options, strings: dict,
                 highest: str = "public"):
        self.record, self.rel, self.options, self.strings = record, relationship, options, strings
        self.highest = highest      # the highest classification left after clearance
        self.audience = options.audience
        self.lang = options.lang
        self.loc = Localizer(options.lang, options.digits)
        self.words = strings[options.lang]
        self.source_numbers = {s.id: n for n, s in enumerate(relationship.sources, start=1)}
        self.events_by_id = {e.id: e for e in relationship.events}
        self.untranslated: list[Text] = []     # shown in English, lacking the document's language

    def wording(self, text: Text) -> str:
        """A text as written in the document's language, or in English (noted)."""
        if not text.has(self.lang):
            self.untranslated.append(text)
        return text.get(self.lang)

    def t(self, text: Optional[Text], paragraph: bool = False) -> Optional[Markup]:
        """One field in the document's language (see Localizer.text); one printed
        in English for want of it is marked as English, so it is hyphenated,
        read aloud and tagged as English. A paragraph keeps a short last word
        with the word before it."""
        if text is None:
            return None
        wording = self.wording(text)
        shown = self.loc.text(last_words_kept(wording, self.lang) if paragraph else wording)
        return shown if text.has(self.lang) else Markup('<span lang="{}">{}</span>').format(FALLBACK, shown)

    def paragraphs(self, texts) -> list[Markup]:
        return [self.t(text) for text in texts]

    def prose(self, text: Optional[Text]) -> Optional[Markup]:
        """A paragraph of running text: as t(), its last word never alone on its
        last line when short (inline.last_words_kept)."""
        return self.t(text, paragraph=True)

    def prose_paragraphs(self, texts) -> list[Markup]:
        return [self.prose(text) for text in texts]

    def build(self) -> dict:
        rel, loc, audience = self.rel, self.loc, self.audience
        chronology = [self.event(e) for e in self.ordered_events()]
        by_kind = lambda kinds: [c for c in chronology if c["kind"] in kinds]
        notes_for = lambda notes: [self.note(n) for n in notes if self.is_for_audience(n)]
        view = {
            "lang": self.lang,
            "dir": self.loc.language.direction,
            "kind": self.options.doc,
            "paper": self.options.paper,
            "digits": self.loc.digits,       # western in an English document, whatever was asked
            "pdf_variant": self.options.pdf_variant,
            "print_marks": self.options.print_marks,
            "words": self.words,
            "audience": self.audience_view(),
            "title": self.t(rel.title),
            "parties": [self.entity(p) for p in rel.parties],
            "issued": dict(zip(("gregorian", "hijri"), loc.issue_dates(self.options.issued))),
            "updated": loc.date(PartialDate(rel.updated.year, rel.updated.month, rel.updated.day)),
            "marking": self.marking(),
            "summary": self.prose_paragraphs(rel.summary),
            "background": self.prose_paragraphs(rel.background),
            "objectives": self.prose_paragraphs(rel.objectives),
            "areas": self.prose_paragraphs(rel.areas),
            "engagement": self.prose_paragraphs(rel.engagement),
            "exchanges": self.prose_paragraphs(rel.exchanges),
            "assessment": self.prose_paragraphs(rel.assessment),
            "talking_points": notes_for(rel.talking_points),
            "notes": notes_for(rel.notes),
            "frameworks": [self.framework(f) for f in rel.frameworks],
            "chronology": chronology,
            "chronology_cites": self.cites_of(chronology),
            "hosted": [c for c in chronology if c["hosted"]],
            "visits": by_kind(("visit",)),
            "programmes": [self.programme(p) for p in rel.programmes],
            "agreements": by_kind(AGREEMENT_KINDS),
            "representation": by_kind(REPRESENTATION_KINDS),
            "sources": [self.source(s) for s in rel.sources],
            "key_facts": self.key_facts(chronology),
            "meta": self.metadata(),
        }
        view["custom"] = self.custom_sections()
        view["sections"] = [s for s in audience.sections if self.has_content(s, view)]
        view["contents"] = [{"id": s, "title": view["custom"][s]["title"] if s in view["custom"]
                             else self.words["sections"][s]} for s in view["sections"]]
        view["carded"] = self.carded(view)
        view["left_out"] = self.left_out(view)
        view["figures"] = self.figures(chronology)
        if audience.justify == "kashida" and self.loc.language.rtl:     # kashida is Arabic's
            # Only when asked for: every other document keeps its view, hence its
            # identifier, its bytes and its up-to-date key.
            view["justify"] = "kashida"
        if self.shows_draft(view):
            # Only then: a confirmed document keeps its view, hence its bytes.
            view["draft"] = self.words["draft"]
        return view

    def shows_draft(self, view: dict) -> bool:
        """Whether the document shows anything `draft` proposed and no analyst
        confirmed: the relationship's own texts, an event, or an entity it names."""
        entities = self.record.entities
        drafted = lambda entity_id: entity_id in entities and entities[entity_id].draft
        events = [self.events_by_id[item["id"]] for item in view["chronology"]]
        return (self.rel.draft or any(drafted(p) for p in self.rel.parties)
                or any(e.draft or drafted(e.place) or drafted(e.hosted_by) or drafted(e.decided_by) for e in events))

    def figures(self, chronology: list[dict]) -> dict:
        """The figures the document's kind draws (timeline, activity chart, compact
        timeline: charts.py), from the chronology, numbered in the kind's order."""
        num, words, kind, frame = self.loc.num, self.words, self.options.of_kind, self.options.frame
        if kind.figures and frame is None:
            raise ValueError(f"a {kind.shown} draws figures: Options.frame must give their width (render/widths.py)")
        # The faces the document is set in, so labels are placed for the widths they print at.
        measure = Measure(self.options.fonts)
        draw = {"timeline": lambda number: self.timeline(chronology, measure, number, compact=False),
                "activity": lambda number: charts.activity(chronology, words, self.lang, num, frame, measure, number),
                "timeline_compact": lambda number: self.timeline(chronology, measure, number, compact=True)}
        return {name: draw[name](number) for number, name in enumerate(kind.figures, start=1)}

    def timeline(self, chronology: list[dict], measure: Measure, number: int, compact: bool):
        """The timeline, labelling the same events as the document's other languages:
        it is laid out in each language the audience gets this document in, and an
        event that any of them numbers in the key (no room for its label) is numbered
        in all, until none numbers more (docs/documents.md, Figures)."""
        frame, keyed = self.options.frame, frozenset()
        languages = [(self.lang, chronology, self.words, self.loc.num)] + [
            (twin.lang, [twin.on_timeline(e) for e in twin.ordered_events()], twin.words, twin.loc.num)
            for twin in self.twins()]
        while True:
            figures = [charts.timeline(events, words, lang, num, frame, measure, number, compact, keyed)
                       for lang, events, words, num in languages]
            more = keyed | {i for figure in figures if figure for item in figure.key for i in item["ids"]}
            if more == keyed:
                return figures[0]
            keyed = more

    def twins(self) -> list["ViewBuilder"]:
        """Builders for this document in the audience's other languages for it."""
        others = sorted(set(self.audience.languages_of(self.options.doc)) - {self.lang})
        return [ViewBuilder(self.record, self.rel, replace(self.options, lang=lang), self.strings, self.highest)
                for lang in others if lang in self.strings]

    def carded(self, view: dict) -> dict[str, str]:
        """Event id -> the section of this document that prints it as a card, with
        its description: a chronology that also prints descriptions points there
        instead of saying it twice."""
        cards = {"hosted": view["hosted"], "agreements": view["agreements"],
                 "representation": view["representation"], "exchanges": view["visits"]}
        found: dict[str, str] = {}
        for section in view["sections"]:
            for item in cards.get(section, ()):
                found.setdefault(item["id"], section)
        return found

    def left_out(self, view: dict) -> list[str]:
        """The parts this document would print but has nothing for: a briefing's
        listed sections, a one-page document's fixed parts. They are left out,
        heading and all, and the build and `check` say so."""
        parts = self.options.of_kind.parts
        if parts is None:
            return [s for s in self.audience.sections if s not in view["sections"]]
        return [part for part in parts if not view[part]]

    def has_content(self, section: str, view: dict) -> bool:
        """A section with nothing left after clearance is left out, heading and all."""
        content = {"background": view["frameworks"] or view["background"] or view["areas"],
                   "timeline": view["chronology"],
                   "exchanges": view["exchanges"] or view["programmes"] or view["visits"]}
        if section not in BUILT_IN_SECTIONS:
            return section in view["custom"]
        return bool(content.get(section, view.get(section, True)))

    def custom_sections(self) -> dict[str, dict]:
        """The relationship's own sections this audience lists and is meant to
        get (by name or tag), with whatever clearance left of their content."""
        views = {}
        for section in self.rel.sections:
            if section.id in self.audience.sections and section.is_for(self.audience.name, self.audience.tags):
                view = self.custom_section(section)
                if view["paragraphs"] or view["bullets"] or view["table"] or view["facts"]:
                    views[section.id] = view
        return views

    def custom_section(self, section: CustomSection) -> dict:
        table = section.table
        facts = sorted(section.facts, key=lambda f: f.date.sort_key())
        return {
            "id": section.id,
            "title": self.t(section.title),
            "paragraphs": self.prose_paragraphs(section.paragraphs),
            "bullets": self.paragraphs(section.bullets),
            "table": {"columns": self.paragraphs(table.columns),
                      "rows": [self.paragraphs(row.cells) for row in table.rows]} if table and table.rows else None,
            "facts": [{"when": self.loc.date(f.date), "text": self.t(f.text)} for f in facts],
        }

    def note(self, note: Note) -> dict:
        """A talking point or note, with the dates of the events it speaks of and
        the numbers of its sources."""
        return {"text": self.t(note.text), "cites": self.cites(note.sources),
                "events": [self.when(self.events_by_id[e]) for e in note.events]}

    def is_for_audience(self, note: Note) -> bool:
        return note.is_for(self.audience.name, self.audience.tags)

    def marking(self) -> str:
        """The overall marking: the highest classification left in the document,
        or the audience's own wording (e.g. for public release)."""
        if self.audience.marking is not None:
            return self.wording(self.audience.marking)
        return self.words["classification"][self.highest]

    def audience_view(self) -> dict:
        a = self.audience
        return {"name": a.name, "title": self.t(a.title), "cover": a.cover,
                # Relative to templates/ (the documents' base URL): an absolute file
                # URI would make the view, and so the PDF, depend on where the project lives.
                "logo": f"audiences/{quote(a.folder.name)}/{quote(a.logo)}" if a.logo else None,
                "accent": a.accent, "accent_soft": a.accent_soft}

    def ordered_events(self) -> list[Event]:
        """By date. An event known only as `after` another is not known to fall
        in any month or year, so it follows everything dated in its anchor's
        year (not just the anchor: "after 11 July 2016" is not "July 2016");
        one whose anchor was removed by clearance goes last, undated."""
        def key(event: Event):
            anchor = event if event.date else self.events_by_id.get(event.after)
            if anchor is None:
                return ((9999, 99, 99), 2, event.id)
            if event.date:
                return (event.date.sort_key(), 0, event.id)
            return ((anchor.date.year, 99, 99), 1, anchor.date.sort_key(), event.id)
        return sorted(self.rel.events, key=key)

    def anchor_date(self, event: Event) -> Optional[PartialDate]:
        if event.date:
            return event.date
        anchor = self.events_by_id.get(event.after)
        return anchor.date if anchor else None

    def when(self, event: Event) -> str:
        if event.date:
            return self.loc.date(event.date)
        anchor = self.anchor_date(event)
        if anchor is None:
            return self.words["undated"]
        return Unbroken(fill(self.words["after"], date=self.loc.date(anchor)))

    def on_timeline(self, event: Event) -> dict:
        """What the timeline reads of an event (charts.py): all the document's
        twins lay theirs out from (timeline), without the rest of event()."""
        anchor = self.anchor_date(event)
        return {
            "id": event.id,
            "kind": event.kind,
            "kind_label": self.words["kinds"][event.kind],
            "when": self.when(event),
            "plain_title": self.loc.num(self.wording(event.title)),
            "position": charts.position(anchor) if anchor else None,
            "open": event.date is None and anchor is not None,     # known only as after `anchor`
        }

    def event(self, event: Event) -> dict:
        anchor, shown, place = self.anchor_date(event), self.on_timeline(event), self.place(event.place)
        return {
            **shown,
            "place_when": self.place_and_date(place, shown["when"]),
            "year": self.loc.num(str(anchor.year)) if anchor else None,
            "title": self.t(event.title),
            "description": self.prose(event.description),
            "place": place,
            "hosted": event.hosted_by is not None,
            "decided_by": self.entity(event.decided_by)["name"] if event.decided_by else None,
            "period": self.period(event.period) if event.period else None,
            "participants": self.paragraphs(event.participants),
            "highlights": self.paragraphs(event.highlights),
            # An event card prints the description first: only what it does not already say.
            "unsaid_highlights": self.paragraphs(h for h in event.highlights
                                                 if not says_again(h, [event.description])),
            "unsaid_participants": self.paragraphs(p for p in event.participants
                                                   if not says_again(p, [event.description, *event.highlights])),
            "cites": self.cites(event.sources),
            "sources": self.sources_of(event.sources),
        }

    def period(self, span: DateRange) -> str:
        """"2016–2018م"; "2016–2018م، انتهى" once it ended before the date of
        issue, so a reader never takes a past programme for a running one."""
        shown = self.loc.period(span)
        if not span.ended_before(self.options.issued):
            return shown
        return Unbroken(fill(self.words["ended"], period=shown))

    def place_and_date(self, place: Optional[Markup], when: str) -> Markup:
        """"(الدوحة، نوفمبر 2016م)": one unit on one line, unless too long to
        fit a narrow column (then it may break after the comma, never in the date).
        The opening bracket stands before the kept unit (nothing breaks after
        it anyway), so that the space the fact sheet writes before it is drawn
        with it, in one text box: pdfium read the bracket reversed, ")الدوحة"
        (templates/factsheet.html; docs/arabic.md, "A span over several fonts")."""
        inner = Markup("{}{}{}").format(place, self.words["comma"], when) if place else Markup(escape(when))
        bracketed = Markup("({})").format(inner)
        if len(bracketed.striptags()) > KEEP_MAX:
            return bracketed
        return Markup('(<span class="keep">{})</span>').format(inner)

    def place(self, entity_id) -> Optional[Markup]:
        return self.entity(entity_id)["name"] if entity_id else None

    def entity(self, entity_id: str) -> dict:
        entity: Entity = self.record.entities[entity_id]
        short = entity.short or entity.name
        return {"id": entity.id, "name": self.t(entity.name), "short": self.loc.text(self.wording(short))}

    def framework(self, framework) -> dict:
        return {
            "name": self.t(framework.name),
            "short": self.t(framework.short),
            "joined": self.loc.date(framework.joined),
            "description": self.prose(framework.description),
            "cites": self.cites(framework.sources),
        }

    def programme(self, programme) -> dict:
        return {
            "name": self.t(programme.name),
            "description": self.prose(programme.description),
            "frequency": self.t(programme.frequency),
            "place": self.place(programme.place),
            "participants": self.paragraphs(programme.participants),
            "editions": [self.event(self.events_by_id[e]) for e in programme.editions],
            "cites": self.cites(programme.sources),
        }

    def source(self, source) -> dict:
        """A citation's parts, each ready to print (macros.html `citation`)."""
        words = self.words["citation"]
        details = [words["language"].format(language=self.words["languages"][source.language])]
        if source.published:
            details.append(words["published"].format(date=self.loc.date(source.published)))
        if source.accessed:
            details.append(words["accessed"].format(date=self.loc.date(source.accessed)))
        if source.covers:
            # What it can say: a reader then knows that nothing later is missing by oversight.
            details.append(fill(words["covers"], period=self.loc.period(source.covers)))
        return {
            "number": self.loc.num(str(self.source_numbers[source.id])),
            "publisher": self.t(source.publisher),
            "title": self.t(source.title),
            "details": details,
            "url": source.url,
        }

    def sources_of(self, source_ids) -> list[dict]:
        by_id = {s.id: s for s in self.rel.sources}
        return [self.source(by_id[s]) for s in source_ids]

    def cites_of(self, items: list[dict]) -> list[str]:
        """The source numbers a list cites, each once, in the order of doc.sources:
        a table cites once beneath it, not on every row."""
        cited = {number for item in items for number in item["cites"]}
        return [number for number in self.cites(s.id for s in self.rel.sources) if number in cited]

    def cites(self, source_ids) -> list[str]:
        return [self.loc.num(str(self.source_numbers[s])) for s in source_ids]

    def key_facts(self, chronology: list[dict]) -> list[dict]:
        """The fact sheet's panel: label and value pairs, derived from the record."""
        words, facts = self.words["facts"], []
        for framework in self.rel.frameworks:
            facts.append({"label": words["framework"], "value": self.t(framework.name)})
            facts.append({"label": words["joined"], "value": self.loc.date(framework.joined)})
        visits = [c for c in chronology if c["kind"] == "visit"]
        if visits:
            facts.append({"label": words["first_visit"], "value": visits[0]["when"]})
        hosted = sum(c["hosted"] for c in chronology)
        if hosted:    # "events hosted: 0" tells a reader nothing
            facts.append({"label": words["hosted"], "value": self.loc.num(str(hosted))})
        for item in chronology:
            if item["period"] is not None:
                facts.append({"label": words["partnership"], "value": item["period"]})
        if self.rel.programmes:
            facts.append({"label": words["training"], "value": self.t(self.rel.programmes[0].frequency)})
        return facts

    def created(self) -> dt.datetime:
        """The PDF's creation date: fixed by the inputs, so rebuilds are byte-identical."""
        if self.options.created is not None:
            return self.options.created
        day = self.rel.updated
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)

    def metadata(self) -> dict:
        keywords = [self.wording(k) for k in self.rel.keywords]
        return {
            "title": self.wording(self.rel.title),
            "subject": self.words["documents"][self.options.doc],
            "keywords": ", ".join(keywords),
            "created": self.created().isoformat(),
        }
