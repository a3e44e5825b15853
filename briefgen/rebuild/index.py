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
from typing import Callable

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .atomic import write_atomically
from .manifest import Manifest
from ..paths import Project

INDEX = "index.html"
AUDIENCE_INDEX = "index-audience.html"     # the template of an audience folder's index


def index_environment(templates: Path) -> jinja2.Environment:
    # Templates are edited by many hands: the sandbox, as for documents.
    return SandboxedEnvironment(loader=jinja2.FileSystemLoader(str(templates)),
                                autoescape=True, undefined=jinja2.StrictUndefined)


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


# (relation, audience, html) -> (write it?, error): the build's leak guard.
IndexGuard = Callable[[str, str, str], "tuple[bool, str | None]"]


def write_index(project: Project, manifest: Manifest, guard: IndexGuard = lambda r, a, html: (True, None)) -> list[str]:
    """Write the indexes; returns the errors of audience indexes the guard
    refused (each left as it was: a template can include any file under
    templates/, another audience's profile too)."""
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
    html = env.get_template(INDEX).render(rows=rows, live=False, audiences=audiences)
    write_if_changed(project.reports / INDEX, html.encode("utf-8"))
    errors = []
    for folder, documents in folders.items():
        # Only documents whose file is there, linked by name within the folder;
        # no status or error text (those name paths and belong to the operator).
        html = env.get_template(AUDIENCE_INDEX).render(documents=documents)
        if unchanged(folder / INDEX, html.encode("utf-8")):
            continue     # judged when it was written; a no-op rebuild need not find what was withheld again
        write, error = guard(documents[0]["relation"], documents[0]["audience"], html)
        if error:
            errors.append(error)
        if write:
            write_atomically(folder / INDEX, html.encode("utf-8"))
    return errors


def unchanged(path: Path, content: bytes) -> bool:
    try:
        return path.read_bytes() == content
    except OSError:
        return False


def write_if_changed(path: Path, content: bytes) -> None:
    """Every build rewrites the indexes; an unchanged one keeps its file (and
    its time), so a mirror of a published folder does not send it again."""
    if not unchanged(path, content):
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
