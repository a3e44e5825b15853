"""reports/index.html: every document with its first-page thumbnail."""
from __future__ import annotations

import jinja2

from .atomic import write_atomically
from .manifest import Manifest
from ..paths import Project


def write_index(project: Project, manifest: Manifest) -> None:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(project.templates)),
                             autoescape=True, undefined=jinja2.StrictUndefined)
    rows = []
    for name, entry in sorted(manifest.entries.items()):
        output = project.reports / name
        thumbnail = project.thumbnail_path(output)
        rows.append({**entry, "href": name,
                     "thumbnail": thumbnail.relative_to(project.reports).as_posix() if thumbnail.is_file() else None,
                     "built_at": entry.get("built_at", ""), "pages": entry.get("pages", 0),
                     "error": entry.get("error")})
    html = env.get_template("index.html").render(rows=rows)
    write_atomically(project.reports / "index.html", html.encode("utf-8"))
