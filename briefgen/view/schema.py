"""What a template receives as `doc`: the view, declared once.

select.py builds the view; this module says what it holds — every name, its
type, an example and what it means. From this one declaration come:
- the reference in docs/templates.md (`generate.py template-reference`),
- the check that templates only name fields the view has (`{{ doc.titel }}`
  fails `check` with the template's file and line, even in a branch no
  document takes), see check_template_fields,
- a test that the views the code builds match it exactly.
Add a field here when select.py gains one (the test says so if you forget).
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterator, Optional

import jinja2
from jinja2 import nodes


@dataclass(frozen=True)
class Field:
    type: str              # text | plain | bool | number | list of X | mapping | mapping of X | strings
    example: str           # as it prints (English documents; Arabic ones print Arabic)
    meaning: str
    fields: dict[str, "Field"] = field(default_factory=dict)   # of a mapping, or of each list item
    optional: bool = False   # absent from some views (test with `is defined`)

    @property
    def open(self) -> bool:
        """Keys not declared one by one (doc.custom by section id, doc.words by strings.yaml)."""
        return self.type in ("mapping of section", "strings")


def F(type: str, example: str, meaning: str, **fields: Field) -> Field:
    return Field(type, example, meaning, fields)


TEXT = "text"   # escaped and localised: digits in the audience's style, other-script runs isolated

EVENT = dict(
    id=F("plain", "father-amir-visit", "the event's id in the record"),
    kind=F("plain", "visit", "accession, visit, conference, meeting, training, agreement or accreditation"),
    kind_label=F(TEXT, "Visit", "the kind, in the document's language"),
    when=F(TEXT, "17 November 2006", "the date at its precision, or \"After 11 July 2016\""),
    place_when=F(TEXT, "(Doha, December 2014)", "place and date in brackets, kept on one line"),
    year=F(TEXT, "2006", "the year (of the event it followed, if undated); null if unknown"),
    title=F(TEXT, "Historic visit of His Highness the Father Amir", "title"),
    plain_title=F("plain", "Historic visit of ...", "title without markup (for figures)"),
    open=F("bool", "false", "known only as after another event (no date of its own)"),
    position=F("number", "2006.88", "fractional year, for placing it on a timeline; null if unknown"),
    description=F(TEXT, "His Highness the Father Amir paid ...", "description"),
    place=F(TEXT, "NATO Headquarters in Brussels", "where; null if not given"),
    hosted=F("bool", "false", "a party hosted it (it is in doc.hosted)"),
    decided_by=F(TEXT, "North Atlantic Council", "the body that approved it; null if none"),
    period=F(TEXT, "2016–2018, ended", "what an agreement or programme covers (\", ended\" once over by the date "
             "of issue); null if none"),
    participants=F("list of text", "[\"His Highness the Father Amir\"]", "who took part"),
    highlights=F("list of text", "[\"The first visit of its kind ...\"]", "what made it notable"),
    unsaid_highlights=F("list of text", "[...]", "the highlights its description does not already say"),
    unsaid_participants=F("list of text", "[...]", "the participants its description and highlights do not name"),
    cites=F("list of plain", "[\"1\"]", "numbers of its sources in doc.sources"),
    sources=F("list of mapping", "[{...}]", "its sources, as in doc.sources"),
)


def events(meaning: str) -> Field:
    return Field("list of event", "[{...}]", meaning + " (each: see doc.chronology[])", EVENT)


FIGURE = dict(
    kind=F("plain", "timeline", "timeline, timeline-compact or activity"),
    number=F("number", "1", "its number in the document"),
    caption=F("plain", "Figure 1: timeline of the relationship", "caption"),
    alt=F("plain", "Timeline of 9 events from 16 February 2005 to ...", "text alternative, in logical order"),
    src=F("plain", "data:image/svg+xml;base64,...", "the drawing (shapes only), as a data: URL for <img src>"),
    width=F("number", "481.9", "width, points"),
    height=F("number", "160.0", "height, points"),
    size=F("number", "8.0", "label font size, points"),
    line=F("number", "10.4", "label line height, points"),
    svg=F("plain", "<svg ...>", "the drawing's SVG text"),
    labels=F("list of label", "[{...}]", "labels laid over the drawing as HTML text: box (x0, y0, x1, y1), "
             "align, lines of spans (text, colour, bold), ids (the events a timeline's label names)"),
    legend=F("list of mapping", "[{...}]", "legend entries: swatch (data: URL), text, wide"),
    key=F("list of mapping", "[{...}]", "numbered labels' key: number, lines, ids (its events)"),
    key_split=F("number", "2", "how many of the key's entries its first column holds (the second holds the rest)"),
    note=F("plain", "...", "a note under the figure; null if none"),
)

VIEW: dict[str, Field] = dict(
    lang=F("plain", "en", "the document's language: ar, en or fr (briefgen/record/languages.py)"),
    dir=F("plain", "ltr", "its direction: rtl for Arabic, ltr for English and French"),
    kind=F("plain", "briefing", "the document's kind: briefing, factsheet, card or one of templates/documents.yaml"),
    paper=F("plain", "a4", "a4, letter or a5"),
    digits=F("plain", "western", "western or arabic-indic (Arabic documents)"),
    pdf_variant=F("plain", "pdf/ua-1", "none, pdf/ua-1, pdf/a-3a or pdf/a-3u"),
    print_marks=F("bool", "false", "bleed and crop marks asked for"),
    justify=Field("plain", "kashida", "present (\"kashida\") only in Arabic documents of an audience with "
                  "`justify: kashida`; test it with `doc.justify is defined`", optional=True),
    draft=Field("plain", "DRAFT", "present (strings.yaml `draft`, \"مسودة\" in Arabic) only when the document shows "
                "an item still marked `draft: true` (page.css prints it on every page); "
                "test it with `doc.draft is defined`", optional=True),
    words=F("strings", "doc.words.sections.summary = \"Summary\"",
            "templates/strings.yaml in the document's language"),
    audience=F("mapping", "{...}", "who the document is for",
               name=F("plain", "press", "the audience's folder name"),
               title=F(TEXT, "The press office", "printed as \"Prepared for: ...\""),
               cover=F("plain", "full", "full or compact"),
               logo=F("plain", "file:///.../emblem.svg", "the logo's URL; null if none"),
               accent=F("plain", "#14506e", "accent colour"),
               accent_soft=F("plain", "#e6eff4", "soft accent colour")),
    title=F(TEXT, "Qatar's Relations with NATO", "the relationship's title"),
    parties=F("list of mapping", "[{...}]", "the parties, in the record's order",
              id=F("plain", "qatar", "entity id"),
              name=F(TEXT, "State of Qatar", "full name"),
              short=F(TEXT, "Qatar", "short name (the full one if none)")),
    issued=F("mapping", "{...}", "date of issue",
             gregorian=F(TEXT, "29 November 2026", "Gregorian"),
             hijri=F(TEXT, "19 Jumada al-Akhirah 1448 AH", "Umm al-Qura Hijri")),
    updated=F(TEXT, "29 November 2026", "when the data last changed"),
    marking=F(TEXT, "Restricted", "the overall marking (the profile's own wording if it has one)"),
    summary=F("list of text", "[\"Relations between ...\"]", "summary paragraphs"),
    background=F("list of text", "[...]", "background paragraphs"),
    objectives=F("list of text", "[...]", "objectives paragraphs"),
    areas=F("list of text", "[\"Lasting stability ...\"]", "areas of cooperation"),
    engagement=F("list of text", "[...]", "forms of cooperation"),
    exchanges=F("list of text", "[...]", "why visits and meetings matter"),
    assessment=F("list of text", "[...]", "overall assessment paragraphs"),
    talking_points=F("list of mapping", "[{...}]", "talking points for this audience, after clearance",
                     text=F(TEXT, "Stress that ...", "what to say"),
                     cites=F("list of plain", "[\"1\"]", "numbers of its sources in doc.sources"),
                     events=F("list of text", "[\"17 November 2006\"]", "dates of the events it speaks of")),
    notes=F("list of mapping", "[{...}]", "notes for this audience, after clearance (fields as talking_points)",
            text=F(TEXT, "The source gives no date ...", "the note"),
            cites=F("list of plain", "[\"1\"]", "numbers of its sources in doc.sources"),
            events=F("list of text", "[\"After 11 July 2016\"]", "dates of the events it speaks of")),
    frameworks=F("list of mapping", "[{...}]", "frameworks of the relationship",
                 name=F(TEXT, "Istanbul Cooperation Initiative", "name"),
                 short=F(TEXT, "ICI", "short name; null if none"),
                 joined=F(TEXT, "16 February 2005", "when joined"),
                 description=F(TEXT, "The framework within which ...", "description"),
                 cites=F("list of plain", "[\"1\"]", "source numbers")),
    chronology=events("every event, in date order"),
    chronology_cites=F("list of plain", "[\"1\"]", "numbers of the sources the chronology's events cite, each once "
                       "(a table cites once beneath it)"),
    hosted=events("events a party hosted"),
    earlier=Field("mapping", "{...}", "present only when a one-page document too dense for its page lists "
                  "its most recent events alone (docs/documents.md); test it with `doc.earlier is defined`",
                  {"count": F("number", "36", "how many earlier events it leaves out"),
                   "line": F(TEXT, "… and 36 earlier events in the briefing", "the line that says so")},
                  optional=True),
    changes=Field("mapping", "{...}", "present only when the document's kind prints what is new since the "
                  "last issue and items were added or changed since it (docs/rebuilding.md); test it with "
                  "`doc.changes is defined`",
                  {"title": F(TEXT, "New since the last issue (29 November 2026)", "the box's title"),
                   "since": F(TEXT, "29 November 2026", "the last issue's date"),
                   "entries": F("list of mapping", "[{...}]", "what was added or changed, in the order printed",
                              id=F("plain", "ipcp-approval", "the event's id, or section:<id>"),
                              how=F("plain", "added", "added or changed"),
                              label=F(TEXT, "New", "added or changed, in the document's language"),
                              when=F(TEXT, "2016", "the event's date; null for a section"),
                              title=F(TEXT, "Approval of the Individual Partnership ...", "its title")),
                   "more": F(TEXT, "… and 3 more, marked in the chronology", "the line after the entries "
                             "when there are too many to list; null if none"),
                   "ids": F("list of plain", "[\"ipcp-approval\"]", "the ids of items, to mark them elsewhere")},
                  optional=True),
    visits=events("visits"),
    agreements=events("accessions and agreements"),
    representation=events("accreditations"),
    programmes=F("list of mapping", "[{...}]", "standing programmes",
                 name=F(TEXT, "Annual training programme", "name"),
                 description=F(TEXT, "It was agreed to adopt ...", "description"),
                 frequency=F(TEXT, "At least twice a year", "how often"),
                 place=F(TEXT, "NATO Headquarters in Brussels", "where; null if not given"),
                 participants=F("list of text", "[\"Qatari diplomats\"]", "who takes part"),
                 editions=events("its dated editions"),
                 cites=F("list of plain", "[\"1\"]", "source numbers")),
    sources=F("list of mapping", "[{...}]", "sources, numbered in the record's order",
              number=F("plain", "1", "its number, as cited"),
              publisher=F(TEXT, "Ministry of Foreign Affairs of the State of Qatar", "who published it"),
              title=F(TEXT, "Qatar's Relations with NATO", "title"),
              details=F("list of text", "[\"in Arabic\", \"retrieved 29 November 2026\"]",
                        "its language, then its date of publication and/or retrieval"),
              url=F("plain", "https://www.nato.int/...", "web address; null if none")),
    key_facts=F("list of mapping", "[{...}]", "the fact sheet's key facts panel",
                label=F(TEXT, "Framework", "label"),
                value=F(TEXT, "Istanbul Cooperation Initiative", "value")),
    meta=F("mapping", "{...}", "PDF metadata",
           title=F("plain", "Qatar's Relations with NATO", "document title"),
           subject=F("plain", "Briefing", "the kind of document"),
           keywords=F("plain", "Qatar, NATO, ...", "keywords, comma-separated"),
           created=F("plain", "2026-11-29T00:00:00+00:00", "creation date (the data's last change)")),
    custom=F("mapping of section", "{\"economic\": {...}}",
             "the record's own sections this audience lists and may see, by id",
             id=F("plain", "economic", "the section's id"),
             title=F(TEXT, "Economic relations", "its title"),
             paragraphs=F("list of text", "[...]", "paragraphs"),
             bullets=F("list of text", "[...]", "bullet list"),
             table=F("mapping", "{...}", "a table; null if none (or every row was cleared away)",
                     columns=F("list of text", "[\"Year\", \"Item\"]", "headers"),
                     rows=F("list of list of text", "[[\"2019\", \"...\"]]", "rows of cells")),
             facts=F("list of mapping", "[{...}]", "dated key facts, in date order",
                     when=F(TEXT, "May 2020", "the date at its precision"),
                     text=F(TEXT, "...", "the fact"))),
    sections=F("list of plain", "[\"summary\", \"economic\", ...]",
               "the briefing's sections in the profile's order, empty ones left out"),
    left_out=F("list of plain", "[\"notes\"]",
               "parts this document would print but has nothing for (sections, or a one-page document's parts)"),
    carded=F("mapping of plain", "{\"ipcp-approval\": \"agreements\"}",
             "event id -> the section that prints it as a card with its description"),
    contents=F("list of mapping", "[{...}]", "the same sections with their titles, for the contents",
               id=F("plain", "economic", "section id (also the heading's HTML id)"),
               title=F(TEXT, "Economic relations", "its title")),
    figures=F("mapping", "{...}", "figures drawn from the chronology",
              timeline=Field("figure", "{...}", "the briefing's timeline", FIGURE, optional=True),
              timeline_compact=Field("figure", "{...}", "the fact sheet's compact timeline", FIGURE, optional=True),
              activity=Field("figure", "{...}", "the briefing's events per year by kind (null if too few)", FIGURE,
                             optional=True)),
)

# Classes on the documents' visible parts, for an audience.css to hide or restyle
# (e.g. `.hijri { display: none; }`). A test renders the documents and checks each is there.
CLASSES: dict[str, str] = {
    "doc-label": "the line above the title (kind of document, who it is prepared for)",
    "doc-kind": "the kind of document, in that line",
    "prepared-for": "\"· Prepared for: ...\", in that line",
    "doc-title": "the document's title",
    "parties": "the parties",
    "issued": "the date of issue, Gregorian and Hijri (on the cover: its row)",
    "gregorian": "the Gregorian date of issue",
    "hijri": "the Hijri date of issue, with its separator, on every document",
    "updated": "\"Data last updated\" (on the cover: its row)",
    "marking": "the cover's marking row (the running marking is in the page margins: page.css)",
    "marking-word": "the marking itself, on the cover",
    "logo": "the audience's logo",
    "toc": "the briefing's contents",
    "chapter": "every briefing section",
    "section-<id>": "one briefing section, e.g. .section-summary, .section-economic",
    "custom-section": "every section declared in the record",
    "custom-table": "a declared section's table",
    "custom-facts": "a declared section's dated key facts",
    "figure": "every figure (and .figure-timeline, .figure-activity, .figure-timeline-compact)",
    "caption": "figure captions",
    "sheet-facts": "the fact sheet's key facts, heading included",
    "key-facts": "the key facts themselves (fact sheet and card)",
    "sheet-areas": "the fact sheet's areas of cooperation",
    "sheet-summary": "the fact sheet's summary",
    "sheet-chronology": "the fact sheet's chronology: compact timeline and table",
    "sheet-hosted": ("the fact sheet's events hosted (in `.main` after the chronology; "
                     "in `.panel` after the areas in a left-to-right sheet)"),
    "sheet-sources": "the fact sheet's sources line",
    "talking-points": "talking points (briefing section and card)",
    "kind-<kind>": "a chronology row or event of that kind, e.g. .kind-visit",
}


# -- templates against the schema ------------------------------------------------

SCHEMA_HINT = " (the view is declared in briefgen/view/schema.py; see docs/templates.md)"
ITEM = "[]"      # one item of a list, or one value of a mapping keyed by the data


def doc_paths(template: nodes.Template) -> list[tuple[tuple[str, ...], int]]:
    """Every chain of names read from `doc` in a template (doc.a.b, doc["a"],
    doc.list[0].b), with its line. `{% set w = doc.words %}` makes w.x read
    doc.words.x; `{% for item in doc.chronology %}` makes item.when read
    doc.chronology[].when inside the loop (and only there)."""
    found: list[tuple[tuple[str, ...], int]] = []
    walk(template, {"doc": ()}, found)
    return found


def walk(node: nodes.Node, aliases: dict[str, tuple[str, ...]], found: list) -> None:
    if isinstance(node, nodes.For):
        walk(node.iter, aliases, found)
        inner = dict(aliases)
        bind(node.target, name_chain(node.iter, aliases), inner)
        for child in node.body + ([node.test] if node.test else []):
            walk(child, inner, found)
        for child in node.else_:
            walk(child, aliases, found)
        return
    if isinstance(node, (nodes.Macro, nodes.CallBlock)):
        inner = {name: chain for name, chain in aliases.items() if name not in {a.name for a in node.args}}
        if isinstance(node, nodes.CallBlock):
            walk(node.call, aliases, found)
        for child in node.body:
            walk(child, inner, found)
        return
    if isinstance(node, nodes.Assign):
        walk(node.node, aliases, found)
        if isinstance(node.target, nodes.Name):
            chain = name_chain(node.node, aliases)
            if chain is None:
                aliases.pop(node.target.name, None)
            else:
                aliases[node.target.name] = chain
        return
    if isinstance(node, (nodes.Getattr, nodes.Getitem)):
        chain = name_chain(node, aliases)
        if chain is not None:
            found.append((chain, node.lineno))
    for child in node.iter_child_nodes():
        walk(child, aliases, found)


def bind(target: nodes.Node, chain: Optional[tuple[str, ...]], aliases: dict) -> None:
    """A loop variable reads one item of what it loops over; tuple targets
    (for label, value in ...) are not followed."""
    for name in target.find_all(nodes.Name) if not isinstance(target, nodes.Name) else [target]:
        aliases.pop(name.name, None)
    if isinstance(target, nodes.Name) and chain is not None:
        aliases[target.name] = chain + (ITEM,)


def name_chain(node: nodes.Node, aliases: dict[str, tuple[str, ...]]) -> Optional[tuple[str, ...]]:
    if isinstance(node, nodes.Name):
        return aliases.get(node.name)
    if isinstance(node, nodes.Getattr):
        parent = name_chain(node.node, aliases)
        return parent + (node.attr,) if parent is not None else None
    if isinstance(node, nodes.Getitem):
        parent = name_chain(node.node, aliases)
        if parent is None:
            return None
        if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            return parent + (node.arg.value,)
        return parent + (ITEM,)        # doc.sources[0], doc.custom[id]
    return None


def unknown_field(chain: tuple[str, ...], strings: Optional[dict]) -> Optional[str]:
    """None if the view can have doc.<chain>; else what is wrong with it."""
    if any(name.startswith("_") for name in chain):
        return None         # Python internals: the sandbox refuses them, with its own message
    spec, where = Field("mapping", "", "", VIEW), "doc"
    for depth, name in enumerate(chain):
        if spec.type == "strings":
            return unknown_word(chain[depth:], strings, where)
        if name == ITEM:
            if (spec.type.startswith("list") or spec.open) and spec.fields and "list of list" not in spec.type:
                spec, where = Field("mapping", "", "", spec.fields), where + ITEM
                continue
            return None     # items of a list of plain values, or keys the data chooses
        if spec.type.startswith("list") or spec.open or not spec.fields:
            return None     # a list's own attributes, or a plain value's: not the view's business
        if name not in spec.fields:
            close = difflib.get_close_matches(name, list(spec.fields), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            return f"'{where}' has no field '{name}'{hint}" + SCHEMA_HINT
        spec, where = spec.fields[name], f"{where}.{name}"
    return None


def unknown_word(chain: tuple[str, ...], strings: Optional[dict], where: str) -> Optional[str]:
    table = strings
    if table is None:
        return None         # strings.yaml is itself invalid: reported on its own
    for name in chain:
        if not isinstance(table, dict) or name == ITEM:
            return None     # w.sections[id]: a key the data chooses
        if name not in table:
            close = difflib.get_close_matches(name, [str(k) for k in table], n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            return f"'{where}' has no entry '{name}' in templates/strings.yaml{hint}"
        table, where = table[name], f"{where}.{name}"
    return None


def check_template_fields(env: jinja2.Environment, name: str, strings: dict) -> list[tuple[int, str]]:
    """(line, message) for each name a template reads from `doc` that the view lacks."""
    source, _, _ = env.loader.get_source(env, name)
    problems = []
    for chain, line in doc_paths(env.parse(source)):
        message = unknown_field(chain, strings)
        if message:
            problems.append((line, message))
    return sorted(set(problems))


# -- the reference (docs/templates.md) ---------------------------------------------

def reference_markdown() -> str:
    """docs/templates.md, made from VIEW and CLASSES (`generate.py template-reference`)."""
    lines = [
        "# What a template receives",
        "",
        "<!-- Generated by `python generate.py template-reference` from briefgen/view/schema.py;",
        "     a test fails when this file and the code differ. Do not edit by hand. -->",
        "",
        "Every document template (`briefing.html`, `factsheet.html`, `card.html`, `sections/*.html`,",
        "`css/page.css`) is rendered with one variable, `doc`: the view of one relationship for one",
        "audience, document and language, after clearance. Nothing else of the record reaches a",
        "template. `check` refuses a template that reads a name not listed here",
        "(`templates/factsheet.html:10:1: template: 'doc' has no field 'titel' (did you mean 'title'?)`).",
        "",
        "Types: *text* is escaped, localised text (digits in the audience's style, runs of the other",
        "script isolated) — print it as it is; *plain* is a string or number used as is; *null* marks",
        "an optional value that may be absent. Examples are from an English document.",
        "",
        "| name | type | example | meaning |",
        "| --- | --- | --- | --- |",
    ]
    lines += list(reference_rows(VIEW, "doc"))
    lines += [
        "",
        "`doc.words` holds `templates/strings.yaml` in the document's language (e.g.",
        "`doc.words.sections.summary`, `doc.words.labels.place`); `check` refuses a key that file lacks.",
        "Briefing sections are drawn by `sections/<id>.html` with the loop variable `id`; a section",
        "declared in the record by `sections/custom.html`, which reads `doc.custom[id]`.",
        "",
        "## Classes an audience.css can hide or restyle",
        "",
        "Each audience's `audience.css` is applied after the base stylesheets, so",
        "`.hijri { display: none; }` there removes the Hijri date from every one of its documents.",
        "",
        "| class | what it marks |",
        "| --- | --- |",
    ]
    lines += [f"| `.{name}` | {meaning} |" for name, meaning in CLASSES.items()]
    return "\n".join(lines) + "\n"


def reference_rows(fields: dict[str, Field], prefix: str) -> Iterator[str]:
    for name, spec in fields.items():
        path = f"{prefix}.{name}"
        example = spec.example.replace("|", "\\|")
        kind = f"{spec.type}, optional" if spec.optional else spec.type
        yield f"| `{path}` | {kind} | `{example}` | {spec.meaning} |"
        if spec.fields:
            if spec.type == "mapping of section":
                child = f"{path}[id]"
            elif spec.type.startswith("list"):
                child = f"{path}[]"
            else:
                child = path
            if spec.fields is not EVENT or name == "chronology":
                yield from reference_rows(spec.fields, child)
