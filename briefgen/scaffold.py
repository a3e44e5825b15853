"""`generate.py new-audience NAME --from press`: copy an audience folder to start a new one."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from .errors import BuildError

NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def own_templates(project, echo=print) -> Path:
    """The project's templates/ folder, made from the shipped one first if the
    project has none of its own (a new audience is written there, never into
    the shipped templates)."""
    from .paths import SHIPPED
    own = project.root / "templates"
    if project.templates != own and project.root != SHIPPED:
        shutil.copytree(project.templates, own)
        echo(f"copied the shipped templates to {own}, so this project can change them")
    return own


def scaffold_audience(templates: Path, name: str, source: str) -> Path:
    folder = templates / "audiences"
    if not NAME.match(name):
        raise BuildError(f"audience name {name!r}: use lower-case letters, digits and hyphens")
    if not (folder / source / "audience.yaml").is_file():
        known = ", ".join(sorted(p.parent.name for p in folder.glob("*/audience.yaml")))
        raise BuildError(f"no audience {source!r} to copy (known: {known})")
    target = folder / name
    if target.exists():
        raise BuildError(f"{target} already exists")
    shutil.copytree(folder / source, target)
    profile = target / "audience.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(f"# Scaffolded from {source!r}: change the title, then what this audience needs.\n"
                       + text, encoding="utf-8")
    return target
