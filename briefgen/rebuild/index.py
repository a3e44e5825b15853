"""The indexes: one per audience folder, publishable; one for the operator.

reports/<relation>/<audience>/index.html lists that folder's documents alone,
with their first-page thumbnails in the folder's thumbnails/; every link is
relative and stays inside the folder, so the folder can be published as it is
and names no other audience's documents. reports/index.html (beside
manifest.json, outside every audience folder) is the operator's: every
document of every audience, named in Arabic and English, its status and
errors, and a link to each audience's index. `serve` lays out its front page
with the same template.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .atomic import write_atomically
from ..errors import BuildError, Location, Problem
from .manifest import Manifest
from ..paths import Project, confinement

INDEX = "index.html"
AUDIENCE_INDEX = "index-audience.html"     # the template of an audience folder's index


def index_environment(templates: Path) -> jinja2.Environment:
    # Templates are edited by many hands: the sandbox, as for documents.
    return SandboxedEnvironment(loader=IndexLoader(templates), autoescape=True, undefined=jinja2.StrictUndefined)


class IndexLoader(jinja2.BaseLoader):
    """The two index templates and nothing else: an index is published beside
    an audience's documents, so it may not include a profile, another
    audience's file or data/. Judged by the documents' rule (paths.confinement)."""

    def __init__(self, templates: Path):
        self.templates = templates

    def get_source(self, environment, template):
        if template not in (INDEX, AUDIENCE_INDEX):
            raise jinja2.TemplateNotFound(template)
        path = self.templates / template
        refused = confinement(path, self.templates.resolve(), name=template)
        if refused:
            raise jinja2.TemplateError(f"index template {refused}; refused")
        return path.read_text(encoding="utf-8"), str(path), lambda: False   # environments are made afresh


def index_row(name: str, entry: dict) -> dict:
    """The fields the index shows for one manifest entry; entries written
    before documents had names fall back to their ids."""
    ids = {"ar": entry.get("relation", ""), "en": entry.get("relation", "")}
    audience = {"ar": entry.get("audience", ""), "en": entry.get("audience", "")}
    label = {"ar": entry.get("doc", ""), "en": entry.get("doc", "")}
    return {"name": name.removesuffix(".pdf"), "relation": entry.get("relation", ""),
            "audience": entry.get("audience", ""), "doc": entry.get("doc", ""), "lang": entry.get("lang", "en"),
            "title": entry.get("title") or ids, "label": entry.get("label") or label,
            "audience_title": entry.get("audience_title") or audience,
            "pages": entry.get("pages", 0), "status": entry.get("status", ""),
            "built_at": entry.get("built_at", ""), "error": entry.get("error")}


def write_index(project: Project, manifest: Manifest) -> None:
    env = index_environment(project.templates)
    rows, folders = [], defaultdict(list)
    for name, entry in sorted(manifest.entries.items()):
        output = project.reports / name
        thumbnail = project.thumbnail_path(output)
        row = {**index_row(name, entry), "link": name, "pdf": name,
               "thumbnail": thumbnail.relative_to(project.reports).as_posix() if thumbnail.is_file() else None}
        rows.append(row)
        if output.is_file():
            folders[output.parent].append({**row, "link": output.name, "pdf": output.name, "error": None,
                                           "thumbnail": thumbnail.relative_to(output.parent).as_posix()
                                           if thumbnail.is_file() else None})
    audiences = [folder.relative_to(project.reports).as_posix() for folder in sorted(folders)]
    html = render_index(env, INDEX, project, rows=rows, live=False, audiences=audiences)
    write_if_changed(project.reports / INDEX, html.encode("utf-8"))
    for folder, documents in folders.items():
        # Only documents whose file is there, linked by name within the folder;
        # no status or error text (those name paths and belong to the operator).
        html = render_index(env, AUDIENCE_INDEX, project, documents=documents)
        write_if_changed(folder / INDEX, html.encode("utf-8"))


def render_index(env: jinja2.Environment, name: str, project: Project, **context) -> str:
    """An index's HTML, or BuildError naming the template's file and line."""
    from ..document.render import template_error_text
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateError as err:
        raise BuildError(f"index: template error: {template_error_text(err, project.root)}") from None


def index_problems(project: Project) -> list[Problem]:
    """Both index templates rendered with sample rows (check, and a build before
    it writes anything): a template that fails there would fail at the end of
    every build, after the documents are written."""
    built = {"relation": "sample", "audience": "sample", "doc": "briefing", "lang": "ar", "pages": 1,
             "status": "built", "built_at": "2026-01-01T00:00:00+00:00"}
    row = {**index_row("sample/sample/briefing.ar.pdf", built), "link": "briefing.ar.pdf", "pdf": "briefing.ar.pdf",
           "thumbnail": "thumbnails/briefing.ar.png"}
    failed = {**row, "status": "failed", "error": "sample error", "thumbnail": None}
    from ..document.render import template_error_place
    env, problems = index_environment(project.templates), []
    for name, context in ((INDEX, {"rows": [row, failed], "live": False, "audiences": ["sample/sample"]}),
                          (AUDIENCE_INDEX, {"documents": [row]})):
        try:
            env.get_template(name).render(**context)
        except jinja2.TemplateError as err:
            file, line = template_error_place(err) or (project.templates / name, 0)
            shown = Path(file).relative_to(project.root) if Path(file).is_relative_to(project.root) else file
            problems.append(Problem(Location(str(shown), line, 1 if line else 0),
                                    f"template: {getattr(err, 'message', None) or err}"))
    return problems


def write_if_changed(path: Path, content: bytes) -> None:
    """Every build rewrites the indexes; an unchanged one keeps its file (and
    its time), so a mirror of a published folder does not send it again."""
    try:
        if path.read_bytes() == content:
            return
    except OSError:
        pass
    write_atomically(path, content)


def remove_emptied_folder(project: Project, folder: Path) -> None:
    """After an audience folder's last document was pruned: its index, its
    thumbnails/ and the folders themselves, if nothing else is in them."""
    if any(folder.glob("*.pdf")):
        return
    (folder / INDEX).unlink(missing_ok=True)
    for empty in (project.thumbnail_path(folder / "x.pdf").parent, folder, folder.parent):
        try:
            if empty != project.reports:
                empty.rmdir()
        except OSError:
            return    # not empty (or not there): leave it
