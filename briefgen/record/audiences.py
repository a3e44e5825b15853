"""Audience profiles: templates/audiences/<name>/audience.yaml, validated like data.

An audience is a folder. Its profile says which languages, documents and
sections it gets, its clearance, digits, paper, branding and marking; any
template or stylesheet in the folder overrides the base one of the same name
(render/engine.py puts the folder first on the template search path). Adding an
audience is adding a folder: no code changes.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import yaml

from ..errors import Location, Problem, ValidationFailed
from ..paths import relative_name
from .languages import DIGIT_STYLES, LANGUAGES
from . import limits
from .acceptance import read_accepts
from .kinds import PAPERS, load_kinds
from .model import CLASSIFICATIONS, Accept, Text
from .yamlnodes import ID_PATTERN, NodeReader, did_you_mean, read_yaml

# "none", or a WeasyPrint variant: tagged PDF/UA for accessibility, PDF/A-3 for archiving.
PDF_VARIANTS = ("none", "pdf/ua-1", "pdf/a-3a", "pdf/a-3u")
COVERS = ("full", "compact")
JUSTIFICATIONS = ("spaces", "kashida")     # kashida: Arabic lines elongate joins first
# The output formats a profile may ask for (output/formats.py registers a writer for each).
FORMATS = ("pdf", "docx")
SECTIONS = ("talking_points", "summary", "background", "timeline", "chronology", "hosted", "exchanges",
            "agreements", "representation", "notes", "sources")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
PROFILE = "audience.yaml"


@dataclass(frozen=True)
class Audience:
    name: str
    folder: Path
    title: Text
    languages: tuple[str, ...]
    documents: tuple[str, ...]
    sections: tuple[str, ...]
    clearance: str
    digits: str = "western"
    paper: str = "a4"
    pdf_variant: str = "none"
    print_marks: bool = False             # 3 mm bleed and crop marks for the print shop
    cover: str = "full"
    justify: str = "spaces"               # kashida: see render/kashida.py
    changes: bool = True                  # no: no "new since the last issue" box, whatever the kind says
    tags: tuple[str, ...] = ()
    marking: Optional[Text] = None        # replaces the classification word, e.g. for public release
    logo: Optional[str] = None            # file in the audience folder
    accent: str = "#7a1430"
    accent_soft: str = "#f4e9ec"
    accept: tuple[Accept, ...] = ()      # warnings accepted for this audience's documents
    # Where each of `sections` is written, to name a section id no record declares.
    section_places: tuple[Location, ...] = field(default=(), compare=False, repr=False)
    # Its folders, the project's then the shipped one, where they exist: searched
    # file by file for overrides, audience.css and the logo (`folder` holds the profile).
    folders: tuple[Path, ...] = field(default=(), compare=False, repr=False)
    # ((doc, (lang, ...)), ...) when the profile gives languages per document
    # (`documents: {briefing: [ar], factsheet: [en, ar]}`); empty: every document
    # in every one of `languages`.
    per_document: tuple[tuple[str, tuple[str, ...]], ...] = ()
    formats: tuple[str, ...] = ("pdf",)   # every document in each: pdf, docx (editable Word)

    @property
    def search_folders(self) -> tuple[Path, ...]:
        return self.folders or (self.folder,)

    def own_file(self, name: str) -> Optional[Path]:
        """A file of this audience's (audience.css, the logo), from the first folder that has it."""
        return next((f / name for f in self.search_folders if (f / name).is_file()), None)

    def languages_of(self, doc: str) -> tuple[str, ...]:
        """The languages this audience gets `doc` in (none if it does not get it)."""
        if doc not in self.documents:
            return ()
        return dict(self.per_document).get(doc, self.languages)


def load_audiences(templates: Path | tuple[Path, ...], shown_from: Optional[Path] = None,
                   documents: Optional[tuple[str, ...]] = None) -> dict[str, Audience]:
    """Every audience of the template layers (Project.template_layers: the
    project's templates/, then the shipped one): its profile from the first
    layer that has one, its folders from every layer. `documents`: the kinds
    a profile may list (default: those of the layers' documents.yaml, kinds.py)."""
    layers = templates if isinstance(templates, tuple) else (templates,)
    templates = layers[0]
    documents = tuple(load_kinds(layers)) if documents is None else documents
    problems: list[Problem] = []
    audiences = {}
    folder = templates / "audiences"
    profiles = {}
    for layer in layers:
        for profile in sorted((layer / "audiences").glob(f"*/{PROFILE}")):
            profiles.setdefault(profile.parent.name, profile)
    for name in sorted(profiles):
        folders = tuple(layer / "audiences" / name for layer in layers if (layer / "audiences" / name).is_dir())
        audience = read_profile(profiles[name], relative_name(profiles[name], shown_from or templates.parent), problems,
                                folders, documents)
        if audience is not None:
            audiences[audience.name] = audience
    if not audiences and not problems:
        problems.append(Problem(Location(relative_name(folder, shown_from or templates.parent)),
                                f"no audience profiles found (expected <name>/{PROFILE})"))
    if problems:
        raise ValidationFailed(problems)
    return audiences


def read_profile(path: Path, name_shown: str, problems: list[Problem],
                 folders: tuple[Path, ...] = (), kinds: tuple[str, ...] = ()) -> Optional[Audience]:
    reader = NodeReader(name_shown, problems)
    before = len(problems)
    root = read_yaml(path, name_shown, problems)
    fields = reader.mapping(root, "") if root is not None else None
    if fields is None:
        return None
    name = path.parent.name
    if not ID_PATTERN.match(name):
        reader.fail(root, "", f"audience folder name {name!r} must be lower-case letters, digits and hyphens")
    places: list[Location] = []

    def section_id(node, path):
        """A built-in section or one a relationship file declares (checked
        once the data is read: check_sections)."""
        value = reader.scalar(node, path, "a section id")
        if value is not None and value not in SECTIONS and not ID_PATTERN.match(value):
            reader.fail(node, path, f"expected one of {', '.join(SECTIONS)}, or the id of a section declared "
                                    f"in a relationship file, got {value!r}{did_you_mean(value, SECTIONS)}")
            return None
        if value is not None:
            places.append(reader.at(node, path))
        return value

    branding = fields.optional("branding", reader.mapping)
    documents, languages, per_document = read_documents(reader, fields, kinds)
    audience = Audience(
        name=name,
        folder=path.parent,
        title=fields.get("title", reader.text),
        languages=languages,
        documents=documents,
        per_document=per_document,
        sections=fields.get("sections", reader.list_of(section_id), ()),
        clearance=fields.get("clearance", reader.choice(CLASSIFICATIONS)),
        digits=fields.optional("digits", reader.choice(DIGIT_STYLES), "western"),
        paper=fields.optional("paper", reader.choice(PAPERS), "a4"),
        pdf_variant=fields.optional("pdf_variant", reader.choice(PDF_VARIANTS), "none"),
        print_marks=fields.optional("print_marks", reader.choice(("yes", "no")), "no") == "yes",
        cover=fields.optional("cover", reader.choice(COVERS), "full"),
        justify=fields.optional("justify", reader.choice(JUSTIFICATIONS), "spaces"),
        changes=fields.optional("changes", reader.choice(("yes", "no")), "yes") == "yes",
        tags=fields.optional("tags", reader.list_of(reader.ident), ()),
        formats=fields.optional("formats", reader.list_of(reader.choice(FORMATS)), ("pdf",)),
        marking=fields.optional("marking", reader.text),
        accept=fields.optional("accept", lambda n, p: read_accepts(reader, n, p, in_profile=True), ()),
        **read_branding(reader, branding, folders or (path.parent,)),
    )
    audience = dataclasses.replace(audience, section_places=tuple(places), folders=folders)
    fields.finish()
    check_marking(reader, fields, audience)
    node = fields.node_of("formats")
    if fields.has("formats") and len(set(audience.formats)) < len(audience.formats):
        reader.fail(node, "formats", "a format is listed twice")
    for key in ("languages", "documents", "sections", "formats"):
        # Only a list written empty: one whose entries are all wrong has said so already.
        node = fields.node_of(key)
        if fields.has(key) and isinstance(node, yaml.SequenceNode) and not node.value:
            reader.fail(node, key, "expected at least one entry")
    return audience if len(problems) == before else None


def check_marking(reader: NodeReader, fields, audience: Audience) -> None:
    """A `marking` replaces the classification word on every page, and its
    wording cannot be read for a level: under a clearance above public it
    could say "for public release" on a page holding restricted text. So only
    a public audience may word its own; the others' pages carry the highest
    classification left in them (worded in strings.yaml, `classification:`)."""
    if audience.marking is not None and audience.clearance not in (None, CLASSIFICATIONS[0]):
        reader.fail(fields.node_of("marking"), "marking",
                    f"a profile's own marking replaces the classification on every page, so only an audience "
                    f"with clearance public may give one; this one is cleared for {audience.clearance}, and its "
                    f"pages must carry the highest classification they hold: delete the line")


def read_documents(reader: NodeReader, fields, kinds: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...], tuple]:
    """(documents, languages, per_document) from `documents:` and `languages:`,
    the documents among `kinds` (templates/documents.yaml). A list of documents
    takes every language of `languages:`; a mapping gives each document its
    own, and then alone decides the languages."""
    if not isinstance(fields.node_of("documents"), yaml.MappingNode) or not fields.has("documents"):
        return (fields.get("documents", reader.list_of(lambda n, p: document_name(reader, n, p, kinds)), ()),
                fields.get("languages", reader.list_of(reader.choice(LANGUAGES)), ()), ())
    per_document = fields.get("documents", lambda node, p: read_per_document(reader, node, p, kinds))
    if fields.has("languages"):
        fields.used.add("languages")
        reader.fail(fields.node_of("languages"), "languages",
                    "leave this out: documents: gives the languages of each document")
    languages = tuple(lang for lang in LANGUAGES if any(lang in langs for _, langs in per_document))
    return tuple(doc for doc, _ in per_document), languages, per_document


def document_name(reader: NodeReader, node, path: str, kinds: tuple[str, ...]) -> Optional[str]:
    """One entry of a list of documents; 'factsheet.en' is pointed to the mapping form."""
    value = node.value if isinstance(node, yaml.ScalarNode) else None
    if isinstance(value, str) and value.count(".") == 1:
        doc, lang = value.split(".")
        if doc in kinds and lang in LANGUAGES:
            reader.fail(node, path, f"expected one of {', '.join(kinds)}, got {value!r}; to give each "
                                    f"document its languages write a mapping, e.g. documents: {{{doc}: [{lang}]}}")
            return None
    return reader.choice(kinds)(node, path)


def read_per_document(reader: NodeReader, node, path: str,
                      kinds: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """documents: {briefing: [ar], factsheet: [en, ar]}: each document with its
    languages, in the order written."""
    mapping = reader.mapping(node, path)
    if mapping is None:
        return ()
    if not mapping.fields:
        reader.fail(node, path, "expected at least one entry")
    found = []
    for key, (key_node, value_node) in mapping.fields.items():
        doc = reader.choice(kinds)(key_node, mapping.child(key))
        langs = reader.list_of(reader.choice(LANGUAGES))(value_node, mapping.child(key))
        if isinstance(value_node, yaml.SequenceNode) and not value_node.value:
            reader.fail(value_node, mapping.child(key), "expected at least one language")
        if len(set(langs)) < len(langs):
            reader.fail(value_node, mapping.child(key), "a language is listed twice")
        if doc is not None and langs:
            found.append((doc, tuple(langs)))
    return tuple(found)


def read_branding(reader: NodeReader, branding, folders: tuple[Path, ...]) -> dict:
    """branding: {logo: file in the folder, accent: '#rrggbb', accent_soft: '#rrggbb'}."""
    if branding is None:
        return {}
    values = {}
    logo = branding.optional("logo", reader.string)
    if logo is not None:
        folder = next((f for f in folders if (f / logo).is_file()), folders[0]) if "/" not in logo else folders[0]
        if "/" in logo or logo.startswith(".") or not (folder / logo).is_file() \
                or not (folder / logo).resolve().is_relative_to(folder.resolve()):
            reader.fail(branding.node_of("logo"), "branding.logo",
                        f"expected the name of a file in {folder.name}/, got {logo!r}")
        elif (size := (folder / logo).stat().st_size) > limits.MAX_LOGO_BYTES:
            reader.fail(branding.node_of("logo"), "branding.logo",
                        f"{logo} is {size:,} bytes; the limit is {limits.MAX_LOGO_BYTES:,} for a logo "
                        f"(README: Limits)")
        values["logo"] = logo
    for key in ("accent", "accent_soft"):
        colour = branding.optional(key, reader.string)
        if colour is not None:
            if not COLOUR.match(colour):
                reader.fail(branding.node_of(key), f"branding.{key}", f"expected a colour #rrggbb, got {colour!r}")
            values[key] = colour
    branding.finish()
    return values


def check_sections(audiences: dict[str, Audience], declared: frozenset[str],
                   maybe_declared=lambda section: False) -> list[Problem]:
    """Every section a profile lists is built in or declared by some relationship
    file (`sections:`); a relationship that does not declare it simply leaves it out.
    `maybe_declared(id)`: whether a file that could not be read may declare it."""
    known = SECTIONS + tuple(sorted(declared))
    problems = []
    for audience in audiences.values():
        for section, where in zip(audience.sections, audience.section_places):
            if section not in known and not maybe_declared(section):
                problems.append(Problem(where, f"expected one of {', '.join(SECTIONS)}, or the id of a section "
                                               f"declared in a relationship file{declared_list(declared)}, "
                                               f"got {section!r}{did_you_mean(section, known)}"))
        seen = set()
        for section, where in zip(audience.sections, audience.section_places):
            if section in seen:
                problems.append(Problem(where, f"section {section!r} is listed twice"))
            seen.add(section)
    return problems


def declared_list(declared: frozenset[str]) -> str:
    return f" ({', '.join(sorted(declared))})" if declared else ""
