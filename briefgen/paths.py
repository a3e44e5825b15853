"""Where the project's inputs and outputs live, and which files rendering may read."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Project:
    root: Path = ROOT
    reports: Path = ROOT / "reports"
    data: Path = ROOT / "data"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def fonts(self) -> Path:
        return self.root / "fonts"

    def readable(self, path: Path, audience_folder: Path | None = None) -> bool:
        """May a document read this file? Only templates/ (but not another
        audience's folder), the document's own audience folder and fonts/,
        judged after resolving symlinks. Never data/: a template that could
        fetch a record could print what clearance removed."""
        path = path.resolve()
        if not path.is_file():
            return False
        if any(path.is_relative_to(d.resolve()) for d in (self.data, self.reports)):
            return False
        templates, audiences = self.templates.resolve(), (self.templates / "audiences").resolve()
        if audience_folder is not None and path.is_relative_to(audience_folder.resolve()):
            return True
        if path.is_relative_to(audiences):
            return False
        return path.is_relative_to(templates) or path.is_relative_to(self.fonts.resolve())

    def local_path(self, url: str, audience_folder: Path | None = None) -> Path | None:
        """The file a file: URL names, if a document may read it (see readable)."""
        parsed = urlparse(url)
        if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parsed.path))
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
        """reports/thumbnails/<relation>/<audience>/<doc>.<lang>.png for reports/<...>.pdf."""
        return self.reports / "thumbnails" / output.relative_to(self.reports).with_suffix(".png")
