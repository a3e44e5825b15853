"""reports/index.html: every document with its first-page thumbnail, named in
Arabic and English. `serve` lays out its front page with the same template."""
from __future__ import annotations

from pathlib import Path

import jinja2

from .atomic import write_atomically
from .manifest import Manifest
from ..paths import Project


def index_environment(templates: Path) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)),
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


def write_index(project: Project, manifest: Manifest) -> None:
    rows = []
    for name, entry in sorted(manifest.entries.items()):
        thumbnail = project.thumbnail_path(project.reports / name)
        rows.append({**index_row(name, entry), "link": name, "pdf": name,
                     "thumbnail": thumbnail.relative_to(project.reports).as_posix() if thumbnail.is_file() else None})
    html = index_environment(project.templates).get_template("index.html").render(rows=rows, live=False)
    write_atomically(project.reports / "index.html", html.encode("utf-8"))
