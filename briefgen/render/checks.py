"""What rendering reads, checked before any document: every template
compiled and followed (extends, include, import), every name it reads from
`doc` checked against the view's schema, the font files fonts.css names, and
every character of the record, profiles and strings drawable by the bundled
fonts. `check()` is the whole validation a build runs: the record's
(record/validate.py), then these.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Callable, Iterable

import jinja2

from ..errors import Location, Problem
from ..paths import Project, named_file
from ..record.audiences import Audience
from ..record.kinds import Kind
from ..record.model import Record
from ..record.validate import Inputs, read
from ..record.walk import texts_of
from ..record.yamlnodes import locate_char
from ..view.schema import check_template_fields
from ..view.select import document_view, profile_options
from .engine import ConfinedLoader, TemplateOutsideFolders, audience_environment, error_message, \
    render_template, stylesheet_files, template_problem
from .resources import folder_url, refused_in_rendered, refused_in_stylesheet
from .fonts import missing_glyphs, unreadable_fonts
# The one check that needs the document's columns: <<keep|…>> spans (as fonts: glyph coverage).
from .overflow import Column, keep_message, keeps_too_wide, narrowest_column
from .widths import frame_of, widths


class Passes:
    """Passes of `check` known to have found nothing on these very inputs
    (rebuild/verdicts.py remembers them), and those found clean now. A name
    is a pass and what it read beyond the template layers, fonts/ and the code
    (which the verdicts are keyed by): "templates", "fonts", "shared texts:<the
    entity files' digests>", "record:<file>:<digest of its bytes as parsed>".
    Only a clean pass is ever remembered: problems are always found afresh."""

    def __init__(self, known: Iterable[str] = ()):
        self.known, self.clean = frozenset(known), set()

    def run(self, name: str, find: Callable[[], list[Problem]]) -> list[Problem]:
        """find()'s problems, or none without running it if `name` is known clean."""
        if name in self.known:
            self.clean.add(name)
            return []
        problems = find()
        if not problems:
            self.clean.add(name)
        return problems


def check(project: Project, passes: Passes | None = None) -> Inputs:
    """Validate audiences, data, template strings, templates and glyph coverage.
    A problem shared by every document (profiles, entities, templates, fonts)
    raises ValidationFailed with every problem found; a problem in one
    relationship file only leaves that relationship out (Inputs.problems).
    `passes`: the passes known to have found nothing in these very files and
    code before, not run again (rebuild/verdicts.py); it hears the passes found clean."""
    passes = passes or Passes()
    reading = read(project)
    audiences, strings, record = reading.audiences, reading.strings, reading.record
    # Both languages of strings.yaml have the same keys (load_strings checks): either will do.
    reading.fatal += passes.run("templates", lambda: check_templates(project, (audiences or {}).values(),
                                                                     strings["ar"] if strings else None))
    broken_fonts = []

    def fonts() -> list[Problem]:
        broken_fonts.extend(unreadable_fonts(project.fonts, project.shown))
        return check_font_files(project) + broken_fonts
    reading.fatal += passes.run("fonts", fonts)
    # Coverage is read from the body font: not from a broken one (reported above).
    glyphs = missing_glyphs if not broken_fonts else lambda *args: []
    locate = locator(project)
    # Measured only if a record's pass runs (a probe layout, or its cache on disk).
    column = functools.cache(lambda: narrowest_column(widths(project, reading.kinds[doc], paper).column
                                                      for doc, paper in documents_made(audiences or {}, reading.kinds))
                             if not broken_fonts else None)
    shared = "shared texts:" + ",".join(record.digests.get(project.shown(path), "missing")
                                        for path in project.entity_files())
    reading.fatal += passes.run(shared, lambda: glyphs(project.fonts, entity_texts(record, project), locate)
                                + (glyphs(project.fonts, template_texts(audiences, strings, project), locate)
                                   if audiences and strings else []))

    def drawable(relationship) -> list[Problem]:
        texts = list(texts_of(relationship))
        return (glyphs(project.fonts, ((relationship.file, path, text) for path, text in texts), locate)
                + wide_keeps(texts, relationship.file, column(), project.fonts, locate))
    for relationship in record.relationships.values():
        name = f"record:{relationship.file}:{record.digests.get(relationship.file, 'missing')}"
        reading.leave_out(relationship, passes.run(name, lambda: drawable(relationship)))
    return reading.inputs()


def entity_texts(record: Record, project: Project):
    entities = project.shown(project.data / "entities.yaml")
    for entity in record.entities.values():
        for path, text in texts_of(entity, f"entities.{entity.id}"):
            yield entities, path, text


def documents_made(audiences: dict[str, Audience], kinds: dict[str, Kind]) -> set[tuple[str, str]]:
    """(document, paper) of every document the profiles ask for (a kind may fix its paper: the card's is A5)."""
    return {(doc, kinds[doc].paper_for(audience.paper))
            for audience in audiences.values() for doc in audience.documents}


def wide_keeps(texts: list[tuple[str, str]], file: str, column: Column | None, fonts: Path,
               locate) -> list[Problem]:
    """<<keep|…>> spans of a relationship's texts ((field path, text), from
    `file`) that cannot fit the narrowest text column of the documents a build
    makes: refused here, by line, rather than failing every document at layout
    (render/overflow.py says what the bound covers)."""
    if column is None:
        return []
    return [Problem(locate(file, path, span), keep_message(width, column))
            for path, text in texts if "<<keep|" in text
            for span, width in keeps_too_wide(text, column, fonts)]


def locator(project: Project):
    """Place a problem found in a loaded text (file shown, field path, character)
    at its file:line:column, reading the file again (only when there is one)."""
    def locate(shown: str, field_path: str, char: str) -> Location:
        path = named_file(shown, project.root)
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
    that fails on real data fails `check`, named by template file and line; and
    judge the URLs a build would fetch, in what they render and in the stylesheets."""
    problems: dict[tuple, Problem] = {}
    judged: dict = {}       # each stylesheet's URLs judged once per base and search path (base.css: every document's)
    frame = frame_of(project)
    for audience in inputs.audiences.values():
        env = audience_environment(project.template_layers, audience.search_folders)
        for relationship in inputs.record.relationships.values():
            for doc in audience.documents:
                for lang in audience.languages_of(doc):
                    options = profile_options(audience, inputs.kinds[doc], lang, issued, project.fonts, frame)
                    view = document_view(inputs.record, relationship, options, inputs.strings)
                    for name in (f"{doc}.html", "css/page.css"):
                        for key, problem in rendered(env, name, view, project, audience,
                                                     f"{relationship.id}/{audience.name}/{doc}.{lang}"):
                            # One problem per place and message, named by the first document it failed.
                            problems.setdefault(key, problem)
        for doc in audience.documents:
            for problem in stylesheets_refused(project, doc, audience, judged):
                problems.setdefault((problem.where, problem.message), problem)
    return list(problems.values())


def rendered(env, name: str, view: dict, project: Project, audience: Audience,
             rendering: str) -> list[tuple[tuple, Problem]]:
    """One template rendered as a build renders it: its error, or else the URLs
    in what it rendered that a build would refuse, each keyed by its place and
    message (without the document it was rendering)."""
    env.recorded = {}       # the templates this render loads: where a refused URL is written
    try:
        text = render_template(env.get_template(name), doc=view)
    except Exception as err:   # a filter's TypeError too: a message, never a traceback
        problem = template_problem(err, project, name, rendering)
        return [((problem.where, error_message(err)), problem)]
    finally:
        loaded, env.recorded = [Path(f) for f in env.recorded.values() if f], None
    base = folder_url(project.templates / Path(name).parent)     # as render/engine.py parses it
    return [((problem.where, problem.message.rpartition(" (rendering")[0]), problem)
            for problem in refused_in_rendered(project, text, name.endswith(".html"), base,
                                               audience.search_folders, loaded, rendering)]


def stylesheets_refused(project: Project, doc: str, audience: Audience, judged: dict) -> list[Problem]:
    """The static stylesheets of an audience's document, their URLs judged as
    the build's stylesheet loader resolves them (render/engine.py stylesheet:
    fonts.css's against fonts/, the others' against their own folder);
    `judged` remembers each answer for the next document."""
    problems = []
    for path in stylesheet_files(project, doc, audience):
        base = folder_url(project.fonts if path.name == "fonts.css" else path.parent)
        key = (path, base, audience.search_folders)
        if key not in judged:
            judged[key] = refused_in_stylesheet(project, path, base, audience.search_folders)
        problems += judged[key]
    return problems
