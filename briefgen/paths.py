"""Where the project's inputs and outputs live, and which files rendering may read.

A project is a folder holding data/, templates/, fonts/, schedule.yaml and
reports/. Any of data/, templates/ and fonts/ it lacks is taken from the ones
shipped with briefgen (the checkout's own folders, or their copies inside an
installed package), so one install serves several projects.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent
# What ships with briefgen: the checkout's folders, or, once pip-installed, the
# copies pyproject.toml puts in the package (briefgen/shipped/).
SHIPPED = Path(__file__).resolve().parent / "shipped" \
    if (Path(__file__).resolve().parent / "shipped" / "templates").is_dir() else ROOT
PROJECT_VARIABLE = "BRIEFGEN_PROJECT"
OWN_FOLDERS = ("data", "templates", "fonts")


@dataclass(frozen=True)
class Project:
    root: Path = ROOT
    reports: Path = ROOT / "reports"
    data: Path = ROOT / "data"
    templates_dir: Optional[Path] = None     # default: root/templates
    fonts_dir: Optional[Path] = None         # default: root/fonts

    @property
    def templates(self) -> Path:
        return self.templates_dir or self.root / "templates"

    @property
    def template_layers(self) -> tuple[Path, ...]:
        """The templates/ folders, searched file by file: the project's own, then
        the shipped one. A project holding one profile or one override gets every
        other template from what ships (and later fixes to it)."""
        shipped = SHIPPED / "templates"
        if self.templates.absolute() == shipped.absolute() or not shipped.is_dir():
            return (self.templates,)
        return (self.templates, shipped)

    def template_file(self, name: str) -> Path:
        """templates/<name> from the first layer that has it (else the project's own path)."""
        return next((layer / name for layer in self.template_layers if (layer / name).is_file()),
                    self.templates / name)

    @property
    def fonts(self) -> Path:
        return self.fonts_dir or self.root / "fonts"

    @property
    def schedule(self) -> Path:
        return self.root / "schedule.yaml"

    @classmethod
    def at(cls, folder: Path, data: Optional[Path] = None, reports: Optional[Path] = None) -> "Project":
        """The project in a folder: its own data/, templates/, fonts/ where it has
        them, the shipped ones where it does not; reports/ always its own."""
        folder = folder.absolute()
        own = lambda name: folder / name if (folder / name).is_dir() else SHIPPED / name
        return cls(root=folder, reports=(reports or folder / "reports").absolute(),
                   data=(data or own("data")).absolute(), templates_dir=own("templates"), fonts_dir=own("fonts"))

    def entity_files(self) -> list[Path]:
        """The entities.yaml files, in the order they are read: the shipped list,
        then data/'s own, whose entities add to or replace the shipped ones by id
        (a project's data/ need not copy the shipped list to name qatar or nato)."""
        shipped, own = SHIPPED / "data" / "entities.yaml", self.data / "entities.yaml"
        if own.absolute() == shipped.absolute() or not shipped.is_file():
            return [own]
        return [shipped] + ([own] if own.is_file() else [])

    def borrowed(self) -> list[str]:
        """The folders taken from the shipped ones, for the user to know."""
        return [name for name, path in (("data", self.data), ("templates", self.templates), ("fonts", self.fonts))
                if not path.is_relative_to(self.root) and path.is_relative_to(SHIPPED)]

    def readable(self, path: Path, audience_folder: Path | tuple[Path, ...] | None = None) -> bool:
        """May a document read this file? Only templates/ (but not another
        audience's folder), the document's own audience folder(s: the project's
        and the shipped one) and fonts/, judged after resolving symlinks, in
        every template layer. Never data/: a template that could fetch a record
        could print what clearance removed."""
        path = path.resolve()
        if not path.is_file():
            return False
        if any(path.is_relative_to(d.resolve()) for d in (self.data, self.reports)):
            return False
        own = audience_folder if isinstance(audience_folder, tuple) else (audience_folder,) if audience_folder else ()
        if any(path.is_relative_to(folder.resolve()) for folder in own):
            return True
        if any(path.is_relative_to((layer / "audiences").resolve()) for layer in self.template_layers):
            return False
        return any(path.is_relative_to(layer.resolve()) for layer in self.template_layers) \
            or path.is_relative_to(self.fonts.resolve())

    def layered(self, path: Path) -> Path:
        """A file named under the project's templates/ that only the shipped
        layer has (a shipped audience's logo, URLs being relative to the
        project's templates/): that one. Any other path as it is."""
        first, *others = self.template_layers
        if path.is_file() or not others or not path.is_relative_to(first):
            return path
        relative = path.relative_to(first)
        if ".." in relative.parts:
            return path
        return next((layer / relative for layer in others if (layer / relative).is_file()), path)

    def local_path(self, url: str, audience_folder: Path | tuple[Path, ...] | None = None) -> Path | None:
        """The file a file: URL names, if a document may read it (see readable)."""
        parsed = urlparse(url)
        if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
            return None
        path = self.layered(Path(unquote(parsed.path)))
        return path.resolve() if self.readable(path, audience_folder) else None

    def output_path(self, relation: str, audience: str, doc: str, lang: str, variant: str = "") -> Path:
        """reports/<relation>/<audience>/<doc>.<lang>[.<variant>].pdf. Ids are
        validated as [a-z0-9-]; this checks again, as the last line of defence,
        that no name can place a file outside reports/."""
        path = self.reports / relation / audience / f"{doc}.{lang}{'.' + variant if variant else ''}.pdf"
        if not path.resolve().is_relative_to(self.reports.resolve()) or ".." in path.parts:
            raise ValueError(f"output path {path} would leave {self.reports}")
        return path

    def thumbnail_path(self, output: Path) -> Path:
        """reports/<relation>/<audience>/thumbnails/<doc>.<lang>.png for
        reports/<relation>/<audience>/<doc>.<lang>.pdf: inside the audience's
        folder, so publishing that folder publishes its thumbnails and no others."""
        return output.parent / "thumbnails" / output.with_suffix(".png").name


def find_project(option: Optional[Path]) -> Path:
    """The project folder: --project, else $BRIEFGEN_PROJECT, else the current
    folder when it holds data/ and templates/, else the shipped one."""
    if option is not None:
        return option
    if os.environ.get(PROJECT_VARIABLE):
        return Path(os.environ[PROJECT_VARIABLE])
    here = Path.cwd()
    if (here / "data").is_dir() and (here / "templates").is_dir():
        return here
    # In a checkout, the checkout; once installed, the current folder (reports/
    # there, everything else shipped), never the installed package itself.
    return SHIPPED if SHIPPED == ROOT else here
