"""Validate everything a build reads, and report every problem at once.

`check()` loads audience profiles, data and template words, compiles every
template (base and overrides) and checks that the bundled body font can draw
every character; it raises ValidationFailed with all problems, or returns the
validated Inputs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import jinja2

from .audiences import Audience, check_sections, load_audiences
from ..errors import Location, Problem, ValidationFailed
from ..document.fonts import missing_glyphs, texts_of, unreadable_fonts
# The one check that needs the document's columns: <<keep|…>> spans (as fonts: glyph coverage).
from ..document.overflow import Column, keep_message, keeps_too_wide, narrowest_column
from .load import load_record_partly
from .model import Record
from ..paths import Project
from .words import load_strings
from . import limits
from .model import LANGUAGES
from .yamlnodes import find_node, locate_char


@dataclass(frozen=True)
class Inputs:
    """Everything a build reads, validated: data, audiences, template words.
    `record` holds only valid relationships; `problems` are those of the
    relationship files left out (reported, and the build exits 2)."""
    record: Record
    audiences: dict[str, Audience]
    strings: dict
    problems: tuple[Problem, ...] = ()
    invalid: tuple[str, ...] = ()       # ids (file names) of the relationships left out


def check(project: Project) -> Inputs:
    """Validate audiences, data, template strings, templates and glyph coverage.
    A problem shared by every document (profiles, entities, templates, fonts)
    raises ValidationFailed with every problem found; a problem in one
    relationship file only leaves that relationship out (Inputs.problems)."""
    fatal: list[Problem] = []
    audiences = strings = None
    escapes = links_out_of_project(project)
    if escapes:         # refused unread: nothing below may read a file a link leads to
        raise ValidationFailed(escapes)
    try:
        audiences = load_audiences(project.template_layers, project.root)
    except ValidationFailed as failed:
        fatal += failed.problems
    record, shared, per_file = load_record_partly(project.data, set(audiences) if audiences else None,
                                                  project.root, project.entity_files())
    fatal += shared
    if audiences:
        fatal += check_sections(audiences, record.section_ids)
    try:
        strings = load_strings(project.template_file("strings.yaml"),
                               project.shown(project.template_file("strings.yaml")))
    except ValidationFailed as failed:
        fatal += failed.problems
    # Both languages of strings.yaml have the same keys (load_strings checks): either will do.
    fatal += check_templates(project, (audiences or {}).values(), strings["ar"] if strings else None)
    fatal += check_font_files(project)
    broken_fonts = unreadable_fonts(project.fonts, project.shown)
    fatal += broken_fonts
    # Coverage is read from the body font: not from a broken one (reported above).
    glyphs = missing_glyphs if not broken_fonts else lambda *args: []
    locate = locator(project)
    column = narrowest_column(documents_made(audiences or {})) if not broken_fonts else None
    fatal += glyphs(project.fonts, entity_texts(record, project), locate)
    if audiences and strings:
        fatal += glyphs(project.fonts, template_texts(audiences, strings, project), locate)
    relationships = dict(record.relationships)
    for relation_id, relationship in record.relationships.items():
        unprintable = glyphs(project.fonts, ((relationship.file, p, t) for p, t in texts_of(relationship)),
                             locate) + over_limits(relationship, project) + \
            wide_keeps(relationship, column, project.fonts, locate)
        if unprintable:
            per_file[relationship.file] = unprintable
            del relationships[relation_id]
    problems = tuple(p for found in per_file.values() for p in found)
    if fatal:
        raise ValidationFailed(fatal + list(problems))
    invalid = tuple(sorted(Path(file).stem for file in per_file))
    return Inputs(Record(record.entities, relationships, record.section_ids), audiences, strings, problems, invalid)


def links_out_of_project(project: Project) -> list[Problem]:
    """A project folder is untrusted input (a clone): its data/, templates/ and
    fonts/, and whatever is below them, may not lead outside it (Project.escapes),
    nor into one another (Project.crossings)."""
    problems = []
    for link, target in project.escapes():
        message = (f"a file with {link.lstat().st_nlink - 1} other hard link(s), which may be any file "
                   f"(the record, a key); refused" if link == target else
                   f"a link to {target}, outside the project folder {project.root}; refused")
        problems.append(Problem(Location(project.shown(link)), message))
    if not problems:     # (a link out of the project is named once, as such)
        problems += [Problem(Location(project.shown(path)), message) for path, message in project.crossings()]
    return problems


def entity_texts(record: Record, project: Project):
    entities = project.shown(project.data / "entities.yaml")
    for entity in record.entities.values():
        for path, text in texts_of(entity, f"entities.{entity.id}"):
            yield entities, path, text


def over_limits(relationship, project: Project) -> list[Problem]:
    """The limits of a whole record (per-field and per-list ones are checked
    while reading): its text per language, and the years its chronology
    spans (the figures draw every year of it)."""
    problems = []
    texts = list(texts_of(relationship))
    for lang in LANGUAGES:
        total = sum(len(text) for path, text in texts if path.endswith(f".{lang}"))
        if total > limits.MAX_RECORD_CHARS:
            problems.append(Problem(Location(relationship.file, 1, 1),
                                    f"{total:,} characters of text in {lang}; the limit is "
                                    f"{limits.MAX_RECORD_CHARS:,} for one relationship (README: Limits)"))
    dated = [(e.date.year, i) for i, e in enumerate(relationship.events) if e.date]
    if dated and max(dated)[0] - min(dated)[0] + 1 > limits.MAX_YEARS_SPANNED:
        (first, i), (last, j) = min(dated), max(dated)
        middle = sorted(dated)[len(dated) // 2][0]
        if last - middle > middle - first:      # name the outlier: usually one mistyped year
            i = j
        path = project.root / relationship.file     # an absolute name stays itself
        node = find_node(path, f"events[{i}].date")
        where = Location(relationship.file, node.start_mark.line + 1, node.start_mark.column + 1,
                         f"events[{i}].date") if node else Location(relationship.file, path=f"events[{i}].date")
        problems.append(Problem(where, f"the chronology runs from {first} to {last} ({last - first + 1} years); "
                                       f"the limit is {limits.MAX_YEARS_SPANNED} years (README: Limits)"))
    return problems


def documents_made(audiences: dict[str, Audience]) -> set[tuple[str, str]]:
    """(document, paper) of every document the profiles ask for (a card is always A5)."""
    return {(doc, "a5" if doc == "card" else audience.paper)
            for audience in audiences.values() for doc in audience.documents}


def wide_keeps(relationship, column: Column | None, fonts: Path, locate) -> list[Problem]:
    """<<keep|…>> spans that cannot fit the narrowest text column of the
    documents a build makes: refused here, by line, rather than failing every
    document at layout (document/overflow.py says what the bound covers)."""
    if column is None:
        return []
    return [Problem(locate(relationship.file, path, span), keep_message(width, column))
            for path, text in texts_of(relationship) if "<<keep|" in text
            for span, width in keeps_too_wide(text, column, fonts)]


def locator(project: Project):
    """Place a problem found in a loaded text (file shown, field path, character)
    at its file:line:column, reading the file again (only when there is one)."""
    def locate(shown: str, field_path: str, char: str) -> Location:
        path = project.root / shown      # files are named relative to it, or absolutely
        if not path.is_file():
            return Location(shown, path=field_path)
        return locate_char(path, shown, field_path, char)
    return locate


def check_font_files(project: Project) -> list[Problem]:
    """Every font file templates/css/fonts.css names (relative to fonts/) must exist: a missing one
    would silently fall back to another face."""
    css = project.template_file("css/fonts.css")
    problems = []
    for number, line in enumerate(css.read_text(encoding="utf-8").splitlines(), start=1):
        for url in re.findall(r"url\(([^)]+)\)", line):
            target = (project.fonts / url.strip("'\" ")).resolve()
            if not target.is_file():
                problems.append(Problem(Location(project.shown(css), number, line.index(url) + 1),
                                        f"font file {url} does not exist ({project.shown(target)})"))
    return problems


def template_texts(audiences: dict[str, Audience], strings: dict, project: Project):
    for audience in audiences.values():
        profile = project.shown(audience.folder / "audience.yaml")
        for path, text in texts_of({"title": audience.title, "marking": audience.marking}):
            yield profile, path, text
    for path, text in texts_of(strings):
        yield project.shown(project.templates / "strings.yaml"), path, text


def check_templates(project: Project, audiences: Iterable[Audience], strings: dict | None = None) -> list[Problem]:
    """Compile every template, base and audience overrides, before any document,
    and follow every template it names (extends, include, import): a name that
    resolves outside the template folders is reported where it is written. Every
    name a template reads from `doc` is checked against the view's schema (so a
    misspelt field fails here, even in a branch no document takes)."""
    from ..document.render import ConfinedLoader, audience_environment
    from ..document.schema import check_template_fields
    problems = []
    # Every folder of every template layer, each template compiled where it is found.
    folders = [(layer, None) for layer in project.template_layers] + \
        [(folder, a.search_folders) for a in audiences for folder in a.search_folders]
    for folder, audience_folders in folders:
        env = audience_environment(project.template_layers, audience_folders)
        loader = ConfinedLoader(folder, hidden=None if audience_folders else "audiences")
        for name in loader.list_templates():
            if not name.endswith((".html", ".css")):
                continue
            # A file an earlier layer shadows is never loaded: the one that is, is checked where it is.
            first = next((f / name for f in audience_folders if (f / name).is_file()), None) if audience_folders \
                else project.template_file(name)
            if first is not None and first != folder / name:
                continue
            shown = project.shown(folder / name)
            try:
                template = env.get_template(name)
            except jinja2.TemplateError as err:
                line = getattr(err, "lineno", 0) or 0
                problems.append(Problem(Location(shown, line, 1 if line else 0), f"template: {err.message}"))
                continue
            problems += check_references(env, template, shown)
            for line, message in check_template_fields(env, name, strings):
                problems.append(Problem(Location(shown, line, 1), f"template: {message}"))
    return problems


REFERENCES = (jinja2.nodes.Extends, jinja2.nodes.Include, jinja2.nodes.Import, jinja2.nodes.FromImport)


def check_references(env, template, shown: str) -> list[Problem]:
    """Every template named by a constant in extends/include/import must load
    (a name computed at render time is still confined by the loader then)."""
    from ..document.render import TemplateOutsideFolders
    source = Path(template.filename).read_text(encoding="utf-8")
    lines = source.splitlines()
    problems = []
    for node in env.parse(source).find_all(REFERENCES):
        names = [c.value for c in node.template.find_all(jinja2.nodes.Const) if isinstance(c.value, str)] \
            if not isinstance(node.template, jinja2.nodes.Const) else [node.template.value]
        for name in names:
            try:
                env.get_template(name)
            except TemplateOutsideFolders as err:
                text = lines[node.lineno - 1] if node.lineno <= len(lines) else ""
                column = text.find(name) + 1 if name in text else 1
                problems.append(Problem(Location(shown, node.lineno, column), f"template: {err.message}"))
            except jinja2.TemplateError:
                pass    # a missing name is reported when rendering (ignore missing, lists of names)
    return problems


def render_templates(inputs: Inputs, project: Project, issued) -> list[Problem]:
    """Render every template a build would use — each relationship, audience,
    document and language, with its real view — to HTML (no PDF), so a template
    that fails on real data fails `check`, named by template file and line."""
    from ..document.render import audience_environment, error_message, render_template, template_problem
    from ..document.select import Options, document_view
    problems: dict[str, Problem] = {}
    for audience in inputs.audiences.values():
        env = audience_environment(project.template_layers, audience.search_folders)
        for relationship in inputs.record.relationships.values():
            for doc in audience.documents:
                for lang in audience.languages_of(doc):
                    options = Options(audience, doc, lang, issued, "a5" if doc == "card" else audience.paper,
                                      audience.digits, audience.pdf_variant, audience.print_marks,
                                      fonts=project.fonts)
                    view = document_view(inputs.record, relationship, options, inputs.strings)
                    for name in (f"{doc}.html", "css/page.css"):
                        try:
                            render_template(env.get_template(name), doc=view)
                        except Exception as err:   # a filter's TypeError too: a message, never a traceback
                            problem = template_problem(err, project, name,
                                                       f"{relationship.id}/{audience.name}/{doc}.{lang}")
                            # One problem per place and message, named by the first document it failed.
                            problems.setdefault((problem.where, error_message(err)), problem)
    return list(problems.values())
